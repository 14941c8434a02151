//! Tests of `member_docs`.

use super::*;
use crate::metadata::parse;

/// The first property of type `A` in a document declaring it alone, read by the real parser.
fn property(json: &str) -> MetadataProperty {
    let document = format!(r#"{{"types":[{{"name":"A","properties":[{json}]}}],"operations":[]}}"#);
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
    assert!(lines(r#"{"name":"X","isRequired":true,"dataMember":{"isRequired":true}}"#).is_empty());
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
    let max = |value: &str| format!(r#"{{"name":"maximumLength","type":"Int32","value":{value}}}"#);
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
