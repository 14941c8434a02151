//! How names from std, serde and the runtime are written in one scope (the file, or one `pub mod`
//! of the per-namespace layout): short (`Option`, `HashMap`, `ServiceRequest`), with the `use`
//! lines the scope needs at its top, unless a generated item of that scope has the same name; then
//! absolute (`::std::option::Option`), so a DTO named `Option`, `Route` or `Value` never captures
//! a path the generated code means elsewhere.
//!
//! ```ignore
//! use ::servicestack_runtime::{HttpMethod, ServiceRequest, lenient};
//! use ::std::collections::HashMap;
//! ```

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;

/// A name the generated code refers to: `module::name`, in the prelude or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// The absolute module path, `::std::collections`.
    pub module: &'static str,
    /// The name in that module.
    pub name: &'static str,
    /// In the Rust prelude: short without a `use` line.
    pub prelude: bool,
}

const fn prelude(module: &'static str, name: &'static str) -> Known {
    Known {
        module,
        name,
        prelude: true,
    }
}

const fn imported(module: &'static str, name: &'static str) -> Known {
    Known {
        module,
        name,
        prelude: false,
    }
}

const RUNTIME: &str = "::servicestack_runtime";

pub const OPTION: Known = prelude("::std::option", "Option");
pub const STRING: Known = prelude("::std::string", "String");
pub const VEC: Known = prelude("::std::vec", "Vec");
pub const BOX: Known = prelude("::std::boxed", "Box");
pub const DEFAULT: Known = prelude("::std::default", "Default");
pub const HASH_MAP: Known = imported("::std::collections", "HashMap");
pub const BTREE_MAP: Known = imported("::std::collections", "BTreeMap");
pub const INDEX_MAP: Known = imported("::servicestack_runtime::indexmap", "IndexMap");
pub const SERIALIZE: Known = imported("::serde", "Serialize");
pub const DESERIALIZE: Known = imported("::serde", "Deserialize");
pub const VALUE: Known = imported("::serde_json", "Value");
pub const SERVICE_REQUEST: Known = imported(RUNTIME, "ServiceRequest");
pub const HTTP_METHOD: Known = imported(RUNTIME, "HttpMethod");
pub const ROUTE: Known = imported(RUNTIME, "Route");
pub const AUTH_REQUIREMENT: Known = imported(RUNTIME, "AuthRequirement");
pub const RESPONSE_KIND: Known = imported(RUNTIME, "ResponseKind");
pub const QUERY_RESULTS: Known = imported(RUNTIME, "QueryResults");
pub const DTO: Known = imported(RUNTIME, "Dto");
pub const SETTERS: Known = imported(RUNTIME, "Setters");
pub const LENIENT: Known = imported(RUNTIME, "lenient");

/// A runtime wire type (`DateTime`, `Decimal`, `ResponseStatus`, ...).
pub const fn runtime(name: &'static str) -> Known {
    imported(RUNTIME, name)
}

/// Names used, by module path.
pub type UsedNames = BTreeMap<&'static str, BTreeSet<&'static str>>;

/// The names of one scope and the `use` lines its code has needed so far.
#[derive(Debug, Default)]
pub struct Scope {
    /// Names of generated items (and modules) declared in the scope.
    taken: HashSet<String>,
    /// module → names imported from it.
    used: RefCell<UsedNames>,
}

impl Scope {
    /// A scope whose generated items have these names.
    pub fn new(taken: impl IntoIterator<Item = String>) -> Scope {
        Scope {
            taken: taken.into_iter().collect(),
            used: RefCell::default(),
        }
    }

    /// The name as text: short (recording its `use` line) unless the scope declares it.
    pub fn text(&self, known: Known) -> String {
        if self.taken.contains(known.name) {
            return format!("{}::{}", known.module, known.name);
        }
        if !known.prelude {
            self.used
                .borrow_mut()
                .entry(known.module)
                .or_default()
                .insert(known.name);
        }
        known.name.to_owned()
    }

    /// The name as a path (see [`Scope::text`]).
    pub fn path(&self, known: Known) -> TokenStream {
        let text = self.text(known);
        let segments = text.split("::").filter(|segment| !segment.is_empty());
        let leading = text.starts_with("::").then(|| quote!(::));
        let segments = segments.map(ident);
        quote!(#leading #(#segments)::*)
    }

    /// The names used so far, by module (to merge into the same scope emitted elsewhere).
    pub fn used(&self) -> UsedNames {
        self.used.borrow().clone()
    }

    /// Records names used by another emitter of the same scope (the scope emitted in parts).
    pub fn add_used(&self, names: UsedNames) {
        let mut used = self.used.borrow_mut();
        for (module, names) in names {
            used.entry(module).or_default().extend(names);
        }
    }

    /// The `use` lines for every short name used so far, one per module, sorted; with
    /// `allow_unused`, each marked `#[allow(unused_imports)]` (feature-gated code may compile
    /// without the items that use a name).
    pub fn uses(&self, allow_unused: bool) -> TokenStream {
        let allow = allow_unused.then(|| quote!(#[allow(unused_imports)]));
        self.used
            .borrow()
            .iter()
            .map(|(module, names)| {
                let module: TokenStream = module.parse().expect("a module path of this file");
                let names = names.iter().map(|name| ident(name));
                if names.len() == 1 {
                    quote!(#allow use #module::#(#names)*;)
                } else {
                    quote!(#allow use #module::{#(#names),*};)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_unless_the_scope_declares_them() {
        let scope = Scope::new(["Route".to_owned(), "Option".to_owned()]);
        assert_eq!(scope.text(STRING), "String");
        assert_eq!(scope.text(OPTION), "::std::option::Option");
        assert_eq!(
            scope.path(ROUTE).to_string(),
            ":: servicestack_runtime :: Route"
        );
        assert_eq!(scope.path(HASH_MAP).to_string(), "HashMap");
        scope.text(SERVICE_REQUEST);
        scope.text(HTTP_METHOD);
        assert_eq!(
            scope.uses(false).to_string(),
            "use :: servicestack_runtime :: { HttpMethod , ServiceRequest } ; \
             use :: std :: collections :: HashMap ;"
        );
    }
}
