//! The store contract every backend meets, and the errors it reports.
//!
//! # The contract (checked, sentence by sentence, by the `testkit` conformance kit)
//!
//! - **Atomic appends.** [`EventStore::append`] writes all events of one call or none.
//!   The expected-version check and the write are one step: of two appends racing
//!   with the same expected version, exactly one succeeds and the other gets
//!   [`StoreError::WrongExpectedVersion`] with nothing written.
//! - **Stream order.** A stream's versions run 1, 2, 3, … with no gaps.
//! - **Global order.** Every event gets a global position 1, 2, 3, … with no gaps,
//!   strictly increasing in commit order across all streams, so a reader that has
//!   seen position `p` has seen every event before it.
//! - **Empty appends** are refused with [`StoreError::EmptyAppend`], before any other check.
//! - **Idempotency.** An append with an [`IdempotencyKey`] already used returns the
//!   first append's [`AppendResult`] and writes nothing. The same key on another
//!   stream is [`StoreError::IdempotencyKeyReused`].
//! - **Reads.** Reads from any version or position return the events at and after
//!   it, in order, at most `limit` of them (bounded memory).
//! - **Durability** is the backend's documented choice; an acknowledged append is
//!   never partly visible.
//! - **Damage** is reported as [`StoreError::Corrupt`], never a panic, never skipped.

use serde::{Deserialize, Serialize};

use super::envelope::{NewEvent, RecordedEvent, StreamId};
use super::error::{ErrorKind, ServiceError};

/// What the appender believes the stream's version to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExpectedVersion {
    /// Append whatever the version.
    Any,
    /// The stream must have no events.
    NoStream,
    /// The stream's last version must be exactly this (`Exact(0)` is the same as `NoStream`).
    Exact(u64),
}

impl ExpectedVersion {
    /// Whether a stream at `actual` (0 = no events) satisfies this expectation.
    pub fn admits(self, actual: u64) -> bool {
        match self {
            Self::Any => true,
            Self::NoStream => actual == 0,
            Self::Exact(v) => actual == v,
        }
    }
}

/// A caller's key that makes an append happen at most once (e.g. a command id
/// from a retried HTTP request). Must not hold personal data: it is stored as a key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IdempotencyKey(pub String);

/// Where an append put its events.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AppendResult {
    /// The stream appended to.
    pub stream: StreamId,
    /// Version of the first event appended.
    pub first_version: u64,
    /// Version of the last event appended: the stream's version after the append.
    pub last_version: u64,
    /// Global position of the first event appended.
    pub first_position: u64,
    /// Global position of the last event appended.
    pub last_position: u64,
}

/// A cached state of one stream at a version. Snapshots are a cache: the events are
/// the truth, and a snapshot of another schema is ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The stream version the state includes.
    pub version: u64,
    /// The schema version of `state`.
    pub schema: u32,
    /// The encoded state.
    pub state: Vec<u8>,
}

/// Why a store operation failed. Messages carry stream ids and positions, never
/// payloads or idempotency keys.
///
/// Each variant has a stable code and a kind ([`ServiceError`]): a lock held
/// elsewhere and I/O failures are `Unavailable` (try later); damage and formats this
/// code does not read are `Corrupt` (an operator's matter).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The stream's version is not what the appender expected; nothing was written.
    #[error("stream {stream} is at version {actual}, not the expected {expected:?}")]
    WrongExpectedVersion {
        /// The stream appended to.
        stream: StreamId,
        /// What the appender expected.
        expected: ExpectedVersion,
        /// The stream's actual version.
        actual: u64,
    },
    /// An append of no events.
    #[error("an append must hold at least one event")]
    EmptyAppend,
    /// The idempotency key was used for an append to another stream.
    #[error("the idempotency key was already used on stream {first_stream}")]
    IdempotencyKeyReused {
        /// The stream the key was first used on.
        first_stream: StreamId,
    },
    /// A stored record failed its integrity check or does not decode.
    #[error("corrupt record at global position {position}")]
    Corrupt {
        /// The global position of the first event of the damaged record.
        position: u64,
    },
    /// A stored record outside the log (index, snapshot, checkpoint, metadata) is damaged.
    #[error("corrupt {what} record")]
    CorruptRecord {
        /// Which kind of record.
        what: &'static str,
    },
    /// The store was written in a format version this code does not read: a newer
    /// one, or an older one that no migration covers.
    #[error("store format version {found} is not the version {supported} this code reads")]
    UnsupportedFormat {
        /// The version found on disk.
        found: u32,
        /// The version this code reads.
        supported: u32,
    },
    /// The backend's own files are of a version or configuration this code does not
    /// open (e.g. written by another version of the storage engine).
    #[error(
        "the storage backend's files are of a version or configuration this code does not open"
    )]
    UnsupportedBackendFormat(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Another process (or another open handle) holds the store's lock.
    #[error("the store is locked by another process")]
    Locked,
    /// Reading or writing the storage failed. The message names the kind of failure
    /// only; the source has the operating system's message.
    #[error("storage I/O failed ({:?})", .0.kind())]
    Io(#[source] std::io::Error),
    /// The storage backend failed in another way.
    #[error("storage backend failed")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ServiceError for StoreError {
    fn code(&self) -> &'static str {
        match self {
            Self::WrongExpectedVersion { .. } => "wrong_expected_version",
            Self::EmptyAppend => "empty_append",
            Self::IdempotencyKeyReused { .. } => "idempotency_key_reused",
            Self::Corrupt { .. } => "corrupt_log_record",
            Self::CorruptRecord { .. } => "corrupt_record",
            Self::UnsupportedFormat { .. } => "unsupported_store_format",
            Self::UnsupportedBackendFormat(_) => "unsupported_backend_format",
            Self::Locked => "store_locked",
            Self::Io(_) => "store_io",
            Self::Backend(_) => "store_backend",
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::WrongExpectedVersion { .. } | Self::IdempotencyKeyReused { .. } => {
                ErrorKind::Conflict
            }
            Self::EmptyAppend => ErrorKind::Invalid,
            Self::Corrupt { .. }
            | Self::CorruptRecord { .. }
            | Self::UnsupportedFormat { .. }
            | Self::UnsupportedBackendFormat(_) => ErrorKind::Corrupt,
            Self::Locked | Self::Io(_) | Self::Backend(_) => ErrorKind::Unavailable,
        }
    }
}

/// An append-only store of event streams with a global, gap-free log.
pub trait EventStore: Send + Sync {
    /// Appends `events` to `stream` atomically if its version admits `expected`.
    /// With an `idempotency_key` already used on this stream, returns that first
    /// append's result and writes nothing.
    ///
    /// # Errors
    /// `EmptyAppend` for no events; `WrongExpectedVersion` when the stream's version
    /// does not admit `expected`; `IdempotencyKeyReused` when the key was used on another
    /// stream (nothing written in each case); `Corrupt` when the stream or the log's end
    /// is damaged; `Locked`, `Io` or `Backend` when the backend fails.
    fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
        idempotency_key: Option<&IdempotencyKey>,
    ) -> Result<AppendResult, StoreError>;

    /// The result of the append that used `key`, if any.
    ///
    /// # Errors
    /// `Io` or `Backend` when the backend fails.
    fn idempotent_result(&self, key: &IdempotencyKey) -> Result<Option<AppendResult>, StoreError>;

    /// At most `limit` events of `stream` from version `from_version` (1 = the start).
    ///
    /// # Errors
    /// `Corrupt` when a record of the stream is damaged; `Io` or `Backend` when the
    /// backend fails.
    fn read_stream(
        &self,
        stream: &StreamId,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError>;

    /// At most `limit` events of the global log from `from_position` (1 = the start).
    ///
    /// # Errors
    /// `Corrupt` when a record in the range is damaged; `Io` or `Backend` when the
    /// backend fails.
    fn read_all(&self, from_position: u64, limit: usize) -> Result<Vec<RecordedEvent>, StoreError>;

    /// The stream's version: its last event's version, 0 when it has none.
    ///
    /// # Errors
    /// `Corrupt` when a record of the stream is damaged; `Io` or `Backend` when the
    /// backend fails.
    fn stream_version(&self, stream: &StreamId) -> Result<u64, StoreError>;

    /// The position of the last event in the log, 0 when empty.
    ///
    /// # Errors
    /// `Corrupt` when the last record is damaged; `Io` or `Backend` when the backend fails.
    fn head_position(&self) -> Result<u64, StoreError>;
}

/// Stores the latest snapshot of each stream.
pub trait SnapshotStore: Send + Sync {
    /// Replaces the stream's snapshot.
    ///
    /// # Errors
    /// `Io` or `Backend` when the backend fails.
    fn save_snapshot(&self, stream: &StreamId, snapshot: &Snapshot) -> Result<(), StoreError>;
    /// The stream's latest snapshot, if any.
    ///
    /// # Errors
    /// `CorruptRecord` when the stored snapshot is damaged; `Io` or `Backend` when the
    /// backend fails.
    fn load_snapshot(&self, stream: &StreamId) -> Result<Option<Snapshot>, StoreError>;
}

/// Stores how far each named projection has read the global log.
pub trait CheckpointStore: Send + Sync {
    /// Records that `projection` has handled every event up to `position`.
    ///
    /// # Errors
    /// `Io` or `Backend` when the backend fails.
    fn save_checkpoint(&self, projection: &str, position: u64) -> Result<(), StoreError>;
    /// The last position `projection` handled, if it ever saved one.
    ///
    /// # Errors
    /// `CorruptRecord` when the stored checkpoint is damaged; `Io` or `Backend` when the
    /// backend fails.
    fn load_checkpoint(&self, projection: &str) -> Result<Option<u64>, StoreError>;
}

macro_rules! forward_store_traits {
    ($($wrapper:ty),*) => {$(
        impl<T: EventStore + ?Sized> EventStore for $wrapper {
            fn append(&self, stream: &StreamId, expected: ExpectedVersion, events: Vec<NewEvent>, key: Option<&IdempotencyKey>) -> Result<AppendResult, StoreError> {
                (**self).append(stream, expected, events, key)
            }
            fn idempotent_result(&self, key: &IdempotencyKey) -> Result<Option<AppendResult>, StoreError> {
                (**self).idempotent_result(key)
            }
            fn read_stream(&self, stream: &StreamId, from_version: u64, limit: usize) -> Result<Vec<RecordedEvent>, StoreError> {
                (**self).read_stream(stream, from_version, limit)
            }
            fn read_all(&self, from_position: u64, limit: usize) -> Result<Vec<RecordedEvent>, StoreError> {
                (**self).read_all(from_position, limit)
            }
            fn stream_version(&self, stream: &StreamId) -> Result<u64, StoreError> {
                (**self).stream_version(stream)
            }
            fn head_position(&self) -> Result<u64, StoreError> {
                (**self).head_position()
            }
        }
        impl<T: SnapshotStore + ?Sized> SnapshotStore for $wrapper {
            fn save_snapshot(&self, stream: &StreamId, snapshot: &Snapshot) -> Result<(), StoreError> {
                (**self).save_snapshot(stream, snapshot)
            }
            fn load_snapshot(&self, stream: &StreamId) -> Result<Option<Snapshot>, StoreError> {
                (**self).load_snapshot(stream)
            }
        }
        impl<T: CheckpointStore + ?Sized> CheckpointStore for $wrapper {
            fn save_checkpoint(&self, projection: &str, position: u64) -> Result<(), StoreError> {
                (**self).save_checkpoint(projection, position)
            }
            fn load_checkpoint(&self, projection: &str) -> Result<Option<u64>, StoreError> {
                (**self).load_checkpoint(projection)
            }
        }
    )*};
}

forward_store_traits!(&T, std::sync::Arc<T>, Box<T>);

/// Reads the global log from a position in pages of bounded size, as an iterator.
///
/// Memory stays bounded by the page size however long the log is.
pub struct GlobalLog<'a, S: EventStore + ?Sized> {
    store: &'a S,
    next: u64,
    page: std::vec::IntoIter<RecordedEvent>,
    page_size: usize,
    done: bool,
}

impl<'a, S: EventStore + ?Sized> GlobalLog<'a, S> {
    /// Reads `store`'s log from `from_position`, `page_size` events at a time.
    pub fn new(store: &'a S, from_position: u64, page_size: usize) -> Self {
        Self {
            store,
            next: from_position.max(1),
            page: Vec::new().into_iter(),
            page_size: page_size.max(1),
            done: false,
        }
    }
}

impl<S: EventStore + ?Sized> Iterator for GlobalLog<'_, S> {
    type Item = Result<RecordedEvent, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(event) = self.page.next() {
            return Some(Ok(event));
        }
        if self.done {
            return None;
        }
        match self.store.read_all(self.next, self.page_size) {
            Ok(page) if page.is_empty() => {
                self.done = true;
                None
            }
            Ok(page) => {
                self.next = page.last().map_or(self.next, |e| e.position + 1);
                self.page = page.into_iter();
                self.page.next().map(Ok)
            }
            Err(e) => {
                // An error ends the iteration: a reader must not skip past damage.
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
