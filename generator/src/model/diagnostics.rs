//! The warnings sink every pass writes to.
//!
//! Warnings are kept once per text and handed out sorted by `location: message`, so the list a
//! user sees depends on the document alone, not on which pass noticed a problem first or how
//! often (a base property is mapped once per derived struct).

use std::collections::BTreeMap;

use crate::error::Warning;

/// Collects the warnings of one resolution.
#[derive(Debug, Default)]
pub(super) struct Diagnostics {
    /// Keyed by the printed text, which orders and de-duplicates them.
    warnings: BTreeMap<String, Warning>,
}

impl Diagnostics {
    /// Records a warning about `location` (a type or `Type.Property`); a repeat is dropped.
    pub(super) fn warn(&mut self, location: &str, message: String) {
        self.warnings
            .entry(format!("{location}: {message}"))
            .or_insert(Warning {
                location: location.to_owned(),
                message,
            });
    }

    /// The warnings, sorted by their text.
    pub(super) fn into_warnings(self) -> Vec<Warning> {
        self.warnings.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Diagnostics;

    #[test]
    fn warnings_are_deduplicated_and_sorted_by_text() {
        let mut diagnostics = Diagnostics::default();
        diagnostics.warn("B.x", "second".into());
        diagnostics.warn("A.y", "first".into());
        diagnostics.warn("B.x", "second".into());
        diagnostics.warn("B", "third".into());
        let texts: Vec<String> = diagnostics
            .into_warnings()
            .into_iter()
            .map(|warning| format!("{}|{}", warning.location, warning.message))
            .collect();
        // Sorted as printed: `B.x: second` comes before `B: third` (`.` < `:`).
        assert_eq!(texts, ["A.y|first", "B.x|second", "B|third"]);
    }
}
