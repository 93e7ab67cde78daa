//! Every bad input in tests/bad_inputs/ gives exactly the message in its `.expected` file and
//! exit code 2 (or 0 for warnings). Regenerate an expectation only after reading the new text:
//! `SITREP_BLESS=1 cargo test --test bad_inputs`.

use std::path::Path;
use std::process::Command;

fn validate(path: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["validate", path])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run sitrep");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout));
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn every_bad_input_gives_its_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x != "expected"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 14, "the corpus is whole");
    let bless = std::env::var_os("SITREP_BLESS").is_some();
    let mut failures = Vec::new();
    for input in inputs {
        let rel = format!("tests/bad_inputs/{}", input.file_name().unwrap().to_string_lossy());
        let before = std::fs::read(&input).unwrap();
        let (code, text) = validate(&rel);
        assert_eq!(std::fs::read(&input).unwrap(), before, "{rel} was modified");
        let got = format!("exit {code}\n{text}");
        let expected_path = input.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!("{rel}\n--- expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_directory_and_a_missing_file_are_refused() {
    let (code, text) = validate("tests");
    assert_eq!(code, 2);
    assert!(text.contains("tests: error: is a directory, not a file of events"), "{text}");
    let (code, text) = validate("tests/no-such-file.json");
    assert_eq!(code, 2);
    assert!(text.contains("tests/no-such-file.json: error: cannot be read:"), "{text}");
    assert!(text.contains("help: check the path"), "{text}");
}
