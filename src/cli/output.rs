//! Where the command line's words go. Standard output and standard error may be a terminal, a
//! closed pipe (`sitrep validate FILE | true`), a full disk or a closed descriptor: none of these
//! may end the process with a panic, and text from the data reaches a terminal only inert.

use crate::text::{InertWriter, inert_lines};
use std::io::{BufWriter, IsTerminal, Write};

/// Standard output, buffered; cleaned by [`InertWriter`] when it is a terminal, so that an
/// escape sequence in the data cannot act on it, and byte for byte when it is a file or a pipe.
pub fn stdout() -> Box<dyn Write> {
    let out = std::io::stdout();
    if out.is_terminal() {
        Box::new(BufWriter::with_capacity(1 << 16, InertWriter::new(out.lock())))
    } else {
        Box::new(BufWriter::with_capacity(1 << 16, out.lock()))
    }
}

/// Writes a message (and a newline) to standard error, inert: messages quote file names and
/// values from the data. A standard error that cannot be written loses the message and
/// nothing else.
pub fn say(message: impl std::fmt::Display) {
    let text = message.to_string();
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(inert_lines(&text).as_bytes()).and_then(|()| err.write_all(b"\n"));
}

/// Standard output for short reports (`validate`): a reader that goes away (a closed pipe)
/// stops the printing but not the work, whose exit code still tells the outcome.
pub struct Report {
    out: Box<dyn Write>,
    gone: bool,
}

impl Report {
    pub fn new() -> Report {
        Report { out: stdout(), gone: false }
    }

    /// Prints one line; an error other than a closed pipe (a full disk) is returned.
    pub fn line(&mut self, text: impl std::fmt::Display) -> std::io::Result<()> {
        if self.gone {
            return Ok(());
        }
        let written = writeln!(self.out, "{text}").and_then(|()| self.out.flush());
        self.settle(written)
    }

    fn settle(&mut self, r: std::io::Result<()>) -> std::io::Result<()> {
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(())
            }
            other => other,
        }
    }
}
