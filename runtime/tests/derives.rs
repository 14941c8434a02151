//! `#[derive(Dto)]` and `#[derive(Setters)]`, through the runtime's re-export.
#![deny(warnings)]

use servicestack_runtime::lenient::Dto as DtoMarker;
use servicestack_runtime::{Dto, Setters};
use std::collections::{BTreeMap, HashMap};

fn is_dto<T: DtoMarker>() {}

#[derive(Debug, Clone, PartialEq, Default, Dto, Setters)]
pub struct Request {
    /// The ID of the session.
    pub session_id: Option<String>,
    pub tags: Option<Vec<String>>,
    pub groups: Option<HashMap<String, Vec<i32>>>,
    pub next: Option<Box<Request>>,
    pub maybe: Option<Option<String>>,
    pub ids: Vec<i64>,
    pub meta: HashMap<String, Vec<i32>>,
    pub sorted: BTreeMap<String, String>,
    pub count: i32,
    pub flag: bool,
    pub name: String,
    pub r#type: String,
    pub value: i32,
    pub self_: u8,
    #[setters(skip)]
    pub internal: bool,
}

#[test]
fn option_setters_wrap_in_some() {
    let request = Request::default()
        .with_session_id("s1")
        .with_tags(["a", "b"])
        .with_groups([("g", vec![1, 2])])
        .with_next(Request::default().with_count(2))
        .with_maybe(Some("inner".to_owned()));
    assert_eq!(request.session_id, Some("s1".to_owned()));
    assert_eq!(request.tags, Some(vec!["a".to_owned(), "b".to_owned()]));
    assert_eq!(
        request.groups,
        Some(HashMap::from([("g".to_owned(), vec![1, 2])]))
    );
    assert_eq!(request.next.map(|next| next.count), Some(2));
    assert_eq!(request.maybe, Some(Some("inner".to_owned())));
    assert_eq!(Request::default().with_maybe(None).maybe, Some(None));
}

#[test]
fn collection_setters_convert_every_item() {
    let request = Request::default()
        .with_ids([1_i32, 2])
        .with_meta([("k", vec![1])])
        .with_sorted(vec![("b", "2"), ("a", "1")]);
    assert_eq!(request.ids, [1_i64, 2]);
    assert_eq!(request.meta, HashMap::from([("k".to_owned(), vec![1])]));
    assert_eq!(
        request.sorted.into_iter().collect::<Vec<_>>(),
        [
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "2".to_owned())
        ]
    );
}

#[test]
fn plain_setters_take_into() {
    let request = Request::default()
        .with_count(3)
        .with_flag(true)
        .with_name("n")
        .with_type(String::from("t"))
        .with_value(7)
        .with_self(1_u8);
    assert_eq!(
        (
            request.count,
            request.flag,
            request.name.as_str(),
            request.r#type.as_str(),
            request.value,
            request.self_,
        ),
        (3, true, "n", "t", 7, 1)
    );
    assert!(!request.internal);
}

#[derive(Debug, Default, Setters)]
pub struct Colliding {
    pub type_: i32,
    pub r#type: i32,
    pub type__: i32,
}

#[test]
fn colliding_names_get_numbered_in_field_order() {
    let colliding = Colliding::default()
        .with_type(1)
        .with_type_2(2)
        .with_type_3(3);
    assert_eq!(
        (colliding.type_, colliding.r#type, colliding.type__),
        (1, 2, 3)
    );
}

#[derive(Debug, Default, Dto, Setters)]
pub struct Page<T>
where
    T: Clone,
{
    pub results: Vec<T>,
    pub first: Option<T>,
    pub total: i64,
}

#[test]
fn generic_structs_keep_their_generics() {
    let page = Page::<String>::default()
        .with_results(["a", "b"])
        .with_first("a".to_owned())
        .with_total(2);
    assert_eq!(page.results, ["a", "b"]);
    assert_eq!(page.first.as_deref(), Some("a"));
    assert_eq!(page.total, 2);
}

#[derive(Debug, Default, Setters)]
pub struct Borrowed<'a> {
    pub name: &'a str,
    pub names: Vec<&'a str>,
}

#[test]
fn lifetimes_are_kept() {
    let borrowed = Borrowed::default().with_name("a").with_names(["b"]);
    assert_eq!((borrowed.name, borrowed.names), ("a", vec!["b"]));
}

/// Every name the expansion uses, shadowed: it must still resolve to core and std.
mod shadowed {
    #![allow(dead_code)]
    pub struct Option;
    pub struct Vec;
    pub struct Box;
    pub struct Some;
    pub trait Into {}
    pub trait IntoIterator {}

    #[derive(Default, servicestack_runtime::Setters)]
    pub struct S {
        pub a: ::std::option::Option<String>,
        pub b: ::std::vec::Vec<String>,
        pub c: ::std::boxed::Box<i32>,
    }
}

#[test]
fn absolute_paths_resist_shadowing() {
    let s = shadowed::S::default().with_a("x").with_b(["y"]).with_c(1);
    assert_eq!(
        (s.a.as_deref(), s.b, *s.c),
        (Some("x"), vec!["y".to_owned()], 1)
    );
}

#[cfg(feature = "indexmap")]
#[test]
fn index_maps_take_pairs() {
    use servicestack_runtime::indexmap::IndexMap;

    #[derive(Default, Setters)]
    struct Ordered {
        map: IndexMap<String, i32>,
    }
    let ordered = Ordered::default().with_map([("b", 2), ("a", 1)]);
    assert_eq!(ordered.map.keys().collect::<Vec<_>>(), ["b", "a"]);
}

#[derive(Debug, Default, Dto)]
pub enum Status {
    #[default]
    Active,
    Closed,
}

#[derive(Dto)]
pub enum Either<L, R> {
    Left(L),
    Right(R),
}

#[test]
fn dto_covers_structs_enums_and_generics() {
    is_dto::<Request>();
    is_dto::<Page<i32>>();
    is_dto::<Status>();
    is_dto::<Either<String, Page<u8>>>();
    let _ = (
        Status::Closed,
        Either::<u8, u8>::Left(0),
        Either::<u8, u8>::Right(0),
    );
}

/// Setters nobody calls must not warn (this file denies warnings).
#[derive(Default, Setters)]
struct NeverSet {
    /// Documented.
    field: Option<String>,
    list: Vec<String>,
}

#[test]
fn unused_setters_do_not_warn() {
    let never = NeverSet::default();
    assert!(never.field.is_none() && never.list.is_empty());
}
