//! Tokens → formatted Rust source (prettyplease: no rustfmt binary needed, deterministic).

use proc_macro2::TokenStream;

use crate::error::Error;

/// Formats generated tokens as a Rust source file.
pub fn format(tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|error| Error::Internal(format!("generated code does not parse: {error}")))?;
    Ok(separate_items(&prettyplease::unparse(&file)))
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
        previous_closed_item =
            line == "}" || (line.ends_with(';') && !line.starts_with([' ', '/', '#']));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_go_between_items_only() {
        let code = "/// doc;\nstruct A;\nimpl A {\n    fn f() {}\n}\nstruct B {\n    x: u8,\n}\n";
        assert_eq!(
            separate_items(code),
            "/// doc;\nstruct A;\n\nimpl A {\n    fn f() {}\n}\n\nstruct B {\n    x: u8,\n}\n"
        );
    }
}
