//! Query-string and path-segment text for request fields.
//!
//! ServiceStack reads query-string values with its JSV parser, so complex values are written in
//! JSV: lists as `[a,b,c]`, objects and maps as `{key:value,...}`, and strings inside them quoted
//! when they contain JSV syntax characters. Top-level strings, numbers and booleans are written as
//! they are. Every byte outside RFC 3986's unreserved set is percent-encoded, so `+`, `&`, `/` and
//! non-ASCII text survive any server-side decoder (a space becomes `%20`, never `+`).
//!
//! The members are read straight from the request by the serializer of
//! [`query_serializer`](super::query_serializer): scalars (strings, numbers, booleans, and the
//! wire types, which serialize as strings) never become JSON text or `serde_json::Value`. Only
//! complex members (lists, maps, nested objects) go through a `Value` to be written in JSV, and a
//! request the serializer cannot read member by member (not an object, or failing to serialize)
//! is read the way it always was, from its JSON text, so that results and errors stay the same.

use std::borrow::Cow;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::query_serializer::{self, Target};

/// Which bytes are RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`), the only ones left
/// as they are.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        byte += 1;
    }
    table
};

/// `%00%01...%FF`: the escape of byte `b` is `ESCAPES[3 * b..3 * b + 3]`.
const ESCAPES: &str = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    const BYTES: [u8; 768] = {
        let mut bytes = [0; 768];
        let mut byte = 0;
        while byte < 256 {
            bytes[3 * byte] = b'%';
            bytes[3 * byte + 1] = HEX[byte >> 4];
            bytes[3 * byte + 2] = HEX[byte & 0xF];
            byte += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => panic!("the escapes are ASCII"),
    }
};

fn is_unreserved(byte: u8) -> bool {
    UNRESERVED[usize::from(byte)]
}

/// Appends `text` to `out`, percent-encoding every byte outside the unreserved set (upper-case
/// hex, like the `percent-encoding` crate; written here because its iterator costs more than the
/// rest of a short query string).
pub(crate) fn push_encoded(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut run = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if is_unreserved(byte) {
            continue;
        }
        // A run of unreserved bytes is ASCII, so both of its ends are character boundaries
        // (an escaped byte may sit inside a multi-byte character, but then the run is empty).
        if run < at {
            out.push_str(&text[run..at]);
        }
        let escape = 3 * usize::from(byte);
        out.push_str(&ESCAPES[escape..escape + 3]);
        run = at + 1;
    }
    if run < bytes.len() {
        out.push_str(&text[run..]);
    }
}

/// Percent-encodes the text `out` holds from `from` on, in place (for text that was written
/// before it was known whether it needs escaping, such as numbers and `Display` output).
pub(crate) fn encode_tail(out: &mut String, from: usize) {
    if out.as_bytes()[from..]
        .iter()
        .all(|&byte| is_unreserved(byte))
    {
        return;
    }
    let raw = out.split_off(from);
    push_encoded(out, &raw);
}

/// Percent-encodes a query key, query value or path segment (borrowed when nothing needs
/// escaping, as with most operation names and keys).
pub(crate) fn encode_component(text: &str) -> Cow<'_, str> {
    if text.bytes().all(is_unreserved) {
        Cow::Borrowed(text)
    } else {
        let mut out = String::with_capacity(text.len() + 16);
        push_encoded(&mut out, text);
        Cow::Owned(out)
    }
}

/// The value of one request member, as the query string and route paths use it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Member {
    /// `null` (an unset `Option`, a unit): left out of the query string, binds no route variable.
    Null,
    /// A scalar as text, or an object or map in JSV.
    Text(String),
    /// A list in JSV (`[a,b]`); a route path takes it without the brackets, as the .NET client
    /// does (`{Ids}` = `1,2,3`).
    List(String),
}

impl Member {
    /// The member of a value read from JSON (complex members, and requests read from their JSON
    /// text).
    pub(crate) fn of(value: &Value) -> Member {
        match value {
            Value::Null => Member::Null,
            Value::String(text) => Member::Text(text.clone()),
            Value::Array(_) => {
                let mut out = String::new();
                write_jsv(value, &mut out);
                Member::List(out)
            }
            other => {
                let mut out = String::new();
                write_jsv(other, &mut out);
                Member::Text(out)
            }
        }
    }

    /// The query-string text (not yet percent-encoded); `None` for `null`.
    pub(crate) fn query_text(&self) -> Option<&str> {
        match self {
            Member::Null => None,
            Member::Text(text) | Member::List(text) => Some(text),
        }
    }

    /// The text bound into a route path; `None` for `null`.
    pub(crate) fn path_text(&self) -> Option<&str> {
        match self {
            Member::Null => None,
            Member::Text(text) => Some(text),
            // JSV lists always start with `[` and end with `]`.
            Member::List(text) => Some(&text[1..text.len() - 1]),
        }
    }
}

/// The top-level members of a request, in serialization order (declaration order for derived
/// `Serialize`, like the official clients), by wire name, `null` members included.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Fields(pub(crate) Vec<(String, Member)>);

impl Fields {
    /// Reads the members of `request`; fails, with serde_json's message, when it does not
    /// serialize to a JSON object (or `null`, which has no members).
    pub(crate) fn of<T: serde::Serialize + ?Sized>(request: &T) -> Result<Self, String> {
        let mut fields = Fields::default();
        if query_serializer::read(request, Target::Fields(&mut fields)).is_ok() {
            return Ok(fields);
        }
        Self::of_json(request)
    }

    /// Reads the members from the JSON text of `request`: for the requests the direct reading
    /// gives up on, with the results and errors they always had.
    pub(crate) fn of_json<T: serde::Serialize + ?Sized>(request: &T) -> Result<Self, String> {
        let json = serde_json::to_vec(request).map_err(|error| error.to_string())?;
        Self::from_json(&json)
    }

    fn from_json(json: &[u8]) -> Result<Self, String> {
        let mut deserializer = serde_json::Deserializer::from_slice(json);
        let fields = deserializer
            .deserialize_any(FieldsVisitor)
            .map_err(|error| error.to_string())?;
        Ok(fields)
    }

    /// The member whose name equals `name` ignoring ASCII case (the first one, `null` or not).
    pub(crate) fn find(&self, name: &str) -> Option<(&str, &Member)> {
        self.0
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(key, value)| (key.as_str(), value))
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a request DTO serialized as a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            fields.push((key, Member::of(&value)));
        }
        Ok(Fields(fields))
    }

    // A unit struct DTO (no properties) serializes as `null`.
    fn visit_unit<E: serde::de::Error>(self) -> Result<Fields, E> {
        Ok(Fields::default())
    }
}

/// Something with a query-string text: a [`Member`], or a JSON value.
pub(crate) trait QueryValue {
    /// The text (not yet percent-encoded); `None` for `null`, which is left out.
    fn query_value(&self) -> Option<String>;
}

impl QueryValue for Member {
    fn query_value(&self) -> Option<String> {
        self.query_text().map(str::to_owned)
    }
}

impl QueryValue for Value {
    fn query_value(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::String(text) => Some(text.clone()),
            other => {
                let mut out = String::new();
                write_jsv(other, &mut out);
                Some(out)
            }
        }
    }
}

/// The query-string text of a top-level field value; `None` for `null`, which is left out.
pub(crate) fn query_value(value: &(impl QueryValue + ?Sized)) -> Option<String> {
    value.query_value()
}

/// The text of a value bound into a route path. Lists drop their brackets, as the .NET client
/// does (`{Ids}` = `1,2,3`).
#[cfg(test)]
pub(crate) fn path_value(value: &Value) -> Option<String> {
    Member::of(value).path_text().map(str::to_owned)
}

/// Builds `key=value&...` from `fields`, skipping `null` members and the members named in `skip`.
#[cfg(test)]
pub(crate) fn build_query(fields: &Fields, skip: &[String]) -> String {
    let mut query = String::new();
    write_pairs(fields, skip, &mut query, None);
    query
}

/// Appends `?key=value&...` to `url`, skipping `null` members and the members named in `skip`;
/// appends nothing when no member is left.
pub(crate) fn append_query(fields: &Fields, skip: &[String], url: &mut String) {
    write_pairs(fields, skip, url, Some('?'));
}

/// Appends the query string of `request` to `url` (`?key=value&...`, nothing when it has no
/// non-null member) in one pass over the request: the query string of a call that binds no
/// route variable.
pub(crate) fn append_query_of<T: serde::Serialize + ?Sized>(
    request: &T,
    url: &mut String,
) -> Result<(), String> {
    let start = url.len();
    if query_serializer::read(request, Target::Query { url, start }).is_ok() {
        return Ok(());
    }
    url.truncate(start);
    append_query(&Fields::of_json(request)?, &[], url);
    Ok(())
}

fn write_pairs(fields: &Fields, skip: &[String], out: &mut String, lead: Option<char>) {
    let start = out.len();
    for (key, value) in &fields.0 {
        let Some(text) = value.query_text() else {
            continue;
        };
        if skip.iter().any(|bound| bound == key) {
            continue;
        }
        match lead {
            Some(lead) if out.len() == start => out.push(lead),
            _ if out.len() == start => {}
            _ => out.push('&'),
        }
        push_encoded(out, key);
        out.push('=');
        push_encoded(out, text);
    }
}

/// Writes a value in JSV (complex members: lists, maps, nested objects).
fn write_jsv(value: &Value, out: &mut String) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => {
            use std::fmt::Write as _;
            // Writing to a String cannot fail.
            let _ = write!(out, "{number}");
        }
        Value::String(text) => write_jsv_string(text, out),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_jsv(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            let mut first = true;
            // Sorted, so that maps (HashMap in generated code) give the same URL every time;
            // JSV leaves null members out, like ServiceStack's own serializer.
            let mut sorted: Vec<(&String, &Value)> =
                members.iter().filter(|(_, item)| !item.is_null()).collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            for (key, item) in sorted {
                if !first {
                    out.push(',');
                }
                first = false;
                write_jsv_string(key, out);
                out.push(':');
                write_jsv(item, out);
            }
            out.push('}');
        }
    }
}

/// JSV quotes a string that contains syntax characters and doubles its quotes.
fn write_jsv_string(text: &str, out: &mut String) {
    let needs_quotes = text.chars().any(|c| {
        matches!(
            c,
            '"' | ',' | ':' | '{' | '}' | '[' | ']' | '\r' | '\n' | '\t'
        )
    });
    if needs_quotes {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode(text: &str) -> String {
        percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .unwrap()
            .into_owned()
    }

    #[test]
    fn encodes_reserved_and_non_ascii() {
        let text = "hello world & friends =?/+%#!'()*~";
        let encoded = encode_component(text);
        assert_eq!(
            encoded,
            "hello%20world%20%26%20friends%20%3D%3F%2F%2B%25%23%21%27%28%29%2A~"
        );
        assert_eq!(decode(&encoded), text);
        assert_eq!(
            encode_component("ün 日本 😀"),
            "%C3%BCn%20%E6%97%A5%E6%9C%AC%20%F0%9F%98%80"
        );
    }

    #[test]
    fn keeps_declaration_order_and_skips_nulls() {
        #[derive(serde::Serialize)]
        struct Dto {
            zeta: i32,
            alpha: Option<String>,
            #[serde(rename = "middleName")]
            middle: Option<String>,
        }
        let fields = Fields::of(&Dto {
            zeta: 0,
            alpha: None,
            middle: Some("a b".into()),
        })
        .unwrap();
        assert_eq!(build_query(&fields, &[]), "zeta=0&middleName=a%20b");
        assert_eq!(
            build_query(&fields, &["zeta".to_owned()]),
            "middleName=a%20b"
        );
        assert_eq!(fields.find("MIDDLENAME").unwrap().0, "middleName");
    }

    #[test]
    fn writes_jsv_for_complex_values() {
        assert_eq!(
            query_value(&json!(["alpha", "b c", "d,e"])).unwrap(),
            r#"[alpha,b c,"d,e"]"#
        );
        assert_eq!(query_value(&json!([1, 2, 3])).unwrap(), "[1,2,3]");
        assert_eq!(query_value(&json!([])).unwrap(), "[]");
        assert_eq!(
            query_value(&json!({"name": "Ann Lee", "phone": "+1", "gone": null})).unwrap(),
            "{name:Ann Lee,phone:+1}"
        );
        assert_eq!(
            query_value(&json!({"k 2": "v&2", "q": "say \"hi\""})).unwrap(),
            r#"{k 2:v&2,q:"say ""hi"""}"#
        );
        assert_eq!(query_value(&json!(true)).unwrap(), "true");
        assert_eq!(query_value(&json!(-7)).unwrap(), "-7");
        assert_eq!(query_value(&json!(3.5)).unwrap(), "3.5");
        assert_eq!(
            query_value(&json!("/Date(1700000000000)/")).unwrap(),
            "/Date(1700000000000)/"
        );
        assert_eq!(query_value(&Value::Null), None);
        assert_eq!(path_value(&json!([1, 2])).unwrap(), "1,2");
        assert_eq!(path_value(&json!("a/b")).unwrap(), "a/b");
    }

    #[test]
    fn unit_and_non_object_requests() {
        #[derive(serde::Serialize)]
        struct Empty;
        assert!(Fields::of(&Empty).unwrap().0.is_empty());
        assert!(Fields::of(&[1, 2]).is_err());
    }
}
