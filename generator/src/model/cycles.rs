//! Breaks by-value cycles between structs (`A { b: Option<B> }`, `B { a: Option<A> }`) with
//! `Box`, boxing only the fields that close a cycle.
//!
//! A depth-first walk over the "stored inline" edges (a named type directly, inside `Option`, or
//! as a type argument) boxes every edge that points back to a struct still on the walk's stack.
//! Removing the back edges of a depth-first search leaves an acyclic graph, so every remaining
//! type has a finite size. `Vec`, maps and existing boxes already live on the heap and are not
//! edges. The walk visits items and fields in order, so the result is deterministic.

use std::collections::HashMap;

use crate::model::{Item, RustType};

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Unvisited,
    OnStack,
    Done,
}

/// Boxes the cycle-closing field types of the structs in `items`.
pub fn box_cycles(items: &mut [Item]) {
    let index: HashMap<String, usize> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| matches!(item, Item::Struct(_)))
        .map(|(position, item)| (item.rust_name().to_owned(), position))
        .collect();
    let mut walk = Walk {
        states: vec![State::Unvisited; items.len()],
        index,
    };
    for position in 0..items.len() {
        if walk.states[position] == State::Unvisited && matches!(items[position], Item::Struct(_)) {
            walk.visit(items, position);
        }
    }
}

struct Walk {
    states: Vec<State>,
    index: HashMap<String, usize>,
}

impl Walk {
    fn visit(&mut self, items: &mut [Item], position: usize) {
        self.states[position] = State::OnStack;
        let Item::Struct(def) = &mut items[position] else {
            return;
        };
        let mut fields = std::mem::take(&mut def.fields);
        for field in &mut fields {
            self.rewrite(items, &mut field.ty);
        }
        if let Item::Struct(def) = &mut items[position] {
            def.fields = fields;
        }
        self.states[position] = State::Done;
    }

    fn rewrite(&mut self, items: &mut [Item], ty: &mut RustType) {
        match ty {
            RustType::Option(inner) => self.rewrite(items, inner),
            RustType::Named { rust_name, args } => {
                for arg in args.iter_mut() {
                    self.rewrite(items, arg);
                }
                let Some(&target) = self.index.get(rust_name.as_str()) else {
                    return;
                };
                match self.states[target] {
                    State::OnStack => {
                        *ty = RustType::Boxed(Box::new(std::mem::replace(ty, RustType::Unit)))
                    }
                    State::Unvisited => self.visit(items, target),
                    State::Done => {}
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, StructDef};

    fn named(name: &str) -> RustType {
        RustType::Named {
            rust_name: name.into(),
            args: vec![],
        }
    }

    fn item(name: &str, fields: Vec<RustType>) -> Item {
        Item::Struct(StructDef {
            rust_name: name.into(),
            dotnet_name: name.into(),
            generics: vec![],
            docs: vec![],
            fields: fields
                .into_iter()
                .enumerate()
                .map(|(n, ty)| Field {
                    dotnet_name: format!("F{n}"),
                    rust_name: format!("f{n}"),
                    wire_name: format!("f{n}"),
                    aliases: vec![],
                    lenient: false,
                    required: false,
                    ty,
                    docs: vec![],
                })
                .collect(),
            request: None,
            extras: Default::default(),
        })
    }

    fn field_types(item: &Item) -> Vec<RustType> {
        match item {
            Item::Struct(def) => def.fields.iter().map(|field| field.ty.clone()).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn boxes_only_cycle_closing_edges() {
        let option = |ty| RustType::Option(Box::new(ty));
        let mut items = vec![
            item(
                "A",
                vec![option(named("B")), RustType::Vec(Box::new(named("A")))],
            ),
            item("B", vec![option(named("A")), named("C")]),
            item("C", vec![]),
            item("Node", vec![option(named("Node"))]),
        ];
        box_cycles(&mut items);
        assert_eq!(
            field_types(&items[0]),
            vec![option(named("B")), RustType::Vec(Box::new(named("A")))]
        );
        assert_eq!(
            field_types(&items[1]),
            vec![option(RustType::Boxed(Box::new(named("A")))), named("C")]
        );
        assert_eq!(
            field_types(&items[3]),
            vec![option(RustType::Boxed(Box::new(named("Node"))))]
        );
    }
}
