//! Pass 1, the index: every declaration of the document, once.
//!
//! Reads the parsed document (its types, and the request and response type of each operation)
//! and produces an [`Index`]: one [`Decl`] per (name, generic arity, namespace), with .NET's own
//! types left out, closed generics (`QueryResponse<Todo>` on 6.x servers) turned back into their
//! definitions, `KeyValuePair<TKey,TValue>` defined when the document uses it without declaring
//! it, and every property normalised once ([`Prop`]: parsed type, wire names, requiredness,
//! docs). Later passes only read it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::error::Error;
use crate::metadata::{MetadataProperty, MetadataType, MetadataTypeName, MetadataTypes};
use crate::model::{member_docs, presence, vocabulary};
use crate::options::TextCase;
use crate::typeref::{self, TypeRef};

/// A declaration's position in the [`Index`].
pub(super) type DeclId = usize;

/// Per struct, the positions of the generic parameters it keeps, ascending. A declaration
/// without an entry keeps none.
pub(super) type UsedParams = BTreeMap<DeclId, Vec<usize>>;

/// What a declaration becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A generated struct.
    Struct,
    /// A generated enum or `[Flags]` newtype.
    Enum,
    /// An interface: never generated, referenced as JSON.
    Interface,
    /// A DTO the runtime already defines (`ResponseStatus`, `ResponseError`).
    Runtime(&'static str),
}

/// A declared property, normalised: everything later passes need, computed once even when the
/// property is flattened into many derived structs.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Prop {
    /// The C# name.
    pub(super) name: String,
    /// The declared type, in the declaring type's own generic parameters.
    pub(super) ty: TypeRef,
    /// Namespace of the declared type: tells a user type from a system type of the same name.
    pub(super) namespace: Option<String>,
    /// The member name it is sent under, in the document's text case.
    pub(super) wire_name: String,
    /// Another spelling it is read under (`SessionId` for `sessionId`).
    pub(super) alias: Option<String>,
    /// Declared non-null (`isRequired`, `[DataMember(IsRequired)]`).
    pub(super) declared_required: bool,
    /// The server says the .NET type is a value type.
    pub(super) is_value_type: bool,
    /// Description lines, then the lines its attributes ask for.
    pub(super) docs: Vec<String>,
}

/// One declaration of the document.
#[derive(Debug, Clone)]
pub(super) struct Decl {
    /// .NET name without arity (`QueryDb`).
    pub(super) name: String,
    /// Number of generic parameters.
    pub(super) arity: usize,
    /// .NET namespace; empty when the document gives none.
    pub(super) namespace: String,
    /// JSON path of the declaration, for errors.
    pub(super) path: String,
    /// The declaration as the document gives it; its properties are in `props` instead.
    pub(super) meta: MetadataType,
    /// Generic parameter names, one per arity.
    pub(super) params: Vec<String>,
    /// Own properties, in declaration order.
    pub(super) props: Vec<Prop>,
    /// Base class, with the namespace the document gives for it.
    pub(super) base: Option<(TypeRef, Option<String>)>,
    /// What it becomes.
    pub(super) kind: Kind,
    /// Position in `doc.operations` of the operation whose request this is.
    pub(super) op: Option<usize>,
}

impl Decl {
    /// `Namespace.Name`, with the arity suffix as .NET writes it, for docs.
    pub(super) fn qualified_name(&self) -> String {
        if self.namespace.is_empty() {
            self.meta.name.clone()
        } else {
            format!("{}.{}", self.namespace, self.meta.name)
        }
    }
}

/// Every declaration of the document, looked up by name, arity and namespace.
#[derive(Debug)]
pub(super) struct Index {
    decls: Vec<Decl>,
    by_name: HashMap<String, Vec<DeclId>>,
}

impl Index {
    /// Indexes `doc`; property wire names follow `text_case`. Fails on a declaration that
    /// cannot be read (no type name, an unparsable type, a wrong generic argument count).
    pub(super) fn build(doc: &MetadataTypes, text_case: TextCase) -> Result<Index, Error> {
        let mut index = Index {
            decls: Vec::new(),
            by_name: HashMap::new(),
        };
        let mut sources: Vec<(String, &MetadataType, Option<usize>)> = Vec::new();
        for (position, meta) in doc.types.iter().enumerate() {
            sources.push((format!("$.types[{position}]"), meta, None));
        }
        for (position, op) in doc.operations.iter().enumerate() {
            let path = format!("$.operations[{position}].request");
            sources.push((path, &op.request, Some(position)));
        }
        for (position, op) in doc.operations.iter().enumerate() {
            if let Some(response) = &op.response {
                let path = format!("$.operations[{position}].response");
                sources.push((path, response, None));
            }
        }
        // .NET's own types (`System.String` as a response, `Task<T>`, `Byte[]`) map to Rust
        // types; as items they would shadow std's `String` in a glob import.
        sources.retain(|(_, meta, _)| !is_framework_type(meta));
        let mut known_names: BTreeSet<String> = BTreeSet::new();
        for (path, meta, _) in &sources {
            let (name, _) = typeref::split_arity(&meta.name).map_err(|message| Error::Invalid {
                location: format!("{path}.name"),
                message,
            })?;
            known_names.insert(name);
        }
        let mut keys: HashMap<(String, usize, String), DeclId> = HashMap::new();
        for (path, meta, op) in sources {
            let decl = Decl::new(path, meta, op, &known_names, text_case)?;
            let key = (decl.name.clone(), decl.arity, decl.namespace.clone());
            match keys.get(&key) {
                // The same type declared twice (as a type and as an operation's request or
                // response): the declaration with members wins, and the operation sticks.
                Some(&existing) => {
                    let current = &mut index.decls[existing];
                    if current.props.is_empty()
                        && !decl.props.is_empty()
                        && current.kind == decl.kind
                    {
                        let op = current.op.or(decl.op);
                        *current = decl;
                        current.op = op;
                    } else if decl.op.is_some() && current.op.is_none() {
                        current.op = decl.op;
                    }
                }
                None => {
                    keys.insert(key, index.decls.len());
                    index.push(decl);
                }
            }
        }
        index.add_key_value_pair(text_case);
        Ok(index)
    }

    fn push(&mut self, decl: Decl) {
        self.by_name
            .entry(decl.name.clone())
            .or_default()
            .push(self.decls.len());
        self.decls.push(decl);
    }

    /// `KeyValuePair<TKey,TValue>` is a system type some documents do not export, and it has no
    /// Rust equivalent: define it.
    fn add_key_value_pair(&mut self, text_case: TextCase) {
        let referenced = self.decls.iter().any(|decl| {
            decl.props
                .iter()
                .any(|prop| prop.ty.mentions("KeyValuePair", 2))
        });
        if !referenced || self.find("KeyValuePair", 2, None).is_some() {
            return;
        }
        let prop = |name: &str, ty: &str| {
            let meta = MetadataProperty {
                name: name.into(),
                type_name: Some(ty.into()),
                ..MetadataProperty::default()
            };
            Prop::new(&meta, TypeRef::simple(ty), text_case)
        };
        self.push(Decl {
            name: "KeyValuePair".into(),
            arity: 2,
            namespace: "System.Collections.Generic".into(),
            path: "(built-in KeyValuePair<TKey,TValue>)".into(),
            meta: MetadataType {
                name: "KeyValuePair`2".into(),
                ..MetadataType::default()
            },
            params: vec!["TKey".into(), "TValue".into()],
            props: vec![prop("Key", "TKey"), prop("Value", "TValue")],
            base: None,
            kind: Kind::Struct,
            op: None,
        });
    }

    /// The declaration at `id`.
    pub(super) fn decl(&self, id: DeclId) -> &Decl {
        &self.decls[id]
    }

    /// Every declaration with its id, in index order.
    pub(super) fn decls(&self) -> impl Iterator<Item = (DeclId, &Decl)> {
        self.decls.iter().enumerate()
    }

    /// Whether some declaration has this name (any arity or namespace).
    pub(super) fn has_name(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The declaration `name` with `arity` parameters: the one in `namespace` if there is one,
    /// else the first indexed.
    pub(super) fn find(&self, name: &str, arity: usize, namespace: Option<&str>) -> Option<DeclId> {
        let candidates: Vec<DeclId> = self
            .by_name
            .get(name)?
            .iter()
            .copied()
            .filter(|&id| self.decls[id].arity == arity)
            .collect();
        namespace
            .and_then(|namespace| {
                candidates
                    .iter()
                    .copied()
                    .find(|&id| self.decls[id].namespace == namespace)
            })
            .or_else(|| candidates.first().copied())
    }

    /// The declaration a type reference names; arrays name none.
    pub(super) fn find_ref(&self, ty: &TypeRef, namespace: Option<&str>) -> Option<DeclId> {
        match ty {
            TypeRef::Named { name, args } => self.find(name, args.len(), namespace),
            TypeRef::Array(_) => None,
        }
    }

    /// Adds the declarations `ty` mentions (itself and its arguments, at any depth) to `deps`.
    pub(super) fn collect_refs(&self, ty: &TypeRef, deps: &mut BTreeSet<DeclId>) {
        match ty {
            TypeRef::Array(element) => self.collect_refs(element, deps),
            TypeRef::Named { name, args } => {
                deps.extend(self.find(name, args.len(), None));
                for arg in args {
                    self.collect_refs(arg, deps);
                }
            }
        }
    }
}

impl Prop {
    fn new(meta: &MetadataProperty, ty: TypeRef, text_case: TextCase) -> Prop {
        let data_member = meta
            .data_member
            .as_ref()
            .and_then(|member| member.name.as_deref())
            .filter(|name| !name.is_empty());
        let (wire_name, alias) = presence::wire_names(&meta.name, data_member, text_case);
        let mut docs = member_docs::doc_lines(meta.description.as_deref());
        let rules = member_docs::attribute_doc_lines(meta);
        if !rules.is_empty() && !docs.is_empty() {
            docs.push(String::new());
        }
        docs.extend(rules);
        Prop {
            name: meta.name.clone(),
            ty,
            namespace: meta.namespace.clone(),
            wire_name,
            alias,
            declared_required: meta.is_required
                || meta
                    .data_member
                    .as_ref()
                    .is_some_and(|member| member.is_required),
            is_value_type: meta.is_value_type,
            docs,
        }
    }
}

impl Decl {
    fn new(
        path: String,
        meta: &MetadataType,
        op: Option<usize>,
        known: &BTreeSet<String>,
        text_case: TextCase,
    ) -> Result<Decl, Error> {
        let (name, arity) = typeref::split_arity(&meta.name).map_err(|message| Error::Invalid {
            location: format!("{path}.name"),
            message,
        })?;
        let arity = arity.unwrap_or(0);
        let mut props = Vec::new();
        for (position, prop) in meta.properties.iter().enumerate() {
            let location = format!(
                "{}.{} ({path}.properties[{position}])",
                meta.name, prop.name
            );
            let type_name = prop
                .type_name
                .as_deref()
                .filter(|ty| !ty.trim().is_empty())
                .ok_or_else(|| Error::Invalid {
                    location: location.clone(),
                    message: "the property has no `type`".into(),
                })?;
            let ty = typeref::parse_with_args(type_name, &prop.generic_args)
                .map_err(|message| Error::Invalid { location, message })?;
            props.push(Prop::new(prop, ty, text_case));
        }
        let base = match &meta.inherits {
            Some(base) => Some((
                type_name_ref(base).map_err(|message| Error::Invalid {
                    location: format!("{} ({path}.inherits)", meta.name),
                    message,
                })?,
                base.namespace.clone(),
            )),
            None => None,
        };
        let mut params: Vec<String> = meta
            .generic_args
            .iter()
            .map(|arg| {
                typeref::split_arity(arg)
                    .map(|(name, _)| name)
                    .unwrap_or_default()
            })
            .collect();
        if arity > 0
            && !meta.is_generic_type_def
            && !params.is_empty()
            && params
                .iter()
                .any(|arg| known.contains(arg) || vocabulary::builtin(arg).is_some())
        {
            // A closed generic (`QueryResponse<Todo>` on 6.x servers): recover the definition by
            // turning its arguments back into parameters.
            if params.len() != arity {
                return Err(Error::Invalid {
                    location: format!("{} ({path}.genericArgs)", meta.name),
                    message: format!(
                        "`{}` takes {arity} type argument(s) but genericArgs has {}",
                        meta.name,
                        params.len()
                    ),
                });
            }
            let generic: Vec<String> = if arity == 1 {
                vec!["T".into()]
            } else {
                (1..=arity).map(|n| format!("T{n}")).collect()
            };
            let concrete: Vec<TypeRef> = meta
                .generic_args
                .iter()
                .map(|arg| typeref::parse_expression(arg).unwrap_or_else(|_| TypeRef::simple(arg)))
                .collect();
            for prop in &mut props {
                prop.ty = unsubstitute(&prop.ty, &concrete, &generic);
            }
            params = generic;
        } else if arity > 0 && params.len() != arity {
            params = (1..=arity).map(|n| format!("T{n}")).collect();
        } else if arity == 0 {
            params.clear();
        }
        let namespace = meta.namespace.clone().unwrap_or_default();
        let kind = if meta.is_enum {
            Kind::Enum
        } else if meta.is_interface {
            Kind::Interface
        } else if (namespace.is_empty() || namespace == "ServiceStack") && arity == 0 {
            match name.as_str() {
                "ResponseStatus" => Kind::Runtime("ResponseStatus"),
                "ResponseError" => Kind::Runtime("ResponseError"),
                _ => Kind::Struct,
            }
        } else {
            Kind::Struct
        };
        Ok(Decl {
            name,
            arity,
            namespace,
            path,
            meta: MetadataType {
                properties: Vec::new(),
                ..meta.clone()
            },
            params,
            props,
            base,
            kind,
            op,
        })
    }
}

/// Whether a declared type is one of .NET's (a `System` namespace, or no namespace, no members
/// and a framework name), as opposed to a DTO of the API. `KeyValuePair<K,V>` is generated on
/// purpose: it has members and no Rust equivalent.
fn is_framework_type(meta: &MetadataType) -> bool {
    let Ok((name, _)) = typeref::split_arity(&meta.name) else {
        return false;
    };
    let name = name.trim_end_matches("[]");
    if name == "KeyValuePair" {
        return false;
    }
    let namespace = meta.namespace.as_deref().unwrap_or_default();
    namespace == "System"
        || namespace.starts_with("System.")
        || (namespace.is_empty() && meta.properties.is_empty() && vocabulary::is_dotnet_name(name))
}

/// `ty` with every occurrence of a `concrete` argument replaced by its parameter.
fn unsubstitute(ty: &TypeRef, concrete: &[TypeRef], params: &[String]) -> TypeRef {
    if let Some(position) = concrete.iter().position(|arg| arg == ty) {
        return TypeRef::simple(&params[position]);
    }
    match ty {
        TypeRef::Array(element) => {
            TypeRef::Array(Box::new(unsubstitute(element, concrete, params)))
        }
        TypeRef::Named { name, args } => TypeRef::Named {
            name: name.clone(),
            args: args
                .iter()
                .map(|arg| unsubstitute(arg, concrete, params))
                .collect(),
        },
    }
}

/// A type reference of the document (`inherits`, `returnType`) parsed.
pub(super) fn type_name_ref(reference: &MetadataTypeName) -> Result<TypeRef, String> {
    typeref::parse_with_args(&reference.name, &reference.generic_args)
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
