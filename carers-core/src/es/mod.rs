//! The event-sourcing engine: domain-agnostic, synchronous and free of I/O.
//!
//! The flow of a command:
//!
//! ```text
//! Command + Context --Aggregate::decide--> Vec<Event> | domain error (nothing appended)
//!   --Codec::encode--> NewEvent --EventStore::append(expected version)--> AppendResult
//!   --Aggregate::apply--> state;  EventStore::read_all(checkpoint) --> Projection
//! ```
//!
//! [`Repository`] runs that flow; [`MemoryStore`] is the in-memory store; the
//! `testkit` feature adds the store conformance kit and a given/when/then helper.
//!
//! Serialisation writes personal values redacted unless inside [`form::stored_form`]
//! (the codec and the repository's snapshots use it) or [`form::revealed`] (a
//! caller who means to show personal data).
//!
//! Every error has a stable code and an [`ErrorKind`] ([`ServiceError`]); the
//! [`error`] module gives the table from kind to HTTP status.

pub mod access;
pub mod aggregate;
pub mod audit;
pub mod codec;
pub mod envelope;
pub mod error;
pub mod form;
pub mod key_record;
pub mod memory;
pub mod payload;
pub mod projection;
pub mod repository;
#[cfg(any(test, feature = "testkit"))]
pub mod scenario;
pub mod seal;
pub mod store;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
pub mod timeline;
mod variants;

pub use access::{AccessPolicy, Denied, Request, Unrestricted};
pub use aggregate::{Actor, ActorId, Aggregate, Context, OrganisationId, Role, stream_of};
pub use audit::{AuditEvent, ReadPurpose, ReadRecord};
pub use codec::{Codec, CodecError, DomainEvent, EncodedEvent, UpcastError, Upcaster};
pub use envelope::{Metadata, NewEvent, RecordedEvent, StreamId, StreamIdError};
pub use error::{ErrorKind, ServiceError};
pub use memory::MemoryStore;
pub use projection::{AsOf, CatchUp, Projection, ProjectionError, ProjectionRunner};
pub use repository::{
    Created, Executed, Loaded, MAX_ACTOR_FIELD_LEN, MAX_LINKS, RepoError, Repository,
    SnapshotPolicy,
};
pub use seal::{DataKey, KeyState, KeyStore};
pub use store::{
    AppendResult, CheckpointStore, EventStore, ExpectedVersion, Fingerprint, GlobalLog,
    Idempotency, IdempotencyKey, IdempotencyKeyError, KeyedAppend, Snapshot, SnapshotStore,
    StoreError, StreamEvents,
};
pub use timeline::TimelineEntry;
