//! Doc lines for what a property's attributes ask of a request: `[Required]`, `[Validate]`,
//! `[StringLength]`, `[References]` and the `[ApiMember]` / `[ApiAllowableValues]` details.
//!
//! Everything quoted comes from an untrusted document: control and invisible characters are
//! dropped, line breaks and runs of whitespace become one space, and each value is capped.
//! Lines are plain text; the emitter escapes them for rustdoc.

use crate::metadata::{MetadataAttribute, MetadataAttributeArg, MetadataProperty};
use crate::model::is_invisible;

/// Longest value quoted from the document, in characters; longer ones end in `…`.
const MAX_VALUE_CHARS: usize = 200;
/// Most entries of one list (validators, allowed values) quoted; the rest are counted.
const MAX_LIST_ITEMS: usize = 50;
/// `int.MaxValue`: a `[StringLength]` maximum meaning "no limit".
const NO_LENGTH_LIMIT: i64 = i32::MAX as i64;

/// Doc lines describing the constraints a property's attributes put on its value, in a fixed
/// order: required, ApiMember parameter type, validation, length, range, allowed values,
/// references. Unknown attributes and arguments say nothing.
pub(crate) fn attribute_doc_lines(property: &MetadataProperty) -> Vec<String> {
    let mut required = false;
    let mut validators = Vec::new();
    let mut lengths = Vec::new();
    let mut references = Vec::new();
    for attribute in &property.attributes {
        let name = attribute.name.trim();
        let name = name.strip_suffix("Attribute").unwrap_or(name);
        match name {
            "Required" => required = true,
            "StringLength" => lengths.extend(string_length(attribute)),
            "References" => references.extend(referenced_type(attribute)),
            _ if name.starts_with("Validate") => validators.extend(validations(attribute)),
            _ => {}
        }
    }

    let mut lines = Vec::new();
    if required {
        lines.push("Required.".to_owned());
    }
    if let Some(param_type) = property.param_type.as_deref().map(clean)
        && !param_type.is_empty()
    {
        lines.push(sentence(format!("ApiMember parameter type: {param_type}")));
    }
    if !validators.is_empty() {
        lines.push(sentence(format!("Validation: {}", join_list(validators))));
    }
    lines.extend(dedup(lengths));
    lines.extend(range_line(property.allowable_min, property.allowable_max));
    let allowed: Vec<String> = property
        .allowable_values
        .iter()
        .map(|value| clean(value))
        .filter(|value| !value.is_empty())
        .collect();
    if !allowed.is_empty() {
        lines.push(sentence(format!("Allowed values: {}", join_list(allowed))));
    }
    if !references.is_empty() {
        lines.push(sentence(format!("References {}", join_list(references))));
    }
    lines
}

/// The entries of one `[Validate]` (or `[ValidateXxx]` carrying a `Validator`): each validator
/// and condition, with the error code and message the server answers with when it fails.
fn validations(attribute: &MetadataAttribute) -> Vec<String> {
    let error_code = arg_value(attribute, "ErrorCode");
    let message = arg_value(attribute, "Message");
    let mut details = Vec::new();
    if let Some(code) = error_code {
        details.push(format!("error code: {code}"));
    }
    if let Some(message) = message {
        details.push(format!("message: \"{message}\""));
    }
    let suffix = if details.is_empty() {
        String::new()
    } else {
        format!(" ({})", details.join("; "))
    };
    // `[Validate("NotEmpty")]` may also arrive with its value as an unnamed constructor argument.
    let validator = arg_value(attribute, "Validator").or_else(|| positional_value(attribute));
    let mut entries = Vec::new();
    if let Some(validator) = validator {
        entries.push(format!("{validator}{suffix}"));
    }
    if let Some(condition) = arg_value(attribute, "Condition") {
        entries.push(format!("Condition `{condition}`{suffix}"));
    }
    entries
}

/// The line for one `[StringLength(max, MinimumLength = min)]`, if it limits anything.
fn string_length(attribute: &MetadataAttribute) -> Option<String> {
    let number = |name: &str| arg_value(attribute, name).and_then(|text| text.parse::<i64>().ok());
    // The maximum is the constructor's only parameter: an unnamed first argument is it.
    let max = number("maximumLength")
        .or_else(|| positional_value(attribute).and_then(|text| text.parse::<i64>().ok()));
    let min = number("minimumLength").filter(|&min| min > 0);
    let max = max.filter(|&max| (0..NO_LENGTH_LIMIT).contains(&max));
    let characters = |count: i64| {
        if count == 1 {
            "character"
        } else {
            "characters"
        }
    };
    Some(match (min, max) {
        (None, None) => return None,
        (Some(min), None) => format!("Length: at least {min} {}.", characters(min)),
        (None, Some(max)) => format!("Length: at most {max} {}.", characters(max)),
        (Some(min), Some(max)) if min == max => {
            format!("Length: exactly {min} {}.", characters(min))
        }
        (Some(min), Some(max)) => format!("Length: {min} to {max} characters."),
    })
}

/// `Coupon` from `[References(typeof(MyApp.ServiceModel.Coupon))]`.
fn referenced_type(attribute: &MetadataAttribute) -> Option<String> {
    let text = arg_value(attribute, "type").or_else(|| positional_value(attribute))?;
    let text = text.trim();
    let text = text
        .strip_prefix("typeof(")
        .map_or(text, |inner| inner.strip_suffix(')').unwrap_or(inner));
    // Generic arguments (`Foo`1[[...]]`, `Foo<Bar>`) would hide the name's last segment.
    let text = text
        .split(['[', '<', '`', ','])
        .next()
        .unwrap_or_default()
        .trim();
    let name = text.rsplit(['.', '+']).next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// `Range: 1 to 10.` for `[ApiAllowableValues(Min, Max)]`.
fn range_line(min: Option<i64>, max: Option<i64>) -> Option<String> {
    Some(match (min, max) {
        (None, None) => return None,
        (Some(min), None) => format!("Range: at least {min}."),
        (None, Some(max)) => format!("Range: at most {max}."),
        (Some(min), Some(max)) => format!("Range: {min} to {max}."),
    })
}

/// The cleaned, non-empty value of the argument named `name` (ignoring case), named or
/// positional.
fn arg_value(attribute: &MetadataAttribute, name: &str) -> Option<String> {
    attribute
        .args
        .iter()
        .chain(&attribute.constructor_args)
        .filter(|arg| {
            arg.name
                .as_deref()
                .is_some_and(|arg_name| arg_name.trim().eq_ignore_ascii_case(name))
        })
        .find_map(value_text)
}

/// The value of the first constructor argument when the document does not name it.
fn positional_value(attribute: &MetadataAttribute) -> Option<String> {
    attribute
        .constructor_args
        .first()
        .filter(|arg| {
            arg.name
                .as_deref()
                .is_none_or(|name| name.trim().is_empty())
        })
        .and_then(value_text)
}

fn value_text(arg: &MetadataAttributeArg) -> Option<String> {
    let value = clean(arg.value.as_deref()?);
    (!value.is_empty()).then_some(value)
}

/// Untrusted text made safe to quote on one line: whitespace (line breaks included) collapsed to
/// single spaces, invisible characters dropped, capped at [`MAX_VALUE_CHARS`].
fn clean(text: &str) -> String {
    let visible: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|&c| !is_invisible(c))
        .collect();
    let collapsed = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(MAX_VALUE_CHARS) {
        Some((end, _)) => format!("{}…", collapsed[..end].trim_end()),
        None => collapsed,
    }
}

/// Distinct entries joined with `, `, at most [`MAX_LIST_ITEMS`] of them.
fn join_list(items: Vec<String>) -> String {
    let items = dedup(items);
    let more = items.len().saturating_sub(MAX_LIST_ITEMS);
    let mut text = items[..items.len() - more].join(", ");
    if more > 0 {
        text.push_str(&format!(", … ({more} more)"));
    }
    text
}

/// Drops repeated entries, keeping the first of each.
fn dedup(items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|item| seen.insert(item.clone()))
        .collect()
}

/// Ends a line with a full stop unless its quoted text already does.
fn sentence(mut text: String) -> String {
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::parse;

    /// The first property of type `A` in a document declaring it alone, read by the real parser.
    fn property(json: &str) -> MetadataProperty {
        let document =
            format!(r#"{{"types":[{{"name":"A","properties":[{json}]}}],"operations":[]}}"#);
        let mut parsed = parse(&document).unwrap_or_else(|error| panic!("{json}: {error}"));
        parsed.types.remove(0).properties.remove(0)
    }

    fn lines(json: &str) -> Vec<String> {
        attribute_doc_lines(&property(json))
    }

    #[test]
    fn real_document_examples() {
        assert_eq!(
            lines(
                r#"{"name": "Title", "type": "String", "namespace": "System", "isRequired": true, "attributes": [{"name": "Required", "args": []}]}"#
            ),
            ["Required."]
        );
        assert_eq!(
            lines(
                r#"{"name": "Name", "type": "String", "isRequired": true, "attributes": [{"name": "StringLength", "constructorArgs": [{"name": "maximumLength", "type": "Int32", "namespace": "System", "isValueType": true, "value": "50"}]}]}"#
            ),
            ["Length: at most 50 characters."]
        );
        assert_eq!(
            lines(
                r#"{"name":"X","attributes": [{"name": "Validate", "args": [{"name": "Validator", "type": "String", "namespace": "System", "value": "NotEmpty"}]}]}"#
            ),
            ["Validation: NotEmpty."]
        );
        assert_eq!(
            lines(
                r#"{"name":"CouponId","attributes": [{"name": "References", "constructorArgs": [{"name": "type", "type": "Type", "value": "typeof(MyApp.ServiceModel.Coupon)"}]}]}"#
            ),
            ["References Coupon."]
        );
    }

    #[test]
    fn parsed_arguments_keep_name_type_and_value() {
        let meta = property(
            r#"{"name": "Name", "attributes": [{"name": "StringLength", "constructorArgs": [{"name": "maximumLength", "type": "Int32", "namespace": "System", "isValueType": true, "value": "50"}], "args": [{"name": "MinimumLength", "type": "Int32", "value": 2}]}]}"#,
        );
        let attribute = &meta.attributes[0];
        assert_eq!(attribute.name, "StringLength");
        assert_eq!(
            attribute.constructor_args,
            [MetadataAttributeArg {
                name: Some("maximumLength".into()),
                type_name: Some("Int32".into()),
                value: Some("50".into()),
            }]
        );
        assert_eq!(attribute.args[0].value.as_deref(), Some("2"));
        assert_eq!(attribute_doc_lines(&meta), ["Length: 2 to 50 characters."]);
    }

    #[test]
    fn required_attribute_not_is_required() {
        assert_eq!(
            lines(r#"{"name":"X","attributes":[{"name":"RequiredAttribute"}]}"#),
            ["Required."]
        );
        // `isRequired` is also set by C# nullable annotations: it says nothing on its own.
        assert!(lines(r#"{"name":"X","isRequired":true}"#).is_empty());
        assert!(
            lines(r#"{"name":"X","isRequired":true,"dataMember":{"isRequired":true}}"#).is_empty()
        );
        // Repeated attributes give one line.
        assert_eq!(
            lines(r#"{"name":"X","attributes":[{"name":"Required"},{"name":"Required"}]}"#),
            ["Required."]
        );
    }

    #[test]
    fn validators_conditions_error_codes_and_messages() {
        assert_eq!(
            lines(
                r#"{"name":"X","attributes":[
                    {"name":"Validate","args":[{"name":"Validator","value":"NotEmpty"}]},
                    {"name":"Validate","args":[{"name":"Validator","value":"MaximumLength(20)"}]}]}"#
            ),
            ["Validation: NotEmpty, MaximumLength(20)."]
        );
        assert_eq!(
            lines(
                r#"{"name":"X","attributes":[{"name":"Validate","args":[
                    {"name":"Condition","value":"it.Length > 2"},
                    {"name":"ErrorCode","value":"TooShort"}]}]}"#
            ),
            ["Validation: Condition `it.Length > 2` (error code: TooShort)."]
        );
        assert_eq!(
            lines(
                r#"{"name":"X","attributes":[{"name":"Validate","args":[
                    {"name":"Validator","value":"GreaterThan(0)"},
                    {"name":"ErrorCode","value":"NoEmployee"},
                    {"name":"Message","value":"An employee must be selected."}]}]}"#
            ),
            [
                "Validation: GreaterThan(0) (error code: NoEmployee; message: \"An employee must be selected.\")."
            ]
        );
        // A positional validator, and a `[ValidateXxx]` carrying its validator.
        assert_eq!(
            lines(
                r#"{"name":"X","attributes":[
                    {"name":"Validate","constructorArgs":[{"value":"NotNull"}]},
                    {"name":"ValidateNotEmpty","args":[{"name":"Validator","value":"NotEmpty"}]}]}"#
            ),
            ["Validation: NotNull, NotEmpty."]
        );
        // A message alone names no rule; duplicates collapse.
        assert_eq!(
            lines(
                r#"{"name":"X","attributes":[
                    {"name":"Validate","args":[{"name":"Message","value":"nope"}]},
                    {"name":"Validate","args":[{"name":"Validator","value":"NotEmpty"}]},
                    {"name":"Validate","args":[{"name":"Validator","value":"NotEmpty"}]}]}"#
            ),
            ["Validation: NotEmpty."]
        );
    }

    #[test]
    fn string_lengths() {
        let length = |ctor: &str, args: &str| {
            lines(&format!(
                r#"{{"name":"X","attributes":[{{"name":"StringLength","constructorArgs":[{ctor}],"args":[{args}]}}]}}"#
            ))
        };
        let max =
            |value: &str| format!(r#"{{"name":"maximumLength","type":"Int32","value":{value}}}"#);
        assert_eq!(
            length(&max("\"50\""), ""),
            ["Length: at most 50 characters."]
        );
        assert_eq!(length(&max("1"), ""), ["Length: at most 1 character."]);
        assert_eq!(
            length(&max("\"50\""), r#"{"name":"minimumLength","value":"2"}"#),
            ["Length: 2 to 50 characters."]
        );
        assert_eq!(
            length(&max("\"5\""), r#"{"name":"MinimumLength","value":5}"#),
            ["Length: exactly 5 characters."]
        );
        // int.MaxValue is "no limit".
        assert!(length(&max("\"2147483647\""), "").is_empty());
        assert_eq!(
            length(
                &max("2147483647"),
                r#"{"name":"MinimumLength","value":"3"}"#
            ),
            ["Length: at least 3 characters."]
        );
        // An unnamed positional maximum; unreadable numbers say nothing.
        assert_eq!(
            length(r#"{"value":"10"}"#, ""),
            ["Length: at most 10 characters."]
        );
        assert!(length(&max("\"lots\""), "").is_empty());
        assert!(length(&max("null"), r#"{"name":"MinimumLength","value":"0"}"#).is_empty());
    }

    #[test]
    fn api_member_details() {
        assert_eq!(
            lines(
                r#"{"name":"X","paramType":"header","displayType":"string","allowableValues":["a","b","c"],"allowableMin":1,"allowableMax":"10"}"#
            ),
            [
                "ApiMember parameter type: header.",
                "Range: 1 to 10.",
                "Allowed values: a, b, c."
            ]
        );
        assert_eq!(
            lines(r#"{"name":"X","paramType":"query","allowableMin":"-5"}"#),
            ["ApiMember parameter type: query.", "Range: at least -5."]
        );
        assert_eq!(
            lines(r#"{"name":"X","paramType":"  ","allowableMax":10.0}"#),
            ["Range: at most 10."]
        );
        let meta = property(r#"{"name":"X","displayType":"form","allowableMin":1.5}"#);
        assert_eq!(meta.display_type.as_deref(), Some("form"));
        assert_eq!(meta.allowable_min, None);
        assert!(attribute_doc_lines(&meta).is_empty());
    }

    #[test]
    fn references_take_the_last_segment() {
        let reference = |value: &str| {
            lines(&format!(
                r#"{{"name":"X","attributes":[{{"name":"References","constructorArgs":[{{"name":"type","type":"Type","value":{value}}}]}}]}}"#
            ))
        };
        assert_eq!(reference(r#""typeof(Coupon)""#), ["References Coupon."]);
        assert_eq!(reference(r#""MyApp.Coupon""#), ["References Coupon."]);
        assert_eq!(
            reference(r#""typeof(MyApp.Outer+Inner)""#),
            ["References Inner."]
        );
        assert_eq!(
            reference(r#""typeof(MyApp.Box`1[[System.Int32, mscorlib]])""#),
            ["References Box."]
        );
        assert!(reference(r#""typeof()""#).is_empty());
        assert!(reference("null").is_empty());
    }

    #[test]
    fn lines_come_in_a_fixed_order() {
        assert_eq!(
            lines(
                r#"{"name":"X","paramType":"path","allowableValues":["x"],"allowableMin":0,"allowableMax":9,"attributes":[
                    {"name":"References","constructorArgs":[{"name":"type","value":"typeof(A.B)"}]},
                    {"name":"StringLength","constructorArgs":[{"name":"maximumLength","value":"9"}]},
                    {"name":"Validate","args":[{"name":"Validator","value":"NotEmpty"}]},
                    {"name":"Computed"},
                    {"name":"Required"}]}"#
            ),
            [
                "Required.",
                "ApiMember parameter type: path.",
                "Validation: NotEmpty.",
                "Length: at most 9 characters.",
                "Range: 0 to 9.",
                "Allowed values: x.",
                "References B."
            ]
        );
    }

    #[test]
    fn absent_null_and_malformed_members_say_nothing() {
        assert!(lines(r#"{"name":"X"}"#).is_empty());
        let meta = property(
            r#"{"name":"X","attributes":null,"paramType":null,"displayType":null,"allowableValues":null,"allowableMin":null,"allowableMax":null}"#,
        );
        assert!(meta.attributes.is_empty() && meta.allowable_values.is_empty());
        assert!(attribute_doc_lines(&meta).is_empty());
        assert!(
            lines(
                r#"{"name":"X","attributes":[{"name":null,"args":null,"constructorArgs":null},
                    {"name":"Validate","args":[{"name":null,"type":null,"value":null}]},
                    {"name":"Validate","args":[{"name":"Validator","value":["NotEmpty"]}]}]}"#
            )
            .is_empty()
        );
        // Shapes no server writes are dropped rather than refusing the document.
        let meta = property(
            r#"{"name":"X","attributes":[5,"Required",{"name":"Required","args":{}}],"paramType":{},"allowableValues":"a,b","allowableMin":"ten","allowableMax":[1]}"#,
        );
        assert_eq!(meta.attributes.len(), 1);
        assert_eq!(attribute_doc_lines(&meta), ["Required."]);
        // Unknown attributes say nothing.
        assert!(lines(r#"{"name":"X","attributes":[{"name":"Computed"},{"name":"Input","args":[{"name":"Type","value":"text"}]}]}"#).is_empty());
    }

    #[test]
    fn scalars_are_kept_as_text() {
        let meta = property(
            r#"{"name":"X","allowableValues":[1,true,null,"c",2.5],"attributes":[{"name":"Validate","args":[{"name":"Validator","type":7,"value":false}]}]}"#,
        );
        assert_eq!(meta.allowable_values, ["1", "true", "c", "2.5"]);
        assert_eq!(meta.attributes[0].args[0].type_name.as_deref(), Some("7"));
        assert_eq!(
            attribute_doc_lines(&meta),
            ["Validation: false.", "Allowed values: 1, true, c, 2.5."]
        );
    }

    #[test]
    fn hostile_text_is_cleaned_and_capped() {
        let meta = property(
            r#"{"name":"X","paramType":"he\u0000ad\u202eer\r\nx","allowableValues":["a\nb","\u200b",""," c\t "],"attributes":[{"name":"Validate","args":[{"name":"Condition","value":"it.Length\n\n>\u0007 2"}]}]}"#,
        );
        assert_eq!(
            attribute_doc_lines(&meta),
            [
                "ApiMember parameter type: header x.",
                "Validation: Condition `it.Length > 2`.",
                "Allowed values: a b, c."
            ]
        );
        let long = "é".repeat(300);
        let mut meta = MetadataProperty {
            allowable_values: vec![long.clone()],
            ..MetadataProperty::default()
        };
        let line = &attribute_doc_lines(&meta)[0];
        let value = line
            .strip_prefix("Allowed values: ")
            .and_then(|rest| rest.strip_suffix('.'))
            .unwrap();
        assert_eq!(value.chars().count(), MAX_VALUE_CHARS + 1);
        assert!(value.ends_with("é…"));
        // Long lists are cut, saying how much was left out.
        meta.allowable_values = (0..MAX_LIST_ITEMS + 3).map(|n| n.to_string()).collect();
        let line = &attribute_doc_lines(&meta)[0];
        assert!(line.ends_with(", 49, … (3 more)."), "{line}");
        for line in attribute_doc_lines(&meta) {
            assert!(!line.chars().any(is_invisible), "{line:?}");
        }
    }
}
