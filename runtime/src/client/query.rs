//! Query-string and path-segment text for request fields.
//!
//! ServiceStack reads query-string values with its JSV parser, so complex values are written in
//! JSV: lists as `[a,b,c]`, objects and maps as `{key:value,...}`, and strings inside them quoted
//! when they contain JSV syntax characters. Top-level strings, numbers and booleans are written as
//! they are. Every byte outside RFC 3986's unreserved set is percent-encoded, so `+`, `&`, `/` and
//! non-ASCII text survive any server-side decoder (a space becomes `%20`, never `+`).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a query key, query value or path segment (borrowed when nothing needs
/// escaping, as with most operation names and keys).
pub(crate) fn encode_component(text: &str) -> std::borrow::Cow<'_, str> {
    utf8_percent_encode(text, COMPONENT).into()
}

/// The top-level members of a serialized request, in serialization order.
///
/// `serde_json::Value` objects are sorted by key unless `preserve_order` is on, so the members are
/// collected from the JSON text instead: the query string then lists fields in declaration order,
/// like the official clients.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Fields(pub(crate) Vec<(String, Value)>);

impl Fields {
    /// Serializes `request` and splits its top-level JSON object into members.
    pub(crate) fn of<T: serde::Serialize + ?Sized>(request: &T) -> Result<Self, String> {
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

    /// The value of the member whose name equals `name` ignoring ASCII case.
    pub(crate) fn find(&self, name: &str) -> Option<(&str, &Value)> {
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
            fields.push((key, value));
        }
        Ok(Fields(fields))
    }

    // A unit struct DTO (no properties) serializes as `null`.
    fn visit_unit<E: serde::de::Error>(self) -> Result<Fields, E> {
        Ok(Fields::default())
    }
}

/// The query-string text of a top-level field value; `None` for `null`, which is left out.
pub(crate) fn query_value(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => {
            let mut out = String::new();
            write_jsv(other, &mut out);
            Some(out)
        }
    }
}

/// The text of a value bound into a route path. Lists drop their brackets, as the .NET client
/// does (`{Ids}` = `1,2,3`).
pub(crate) fn path_value(value: &Value) -> Option<String> {
    match value {
        Value::Array(_) => {
            let mut out = String::new();
            write_jsv(value, &mut out);
            Some(out[1..out.len() - 1].to_owned())
        }
        other => query_value(other),
    }
}

/// Builds `key=value&...` from `fields`, skipping `null` members and the members named in `skip`.
pub(crate) fn build_query(fields: &Fields, skip: &[String]) -> String {
    let mut query = String::new();
    for (key, value) in &fields.0 {
        if skip.iter().any(|bound| bound == key) {
            continue;
        }
        let Some(text) = query_value(value) else {
            continue;
        };
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&encode_component(key));
        query.push('=');
        query.push_str(&encode_component(&text));
    }
    query
}

fn write_jsv(value: &Value, out: &mut String) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&number.to_string()),
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
