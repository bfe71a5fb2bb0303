//! A stream's history as a client reads it: each event decoded, with where, when
//! and by whom it was recorded.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::aggregate::Actor;
use super::envelope::RecordedEvent;

/// One event of a stream, decoded. Its JSON is the envelope's fields and the
/// event as its own `Serialize` writes it, so personal values are redacted unless
/// serialised inside [`revealed`](super::form::revealed):
///
/// ```json
/// { "version": 1, "position": 7, "event_id": "0193…", "event_type": "CarerIdentified",
///   "recorded_at": "2026-03-02T09:30:00Z",
///   "actor": { "id": "worker-1", "organisation": "carers-hub", "role": "support-worker" },
///   "command_id": "0193…",
///   "event": { "CarerIdentified": { "carer": "0193…", "details": { "name": "<personal>", … }, … } } }
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry<E> {
    /// Its version in the stream (from 1).
    pub version: u64,
    /// Its position in the global log (from 1).
    pub position: u64,
    /// The event's id.
    pub event_id: Uuid,
    /// The stored type name.
    pub event_type: Arc<str>,
    /// When the system learned the fact.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it.
    pub actor: Arc<Actor>,
    /// The command that recorded it (the events of one command share it).
    pub command_id: Uuid,
    /// The event itself.
    pub event: E,
}

impl<E> TimelineEntry<E> {
    /// The entry of `recorded`, decoded as `event`.
    pub fn new(recorded: &RecordedEvent, event: E) -> Self {
        Self {
            version: recorded.version,
            position: recorded.position,
            event_id: recorded.event_id,
            event_type: Arc::clone(&recorded.event_type),
            recorded_at: recorded.recorded_at,
            actor: Arc::clone(&recorded.metadata.actor),
            command_id: recorded.metadata.command_id,
            event,
        }
    }
}
