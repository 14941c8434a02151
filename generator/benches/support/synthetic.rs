//! Deterministic synthetic `/types/metadata` documents of any size, for the benchmarks.
//!
//! Shared by `benches/generate.rs` (which builds the documents in memory at bench time) and
//! `examples/synthetic_metadata.rs` (which writes them to a file for the scripts in `scripts/`).
//! Nothing here is random at run time: a fixed-seed generator picks every choice, so the same
//! `types` always gives the same bytes.
//!
//! The shapes follow the real documents in `shared/fixtures/metadata` (blazor-gallery,
//! servicestack-admin-jobs, evovoice) and `shared/docs/metadata-format.md`: one "entity" per
//! group with AutoQuery-style operations around it:
//!
//! - the data model `Booking12` (inherits `AuditBase` or an abstract `Booking12Base`; primary key,
//!   required and optional strings, numbers, decimals, dates, durations, GUIDs, `Nullable`1` value
//!   types, lists, arrays, nested maps such as `Dictionary<String,List<Customer3>>`, references to
//!   other entities, sometimes to itself);
//! - often an enum `Booking12Status` (string enums, some with `[EnumMember]` values, some
//!   `isEnumInt` with explicit values, some `[Flags]`);
//! - `QueryBooking12s : QueryDb<Booking12>` (GET, two routes, `QueryResponse<Booking12>`),
//!   `CreateBooking12 : ICreateDb<Booking12>, IReturn<IdResponse>` (POST, auth + roles),
//!   `UpdateBooking12 : IPatchDb<Booking12>` (PATCH, `Nullable`1` everywhere),
//!   `DeleteBooking12 : IDeleteDb<Booking12>, IReturnVoid` (DELETE);
//! - every other group a custom `GetBooking12Summary` (IGet) with its own response DTO and a
//!   nested detail class.
//!
//! Plus ServiceStack's built-ins (`QueryBase`, ``QueryDb`1``, ``QueryResponse`1``, `AuditBase`,
//! `IdResponse`, `ResponseStatus`, `ResponseError`, ``KeyValuePair`2``, marker interfaces).
//! Generic backticks are written `\u0060`, as 8.x servers do.

use serde_json::{Value, json};

/// A document with about `types` distinct types (counting `types`, requests and responses
/// the way the generator's type universe does), pretty-printed, with the UI and validation
/// metadata real documents carry.
pub fn document(types: usize) -> String {
    let root = value(types);
    // Indented by four spaces, like the real documents.
    let mut text = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut text, formatter);
    serde::Serialize::serialize(&root, &mut serializer).expect("a Value always serializes");
    let text = String::from_utf8(text).expect("serde_json writes UTF-8");
    // 8.x servers (System.Text.Json) escape the generic backtick.
    text.replace('`', "\\u0060")
}

/// The same types with nothing the generator ignores (no icons, validators, `ref`, `format`,
/// `input`, empty `implements`), on one line: the document whose parsing is cheapest relative
/// to the code generated from it, so the worst case of the pipeline / `serde_json` ratio.
pub fn lean_document(types: usize) -> String {
    let mut root = value(types);
    strip_ui(&mut root);
    serde_json::to_string(&root).expect("a Value always serializes")
}

fn strip_ui(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("icon");
            if map
                .get("implements")
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
            {
                map.remove("implements");
            }
            // Properties (they have a `type`): validators and UI hints. Enum types keep `[Flags]`.
            if map.contains_key("type") {
                for key in ["attributes", "ref", "format", "input"] {
                    map.remove(key);
                }
            }
            map.values_mut().for_each(strip_ui);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_ui),
        _ => {}
    }
}

fn value(types: usize) -> Value {
    let mut builder = Builder::new();
    builder.builtins();
    let mut group = 0;
    while builder.type_count() < types {
        builder.group(group);
        group += 1;
    }
    builder.finish();
    json!({
        "namespaces": [
            "System",
            "System.Collections.Generic",
            "ServiceStack",
            "MyApp.ServiceModel",
            "MyApp.ServiceModel.Types",
        ],
        "types": builder.types,
        "operations": builder.operations,
    })
}

const NOUNS: &[&str] = &[
    "Booking",
    "Customer",
    "Invoice",
    "Order",
    "Product",
    "Ticket",
    "Employee",
    "Project",
    "Shipment",
    "Payment",
    "Contact",
    "Album",
    "Track",
    "Playlist",
    "JobApplication",
    "Interview",
    "Coupon",
    "Warehouse",
    "Supplier",
    "Campaign",
];

const WORDS: &[&str] = &[
    "Title",
    "Notes",
    "Email",
    "Phone",
    "Address",
    "City",
    "Country",
    "Code",
    "Reference",
    "Label",
    "Summary",
    "Url",
    "Category",
    "Owner",
    "Source",
    "Priority",
    "Quantity",
    "Amount",
    "Rating",
    "Score",
    "Started",
    "Finished",
    "Expires",
    "Version",
    "Flag",
    "Count",
    "Total",
    "Tax",
    "Discount",
    "Weight",
];

const DESCRIPTIONS: &[&str] = &[
    "The unique identifier of the record",
    "Free text shown to customers, up to 200 characters",
    "When the record was last changed (server time)",
    "Optional: leave empty to use the account default",
    "Amount in the account's currency, including tax",
    "Comma-separated list of tags, e.g. `urgent,vip`",
];

const ENUM_MEMBERS: &[&str] = &[
    "None",
    "Pending",
    "Active",
    "Suspended",
    "Closed",
    "Archived",
    "Draft",
    "Review",
    "Approved",
    "Rejected",
    "Unknown",
    "Other",
];

/// A Material Design icon, as blazor-gallery's `[Icon(Svg = ...)]` attributes have.
const ICON: &str = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path fill='currentColor' d='M16 10H8c-.55 0-1 .45-1 1s.45 1 1 1h8c.55 0 1-.45 1-1s-.45-1-1-1zm3-7h-1V2c0-.55-.45-1-1-1s-1 .45-1 1v1H8V2c0-.55-.45-1-1-1s-1 .45-1 1v1H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2zm-1 16H6c-.55 0-1-.45-1-1V8h14v10c0 .55-.45 1-1 1z'/></svg>";

/// splitmix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Builder {
    rng: Rng,
    types: Vec<Value>,
    operations: Vec<Value>,
    /// Entity names, by group.
    entities: Vec<String>,
    /// Distinct types that are not in `types`: requests and the responses declared only there.
    operation_types: usize,
}

const APP: &str = "MyApp.ServiceModel";
const MODEL: &str = "MyApp.ServiceModel.Types";

fn prop(name: &str, ty: &str, namespace: &str) -> Value {
    json!({ "name": name, "type": ty, "namespace": namespace })
}

fn value_prop(name: &str, ty: &str) -> Value {
    json!({ "name": name, "type": ty, "namespace": "System", "isValueType": true })
}

fn nullable(name: &str, arg: &str) -> Value {
    json!({ "name": name, "type": "Nullable`1", "namespace": "System", "isValueType": true, "genericArgs": [arg] })
}

fn generic(name: &str, ty: &str, args: &[&str]) -> Value {
    json!({ "name": name, "type": ty, "namespace": "System.Collections.Generic", "genericArgs": args })
}

fn type_name(name: &str, namespace: &str, args: &[&str]) -> Value {
    if args.is_empty() {
        json!({ "name": name, "namespace": namespace })
    } else {
        json!({ "name": name, "namespace": namespace, "genericArgs": args })
    }
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (index, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && index > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

impl Builder {
    fn new() -> Self {
        Builder {
            rng: Rng(0x005E_ED0F_5E2F_1CE5),
            types: Vec::new(),
            operations: Vec::new(),
            entities: Vec::new(),
            operation_types: 0,
        }
    }

    /// 8.x servers write `"implements": []` on every type; 22% of the types have an icon.
    fn finish(&mut self) {
        let mut rng = Rng(7);
        for ty in self.types.iter_mut().chain(
            self.operations
                .iter_mut()
                .flat_map(|op| {
                    op.as_object_mut()
                        .expect("operations are objects")
                        .iter_mut()
                })
                .filter(|(key, value)| {
                    (*key == "request" || *key == "response") && value.is_object()
                })
                .map(|(_, value)| value),
        ) {
            if ty.get("implements").is_none() {
                ty["implements"] = json!([]);
            }
            if rng.chance(22) {
                ty["icon"] = json!({ "svg": ICON });
            }
        }
    }

    fn type_count(&self) -> usize {
        self.types.len() + self.operation_types
    }

    fn builtins(&mut self) {
        let ss = "ServiceStack";
        for marker in ["IReturnVoid", "IGet", "IPost", "IPut", "IPatch", "IDelete"] {
            self.types.push(
                json!({ "name": marker, "namespace": ss, "isInterface": true, "isAbstract": true }),
            );
        }
        for marker in [
            "IReturn`1",
            "ICreateDb`1",
            "IUpdateDb`1",
            "IPatchDb`1",
            "IDeleteDb`1",
        ] {
            self.types.push(json!({
                "name": marker, "namespace": ss, "genericArgs": ["T"],
                "isInterface": true, "isAbstract": true, "isGenericTypeDef": true,
            }));
        }
        self.types.push(json!({
            "name": "QueryBase", "namespace": ss, "isAbstract": true, "dataContract": {},
            "properties": [
                nullable("Skip", "Int32"),
                nullable("Take", "Int32"),
                prop("OrderBy", "String", "System"),
                prop("OrderByDesc", "String", "System"),
                prop("Include", "String", "System"),
                prop("Fields", "String", "System"),
                generic("Meta", "Dictionary`2", &["String", "String"]),
            ],
        }));
        self.types.push(json!({
            "name": "QueryDb`1", "namespace": ss, "genericArgs": ["T"], "isAbstract": true,
            "isGenericTypeDef": true, "inherits": type_name("QueryBase", ss, &[]),
            "implements": [type_name("IReturn`1", ss, &["QueryResponse<T>"])],
        }));
        self.types.push(json!({
            "name": "QueryResponse`1", "namespace": ss, "genericArgs": ["T"], "isGenericTypeDef": true,
            "dataContract": {},
            "properties": [
                value_prop("Offset", "Int32"),
                value_prop("Total", "Int32"),
                generic("Results", "List`1", &["T"]),
                generic("Meta", "Dictionary`2", &["String", "String"]),
                prop("ResponseStatus", "ResponseStatus", ss),
            ],
        }));
        self.types.push(json!({
            "name": "AuditBase", "namespace": ss, "isAbstract": true, "dataContract": {},
            "properties": [
                value_prop("CreatedDate", "DateTime"),
                { "name": "CreatedBy", "type": "String", "namespace": "System", "isRequired": true },
                value_prop("ModifiedDate", "DateTime"),
                { "name": "ModifiedBy", "type": "String", "namespace": "System", "isRequired": true },
                nullable("DeletedDate", "DateTime"),
                prop("DeletedBy", "String", "System"),
            ],
        }));
        self.types.push(json!({
            "name": "IdResponse", "namespace": ss, "dataContract": {},
            "properties": [
                { "name": "Id", "type": "String", "namespace": "System", "isRequired": true },
                prop("ResponseStatus", "ResponseStatus", ss),
            ],
        }));
        self.types.push(json!({
            "name": "ResponseStatus", "namespace": ss, "dataContract": {},
            "properties": [
                prop("ErrorCode", "String", "System"),
                prop("Message", "String", "System"),
                prop("StackTrace", "String", "System"),
                generic("Errors", "List`1", &["ResponseError"]),
                generic("Meta", "Dictionary`2", &["String", "String"]),
            ],
        }));
        self.types.push(json!({
            "name": "ResponseError", "namespace": ss, "dataContract": {},
            "properties": [
                prop("ErrorCode", "String", "System"),
                prop("FieldName", "String", "System"),
                prop("Message", "String", "System"),
                generic("Meta", "Dictionary`2", &["String", "String"]),
            ],
        }));
        self.types.push(json!({
            "name": "KeyValuePair`2", "namespace": "System.Collections.Generic",
            "genericArgs": ["TKey", "TValue"], "isGenericTypeDef": true,
            "properties": [prop("Key", "TKey", ""), prop("Value", "TValue", "")],
        }));
    }

    /// A property of the entity of group `group`.
    fn random_prop(&mut self, name: &str, group: usize, status: Option<&str>) -> Value {
        let earlier = (group > 0).then(|| self.entities[self.rng.below(group)].clone());
        let mut p = match self.rng.below(24) {
            0..=4 => prop(name, "String", "System"),
            5 => {
                json!({ "name": name, "type": "String", "namespace": "System", "isRequired": true })
            }
            6 | 7 => value_prop(name, "Int32"),
            8 => value_prop(name, "Int64"),
            9 => value_prop(name, "Boolean"),
            10 => value_prop(name, self.rng.pick::<&str>(&["Decimal", "Double"])),
            11 => value_prop(name, self.rng.pick::<&str>(&["DateTime", "DateTimeOffset"])),
            12 => value_prop(name, self.rng.pick::<&str>(&["Guid", "TimeSpan"])),
            13 | 14 => {
                let arg = *self
                    .rng
                    .pick(&["Int32", "Int64", "DateTime", "Boolean", "Decimal"]);
                nullable(name, arg)
            }
            15 => generic(name, "List`1", &["String"]),
            16 => prop(name, "String[]", "System"),
            17 => generic(name, "Dictionary`2", &["String", "String"]),
            18 => match &earlier {
                Some(other) => generic(name, "List`1", &[other]),
                None => generic(name, "List`1", &["Int32"]),
            },
            19 => match &earlier {
                Some(other) => {
                    generic(name, "Dictionary`2", &["String", &format!("List<{other}>")])
                }
                None => generic(name, "Dictionary`2", &["String", "List<Int32>"]),
            },
            20 => match &earlier {
                Some(other) => prop(name, other, MODEL),
                None => prop(name, "Byte[]", "System"),
            },
            21 => generic(name, "List`1", &["KeyValuePair<String,Int32>"]),
            22 => match status {
                Some(status) => json!({
                    "name": name, "type": "Nullable`1", "namespace": "System",
                    "isValueType": true, "isEnum": true, "genericArgs": [status],
                }),
                None => nullable(name, "Int32"),
            },
            _ => generic(name, "List`1", &["Dictionary<String,Int32>"]),
        };
        if self.rng.chance(20) {
            p["description"] = json!(*self.rng.pick(DESCRIPTIONS));
        }
        if self.rng.chance(5) {
            // `[DataMember(Name = "...")]`: a wire name unrelated to the C# name.
            p["dataMember"] = json!({ "name": format!("{}_alias", snake(name)) });
        }
        self.ui_extras(&mut p, earlier.as_deref());
        p
    }

    /// What real documents carry for UIs and validation and a generator ignores, at the rates
    /// blazor-gallery has them: validators on 9% of properties, `ref` on 7%, `format` on 5%,
    /// `input` on 4%.
    fn ui_extras(&mut self, p: &mut Value, earlier: Option<&str>) {
        if self.rng.chance(9) {
            p["attributes"] = json!([{
                "name": "Validate",
                "args": [{ "name": "Validator", "type": "String", "namespace": "System",
                           "value": *self.rng.pick(&["NotEmpty", "GreaterThan(0)", "Email", "HasRole(`Manager`)"]) }],
            }]);
        }
        if let Some(model) = earlier.filter(|_| self.rng.chance(7)) {
            p["ref"] = json!({ "model": model, "refId": "Id", "refLabel": "Name", "selfId": format!("{model}Id") });
        }
        if self.rng.chance(5) {
            p["format"] = json!({ "method": "Intl.NumberFormat", "options": "{style:'currency',currency:'USD'}" });
        }
        if self.rng.chance(4) {
            p["input"] = json!({ "id": p["name"].clone(), "type": "textarea", "required": false });
        }
    }

    fn status_enum(&mut self, name: &str) -> Value {
        let count = 3 + self.rng.below(6);
        let start = self.rng.below(ENUM_MEMBERS.len() - count + 1);
        let names: Vec<&str> = ENUM_MEMBERS[start..start + count].to_vec();
        let mut enum_type = json!({
            "name": name, "namespace": MODEL, "isEnum": true, "enumNames": names,
        });
        match self.rng.below(10) {
            // `[Flags]`: numbers on the wire, any combination.
            0 => {
                enum_type["isEnumInt"] = json!(true);
                enum_type["attributes"] = json!([{ "name": "Flags" }]);
                let values: Vec<String> = (0..count).map(|i| (1u64 << i).to_string()).collect();
                enum_type["enumValues"] = json!(values);
            }
            // Integer enum with explicit values.
            1 | 2 => {
                enum_type["isEnumInt"] = json!(true);
                let values: Vec<String> = (0..count).map(|i| (i * 10).to_string()).collect();
                enum_type["enumValues"] = json!(values);
            }
            // `[EnumMember(Value = "...")]` wire names.
            3 => {
                let wire: Vec<String> = names.iter().map(|member| snake(member)).collect();
                enum_type["enumMemberValues"] = json!(wire);
            }
            _ => {}
        }
        if self.rng.chance(30) {
            enum_type["description"] = json!(format!("The state of a {name}"));
        }
        enum_type
    }

    fn group(&mut self, group: usize) {
        let ss = "ServiceStack";
        let name = format!("{}{group}", NOUNS[group % NOUNS.len()]);
        let status = self.rng.chance(60).then(|| format!("{name}Status"));
        if let Some(status) = &status {
            let enum_type = self.status_enum(status);
            self.types.push(enum_type);
        }

        // The data model, with an abstract base of its own or AuditBase.
        let mut own_base = None;
        let inherits = if self.rng.chance(20) {
            let base = format!("{name}Base");
            let base_props = vec![
                json!({ "name": "Id", "type": "Int32", "namespace": "System", "isValueType": true, "isPrimaryKey": true }),
                json!({ "name": "TenantId", "type": "String", "namespace": "System", "isRequired": true }),
                nullable("ArchivedAt", "DateTime"),
            ];
            own_base = Some(json!({
                "name": base, "namespace": MODEL, "isAbstract": true,
                "inherits": type_name("AuditBase", ss, &[]), "properties": base_props,
            }));
            type_name(&base, MODEL, &[])
        } else {
            type_name("AuditBase", ss, &[])
        };
        if let Some(base) = own_base {
            self.types.push(base);
        }
        let mut props = Vec::new();
        if inherits["name"] == "AuditBase" {
            props.push(json!({ "name": "Id", "type": "Int32", "namespace": "System", "isValueType": true, "isPrimaryKey": true }));
        }
        props.push(
            json!({ "name": "Name", "type": "String", "namespace": "System", "isRequired": true }),
        );
        if let Some(status) = &status {
            props.push(json!({ "name": "Status", "type": status, "namespace": MODEL, "isValueType": true, "isEnum": true }));
        }
        let count = 4 + self.rng.below(10);
        let mut editable = Vec::new();
        let mut used = std::collections::BTreeSet::new();
        for _ in 0..count {
            let word = *self.rng.pick(WORDS);
            if !used.insert(word) {
                continue;
            }
            let p = self.random_prop(word, group, status.as_deref());
            editable.push(p.clone());
            props.push(p);
        }
        if self.rng.chance(10) {
            // A tree: by-value recursion the generator must box.
            props.push(prop("Parent", &name, MODEL));
        }
        let mut entity = json!({
            "name": name, "namespace": MODEL, "inherits": inherits, "properties": props,
        });
        if self.rng.chance(30) {
            entity["description"] = json!(format!("{name} details"));
        }
        self.types.push(entity);

        let plural = format!("{}s", snake(&name));
        let auth = self.rng.chance(50);
        let tags = json!([NOUNS[group % NOUNS.len()].to_lowercase()]);
        let entity_ref = type_name(&name, MODEL, &[]);

        // Query: QueryDb<T>, GET, two routes, QueryResponse<T>.
        let query_props = vec![
            nullable("Id", "Int32"),
            prop("NameContains", "String", "System"),
        ];
        let query_response = json!({
            "name": "QueryResponse`1", "namespace": ss, "genericArgs": [name],
            "dataContract": {},
            "properties": [
                value_prop("Offset", "Int32"),
                value_prop("Total", "Int32"),
                generic("Results", "List`1", &[&name]),
                generic("Meta", "Dictionary`2", &["String", "String"]),
                prop("ResponseStatus", "ResponseStatus", ss),
            ],
        });
        self.operations.push(json!({
            "request": {
                "name": format!("Query{name}s"), "namespace": APP,
                "inherits": type_name("QueryDb`1", ss, &[&name]),
                "description": format!("Find {name} records"),
                "properties": query_props,
            },
            "response": query_response,
            "actions": ["ANY"],
            "method": "GET",
            "returnType": type_name("QueryResponse`1", ss, &[&name]),
            "routes": [
                { "path": format!("/{plural}"), "verbs": "GET" },
                { "path": format!("/{plural}/{{Id}}"), "verbs": "GET" },
            ],
            "dataModel": entity_ref,
            "viewModel": entity_ref,
            "tags": tags,
        }));

        // Create: ICreateDb<T>, IReturn<IdResponse>, POST.
        let mut create_props = editable.clone();
        create_props.insert(
            0,
            json!({ "name": "Name", "type": "String", "namespace": "System", "isRequired": true, "description": "Display name" }),
        );
        let id_response = json!({
            "name": "IdResponse", "namespace": ss, "dataContract": {},
            "properties": [
                { "name": "Id", "type": "String", "namespace": "System", "isRequired": true },
                prop("ResponseStatus", "ResponseStatus", ss),
            ],
        });
        let mut create = json!({
            "request": {
                "name": format!("Create{name}"), "namespace": APP,
                "implements": [
                    type_name("ICreateDb`1", ss, &[&name]),
                    type_name("IReturn`1", ss, &["IdResponse"]),
                ],
                "description": format!("Create a new {name}"),
                "properties": create_props,
            },
            "response": id_response.clone(),
            "actions": ["ANY"],
            "method": "POST",
            "returnType": type_name("IdResponse", ss, &[]),
            "routes": [{ "path": format!("/{plural}"), "verbs": "POST" }],
            "dataModel": entity_ref,
            "tags": tags,
        });
        if auth {
            create["requiresAuth"] = json!(true);
            create["requiredRoles"] = json!(["Employee"]);
        }
        self.operations.push(create);

        // Update: IPatchDb<T>, PATCH, every property optional.
        let mut update_props = vec![
            json!({ "name": "Id", "type": "Int32", "namespace": "System", "isValueType": true, "isPrimaryKey": true }),
        ];
        for p in &editable {
            let mut p = p.clone();
            if p["isValueType"] == json!(true) && p["type"] != "Nullable`1" {
                let underlying = p["type"].clone();
                p["type"] = json!("Nullable`1");
                p["genericArgs"] = json!([underlying]);
                p["namespace"] = json!("System");
            }
            if let Some(object) = p.as_object_mut() {
                object.remove("isRequired");
            }
            update_props.push(p);
        }
        let mut update = json!({
            "request": {
                "name": format!("Update{name}"), "namespace": APP,
                "implements": [
                    type_name("IPatchDb`1", ss, &[&name]),
                    type_name("IReturn`1", ss, &["IdResponse"]),
                ],
                "description": format!("Update an existing {name}"),
                "properties": update_props,
            },
            "response": id_response,
            "actions": ["ANY"],
            "method": "PATCH",
            "returnType": type_name("IdResponse", ss, &[]),
            "routes": [{ "path": format!("/{plural}/{{Id}}"), "verbs": "PATCH" }],
            "dataModel": entity_ref,
            "tags": tags,
        });
        if auth {
            update["requiresAuth"] = json!(true);
            update["requiresAnyRole"] = json!(["Employee", "Manager"]);
        }
        self.operations.push(update);

        // Delete: IDeleteDb<T>, IReturnVoid, DELETE.
        self.operations.push(json!({
            "request": {
                "name": format!("Delete{name}"), "namespace": APP,
                "implements": [
                    type_name("IDeleteDb`1", ss, &[&name]),
                    type_name("IReturnVoid", ss, &[]),
                ],
                "properties": [
                    { "name": "Id", "type": "Int32", "namespace": "System", "isValueType": true, "isPrimaryKey": true },
                ],
            },
            "actions": ["ANY"],
            "returnsVoid": true,
            "method": "DELETE",
            "routes": [{ "path": format!("/{plural}/{{Id}}"), "verbs": "DELETE" }],
            "dataModel": entity_ref,
            "requiresAuth": true,
            "requiredRoles": ["Manager"],
            "tags": tags,
        }));
        // Distinct new types: the four requests (QueryResponse`1 and IdResponse are shared).
        self.operation_types += 4;

        // A custom GET operation with its own response and a nested detail class.
        if group.is_multiple_of(2) {
            let detail = format!("{name}Detail");
            self.types.push(json!({
                "name": detail, "namespace": APP, "isNested": true,
                "properties": [
                    prop("Label", "String", "System"),
                    value_prop("Value", "Double"),
                    nullable("At", "DateTime"),
                    generic("Tags", "HashSet`1", &["String"]),
                ],
            }));
            let response = format!("Get{name}SummaryResponse");
            self.operations.push(json!({
                "request": {
                    "name": format!("Get{name}Summary"), "namespace": APP,
                    "implements": [
                        type_name("IReturn`1", ss, &[&response]),
                        type_name("IGet", ss, &[]),
                    ],
                    "properties": [
                        value_prop("Id", "Int32"),
                        nullable("Since", "DateTime"),
                        generic("Fields", "List`1", &["String"]),
                    ],
                },
                "response": {
                    "name": response, "namespace": APP,
                    "properties": [
                        prop("Result", &name, MODEL),
                        generic("Related", "List`1", &[&name]),
                        generic("Details", "List`1", &[&detail]),
                        generic("Counts", "Dictionary`2", &["String", "Int32"]),
                        generic("ByDay", "Dictionary`2", &["String", &format!("List<{detail}>")]),
                        prop("ResponseStatus", "ResponseStatus", ss),
                    ],
                },
                "actions": ["GET"],
                "method": "GET",
                "returnType": type_name(&response, APP, &[]),
                "routes": [{ "path": format!("/{plural}/{{Id}}/summary"), "verbs": "GET" }],
                "tags": tags,
            }));
            self.operation_types += 2;
        }

        self.entities.push(name);
    }
}
