//! Doc comments from untrusted text.
//!
//! Each line becomes one `#[doc = "..."]` string literal (prettyplease prints them as `///`), so
//! nothing can end the comment early. Descriptions are made readable Markdown for rustdoc and
//! IDEs: the HTML servers put in them becomes Markdown (links, emphasis, code, line breaks and
//! list items) or plain text, entities are decoded, and markup is escaped only where Markdown
//! would read it (code fences would run as doctests, `[links]`, raw HTML, emphasis markers at
//! word edges); bare URLs are wrapped in `<...>`; control, bidi and zero-width characters are
//! dropped (rustc rejects bidi characters in comments).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::is_invisible;

/// `#[doc]` attributes for lines of untrusted description text (empty lines keep paragraph
/// breaks; HTML line breaks and paragraphs make new lines).
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    markdown_lines(&lines.join("\n"))
        .iter()
        .map(|line| trusted_doc(line))
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

/// Escapes one line of plain text (a name, a route, a value) for rustdoc.
pub fn sanitize(line: &str) -> String {
    let visible: String = line
        .chars()
        .filter(|c| !is_invisible(*c) && !c.is_control())
        .collect();
    escape(visible.trim())
}

/// A .NET type name as a reader expects it: ``Ns.QueryDb`1`` becomes `` `Ns.QueryDb<T>` `` (with
/// the type's own parameter names when they are known; a code span, so that rustdoc shows the
/// angle brackets without escapes), other names escaped for rustdoc.
pub fn type_name(dotnet_name: &str, params: &[String]) -> String {
    let readable = match dotnet_name.rsplit_once('`') {
        Some((base, arity)) if arity.parse::<usize>().is_ok_and(|arity| arity > 0) => {
            let arity: usize = arity.parse().unwrap_or_default();
            let names: Vec<String> = if params.len() == arity {
                params.to_vec()
            } else if arity == 1 {
                vec!["T".to_owned()]
            } else {
                (1..=arity).map(|index| format!("T{index}")).collect()
            };
            format!("{base}<{}>", names.join(", "))
        }
        _ => return sanitize(dotnet_name),
    };
    let visible: String = readable
        .chars()
        .filter(|c| !is_invisible(*c) && !c.is_control())
        .collect();
    if visible.contains('`') {
        sanitize(&readable)
    } else {
        format!("`{}`", visible.trim())
    }
}

/// Description text as Markdown lines.
fn markdown_lines(text: &str) -> Vec<String> {
    let visible: String = text
        .chars()
        .filter(|c| *c == '\n' || (!is_invisible(*c) && !c.is_control()))
        .collect();
    let rendered = render_html(&visible);
    let mut lines: Vec<String> = rendered
        .split('\n')
        .map(|line| line.trim().to_owned())
        .collect();
    // No runs of blank lines, none at the ends.
    lines.dedup_by(|next, previous| next.is_empty() && previous.is_empty());
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Converts the HTML tags descriptions use to Markdown and escapes the text between them.
fn render_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    // The link being written: its URL, and where its text starts in `out`.
    let mut link: Option<(String, usize)> = None;
    while !rest.is_empty() {
        if let Some((tag, after)) = parse_tag(rest) {
            rest = after;
            match (tag.name.as_str(), tag.closing) {
                ("br", _) => out.push('\n'),
                ("p" | "div" | "ul" | "ol" | "table" | "tr", _) => out.push_str("\n\n"),
                ("li", false) => out.push_str("\n- "),
                ("b" | "strong", _) => out.push_str("**"),
                ("i" | "em", _) => out.push('*'),
                ("code", _) => out.push('`'),
                ("a", false) => {
                    link = tag
                        .href
                        .filter(|href| href.starts_with("http://") || href.starts_with("https://"))
                        .map(|href| (href, out.len()));
                }
                ("a", true) => {
                    if let Some((href, start)) = link.take() {
                        let label = out.split_off(start);
                        let href = href
                            .replace(' ', "%20")
                            .replace('(', "%28")
                            .replace(')', "%29");
                        if label.trim().is_empty() {
                            out.push('<');
                            out.push_str(&href);
                            out.push('>');
                        } else {
                            out.push_str(&format!("[{}]({href})", label.trim()));
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        // At least the first character is text (it may be a `<` that starts no tag).
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next_tag = rest[first..].find('<').map_or(rest.len(), |at| at + first);
        let (chunk, after) = rest.split_at(next_tag);
        out.push_str(&escape(&decode_entities(chunk)));
        rest = after;
    }
    out
}

/// An HTML tag at the start of `text`.
struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
}

fn parse_tag(text: &str) -> Option<(Tag, &str)> {
    let inner = text.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    if !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = inner.find('>')?;
    let body = &inner[..end];
    if body.contains('<') {
        return None;
    }
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let href = attribute(body, "href").map(|value| decode_entities(&value));
    Some((
        Tag {
            name,
            closing,
            href,
        },
        &inner[end + 1..],
    ))
}

/// The value of `name="..."` or `name='...'` in a tag's text.
fn attribute(body: &str, name: &str) -> Option<String> {
    let lower = body.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let value = &body[at..];
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    Some(value[..value.find(quote)?].to_owned())
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|end| *end <= 10);
        let decoded = end.and_then(|end| match &rest[1..end] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            entity => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|n| n.parse().ok()))
                .and_then(char::from_u32)
                .filter(|c| !c.is_control() && !is_invisible(*c)),
        });
        match (decoded, end) {
            (Some(c), Some(end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes what Markdown would read as markup, and nothing else.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        let rest: String = chars[index..].iter().take(9).collect();
        // A URL anywhere becomes an autolink, so rustdoc neither warns about a bare URL nor
        // mangles it.
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = chars[index..]
                .iter()
                .position(|c| {
                    c.is_whitespace() || matches!(c, '\'' | '"' | '<' | '>' | '`' | ')' | ']' | '|')
                })
                .map_or(chars.len(), |end| index + end);
            out.push('<');
            out.extend(&chars[index..end]);
            out.push('>');
            index = end;
            continue;
        }
        let previous = index.checked_sub(1).map(|at| chars[at]);
        let next = chars.get(index + 1).copied();
        let at_line_start = out.is_empty() || out.ends_with('\n');
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let needs = match c {
            '`' | '[' | ']' | '<' => true,
            '\\' => next.is_some_and(|next| next.is_ascii_punctuation()),
            // Emphasis needs a marker at a word's edge; `a*b` and `snake_case` read as they are.
            '*' | '_' => {
                let inside_word = word(previous) && word(next);
                let spaced = previous == Some(' ') && next == Some(' ');
                !(inside_word || spaced)
            }
            '~' => next == Some('~') || previous == Some('~'),
            '#' | '>' | '+' | '-' | '=' | '|' => at_line_start,
            '&' => {
                let entity: String = chars[index + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
                    .collect();
                !entity.is_empty() && chars.get(index + 1 + entity.len()) == Some(&';')
            }
            _ => false,
        };
        if needs {
            out.push('\\');
        }
        out.push(c);
        index += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markdown(text: &str) -> Vec<String> {
        markdown_lines(text)
    }

    #[test]
    fn escapes_only_what_markdown_reads() {
        assert_eq!(sanitize("The ID of the object"), "The ID of the object");
        assert_eq!(sanitize("```rust"), "\\`\\`\\`rust");
        assert_eq!(sanitize("see [Foo] <b>"), "see \\[Foo\\] \\<b>");
        assert_eq!(sanitize("go https://x.io/a now"), "go <https://x.io/a> now");
        assert_eq!(
            sanitize("snake_case and a*b stay; 2 * 3 too"),
            "snake_case and a*b stay; 2 * 3 too"
        );
        assert_eq!(
            sanitize("_emphasis_ and *this*"),
            "\\_emphasis\\_ and \\*this\\*"
        );
        assert_eq!(
            sanitize("# not a heading, C# is fine"),
            "\\# not a heading, C# is fine"
        );
        assert_eq!(sanitize("Q&A &amp; more"), "Q&A \\&amp; more");
        assert_eq!(sanitize("a\u{202e}b\u{7}c"), "abc");
        assert_eq!(sanitize("   indented code"), "indented code");
        assert_eq!(sanitize("C:\\path and \\*"), "C:\\path and \\\\\\*");
    }

    #[test]
    fn html_becomes_markdown() {
        assert_eq!(
            markdown(
                "Find out how to quickly create a <a class='svg-external' target='_blank' \
                 href='https://youtu.be/rSFiikDjGos'>C# Bookings App from Scratch</a>"
            ),
            [
                "Find out how to quickly create a [C# Bookings App from Scratch](https://youtu.be/rSFiikDjGos)"
            ]
        );
        assert_eq!(
            markdown(
                "<p>One <b>bold</b> and <em>soft</em> <code>x &lt; y</code></p><p>Two<br/>lines</p>"
            ),
            ["One **bold** and *soft* `x \\< y`", "", "Two", "lines"]
        );
        assert_eq!(
            markdown("<ul><li>a</li><li>b &amp; c</li></ul>"),
            ["- a", "- b & c"]
        );
        // Scripts and unknown tags leave only their text; a javascript: link is text.
        assert_eq!(
            markdown("<script>alert(1)</script><a href='javascript:x()'>click</a>"),
            ["alert(1)click"]
        );
        // Not a tag: kept and escaped.
        assert_eq!(markdown("a < b > c"), ["a \\< b > c"]);
        assert_eq!(markdown("𝕏<b>y</b>"), ["𝕏**y**"]);
        assert_eq!(
            markdown("line one\n\n\nline two"),
            ["line one", "", "line two"]
        );
    }

    #[test]
    fn generic_names_read_as_rust_does() {
        assert_eq!(type_name("Ns.QueryDb`1", &[]), "`Ns.QueryDb<T>`");
        assert_eq!(
            type_name("Ns.Pair`2", &["TKey".into(), "TValue".into()]),
            "`Ns.Pair<TKey, TValue>`"
        );
        assert_eq!(type_name("Ns.Marker`2", &[]), "`Ns.Marker<T1, T2>`");
        assert_eq!(type_name("Ns.Plain", &[]), "Ns.Plain");
        assert_eq!(type_name("Ns.Odd`x", &[]), "Ns.Odd\\`x");
    }
}
