//! The names a scope of a generated file can use short: its `use` lines, and the prelude
//! names unless a generated item shadows them.

use syn::Item as SynItem;

/// How the file names std, serde and runtime items: its `use` lines, and its own item names
/// (which shadow the prelude's `Option`, `Vec`, `Box` and `String`).
/// Names are per scope: the file's top level, or one `pub mod`.
#[derive(Default)]
pub(super) struct Names {
    imports: std::collections::HashMap<(Option<String>, String), Vec<String>>,
    declared: std::collections::HashSet<(Option<String>, String)>,
}

/// The names of one scope.
pub(super) struct ScopeNames<'a> {
    names: &'a Names,
    module: Option<String>,
}

impl Names {
    pub(super) fn of(items: &[(&SynItem, Option<String>)]) -> Names {
        let mut names = Names::default();
        for (item, module) in items {
            let declared = match item {
                SynItem::Use(item) => {
                    names.import(module, &item.tree, Vec::new());
                    continue;
                }
                SynItem::Struct(item) => item.ident.to_string(),
                SynItem::Enum(item) => item.ident.to_string(),
                _ => continue,
            };
            names.declared.insert((module.clone(), declared));
        }
        names
    }

    fn import(&mut self, module: &Option<String>, tree: &syn::UseTree, mut prefix: Vec<String>) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.import(module, &path.tree, prefix);
            }
            syn::UseTree::Name(name) => {
                prefix.push(name.ident.to_string());
                self.imports
                    .insert((module.clone(), name.ident.to_string()), prefix);
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.import(module, tree, prefix.clone());
                }
            }
            syn::UseTree::Rename(_) | syn::UseTree::Glob(_) => {}
        }
    }

    pub(super) fn scope(&self, module: Option<String>) -> ScopeNames<'_> {
        ScopeNames {
            names: self,
            module,
        }
    }
}

impl ScopeNames<'_> {
    /// The absolute path (without the leading `::`) a path of the scope stands for.
    pub(super) fn canonical(&self, segments: Vec<String>) -> Vec<String> {
        let [name] = segments.as_slice() else {
            return segments;
        };
        let key = (self.module.clone(), name.clone());
        if let Some(path) = self.names.imports.get(&key) {
            return path.clone();
        }
        let prelude = match name.as_str() {
            "Option" => ["std", "option", "Option"],
            "Vec" => ["std", "vec", "Vec"],
            "Box" => ["std", "boxed", "Box"],
            "String" => ["std", "string", "String"],
            _ => return segments,
        };
        if self.names.declared.contains(&key) {
            return segments;
        }
        prelude
            .iter()
            .map(|segment| (*segment).to_owned())
            .collect()
    }
}
