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
        let code = format(unit)?;
        if code.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&code);
    }
    Ok(out)
}

/// prettyplease puts top-level items on consecutive lines; a blank line between them reads better.
fn separate_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous_closed_item = false;
    for line in code.lines() {
        let starts_item = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
        if previous_closed_item && starts_item {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous_closed_item = line == "}"
            || (!line.starts_with([' ', '/', '#'])
                && (line.ends_with(';') || line.ends_with("{}")));
    }
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
    fn blank_lines_go_between_items_only() {
        let code = "/// doc;\nstruct A;\nimpl A {\n    fn f() {}\n}\nstruct B {\n    x: u8,\n}\nstruct C {}\nstruct D;\n";
        assert_eq!(
            separate_items(code),
            "/// doc;\nstruct A;\n\nimpl A {\n    fn f() {}\n}\n\nstruct B {\n    x: u8,\n}\n\nstruct C {}\n\nstruct D;\n"
        );
    }
}
