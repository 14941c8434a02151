//! Tokens → formatted Rust source (prettyplease: no rustfmt binary needed, deterministic).

use proc_macro2::TokenStream;

use crate::error::Error;

/// Formats generated tokens as a Rust source file.
pub fn format(tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|error| Error::Internal(format!("generated code does not parse: {error}")))?;
    Ok(separate_items(&prettyplease::unparse(&file)))
}

/// Formats a file given as independent top-level units (see `emit::Emitter::units`), one at a
/// time, so only one unit's syntax tree exists at once; the text is the same as formatting them
/// together.
pub fn format_units(units: impl IntoIterator<Item = TokenStream>) -> Result<String, Error> {
    let mut out = String::new();
    for unit in units {
        append_unit(&mut out, &format(unit)?);
    }
    Ok(out)
}

/// Appends formatted code to a file's text, a blank line between (nothing for empty code).
pub fn append_unit(out: &mut String, code: &str) {
    if code.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(code);
}

/// prettyplease puts the items of a file (and of each `pub mod`) on consecutive lines; a blank
/// line between them reads better (except between `use` lines). It also spreads every macro call
/// over three lines; the runtime's item macros (`string_enum!(...)`) that fit in one line are
/// written in one.
fn separate_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    // The indentation of the items of each open `pub mod`, innermost last.
    let mut modules: Vec<String> = Vec::new();
    let mut previous_closed_item = false;
    let mut previous_use = false;
    let mut in_use = false;
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        let indent = modules.last().map_or("", String::as_str);
        let joined = join_macro_call(line, indent, &mut lines);
        let line = joined.as_deref().unwrap_or(line);
        // A module's closing brace ends the module's items, and is itself the end of an item.
        if let Some(outer) = indent.strip_suffix("    ")
            && line.strip_prefix(outer) == Some("}")
        {
            modules.pop();
            out.push_str(line);
            out.push('\n');
            previous_closed_item = true;
            previous_use = false;
            continue;
        }
        let Some(text) = line.strip_prefix(indent) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let starts_item = !text.is_empty() && !text.starts_with([' ', '}', ')', ']']);
        let is_use = text.starts_with("use ") || text.starts_with("#[allow(unused_imports)]");
        if previous_closed_item && starts_item && !(previous_use && is_use) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        if text.starts_with("pub mod ") && text.ends_with(" {") {
            modules.push(format!("{indent}    "));
            previous_closed_item = false;
            continue;
        }
        previous_closed_item = text == "}"
            || (!text.starts_with([' ', '/', '#'])
                && (text.ends_with(';') || text.ends_with("{}")));
        // A `use` item ends at its `;`, several lines down for a long list of names.
        if text.starts_with("use ") {
            in_use = !text.ends_with(';');
            previous_use = !in_use;
        } else if in_use {
            in_use = text != "};";
            previous_use = !in_use;
        } else if !text.starts_with("#[allow(unused_imports)]") {
            previous_use = false;
        }
    }
    out
}

/// Prettyplease's widest line.
const MAX_WIDTH: usize = 100;

/// A runtime item macro call as prettyplease spreads it (`path!(`, its arguments on one or more
/// lines, `);`), written as one line when it fits, else with its members filled into lines that
/// break only between members:
///
/// ```text
/// ::servicestack_runtime::string_enum!(Color {
///     Red as "red", DarkBlue as "dark-blue", Unknown as "unknown",
///     UnknownValue as "unknown-value",
/// } else UnknownValue2);
/// ```
///
/// `None` (and nothing consumed) for anything else.
fn join_macro_call<'a>(
    line: &str,
    indent: &str,
    lines: &mut (impl Iterator<Item = &'a str> + Clone),
) -> Option<String> {
    let text = line.strip_prefix(indent)?;
    if !text.ends_with("!(") || text.starts_with(' ') {
        return None;
    }
    let mut ahead = lines.clone();
    let mut arguments: Vec<&str> = Vec::new();
    loop {
        let next = ahead.next()?;
        if next.strip_prefix(indent) == Some(");") {
            break;
        }
        arguments.push(next.trim());
    }
    let consumed = arguments.len() + 1;
    let arguments = arguments.join(" ");
    let joined = format!("{line}{arguments});");
    let laid_out = if joined.len() <= MAX_WIDTH {
        joined
    } else {
        fill_members(line, indent, &arguments)?
    };
    for _ in 0..consumed {
        lines.next();
    }
    Some(laid_out)
}

/// `Name { a, b, ... } rest` as `line` + `Name {`, the members filled into lines of at most
/// [`MAX_WIDTH`], and `} rest);`. `None` when the arguments have no such braces.
fn fill_members(line: &str, indent: &str, arguments: &str) -> Option<String> {
    let open = arguments.find('{')?;
    let close = arguments.rfind('}')?;
    if close < open {
        return None;
    }
    let (name, members, rest) = (
        arguments[..open].trim_end(),
        &arguments[open + 1..close],
        arguments[close + 1..].trim(),
    );
    let member_indent = format!("{indent}    ");
    let mut out = format!("{line}{name} {{\n");
    let mut current = String::new();
    for member in split_members(members) {
        let member = format!("{member},");
        if !current.is_empty() && member_indent.len() + current.len() + 1 + member.len() > MAX_WIDTH
        {
            out.push_str(&format!("{member_indent}{current}\n"));
            current.clear();
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&member);
    }
    if !current.is_empty() {
        out.push_str(&format!("{member_indent}{current}\n"));
    }
    let rest = if rest.is_empty() {
        String::new()
    } else {
        format!(" {rest}")
    };
    out.push_str(&format!("{indent}}}{rest});"));
    Some(out)
}

/// The comma-separated members, commas inside string literals left alone.
fn split_members(members: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (index, ch) in members.char_indices() {
        match ch {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(members[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    out.push(members[start..].trim());
    out.retain(|member| !member.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_format_like_one_file() {
        let units = [
            quote::quote!(struct A; impl A { fn f() {} }),
            quote::quote!(
                pub mod m {
                    pub struct B {
                        x: u8,
                    }
                    pub struct C;
                }
            ),
            quote::quote!(),
            quote::quote!(
                enum E {}
            ),
        ];
        let whole = format(units.iter().cloned().collect()).unwrap();
        assert_eq!(format_units(units).unwrap(), whole);
    }

    #[test]
    fn items_of_modules_are_separated_too_and_use_lines_stay_together() {
        let code = "use ::a::{\n    B, C,\n};\nuse ::d::E;\nstruct A;\npub mod m {\n    use ::a::B;\n    #[allow(unused_imports)]\n    use ::d::E;\n    struct B {\n        x: u8,\n    }\n    m!(\n        B { X }\n    );\n    struct C;\n}\nstruct D;\n";
        assert_eq!(
            separate_items(code),
            "use ::a::{\n    B, C,\n};\nuse ::d::E;\n\nstruct A;\n\npub mod m {\n    use ::a::B;\n    #[allow(unused_imports)]\n    use ::d::E;\n\n    struct B {\n        x: u8,\n    }\n\n    m!(B { X });\n\n    struct C;\n}\n\nstruct D;\n"
        );
    }

    #[test]
    fn long_macro_calls_break_between_members() {
        let code = "m!(\n    Color { Red as \"red, or not\", DarkBlue as \"dark-blue\", Unknown as \"unknown\", UnknownValue\n    as \"unknown-value\" } else UnknownValue2\n);\nstruct A;\n";
        assert_eq!(
            separate_items(code),
            "m!(Color {\n    Red as \"red, or not\", DarkBlue as \"dark-blue\", Unknown as \"unknown\",\n    UnknownValue as \"unknown-value\",\n} else UnknownValue2);\n\nstruct A;\n"
        );
    }

    #[test]
    fn blank_lines_go_between_items_only() {
        let code = "/// doc;\nstruct A;\nimpl A {\n    fn f() {}\n}\nstruct B {\n    x: u8,\n}\nstruct C {}\nstruct D;\n";
        assert_eq!(
            separate_items(code),
            "/// doc;\nstruct A;\n\nimpl A {\n    fn f() {}\n}\n\nstruct B {\n    x: u8,\n}\n\nstruct C {}\n\nstruct D;\n"
        );
    }
}
