//! Doc comments from untrusted text.
//!
//! Each line becomes one `#[doc = "..."]` string literal (prettyplease prints them as `///`), so
//! nothing can end the comment early. The text is also neutralised for rustdoc: markdown that
//! would change meaning (code fences run as doctests, `[links]`, HTML tags) is escaped, bare URLs
//! are wrapped in `<...>`, and control, bidi and zero-width characters are dropped (rustc rejects
//! bidi characters in comments).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::is_invisible;

/// `#[doc]` attributes for lines of untrusted text (empty lines keep paragraph breaks).
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    lines
        .iter()
        .map(|line| trusted_doc(&sanitize(line)))
        .collect()
}

/// A `#[doc]` attribute for text the generator wrote itself (already escaped where it quotes
/// metadata).
pub fn trusted_doc(text: &str) -> TokenStream {
    let text = if text.is_empty() {
        String::new()
    } else {
        format!(" {text}")
    };
    quote!(#[doc = #text])
}

/// Untrusted description lines, a blank line, then one line of the generator's own text.
pub fn docs_with_note(lines: &[String], note: &str) -> TokenStream {
    let mut docs = doc_attrs(lines);
    if !lines.is_empty() {
        docs.extend(trusted_doc(""));
    }
    docs.extend(trusted_doc(note));
    docs
}

/// Escapes one line of description text for rustdoc.
pub fn sanitize(line: &str) -> String {
    let visible: String = line.chars().filter(|c| !is_invisible(*c)).collect();
    let text = visible.trim();
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        // A URL anywhere (also inside `href='...'`) becomes an autolink, so rustdoc neither
        // warns about a bare URL nor mangles it.
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '\'' | '"' | '<' | '>' | '`' | ')' | ']' | '|')
                })
                .unwrap_or(rest.len());
            out.push('<');
            out.push_str(&rest[..end]);
            out.push('>');
            rest = &rest[end..];
            continue;
        }
        if matches!(
            c,
            '\\' | '`' | '[' | ']' | '<' | '>' | '*' | '_' | '#' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_drops_invisible_characters() {
        assert_eq!(sanitize("The ID of the object"), "The ID of the object");
        assert_eq!(sanitize("```rust"), "\\`\\`\\`rust");
        assert_eq!(sanitize("see [Foo] <b>"), "see \\[Foo\\] \\<b\\>");
        assert_eq!(sanitize("go https://x.io/a now"), "go <https://x.io/a> now");
        assert_eq!(
            sanitize("<a href='https://youtu.be/x'>video</a>"),
            "\\<a href='<https://youtu.be/x>'\\>video\\</a\\>"
        );
        assert_eq!(sanitize("a\u{202e}b\u{7}c"), "abc");
        assert_eq!(sanitize("   indented code"), "indented code");
    }
}
