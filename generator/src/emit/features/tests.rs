use super::*;
use crate::model::{
    AuthDef, EnumDef, EnumRepr, Extras, Field, RequestDef, ResponseKind, RustType, StructDef,
};

fn named(name: &str) -> RustType {
    RustType::Named {
        rust_name: name.into(),
        args: Vec::new(),
    }
}

fn structure(name: &str, fields: Vec<RustType>) -> Item {
    Item::Struct(StructDef {
        rust_name: name.into(),
        dotnet_name: format!("App.{name}"),
        generics: Vec::new(),
        docs: Vec::new(),
        fields: fields
            .into_iter()
            .enumerate()
            .map(|(n, ty)| Field {
                dotnet_name: format!("F{n}"),
                rust_name: format!("f{n}"),
                wire_name: format!("f{n}"),
                aliases: Vec::new(),
                lenient: false,
                ty,
                required: false,
                docs: Vec::new(),
            })
            .collect(),
        request: None,
        extras: Extras::default(),
    })
}

fn operation(name: &str, tags: &[&str], response: RustType, fields: Vec<RustType>) -> Item {
    let Item::Struct(mut def) = structure(name, fields) else {
        unreachable!()
    };
    def.request = Some(RequestDef {
        operation_name: name.into(),
        method: "POST",
        routes: Vec::new(),
        auth: AuthDef::default(),
        response,
        response_kind: ResponseKind::Json,
        auto_query: false,
    });
    def.extras.tags = tags.iter().map(|tag| (*tag).to_owned()).collect();
    Item::Struct(def)
}

fn enumeration(name: &str) -> Item {
    Item::Enum(EnumDef {
        rust_name: name.into(),
        dotnet_name: format!("App.{name}"),
        docs: Vec::new(),
        repr: EnumRepr::String,
        members: Vec::new(),
        default_member: None,
        catch_all: Some("Unknown".into()),
        extras: Extras::default(),
    })
}

fn on() -> CodeOptions {
    CodeOptions {
        feature_gates: true,
        ..CodeOptions::default()
    }
}

/// bookings: CreateBooking → IdResponse, Booking (→ Money, Vec<Option<Note>>, RoomType);
/// coupons: GetCoupon → Coupon (→ Money); untagged: Ping → PingResponse (→ Label, Booking? no);
/// Shared: reached by GetShared (bookings) and Ping; Orphan → Detail, which GetDetail
/// (coupons) also reaches.
fn sample() -> Ir {
    let mut items = vec![
        operation(
            "CreateBooking",
            &["Bookings"],
            named("IdResponse"),
            vec![named("Booking")],
        ),
        structure(
            "Booking",
            vec![
                named("Money"),
                RustType::Vec(Box::new(RustType::Option(Box::new(named("Note"))))),
                RustType::Option(Box::new(named("RoomType"))),
            ],
        ),
        structure("Note", vec![RustType::String]),
        enumeration("RoomType"),
        structure("Money", vec![RustType::Primitive("i32")]),
        structure("IdResponse", vec![RustType::String]),
        operation("GetCoupon", &["coupons"], named("Coupon"), vec![]),
        structure("Coupon", vec![named("Money")]),
        operation("Ping", &[], named("PingResponse"), vec![]),
        structure("PingResponse", vec![named("Label"), named("Shared")]),
        structure("Label", vec![]),
        operation("GetShared", &["bookings"], named("Shared"), vec![]),
        structure("Shared", vec![]),
        structure("Orphan", vec![named("Detail")]),
        operation("GetDetail", &["coupons"], named("Detail"), vec![]),
        structure("Detail", vec![]),
    ];
    items.sort_by(|a, b| a.rust_name().cmp(b.rust_name()));
    Ir { items }
}

#[test]
fn names_tags_in_kebab_case_and_merges_them() {
    assert_eq!(tag_feature_name("Bookings"), "bookings");
    assert_eq!(tag_feature_name("Chat Sessions"), "chat-sessions");
    assert_eq!(tag_feature_name("chatSessions"), "chat-sessions");
    assert_eq!(tag_feature_name("v2 API"), "v2-api");
    assert_eq!(tag_feature_name("default"), "tag-default");
    assert_eq!(tag_feature_name("Full"), "tag-full");
    let ir = Ir {
        items: vec![
            operation("A", &["Chat Sessions"], RustType::Unit, vec![]),
            operation(
                "B",
                &["chat-sessions", "Chat Sessions"],
                RustType::Unit,
                vec![],
            ),
        ],
    };
    let gates = FeatureGates::compute(&ir, &on());
    assert_eq!(
        gates.features(),
        [Feature {
            name: "chat-sessions".into(),
            origin: FeatureOrigin::Tags(vec!["Chat Sessions".into(), "chat-sessions".into()]),
            operations: vec!["A".into(), "B".into()],
        }]
    );
}

#[test]
fn hostile_tags_become_plain_feature_names() {
    let valid = |name: &str| {
        name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    for tag in [
        "a\" ]\n[evil",
        "\"); fn evil() {} (\"",
        "x = 1\n[dependencies]\nevil = \"*\"",
        "日本",
        "Café",
        "-",
        "\u{202e}rtl",
        "../..",
    ] {
        let name = tag_feature_name(tag);
        assert!(valid(&name), "{tag:?} → {name:?}");
    }
    assert_eq!(tag_feature_name("a\" ]\n[evil"), "a-evil");
    // Characters that are dropped leave a hash, so distinct tags stay distinct.
    assert_ne!(tag_feature_name("Café"), tag_feature_name("Cafè"));
    assert!(tag_feature_name("日本").starts_with("tag-"));
    // The attribute is a string literal, whatever the tag was.
    let ir = Ir {
        items: vec![operation("Evil", &["a\" ]\n[evil"], RustType::Unit, vec![])],
    };
    let gates = FeatureGates::compute(&ir, &on());
    let unit = gate_unit(
        quote::quote!(
            pub struct Evil;
        ),
        &gates,
    )
    .to_string();
    assert_eq!(unit, "# [cfg (feature = \"a-evil\")] pub struct Evil ;");
}

#[test]
fn namespace_features_yield_to_tags() {
    let mut ir = Ir {
        items: vec![
            operation("A", &["bookings"], RustType::Unit, vec![]),
            operation("B", &[], RustType::Unit, vec![]),
            operation("C", &[], RustType::Unit, vec![]),
            structure("D", vec![]),
        ],
    };
    for (item, module) in ir
        .items
        .iter_mut()
        .zip(["bookings", "my_app", "my_app", "types"])
    {
        item.extras_mut().module = Some(module.into());
    }
    let options = CodeOptions {
        modules: ModuleLayout::Namespace,
        ..on()
    };
    let gates = FeatureGates::compute(&ir, &options);
    let names: Vec<&str> = gates.features().iter().map(|f| f.name.as_str()).collect();
    // `types` declares no operation: no feature.
    assert_eq!(names, ["bookings", "my-app", "ns-bookings"]);
    assert_eq!(gates.gate("A"), ["bookings", "ns-bookings"]);
    // Untagged operations are behind their module's feature.
    assert_eq!(gates.gate("B"), ["my-app"]);
    assert_eq!(
        gates.features()[2].origin,
        FeatureOrigin::Module("bookings".into())
    );
    assert_eq!(
        free_name("x", &BTreeMap::from([("x".to_owned(), ())])),
        "ns-x"
    );
    let taken = BTreeMap::from([("x".to_owned(), ()), ("ns-x".to_owned(), ())]);
    assert_eq!(free_name("x", &taken), "ns-x-2");
    assert_eq!(free_name("full", &BTreeMap::<String, ()>::new()), "ns-full");
}

#[test]
fn items_get_the_features_of_the_operations_that_reach_them() {
    let gates = FeatureGates::compute(&sample(), &on());
    let names: Vec<&str> = gates.features().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["bookings", "coupons"]);
    assert_eq!(
        gates.features()[0].operations,
        ["CreateBooking", "GetShared"]
    );
    for (item, expected) in [
        ("CreateBooking", &["bookings"][..]),
        ("Booking", &["bookings"]),
        // Through Vec<Option<Note>>, Option<RoomType> and the response type.
        ("Note", &["bookings"]),
        ("RoomType", &["bookings"]),
        ("IdResponse", &["bookings"]),
        ("Money", &["bookings", "coupons"]),
        ("GetCoupon", &["coupons"]),
        ("Coupon", &["coupons"]),
        // The untagged operation and what it reaches, even what a tagged one reaches too.
        ("Ping", &[]),
        ("PingResponse", &[]),
        ("Label", &[]),
        ("Shared", &[]),
        ("GetShared", &["bookings"]),
        // Types no operation reaches, and what they reach.
        ("Orphan", &[]),
        ("Detail", &[]),
        ("GetDetail", &["coupons"]),
    ] {
        assert_eq!(gates.gate(item), expected, "{item}");
    }
    assert!(FeatureGates::compute(&sample(), &CodeOptions::default()).is_empty());
}

fn gated(unit: TokenStream) -> String {
    let gates = FeatureGates::compute(&sample(), &on());
    let file: syn::File = syn::parse2(gate_unit(unit, &gates)).unwrap();
    prettyplease::unparse(&file)
}

#[test]
fn gates_structs_enums_impls_and_macros() {
    let code = gated(quote::quote! {
        /// A booking.
        #[derive(Debug)]
        pub struct Booking { pub money: Money }
        impl ::servicestack_runtime::lenient::Dto for Booking {}
        impl Booking { pub fn with_money(self) -> Self { self } }
        impl<T> ::std::fmt::Display for super::Money<T> {}
        pub enum RoomType { Single }
        ::servicestack_runtime::string_enum!(RoomType { Single = "single" });
        ::servicestack_runtime::int_enum! { #[doc = "x"] pub enum Coupon: i32 { A = 1 } }
        pub struct Label;
        impl ::std::fmt::Display for Label {}
    });
    let expected = "\
/// A booking.
#[cfg(feature = \"bookings\")]
#[derive(Debug)]
pub struct Booking {
    pub money: Money,
}
#[cfg(feature = \"bookings\")]
impl ::servicestack_runtime::lenient::Dto for Booking {}
#[cfg(feature = \"bookings\")]
impl Booking {
    pub fn with_money(self) -> Self {
        self
    }
}
#[cfg(any(feature = \"bookings\", feature = \"coupons\"))]
impl<T> ::std::fmt::Display for super::Money<T> {}
#[cfg(feature = \"bookings\")]
pub enum RoomType {
    Single,
}
#[cfg(feature = \"bookings\")]
::servicestack_runtime::string_enum!(RoomType { Single = \"single\" });
#[cfg(feature = \"coupons\")]
::servicestack_runtime::int_enum! {
    #[doc = \"x\"] pub enum Coupon : i32 { A = 1 }
}
pub struct Label;
impl ::std::fmt::Display for Label {}
";
    assert_eq!(code, expected);
}

#[test]
fn gates_inside_modules_and_leaves_use_items() {
    let code = gated(quote::quote! {
        /// Types of a namespace.
        pub mod app {
            use super::other::Money;
            pub struct Coupon { pub money: Money }
            pub struct Label;
        }
    });
    let expected = "\
/// Types of a namespace.
pub mod app {
    use super::other::Money;
    #[cfg(feature = \"coupons\")]
    pub struct Coupon {
        pub money: Money,
    }
    pub struct Label;
}
";
    assert_eq!(code, expected);
}

#[test]
fn units_without_gated_items_are_returned_as_they_are() {
    let gates = FeatureGates::compute(&sample(), &on());
    let unit = quote::quote!(
        pub struct Label;
        use ::std::string::String;
    );
    assert_eq!(
        gate_unit(unit.clone(), &gates).to_string(),
        unit.to_string()
    );
    let broken = quote::quote!(pub struct Booking);
    assert_eq!(
        gate_unit(broken.clone(), &gates).to_string(),
        broken.to_string()
    );
}
