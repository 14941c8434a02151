//! Names and types from a document, made safe to show in a report.

/// A name or type in backticks, safe for terminals and Markdown whatever the metadata holds:
/// backticks would end the span, control characters could drive a terminal, and line separators
/// or bidi overrides could make a line read as something else.
pub(super) fn code(text: &str) -> String {
    format!("`{}`", plain(text).replace('`', "'"))
}

/// `text` with control, line-separator and bidi-override characters turned into spaces.
pub(super) fn plain(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2028}'
            | '\u{2029}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}
