//! Doc lines from the document: descriptions split into lines ([`doc_lines`]), and what a
//! property's attributes ask of a request: `[Required]`, `[Validate]`, `[StringLength]`,
//! `[References]` and the `[ApiMember]` / `[ApiAllowableValues]` details.
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

/// Description text split into doc lines (escaping is the emitter's job).
pub(crate) fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    // Invisible characters (bidi controls, zero-width spaces) say nothing: a description made
    // only of them is no description.
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let visible: String = line.chars().filter(|&c| !is_invisible(c)).collect();
            visible.trim().to_owned()
        })
        .collect();
    let start = lines
        .iter()
        .position(|line| !line.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|line| !line.is_empty())
        .map_or(start, |end| end + 1);
    lines[start..end].to_vec()
}

#[cfg(test)]
#[path = "member_docs_tests.rs"]
mod tests;
