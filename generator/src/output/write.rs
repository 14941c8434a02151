//! Writing output files atomically: the new content goes to a temporary file in the target's
//! directory and is renamed over the target, so readers never see a half-written file and a
//! failure leaves the previous file untouched.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Whether [`write_if_changed`] touched the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// The file already had this content; it was not touched (its mtime is unchanged).
    Unchanged,
    /// The file was created or replaced.
    Written,
}

/// Replaces `path` with `contents` atomically.
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), Error> {
    let fail = |source: std::io::Error| Error::Write {
        path: path.to_owned(),
        source,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".servicestack-codegen-")
        .suffix(".tmp")
        .tempfile_in(directory)
        .map_err(fail)?;
    temporary.write_all(contents.as_bytes()).map_err(fail)?;
    temporary.as_file().sync_all().map_err(fail)?;
    temporary.persist(path).map_err(|error| fail(error.error))?;
    Ok(())
}

/// Writes `contents` unless the file already holds exactly that (keeps build.rs rebuilds quiet).
pub fn write_if_changed(path: &Path, contents: &str) -> Result<WriteOutcome, Error> {
    match std::fs::read(path) {
        Ok(existing) if existing == contents.as_bytes() => Ok(WriteOutcome::Unchanged),
        _ => write_atomic(path, contents).map(|()| WriteOutcome::Written),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_skips_identical_content() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("dtos.rs");
        assert_eq!(write_if_changed(&path, "a").unwrap(), WriteOutcome::Written);
        assert_eq!(
            write_if_changed(&path, "a").unwrap(),
            WriteOutcome::Unchanged
        );
        assert_eq!(write_if_changed(&path, "b").unwrap(), WriteOutcome::Written);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b");
        let leftovers = std::fs::read_dir(directory.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("missing-dir").join("dtos.rs");
        assert!(write_atomic(&path, "x").is_err());
        assert!(!path.exists());
    }
}
