//! Metadata → IR: builds the type universe, applies the filter, flattens inheritance with generic
//! substitution, maps .NET types to Rust, names everything and describes each operation.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::error::{Error, Warning};
use crate::filter::{FilterNode, TypeFilter};
use crate::metadata::{
    MetadataOperation, MetadataProperty, MetadataType, MetadataTypeName, MetadataTypes,
};
use crate::model::names::{self, NameSet};
use crate::model::{
    AuthDef, EnumDef, EnumMember, EnumRepr, Extras, Field, FlagsDef, Ir, Item, RequestDef,
    ResponseKind, RouteDef, RustType, StructDef, customize, cycles, is_invisible, member_docs,
    presence::{self, DotnetKind},
};
use crate::options::{CodeOptions, MapType, TextCase, WIRE_TYPES, parse_type_path};
use crate::typeref::{self, TypeRef};

/// Resolves a parsed document into the IR with the default code options, with the warnings met
/// on the way.
pub fn resolve(doc: &MetadataTypes, filter: &TypeFilter) -> Result<(Ir, Vec<Warning>), Error> {
    resolve_with(doc, filter, &CodeOptions::default())
}

/// Resolves a parsed document into the IR with these code options.
pub fn resolve_with(
    doc: &MetadataTypes,
    filter: &TypeFilter,
    options: &CodeOptions,
) -> Result<(Ir, Vec<Warning>), Error> {
    let mut universe = Universe::build(doc)?;
    universe.options = options.clone();
    universe.resolve_replacements()?;
    let nodes = universe.filter_nodes(doc);
    let kept = filter.select(&nodes)?;
    universe.kept = kept;
    universe.flatten_all()?;
    universe.assign_names();
    universe.refine_used_params();
    let mut items = universe.items(doc);
    drop_unused_bases(&mut items, &universe.base_names());
    // Sorted first, so which field of a cycle gets the Box depends only on names.
    items.sort_by(|a, b| a.rust_name().cmp(b.rust_name()));
    cycles::box_cycles(&mut items);
    customize::apply(&mut items, options)?;
    let warnings = universe.warnings.into_values().collect();
    Ok((Ir { items }, warnings))
}

/// Drops the abstract base classes that only exist to be inherited (`QueryBase`, `QueryDb<T>`,
/// `AuditBase`): their members are flattened into every derived struct, so a struct of their own
/// that no field, response or type argument names would be dead code in the output. A base that
/// is also a request, or that something does name, stays.
fn drop_unused_bases(items: &mut Vec<Item>, bases: &HashSet<String>) {
    let mut named = Vec::new();
    for item in items.iter() {
        if let Item::Struct(def) = item {
            for field in &def.fields {
                field.ty.collect_named(&mut named);
            }
            if let Some(request) = &def.request {
                request.response.collect_named(&mut named);
            }
        }
    }
    let named: HashSet<&str> = named.into_iter().collect();
    let unused: HashSet<String> = items
        .iter()
        .filter(|item| match item {
            Item::Struct(def) => {
                def.request.is_none()
                    && bases.contains(&def.rust_name)
                    && !named.contains(def.rust_name.as_str())
            }
            _ => false,
        })
        .map(|item| item.rust_name().to_owned())
        .collect();
    items.retain(|item| !unused.contains(item.rust_name()));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Struct,
    Enum,
    Interface,
    Runtime(&'static str),
}

#[derive(Debug, Clone)]
struct Prop {
    meta: MetadataProperty,
    ty: TypeRef,
}

#[derive(Debug, Clone)]
struct Decl {
    name: String,
    arity: usize,
    namespace: String,
    path: String,
    meta: MetadataType,
    params: Vec<String>,
    props: Vec<Prop>,
    base: Option<(TypeRef, Option<String>)>,
    kind: Kind,
    op: Option<usize>,
}

#[derive(Debug, Clone)]
struct FlatProp {
    prop: Prop,
    /// The type after substituting the generic arguments of every base on the way.
    ty: TypeRef,
}

struct Universe {
    decls: Vec<Decl>,
    by_name: HashMap<String, Vec<usize>>,
    kept: BTreeSet<usize>,
    flat: BTreeMap<usize, Vec<FlatProp>>,
    used_params: BTreeMap<usize, Vec<usize>>,
    rust_names: BTreeMap<usize, String>,
    enum_names: BTreeSet<String>,
    make_all_optional: bool,
    warnings: BTreeMap<String, Warning>,
    options: CodeOptions,
    /// `--replace-type`: .NET name → (Rust path, runtime wire type for wire replacements).
    replacements: BTreeMap<String, (String, Option<&'static str>)>,
}

/// .NET types with a fixed Rust mapping, by name without arity.
fn builtin(name: &str) -> Option<RustType> {
    use RustType::{Json, Primitive, Runtime};
    Some(match name {
        "String" | "Uri" | "Type" => RustType::String,
        "Boolean" => Primitive("bool"),
        "Char" => Primitive("char"),
        "SByte" => Primitive("i8"),
        "Byte" => Primitive("u8"),
        "Int16" => Primitive("i16"),
        "UInt16" => Primitive("u16"),
        "Int32" => Primitive("i32"),
        "UInt32" => Primitive("u32"),
        "Int64" | "IntPtr" => Primitive("i64"),
        "UInt64" | "UIntPtr" => Primitive("u64"),
        "Int128" => Primitive("i128"),
        "UInt128" => Primitive("u128"),
        "Single" | "Half" => Primitive("f32"),
        "Double" => Primitive("f64"),
        "Decimal" => Runtime("Decimal"),
        "DateTime" => Runtime("DateTime"),
        "DateTimeOffset" => Runtime("DateTimeOffset"),
        "DateOnly" => Runtime("DateOnly"),
        "TimeOnly" => Runtime("TimeOnly"),
        "TimeSpan" => Runtime("TimeSpan"),
        "Guid" => Runtime("Guid"),
        "Stream" | "MemoryStream" | "IFormFile" => Runtime("Bytes"),
        "Object" | "JsonNode" | "JsonElement" | "JsonObject" | "JsonArray" | "JsonDocument"
        | "dynamic" => Json,
        _ => return None,
    })
}

/// .NET framework types that are neither builtins nor collections but show up as responses or
/// property types: never generated.
const FRAMEWORK_TYPES: &[&str] = &[
    "Task",
    "ValueTask",
    "Void",
    "Array",
    "Nullable",
    "Tuple",
    "ValueTuple",
    "Enum",
    "ValueType",
    "HttpWebResponse",
    "HttpResponseMessage",
    "IReturn",
    "IReturnVoid",
];

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
    let known = builtin(name).is_some()
        || LIST_TYPES.contains(&name)
        || MAP_TYPES.contains(&name)
        || FRAMEWORK_TYPES.contains(&name);
    namespace == "System"
        || namespace.starts_with("System.")
        || (namespace.is_empty() && meta.properties.is_empty() && known)
}

const LIST_TYPES: &[&str] = &[
    "List",
    "IList",
    "IEnumerable",
    "ICollection",
    "IReadOnlyList",
    "IReadOnlyCollection",
    "HashSet",
    "ISet",
    "SortedSet",
    "Queue",
    "Stack",
    "LinkedList",
    "ArrayList",
    "Collection",
    "ObservableCollection",
    "ReadOnlyCollection",
    "ConcurrentBag",
    "IAsyncEnumerable",
];

const MAP_TYPES: &[&str] = &[
    "Dictionary",
    "IDictionary",
    "IReadOnlyDictionary",
    "SortedDictionary",
    "SortedList",
    "ConcurrentDictionary",
    "OrderedDictionary",
    "IOrderedDictionary",
    "Hashtable",
    "StringDictionary",
    "NameValueCollection",
    "ReadOnlyDictionary",
];

fn is_value_rust_type(ty: &RustType, universe: &Universe) -> bool {
    match ty {
        RustType::Primitive(_) => true,
        RustType::Runtime(name) => super::vocabulary::is_value_runtime_type(name),
        RustType::Named { rust_name, .. } => universe.enum_names.contains(rust_name),
        // A replaced wire type stands for a .NET value type.
        RustType::Replaced { wire, .. } => wire.is_some(),
        _ => false,
    }
}

impl Universe {
    fn build(doc: &MetadataTypes) -> Result<Universe, Error> {
        let mut universe = Universe {
            decls: Vec::new(),
            by_name: HashMap::new(),
            kept: BTreeSet::new(),
            flat: BTreeMap::new(),
            used_params: BTreeMap::new(),
            rust_names: BTreeMap::new(),
            enum_names: BTreeSet::new(),
            make_all_optional: doc
                .config
                .as_ref()
                .and_then(|config| config.get("makePropertiesOptional"))
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            warnings: BTreeMap::new(),
            options: CodeOptions::default(),
            replacements: BTreeMap::new(),
        };
        let mut sources: Vec<(String, &MetadataType, Option<usize>)> = Vec::new();
        for (index, meta) in doc.types.iter().enumerate() {
            sources.push((format!("$.types[{index}]"), meta, None));
        }
        for (index, op) in doc.operations.iter().enumerate() {
            sources.push((
                format!("$.operations[{index}].request"),
                &op.request,
                Some(index),
            ));
        }
        for (index, op) in doc.operations.iter().enumerate() {
            if let Some(response) = &op.response {
                sources.push((format!("$.operations[{index}].response"), response, None));
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
        let mut keys: HashMap<(String, usize, String), usize> = HashMap::new();
        for (path, meta, op) in sources {
            let decl = Decl::new(path, meta, op, &known_names)?;
            let key = (decl.name.clone(), decl.arity, decl.namespace.clone());
            match keys.get(&key) {
                Some(&existing) => {
                    let current = &mut universe.decls[existing];
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
                    keys.insert(key, universe.decls.len());
                    universe
                        .by_name
                        .entry(decl.name.clone())
                        .or_default()
                        .push(universe.decls.len());
                    universe.decls.push(decl);
                }
            }
        }
        universe.add_key_value_pair();
        Ok(universe)
    }

    /// `KeyValuePair<TKey,TValue>` is a system type some documents do not export: define it.
    fn add_key_value_pair(&mut self) {
        let referenced = self.decls.iter().any(|decl| {
            decl.props
                .iter()
                .any(|prop| mentions_type(&prop.ty, "KeyValuePair", 2))
        });
        if !referenced || self.find("KeyValuePair", 2, None).is_some() {
            return;
        }
        let prop = |name: &str, ty: &str| Prop {
            meta: MetadataProperty {
                name: name.into(),
                type_name: Some(ty.into()),
                ..MetadataProperty::default()
            },
            ty: TypeRef::simple(ty),
        };
        let decl = Decl {
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
        };
        self.by_name
            .entry(decl.name.clone())
            .or_default()
            .push(self.decls.len());
        self.decls.push(decl);
    }

    fn find(&self, name: &str, arity: usize, namespace: Option<&str>) -> Option<usize> {
        let candidates: Vec<usize> = self
            .by_name
            .get(name)?
            .iter()
            .copied()
            .filter(|&index| self.decls[index].arity == arity)
            .collect();
        namespace
            .and_then(|namespace| {
                candidates
                    .iter()
                    .copied()
                    .find(|&index| self.decls[index].namespace == namespace)
            })
            .or_else(|| candidates.first().copied())
    }

    /// The Rust names of the kept abstract structs some kept struct inherits.
    fn base_names(&self) -> HashSet<String> {
        self.kept
            .iter()
            .filter_map(|&index| {
                let (base, namespace) = self.decls[index].base.as_ref()?;
                let base_index = self.find_ref(base, namespace.as_deref())?;
                if !self.decls[base_index].meta.is_abstract {
                    return None;
                }
                self.rust_names.get(&base_index).cloned()
            })
            .collect()
    }

    fn find_ref(&self, ty: &TypeRef, namespace: Option<&str>) -> Option<usize> {
        match ty {
            TypeRef::Named { name, args } => self.find(name, args.len(), namespace),
            TypeRef::Array(_) => None,
        }
    }

    fn warn(&mut self, location: &str, message: String) {
        self.warnings
            .entry(format!("{location}: {message}"))
            .or_insert(Warning {
                location: location.to_owned(),
                message,
            });
    }

    fn filter_nodes(&self, doc: &MetadataTypes) -> Vec<FilterNode> {
        self.decls
            .iter()
            .map(|decl| {
                let mut deps = BTreeSet::new();
                for prop in &decl.props {
                    collect_refs(self, &prop.ty, &mut deps);
                }
                if let Some((base, namespace)) = &decl.base {
                    deps.extend(self.find_ref(base, namespace.as_deref()));
                    collect_refs(self, base, &mut deps);
                }
                let op = decl.op.and_then(|index| doc.operations.get(index));
                let mut data_model = None;
                if let Some(op) = op {
                    if let Some(Ok(ty)) = op.return_type.as_ref().map(type_name_ref) {
                        collect_refs(self, &ty, &mut deps);
                    }
                    if let Some(response) = &op.response
                        && let Ok((name, _)) = typeref::split_arity(&response.name)
                    {
                        deps.extend(self.find(
                            &name,
                            response_arity(response),
                            response.namespace.as_deref(),
                        ));
                    }
                    data_model = op
                        .data_model
                        .as_ref()
                        .and_then(|model| type_name_ref(model).ok())
                        .and_then(|ty| self.find_ref(&ty, None));
                }
                FilterNode {
                    name: decl.name.clone(),
                    namespace: decl.namespace.clone(),
                    tags: op.map(|op| op.tags.clone()).unwrap_or_default(),
                    is_operation: op.is_some(),
                    deps: deps.into_iter().collect(),
                    data_model,
                }
            })
            .collect()
    }

    fn flatten_all(&mut self) -> Result<(), Error> {
        let structs: Vec<usize> = self
            .kept
            .iter()
            .copied()
            .filter(|&index| self.decls[index].kind == Kind::Struct)
            .collect();
        for index in structs {
            self.flatten(index)?;
            let decl = &self.decls[index];
            let flat = &self.flat[&index];
            let used = (0..decl.params.len())
                .filter(|&param| {
                    flat.iter()
                        .any(|prop| mentions(&prop.ty, &decl.params[param]))
                })
                .collect();
            self.used_params.insert(index, used);
        }
        Ok(())
    }

    /// Fills `self.flat` for `index` and every base on its chain: base properties first (with
    /// the base's generic parameters bound), then the type's own; a redeclared property keeps
    /// the base's position and takes the derived declaration. Iterative, so a chain of any
    /// length fits the stack.
    fn flatten(&mut self, index: usize) -> Result<(), Error> {
        // `chain[i + 1]` is the base of `chain[i]`; the last one is already flat or has no
        // base of the document.
        let mut chain = vec![index];
        let mut on_chain = HashSet::from([index]);
        loop {
            let current = chain[chain.len() - 1];
            if self.flat.contains_key(&current) {
                break;
            }
            let Some((base, namespace)) = self.decls[current].base.clone() else {
                break;
            };
            match self.find_ref(&base, namespace.as_deref()) {
                Some(base_index) if self.decls[base_index].kind == Kind::Struct => {
                    if !on_chain.insert(base_index) {
                        let start = chain.iter().position(|&i| i == base_index).unwrap_or(0);
                        let mut names: Vec<&str> = chain[start..]
                            .iter()
                            .map(|&i| self.decls[i].meta.name.as_str())
                            .collect();
                        names.push(&self.decls[base_index].meta.name);
                        return Err(Error::Invalid {
                            location: self.decls[base_index].path.clone(),
                            message: format!("inheritance cycle: {}", names.join(" → ")),
                        });
                    }
                    chain.push(base_index);
                }
                Some(_) => break,
                None => {
                    let location = self.decls[current].meta.name.clone();
                    self.warn(
                        &location,
                        format!(
                            "base class `{base}` is not in the document; its properties are missing"
                        ),
                    );
                    break;
                }
            }
        }
        for position in (0..chain.len()).rev() {
            let current = chain[position];
            if self.flat.contains_key(&current) {
                continue;
            }
            let mut flat = match chain.get(position + 1) {
                Some(base_index) => self.bind_base(current, *base_index)?,
                None => Vec::new(),
            };
            let mut by_name: HashMap<String, usize> = flat
                .iter()
                .enumerate()
                .map(|(at, existing)| (existing.prop.meta.name.clone(), at))
                .collect();
            for prop in &self.decls[current].props {
                let own = FlatProp {
                    ty: prop.ty.clone(),
                    prop: prop.clone(),
                };
                match by_name.get(&own.prop.meta.name) {
                    Some(&at) => flat[at] = own,
                    None => {
                        by_name.insert(own.prop.meta.name.clone(), flat.len());
                        flat.push(own);
                    }
                }
            }
            self.flat.insert(current, flat);
        }
        Ok(())
    }

    /// The flat properties of `base_index` as `index` inherits them: with the generic
    /// arguments of `index`'s base reference bound.
    fn bind_base(&self, index: usize, base_index: usize) -> Result<Vec<FlatProp>, Error> {
        let bindings: Vec<(String, TypeRef)> = match &self.decls[index].base {
            Some((TypeRef::Named { args, .. }, _)) => self.decls[base_index]
                .params
                .iter()
                .cloned()
                .zip(args.iter().cloned())
                .collect(),
            _ => Vec::new(),
        };
        self.flat[&base_index]
            .iter()
            .map(|prop| {
                let ty =
                    prop.ty
                        .substitute_checked(&bindings)
                        .map_err(|message| Error::Invalid {
                            location: format!(
                                "{}.{} (inherited from {})",
                                self.decls[index].meta.name,
                                prop.prop.meta.name,
                                self.decls[base_index].meta.name
                            ),
                            message,
                        })?;
                Ok(FlatProp {
                    ty,
                    prop: prop.prop.clone(),
                })
            })
            .collect()
    }

    /// Checks `--replace-type` entries: each names a wire type or a type of the document, and
    /// gives a Rust type path.
    fn resolve_replacements(&mut self) -> Result<(), Error> {
        for (name, path) in self.options.replacements.clone() {
            parse_type_path("--replace-type", &path)?;
            let wire = WIRE_TYPES
                .iter()
                .find(|(wire, _)| *wire == name)
                .map(|(_, runtime)| *runtime);
            if wire.is_none() && !self.by_name.contains_key(&name) {
                return Err(Error::Option {
                    option: "--replace-type".into(),
                    message: format!(
                        "unknown type `{name}`: expected a type of the document or one of Guid, DateTime, \
                         DateTimeOffset, DateOnly, TimeOnly, TimeSpan, Decimal"
                    ),
                });
            }
            self.replacements.insert(name, (path, wire));
        }
        Ok(())
    }

    fn assign_names(&mut self) {
        let mut order: Vec<usize> = self
            .kept
            .iter()
            .copied()
            .filter(|&index| matches!(self.decls[index].kind, Kind::Struct | Kind::Enum))
            // A replaced type is not generated: its references use the replacement.
            .filter(|&index| !self.replacements.contains_key(&self.decls[index].name))
            .collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.decls[a], &self.decls[b]);
            (&a.name, a.arity, &a.namespace).cmp(&(&b.name, b.arity, &b.namespace))
        });
        let mut taken = NameSet::default();
        for index in order {
            let decl = &self.decls[index];
            let plain = names::type_name(&decl.name);
            let name = if !taken.contains(&plain) {
                taken.claim(&plain)
            } else {
                // `Self_` + 1 is `Self1`: an underscore before a digit is not UpperCamelCase.
                let by_arity = format!("{}{}", plain.trim_end_matches('_'), decl.arity);
                let namespace = decl.namespace.rsplit('.').next().unwrap_or_default();
                let by_namespace = format!("{}{plain}", names::type_name(namespace));
                if decl.arity > 0 && !taken.contains(&by_arity) {
                    taken.claim(&by_arity)
                } else {
                    taken.claim(&by_namespace)
                }
            };
            if decl.kind == Kind::Enum {
                self.enum_names.insert(name.clone());
            }
            self.rust_names.insert(index, name);
        }
    }

    fn items(&mut self, doc: &MetadataTypes) -> Vec<Item> {
        let indices: Vec<usize> = self.rust_names.keys().copied().collect();
        indices
            .into_iter()
            .map(|index| match self.decls[index].kind {
                Kind::Enum => self.enum_item(index),
                _ => Item::Struct(self.struct_def(index, doc)),
            })
            .collect()
    }

    /// Narrows each generic struct's parameters to those its Rust fields really use. A
    /// parameter the metadata mentions can vanish in Rust: inside a type that became
    /// `serde_json::Value` (missing, excluded, an interface), as a map key turned `String`, or
    /// only as an argument of the struct itself (`Node<T> { next: Node<T> }`); rustc refuses
    /// an unused parameter (E0392). The least fixpoint: a parameter is used when it appears
    /// outside generated generic structs, or as an argument in a position that is itself used.
    fn refine_used_params(&mut self) {
        let generic: Vec<usize> = self
            .used_params
            .iter()
            .filter(|(index, used)| !used.is_empty() && self.rust_names.contains_key(index))
            .map(|(&index, _)| index)
            .collect();
        if generic.is_empty() {
            return;
        }
        let by_rust_name: HashMap<String, usize> = generic
            .iter()
            .map(|&index| (self.rust_names[&index].clone(), index))
            .collect();
        // Field types with every parameter the metadata mentions: a `Named` argument `k` of a
        // generic struct stands for its parameter `used_params[..][k]`.
        let mut mapped: Vec<(usize, Vec<RustType>)> = Vec::new();
        for &index in &generic {
            let decl = self.decls[index].clone();
            let types = self.flat[&index]
                .clone()
                .iter()
                .map(|flat| {
                    let location = format!("{}.{}", decl.meta.name, flat.prop.meta.name);
                    let namespace = flat.prop.meta.namespace.as_deref();
                    self.map_type(&flat.ty, &decl.params, namespace, &location)
                })
                .collect();
            mapped.push((index, types));
        }
        let mut used: HashMap<usize, BTreeSet<usize>> = HashMap::new();
        loop {
            let mut changed = false;
            for (index, types) in &mapped {
                let mut names = BTreeSet::new();
                for ty in types {
                    self.params_in_use(ty, &by_rust_name, &used, &mut names);
                }
                let positions = &self.used_params[index];
                let params = &self.decls[*index].params;
                for &position in positions {
                    if names.contains(&names::param_name(&params[position]))
                        && used.entry(*index).or_default().insert(position)
                    {
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for index in generic {
            let kept = used.remove(&index).unwrap_or_default();
            self.used_params.insert(index, kept.into_iter().collect());
        }
    }

    /// Rust parameter names `ty` uses, given which positions of generic structs are used.
    fn params_in_use(
        &self,
        ty: &RustType,
        by_rust_name: &HashMap<String, usize>,
        used: &HashMap<usize, BTreeSet<usize>>,
        names: &mut BTreeSet<String>,
    ) {
        match ty {
            RustType::Param(name) => {
                names.insert(name.clone());
            }
            RustType::Option(inner) | RustType::Vec(inner) | RustType::Boxed(inner) => {
                self.params_in_use(inner, by_rust_name, used, names);
            }
            RustType::Map(key, value) => {
                self.params_in_use(key, by_rust_name, used, names);
                self.params_in_use(value, by_rust_name, used, names);
            }
            RustType::Named { rust_name, args } => {
                let target = by_rust_name.get(rust_name);
                for (k, arg) in args.iter().enumerate() {
                    let counts = match target {
                        Some(target) => self.used_params[target].get(k).is_some_and(|position| {
                            used.get(target).is_some_and(|set| set.contains(position))
                        }),
                        None => true,
                    };
                    if counts {
                        self.params_in_use(arg, by_rust_name, used, names);
                    }
                }
            }
            RustType::Replaced { args, .. } => {
                for arg in args {
                    self.params_in_use(arg, by_rust_name, used, names);
                }
            }
            RustType::Primitive(_)
            | RustType::String
            | RustType::Runtime(_)
            | RustType::Json
            | RustType::Unit => {}
        }
    }

    fn struct_def(&mut self, index: usize, doc: &MetadataTypes) -> StructDef {
        let decl = self.decls[index].clone();
        let used = self.used_params.get(&index).cloned().unwrap_or_default();
        // Fields map with every parameter, so one that ends up unused still maps as itself
        // (a map key, an argument of a type that became Value) rather than as a missing type.
        let all_params = decl.params.clone();
        let params: Vec<String> = used
            .iter()
            .map(|&param| decl.params[param].clone())
            .collect();
        let mut field_names = NameSet::default();
        let mut wire_names = NameSet::default();
        let mut fields = Vec::new();
        let text_case = self.text_case(doc);
        for flat in self.flat.get(&index).cloned().unwrap_or_default() {
            let meta = &flat.prop.meta;
            let location = format!("{}.{}", decl.meta.name, meta.name);
            let mapped = self.map_type(&flat.ty, &all_params, meta.namespace.as_deref(), &location);
            let is_param = matches!(&flat.ty, TypeRef::Named { name, args } if args.is_empty() && all_params.contains(name));
            let value_type = !is_param
                && (is_value_rust_type(&mapped, self)
                    || (meta.is_value_type && !matches!(mapped, RustType::Json)));
            let kind = if value_type {
                DotnetKind::Value
            } else {
                DotnetKind::Reference
            };
            let ty = presence::field_type(mapped, kind, self.make_all_optional);
            let required = !matches!(ty, RustType::Option(_))
                || meta.is_required
                || meta
                    .data_member
                    .as_ref()
                    .is_some_and(|member| member.is_required);
            let data_member = meta
                .data_member
                .as_ref()
                .and_then(|member| member.name.as_deref())
                .filter(|name| !name.is_empty());
            let (wire_name, alias) = presence::wire_names(&meta.name, data_member, text_case);
            let wire_name = if wire_names.contains(&wire_name) {
                // Two properties that camel-case alike (`Id`, `ID`): the later keeps its C# name.
                let fallback = wire_names.claim(&meta.name);
                self.warn(
                    &location,
                    format!("another property is already sent as `{wire_name}`; this one is sent as `{fallback}`"),
                );
                fallback
            } else {
                wire_names.claim(&wire_name)
            };
            let mut docs = doc_lines(meta.description.as_deref());
            let rules = member_docs::attribute_doc_lines(meta);
            if !rules.is_empty() && !docs.is_empty() {
                docs.push(String::new());
            }
            docs.extend(rules);
            fields.push(Field {
                dotnet_name: meta.name.clone(),
                rust_name: field_names.claim(&names::field_name(&meta.name)),
                aliases: alias
                    .into_iter()
                    .filter(|alias| *alias != wire_name)
                    .collect(),
                wire_name,
                lenient: presence::needs_lenient(&ty, &|name| self.enum_names.contains(name)),
                ty,
                required,
                docs,
            });
        }
        presence::dedupe_aliases(&mut fields);
        let mut docs = doc_lines(decl.meta.description.as_deref());
        let notes = doc_lines(decl.meta.notes.as_deref());
        if !notes.is_empty() {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.extend(notes);
        }
        let op = decl.op.and_then(|op| doc.operations.get(op));
        let request = op.map(|op| self.request_def(&decl, op));
        let tags = op
            .map(|op| {
                op.tags
                    .iter()
                    .map(|tag| tag.trim().to_owned())
                    .filter(|tag| !tag.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        StructDef {
            rust_name: self.rust_names[&index].clone(),
            dotnet_name: qualified(&decl),
            generics: params
                .iter()
                .map(|param| names::param_name(param))
                .collect(),
            docs,
            fields,
            request,
            extras: Extras {
                tags,
                ..Extras::default()
            },
        }
    }

    /// The member name case: the option, else what the document says, else camelCase.
    fn text_case(&self, doc: &MetadataTypes) -> TextCase {
        self.options.text_case.unwrap_or_else(|| {
            doc.text_case
                .as_deref()
                .and_then(|text| TextCase::parse(text).ok())
                .unwrap_or_default()
        })
    }

    fn request_def(&mut self, decl: &Decl, op: &MetadataOperation) -> RequestDef {
        let location = decl.meta.name.clone();
        let routes: Vec<RouteDef> = op
            .routes
            .iter()
            .filter(|route| !route.path.trim().is_empty())
            .map(|route| RouteDef {
                path: route.path.trim().to_owned(),
                verbs: route.verbs.as_deref().map(parse_verbs).unwrap_or_default(),
            })
            .collect();
        let method = op
            .method
            .as_deref()
            .and_then(canonical_verb)
            .or_else(|| routes.iter().find_map(|route| route.verbs.first().copied()))
            .unwrap_or("POST");
        let (response, response_kind) = if op.returns_void {
            (RustType::Unit, ResponseKind::Void)
        } else if let Some(reference) = &op.return_type {
            self.response_type(reference, &location)
        } else if let Some(response) = op.response.as_ref().filter(|response| !is_open(response)) {
            let reference = MetadataTypeName {
                name: response.name.clone(),
                namespace: response.namespace.clone(),
                generic_args: response.generic_args.clone(),
            };
            self.response_type(&reference, &location)
        } else {
            (RustType::Json, ResponseKind::Json)
        };
        let strings = |list: &[String]| list.iter().map(|item| item.trim().to_owned()).collect();
        RequestDef {
            operation_name: decl.name.clone(),
            method,
            routes,
            auth: AuthDef {
                requires_auth: op.requires_auth,
                requires_api_key: op.requires_api_key,
                required_roles: strings(&op.required_roles),
                requires_any_role: strings(&op.requires_any_role),
                required_permissions: strings(&op.required_permissions),
                requires_any_permission: strings(&op.requires_any_permission),
            },
            response,
            response_kind,
            auto_query: self.inherits_query(decl),
        }
    }

    /// Whether `decl` inherits `ServiceStack.QueryDb` or `ServiceStack.QueryData` (one or two
    /// type arguments), directly or through bases of the document.
    fn inherits_query(&self, decl: &Decl) -> bool {
        let mut base = decl.base.clone();
        let mut seen = HashSet::new();
        while let Some((reference, namespace)) = base {
            if let TypeRef::Named { name, args } = &reference
                && matches!(name.as_str(), "QueryDb" | "QueryData")
                && matches!(args.len(), 1 | 2)
                && namespace
                    .as_deref()
                    .is_none_or(|namespace| namespace == "ServiceStack")
            {
                return true;
            }
            let Some(index) = self.find_ref(&reference, namespace.as_deref()) else {
                return false;
            };
            if !seen.insert(index) {
                return false;
            }
            base = self.decls[index].base.clone();
        }
        false
    }

    fn response_type(
        &mut self,
        reference: &MetadataTypeName,
        location: &str,
    ) -> (RustType, ResponseKind) {
        let ty = match type_name_ref(reference) {
            Ok(ty) => ty,
            Err(message) => {
                self.warn(
                    location,
                    format!("unreadable response type ({message}); using serde_json::Value"),
                );
                return (RustType::Json, ResponseKind::Json);
            }
        };
        match &ty {
            TypeRef::Named { name, .. } if name == "String" => {
                (RustType::String, ResponseKind::Text)
            }
            TypeRef::Named { name, .. }
                if matches!(
                    name.as_str(),
                    "Stream" | "HttpWebResponse" | "HttpResponseMessage"
                ) =>
            {
                (
                    RustType::Vec(Box::new(RustType::Primitive("u8"))),
                    ResponseKind::Bytes,
                )
            }
            TypeRef::Array(element) if **element == TypeRef::simple("Byte") => (
                RustType::Vec(Box::new(RustType::Primitive("u8"))),
                ResponseKind::Bytes,
            ),
            TypeRef::Named { name, args }
                if args.is_empty() && matches!(name.as_str(), "Void" | "Task" | "ValueTask") =>
            {
                (RustType::Unit, ResponseKind::Void)
            }
            TypeRef::Named { name, args } if args.is_empty() && name == "Object" => {
                (RustType::Json, ResponseKind::Json)
            }
            TypeRef::Named { name, args }
                if (name == "Task" || name == "ValueTask") && args.len() == 1 =>
            {
                let inner = MetadataTypeName {
                    name: args[0].to_string(),
                    ..MetadataTypeName::default()
                };
                self.response_type(&inner, location)
            }
            _ => (
                self.map_type(&ty, &[], reference.namespace.as_deref(), location),
                ResponseKind::Json,
            ),
        }
    }

    fn map_type(
        &mut self,
        ty: &TypeRef,
        params: &[String],
        namespace: Option<&str>,
        location: &str,
    ) -> RustType {
        let (name, args) = match ty {
            TypeRef::Array(element) if **element == TypeRef::simple("Byte") => {
                return RustType::Runtime("Bytes");
            }
            TypeRef::Array(element) => {
                return RustType::Vec(Box::new(
                    self.map_type(element, params, namespace, location),
                ));
            }
            TypeRef::Named { name, args } => (name.as_str(), args.as_slice()),
        };
        if args.is_empty() && params.iter().any(|param| param == name) {
            return RustType::Param(names::param_name(name));
        }
        let arg = |this: &mut Self, index: usize| match args.get(index) {
            Some(arg) => this.map_type(arg, params, None, location),
            None => RustType::Json,
        };
        if let Some((path, wire)) = self.replacements.get(name).cloned()
            && (wire.is_none() || args.is_empty())
        {
            let args = (0..args.len()).map(|index| arg(self, index)).collect();
            return RustType::Replaced { path, args, wire };
        }
        if name == "Nullable" && args.is_empty() {
            self.warn(
                location,
                "`Nullable` has no type argument in the document; using Option<serde_json::Value>"
                    .into(),
            );
            return RustType::Option(Box::new(RustType::Json));
        }
        if name == "Nullable" && args.len() == 1 {
            return match arg(self, 0) {
                RustType::Option(inner) => RustType::Option(inner),
                inner => RustType::Option(Box::new(inner)),
            };
        }
        if LIST_TYPES.contains(&name) && args.len() <= 1 {
            return RustType::Vec(Box::new(arg(self, 0)));
        }
        if MAP_TYPES.contains(&name) && (args.len() == 2 || args.is_empty()) {
            let (key, value) = match name {
                "StringDictionary" | "NameValueCollection" => (RustType::String, RustType::String),
                _ if args.is_empty() => (RustType::String, RustType::Json),
                _ => (arg(self, 0), arg(self, 1)),
            };
            return RustType::Map(Box::new(map_key(key, self)), Box::new(value));
        }
        // A user type may share a system type's name (`MyApp.String`): the property's namespace
        // tells them apart.
        let user_type = namespace
            .filter(|namespace| !namespace.starts_with("System"))
            .and_then(|namespace| self.find(name, args.len(), Some(namespace)))
            .filter(|&index| self.decls[index].namespace == namespace.unwrap_or_default());
        if user_type.is_none()
            && args.is_empty()
            && let Some(mapped) = builtin(name)
        {
            return mapped;
        }
        match self
            .find(name, args.len(), namespace)
            .map(|index| (index, self.decls[index].kind))
        {
            Some((_, Kind::Runtime(runtime))) => RustType::Runtime(runtime),
            Some((index, Kind::Struct | Kind::Enum)) if self.rust_names.contains_key(&index) => {
                let used = self.used_params.get(&index).cloned().unwrap_or_default();
                let args = used.iter().map(|&position| arg(self, position)).collect();
                RustType::Named {
                    rust_name: self.rust_names[&index].clone(),
                    args,
                }
            }
            Some((_, Kind::Interface)) => {
                self.warn(
                    location,
                    format!("`{ty}` is an interface; using serde_json::Value"),
                );
                RustType::Json
            }
            Some(_) => {
                self.warn(
                    location,
                    format!("`{ty}` is excluded from the output; using serde_json::Value"),
                );
                RustType::Json
            }
            None if args.is_empty() && matches!(name, "ResponseStatus" | "ResponseError") => {
                RustType::Runtime(if name == "ResponseStatus" {
                    "ResponseStatus"
                } else {
                    "ResponseError"
                })
            }
            None => {
                self.warn(
                    location,
                    format!("type `{ty}` is not in the document; using serde_json::Value"),
                );
                RustType::Json
            }
        }
    }

    fn enum_item(&mut self, index: usize) -> Item {
        let decl = self.decls[index].clone();
        let meta = &decl.meta;
        let is_flags = meta.has_flags_attribute();
        let mut member_names = NameSet::default();
        let mut members = Vec::new();
        for (position, dotnet) in meta.enum_names.iter().enumerate() {
            let value = match meta.enum_values.get(position) {
                Some(text) => match text.trim().parse::<i64>() {
                    Ok(value) => value,
                    Err(_) => {
                        self.warn(
                            &format!("{}.{dotnet}", meta.name),
                            format!("enum value `{text}` is not an integer; using {position}"),
                        );
                        position as i64
                    }
                },
                None => position as i64,
            };
            let wire_name = meta
                .enum_member_values
                .get(position)
                .cloned()
                .flatten()
                .filter(|wire| !wire.is_empty())
                .unwrap_or_else(|| dotnet.clone());
            let rust_name = if is_flags {
                names::const_name(dotnet)
            } else {
                names::variant_name(dotnet)
            };
            members.push(EnumMember {
                rust_name: member_names.claim(&rust_name),
                wire_name,
                value,
                docs: doc_lines(
                    meta.enum_descriptions
                        .get(position)
                        .cloned()
                        .flatten()
                        .as_deref(),
                ),
            });
        }
        let rust_name = self.rust_names[&index].clone();
        let docs = doc_lines(meta.description.as_deref());
        if is_flags {
            return Item::Flags(FlagsDef {
                rust_name,
                dotnet_name: qualified(&decl),
                docs,
                members,
                extras: Extras::default(),
            });
        }
        let default_member = members
            .iter()
            .position(|member| member.value == 0)
            .or(if members.is_empty() { None } else { Some(0) });
        Item::Enum(EnumDef {
            rust_name,
            dotnet_name: qualified(&decl),
            docs,
            repr: if meta.is_enum_int {
                EnumRepr::Int
            } else {
                EnumRepr::String
            },
            default_member,
            catch_all: self
                .options
                .forward_compatible_enums
                .then(|| member_names.claim("UnknownValue")),
            extras: Extras::default(),
            members,
        })
    }
}

impl Decl {
    fn new(
        path: String,
        meta: &MetadataType,
        op: Option<usize>,
        known: &BTreeSet<String>,
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
            props.push(Prop {
                meta: prop.clone(),
                ty,
            });
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
                .any(|arg| known.contains(arg) || builtin(arg).is_some())
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
            meta: meta.clone(),
            params,
            props,
            base,
            kind,
            op,
        })
    }
}

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

fn mentions(ty: &TypeRef, param: &str) -> bool {
    match ty {
        TypeRef::Array(element) => mentions(element, param),
        TypeRef::Named { name, args } => {
            (args.is_empty() && name == param) || args.iter().any(|arg| mentions(arg, param))
        }
    }
}

fn mentions_type(ty: &TypeRef, wanted: &str, arity: usize) -> bool {
    match ty {
        TypeRef::Array(element) => mentions_type(element, wanted, arity),
        TypeRef::Named { name, args } => {
            (name == wanted && args.len() == arity)
                || args.iter().any(|arg| mentions_type(arg, wanted, arity))
        }
    }
}

fn collect_refs(universe: &Universe, ty: &TypeRef, deps: &mut BTreeSet<usize>) {
    match ty {
        TypeRef::Array(element) => collect_refs(universe, element, deps),
        TypeRef::Named { name, args } => {
            deps.extend(universe.find(name, args.len(), None));
            for arg in args {
                collect_refs(universe, arg, deps);
            }
        }
    }
}

fn type_name_ref(reference: &MetadataTypeName) -> Result<TypeRef, String> {
    typeref::parse_with_args(&reference.name, &reference.generic_args)
}

fn response_arity(response: &MetadataType) -> usize {
    typeref::split_arity(&response.name)
        .ok()
        .and_then(|(_, arity)| arity)
        .unwrap_or(0)
}

/// An open generic response (`QueryResponse<T>` with `T` a parameter) says nothing usable.
fn is_open(response: &MetadataType) -> bool {
    response.is_generic_type_def
        || (response_arity(response) > 0
            && response.generic_args.iter().all(|arg| {
                arg.len() <= 2
                    || (arg.starts_with('T') && arg.chars().nth(1).is_some_and(char::is_uppercase))
            }))
}

fn map_key(key: RustType, universe: &Universe) -> RustType {
    if universe.options.map_type == MapType::BTree {
        // BTreeMap keys must be ordered.
        return match &key {
            RustType::String | RustType::Runtime("TimeSpan" | "Decimal") => key,
            RustType::Primitive(name) if !name.starts_with('f') => key,
            RustType::Named { .. } if is_value_rust_type(&key, universe) => key,
            _ => RustType::String,
        };
    }
    match &key {
        RustType::String
        | RustType::Runtime(
            "DateTime" | "DateTimeOffset" | "DateOnly" | "TimeOnly" | "TimeSpan" | "Guid"
            | "Decimal",
        ) => key,
        RustType::Primitive(name) if !name.starts_with('f') => key,
        RustType::Named { .. } if is_value_rust_type(&key, universe) => key,
        _ => RustType::String,
    }
}

fn canonical_verb(verb: &str) -> Option<&'static str> {
    const VERBS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    VERBS
        .into_iter()
        .find(|known| known.eq_ignore_ascii_case(verb.trim()))
}

fn parse_verbs(verbs: &str) -> Vec<&'static str> {
    let mut parsed: Vec<&'static str> = Vec::new();
    for verb in verbs.split(',').filter_map(canonical_verb) {
        if !parsed.contains(&verb) {
            parsed.push(verb);
        }
    }
    parsed
}

fn qualified(decl: &Decl) -> String {
    if decl.namespace.is_empty() {
        decl.meta.name.clone()
    } else {
        format!("{}.{}", decl.namespace, decl.meta.name)
    }
}

/// Description text split into doc lines (escaping is the emitter's job).
fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    // Invisible characters (bidi controls, zero-width spaces) say nothing: a description made
    // only of them is no description.
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let visible: String = line.chars().filter(|&c| !is_invisible(c)).collect();
            visible.trim().to_owned()
        })
        .collect();
    let start = lines
        .iter()
        .position(|line| !line.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|line| !line.is_empty())
        .map_or(start, |end| end + 1);
    lines[start..end].to_vec()
}
