//! The build-script entry point, [`Config::compile`]: generate into `OUT_DIR`, rewrite only on
//! change, and speak to cargo (`rerun-if-changed`, warnings).

use std::path::{Path, PathBuf};

use crate::write::{WriteOutcome, write_if_changed};
use crate::{Config, Error, Source};

impl Config {
    /// Generates code from a metadata file (or, with [`Config::allow_network`], a URL) into the
    /// output directory, for a build script. Returns the path written (or left as it was).
    pub fn compile(&self, source: impl AsRef<str>) -> Result<PathBuf, Error> {
        let source_text = source.as_ref();
        let source = Source::parse(source_text);
        match &source {
            Source::Url(_) if !self.allow_network => {
                return Err(Error::Option {
                    option: "source".into(),
                    message: format!(
                        "{source} is a URL; build scripts stay offline unless \
                         Config::allow_network(true) is set (or save it with `servicestack-codegen fetch`)"
                    ),
                });
            }
            Source::Path(path) => println!("cargo:rerun-if-changed={}", path.display()),
            _ => {}
        }
        let out_dir = match &self.out_dir {
            Some(directory) => directory.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Option {
                    option: "out_dir".into(),
                    message:
                        "OUT_DIR is not set: call this from a build script or set Config::out_dir"
                            .into(),
                })?,
        };
        let file_name = self
            .file_name
            .clone()
            .unwrap_or_else(|| default_file_name(source_text));
        let generated = crate::generate(self, &source.load()?, source_text)?;
        for warning in &generated.warnings {
            println!("cargo:warning={}", warning.to_string().replace('\n', " "));
        }
        let path = out_dir.join(file_name);
        if write_if_changed(&path, &generated.code)? == WriteOutcome::Written {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        Ok(path)
    }
}

fn default_file_name(source: &str) -> String {
    let name = Path::new(source.split(['?', '#']).next().unwrap_or(source))
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".json").unwrap_or(&name);
    let stem = stem.strip_suffix(".metadata").unwrap_or(stem);
    let stem = stem.strip_suffix(".app").unwrap_or(stem);
    let snake = heck::ToSnakeCase::to_snake_case(stem);
    if snake.is_empty() {
        "servicestack_dtos.rs".into()
    } else {
        format!("{snake}.rs")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_names() {
        assert_eq!(
            default_file_name("api/evovoice-invitechatmember.metadata.json"),
            "evovoice_invitechatmember.rs"
        );
        assert_eq!(default_file_name("x.app.json"), "x.rs");
        assert_eq!(default_file_name("https://h/types/metadata"), "metadata.rs");
    }

    #[test]
    fn compile_writes_once_and_refuses_urls_offline() {
        let directory = tempfile::tempdir().unwrap();
        let metadata = directory.path().join("api.json");
        std::fs::write(
            &metadata,
            r#"{"types":[{"name":"Poco","properties":[{"name":"A","type":"String"}]}]}"#,
        )
        .unwrap();
        let mut config = Config::new();
        config.out_dir(directory.path());
        let path = config.compile(metadata.to_str().unwrap()).unwrap();
        assert_eq!(path, directory.path().join("api.rs"));
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        config.compile(metadata.to_str().unwrap()).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            modified,
            "unchanged content is not rewritten"
        );
        let error = config
            .compile("https://example.org")
            .unwrap_err()
            .to_string();
        assert!(error.contains("allow_network"), "{error}");
        let error = config
            .compile("https://user:pw@example.org/?api_key=k")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("https://example.org/types/metadata?api_key=<redacted> is a URL"),
            "{error}"
        );
    }
}
