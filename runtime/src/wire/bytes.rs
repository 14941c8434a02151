//! [`Bytes`]: .NET `byte[]`, sent as a base64 string.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::WireParseError;

/// Decoders that take input with or without `=` padding and ignore set bits past the last byte,
/// as .NET's `Convert.FromBase64String` does.
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const LENIENT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// A .NET `byte[]`: serialized as standard base64 with padding (`ABC` ↔ `"QUJD"`), the form
/// ServiceStack writes; URL-safe and unpadded base64 are read too.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Bytes(Vec<u8>);

impl Bytes {
    /// Wraps `bytes`.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The bytes as a slice.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    /// Unwraps the bytes.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    /// The standard base64 text sent on the wire (also what `Display` writes).
    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.0)
    }
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<Bytes> for Vec<u8> {
    fn from(bytes: Bytes) -> Self {
        bytes.0
    }
}

impl fmt::Display for Bytes {
    /// Standard base64 with padding.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl FromStr for Bytes {
    type Err = WireParseError;

    /// Standard or URL-safe base64, padded or not (but not both alphabets mixed).
    fn from_str(text: &str) -> Result<Self, WireParseError> {
        let url_safe = text.contains(['-', '_']);
        let engine = if url_safe {
            &LENIENT_URL_SAFE
        } else {
            &LENIENT_STANDARD
        };
        engine
            .decode(text)
            .map(Self)
            .map_err(|err| WireParseError::new("Bytes", text, format!("not base64: {err}")))
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Base64Visitor;

        impl Visitor<'_> for Base64Visitor {
            type Value = Bytes;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Bytes, E> {
                value.parse().map_err(E::custom)
            }

            // Binary formats hand raw bytes over directly.
            fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes::from(value))
            }

            fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(value))
            }
        }

        deserializer.deserialize_str(Base64Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Vec<u8> {
        text.parse::<Bytes>()
            .unwrap_or_else(|err| panic!("{text}: {err}"))
            .into_vec()
    }

    #[test]
    fn encodes_standard_padded_base64() {
        assert_eq!(Bytes::from(&b"ABC"[..]).to_string(), "QUJD");
        assert_eq!(Bytes::from(vec![0xfb, 0xff]).to_base64(), "+/8=");
        assert_eq!(Bytes::default().to_string(), "");
        assert_eq!(
            serde_json::to_string(&Bytes::from(&b"AB"[..]))
                .ok()
                .as_deref(),
            Some(r#""QUI=""#)
        );
    }

    #[test]
    fn decodes_every_variant() {
        assert_eq!(decode("QUJD"), b"ABC");
        assert_eq!(decode("QUI="), b"AB");
        assert_eq!(decode("QUI"), b"AB");
        assert_eq!(decode("+/8="), [0xfb, 0xff]);
        assert_eq!(decode("-_8="), [0xfb, 0xff]);
        assert_eq!(decode("-_8"), [0xfb, 0xff]);
        assert_eq!(decode(""), b"");
    }

    #[test]
    fn round_trips_through_json() {
        for json in [
            r#""QUJD""#,
            r#""QUI=""#,
            r#""""#,
            r#""AAECAwQFBgcICQ==""#,
            r#""+/8=""#,
        ] {
            let bytes: Bytes =
                serde_json::from_str(json).unwrap_or_else(|err| panic!("{json}: {err}"));
            assert_eq!(serde_json::to_string(&bytes).ok().as_deref(), Some(json));
        }
        let url_safe: Bytes = serde_json::from_str(r#""-_8""#).expect("URL-safe base64");
        assert_eq!(
            serde_json::to_string(&url_safe).ok().as_deref(),
            Some(r#""+/8=""#)
        );
    }

    #[test]
    fn slice_access() {
        let bytes = Bytes::new(vec![1, 2, 3]);
        assert_eq!(bytes.len(), 3);
        assert_eq!(bytes.as_ref(), [1, 2, 3]);
        assert_eq!(bytes.as_slice(), [1, 2, 3]);
        assert_eq!(Vec::from(bytes), vec![1, 2, 3]);
    }

    #[test]
    fn rejects_non_base64() {
        for bad in ["Q", "QUJD!", "QU JD", "+/-_", "QUJD=", "QU=JD", "é"] {
            let err = bad
                .parse::<Bytes>()
                .err()
                .unwrap_or_else(|| panic!("{bad:?} was accepted"));
            assert_eq!(err.type_name(), "Bytes");
            assert!(err.reason().starts_with("not base64"), "{err}");
        }
        assert!(serde_json::from_str::<Bytes>("\"Q\"").is_err());
        assert!(serde_json::from_str::<Bytes>("[1,2]").is_err());
    }
}
