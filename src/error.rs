//! The one error type of the library. Every error ends the run with exit code 2 (usage, I/O or
//! unreadable input); findings are not errors and never travel through this type.

use std::fmt;

/// A failure that stops a command: what went wrong, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// One line naming the file (and sheet, row, column where known) and the problem.
    pub message: String,
    /// What the user can do about it, if we know.
    pub hint: Option<String>,
    /// The input file it is about (its 来源文件 name), so reports can point at the file.
    pub file: Option<String>,
}

/// Result with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error without a hint.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            hint: None,
            file: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// Says which input file the error is about.
    pub fn about(mut self, file: impl Into<String>) -> Error {
        self.file = Some(file.into());
        self
    }

    /// The process exit code for this error.
    pub fn code(&self) -> i32 {
        2
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
