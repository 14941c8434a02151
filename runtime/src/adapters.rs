//! serde_with adapters for wire types the generator was told to replace (`--replace-type`):
//! a field typed `chrono::DateTime<Utc>` still reads and writes ServiceStack's date forms,
//! because it goes through the runtime's [`DateTime`](crate::DateTime) on the way.
//!
//! ```
//! # #[cfg(feature = "uuid")] {
//! #[servicestack_runtime::serde_with::serde_as(crate = "::servicestack_runtime::serde_with")]
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Booking {
//!     #[serde_as(as = "Option<servicestack_runtime::adapters::Wire<servicestack_runtime::Guid>>")]
//!     id: Option<uuid::Uuid>,
//! }
//! let booking: Booking = serde_json::from_str(r#"{"id":"ea762009b66c410b9bf5ce21ad519249"}"#).unwrap();
//! assert_eq!(booking.id.unwrap().to_string(), "ea762009-b66c-410b-9bf5-ce21ad519249");
//! # }
//! ```

use std::fmt::Display;
use std::marker::PhantomData;

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::{DeserializeAs, SerializeAs};

/// Serializes a `T` as the runtime wire type `W` (and back), converting with `TryFrom`.
pub struct Wire<W>(PhantomData<W>);

impl<T, W> SerializeAs<T> for Wire<W>
where
    T: Clone,
    W: TryFrom<T> + Serialize,
    <W as TryFrom<T>>::Error: Display,
{
    fn serialize_as<S: Serializer>(source: &T, serializer: S) -> Result<S::Ok, S::Error> {
        W::try_from(source.clone())
            .map_err(S::Error::custom)?
            .serialize(serializer)
    }
}

impl<'de, T, W> DeserializeAs<'de, T> for Wire<W>
where
    W: Deserialize<'de> + TryInto<T>,
    <W as TryInto<T>>::Error: Display,
{
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        W::deserialize(deserializer)?
            .try_into()
            .map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[serde_with::serde_as]
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Durations {
        #[serde_as(as = "Vec<Wire<crate::TimeSpan>>")]
        all: Vec<std::time::Duration>,
    }

    #[test]
    fn converts_through_the_wire_type() {
        let parsed: Durations = serde_json::from_str(r#"{"all":["PT1H30M","PT0.5S"]}"#).unwrap();
        assert_eq!(
            parsed.all,
            [
                std::time::Duration::from_secs(5400),
                std::time::Duration::from_millis(500)
            ]
        );
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            r#"{"all":["PT1H30M","PT0.5S"]}"#
        );
        let negative = serde_json::from_str::<Durations>(r#"{"all":["-PT1S"]}"#);
        assert!(
            negative.is_err(),
            "a negative TimeSpan does not fit a std Duration"
        );
    }
}
