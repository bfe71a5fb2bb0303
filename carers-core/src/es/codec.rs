//! Events to bytes and back: a stable type name, a schema version and a JSON payload,
//! with upcasters that bring an older payload up to the current schema on read.
//!
//! The type name is the serde variant name of the event enum, so renaming a variant
//! needs `#[serde(rename = "OldName")]` to keep reading history. History is never
//! rewritten: a change of a payload's shape bumps [`DomainEvent::schema_version`] and
//! registers an upcaster from the old version.

use std::collections::{HashMap, HashSet};
use std::marker::PhantomData;
use std::sync::Arc;

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

use super::error::{ErrorKind, ServiceError};
use super::form::stored_form;
use super::seal::{self, KeyState};
use super::variants::variant_names;

/// An event enum that can be stored. Implemented by the domain's event types.
///
/// It must be an externally tagged serde enum (the serde default): the variant name
/// is the event type.
pub trait DomainEvent:
    Serialize + DeserializeOwned + Clone + std::fmt::Debug + Send + Sync + 'static
{
    /// The current schema version of the payload of `event_type` (1 unless bumped).
    fn schema_version(event_type: &str) -> u16 {
        let _ = event_type;
        1
    }

    /// The upcasters the event's own history needs. [`Codec::new`] registers them,
    /// so every codec (and so every repository) reads older payloads without being
    /// told to.
    fn upcasters() -> Vec<Upcaster> {
        Vec::new()
    }
}

/// Checks that `listed` (an event enum's `TYPES`) names every variant the codec
/// knows for `E`, each once: the unit test each event enum has.
#[cfg(test)]
pub(crate) fn assert_lists_every_type<E: DomainEvent>(listed: &[&str]) {
    let known: std::collections::BTreeSet<&str> = Codec::<E>::new().event_types().collect();
    let names: std::collections::BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(names.len(), listed.len(), "a name is listed twice");
    assert_eq!(names, known);
}

/// How to bring one event type's payload from one schema version to the next.
#[derive(Clone, Copy, Debug)]
pub struct Upcaster {
    /// The stored type name.
    pub event_type: &'static str,
    /// The version the payload is brought from (to `from_version + 1`).
    pub from_version: u16,
    /// The change; a payload it cannot bring forward faithfully is refused.
    pub upcast: fn(Value) -> Result<Value, UpcastError>,
}

/// One encoded event: what the store keeps of the domain event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedEvent {
    /// The stable type name.
    pub event_type: String,
    /// The schema version of `payload`.
    pub schema_version: u16,
    /// The JSON payload.
    pub payload: Vec<u8>,
}

/// Why an upcaster could not bring a payload forward (a fixed description, no data).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UpcastError(pub &'static str);

/// Why an event could not be encoded or decoded.
///
/// Messages name the event type, version and global position, never payload
/// contents: a payload holds personal data, and serde's own messages may quote it.
///
/// Every variant is of kind [`ErrorKind::Corrupt`]: what is stored (or about to be)
/// cannot be read or written as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodecError {
    /// The stored type name is not a variant of the event enum.
    #[error("unknown event type {event_type:?} at position {position}")]
    UnknownEventType {
        /// The stored type name.
        event_type: String,
        /// Global position of the event.
        position: u64,
    },
    /// The stored schema version is newer than this code knows.
    #[error(
        "event type {event_type:?} at position {position} has schema version {version}, newer than the {current} this code reads"
    )]
    NewerSchemaVersion {
        /// The stored type name.
        event_type: String,
        /// The stored version.
        version: u16,
        /// The newest version this code reads.
        current: u16,
        /// Global position of the event.
        position: u64,
    },
    /// An older version has no upcaster to the next.
    #[error("no upcaster for event type {event_type:?} version {version} at position {position}")]
    MissingUpcaster {
        /// The stored type name.
        event_type: String,
        /// The version with no upcaster.
        version: u16,
        /// Global position of the event.
        position: u64,
    },
    /// An upcaster refused the payload.
    #[error(
        "upcasting event type {event_type:?} from version {version} at position {position} failed: {reason}"
    )]
    Upcast {
        /// The stored type name.
        event_type: String,
        /// The version the upcaster started from.
        version: u16,
        /// Global position of the event.
        position: u64,
        /// The upcaster's reason.
        reason: UpcastError,
    },
    /// The payload is not valid JSON of the event's shape.
    #[error(
        "malformed payload of event type {event_type:?} at position {position} ({category} error at line {line}, column {column})"
    )]
    Malformed {
        /// The stored type name.
        event_type: String,
        /// Global position of the event.
        position: u64,
        /// serde_json's category of the error: syntax, data, eof or io.
        category: &'static str,
        /// Line in the payload.
        line: usize,
        /// Column in the payload.
        column: usize,
    },
    /// The value to encode is not an externally tagged enum variant.
    #[error("an event must serialise as an externally tagged enum variant")]
    NotAnEventEnum,
}

impl ServiceError for CodecError {
    fn code(&self) -> &'static str {
        match self {
            Self::UnknownEventType { .. } => "unknown_event_type",
            Self::NewerSchemaVersion { .. } => "newer_schema_version",
            Self::MissingUpcaster { .. } => "missing_upcaster",
            Self::Upcast { .. } => "upcast_failed",
            Self::Malformed { .. } => "malformed_payload",
            Self::NotAnEventEnum => "not_an_event_enum",
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::UnknownEventType { .. }
            | Self::NewerSchemaVersion { .. }
            | Self::MissingUpcaster { .. }
            | Self::Upcast { .. }
            | Self::Malformed { .. }
            | Self::NotAnEventEnum => ErrorKind::Corrupt,
        }
    }
}

type UpcastFn = Arc<dyn Fn(Value) -> Result<Value, UpcastError> + Send + Sync>;

/// Encodes and decodes the events of one enum `E`, with its upcasters.
pub struct Codec<E> {
    known: HashSet<&'static str>,
    upcasters: HashMap<(String, u16), UpcastFn>,
    _event: PhantomData<fn() -> E>,
}

impl<E> Clone for Codec<E> {
    fn clone(&self) -> Self {
        Self {
            known: self.known.clone(),
            upcasters: self.upcasters.clone(),
            _event: PhantomData,
        }
    }
}

impl<E: DomainEvent> Default for Codec<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: DomainEvent> std::fmt::Debug for Codec<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Codec")
            .field("event_types", &self.known.len())
            .field("upcasters", &self.upcasters.len())
            .finish()
    }
}

fn category(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Io => "io",
        Category::Syntax => "syntax",
        Category::Data => "data",
        Category::Eof => "eof",
    }
}

impl<E: DomainEvent> Codec<E> {
    /// A codec with the event type's own upcasters ([`DomainEvent::upcasters`]).
    pub fn new() -> Self {
        let codec = Self {
            known: variant_names::<E>()
                .unwrap_or(&[])
                .iter()
                .copied()
                .collect(),
            upcasters: HashMap::new(),
            _event: PhantomData,
        };
        E::upcasters().into_iter().fold(codec, |codec, u| {
            codec.with_upcaster(u.event_type, u.from_version, u.upcast)
        })
    }

    /// Registers how to bring `event_type`'s payload from `from_version` to `from_version + 1`.
    pub fn with_upcaster(
        mut self,
        event_type: &str,
        from_version: u16,
        upcast: impl Fn(Value) -> Result<Value, UpcastError> + Send + Sync + 'static,
    ) -> Self {
        self.upcasters
            .insert((event_type.to_owned(), from_version), Arc::new(upcast));
        self
    }

    /// The type names this codec knows: the variant names of `E`, as stored.
    pub fn event_types(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.known.iter().copied()
    }

    /// Whether `event_type` is one of `E`'s type names.
    pub fn knows(&self, event_type: &str) -> bool {
        self.known.contains(event_type)
    }

    /// Encodes one event at its type's current schema version, in the stored form:
    /// [`Personal`](crate::domain::Personal) values in clear (see
    /// [`personal`](crate::domain::personal)).
    ///
    /// # Errors
    /// `CodecError::NotAnEventEnum` when the value does not serialise as an externally
    /// tagged variant of the event enum.
    pub fn encode(&self, event: &E) -> Result<EncodedEvent, CodecError> {
        // The stored form: personal values in clear (they serialise redacted
        // elsewhere), or, under a data key, stashed to be sealed as one blob.
        let key = seal::sealing_key();
        let (value, stashed) = match &key {
            Some(_) => seal::stashing(|| stored_form(|| serde_json::to_value(event))),
            None => (stored_form(|| serde_json::to_value(event)), Vec::new()),
        };
        let value = value.map_err(|_| CodecError::NotAnEventEnum)?;
        let (event_type, payload) = match value {
            Value::Object(map) if map.len() == 1 => {
                map.into_iter().next().ok_or(CodecError::NotAnEventEnum)?
            }
            Value::String(unit_variant) => (unit_variant, Value::Null),
            _ => return Err(CodecError::NotAnEventEnum),
        };
        if !self.known.contains(event_type.as_str()) {
            return Err(CodecError::NotAnEventEnum);
        }
        let inner = serde_json::to_vec(&payload).map_err(|_| CodecError::NotAnEventEnum)?;
        let payload = match key {
            Some(key) if !stashed.is_empty() => {
                // Bound to the type, so a blob moved to another type's event fails.
                let blob = seal::seal_stash(&key, &stashed, event_type.as_bytes());
                // Written in this one layout, which `split_sealed` reads without
                // parsing the blob as JSON (base64 holds no quote or escape).
                let mut out = Vec::with_capacity(inner.len() + blob.len() + 40);
                out.extend_from_slice(SEALED_HEAD);
                out.extend_from_slice(&inner);
                out.extend_from_slice(SEALED_MIDDLE);
                out.extend_from_slice(blob.as_bytes());
                out.extend_from_slice(SEALED_TAIL);
                out
            }
            _ => inner,
        };
        Ok(EncodedEvent {
            schema_version: E::schema_version(&event_type),
            event_type,
            payload,
        })
    }

    /// Decodes a recorded event: [`decode`](Self::decode) of its type, schema
    /// version, payload and position.
    ///
    /// # Errors
    /// As [`decode`](Self::decode).
    pub fn decode_recorded(&self, event: &super::RecordedEvent) -> Result<E, CodecError> {
        self.decode(
            &event.event_type,
            event.schema_version,
            &event.payload,
            event.position,
        )
    }

    /// Decodes one stored event found at global `position` (named in errors), reading
    /// [`Personal`](crate::domain::Personal) values as stored.
    ///
    /// # Errors
    /// `CodecError::UnknownEventType`, `NewerSchemaVersion`, `MissingUpcaster`, `Upcast`
    /// or `Malformed`, each naming the type and `position`, never the payload.
    pub fn decode(
        &self,
        event_type: &str,
        schema_version: u16,
        payload: &[u8],
        position: u64,
    ) -> Result<E, CodecError> {
        let Some(&known) = self.known.get(event_type) else {
            return Err(CodecError::UnknownEventType {
                event_type: event_type.to_owned(),
                position,
            });
        };
        let malformed = |e: serde_json::Error| CodecError::Malformed {
            event_type: known.to_owned(),
            position,
            category: category(&e),
            line: e.line(),
            column: e.column(),
        };
        let current = E::schema_version(known);
        if schema_version > current {
            return Err(CodecError::NewerSchemaVersion {
                event_type: known.to_owned(),
                version: schema_version,
                current,
                position,
            });
        }
        let (mut value, opened) = match split_sealed(payload) {
            Some((inner, blob)) => {
                let opened = open_blob(blob, known).map_err(malformed)?;
                (serde_json::from_slice(inner).map_err(malformed)?, opened)
            }
            None => {
                let value: Value = serde_json::from_slice(payload).map_err(malformed)?;
                self.open_values(value, known).map_err(malformed)?
            }
        };
        for version in schema_version..current {
            let upcast = self
                .upcasters
                .get(&(known.to_owned(), version))
                .ok_or_else(|| CodecError::MissingUpcaster {
                    event_type: known.to_owned(),
                    version,
                    position,
                })?;
            value = upcast(value).map_err(|reason| CodecError::Upcast {
                event_type: known.to_owned(),
                version,
                position,
                reason,
            })?;
        }
        let tagged = if value.is_null() {
            Value::String(known.to_owned())
        } else {
            Value::Object([(known.to_owned(), value)].into_iter().collect())
        };
        seal::with_opened(opened, || {
            stored_form(|| serde_json::from_value(tagged)).map_err(malformed)
        })
    }

    /// The payload of an event whose personal values were sealed as one blob,
    /// with the blob opened under the key set on this thread (none once the key is
    /// destroyed: the values then read as erased); any other payload as it is.
    fn open_values(
        &self,
        value: Value,
        event_type: &str,
    ) -> Result<(Value, Option<seal::Opened>), serde_json::Error> {
        use serde::de::Error as _;
        let Value::Object(mut map) = value else {
            return Ok((value, None));
        };
        if map.len() != 2 || !map.contains_key(SEALED_VALUES) || !map.contains_key(SEALED_EVENT) {
            return Ok((Value::Object(map), None));
        }
        let event = map.remove(SEALED_EVENT).unwrap_or_default();
        let Some(Value::String(blob)) = map.remove(SEALED_VALUES) else {
            return Err(serde_json::Error::custom(
                "sealed values are not a sealed blob",
            ));
        };
        Ok((event, open_blob(&blob, event_type)?))
    }
}

/// The layout the codec writes a sealed event's payload in:
/// `{"sealed:event":<the event>,"sealed:values":"<blob>"}`.
const SEALED_HEAD: &[u8] = b"{\"sealed:event\":";
const SEALED_MIDDLE: &[u8] = b",\"sealed:values\":\"";
const SEALED_TAIL: &[u8] = b"\"}";

/// The inner event and the blob of a payload in the codec's sealed layout, found
/// without parsing the blob; `None` for any other payload (read as JSON).
fn split_sealed(payload: &[u8]) -> Option<(&[u8], &str)> {
    let body = payload
        .strip_prefix(SEALED_HEAD)?
        .strip_suffix(SEALED_TAIL)?;
    // The blob is the text after the last quote: base64 holds none.
    let quote = body.iter().rposition(|b| *b == b'"')?;
    let (inner, blob) = body.split_at(quote + 1);
    let inner = inner.strip_suffix(SEALED_MIDDLE)?;
    let blob = std::str::from_utf8(blob).ok()?;
    seal::is_sealed(blob).then_some((inner, blob))
}

/// An event's blob, opened under the key set on this thread; `None` once the key
/// is destroyed (its values then read as erased).
fn open_blob(blob: &str, event_type: &str) -> Result<Option<seal::Opened>, serde_json::Error> {
    use serde::de::Error as _;
    seal::current_key(|key| match key {
        Some(KeyState::Active(key)) => seal::open_stash(key, blob, event_type.as_bytes())
            .map(Some)
            .map_err(|e| serde_json::Error::custom(e.to_string())),
        Some(KeyState::Destroyed) => Ok(None),
        None => Err(serde_json::Error::custom(
            "sealed personal values are read without their subject's key",
        )),
    })
}

/// The payload keys of an event whose personal values are sealed as one blob:
/// the blob, and the event with a reference in each value's place. No event's own
/// field is named so (field names hold no colon).
const SEALED_VALUES: &str = "sealed:values";
const SEALED_EVENT: &str = "sealed:event";

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    enum Ev {
        Named { name: String, age: u8 },
        Closed,
    }

    impl DomainEvent for Ev {
        fn schema_version(event_type: &str) -> u16 {
            if event_type == "Named" { 2 } else { 1 }
        }
    }

    fn codec() -> Codec<Ev> {
        // Version 1 of Named had `years` instead of `age`.
        Codec::new().with_upcaster("Named", 1, |mut v| {
            let years = v
                .as_object_mut()
                .and_then(|o| o.remove("years"))
                .ok_or(UpcastError("no years field"))?;
            v["age"] = years;
            Ok(v)
        })
    }

    #[test]
    fn round_trips_struct_and_unit_variants() {
        let c = codec();
        for ev in [
            Ev::Named {
                name: "A".into(),
                age: 3,
            },
            Ev::Closed,
        ] {
            let enc = c.encode(&ev).unwrap();
            let back = c
                .decode(&enc.event_type, enc.schema_version, &enc.payload, 1)
                .unwrap();
            assert_eq!(back, ev);
        }
    }

    #[test]
    fn upcasts_an_older_payload() {
        let back = codec()
            .decode("Named", 1, br#"{"name":"A","years":40}"#, 7)
            .unwrap();
        assert_eq!(
            back,
            Ev::Named {
                name: "A".into(),
                age: 40
            }
        );
    }

    #[test]
    fn unknown_types_and_versions_are_typed_errors_naming_the_position() {
        let c = codec();
        assert_eq!(
            c.decode("Vanished", 1, b"{}", 9),
            Err(CodecError::UnknownEventType {
                event_type: "Vanished".into(),
                position: 9
            })
        );
        assert!(matches!(
            c.decode("Named", 3, b"{}", 10),
            Err(CodecError::NewerSchemaVersion { position: 10, .. })
        ));
        assert!(matches!(
            Codec::<Ev>::new().decode("Named", 1, b"{}", 11),
            Err(CodecError::MissingUpcaster {
                position: 11,
                version: 1,
                ..
            })
        ));
    }

    #[test]
    fn malformed_payload_errors_never_quote_the_payload() {
        let err = codec()
            .decode("Named", 2, br#"{"name":"Secret Person","age":"x"}"#, 4)
            .unwrap_err();
        assert!(matches!(err, CodecError::Malformed { position: 4, .. }));
        assert!(!err.to_string().contains("Secret"));
        assert!(!err.to_string().contains("\"x\""));
    }
}
