//! Writes the comparison baseline of the size and `cargo check` benchmarks: the types of a
//! metadata document in the shape of ServiceStack's own Rust generator (plain derives, no trait
//! impls, description docs only), built from the same IR our output comes from.
//!
//! ```sh
//! cargo run --release -p servicestack-codegen --example plain_baseline -- DOC.json OUT.rs
//! ```
//!
//! Structs derive `Serialize, Deserialize, Debug, Clone, PartialEq, Default` with
//! `#[serde(default)]`; a field whose wire name is not its Rust name gets `#[serde(rename)]`;
//! `Option` fields get `#[serde(default, skip_serializing_if = "Option::is_none")]`. Enums (and
//! flags) are unit variants deriving `Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq,
//! Hash, Default`, each with `#[serde(rename)]`.

use std::fmt::Write as _;

use servicestack_codegen::model::{Item, RustType};
use servicestack_codegen::{Config, Generator, emit::docs_sanitize};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [document, output] = args.as_slice() else {
        eprintln!("usage: plain_baseline DOC.json OUT.rs");
        std::process::exit(2);
    };
    let json = std::fs::read_to_string(document).unwrap_or_else(|error| {
        eprintln!("{document}: {error}");
        std::process::exit(1);
    });
    let generated = Generator::new(Config::default())
        .generate_str(&json, document)
        .unwrap_or_else(|error| {
            eprintln!("{document}: {error}");
            std::process::exit(1);
        });
    let mut out = String::from(
        "#![allow(clippy::all, non_camel_case_types)]\n\
         use serde::{Deserialize, Serialize};\n\
         use servicestack_runtime::*;\n\
         use std::collections::HashMap;\n",
    );
    for item in &generated.ir.items {
        out.push('\n');
        match item {
            Item::Struct(def) => {
                docs(&mut out, "", &def.docs);
                out.push_str(
                    "#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]\n\
                     #[serde(default)]\n",
                );
                let generics = if def.generics.is_empty() {
                    String::new()
                } else {
                    format!("<{}>", def.generics.join(", "))
                };
                let _ = writeln!(out, "pub struct {}{generics} {{", def.rust_name);
                for field in &def.fields {
                    docs(&mut out, "    ", &field.docs);
                    if field.wire_name != field.rust_name {
                        let _ = writeln!(out, "    #[serde(rename = {:?})]", field.wire_name);
                    }
                    if matches!(field.ty, RustType::Option(_)) {
                        out.push_str(
                            "    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n",
                        );
                    }
                    let _ = writeln!(
                        out,
                        "    pub {}: {},",
                        field.rust_name,
                        type_text(&field.ty)
                    );
                }
                out.push_str("}\n");
            }
            Item::Enum(def) => {
                let members = def
                    .members
                    .iter()
                    .map(|member| (&member.rust_name, &member.wire_name));
                plain_enum(&mut out, &def.rust_name, &def.docs, members);
            }
            Item::Flags(def) => {
                let members = def
                    .members
                    .iter()
                    .map(|member| (&member.rust_name, &member.wire_name));
                plain_enum(&mut out, &def.rust_name, &def.docs, members);
            }
        }
    }
    std::fs::write(output, out).unwrap_or_else(|error| {
        eprintln!("{output}: {error}");
        std::process::exit(1);
    });
}

fn docs(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines {
        let _ = writeln!(out, "{indent}/// {}", docs_sanitize(line));
    }
}

fn plain_enum<'a>(
    out: &mut String,
    name: &str,
    doc_lines: &[String],
    members: impl Iterator<Item = (&'a String, &'a String)>,
) {
    docs(out, "", doc_lines);
    out.push_str(
        "#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]\n",
    );
    let _ = writeln!(out, "pub enum {name} {{");
    let mut any = false;
    for (index, (variant, wire)) in members.enumerate() {
        if index == 0 {
            out.push_str("    #[default]\n");
        }
        let _ = writeln!(out, "    #[serde(rename = {wire:?})]\n    {variant},");
        any = true;
    }
    if !any {
        out.push_str("    #[default]\n    Unknown,\n");
    }
    out.push_str("}\n");
}

fn type_text(ty: &RustType) -> String {
    match ty {
        RustType::Primitive(name) => (*name).to_owned(),
        RustType::String => "String".to_owned(),
        RustType::Runtime(name) => format!("servicestack_runtime::{name}"),
        RustType::Json => "serde_json::Value".to_owned(),
        RustType::Unit => "()".to_owned(),
        RustType::Option(inner) => format!("Option<{}>", type_text(inner)),
        RustType::Vec(inner) => format!("Vec<{}>", type_text(inner)),
        RustType::Map(key, value) => format!("HashMap<{}, {}>", type_text(key), type_text(value)),
        RustType::Boxed(inner) => format!("Box<{}>", type_text(inner)),
        RustType::Named { rust_name, args }
        | RustType::Replaced {
            path: rust_name,
            args,
            ..
        } => {
            if args.is_empty() {
                rust_name.clone()
            } else {
                let args: Vec<String> = args.iter().map(type_text).collect();
                format!("{rust_name}<{}>", args.join(", "))
            }
        }
        RustType::Param(name) => name.clone(),
    }
}
