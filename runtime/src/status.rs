//! The error payload every ServiceStack API uses.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// The `responseStatus` of a ServiceStack response: set when an operation failed.
///
/// Member names are camelCase on the wire; PascalCase (`ErrorCode`, ...) from servers configured
/// for it is accepted too.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResponseStatus {
    /// Machine-readable code, e.g. `NotEmpty`, `Unauthorized`, an exception type name.
    #[serde(alias = "ErrorCode", skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Human-readable message.
    #[serde(alias = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Server stack trace (debug mode only).
    #[serde(alias = "StackTrace", skip_serializing_if = "Option::is_none")]
    pub stack_trace: Option<String>,
    /// Per-field validation errors.
    #[serde(
        alias = "Errors",
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::lenient::deserialize"
    )]
    pub errors: Vec<ResponseError>,
    /// Extra data attached by the server.
    #[serde(
        alias = "Meta",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::deserialize"
    )]
    pub meta: Option<HashMap<String, String>>,
}

/// One field error inside [`ResponseStatus::errors`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResponseError {
    /// Machine-readable code, e.g. `NotEmpty`.
    #[serde(alias = "ErrorCode", skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The request property the error is about, as the server names it.
    #[serde(alias = "FieldName", skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    /// Human-readable message.
    #[serde(alias = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Extra data attached by the validator.
    #[serde(
        alias = "Meta",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::deserialize"
    )]
    pub meta: Option<HashMap<String, String>>,
}

impl ResponseStatus {
    /// The field error whose `fieldName` equals `field`, ignoring ASCII case.
    pub fn field_error(&self, field: &str) -> Option<&ResponseError> {
        self.errors.iter().find(|error| {
            error
                .field_name
                .as_deref()
                .is_some_and(|name| name.eq_ignore_ascii_case(field))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_camel_and_pascal_case() {
        let camel: ResponseStatus = serde_json::from_str(
            r#"{"errorCode":"NotEmpty","message":"m","errors":[{"errorCode":"NotEmpty","fieldName":"Name","message":"x","meta":{"k":"v"}}]}"#,
        )
        .unwrap();
        let pascal: ResponseStatus = serde_json::from_str(
            r#"{"ErrorCode":"NotEmpty","Message":"m","Errors":[{"ErrorCode":"NotEmpty","FieldName":"Name","Message":"x","Meta":{"k":"v"}}]}"#,
        )
        .unwrap();
        assert_eq!(camel, pascal);
        assert_eq!(
            camel.field_error("name").unwrap().message.as_deref(),
            Some("x")
        );
        assert!(camel.field_error("age").is_none());
        let null_errors: ResponseStatus = serde_json::from_str(r#"{"errors":null}"#).unwrap();
        assert!(null_errors.errors.is_empty());
        let nulls: ResponseStatus = serde_json::from_str(
            r#"{"errorCode":null,"errors":[null,{"meta":{"k":null}}],"meta":{"a":null}}"#,
        )
        .unwrap();
        assert_eq!(nulls.errors[0], ResponseError::default());
        assert_eq!(nulls.errors[1].meta.as_ref().unwrap()["k"], "");
        assert_eq!(nulls.meta.as_ref().unwrap()["a"], "");
        assert_eq!(
            serde_json::to_string(&ResponseStatus::default()).unwrap(),
            "{}"
        );
    }
}
