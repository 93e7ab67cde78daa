//! What can go wrong on the command line, and the exit codes.

use crate::load::Problem;
use crate::query::QueryError;

/// A failure that ends the command. Every kind is the user's input or environment, so the exit
/// code is 2; bugs panic (and the panic hook restores the terminal).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{}", render_problems(.0))]
    Input(Vec<Problem>),
    #[error("bad query:\n{}", .err.render(.text))]
    Query { err: QueryError, text: String },
    #[error("{0}")]
    Usage(String),
    #[error("{what}: {err}")]
    Io { what: String, err: std::io::Error },
    #[error("{0}\n  help: {hint}", hint = .0.hint())]
    Output(crate::export::WriteError),
}

fn render_problems(ps: &[Problem]) -> String {
    const MAX: usize = 20;
    let errors: Vec<&Problem> = ps.iter().filter(|p| p.is_error()).collect();
    let mut s: Vec<String> = errors.iter().take(MAX).map(|p| p.to_string()).collect();
    if errors.len() > MAX {
        s.push(format!("... and {} more problems ({} in all)", errors.len() - MAX, errors.len()));
    }
    // bad records can be left out; a duplicate id needs one of its events dropped by hand
    if errors.iter().any(|p| p.record.is_some() && !p.message.starts_with("duplicate id")) {
        s.push("sitrep: --skip-bad loads the other records and lists the ones it leaves out".into());
    }
    s.join("\n")
}

impl CliError {
    pub fn io(what: impl Into<String>, err: std::io::Error) -> CliError {
        CliError::Io { what: what.into(), err }
    }

    /// Whether this is the reader of our output going away (`sitrep query | head`).
    pub fn is_broken_pipe(&self) -> bool {
        let err = match self {
            CliError::Io { err, .. } => Some(err),
            CliError::Output(w) => w.io_error(),
            _ => None,
        };
        err.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl From<QueryError> for CliError {
    fn from(err: QueryError) -> CliError {
        CliError::Query { err, text: String::new() }
    }
}
