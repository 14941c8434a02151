//! Files uploaded with a request DTO (`post_files_with_request`): what to send, independent of
//! how each client streams it.

use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use super::error::{Error, RequestError};
use super::state::lock;

type AsyncReader = Pin<Box<dyn tokio::io::AsyncRead + Send + Sync>>;
type BlockingReader = Box<dyn std::io::Read + Send>;

/// A file to upload with a request DTO (see `JsonServiceClient::post_files_with_request`).
///
/// Its content comes from memory ([`UploadFile::new`]), from a file on disk, streamed and never
/// held in memory whole ([`UploadFile::from_path`]), or from a reader that is sent once
/// ([`UploadFile::from_reader`] for the async client, [`UploadFile::from_blocking_reader`] for
/// the blocking one). Content from memory or disk is sent again when a call is retried or
/// redirected with its body; a reader's content cannot be, so such a call fails instead.
pub struct UploadFile {
    pub(crate) field_name: String,
    pub(crate) file_name: String,
    pub(crate) content_type: String,
    pub(crate) source: Source,
}

pub(crate) enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Taken by the first attempt.
    AsyncReader(Mutex<Option<AsyncReader>>),
    BlockingReader(Mutex<Option<BlockingReader>>),
}

impl UploadFile {
    /// A file held in memory, sent as the form part `field_name` with `file_name` and
    /// `content_type` (e.g. `"application/pdf"`).
    pub fn new(
        field_name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        Self::with_source(
            field_name,
            file_name,
            content_type,
            Source::Bytes(bytes.into()),
        )
    }

    /// A file on disk, read as it is sent (a large file is never in memory whole); its file
    /// name is the path's last component. A file that cannot be opened fails the call with
    /// [`Error::Request`](super::Error::Request), naming the path.
    pub fn from_path(
        field_name: impl Into<String>,
        path: impl Into<PathBuf>,
        content_type: impl Into<String>,
    ) -> Self {
        let path = path.into();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self::with_source(field_name, file_name, content_type, Source::Path(path))
    }

    /// Content read from an async reader as it is sent (async client only), once.
    pub fn from_reader(
        field_name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        reader: impl tokio::io::AsyncRead + Send + Sync + 'static,
    ) -> Self {
        let reader: AsyncReader = Box::pin(reader);
        Self::with_source(
            field_name,
            file_name,
            content_type,
            Source::AsyncReader(Mutex::new(Some(reader))),
        )
    }

    /// Content read from a `std::io::Read` as it is sent (blocking client only), once.
    pub fn from_blocking_reader(
        field_name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        reader: impl std::io::Read + Send + 'static,
    ) -> Self {
        let reader: BlockingReader = Box::new(reader);
        Self::with_source(
            field_name,
            file_name,
            content_type,
            Source::BlockingReader(Mutex::new(Some(reader))),
        )
    }

    fn with_source(
        field_name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        source: Source,
    ) -> Self {
        UploadFile {
            field_name: field_name.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
            source,
        }
    }

    /// The form field the file is sent as.
    pub fn field_name(&self) -> &str {
        &self.field_name
    }

    /// The file name sent with it.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// Its content type.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }
}

impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::Path(path) => path.display().to_string(),
            Source::AsyncReader(_) | Source::BlockingReader(_) => "a reader".to_owned(),
        };
        f.debug_struct("UploadFile")
            .field("field_name", &self.field_name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("source", &source)
            .finish()
    }
}

/// A multipart body: the DTO's members as text fields, then the files.
pub(crate) struct Upload {
    pub(crate) fields: Vec<(String, String)>,
    pub(crate) files: Vec<UploadFile>,
}

/// The content of one file part, ready for a client to stream.
pub(crate) enum Content {
    Bytes(Bytes),
    Path(PathBuf),
    AsyncReader(AsyncReader),
    #[cfg_attr(not(feature = "blocking"), allow(dead_code))]
    BlockingReader(BlockingReader),
}

impl Upload {
    /// What each file sends on this attempt: readers are taken (a second attempt fails, naming
    /// the file).
    pub(crate) fn contents(&self, operation: &str) -> Result<Vec<Content>, Error> {
        self.files
            .iter()
            .map(|file| {
                let gone = || {
                    Error::Request(RequestError::new(
                        operation,
                        format!(
                            "the content of `{}` came from a reader and was already sent; it \
                             cannot be sent again (after a redirect, a refresh or a retry): \
                             upload from memory or a path instead",
                            file.file_name
                        ),
                    ))
                };
                Ok(match &file.source {
                    Source::Bytes(bytes) => Content::Bytes(bytes.clone()),
                    Source::Path(path) => Content::Path(path.clone()),
                    Source::AsyncReader(reader) => {
                        Content::AsyncReader(lock(reader).take().ok_or_else(gone)?)
                    }
                    Source::BlockingReader(reader) => {
                        Content::BlockingReader(lock(reader).take().ok_or_else(gone)?)
                    }
                })
            })
            .collect()
    }
}

/// The error for a file on disk that cannot be opened.
pub(crate) fn open_error(operation: &str, path: &std::path::Path, error: std::io::Error) -> Error {
    Error::Request(RequestError::new(
        operation,
        format!("cannot open `{}` to upload it: {error}", path.display()),
    ))
}

/// The error for a reader given to the other client.
pub(crate) fn wrong_client(operation: &str, file: &UploadFile, expected: &str) -> Error {
    Error::Request(RequestError::new(
        operation,
        format!(
            "`{}` is read by a reader for the {expected} client; use `UploadFile::new` or \
             `UploadFile::from_path` with this one",
            file.file_name
        ),
    ))
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("fields", &self.fields.len())
            .field("files", &self.files)
            .finish()
    }
}

/// Shared by the attempts of one call.
pub(crate) type SharedUpload = Arc<Upload>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_are_sent_once() {
        let upload = Upload {
            fields: Vec::new(),
            files: vec![
                UploadFile::new("a", "a.txt", "text/plain", &b"hello"[..]),
                UploadFile::from_blocking_reader(
                    "b",
                    "b.bin",
                    "application/octet-stream",
                    &b"x"[..],
                ),
            ],
        };
        assert_eq!(upload.contents("Op").unwrap().len(), 2);
        let error = upload.contents("Op").err().unwrap();
        assert!(error.to_string().contains("b.bin"), "{error}");
        let file = UploadFile::from_path("doc", "/tmp/dir/report.pdf", "application/pdf");
        assert_eq!(file.file_name(), "report.pdf");
        assert!(format!("{file:?}").contains("report.pdf"));
    }
}
