//! The one error type of the wire parsers.

use std::borrow::Cow;

/// How much of the offending input an error keeps: enough to recognise it in a log, while a
/// multi-megabyte garbage string does not end up in every error message.
const MAX_INPUT_CHARS: usize = 60;

/// A wire value that could not be read (or converted): which type, the offending input and why.
///
/// Displays as e.g. ``invalid TimeSpan `P1Y`: years have no fixed length``. The serde
/// implementations of the wire types report it through `serde::de::Error::custom`, so the same
/// text appears inside `serde_json` errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {type_name} `{}`: {reason}", .input.escape_debug())]
pub struct WireParseError {
    type_name: &'static str,
    input: String,
    reason: Cow<'static, str>,
}

impl WireParseError {
    /// `input` is cut to its first 60 characters (an ellipsis marks the cut).
    pub(crate) fn new(
        type_name: &'static str,
        input: &str,
        reason: impl Into<Cow<'static, str>>,
    ) -> Self {
        let input = match input.char_indices().nth(MAX_INPUT_CHARS) {
            Some((cut, _)) => format!("{}…", input.get(..cut).unwrap_or(input)),
            None => input.to_owned(),
        };
        Self {
            type_name,
            input,
            reason: reason.into(),
        }
    }

    /// The wire type that was being read, e.g. `"TimeSpan"`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The offending input, cut to its first 60 characters.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Why the input was rejected.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_type_input_and_reason() {
        let err = WireParseError::new("TimeSpan", "P1Y", "years have no fixed length");
        assert_eq!(
            err.to_string(),
            "invalid TimeSpan `P1Y`: years have no fixed length"
        );
        assert_eq!(
            (err.type_name(), err.input(), err.reason()),
            ("TimeSpan", "P1Y", "years have no fixed length")
        );
    }

    #[test]
    fn long_input_is_cut_on_a_char_boundary() {
        let long = "é".repeat(100);
        let err = WireParseError::new("Guid", &long, "too long");
        assert_eq!(err.input(), format!("{}…", "é".repeat(60)));
    }

    #[test]
    fn control_characters_are_escaped_in_the_message() {
        let err = WireParseError::new("Guid", "a\nb", "bad");
        assert_eq!(err.to_string(), "invalid Guid `a\\nb`: bad");
    }
}
