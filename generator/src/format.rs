//! Tokens → formatted Rust source (prettyplease: no rustfmt binary needed, deterministic).

use proc_macro2::TokenStream;

use crate::error::Error;

/// Formats generated tokens as a Rust source file.
pub fn format(tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|error| Error::Internal(format!("generated code does not parse: {error}")))?;
    Ok(separate_items(&prettyplease::unparse(&file)))
}

/// Formats a file given as independent top-level units (see `emit::emit_units`), one at a time,
/// so only one unit's syntax tree exists at once; the text is the same as formatting them
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

/// prettyplease puts top-level items on consecutive lines; a blank line between them reads better
/// (except between `use` lines). It also spreads every macro call over three lines; the runtime's
/// item macros (`string_enum!(...)`) that fit in one line are written in one.
fn separate_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous_closed_item = false;
    let mut previous_use = false;
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        let joined = join_macro_call(line, &mut lines);
        let line = joined.as_deref().unwrap_or(line);
        let starts_item = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
        let is_use = line.starts_with("use ");
        if previous_closed_item && starts_item && !(previous_use && is_use) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous_closed_item = line == "}"
            || (!line.starts_with([' ', '/', '#'])
                && (line.ends_with(';') || line.ends_with("{}")));
        previous_use = is_use && line.ends_with(';');
    }
    out
}

/// Prettyplease's widest line.
const MAX_WIDTH: usize = 100;

/// `path!(` + one line of arguments + `);` as one line, when it fits; `None` (and nothing consumed)
/// otherwise.
fn join_macro_call<'a>(
    line: &str,
    lines: &mut (impl Iterator<Item = &'a str> + Clone),
) -> Option<String> {
    if !line.ends_with("!(") || line.starts_with(' ') {
        return None;
    }
    let mut ahead = lines.clone();
    let arguments = ahead.next()?.trim();
    if ahead.next()? != ");" {
        return None;
    }
    let joined = format!("{line}{arguments});");
    if joined.len() > MAX_WIDTH {
        return None;
    }
    lines.next();
    lines.next();
    Some(joined)
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
    fn blank_lines_go_between_items_only() {
        let code = "/// doc;\nstruct A;\nimpl A {\n    fn f() {}\n}\nstruct B {\n    x: u8,\n}\nstruct C {}\nstruct D;\n";
        assert_eq!(
            separate_items(code),
            "/// doc;\nstruct A;\n\nimpl A {\n    fn f() {}\n}\n\nstruct B {\n    x: u8,\n}\n\nstruct C {}\n\nstruct D;\n"
        );
    }
}
