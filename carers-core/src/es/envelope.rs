//! What the store holds: stream names, events to append, and recorded events with
//! their metadata.

use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::aggregate::{Actor, Context};
use super::payload::PayloadLen;

/// The name of one stream: `category-<uuid>`, or any short id of ASCII letters,
/// digits and `-_:.`.
///
/// Cloning is cheap (a shared string): every recorded event carries its stream.
///
/// Stream names end up in store keys, so they must never hold personal data: the
/// restricted alphabet keeps names, addresses and free text out by construction.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StreamId(Arc<str>);

/// Why a string is not a valid [`StreamId`]. Carries no part of the string.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StreamIdError {
    /// Empty, or longer than [`StreamId::MAX_LEN`] bytes.
    #[error("a stream id must be 1 to {max} bytes long, not {len}", max = StreamId::MAX_LEN)]
    Length {
        /// The length that was given.
        len: usize,
    },
    /// Holds a character outside ASCII letters, digits and `-_:.`.
    #[error("a stream id may hold only ASCII letters, digits and -_:.")]
    Character,
}

impl super::error::ServiceError for StreamIdError {
    fn code(&self) -> &'static str {
        match self {
            Self::Length { .. } => "stream_id_length",
            Self::Character => "stream_id_character",
        }
    }

    fn kind(&self) -> super::error::ErrorKind {
        match self {
            Self::Length { .. } | Self::Character => super::error::ErrorKind::Invalid,
        }
    }
}

impl StreamId {
    /// The longest stream id, in bytes.
    pub const MAX_LEN: usize = 128;

    /// The stream of one entity: `category-<uuid>`.
    ///
    /// # Panics
    /// Never for categories of ASCII letters, digits and `-_:.` up to 90 bytes: the
    /// uuid adds 37 characters of the allowed alphabet.
    pub fn for_entity(category: &str, id: Uuid) -> Self {
        Self::parse(format!("{category}-{id}")).expect(
            "category is a code constant of the allowed alphabet and a uuid is 36 ASCII chars",
        )
    }

    /// Checks and wraps a stream name.
    ///
    /// # Errors
    /// `StreamIdError::Length` for an empty or too long name, `Character` for a
    /// character outside the alphabet.
    pub fn parse(s: impl Into<String>) -> Result<Self, StreamIdError> {
        let s = s.into();
        if s.is_empty() || s.len() > Self::MAX_LEN {
            return Err(StreamIdError::Length { len: s.len() });
        }
        if !in_id_alphabet(&s) {
            return Err(StreamIdError::Character);
        }
        Ok(Self(s.into()))
    }

    /// The name as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The entity id of a `category-<uuid>` stream ([`StreamId::for_entity`]):
    /// `None` for another category or a name that is not an entity's stream.
    pub fn entity_id(&self, category: &str) -> Option<Uuid> {
        let id = self.0.strip_prefix(category)?.strip_prefix('-')?;
        Uuid::parse_str(id).ok()
    }

    /// The category: the part before the first `-`.
    pub fn category(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

/// Whether `s` holds only ASCII letters, digits and `-_:.` (the alphabet of stream
/// ids and idempotency keys).
pub(crate) fn in_id_alphabet(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
}

impl TryFrom<String> for StreamId {
    type Error = StreamIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<StreamId> for String {
    fn from(s: StreamId) -> Self {
        s.0.as_ref().to_owned()
    }
}

impl std::fmt::Display for StreamId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who recorded an event, and the piece of work it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// Who acted.
    pub actor: Arc<Actor>,
    /// Ties together the events of one piece of work across streams.
    pub correlation_id: Uuid,
    /// The event or message that caused this one, if any.
    pub causation_id: Option<Uuid>,
    /// The command that produced this event (all events of one command share it).
    pub command_id: Uuid,
}

impl Metadata {
    /// The metadata of the events of one command decided in `ctx`.
    pub fn from_context(ctx: &Context, command_id: Uuid) -> Self {
        Self {
            actor: Arc::clone(&ctx.actor),
            correlation_id: ctx.correlation_id,
            causation_id: ctx.causation_id,
            command_id,
        }
    }
}

/// An encoded event about to be appended. `Debug` shows the payload's length,
/// never its bytes (they hold personal data in clear).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvent {
    /// Unique id (uuid v7, so ids sort by creation time).
    pub event_id: Uuid,
    /// The stable type name, e.g. `"CarerIdentified"` (shared: the names are few).
    pub event_type: Arc<str>,
    /// The schema version of the payload.
    pub schema_version: u16,
    /// The encoded payload (opaque to the store). Serialised as JSON only in the
    /// stored or revealed form, withheld otherwise (see [`super::payload`]).
    #[serde(with = "super::payload")]
    pub payload: Vec<u8>,
    /// When the system learned the fact (the command's clock reading).
    pub recorded_at: DateTime<Utc>,
    /// Who and why.
    pub metadata: Metadata,
}

/// An event as stored, with its place in its stream and in the global log.
/// `Debug` shows the payload's length, never its bytes (they hold personal data
/// in clear).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedEvent {
    /// The stream it belongs to.
    pub stream: StreamId,
    /// Its version in the stream: the first event is version 1, with no gaps.
    pub version: u64,
    /// Its position in the global log: the first event is position 1, with no gaps.
    pub position: u64,
    /// Unique id (uuid v7).
    pub event_id: Uuid,
    /// The stable type name (shared: the names are few).
    pub event_type: Arc<str>,
    /// The schema version of the payload.
    pub schema_version: u16,
    /// The encoded payload. Shared: a store may hand out slices of one buffer for
    /// all the events of a read, so keeping one event keeps that buffer; copy the
    /// payload (`Bytes::copy_from_slice`) to keep it alone for long. Serialised as
    /// JSON only in the stored or revealed form, withheld otherwise (see
    /// [`super::payload`]).
    #[serde(with = "super::payload::shared")]
    pub payload: Bytes,
    /// When the system learned the fact.
    pub recorded_at: DateTime<Utc>,
    /// Who and why.
    pub metadata: Metadata,
}

impl RecordedEvent {
    /// The recorded form of `event`, placed at `version` in `stream` and `position` in the log.
    pub fn new(stream: StreamId, version: u64, position: u64, event: NewEvent) -> Self {
        Self {
            stream,
            version,
            position,
            event_id: event.event_id,
            event_type: event.event_type,
            schema_version: event.schema_version,
            payload: event.payload.into(),
            recorded_at: event.recorded_at,
            metadata: event.metadata,
        }
    }
}

impl std::fmt::Debug for NewEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewEvent")
            .field("event_id", &self.event_id)
            .field("event_type", &self.event_type)
            .field("schema_version", &self.schema_version)
            .field("payload", &PayloadLen(self.payload.len()))
            .field("recorded_at", &self.recorded_at)
            .field("metadata", &self.metadata)
            .finish()
    }
}

impl std::fmt::Debug for RecordedEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordedEvent")
            .field("stream", &self.stream)
            .field("version", &self.version)
            .field("position", &self.position)
            .field("event_id", &self.event_id)
            .field("event_type", &self.event_type)
            .field("schema_version", &self.schema_version)
            .field("payload", &PayloadLen(self.payload.len()))
            .field("recorded_at", &self.recorded_at)
            .field("metadata", &self.metadata)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_ids_refuse_spaces_and_non_ascii() {
        assert_eq!(StreamId::parse("Jane Doe"), Err(StreamIdError::Character));
        assert_eq!(StreamId::parse("carer-é"), Err(StreamIdError::Character));
        assert_eq!(StreamId::parse(""), Err(StreamIdError::Length { len: 0 }));
        assert!(StreamId::parse("x".repeat(129)).is_err());
        assert!(StreamId::parse("carer-0191b2c3").is_ok());
    }

    #[test]
    fn entity_streams_carry_their_category() {
        let id = StreamId::for_entity("carer", Uuid::now_v7());
        assert_eq!(id.category(), "carer");
    }

    #[test]
    fn an_entity_stream_gives_back_its_id_for_its_own_category_only() {
        let uuid = Uuid::now_v7();
        let id = StreamId::for_entity("carer", uuid);
        assert_eq!(id.entity_id("carer"), Some(uuid));
        assert_eq!(id.entity_id("care"), None);
        assert_eq!(id.entity_id("plan"), None);
        assert_eq!(
            StreamId::parse("carer-1")
                .ok()
                .and_then(|s| s.entity_id("carer")),
            None
        );
    }
}
