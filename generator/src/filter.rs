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

use crate::error::Error;

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

    /// The kept nodes, and the include patterns that matched nothing.
    pub fn select(&self, nodes: &[FilterNode]) -> (BTreeSet<usize>, Vec<String>) {
        let mut unmatched = Vec::new();
        let mut roots = BTreeSet::new();
        if self.include.is_empty() {
            roots.extend(0..nodes.len());
        }
        for pattern in &self.include {
            let before = roots.len();
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
                    _ => {}
                }
            }
            if roots.len() == before {
                unmatched.push(pattern_text(pattern));
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
        assert_eq!(filter.select(&nodes).0, BTreeSet::from([0, 1, 2]));
        let filter = TypeFilter::new(&strings(&["{sessions}"]), &strings(&["Item"])).unwrap();
        assert_eq!(filter.select(&nodes).0, BTreeSet::from([0, 1]));
        let filter = TypeFilter::new(&strings(&["*.Item,Missing"]), &[]).unwrap();
        let (kept, unmatched) = filter.select(&nodes);
        assert_eq!(kept, BTreeSet::from([0, 1, 2]));
        assert_eq!(unmatched, vec!["Missing".to_string()]);
        let filter = TypeFilter::new(&strings(&["App/*"]), &[]).unwrap();
        assert_eq!(filter.select(&nodes).0.len(), 4);
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
