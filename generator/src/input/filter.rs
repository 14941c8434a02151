//! `--include-types` / `--exclude-types`, with ServiceStack's pattern language:
//!
//! | pattern | selects |
//! |---|---|
//! | `Name` | that type or operation |
//! | `Name.*` | that type or operation and the AutoQuery data model it names |
//! | `*.Name` | every operation whose types reference `Name` |
//! | `Some.Namespace/*` | every type whose namespace starts with `Some.Namespace` |
//! | `{tag}`, `{tag1,tag2}` | every operation in those tag groups |
//!
//! Whatever is selected always brings every type it needs (properties, base classes, generic
//! arguments, response types), so the output compiles. Excluded names (`Name` also excludes
//! ``Name`1``...) are removed afterwards; references to them become `serde_json::Value`.

use std::collections::BTreeSet;

use crate::error::{Error, terminal_safe};

/// One selectable node of the type universe, as the filter sees it.
#[derive(Debug, Clone, Default)]
pub struct FilterNode {
    /// .NET name without arity.
    pub name: String,
    /// .NET namespace.
    pub namespace: String,
    /// `[Tag]`s of the operation, when this node is a request.
    pub tags: Vec<String>,
    /// Whether this node is an operation's request.
    pub is_operation: bool,
    /// Nodes this one needs to compile.
    pub deps: Vec<usize>,
    /// The AutoQuery data model of the operation.
    pub data_model: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    Exact(String),
    WithModel(String),
    ReferencedBy(String),
    Namespace(String),
    Tags(Vec<String>),
}

/// Parsed include and exclude lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeFilter {
    include: Vec<Pattern>,
    exclude: Vec<String>,
}

impl TypeFilter {
    /// Parses the patterns; an empty include list keeps everything.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, Error> {
        let include = split_patterns(include)
            .into_iter()
            .map(|pattern| parse_pattern(&pattern))
            .collect::<Result<_, _>>()?;
        let exclude = split_patterns(exclude);
        if let Some(bad) = exclude.iter().find(|name| name.contains(['*', '{', '/'])) {
            return Err(Error::Option {
                option: "--exclude-types".into(),
                message: format!("`{bad}`: exclusions are plain type names"),
            });
        }
        Ok(TypeFilter { include, exclude })
    }

    /// Whether the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// The kept nodes. An include pattern or an exclude name that matches nothing is an
    /// [`Error::Option`] naming the nearest existing names: a typo must not quietly generate
    /// an empty or unfiltered file.
    pub fn select(&self, nodes: &[FilterNode]) -> Result<BTreeSet<usize>, Error> {
        let (kept, unmatched) = self.select_nodes(nodes);
        unmatched.check(nodes)?;
        Ok(kept)
    }

    /// The kept nodes, and what matched nothing.
    fn select_nodes(&self, nodes: &[FilterNode]) -> (BTreeSet<usize>, Unmatched<'_>) {
        let mut unmatched = Unmatched::default();
        let mut roots = BTreeSet::new();
        if self.include.is_empty() {
            roots.extend(0..nodes.len());
        }
        for pattern in &self.include {
            let mut matched = false;
            for (index, node) in nodes.iter().enumerate() {
                match pattern {
                    Pattern::Exact(name) if &node.name == name => {
                        roots.insert(index);
                    }
                    Pattern::WithModel(name) if &node.name == name => {
                        roots.insert(index);
                        roots.extend(node.data_model);
                    }
                    Pattern::ReferencedBy(name)
                        if node.is_operation && references(nodes, index, name) =>
                    {
                        roots.insert(index);
                    }
                    Pattern::Namespace(prefix) if node.namespace.starts_with(prefix.as_str()) => {
                        roots.insert(index);
                    }
                    Pattern::Tags(tags) if node.tags.iter().any(|tag| tags.contains(tag)) => {
                        roots.insert(index);
                        roots.extend(node.data_model);
                    }
                    _ => continue,
                }
                matched = true;
            }
            if !matched && !unmatched.include.contains(&pattern) {
                unmatched.include.push(pattern);
            }
        }
        for name in &self.exclude {
            if !nodes.iter().any(|node| &node.name == name)
                && !unmatched.exclude.contains(&name.as_str())
            {
                unmatched.exclude.push(name);
            }
        }
        let excluded: BTreeSet<usize> = nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| self.exclude.contains(&node.name))
            .map(|(index, _)| index)
            .collect();
        let mut kept = BTreeSet::new();
        let mut stack: Vec<usize> = roots.into_iter().rev().collect();
        while let Some(index) = stack.pop() {
            if excluded.contains(&index) || !kept.insert(index) {
                continue;
            }
            stack.extend(nodes[index].deps.iter().copied());
        }
        (kept, unmatched)
    }
}

/// Include patterns and exclude names that matched no node.
#[derive(Debug, Default)]
struct Unmatched<'a> {
    include: Vec<&'a Pattern>,
    exclude: Vec<&'a str>,
}

impl Unmatched<'_> {
    /// An error for the include patterns (else the exclude names) that matched nothing.
    fn check(&self, nodes: &[FilterNode]) -> Result<(), Error> {
        if self.include.is_empty() && self.exclude.is_empty() {
            return Ok(());
        }
        let names: BTreeSet<&str> = nodes.iter().map(|node| node.name.as_str()).collect();
        let (option, messages): (&str, Vec<String>) = if self.include.is_empty() {
            let messages = self
                .exclude
                .iter()
                .map(|name| {
                    let suggestions = nearest(&[name], &names);
                    unmatched_message(name, "type or operation", &suggestions, str::to_owned)
                })
                .collect();
            ("--exclude-types", messages)
        } else {
            let messages = self
                .include
                .iter()
                .map(|pattern| unmatched_pattern(pattern, nodes, &names))
                .collect();
            ("--include-types", messages)
        };
        Err(Error::Option {
            option: option.into(),
            message: messages.join("; "),
        })
    }
}

/// Why `pattern` matched nothing, with the nearest existing names in the same pattern form.
fn unmatched_pattern(pattern: &Pattern, nodes: &[FilterNode], names: &BTreeSet<&str>) -> String {
    let text = pattern_text(pattern);
    match pattern {
        Pattern::Exact(name) => unmatched_message(
            &text,
            "type or operation",
            &nearest(&[name], names),
            str::to_owned,
        ),
        Pattern::WithModel(name) => {
            unmatched_message(&text, "type or operation", &nearest(&[name], names), |c| {
                format!("{c}.*")
            })
        }
        Pattern::ReferencedBy(name) if names.contains(name.as_str()) => format!(
            "`{}` matched no operation: no operation references `{}`",
            shown(&text),
            shown(name)
        ),
        Pattern::ReferencedBy(name) => {
            unmatched_message(&text, "operation", &nearest(&[name], names), |c| {
                format!("*.{c}")
            })
        }
        Pattern::Namespace(prefix) => {
            // Every namespace and each of its dotted prefixes (`App`, `App.Model`) selects.
            let mut namespaces = BTreeSet::new();
            for node in nodes {
                let namespace = node.namespace.as_str();
                namespaces.extend(
                    namespace
                        .match_indices('.')
                        .map(|(end, _)| &namespace[..end])
                        .chain([namespace])
                        .filter(|candidate| !candidate.is_empty()),
                );
            }
            unmatched_message(&text, "namespace", &nearest(&[prefix], &namespaces), |c| {
                format!("{c}/*")
            })
        }
        Pattern::Tags(tags) => {
            let known: BTreeSet<&str> = nodes
                .iter()
                .flat_map(|node| node.tags.iter().map(String::as_str))
                .collect();
            let wanted: Vec<&str> = tags.iter().map(String::as_str).collect();
            unmatched_message(&text, "operation tag", &nearest(&wanted, &known), |c| {
                format!("{{{c}}}")
            })
        }
    }
}

/// "`text` matched no WHAT; did you mean `A`, `B`?", or that nothing is close.
fn unmatched_message(
    text: &str,
    what: &str,
    suggestions: &[&str],
    form: impl Fn(&str) -> String,
) -> String {
    let text = shown(text);
    if suggestions.is_empty() {
        return format!("`{text}` matched no {what}, and no name in the document is close to it");
    }
    let list: Vec<String> = suggestions
        .iter()
        .map(|candidate| format!("`{}`", shown(&form(candidate))))
        .collect();
    format!(
        "`{text}` matched no {what}; did you mean {}?",
        list.join(", ")
    )
}

/// Longest query or candidate compared: edit distance is quadratic, and names come from
/// untrusted documents.
const MAX_SUGGESTION_LEN: usize = 256;

/// How many names a suggestion lists at most.
const MAX_SUGGESTIONS: usize = 3;

/// Up to [`MAX_SUGGESTIONS`] candidates nearest to any of `queries` by case-insensitive edit
/// distance (transpositions count once), nearest first; only those within a third of the
/// query's length (at least 1).
fn nearest<'a>(queries: &[&str], candidates: &BTreeSet<&'a str>) -> Vec<&'a str> {
    let queries: Vec<(String, usize)> = queries
        .iter()
        .map(|query| query.to_lowercase())
        .map(|query| {
            let length = query.chars().count();
            (query, length)
        })
        .filter(|(_, length)| *length <= MAX_SUGGESTION_LEN)
        .collect();
    let mut scored: Vec<(usize, &str)> = Vec::new();
    for &candidate in candidates {
        let lower = candidate.to_lowercase();
        let length = lower.chars().count();
        let best = queries
            .iter()
            .filter_map(|(query, query_length)| {
                let limit = (query_length / 3).max(1);
                if length.abs_diff(*query_length) > limit {
                    return None;
                }
                let distance = strsim::osa_distance(query, &lower);
                (distance <= limit).then_some(distance)
            })
            .min();
        if let Some(distance) = best {
            scored.push((distance, candidate));
        }
    }
    scored.sort();
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, candidate)| candidate)
        .collect()
}

/// `text` with every control character escaped, the newline too: messages stay on one line.
fn shown(text: &str) -> String {
    terminal_safe(text).replace('\n', "\\n")
}

fn references(nodes: &[FilterNode], start: usize, name: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(index) = stack.pop() {
        if !seen.insert(index) {
            continue;
        }
        if index != start && nodes[index].name == name {
            return true;
        }
        stack.extend(nodes[index].deps.iter().copied());
    }
    false
}

/// Splits `A,B.*` and `{t1,t2}` lists: commas inside braces stay.
fn split_patterns(values: &[String]) -> Vec<String> {
    let mut patterns = Vec::new();
    for value in values {
        let mut depth = 0usize;
        let mut current = String::new();
        for c in value.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    patterns.push(std::mem::take(&mut current));
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
        patterns.push(current);
    }
    patterns
        .into_iter()
        .map(|pattern| pattern.trim().to_owned())
        .filter(|pattern| !pattern.is_empty())
        .collect()
}

fn parse_pattern(text: &str) -> Result<Pattern, Error> {
    let invalid = |message: &str| Error::Option {
        option: "--include-types".into(),
        message: format!("`{text}`: {message}"),
    };
    if let Some(inner) = text.strip_prefix('{') {
        let inner = inner
            .strip_suffix('}')
            .ok_or_else(|| invalid("missing `}`"))?;
        let tags: Vec<String> = inner
            .split(',')
            .map(|tag| tag.trim().to_owned())
            .filter(|tag| !tag.is_empty())
            .collect();
        if tags.is_empty() {
            return Err(invalid("no tag between the braces"));
        }
        return Ok(Pattern::Tags(tags));
    }
    if let Some(namespace) = text.strip_suffix("/*") {
        return Ok(Pattern::Namespace(namespace.to_owned()));
    }
    if let Some(name) = text.strip_prefix("*.") {
        return Ok(Pattern::ReferencedBy(name.to_owned()));
    }
    if let Some(name) = text.strip_suffix(".*") {
        return Ok(Pattern::WithModel(name.to_owned()));
    }
    if text.contains(['*', '{', '}', '/']) {
        return Err(invalid(
            "expected Name, Name.*, *.Name, Namespace/* or {tag}",
        ));
    }
    Ok(Pattern::Exact(text.to_owned()))
}

fn pattern_text(pattern: &Pattern) -> String {
    match pattern {
        Pattern::Exact(name) => name.clone(),
        Pattern::WithModel(name) => format!("{name}.*"),
        Pattern::ReferencedBy(name) => format!("*.{name}"),
        Pattern::Namespace(namespace) => format!("{namespace}/*"),
        Pattern::Tags(tags) => format!("{{{}}}", tags.join(",")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, deps: &[usize]) -> FilterNode {
        FilterNode {
            name: name.into(),
            namespace: "App.Model".into(),
            deps: deps.to_vec(),
            ..FilterNode::default()
        }
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn closure_and_exclusion() {
        let mut nodes = vec![
            node("Req", &[1]),
            node("Resp", &[2]),
            node("Item", &[]),
            node("Other", &[]),
        ];
        nodes[0].is_operation = true;
        nodes[0].tags = vec!["sessions".into()];
        let filter = TypeFilter::new(&strings(&["Req"]), &[]).unwrap();
        assert_eq!(filter.select(&nodes).unwrap(), BTreeSet::from([0, 1, 2]));
        let filter = TypeFilter::new(&strings(&["{sessions}"]), &strings(&["Item"])).unwrap();
        assert_eq!(filter.select(&nodes).unwrap(), BTreeSet::from([0, 1]));
        let filter = TypeFilter::new(&strings(&["*.Item,Missing"]), &[]).unwrap();
        let (kept, unmatched) = filter.select_nodes(&nodes);
        assert_eq!(kept, BTreeSet::from([0, 1, 2]));
        assert_eq!(unmatched.include, vec![&Pattern::Exact("Missing".into())]);
        assert!(unmatched.exclude.is_empty());
        assert!(filter.select(&nodes).is_err());
        let filter = TypeFilter::new(&strings(&["App/*"]), &[]).unwrap();
        assert_eq!(filter.select(&nodes).unwrap().len(), 4);
    }

    /// Nodes `Booking`, `Bookings`, `BookingStatus` (namespace `Travel.Model`), the operation
    /// `GetBooking` (tag `bookings`, namespace `Travel.ServiceModel`) and `Invoice`.
    fn bookings() -> Vec<FilterNode> {
        let mut nodes = vec![
            node("Booking", &[2]),
            node("Bookings", &[0]),
            node("BookingStatus", &[]),
            node("GetBooking", &[0]),
            node("Invoice", &[]),
        ];
        for node in &mut nodes[..3] {
            node.namespace = "Travel.Model".into();
        }
        nodes[3].namespace = "Travel.ServiceModel".into();
        nodes[3].is_operation = true;
        nodes[3].tags = vec!["bookings".into()];
        nodes
    }

    /// The error of selecting with these patterns: (option, message).
    fn refused(include: &[&str], exclude: &[&str]) -> (String, String) {
        let filter = TypeFilter::new(&strings(include), &strings(exclude)).unwrap();
        match filter.select(&bookings()) {
            Err(Error::Option { option, message }) => (option, message),
            other => panic!("{include:?} / {exclude:?}: expected an option error, got {other:?}"),
        }
    }

    #[test]
    fn an_include_typo_is_an_error_with_suggestions() {
        let (option, message) = refused(&["Bookng"], &[]);
        assert_eq!(option, "--include-types");
        assert_eq!(
            message,
            "`Bookng` matched no type or operation; did you mean `Booking`, `Bookings`?"
        );
        // Case-insensitive; the suggestion keeps the pattern's form.
        let (_, message) = refused(&["booking.*"], &[]);
        assert!(message.contains("did you mean `Booking.*`"), "{message}");
        let (_, message) = refused(&["*.Bookin"], &[]);
        assert!(message.contains("did you mean `*.Booking`"), "{message}");
        // At most three, nearest first, then by name.
        let nodes = [
            node("Items", &[]),
            node("Item2", &[]),
            node("Item1", &[]),
            node("Item3", &[]),
            node("Itemx", &[]),
        ];
        let filter = TypeFilter::new(&strings(&["ITEM"]), &[]).unwrap();
        let message = filter.select(&nodes).unwrap_err().to_string();
        assert!(
            message.ends_with("did you mean `Item1`, `Item2`, `Item3`?"),
            "{message}"
        );
        let filter = TypeFilter::new(&strings(&["Itemxx"]), &[]).unwrap();
        let message = filter.select(&nodes).unwrap_err().to_string();
        assert!(
            message.ends_with("did you mean `Itemx`, `Item1`, `Item2`?"),
            "{message}"
        );
        // Nothing near: said, with no list.
        let (_, message) = refused(&["Zebra"], &[]);
        assert_eq!(
            message,
            "`Zebra` matched no type or operation, and no name in the document is close to it"
        );
        // Every unmatched pattern is named, even next to one that matches.
        let (_, message) = refused(&["Booking,Invoic,Zebra"], &[]);
        assert!(
            message.starts_with("`Invoic` matched no type or operation; did you mean `Invoice`?; ")
                && message.contains("`Zebra` matched"),
            "{message}"
        );
        // An existing name no operation references.
        let (_, message) = refused(&["*.Invoice"], &[]);
        assert_eq!(
            message,
            "`*.Invoice` matched no operation: no operation references `Invoice`"
        );
    }

    #[test]
    fn an_exclude_typo_is_an_error_with_suggestions() {
        let (option, message) = refused(&[], &["Invoce"]);
        assert_eq!(option, "--exclude-types");
        assert_eq!(
            message,
            "`Invoce` matched no type or operation; did you mean `Invoice`?"
        );
        let (option, message) = refused(&["GetBooking"], &["BookingStatus", "Nothing"]);
        assert_eq!(option, "--exclude-types");
        assert!(message.starts_with("`Nothing` matched no type or operation, and no name"));
    }

    #[test]
    fn namespace_and_tag_patterns_suggest_namespaces_and_tags() {
        let (_, message) = refused(&["Travel.Modl/*"], &[]);
        assert_eq!(
            message,
            "`Travel.Modl/*` matched no namespace; did you mean `Travel.Model/*`?"
        );
        let (_, message) = refused(&["Travl/*"], &[]);
        assert!(message.contains("did you mean `Travel/*`?"), "{message}");
        let (_, message) = refused(&["{bokings}"], &[]);
        assert_eq!(
            message,
            "`{bokings}` matched no operation tag; did you mean `{bookings}`?"
        );
        let (_, message) = refused(&["{nope,bookngs}"], &[]);
        assert!(message.contains("did you mean `{bookings}`?"), "{message}");
        let (_, message) = refused(&["{invoices}"], &[]);
        assert!(message.ends_with("no name in the document is close to it"));
    }

    #[test]
    fn matching_patterns_are_not_errors() {
        let nodes = bookings();
        for (include, exclude) in [
            (&["Booking"][..], &[][..]),
            (&["GetBooking.*", "Invoice"], &["BookingStatus"]),
            (&["*.BookingStatus"], &[]),
            (&["Travel.Model/*", "Travel/*"], &[]),
            (&["{bookings}"], &["Invoice"]),
            // A pattern whose nodes an earlier one already selected still matched.
            (&["Booking", "Booking"], &["Booking"]),
            (&[], &[]),
        ] {
            let filter = TypeFilter::new(&strings(include), &strings(exclude)).unwrap();
            assert!(
                filter.select(&nodes).is_ok(),
                "{include:?} / {exclude:?}: {:?}",
                filter.select(&nodes)
            );
        }
    }

    #[test]
    fn messages_carry_no_control_characters() {
        let mut nodes = bookings();
        nodes[4].name = "Invoice\u{1b}[2J\n".into();
        let filter = TypeFilter::new(&strings(&["Invoice\u{1b}[2K\r"]), &[]).unwrap();
        let message = filter.select(&nodes).unwrap_err().to_string();
        assert!(!message.chars().any(char::is_control), "{message:?}");
        assert!(message.contains("\\u{1b}"), "{message}");
        // Huge names are not compared (edit distance is quadratic).
        let long = vec!["B".repeat(100_000)];
        let filter = TypeFilter::new(&long, &long).unwrap();
        assert!(filter.select(&nodes).is_err());
    }

    #[test]
    fn bad_patterns_are_errors() {
        assert!(TypeFilter::new(&strings(&["{a"]), &[]).is_err());
        assert!(TypeFilter::new(&strings(&["A*B"]), &[]).is_err());
        assert!(TypeFilter::new(&[], &strings(&["A.*"])).is_err());
        assert_eq!(
            split_patterns(&strings(&["A,{x,y}, B.*"])),
            strings(&["A", "{x,y}", "B.*"])
        );
    }
}
