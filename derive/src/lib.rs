//! Derives for DTOs built on `servicestack-runtime`: [`Dto`](macro@Dto) and
//! [`Setters`](macro@Setters).
//!
//! This crate is re-exported by `servicestack-runtime` as `servicestack_runtime::{Dto, Setters}`;
//! use it through that re-export rather than depending on it directly. The code the derives emit
//! names `::servicestack_runtime`, so the crate that uses them needs that dependency anyway.

mod expand;

use proc_macro::TokenStream;

/// Marks a struct or enum as a generated DTO: implements
/// `servicestack_runtime::lenient::Dto` for it.
///
/// In a lenient position (a list element, a map value, a non-optional field decoded with
/// `servicestack_runtime::lenient::deserialize`) a `null` then decodes as the type's `Default`.
/// Generic types get the impl for every instantiation, with the type's own bounds.
///
/// ```
/// use servicestack_runtime::Dto;
///
/// #[derive(Default, Dto)]
/// struct Page<T> {
///     results: Vec<T>,
/// }
///
/// #[derive(Default, Dto)]
/// enum Status {
///     #[default]
///     Active,
///     Closed,
/// }
///
/// fn is_dto<T: servicestack_runtime::lenient::Dto>() {}
/// is_dto::<Page<String>>();
/// is_dto::<Status>();
/// ```
#[proc_macro_derive(Dto)]
pub fn derive_dto(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::dto(&input).into()
}

/// Builder-style setters: a `with_<field>(self, value) -> Self` method for every field of a
/// struct with named fields.
///
/// The method name is the field's name without `r#` and without trailing `_` (`r#type` and
/// `type_` both give `with_type`); when two fields would give the same name, the later one gets
/// `_2`, `_3`, ... appended, in field order. Each setter takes whatever converts into the field:
///
/// | Field type | The setter takes |
/// |---|---|
/// | `Vec<T>` | any `IntoIterator` of items that are `Into<T>`: `["a", "b"]` for a `Vec<String>` |
/// | `HashMap<K, V>`, `BTreeMap<K, V>`, `IndexMap<K, V>` | any `IntoIterator` of `(impl Into<K>, impl Into<V>)` pairs: `[("k", 1)]` |
/// | `Box<T>` | `impl Into<T>`, boxed by the setter |
/// | `Option<X>` | what `X` takes (by the rows above), stored as `Some`: to clear it, assign `None` to the field |
/// | anything else, `X` | `impl Into<X>` |
///
/// Types are recognised by the last segment of their path (`std::option::Option<T>` is an
/// `Option`), and only the outermost `Option` is unwrapped: an `Option<Option<T>>` setter takes
/// `impl Into<Option<T>>`. Each setter's docs link to its field and repeat the field's own docs.
///
/// `#[setters(skip)]` on a field leaves it without a setter. Generic structs get their setters
/// in an impl with the struct's own generics and where clause. Enums, unions and tuple structs
/// are rejected.
///
/// ```
/// use servicestack_runtime::Setters;
/// use std::collections::HashMap;
///
/// #[derive(Debug, Default, Setters)]
/// pub struct InviteChatMember {
///     /// The ID of the session.
///     pub session_id: Option<String>,
///     pub tags: Option<Vec<String>>,
///     pub meta: HashMap<String, String>,
///     pub count: i32,
///     #[setters(skip)]
///     pub internal: bool,
/// }
///
/// let request = InviteChatMember::default()
///     .with_session_id("s1")
///     .with_tags(["a", "b"])
///     .with_meta([("k", "v")])
///     .with_count(3);
/// assert_eq!(request.session_id.as_deref(), Some("s1"));
/// assert_eq!(request.tags, Some(vec!["a".to_owned(), "b".to_owned()]));
/// assert_eq!(request.meta["k"], "v");
/// assert_eq!(request.count, 3);
/// ```
#[proc_macro_derive(Setters, attributes(setters))]
pub fn derive_setters(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::setters(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
