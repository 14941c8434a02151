//! Type strings of the metadata (``List`1`` + `genericArgs`, `List<Dictionary<String,Poco>>`,
//! `Poco[][]`, `'T`) parsed into one tree.

use std::fmt;

/// A parsed .NET type reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// A named type with its arguments: `Dictionary<String, Poco>`. The name has no arity suffix
    /// and no namespace or outer-class qualifier.
    Named {
        /// Simple name (`Dictionary`).
        name: String,
        /// Type arguments.
        args: Vec<TypeRef>,
    },
    /// `T[]`.
    Array(Box<TypeRef>),
}

/// The deepest type a document may use: `List<List<Int32>>` is 3 levels, `Int32[][]` too. Real
/// documents stay under 8; the limit keeps every recursive stage (and syn, and rustc) far from
/// the end of the stack.
pub const MAX_DEPTH: usize = 32;

/// The most nodes one type may have once generic bases are bound. Each base binding
/// `Dictionary<T,T>` doubles a type; real documents stay under 20.
pub const MAX_NODES: usize = 1024;

impl TypeRef {
    /// A named type without arguments.
    pub fn simple(name: &str) -> Self {
        TypeRef::Named {
            name: name.to_owned(),
            args: Vec::new(),
        }
    }

    /// Levels of nesting: 1 for `Int32`, 2 for `List<Int32>` and `Int32[]`.
    pub fn depth(&self) -> usize {
        match self {
            TypeRef::Array(element) => 1 + element.depth(),
            TypeRef::Named { args, .. } => 1 + args.iter().map(TypeRef::depth).max().unwrap_or(0),
        }
    }

    /// Whether this type, or a type nested in it, is the named type `name` with `arity`
    /// arguments (a generic parameter is a name with none).
    pub fn mentions(&self, name: &str, arity: usize) -> bool {
        match self {
            TypeRef::Array(element) => element.mentions(name, arity),
            TypeRef::Named { name: own, args } => {
                (own == name && args.len() == arity)
                    || args.iter().any(|arg| arg.mentions(name, arity))
            }
        }
    }

    /// How many named types and arrays the tree holds.
    pub fn nodes(&self) -> usize {
        match self {
            TypeRef::Array(element) => 1 + element.nodes(),
            TypeRef::Named { args, .. } => 1 + args.iter().map(TypeRef::nodes).sum::<usize>(),
        }
    }

    /// Replaces every named leaf that is a key of `bindings` (a generic parameter) by its value.
    pub fn substitute(&self, bindings: &[(String, TypeRef)]) -> TypeRef {
        match self {
            TypeRef::Array(element) => TypeRef::Array(Box::new(element.substitute(bindings))),
            TypeRef::Named { name, args } if args.is_empty() => bindings
                .iter()
                .find(|(param, _)| param == name)
                .map(|(_, bound)| bound.clone())
                .unwrap_or_else(|| self.clone()),
            TypeRef::Named { name, args } => TypeRef::Named {
                name: name.clone(),
                args: args.iter().map(|arg| arg.substitute(bindings)).collect(),
            },
        }
    }

    /// [`TypeRef::substitute`], refusing a result deeper than [`MAX_DEPTH`] or larger than
    /// [`MAX_NODES`]: chains of generic bases can otherwise nest or double a type per level.
    pub fn substitute_checked(&self, bindings: &[(String, TypeRef)]) -> Result<TypeRef, String> {
        let bound = self.substitute(bindings);
        check_size(&bound)?;
        Ok(bound)
    }
}

/// Refuses a type deeper than [`MAX_DEPTH`] or larger than [`MAX_NODES`].
fn check_size(ty: &TypeRef) -> Result<(), String> {
    if ty.depth() > MAX_DEPTH {
        Err(format!(
            "type `{}` is nested deeper than {MAX_DEPTH} levels",
            abbreviate(&ty.to_string())
        ))
    } else if ty.nodes() > MAX_NODES {
        Err(format!(
            "type `{}` has more than {MAX_NODES} parts",
            abbreviate(&ty.to_string())
        ))
    } else {
        Ok(())
    }
}

/// The start of a long type text, for messages.
fn abbreviate(text: &str) -> String {
    const SHOWN: usize = 60;
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::Array(element) => write!(f, "{element}[]"),
            TypeRef::Named { name, args } if args.is_empty() => f.write_str(name),
            TypeRef::Named { name, args } => {
                write!(f, "{name}<")?;
                for (index, arg) in args.iter().enumerate() {
                    if index > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{arg}")?;
                }
                f.write_str(">")
            }
        }
    }
}

/// Parses a `type` string with its separate `genericArgs` (the form of properties and type
/// references): ``("List`1", ["Poco"])``, ``("Nullable`1[]", ["Byte"])``, `("Poco[]", [])`.
pub fn parse_with_args(type_name: &str, generic_args: &[String]) -> Result<TypeRef, String> {
    let trimmed = type_name.trim();
    let (base, array_depth) = strip_arrays(trimmed);
    if base.contains(['<', '>', ',', '[', ']']) {
        // Some writers put the whole expression in `type`; anything else with these characters
        // is malformed, and the parser says where.
        return parse_expression(trimmed);
    }
    if array_depth >= MAX_DEPTH {
        return Err(format!(
            "type `{}` is nested deeper than {MAX_DEPTH} levels",
            abbreviate(trimmed)
        ));
    }
    let (name, arity) = split_arity(base)?;
    let args = generic_args
        .iter()
        .map(|arg| parse_expression(arg))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(arity) = arity
        && arity != args.len()
        && !args.is_empty()
    {
        return Err(format!(
            "`{type_name}` takes {arity} type argument(s) but genericArgs has {}",
            args.len()
        ));
    }
    let parsed = wrap_arrays(TypeRef::Named { name, args }, array_depth);
    check_size(&parsed)?;
    Ok(parsed)
}

/// Parses an angle-bracket expression: `List<Dictionary<String,Poco>>`, `Nullable<Byte>[]`.
pub fn parse_expression(text: &str) -> Result<TypeRef, String> {
    let mut parser = Parser {
        text,
        chars: text.char_indices().peekable(),
    };
    let parsed = parser.parse_type(1)?;
    parser.skip_spaces();
    match parser.chars.next() {
        None => Ok(parsed),
        Some((offset, c)) => Err(format!(
            "unexpected `{c}` at offset {offset} in type `{text}`"
        )),
    }
}

struct Parser<'a> {
    text: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
}

impl Parser<'_> {
    fn skip_spaces(&mut self) {
        while self.chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
    }

    fn too_deep(&self) -> String {
        format!(
            "type `{}` is nested deeper than {MAX_DEPTH} levels",
            abbreviate(self.text)
        )
    }

    /// Parses one type at nesting `level` (1 for the outermost).
    fn parse_type(&mut self, level: usize) -> Result<TypeRef, String> {
        if level > MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.skip_spaces();
        let mut word = String::new();
        while let Some((_, c)) = self
            .chars
            .next_if(|(_, c)| !matches!(c, '<' | '>' | ',' | '[' | ']') && !c.is_whitespace())
        {
            word.push(c);
        }
        if word.is_empty() {
            return Err(format!("missing type name in `{}`", self.text));
        }
        let (name, _) = split_arity(&word)?;
        let mut args = Vec::new();
        self.skip_spaces();
        if self.chars.next_if(|(_, c)| *c == '<').is_some() {
            loop {
                args.push(self.parse_type(level + 1)?);
                self.skip_spaces();
                match self.chars.next() {
                    Some((_, ',')) => continue,
                    Some((_, '>')) => break,
                    _ => return Err(format!("unbalanced `<` in type `{}`", self.text)),
                }
            }
        }
        let mut parsed = TypeRef::Named { name, args };
        let mut arrays = 0;
        loop {
            self.skip_spaces();
            if self.chars.next_if(|(_, c)| *c == '[').is_none() {
                break;
            }
            arrays += 1;
            if level + arrays > MAX_DEPTH {
                return Err(self.too_deep());
            }
            match self.chars.next() {
                Some((_, ']')) => parsed = TypeRef::Array(Box::new(parsed)),
                _ => return Err(format!("unbalanced `[` in type `{}`", self.text)),
            }
        }
        Ok(parsed)
    }
}

fn strip_arrays(mut text: &str) -> (&str, usize) {
    let mut depth = 0;
    while let Some(rest) = text.strip_suffix("[]") {
        text = rest.trim_end();
        depth += 1;
    }
    (text, depth)
}

fn wrap_arrays(mut parsed: TypeRef, depth: usize) -> TypeRef {
    for _ in 0..depth {
        parsed = TypeRef::Array(Box::new(parsed));
    }
    parsed
}

/// ``"QueryDb`1"`` → `("QueryDb", Some(1))`; also drops a legacy leading `'` (`'T`) and any
/// namespace or outer-class qualifier (`System.String`, `Outer.Inner`, `Outer+Inner`).
pub fn split_arity(word: &str) -> Result<(String, Option<usize>), String> {
    let word = word.trim().trim_start_matches('\'');
    let (name, arity) = match word.split_once('`') {
        Some((name, arity)) => {
            let arity = arity
                .parse::<usize>()
                .map_err(|_| format!("invalid generic arity in `{word}`"))?;
            (name, Some(arity))
        }
        None => (word, None),
    };
    let name = name.rsplit(['.', '+']).next().unwrap_or(name);
    if name.is_empty() {
        return Err(format!("empty type name in `{word}`"));
    }
    Ok((name.to_owned(), arity))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| arg.to_string()).collect()
    }

    #[test]
    fn parses_the_metadata_forms() {
        let cases = [
            ("List`1", args(&["Poco"]), "List<Poco>"),
            ("Nullable`1[]", args(&["Byte"]), "Nullable<Byte>[]"),
            (
                "Dictionary`2",
                args(&["String", "List<Dictionary<String,Poco>>"]),
                "Dictionary<String,List<Dictionary<String,Poco>>>",
            ),
            ("String[][]", args(&[]), "String[][]"),
            ("'T", args(&[]), "T"),
            ("System.String", args(&[]), "String"),
            ("List<Nullable<Byte>>", args(&[]), "List<Nullable<Byte>>"),
            ("List`1", args(&["List`1"]), "List"),
        ];
        for (type_name, generic_args, expected) in cases {
            let parsed = parse_with_args(type_name, &generic_args).unwrap();
            let expected = if expected == "List" {
                "List<List>"
            } else {
                expected
            };
            assert_eq!(parsed.to_string(), expected, "{type_name}");
        }
    }

    #[test]
    fn rejects_malformed_types() {
        for bad in [
            "List<Dictionary<String,",
            "List<>",
            "A[",
            "A<B>>",
            "",
            "`1",
            "List`x",
        ] {
            assert!(parse_expression(bad).is_err(), "{bad}");
        }
        assert!(parse_with_args("Dictionary`2", &args(&["String"])).is_err());
        for bad in ["Int32[", "Int32,String", "A]", "A>"] {
            assert!(parse_with_args(bad, &[]).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_depth_and_size() {
        let deep = |depth: usize| format!("{}Int32{}", "List<".repeat(depth), ">".repeat(depth));
        assert_eq!(
            parse_expression(&deep(MAX_DEPTH - 1)).unwrap().depth(),
            MAX_DEPTH
        );
        let error = parse_expression(&deep(MAX_DEPTH)).unwrap_err();
        assert!(error.contains("deeper than 32 levels"), "{error}");
        assert!(error.len() < 200, "long types are abbreviated: {error}");
        let arrays = |depth: usize| format!("Int32{}", "[]".repeat(depth));
        assert!(parse_with_args(&arrays(MAX_DEPTH - 1), &[]).is_ok());
        assert!(parse_with_args(&arrays(MAX_DEPTH), &[]).is_err());
        assert!(parse_expression(&format!("List<{}>", arrays(MAX_DEPTH))).is_err());
        let nested = parse_with_args("List`1", &args(&[&deep(MAX_DEPTH - 1)]));
        assert!(nested.unwrap_err().contains("deeper"));

        let pair = parse_expression("Dictionary<T,T>").unwrap();
        let mut grown = TypeRef::simple("T");
        let mut levels = 0;
        let error = loop {
            match pair.substitute_checked(&[("T".into(), grown.clone())]) {
                Ok(bound) => grown = bound,
                Err(error) => break error,
            }
            levels += 1;
        };
        assert_eq!(levels, 9, "2^10 leaves pass, 2^11 do not");
        assert!(error.contains("more than 1024 parts"), "{error}");
    }

    #[test]
    fn mentions_looks_at_every_depth_and_counts_arguments() {
        let ty = parse_expression("List<Dictionary<String,KeyValuePair<T,Int32[]>>>").unwrap();
        assert!(ty.mentions("KeyValuePair", 2));
        assert!(ty.mentions("T", 0));
        assert!(ty.mentions("Int32", 0));
        assert!(ty.mentions("List", 1));
        assert!(!ty.mentions("KeyValuePair", 1));
        assert!(!ty.mentions("U", 0));
    }

    #[test]
    fn substitutes_parameters() {
        let parsed = parse_with_args("List`1", &args(&["T"])).unwrap();
        let bound = parsed.substitute(&[("T".into(), TypeRef::simple("Albums"))]);
        assert_eq!(bound.to_string(), "List<Albums>");
    }
}
