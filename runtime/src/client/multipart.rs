//! The `multipart/form-data` body of an upload, for each client: text fields for the DTO's
//! members, then one part per file (field name, file name, content type), every file streamed.

use reqwest::header::HeaderValue;

use super::error::{Error, RequestError};
use super::upload::{Content, Upload, UploadFile, open_error, wrong_client};

fn invalid_type(operation: &str, file: &UploadFile) -> Error {
    Error::Request(RequestError::new(
        operation,
        format!(
            "`{}` is not a valid content type for `{}`",
            file.content_type, file.file_name
        ),
    ))
}

fn content_type(boundary: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
        .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"))
}

/// The async client's body and its `Content-Type`.
pub(crate) async fn body(
    upload: &Upload,
    operation: &str,
) -> Result<(HeaderValue, reqwest::Body), Error> {
    use reqwest::multipart::{Form, Part};
    let mut form = Form::new();
    for (name, value) in &upload.fields {
        form = form.text(name.clone(), value.clone());
    }
    for (file, content) in upload.files.iter().zip(upload.contents(operation)?) {
        let part = match content {
            Content::Bytes(bytes) => {
                let length = bytes.len() as u64;
                Part::stream_with_length(reqwest::Body::from(bytes), length)
            }
            Content::Path(path) => {
                let opened = tokio::fs::File::open(&path)
                    .await
                    .map_err(|error| open_error(operation, &path, error))?;
                let length = opened
                    .metadata()
                    .await
                    .map_err(|error| open_error(operation, &path, error))?
                    .len();
                let stream = tokio_util::io::ReaderStream::new(opened);
                Part::stream_with_length(reqwest::Body::wrap_stream(stream), length)
            }
            Content::AsyncReader(reader) => Part::stream(reqwest::Body::wrap_stream(
                tokio_util::io::ReaderStream::new(reader),
            )),
            Content::BlockingReader(_) => return Err(wrong_client(operation, file, "blocking")),
        };
        let part = part
            .file_name(file.file_name.clone())
            .mime_str(&file.content_type)
            .map_err(|_| invalid_type(operation, file))?;
        form = form.part(file.field_name.clone(), part);
    }
    let header = content_type(form.boundary());
    Ok((header, reqwest::Body::wrap_stream(form.into_stream())))
}

/// The blocking client's body and its `Content-Type`.
#[cfg(feature = "blocking")]
pub(crate) fn blocking_body(
    upload: &Upload,
    operation: &str,
) -> Result<(HeaderValue, reqwest::blocking::Body), Error> {
    use reqwest::blocking::multipart::{Form, Part};
    let mut form = Form::new();
    for (name, value) in &upload.fields {
        form = form.text(name.clone(), value.clone());
    }
    for (file, content) in upload.files.iter().zip(upload.contents(operation)?) {
        let part = match content {
            Content::Bytes(bytes) => {
                let length = bytes.len() as u64;
                Part::reader_with_length(std::io::Cursor::new(bytes), length)
            }
            Content::Path(path) => {
                let opened = std::fs::File::open(&path)
                    .map_err(|error| open_error(operation, &path, error))?;
                let length = opened
                    .metadata()
                    .map_err(|error| open_error(operation, &path, error))?
                    .len();
                Part::reader_with_length(opened, length)
            }
            Content::BlockingReader(reader) => Part::reader(reader),
            Content::AsyncReader(_) => return Err(wrong_client(operation, file, "async")),
        };
        let part = part
            .file_name(file.file_name.clone())
            .mime_str(&file.content_type)
            .map_err(|_| invalid_type(operation, file))?;
        form = form.part(file.field_name.clone(), part);
    }
    let header = content_type(form.boundary());
    Ok((header, reqwest::blocking::Body::new(form.into_reader())))
}
