//! How an event's encoded payload serialises with its envelope ([`NewEvent`],
//! [`RecordedEvent`]): the payload is the stored form, with personal data in
//! clear, so by default it is withheld; in [`stored_form`] or [`revealed`] it is
//! written as the JSON it is (not as an array of byte values).
//!
//! To show an event's content redacted, decode it first (e.g.
//! [`Repository::timeline`]): only the decoded event knows which of its fields
//! are personal.
//!
//! [`NewEvent`]: super::NewEvent
//! [`RecordedEvent`]: super::RecordedEvent
//! [`stored_form`]: super::form::stored_form
//! [`revealed`]: super::form::revealed
//! [`Repository::timeline`]: super::Repository::timeline

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::form::{Form, current};

/// What a payload serialises as outside [`stored_form`](super::form::stored_form)
/// and [`revealed`](super::form::revealed). Refused when read back as a payload.
pub const WITHHELD: &str = "<payload withheld>";

/// A payload the envelope serialises: as JSON when the form allows it, the
/// [`WITHHELD`] marker otherwise.
pub(crate) fn serialize<S: Serializer>(payload: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    match current() {
        Form::Stored | Form::Revealed => match serde_json::from_slice::<serde_json::Value>(payload)
        {
            Ok(json) => json.serialize(serializer),
            // The contract lets a payload be any bytes; the codec writes JSON.
            Err(_) => serializer.serialize_bytes(payload),
        },
        Form::Redacted => serializer.serialize_str(WITHHELD),
    }
}

/// A payload read back: JSON (re-encoded as bytes), or bytes written by a
/// non-JSON payload; never the [`WITHHELD`] marker.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shown {
        Bytes(Vec<u8>),
        Json(serde_json::Value),
    }
    match Shown::deserialize(deserializer)? {
        Shown::Json(serde_json::Value::String(s)) if s == WITHHELD => {
            Err(D::Error::custom("a withheld payload is a marker, not data"))
        }
        Shown::Json(json) => serde_json::to_vec(&json).map_err(D::Error::custom),
        Shown::Bytes(bytes) => Ok(bytes),
    }
}

/// An encoded payload (or snapshot state) in `Debug` output: its length only, so
/// `Debug` of an envelope, a snapshot or a store never prints the stored form.
pub(crate) struct PayloadLen(pub(crate) usize);

impl std::fmt::Debug for PayloadLen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// The same for a shared payload buffer.
pub(crate) mod shared {
    use bytes::Bytes;
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        payload: &Bytes,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::serialize(payload, serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Bytes, D::Error> {
        super::deserialize(deserializer).map(Bytes::from)
    }
}
