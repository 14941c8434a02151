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

impl TypeRef {
    /// A named type without arguments.
    pub fn simple(name: &str) -> Self {
        TypeRef::Named {
            name: name.to_owned(),
            args: Vec::new(),
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
    if base.contains('<') {
        // Some writers put the whole expression in `type`.
        return parse_expression(trimmed);
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
    Ok(wrap_arrays(TypeRef::Named { name, args }, array_depth))
}

/// Parses an angle-bracket expression: `List<Dictionary<String,Poco>>`, `Nullable<Byte>[]`.
pub fn parse_expression(text: &str) -> Result<TypeRef, String> {
    let mut parser = Parser {
        text,
        chars: text.char_indices().peekable(),
    };
    let parsed = parser.parse_type()?;
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

    fn parse_type(&mut self) -> Result<TypeRef, String> {
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
                args.push(self.parse_type()?);
                self.skip_spaces();
                match self.chars.next() {
                    Some((_, ',')) => continue,
                    Some((_, '>')) => break,
                    _ => return Err(format!("unbalanced `<` in type `{}`", self.text)),
                }
            }
        }
        let mut parsed = TypeRef::Named { name, args };
        loop {
            self.skip_spaces();
            if self.chars.next_if(|(_, c)| *c == '[').is_none() {
                break;
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
    }

    #[test]
    fn substitutes_parameters() {
        let parsed = parse_with_args("List`1", &args(&["T"])).unwrap();
        let bound = parsed.substitute(&[("T".into(), TypeRef::simple("Albums"))]);
        assert_eq!(bound.to_string(), "List<Albums>");
    }
}
