//! Errors and warnings. Every message says what went wrong, where (a JSON path or a
//! `Type.Property` name) and, where it helps, what to do about it.

use std::fmt;
use std::path::PathBuf;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is not JSON.
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The input is JSON but not a metadata document of the expected shape.
    #[error("unexpected metadata shape at `{path}`: {message}")]
    Shape {
        /// JSON path of the offending value, e.g. `$.types[3].properties`.
        path: String,
        /// What was expected and found.
        message: String,
    },
    /// A type or property cannot be turned into Rust.
    #[error("invalid metadata in `{location}`: {message}")]
    Invalid {
        /// `Type` or `Type.Property` (with the JSON path where known).
        location: String,
        /// Why.
        message: String,
    },
    /// The metadata could not be read from its source.
    #[error("cannot read metadata from {source_name}: {message}")]
    Source {
        /// The path or URL.
        source_name: String,
        /// Why.
        message: String,
    },
    /// The output file could not be written; nothing was changed.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The output path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An option has an invalid value.
    #[error("invalid option {option}: {message}")]
    Option {
        /// The option, as spelled on the command line.
        option: String,
        /// Why.
        message: String,
    },
    /// The generator produced code it cannot parse back: a bug in the generator.
    #[error("internal error (please report it with the metadata document): {0}")]
    Internal(String),
}

/// Something generation worked around; printed on stderr by the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `Type` or `Type.Property` the warning is about.
    pub location: String,
    /// What happened and what the generated code does instead.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("warning: {}: {}", self.location, self.message);
        f.write_str(&terminal_safe(&text))
    }
}

/// `text` with every control character but the newline escaped (`\u{1b}`): names in messages
/// come from untrusted metadata, and an escape sequence printed raw would run in the user's
/// terminal (clear it, retitle it, write links).
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(terminal_safe("a\u{1b}[2J\tb\nc é"), "a\\u{1b}[2J\\tb\nc é");
        let warning = Warning {
            location: "A.B\u{7}".into(),
            message: "m\r".into(),
        };
        assert_eq!(warning.to_string(), "warning: A.B\\u{7}: m\\r");
    }
}
