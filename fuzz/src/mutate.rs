//! JSON-level mutations of the project's fixtures: pick a seed document, walk to nodes by
//! arbitrary paths and change them (hostile strings, wrong shapes, removed or duplicated
//! members, subtrees copied elsewhere). Every mutated document stays valid JSON, so the
//! generator's later stages see far more inputs than byte-level mutations would give them.

use arbitrary::Arbitrary;
use serde_json::Value;
use servicestack_codegen::Config;

use crate::pools::{self, pick};

/// A seed, the mutations to apply to it, and generator options.
#[derive(Arbitrary, Debug)]
pub struct Mutated {
    pub seed: u8,
    pub mutations: Vec<Mutation>,
    /// `--include-types` patterns built from the document's own type names.
    pub include: Vec<NamePattern>,
    /// `--exclude-types` names, by index into the document's type names.
    pub exclude: Vec<u16>,
}

#[derive(Arbitrary, Debug)]
pub struct Mutation {
    /// Child indices from the root; each picks `index % len` among an object's members or an
    /// array's elements; the walk stops early at a leaf.
    pub path: Vec<u16>,
    pub op: Op,
}

#[derive(Arbitrary, Debug)]
pub enum Op {
    /// Replace with a value from [`pools::JSON_VALUES`].
    SetValue(u8),
    /// Replace with a string from [`pools::NAMES`].
    SetName(u8),
    /// Replace with a string from [`pools::TEXTS`].
    SetText(u8),
    SetString(String),
    SetNumber(i64),
    /// Remove the node from its object or array.
    Remove,
    /// Insert a copy of the node next to it (arrays only).
    Duplicate,
    /// Replace the node with a copy of the node at another path.
    CopyFrom(Vec<u16>),
    /// Add `KEYS[key]: JSON_VALUES[value]` to an object.
    AddKey(u8, u8),
    /// Insert a pool name into a string at a character position.
    InsertIntoString(u16, u8),
    /// `x` → `[x]`.
    WrapInArray,
    /// `true` ↔ `false`, anything else → `true`.
    Toggle,
}

#[derive(Arbitrary, Debug)]
pub enum NamePattern {
    Name(u16),
    WithReferences(u16),
    Referencing(u16),
}

impl Mutated {
    /// The mutated document's JSON text and the generator options; `None` when there are no
    /// seeds.
    pub fn render(&self, seeds: &[(&str, &str)]) -> Option<(String, Config)> {
        let (_, text) = seeds.get(usize::from(self.seed) % seeds.len().max(1))?;
        let mut document: Value = serde_json::from_str(text).ok()?;
        for mutation in &self.mutations {
            mutation.apply(&mut document);
        }
        let mut names = Vec::new();
        collect_names(&document, &mut names);
        let name = |index: u16| -> String {
            match names.len() {
                0 => "Poco".into(),
                count => names[usize::from(index) % count].clone(),
            }
        };
        let mut config = Config::default();
        config.include_types(self.include.iter().map(|pattern| match pattern {
            NamePattern::Name(index) => name(*index),
            NamePattern::WithReferences(index) => format!("{}.*", name(*index)),
            NamePattern::Referencing(index) => format!("*.{}", name(*index)),
        }));
        config.exclude_types(self.exclude.iter().map(|index| name(*index)));
        Some((document.to_string(), config))
    }
}

impl Mutation {
    fn apply(&self, root: &mut Value) {
        match &self.op {
            Op::Remove | Op::Duplicate => {
                let Some((last, parent_path)) = self.path.split_last() else {
                    return;
                };
                let parent = walk(root, parent_path);
                match parent {
                    Value::Array(items) if !items.is_empty() => {
                        let at = usize::from(*last) % items.len();
                        if matches!(self.op, Op::Remove) {
                            items.remove(at);
                        } else {
                            let copy = items[at].clone();
                            items.insert(at, copy);
                        }
                    }
                    Value::Object(map) if !map.is_empty() && matches!(self.op, Op::Remove) => {
                        let key = map.keys().nth(usize::from(*last) % map.len()).cloned();
                        if let Some(key) = key {
                            map.remove(&key);
                        }
                    }
                    _ => {}
                }
            }
            Op::CopyFrom(source) => {
                let copy = walk(root, source).clone();
                *walk(root, &self.path) = copy;
            }
            op => {
                let node = walk(root, &self.path);
                match op {
                    Op::SetValue(index) => {
                        *node = serde_json::from_str(pick(pools::JSON_VALUES, *index))
                            .unwrap_or(Value::Null);
                    }
                    Op::SetName(index) => *node = pick(pools::NAMES, *index).into(),
                    Op::SetText(index) => *node = pick(pools::TEXTS, *index).into(),
                    Op::SetString(text) => *node = text.clone().into(),
                    Op::SetNumber(number) => *node = (*number).into(),
                    Op::AddKey(key, value) => {
                        if let Value::Object(map) = node {
                            map.insert(
                                pick(pools::KEYS, *key).to_owned(),
                                serde_json::from_str(pick(pools::JSON_VALUES, *value))
                                    .unwrap_or(Value::Null),
                            );
                        }
                    }
                    Op::InsertIntoString(at, name) => {
                        if let Value::String(text) = node {
                            let count = text.chars().count();
                            let at = usize::from(*at) % (count + 1);
                            let byte = text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
                            text.insert_str(byte, pick(pools::NAMES, *name));
                        }
                    }
                    Op::WrapInArray => *node = Value::Array(vec![node.take()]),
                    Op::Toggle => *node = Value::Bool(!matches!(node, Value::Bool(true))),
                    Op::Remove | Op::Duplicate | Op::CopyFrom(_) => {}
                }
            }
        }
    }
}

/// The node at `path`, stopping early at a leaf or an empty container.
fn walk<'a>(node: &'a mut Value, path: &[u16]) -> &'a mut Value {
    let Some((&step, rest)) = path.split_first() else {
        return node;
    };
    let len = match &*node {
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        _ => 0,
    };
    if len == 0 {
        return node;
    }
    let at = usize::from(step) % len;
    match node {
        Value::Array(items) => walk(&mut items[at], rest),
        Value::Object(map) => walk(
            map.values_mut()
                .nth(at)
                .expect("the index is below the length"),
            rest,
        ),
        other => other,
    }
}

/// Every string under a `name` key: type, property and member names.
fn collect_names(value: &Value, names: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key.eq_ignore_ascii_case("name")
                    && let Value::String(name) = child
                {
                    names.push(name.clone());
                }
                collect_names(child, names);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_names(item, names)),
        _ => {}
    }
}
