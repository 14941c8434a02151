//! Checks on generated code beyond "it parses": what `syn` accepts but `rustc` (under
//! `#![deny(warnings)]`) would not, and anything that looks injected. Shared by the hostile-input
//! and property tests, and by the fuzz targets (`fuzz/src/check.rs` includes this file).

use std::collections::{BTreeMap, BTreeSet};

use syn::visit::Visit;

/// One problem found in generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A stable name for the kind of problem (the fuzz targets can be told to skip known kinds).
    pub kind: &'static str,
    /// What and where.
    pub message: String,
}

/// Problem kinds.
pub mod kind {
    /// A macro invocation other than a runtime item macro (see [`check_item_macro`]), or one of
    /// those whose input holds anything but names, literals and `- = , as else`: injected.
    pub const MACRO: &str = "macro";
    /// A top-level item other than a struct, enum, impl, `use` of std/serde/runtime paths or
    /// runtime item macro; a `use` of anything else; or an unexpected impl member.
    pub const UNEXPECTED_ITEM: &str = "unexpected-item";
    /// Two top-level types with one name.
    pub const DUPLICATE_TYPE: &str = "duplicate-type";
    /// Two fields of a struct with one name.
    pub const DUPLICATE_FIELD: &str = "duplicate-field";
    /// Two variants of an enum with one name.
    pub const DUPLICATE_VARIANT: &str = "duplicate-variant";
    /// Two associated items of an impl with one name.
    pub const DUPLICATE_IMPL_ITEM: &str = "duplicate-impl-item";
    /// A generic parameter that no field uses (E0392).
    pub const UNUSED_GENERIC: &str = "unused-generic";
    /// A bare type name that is not defined in the file.
    pub const UNDEFINED_TYPE: &str = "undefined-type";
    /// Two equal literal patterns in one `match` (an unreachable pattern).
    pub const DUPLICATE_PATTERN: &str = "duplicate-pattern";
    /// A name rustc's naming lints warn about (`non_camel_case_types`, `non_snake_case`,
    /// `non_upper_case_globals`).
    pub const NAMING: &str = "naming";
    /// A doc comment whose lines are all blank (`clippy::empty_docs`).
    pub const EMPTY_DOC: &str = "empty-doc";
    /// A function parameter its body never mentions (`unused_variables`).
    pub const UNUSED_PARAMETER: &str = "unused-parameter";
}

/// Every problem in a parsed generated file:
///
/// - any macro invocation other than the runtime's item macros (`string_enum!`, `int_enum!`,
///   `flags!`, `auto_query!`, by their absolute path) at the top of a module, and any of those
///   whose input holds more than identifiers, string and integer literals, `-`, `=`, `,` and one
///   brace group per level (see [`check_item_macro`]): metadata text may reach the output only
///   as string literals;
/// - top-level items other than structs, enums, impls, those macro calls and `use` items of
///   paths under `::std::`, `::serde`, `::serde_json` and `::servicestack_runtime` (see
///   [`check_use`]);
/// - two top-level types with one name, two fields of a struct with one name, two variants of
///   an enum with one name, two associated items of an impl with one name;
/// - a generic parameter no field uses (E0392);
/// - a field type naming a type that is not defined in the file (a bare single-segment path
///   that is neither a generated item, a generic parameter, `Self` nor a primitive);
/// - two equal literal patterns in one `match` (an unreachable pattern is a warning);
/// - type, variant and generic parameter names that are not UpperCamelCase, field names that
///   are not snake_case, constants that are not UPPER_CASE, by rustc's own rules;
/// - a doc comment that is present but blank;
/// - a function parameter (not starting with `_`) that its body never mentions.
pub fn lint(file: &syn::File) -> Vec<Problem> {
    let mut problems = Vec::new();
    lint_items(&file.items, &mut problems);
    problems
}

/// Lints one module's items (the file, or a `pub mod` of the per-namespace layout): names are
/// unique and resolve within the module; nested modules are linted on their own.
fn lint_items(items: &[syn::Item], problems: &mut Vec<Problem>) {
    let mut types = BTreeSet::new();
    let mut modules = BTreeSet::new();
    let mut subjects = Vec::new();
    let mut imported = Vec::new();
    let mut arities = BTreeMap::new();
    for item in items {
        let name = match item {
            syn::Item::Struct(item) => {
                arities.insert(item.ident.to_string(), item.generics.type_params().count());
                Some(item.ident.to_string())
            }
            syn::Item::Enum(item) => {
                arities.insert(item.ident.to_string(), item.generics.type_params().count());
                Some(item.ident.to_string())
            }
            syn::Item::Impl(_) => None,
            syn::Item::Mod(module) if module.content.is_some() => {
                let name = module.ident.to_string();
                if !is_snake_case(&name) {
                    problems.push(Problem {
                        kind: kind::NAMING,
                        message: format!("module `{name}` is not snake_case"),
                    });
                }
                if !modules.insert(name.clone()) {
                    problems.push(Problem {
                        kind: kind::DUPLICATE_TYPE,
                        message: format!("module `{name}` is defined twice"),
                    });
                }
                if let Some((_, content)) = &module.content {
                    lint_items(content, problems);
                }
                None
            }
            // Imports bring names into scope.
            syn::Item::Use(item) => {
                if let Err(message) = check_use(item) {
                    problems.push(Problem {
                        kind: kind::UNEXPECTED_ITEM,
                        message,
                    });
                }
                let mut names = Vec::new();
                imported_names(&item.tree, &mut names);
                for name in names {
                    imported.push(name.clone());
                    if !types.insert(name.clone()) {
                        problems.push(Problem {
                            kind: kind::DUPLICATE_TYPE,
                            message: format!("`{name}` is imported twice or after its definition"),
                        });
                    }
                }
                None
            }
            // The runtime's item macros; their subject is checked below, with every name known.
            syn::Item::Macro(item) => {
                match check_item_macro(item) {
                    Ok((_, subject)) => subjects.push(subject),
                    Err(message) => problems.push(Problem {
                        kind: kind::MACRO,
                        message,
                    }),
                }
                None
            }
            other => {
                problems.push(Problem {
                    kind: kind::UNEXPECTED_ITEM,
                    message: format!("unexpected item: {}", tokens(other)),
                });
                None
            }
        };
        if let Some(name) = name
            && !types.insert(name.clone())
        {
            problems.push(Problem {
                kind: kind::DUPLICATE_TYPE,
                message: format!("type `{name}` is defined twice"),
            });
        }
    }
    // Modules share the type namespace (E0255).
    for name in imported.iter().filter(|name| modules.contains(*name)) {
        problems.push(Problem {
            kind: kind::DUPLICATE_TYPE,
            message: format!("`{name}` is imported and also a module of the same scope"),
        });
    }
    for subject in subjects {
        if !types.contains(&subject) {
            problems.push(Problem {
                kind: kind::UNDEFINED_TYPE,
                message: format!("a runtime macro is called for `{subject}`, which is not defined"),
            });
        }
    }
    let mut visitor = Lint {
        types: &types,
        arities: &arities,
        problems,
        params: Vec::new(),
    };
    for item in items {
        // Modules were linted above with their own names in scope, item macros were checked
        // above (any other macro is flagged by the visitor).
        if !matches!(item, syn::Item::Mod(_) | syn::Item::Macro(_)) {
            visitor.visit_item(item);
        }
    }
}

/// The crates a generated `use` may import from.
const USE_ROOTS: &[&str] = &["std", "serde", "serde_json", "servicestack_runtime"];

/// The runtime's item macros, the only macro calls the generator writes.
const RUNTIME_MACROS: &[&str] = &["string_enum", "int_enum", "flags", "auto_query"];

/// Checks a `use` item: private, absolute (`::`), under `::std::`, `::serde`, `::serde_json` or
/// `::servicestack_runtime`, plain names and groups only (no glob, rename or `self`), and no
/// attribute but `#[allow(unused_imports)]`.
pub fn check_use(item: &syn::ItemUse) -> Result<(), String> {
    let fail = |why: &str| Err(format!("unexpected use ({why}): {}", tokens(item)));
    if !matches!(item.vis, syn::Visibility::Inherited) {
        return fail("not private");
    }
    if !item.attrs.iter().all(|attribute| {
        attribute.path().is_ident("allow")
            && attribute
                .parse_args::<syn::Ident>()
                .is_ok_and(|lint| lint == "unused_imports")
    }) {
        return fail("an attribute other than #[allow(unused_imports)]");
    }
    if item.leading_colon.is_none() {
        return fail("not an absolute path");
    }
    // The root crate, then at least one more segment under it.
    let syn::UseTree::Path(root) = &item.tree else {
        return fail("not a path under a crate");
    };
    if !USE_ROOTS.iter().any(|allowed| root.ident == allowed) {
        return fail("a crate other than std, serde, serde_json and servicestack_runtime");
    }
    fn plain(tree: &syn::UseTree) -> bool {
        match tree {
            syn::UseTree::Path(path) => path.ident != "self" && plain(&path.tree),
            syn::UseTree::Name(name) => name.ident != "self",
            syn::UseTree::Group(group) => group.items.iter().all(plain),
            syn::UseTree::Rename(_) | syn::UseTree::Glob(_) => false,
        }
    }
    if !plain(&root.tree) {
        return fail("a glob, rename or `self`");
    }
    Ok(())
}

/// Checks an item macro call: its path is exactly `::servicestack_runtime::string_enum`
/// (`int_enum`, `flags`, `auto_query`), it has no attribute but doc comments and
/// `#[cfg(feature = "...")]`/`#[cfg(any(feature = "...", ...))]` gates, and its input is
/// [`inert_macro_input`], starting with the name of the type it is for. Returns the macro's name
/// and that type's name.
pub fn check_item_macro(item: &syn::ItemMacro) -> Result<(String, String), String> {
    let fail = |why: &str| Err(format!("macro invocation ({why}): {}", tokens(item)));
    let path = &item.mac.path;
    let name = match path.segments.iter().collect::<Vec<_>>().as_slice() {
        [krate, name]
            if path.leading_colon.is_some()
                && krate.ident == "servicestack_runtime"
                && krate.arguments.is_none()
                && name.arguments.is_none()
                && RUNTIME_MACROS.iter().any(|allowed| name.ident == allowed) =>
        {
            name.ident.to_string()
        }
        _ => return fail("not a runtime item macro"),
    };
    if item.ident.is_some() {
        return fail("a `macro_rules!` definition");
    }
    if !item.attrs.iter().all(|attribute| match &attribute.meta {
        syn::Meta::NameValue(doc) => doc.path.is_ident("doc"),
        syn::Meta::List(list) => {
            list.path.is_ident("cfg") && attribute.parse_args_with(feature_gate).is_ok()
        }
        syn::Meta::Path(_) => false,
    }) {
        return fail("an attribute other than a doc comment or a feature gate");
    }
    if let Err(error) = item.mac.parse_body_with(inert_macro_input) {
        return fail(&format!(
            "input other than names, literals, `- = ,` and one brace group: {error}"
        ));
    }
    match item.mac.parse_body_with(|input: syn::parse::ParseStream| {
        let subject: syn::Ident = input.parse()?;
        // The rest was checked above.
        input.step(|cursor| {
            let mut rest = *cursor;
            while let Some((_, next)) = rest.token_tree() {
                rest = next;
            }
            Ok(((), rest))
        })?;
        Ok(subject)
    }) {
        Ok(subject) => Ok((name, subject.to_string())),
        Err(_) => fail("no type name first"),
    }
}

/// Parses macro input made only of identifiers (keywords such as `as` and `else` among them),
/// string literals, integer literals, `-`, `=`, `,` and at most one `{ ... }` group, itself
/// made of the same. Metadata text may reach a macro call only as a string literal: anything
/// else there (`;`, `!`, `#`, a parenthesized or bracketed group, a lifetime, ...) is an error.
pub fn inert_macro_input(input: syn::parse::ParseStream) -> syn::Result<()> {
    use syn::ext::IdentExt;
    let mut groups = 0;
    while !input.is_empty() {
        if input.peek(syn::Ident::peek_any) {
            input.call(syn::Ident::parse_any)?;
        } else if input.peek(syn::LitStr) {
            input.parse::<syn::LitStr>()?;
        } else if input.peek(syn::LitInt) {
            input.parse::<syn::LitInt>()?;
        } else if input.peek(syn::Token![-]) {
            input.parse::<syn::Token![-]>()?;
        } else if input.peek(syn::Token![=]) {
            input.parse::<syn::Token![=]>()?;
        } else if input.peek(syn::Token![,]) {
            input.parse::<syn::Token![,]>()?;
        } else if input.peek(syn::token::Brace) && groups == 0 {
            groups += 1;
            let content;
            syn::braced!(content in input);
            inert_macro_input(&content)?;
        } else {
            return Err(input.error("unexpected token"));
        }
    }
    Ok(())
}

/// Parses `cfg(...)` input that is `feature = "..."` or `any(feature = "...", ...)`.
fn feature_gate(input: syn::parse::ParseStream) -> syn::Result<()> {
    fn feature(input: syn::parse::ParseStream) -> syn::Result<()> {
        let name: syn::Ident = input.parse()?;
        if name != "feature" {
            return Err(syn::Error::new(name.span(), "not `feature`"));
        }
        input.parse::<syn::Token![=]>()?;
        input.parse::<syn::LitStr>()?;
        Ok(())
    }
    if input.peek(syn::Ident) && input.peek2(syn::token::Paren) {
        let any: syn::Ident = input.parse()?;
        if any != "any" {
            return Err(syn::Error::new(any.span(), "not `any`"));
        }
        let content;
        syn::parenthesized!(content in input);
        syn::punctuated::Punctuated::<(), syn::Token![,]>::parse_terminated_with(
            &content, feature,
        )?;
        Ok(())
    } else {
        feature(input)
    }
}

/// Parses `code` and lints it; a parse failure is returned as the only problem.
pub fn lint_code(code: &str) -> Vec<Problem> {
    match syn::parse_file(code) {
        Ok(file) => lint(&file),
        Err(error) => vec![Problem {
            kind: "parse",
            message: format!("the code does not parse: {error}"),
        }],
    }
}

struct Lint<'a> {
    types: &'a BTreeSet<String>,
    /// The number of generic parameters of each type the scope defines.
    arities: &'a BTreeMap<String, usize>,
    problems: &'a mut Vec<Problem>,
    /// Generic parameters of the item being visited.
    params: Vec<String>,
}

/// Bare type names that need no definition in the file.
const PRELUDE: &[&str] = &[
    "Self", "Option", "String", "Vec", "Box", "bool", "char", "str", "i8", "i16", "i32", "i64",
    "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f32", "f64",
];

impl<'ast> Visit<'ast> for Lint<'_> {
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.problems.push(Problem {
            kind: kind::MACRO,
            message: format!("macro invocation: {}", tokens(mac)),
        });
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        let name = item.ident.to_string();
        self.check_camel(&name, "type");
        self.check_docs(&name, &item.attrs);
        for param in item.generics.type_params() {
            self.check_camel(&param.ident.to_string(), "generic parameter");
        }
        self.params = item
            .generics
            .type_params()
            .map(|param| param.ident.to_string())
            .collect();
        let mut fields = BTreeSet::new();
        let mut used = BTreeSet::new();
        let mut own_refs = Vec::new();
        for field in &item.fields {
            if let Some(ident) = &field.ident {
                let field_name = ident.to_string();
                self.check_docs(&format!("{name}.{field_name}"), &field.attrs);
                if !is_snake_case(&field_name) {
                    self.problems.push(Problem {
                        kind: kind::NAMING,
                        message: format!("field `{name}.{field_name}` is not snake_case"),
                    });
                }
                if !fields.insert(field_name) {
                    self.problems.push(Problem {
                        kind: kind::DUPLICATE_FIELD,
                        message: format!("field `{name}.{ident}` is declared twice"),
                    });
                }
            }
            self.check_type(&name, &field.ty, &mut used, &mut own_refs);
        }
        // A parameter passed to the struct itself is used when the parameter in that position
        // is.
        loop {
            let before = used.len();
            for args in &own_refs {
                for (position, names) in args.iter().enumerate() {
                    if self
                        .params
                        .get(position)
                        .is_some_and(|param| used.contains(param))
                    {
                        used.extend(
                            names
                                .iter()
                                .filter(|name| self.params.contains(*name))
                                .cloned(),
                        );
                    }
                }
            }
            if used.len() == before {
                break;
            }
        }
        for param in &self.params {
            if !used.contains(param) {
                self.problems.push(Problem {
                    kind: kind::UNUSED_GENERIC,
                    message: format!(
                        "generic parameter `{param}` of `{name}` is not used by any field"
                    ),
                });
            }
        }
        syn::visit::visit_item_struct(self, item);
        self.params.clear();
    }

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        self.check_camel(&item.ident.to_string(), "type");
        self.check_docs(&item.ident.to_string(), &item.attrs);
        let mut variants = BTreeSet::new();
        for variant in &item.variants {
            let variant_name = format!("{}::{}", item.ident, variant.ident);
            self.check_camel(&variant.ident.to_string(), "variant");
            self.check_docs(&variant_name, &variant.attrs);
            if !variants.insert(variant.ident.to_string()) {
                self.problems.push(Problem {
                    kind: kind::DUPLICATE_VARIANT,
                    message: format!(
                        "variant `{}::{}` is declared twice",
                        item.ident, variant.ident
                    ),
                });
            }
        }
        syn::visit::visit_item_enum(self, item);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let mut names = BTreeSet::new();
        for member in &item.items {
            let name = match member {
                syn::ImplItem::Const(item) => {
                    let name = item.ident.to_string();
                    self.check_docs(&name, &item.attrs);
                    if name.chars().any(char::is_lowercase) {
                        self.problems.push(Problem {
                            kind: kind::NAMING,
                            message: format!("constant `{name}` is not UPPER_CASE"),
                        });
                    }
                    name
                }
                syn::ImplItem::Fn(item) => item.sig.ident.to_string(),
                syn::ImplItem::Type(item) => item.ident.to_string(),
                other => {
                    self.problems.push(Problem {
                        kind: kind::UNEXPECTED_ITEM,
                        message: format!("unexpected impl member: {}", tokens(other)),
                    });
                    continue;
                }
            };
            if !names.insert(name.clone()) {
                self.problems.push(Problem {
                    kind: kind::DUPLICATE_IMPL_ITEM,
                    message: format!(
                        "`{name}` is defined twice in `impl {}`",
                        tokens(&item.self_ty)
                    ),
                });
            }
            if let syn::ImplItem::Type(assoc) = member {
                let params = item
                    .generics
                    .type_params()
                    .map(|param| param.ident.to_string())
                    .collect();
                let saved = std::mem::replace(&mut self.params, params);
                self.check_type(&name, &assoc.ty, &mut BTreeSet::new(), &mut Vec::new());
                self.params = saved;
            }
        }
        syn::visit::visit_item_impl(self, item);
    }

    fn visit_impl_item_fn(&mut self, function: &'ast syn::ImplItemFn) {
        struct Idents(BTreeSet<String>);
        impl<'ast> Visit<'ast> for Idents {
            fn visit_ident(&mut self, ident: &'ast syn::Ident) {
                self.0.insert(ident.to_string());
            }
        }
        let mut mentioned = Idents(BTreeSet::new());
        mentioned.visit_block(&function.block);
        for input in &function.sig.inputs {
            if let syn::FnArg::Typed(typed) = input
                && let syn::Pat::Ident(binding) = &*typed.pat
            {
                let name = binding.ident.to_string();
                if !name.starts_with('_') && !mentioned.0.contains(&name) {
                    self.problems.push(Problem {
                        kind: kind::UNUSED_PARAMETER,
                        message: format!(
                            "parameter `{name}` of `fn {}` is never used",
                            function.sig.ident
                        ),
                    });
                }
            }
        }
        syn::visit::visit_impl_item_fn(self, function);
    }

    fn visit_expr_match(&mut self, expr: &'ast syn::ExprMatch) {
        let mut seen = BTreeSet::new();
        for arm in &expr.arms {
            let mut literals = Vec::new();
            collect_literals(&arm.pat, &mut literals);
            for literal in literals {
                if !seen.insert(literal.clone()) {
                    self.problems.push(Problem {
                        kind: kind::DUPLICATE_PATTERN,
                        message: format!("pattern {literal} appears twice in one match"),
                    });
                }
            }
        }
        syn::visit::visit_expr_match(self, expr);
    }
}

impl Lint<'_> {
    /// Checks the bare names in a type and records the generic parameters it uses.
    /// Checks the bare names of a field type; parameters it uses go to `used`, and each use of
    /// the owner's own name to `own_refs` (the bare names inside each of its arguments).
    fn check_type(
        &mut self,
        owner: &str,
        ty: &syn::Type,
        used: &mut BTreeSet<String>,
        own_refs: &mut Vec<Vec<Vec<String>>>,
    ) {
        /// The first segment of every single-segment, unqualified, relative type path. The
        /// arguments of the owner's own name are collected apart: a parameter used only there
        /// counts only if the parameter in its position is used elsewhere (as rustc's variance
        /// sees it; "only used recursively" is E0392 too).
        struct Bare<'b> {
            owner: &'b str,
            names: &'b mut Vec<String>,
            own_refs: &'b mut Vec<Vec<Vec<String>>>,
        }
        impl<'ast> Visit<'ast> for Bare<'_> {
            fn visit_type_path(&mut self, path: &'ast syn::TypePath) {
                if path.qself.is_none()
                    && path.path.leading_colon.is_none()
                    && path.path.segments.len() == 1
                {
                    let segment = &path.path.segments[0];
                    let name = segment.ident.to_string();
                    let own = name == self.owner;
                    self.names.push(name);
                    if own {
                        let mut args = Vec::new();
                        if let syn::PathArguments::AngleBracketed(generic) = &segment.arguments {
                            for arg in &generic.args {
                                let mut names = Vec::new();
                                if let syn::GenericArgument::Type(ty) = arg {
                                    Bare {
                                        owner: self.owner,
                                        names: &mut names,
                                        own_refs: self.own_refs,
                                    }
                                    .visit_type(ty);
                                }
                                args.push(names);
                            }
                        }
                        self.own_refs.push(args);
                        return;
                    }
                }
                syn::visit::visit_type_path(self, path);
            }
        }
        let mut names = Vec::new();
        let first_own = own_refs.len();
        Bare {
            owner,
            names: &mut names,
            own_refs,
        }
        .visit_type(ty);
        let inside_own: Vec<String> = own_refs[first_own..]
            .iter()
            .flatten()
            .flatten()
            .cloned()
            .collect();
        for name in names.into_iter().chain(inside_own) {
            if self.params.contains(&name) {
                continue;
            } else if !self.types.contains(&name)
                && !self.types.contains("*")
                && !PRELUDE.contains(&name.as_str())
            {
                self.problems.push(Problem {
                    kind: kind::UNDEFINED_TYPE,
                    message: format!("`{owner}` refers to `{name}`, which is not defined"),
                });
            }
        }
        // A bare name of a type of the scope takes as many arguments as the type has parameters
        // (E0107): a std name written short (`Option<T>`) where the scope defines a type of
        // that name would mean the generated type.
        struct Arity<'b> {
            arities: &'b BTreeMap<String, usize>,
            params: &'b [String],
            wrong: Vec<String>,
        }
        impl<'ast> Visit<'ast> for Arity<'_> {
            fn visit_type_path(&mut self, path: &'ast syn::TypePath) {
                if path.qself.is_none()
                    && path.path.leading_colon.is_none()
                    && let [segment] = path.path.segments.iter().collect::<Vec<_>>().as_slice()
                {
                    let name = segment.ident.to_string();
                    let given = match &segment.arguments {
                        syn::PathArguments::AngleBracketed(generic) => generic
                            .args
                            .iter()
                            .filter(|arg| matches!(arg, syn::GenericArgument::Type(_)))
                            .count(),
                        _ => 0,
                    };
                    if !self.params.contains(&name)
                        && let Some(&arity) = self.arities.get(&name)
                        && arity != given
                    {
                        self.wrong.push(format!(
                            "`{name}` takes {arity} type argument(s), given {given}"
                        ));
                    }
                }
                syn::visit::visit_type_path(self, path);
            }
        }
        let mut arity = Arity {
            arities: self.arities,
            params: &self.params,
            wrong: Vec::new(),
        };
        arity.visit_type(ty);
        for wrong in arity.wrong {
            self.problems.push(Problem {
                kind: kind::UNDEFINED_TYPE,
                message: format!("`{owner}` refers to {wrong}"),
            });
        }
        // Parameters used outside the owner's own arguments.
        let mut direct = Vec::new();
        Bare {
            owner,
            names: &mut direct,
            own_refs: &mut Vec::new(),
        }
        .visit_type(ty);
        used.extend(direct.into_iter().filter(|name| self.params.contains(name)));
    }
}

fn imported_names(tree: &syn::UseTree, names: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => imported_names(&path.tree, names),
        syn::UseTree::Name(name) => names.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => names.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group
            .items
            .iter()
            .for_each(|tree| imported_names(tree, names)),
        // A glob import could bring anything: accept every name from now on.
        syn::UseTree::Glob(_) => names.push("*".to_owned()),
    }
}

impl Lint<'_> {
    fn check_camel(&mut self, name: &str, what: &str) {
        if !is_camel_case(name) {
            self.problems.push(Problem {
                kind: kind::NAMING,
                message: format!("{what} `{name}` is not UpperCamelCase"),
            });
        }
    }

    fn check_docs(&mut self, owner: &str, attrs: &[syn::Attribute]) {
        let lines = doc_lines(attrs);
        if !lines.is_empty() && lines.iter().all(|line| line.trim().is_empty()) {
            self.problems.push(Problem {
                kind: kind::EMPTY_DOC,
                message: format!("`{owner}` has a blank doc comment"),
            });
        }
    }
}

/// The text of every `#[doc = "..."]` attribute.
pub fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|attribute| match &attribute.meta {
            syn::Meta::NameValue(doc) if doc.path.is_ident("doc") => match &doc.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) => Some(text.value()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// rustc's `non_camel_case_types` rule.
fn is_camel_case(name: &str) -> bool {
    let name = name.trim_matches('_');
    let has_case = |c: char| c.is_lowercase() || c.is_uppercase();
    let chars: Vec<char> = name.chars().collect();
    !chars.first().is_some_and(|c| c.is_lowercase())
        && !name.contains("__")
        && !chars.windows(2).any(|pair| {
            (has_case(pair[0]) && pair[1] == '_') || (has_case(pair[1]) && pair[0] == '_')
        })
}

/// rustc's `non_snake_case` rule.
fn is_snake_case(name: &str) -> bool {
    let name = name.trim_start_matches('\'').trim_matches('_');
    let mut allow_underscore = true;
    name.chars().all(|c| match c {
        '_' if !allow_underscore => false,
        '_' => {
            allow_underscore = false;
            true
        }
        c if !c.is_uppercase() => {
            allow_underscore = true;
            true
        }
        _ => false,
    })
}

fn collect_literals(pat: &syn::Pat, out: &mut Vec<String>) {
    match pat {
        syn::Pat::Lit(lit) => out.push(tokens(lit)),
        syn::Pat::Or(or) => or.cases.iter().for_each(|case| collect_literals(case, out)),
        syn::Pat::Paren(inner) => collect_literals(&inner.pat, out),
        _ => {}
    }
}

/// Tokens as text, cut to 200 characters.
fn tokens(tokens: &impl quote::ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
