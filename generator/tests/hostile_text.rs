//! Hostile text, end to end: every slot of a document (type, property, enum, route, role,
//! namespace, parameter names, descriptions, options, the source label) filled with text crafted
//! to leave an identifier, a string literal, a doc comment or an attribute: the output parses,
//! keeps the structure the same harmless document has, and holds nothing injected, or generation
//! is refused with a user error. Also the self-test of the lint (`support/lint.rs`) these checks
//! rely on.
//!
//! Complements `hostile_fixture.rs` (the hostile fixture's inventory). The other hostile-input tests:
//! `bad_documents.rs`, `url_sources.rs` and `fuzz_findings.rs`.

mod support;

use std::path::Path;

use serde_json::{Value, json};
use servicestack_codegen::{Config, Error, Generator};
use support::lint;

/// Text crafted to leave an identifier, a string literal, a doc comment or an attribute, plus
/// Unicode that renders deceptively or has no case, and names Rust or the output already uses.
const PAYLOADS: &[&str] = &[
    "\"",
    "\"; fn injected() {} //",
    "\"); compile_error!(\"x\"); (\"",
    "*/",
    "/*",
    "*/ fn injected() {} /*",
    "\n",
    "a\nfn injected() {}\n",
    "\r\n#[cfg(any())]",
    "#[",
    "#![deny(warnings)]",
    "#[doc = include_str!(\"/etc/passwd\")]",
    "compile_error!(\"boom\");",
    "}",
    "{",
    "}; fn injected() {",
    "\u{202e}",
    "\u{2066}x\u{2069}",
    "a\u{200b}b",
    "\u{feff}",
    "\u{0}",
    "\u{2028}",
    "\u{85}",
    "\t",
    " ",
    "123",
    "9lives",
    "r#type",
    "r#\"",
    "\"#",
    "'",
    "\\",
    "\\\"",
    "```",
    "    indented",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "https://x.io/a>b`c",
    "{0}%s${x}",
    "emoji😀",
    "𝕏",
    "İ",
    "ﬀ",
    "ß",
    "e\u{301}",
    "self",
    "Self",
    "super",
    "crate",
    "_",
    "__",
    "type",
    "gen",
    "Result",
    "Option",
    "None",
    "Some",
    "Default",
    "Box",
    "String",
    "serde",
    "std",
    "UnknownValue",
    "MEMBERS",
    "OPERATION_NAME",
];

/// A small document touching every feature; every slot below puts a payload into it.
fn base_document() -> Value {
    json!({
        "namespaces": ["App"],
        "types": [
            { "name": "Poco", "namespace": "App", "description": "A poco.", "notes": "Notes.",
              "properties": [
                { "name": "Name", "type": "String", "namespace": "System", "description": "The name.",
                  "dataMember": { "name": "name" } },
                { "name": "Kind", "type": "Kind", "namespace": "App", "isValueType": true, "isEnum": true },
                { "name": "Access", "type": "Access", "namespace": "App", "isValueType": true, "isEnum": true },
                { "name": "Boxed", "type": "Wrapper`1", "namespace": "App", "genericArgs": ["Int32"] }
              ] },
            { "name": "Kind", "namespace": "App", "isEnum": true, "enumNames": ["First", "Second"],
              "enumMemberValues": ["first", "second"], "enumDescriptions": ["One.", "Two."] },
            { "name": "Access", "namespace": "App", "isEnum": true, "isEnumInt": true,
              "attributes": [{ "name": "Flags" }], "enumNames": ["None", "Read"], "enumValues": ["0", "1"],
              "enumDescriptions": [null, "May read."] },
            { "name": "Wrapper`1", "namespace": "App", "genericArgs": ["T"],
              "properties": [ { "name": "Item", "type": "T" } ] }
        ],
        "operations": [
            { "request": { "name": "GetPoco", "namespace": "App", "description": "Gets a poco.",
                "properties": [ { "name": "Id", "type": "Int32", "namespace": "System", "isValueType": true } ] },
              "returnType": { "name": "Poco", "namespace": "App" }, "method": "GET",
              "routes": [ { "path": "/pocos/{Id}", "verbs": "GET" } ],
              "requiresAuth": true, "requiredRoles": ["Admin"], "requiresAnyRole": ["A"],
              "requiredPermissions": ["read"], "requiresAnyPermission": ["x"], "tags": ["pocos"] }
        ]
    })
}

/// Where a payload goes.
#[derive(Debug, Clone, Copy)]
enum Slot {
    TypeName,
    Namespace,
    TypeDescription,
    TypeNotes,
    PropertyName,
    WireName,
    PropertyDescription,
    EnumMemberName,
    EnumMemberValue,
    EnumDescription,
    FlagName,
    FlagDescription,
    GenericParameter,
    RequestName,
    RequestDescription,
    RoutePath,
    RouteVerbs,
    Method,
    Role,
    Permission,
    Tag,
    ReturnTypeName,
}

const SLOTS: &[Slot] = &[
    Slot::TypeName,
    Slot::Namespace,
    Slot::TypeDescription,
    Slot::TypeNotes,
    Slot::PropertyName,
    Slot::WireName,
    Slot::PropertyDescription,
    Slot::EnumMemberName,
    Slot::EnumMemberValue,
    Slot::EnumDescription,
    Slot::FlagName,
    Slot::FlagDescription,
    Slot::GenericParameter,
    Slot::RequestName,
    Slot::RequestDescription,
    Slot::RoutePath,
    Slot::RouteVerbs,
    Slot::Method,
    Slot::Role,
    Slot::Permission,
    Slot::Tag,
    Slot::ReturnTypeName,
];

fn with_payload(slot: Slot, payload: &str) -> Value {
    let mut doc = base_document();
    let text = Value::from(payload);
    let poco = &mut doc["types"][0];
    match slot {
        Slot::TypeName => {
            poco["name"] = text.clone();
            doc["operations"][0]["returnType"]["name"] = text;
        }
        Slot::Namespace => {
            for index in 0..4 {
                doc["types"][index]["namespace"] = text.clone();
            }
        }
        Slot::TypeDescription => poco["description"] = text,
        Slot::TypeNotes => poco["notes"] = text,
        Slot::PropertyName => poco["properties"][0]["name"] = text,
        Slot::WireName => poco["properties"][0]["dataMember"]["name"] = text,
        Slot::PropertyDescription => poco["properties"][0]["description"] = text,
        Slot::EnumMemberName => doc["types"][1]["enumNames"][1] = text,
        Slot::EnumMemberValue => doc["types"][1]["enumMemberValues"][1] = text,
        Slot::EnumDescription => doc["types"][1]["enumDescriptions"][1] = text,
        Slot::FlagName => doc["types"][2]["enumNames"][1] = text,
        Slot::FlagDescription => doc["types"][2]["enumDescriptions"][1] = text,
        Slot::GenericParameter => {
            doc["types"][3]["genericArgs"][0] = text.clone();
            doc["types"][3]["properties"][0]["type"] = text;
        }
        Slot::RequestName => doc["operations"][0]["request"]["name"] = text,
        Slot::RequestDescription => doc["operations"][0]["request"]["description"] = text,
        Slot::RoutePath => doc["operations"][0]["routes"][0]["path"] = text,
        Slot::RouteVerbs => doc["operations"][0]["routes"][0]["verbs"] = text,
        Slot::Method => doc["operations"][0]["method"] = text,
        Slot::Role => doc["operations"][0]["requiredRoles"][0] = text,
        Slot::Permission => doc["operations"][0]["requiredPermissions"][0] = text,
        Slot::Tag => doc["operations"][0]["tags"][0] = text,
        Slot::ReturnTypeName => doc["operations"][0]["returnType"]["name"] = text,
    }
    doc
}

/// The constants of `impl ServiceRequest` written only when they differ from the default.
const OPTIONAL_REQUEST_CONSTS: &[&str] = &["METHOD", "ROUTES", "AUTH", "RESPONSE_KIND"];

/// The shape of a generated file, independent of names: what kinds of items, how many fields,
/// variants and constants each has, which functions, which runtime macro is called with how many
/// entries. Injected code would change it. Left out: `use` items, since which names need one
/// depends on the names (a response type that does not parse becomes `Value`, a type named like
/// an imported name is written as an absolute path), and the lint checks each of them; and the
/// [`OPTIONAL_REQUEST_CONSTS`] of a request's impl.
fn shape(file: &syn::File) -> Vec<String> {
    let mut shape: Vec<String> = file
        .items
        .iter()
        .filter(|item| !matches!(item, syn::Item::Use(_)))
        .map(|item| match item {
            syn::Item::Struct(item) => format!(
                "struct/{} fields/{} params",
                item.fields.len(),
                item.generics.params.len()
            ),
            syn::Item::Enum(item) => format!("enum/{} variants", item.variants.len()),
            syn::Item::Impl(item) => {
                let service_request = item.trait_.as_ref().is_some_and(|(path, _)| {
                    path.segments
                        .last()
                        .is_some_and(|last| last.ident == "ServiceRequest")
                });
                let members: Vec<String> = item
                    .items
                    .iter()
                    .filter(|member| {
                        // A request's impl states only what differs from the trait's defaults,
                        // which depends on the metadata's values (a route or role that
                        // sanitizes to nothing, a response type named `String`, a method).
                        !matches!(member, syn::ImplItem::Const(constant)
                            if service_request && OPTIONAL_REQUEST_CONSTS
                                .iter()
                                .any(|name| constant.ident == name))
                    })
                    .map(|member| match member {
                        syn::ImplItem::Fn(function) => format!("fn {}", function.sig.ident),
                        syn::ImplItem::Const(_) => "const".into(),
                        syn::ImplItem::Type(_) => "type".into(),
                        _ => "other".into(),
                    })
                    .collect();
                format!("impl[{}]", members.join(","))
            }
            // `string_enum!(Name { A, B as "b" } else C)`: the entries of the brace group.
            syn::Item::Macro(item) => {
                use proc_macro2::{Delimiter, TokenTree};
                let name = item.mac.path.segments.last().unwrap().ident.to_string();
                let entries = item
                    .mac
                    .tokens
                    .clone()
                    .into_iter()
                    .find_map(|token| match token {
                        TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                            let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
                            let entries = tokens
                                .split(|token| {
                                    matches!(token, TokenTree::Punct(comma) if comma.as_char() == ',')
                                })
                                .filter(|entry| !entry.is_empty())
                                .count();
                            Some(entries)
                        }
                        _ => None,
                    })
                    .unwrap_or(0);
                format!("macro {name}/{entries} entries")
            }
            _ => "other".into(),
        })
        .collect();
    shape.sort();
    shape
}

/// Identifiers are ASCII, doc lines hold no control, bidi or zero-width character and start no
/// code block, the header is plain ASCII comments. Returns the parsed file.
fn assert_inert(code: &str, context: &str) -> syn::File {
    let header: Vec<&str> = code.lines().take_while(|line| !line.is_empty()).collect();
    assert!(
        header
            .iter()
            .all(|line| line.starts_with("//") && line.is_ascii()),
        "{context}: header {header:?}"
    );
    let file = syn::parse_file(code).unwrap_or_else(|error| panic!("{context}: {error}\n{code}"));
    struct Texts {
        idents: Vec<String>,
        docs: Vec<String>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Texts {
        fn visit_ident(&mut self, ident: &'ast syn::Ident) {
            self.idents.push(ident.to_string());
        }
        fn visit_attribute(&mut self, attribute: &'ast syn::Attribute) {
            self.docs
                .extend(lint::doc_lines(std::slice::from_ref(attribute)));
            syn::visit::visit_attribute(self, attribute);
        }
    }
    let mut texts = Texts {
        idents: Vec::new(),
        docs: Vec::new(),
    };
    syn::visit::visit_file(&mut texts, &file);
    for ident in &texts.idents {
        assert!(ident.is_ascii(), "{context}: identifier {ident:?}");
    }
    for line in &texts.docs {
        assert!(
            !line.chars().any(|c| c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
                    | '\u{2028}' | '\u{2029}' | '\u{2066}'..='\u{2069}' | '\u{feff}')),
            "{context}: doc line {line:?}"
        );
        assert!(!line.contains("```"), "{context}: code fence in {line:?}");
        assert!(!line.starts_with("     "), "{context}: code block {line:?}");
    }
    file
}

#[test]
fn hostile_text_in_every_slot_injects_nothing() {
    let benign = Generator::default()
        .generate_str(&base_document().to_string(), "base.json")
        .unwrap();
    assert!(lint::lint_code(&benign.code).is_empty());
    let benign_shape = shape(&syn::parse_file(&benign.code).unwrap());
    let mut generated = 0;
    let mut refused = Vec::new();
    for &slot in SLOTS {
        for payload in PAYLOADS {
            let context = format!("{slot:?} = {payload:?}");
            let json = with_payload(slot, payload).to_string();
            match Generator::default().generate_str(&json, "hostile.json") {
                Ok(output) => {
                    generated += 1;
                    let file = assert_inert(&output.code, &context);
                    let problems = lint::lint(&file);
                    assert!(problems.is_empty(), "{context}: {problems:#?}");
                    // Hostile text may change names, never how many items, fields, variants
                    // and functions there are.
                    assert_eq!(shape(&file), benign_shape, "{context}\n{}", output.code);
                }
                Err(error) => {
                    assert!(!matches!(error, Error::Internal(_)), "{context}: {error}");
                    let message = error.to_string();
                    assert!(
                        message.contains('$') || message.contains('.'),
                        "{context}: the message says where: {message}"
                    );
                    refused.push(context);
                }
            }
        }
    }
    // Only empty or unusable names may be refused; everything else generates.
    assert!(
        generated > SLOTS.len() * PAYLOADS.len() * 9 / 10,
        "{refused:#?}"
    );
}

#[test]
fn hostile_options_and_source_labels_stay_in_the_header() {
    let json = base_document().to_string();
    for payload in PAYLOADS {
        let generated = Generator::default()
            .generate_str(&json, &format!("api{payload}.json"))
            .unwrap();
        assert_inert(&generated.code, &format!("label {payload:?}"));
        let mut config = Config::default();
        config
            .include_types([format!("Poco,{payload}")])
            .exclude_types([payload.to_string()]);
        match Generator::new(config).generate_str(&json, "api.json") {
            Ok(generated) => {
                assert_inert(&generated.code, &format!("option {payload:?}"));
                let header = servicestack_codegen::header::Header::parse(&generated.code)
                    .expect("the header reads back");
                assert!(
                    header
                        .options
                        .iter()
                        .any(|(_, value)| value.contains(payload)),
                    "the option is recorded exactly: {:?}",
                    header.options
                );
            }
            // A pattern that matches nothing is refused; the refusal quotes it terminal-safe
            // (`error::terminal_safe`: control characters escaped, line breaks kept).
            Err(error) => {
                assert!(matches!(error, Error::Option { .. }), "{error}");
                let message = error.to_string();
                assert!(
                    !message.chars().any(|c| c.is_control() && c != '\n'),
                    "control characters in {message:?}"
                );
            }
        }
    }
}

#[test]
fn the_hostile_names_fixture_generates_inert_code() {
    // Also compiled under #![deny(warnings)] and clippy by the tests crate, like every fixture.
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/hostile-names.metadata.json");
    let json = std::fs::read_to_string(path).unwrap();
    let generated = Generator::default()
        .generate_str(&json, "fixtures/hostile-names.metadata.json")
        .unwrap();
    let file = assert_inert(&generated.code, "hostile-names");
    assert_eq!(lint::lint(&file), Vec::new());
    let types: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => Some(item.ident.to_string()),
            syn::Item::Enum(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(
        types,
        [
            "AttributeDeriveDebugShaped",
            "EnumOfHostileMembers",
            "Holder",
            "HostileFlags",
            "HostileIntEnum",
            "NamesThatCollide",
            "RequestCompileErrorName",
            "Type123request",
            "UnicodeNames"
        ],
        "exactly the document's nine types"
    );
    // Wire names survive exactly, however hostile.
    for wire in [
        "\u{202e}wire\u{2066}name\u{2069}",
        "nul\u{0}byte",
        "\"#; fn injected() {} r#\"",
        "line\u{2028}sep",
    ] {
        let literal = proc_macro2::Literal::string(wire).to_string();
        assert!(
            generated.code.contains(&format!("rename = {literal}")),
            "{literal}"
        );
    }
}

#[test]
fn the_lint_accepts_runtime_macros_of_names_and_literals_only() {
    // What the generator writes: `use` lines of std, serde and runtime paths, and runtime item
    // macros whose input is names, string and integer literals, `-`, `=`, `,` and one brace group.
    let types = "pub enum E { A, B, C(String) } pub enum N { A, B, C(i64) } \
                 pub struct F(i64); pub struct Q {}";
    let accepted = [
        "use ::serde::{Deserialize, Serialize};",
        "#[allow(unused_imports)] use ::std::collections::HashMap;",
        "use ::servicestack_runtime::{Dto, lenient};",
        "use ::serde_json::Value;",
        "::servicestack_runtime::string_enum!(E { A, B as \"b\" } else C);",
        "::servicestack_runtime::string_enum!(E { A, B });",
        "::servicestack_runtime::int_enum!(N { A = 1, B as \"b\" = -2 } else C);",
        "::servicestack_runtime::flags!(F { \"Read\" = READ, \"Write\" = WRITE });",
        "::servicestack_runtime::auto_query!(Q);",
        "::servicestack_runtime::auto_query!(Q { skip, take, order_by, include_2 });",
        "#[cfg(feature = \"x\")] ::servicestack_runtime::auto_query!(Q);",
        "#[cfg(any(feature = \"x\", feature = \"y\"))] ::servicestack_runtime::auto_query!(Q);",
    ];
    for item in accepted {
        let problems = lint::lint_code(&format!("{types}\n{item}"));
        assert_eq!(problems, Vec::new(), "{item}");
    }
    let flagged: &[(&str, &str)] = &[
        // Anything else in a runtime macro's input.
        ("::servicestack_runtime::string_enum!(E { A; B });", "macro"),
        ("::servicestack_runtime::string_enum!(E { A } ;);", "macro"),
        (
            "::servicestack_runtime::string_enum!(E { A, compile_error!(\"x\") });",
            "macro",
        ),
        (
            "::servicestack_runtime::string_enum!(E { A as concat!(\"a\") });",
            "macro",
        ),
        (
            "::servicestack_runtime::string_enum!(E { A } else C ! ());",
            "macro",
        ),
        (
            "::servicestack_runtime::string_enum!(E { A } { B });",
            "macro",
        ),
        ("::servicestack_runtime::string_enum!(E ( A ));", "macro"),
        (
            "::servicestack_runtime::string_enum!(E { #[doc = \"x\"] A });",
            "macro",
        ),
        (
            "::servicestack_runtime::string_enum!(E { A, B as 'b' });",
            "macro",
        ),
        (
            "::servicestack_runtime::string_enum!(E { A as b\"a\" });",
            "macro",
        ),
        ("::servicestack_runtime::int_enum!(N { A = 1.5 });", "macro"),
        (
            "::servicestack_runtime::int_enum!(N { A = 1 + 2 });",
            "macro",
        ),
        (
            "::servicestack_runtime::flags!(F { \"a\" = READ } fn x() {});",
            "macro",
        ),
        (
            "::servicestack_runtime::auto_query!(Q { skip: 'a });",
            "macro",
        ),
        (
            "::servicestack_runtime::auto_query!(Q { skip, take } [x]);",
            "macro",
        ),
        // Any other macro, or one of these by another path.
        ("::servicestack_runtime::other!(Q);", "macro"),
        ("servicestack_runtime::auto_query!(Q);", "macro"),
        ("::evil::auto_query!(Q);", "macro"),
        ("auto_query!(Q);", "macro"),
        ("compile_error!(\"x\");", "macro"),
        ("macro_rules! auto_query { () => {} }", "macro"),
        (
            "#[allow(warnings)] ::servicestack_runtime::auto_query!(Q);",
            "macro",
        ),
        (
            "#[cfg(all())] ::servicestack_runtime::auto_query!(Q);",
            "macro",
        ),
        ("impl Q { const X: &str = concat!(\"a\"); }", "macro"),
        // A std name written short where the scope defines a type of that name.
        (
            "pub struct Option {} pub struct U { pub x: Option<String> }",
            "undefined-type",
        ),
        // A runtime macro for a type the scope does not define.
        (
            "::servicestack_runtime::auto_query!(Missing);",
            "undefined-type",
        ),
        // `use` of anything else, or in any other form.
        ("use ::evil::Thing;", "unexpected-item"),
        ("use std::collections::HashMap;", "unexpected-item"),
        ("use ::std;", "unexpected-item"),
        ("use ::std::collections::*;", "unexpected-item"),
        ("use ::serde_json::Value as E2;", "unexpected-item"),
        ("use ::serde::{self};", "unexpected-item"),
        ("pub use ::serde::Serialize;", "unexpected-item"),
        ("#[doc(hidden)] use ::serde::Serialize;", "unexpected-item"),
        ("use ::serde_json::E;", "duplicate-type"),
    ];
    for (item, kind) in flagged {
        let problems = lint::lint_code(&format!("{types}\n{item}"));
        assert!(
            problems.iter().any(|problem| problem.kind == *kind),
            "{item}: {problems:#?}"
        );
    }
}
