//! Nothing from the metadata may become code: names become sanitized identifiers, texts become
//! string literals or escaped doc lines. Parses the output of the hostile fixture and checks
//! that it holds exactly the items the generator writes: its types, their impls, `use` lines of
//! std, serde and runtime paths, and the runtime's item macros (`string_enum!`, `flags!`, ...)
//! with nothing but names and literals in them; no function and no other macro call.

mod support;

use servicestack_codegen::Generator;
use syn::visit::Visit;

use support::lint;

#[derive(Default)]
struct Inventory {
    functions: Vec<String>,
    /// Macro calls other than the runtime's item macros, and those with unexpected input.
    macros: Vec<String>,
    /// The runtime's item macros: `string_enum EvilEnum`.
    runtime_macros: Vec<String>,
    items: Vec<String>,
    doc_lines: Vec<String>,
}

impl<'ast> Visit<'ast> for Inventory {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let kind = match item {
            syn::Item::Struct(item) => format!("struct {}", item.ident),
            syn::Item::Enum(item) => format!("enum {}", item.ident),
            syn::Item::Impl(_) => "impl".to_owned(),
            syn::Item::Use(item) => match lint::check_use(item) {
                Ok(()) => "use".to_owned(),
                Err(message) => format!("unexpected {message}"),
            },
            // Checked here, not visited: any other macro call is recorded by `visit_macro`.
            syn::Item::Macro(item) => {
                match lint::check_item_macro(item) {
                    Ok((name, subject)) => self.runtime_macros.push(format!("{name} {subject}")),
                    Err(message) => self.macros.push(message),
                }
                for attribute in &item.attrs {
                    self.visit_attribute(attribute);
                }
                return;
            }
            other => format!(
                "unexpected item {}",
                quote::ToTokens::to_token_stream(other)
            ),
        };
        self.items.push(kind);
        syn::visit::visit_item(self, item);
    }
    fn visit_impl_item_fn(&mut self, function: &'ast syn::ImplItemFn) {
        self.functions.push(function.sig.ident.to_string());
        syn::visit::visit_impl_item_fn(self, function);
    }
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.macros
            .push(quote::ToTokens::to_token_stream(mac).to_string());
    }
    fn visit_attribute(&mut self, attribute: &'ast syn::Attribute) {
        if let syn::Meta::NameValue(doc) = &attribute.meta
            && doc.path.is_ident("doc")
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &doc.value
        {
            self.doc_lines.push(text.value());
        }
    }
}

#[test]
fn hostile_metadata_injects_nothing() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/hostile.metadata.json");
    let json = std::fs::read_to_string(path).unwrap();
    let generated = Generator::default()
        .generate_str(&json, "fixtures/hostile.metadata.json")
        .unwrap();
    let file = syn::parse_file(&generated.code).expect("the output parses as Rust");
    let mut inventory = Inventory::default();
    inventory.visit_file(&file);

    assert!(
        inventory.macros.is_empty(),
        "macro calls in the output: {:?}",
        inventory.macros
    );
    // Enums, flags and setters are implemented by the runtime's macros and derives: the file
    // holds no function at all.
    assert!(
        inventory.functions.is_empty(),
        "functions in the output: {:?}",
        inventory.functions
    );
    assert_eq!(
        inventory.runtime_macros,
        ["string_enum EvilEnum", "flags EvilFlags"],
        "one runtime macro call per enum, for a type of the document"
    );
    assert!(
        !inventory
            .items
            .iter()
            .any(|item| item.starts_with("unexpected")),
        "{:?}",
        inventory.items
    );
    let types: Vec<&String> = inventory
        .items
        .iter()
        .filter(|item| item != &"impl" && item != &"use")
        .collect();
    assert_eq!(
        types,
        [
            "enum EvilEnum",
            "struct EvilFlags",
            "struct EvilFnInjected",
            "struct EvilRequest"
        ],
        "exactly the four types of the document"
    );
    for line in &inventory.doc_lines {
        assert!(
            !line.contains('\n') && !line.contains('\u{202e}') && !line.contains('\0'),
            "{line:?}"
        );
        assert!(
            !line.contains("```"),
            "an unescaped code fence would run as a doctest: {line:?}"
        );
        assert!(
            !line.starts_with("    "),
            "an indented line would be a code block: {line:?}"
        );
    }
    // The header comment is plain ASCII `//` lines.
    let header: Vec<&str> = generated
        .code
        .lines()
        .take_while(|line| !line.is_empty())
        .collect();
    assert!(
        header
            .iter()
            .all(|line| line.starts_with("//") && line.is_ascii()),
        "{header:?}"
    );
}
