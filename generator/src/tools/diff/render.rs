//! The four renderings of an [`ApiDiff`]: summary line, text, Markdown, JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::report::{ApiDiff, Change, ChangeKind, Severity, Side};
use super::text::plain;

/// Version of the JSON format; bumped on any incompatible change to it.
pub const JSON_VERSION: u32 = 1;

/// How many changes the summary line names before it says how many more there are.
const SUMMARY_ITEMS: usize = 5;

impl ApiDiff {
    /// One line for `update` output: counts, then the first few changes in short form.
    pub fn summary(&self) -> String {
        summary(self)
    }

    /// A plain-text report for terminals.
    pub fn render_text(&self) -> String {
        text(self)
    }

    /// A Markdown report for pull-request comments: a heading, then a breaking and a compatible
    /// section, each a table.
    pub fn render_markdown(&self) -> String {
        markdown(self)
    }

    /// Pretty-printed JSON, format version 1 (documented in `docs/diff-json.md`).
    pub fn render_json(&self) -> String {
        json(self)
    }
}

fn counts(diff: &ApiDiff) -> String {
    format!(
        "{} breaking, {} compatible",
        diff.count(Severity::Breaking),
        diff.count(Severity::Compatible)
    )
}

pub(crate) fn summary(diff: &ApiDiff) -> String {
    if diff.is_empty() {
        return "no API changes".into();
    }
    // Most severe kinds first (operations before members), and one label for the members of a
    // type that changed the same way: the line has room for few items.
    let mut ordered: Vec<&Change> = diff.changes.iter().collect();
    ordered.sort_by_key(|change| {
        (
            change.severity,
            change.kind,
            subject(change),
            &change.member,
        )
    });
    let mut groups: Vec<(&Change, usize)> = Vec::new();
    for change in ordered {
        match groups.last_mut() {
            Some((first, count))
                if first.member.is_some()
                    && change.member.is_some()
                    && (first.severity, first.kind, subject(first))
                        == (change.severity, change.kind, subject(change)) =>
            {
                *count += 1
            }
            _ => groups.push((change, 1)),
        }
    }
    let mut labels: Vec<String> = groups
        .iter()
        .take(SUMMARY_ITEMS)
        .map(|&(change, count)| short_label(change, count))
        .collect();
    let rest: usize = groups
        .iter()
        .skip(SUMMARY_ITEMS)
        .map(|&(_, count)| count)
        .sum();
    if rest > 0 {
        labels.push(format!("+{rest} more"));
    }
    format!("{}: {}", counts(diff), labels.join(", "))
}

fn subject(change: &Change) -> &str {
    change
        .type_name
        .as_deref()
        .or(change.operation.as_deref())
        .unwrap_or("?")
}

/// `+op CreateX`, `Booking.RoomType retyped`, `-AppUser.{38 members}`: a few words per change
/// (or per group of `count` changes to one type's members), for the summary line.
fn short_label(change: &Change, count: usize) -> String {
    let subject = subject(change);
    let member = match (&change.member, count) {
        (Some(member), 1) => format!("{subject}.{member}"),
        (Some(_), count) => format!("{subject}.{{{count} members}}"),
        (None, _) => subject.to_owned(),
    };
    let label = match change.kind {
        ChangeKind::OperationAdded => format!("+op {subject}"),
        ChangeKind::OperationRemoved => format!("-op {subject}"),
        ChangeKind::VerbChanged => format!("{subject} verb"),
        ChangeKind::RoutesChanged => format!("{subject} routes"),
        ChangeKind::ResponseTypeChanged => format!("{subject} response retyped"),
        ChangeKind::AuthChanged => format!("{subject} auth"),
        ChangeKind::TypeAdded => format!("+type {subject}"),
        ChangeKind::TypeRemoved => format!("-type {subject}"),
        ChangeKind::TypeKindChanged => format!("{subject} kind"),
        ChangeKind::PropertyAdded | ChangeKind::EnumValueAdded => format!("+{member}"),
        ChangeKind::PropertyRemoved | ChangeKind::EnumValueRemoved => format!("-{member}"),
        ChangeKind::PropertyRetyped => format!("{member} retyped"),
        ChangeKind::EnumValueChanged => format!("{member} renumbered"),
        ChangeKind::PropertyBecameRequired => format!("{member} required"),
        ChangeKind::PropertyBecameOptional => format!("{member} optional"),
    };
    // The summary is one line whatever the metadata's names hold.
    plain(&label)
}

fn sections(diff: &ApiDiff) -> [(&'static str, Vec<&Change>); 2] {
    let of = |severity: Severity| -> Vec<&Change> {
        diff.changes
            .iter()
            .filter(|change| change.severity == severity)
            .collect()
    };
    [
        ("Breaking changes", of(Severity::Breaking)),
        ("Compatible changes", of(Severity::Compatible)),
    ]
}

pub(crate) fn text(diff: &ApiDiff) -> String {
    let mut out = String::new();
    if diff.is_empty() {
        out.push_str("API diff: no API changes\n");
        return out;
    }
    let _ = writeln!(out, "API diff: {}", counts(diff));
    for (title, changes) in sections(diff) {
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title} ({}):", changes.len());
        for change in changes {
            let _ = writeln!(out, "  {:<9}  {}", change.side.as_str(), change.message);
        }
    }
    out
}

pub(crate) fn markdown(diff: &ApiDiff) -> String {
    let mut out = String::new();
    if diff.is_empty() {
        out.push_str("## API diff: no API changes\n");
        return out;
    }
    let _ = writeln!(out, "## API diff: {}", counts(diff));
    for (title, changes) in sections(diff) {
        let _ = writeln!(out, "\n### {title} ({})\n", changes.len());
        if changes.is_empty() {
            out.push_str("None.\n");
            continue;
        }
        out.push_str("| Where | Side | Change |\n|---|---|---|\n");
        for change in changes {
            let (location, rest) = split_location(&change.message);
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                table_cell(location),
                side_label(change.side),
                table_cell(rest)
            );
        }
    }
    out
}

/// Messages start with their location in backticks (`` `Type.Member`: ... ``), which
/// [`super::text::code`] keeps free of inner backticks; the table shows it in its own column.
fn split_location(message: &str) -> (&str, &str) {
    message
        .strip_prefix('`')
        .and_then(|rest| rest.find("`: "))
        .map_or(("", message), |end| {
            (&message[..end + 2], &message[end + 4..])
        })
}

fn side_label(side: Side) -> &'static str {
    match side {
        Side::Request => "request",
        Side::Response => "response",
        Side::Both => "request + response",
        Side::Operation => "operation",
    }
}

/// GitHub splits table rows on `|` even inside code spans, and a newline ends the row.
fn table_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The JSON document: see `docs/diff-json.md`.
#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    has_breaking: bool,
    summary: JsonCounts,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct JsonCounts {
    breaking: usize,
    compatible: usize,
    total: usize,
}

pub(crate) fn json(diff: &ApiDiff) -> String {
    let report = JsonReport {
        version: JSON_VERSION,
        has_breaking: diff.has_breaking(),
        summary: JsonCounts {
            breaking: diff.count(Severity::Breaking),
            compatible: diff.count(Severity::Compatible),
            total: diff.changes.len(),
        },
        changes: &diff.changes,
    };
    // Plain structs of strings and numbers cannot fail to serialize; the fallback keeps the
    // promise of never panicking anyway.
    serde_json::to_string_pretty(&report).unwrap_or_else(|error| {
        format!(
            "{{\"version\": {JSON_VERSION}, \"error\": {}}}",
            serde_json::Value::String(error.to_string())
        )
    }) + "\n"
}
