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
//! - **Idempotency.** An append may carry an [`Idempotency`]: a key with the
//!   [`Fingerprint`] of the request it stands for. An append with a key already used
//!   on the same stream with the same fingerprint returns the first append's
//!   [`AppendResult`] and writes nothing; with another fingerprint it is
//!   [`StoreError::IdempotencyKeyConflict`] and writes nothing (a key never skips a
//!   different request). The same key on another stream is
//!   [`StoreError::IdempotencyKeyReused`], whatever the fingerprint. These checks
//!   come before the expected-version check, and a refused append does not use its
//!   key. [`EventStore::idempotent_result`] returns the first append with its
//!   fingerprint ([`KeyedAppend`]), so a caller can find the stream a key created.
//! - **Reads.** Reads from any version or position return the events at and after
//!   it, in order, at most `limit` of them (bounded memory).
//! - **Durability** is the backend's documented choice; an acknowledged append is
//!   never partly visible.
//! - **Damage** is reported as [`StoreError::Corrupt`], never a panic, never skipped.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

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
/// from a retried HTTP request, or the `Idempotency-Key` header).
///
/// It is stored as a key, so it must never hold personal data: like a
/// [`StreamId`], it is 1 to [`IdempotencyKey::MAX_LEN`] bytes of ASCII letters,
/// digits and `-_:.`, which keeps names, dates of birth and free text out by
/// construction. [`IdempotencyKey::new`] and `Deserialize` both check it.
///
/// ```
/// use carers_core::es::{IdempotencyKey, IdempotencyKeyError};
/// assert!(IdempotencyKey::new("7f1c-register").is_ok());
/// assert_eq!(
///     IdempotencyKey::new("Jane Smith DOB 01/02/1970"),
///     Err(IdempotencyKeyError::Character)
/// );
/// assert!(serde_json::from_str::<IdempotencyKey>(r#""a\u0000b""#).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

/// Why a string is not a valid [`IdempotencyKey`]. Carries no part of the string.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdempotencyKeyError {
    /// Empty, or longer than [`IdempotencyKey::MAX_LEN`] bytes.
    #[error("an idempotency key must be 1 to {max} bytes long, not {len}", max = IdempotencyKey::MAX_LEN)]
    Length {
        /// The length that was given.
        len: usize,
    },
    /// Holds a character outside ASCII letters, digits and `-_:.`.
    #[error("an idempotency key may hold only ASCII letters, digits and -_:.")]
    Character,
}

impl ServiceError for IdempotencyKeyError {
    fn code(&self) -> &'static str {
        match self {
            Self::Length { .. } => "idempotency_key_length",
            Self::Character => "idempotency_key_character",
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::Length { .. } | Self::Character => ErrorKind::Invalid,
        }
    }
}

impl IdempotencyKey {
    /// The longest key, in bytes (as for a [`StreamId`]).
    pub const MAX_LEN: usize = StreamId::MAX_LEN;

    /// Checks and wraps a key.
    ///
    /// # Errors
    /// `IdempotencyKeyError::Length` for an empty or too long key, `Character` for
    /// a character outside the alphabet (spaces, `/`, NUL, non-ASCII).
    pub fn new(s: impl Into<String>) -> Result<Self, IdempotencyKeyError> {
        let s = s.into();
        if s.is_empty() || s.len() > Self::MAX_LEN {
            return Err(IdempotencyKeyError::Length { len: s.len() });
        }
        if !super::envelope::in_id_alphabet(&s) {
            return Err(IdempotencyKeyError::Character);
        }
        Ok(Self(s))
    }

    /// The key as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = IdempotencyKeyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl From<IdempotencyKey> for String {
    fn from(k: IdempotencyKey) -> Self {
        k.0
    }
}

/// A fingerprint of the request an idempotency key stands for: SHA-256 over the
/// request's canonical `serde_json` encoding ([`Fingerprint::of`]). Stored with the
/// key, so that a key reused for another request is refused instead of answered
/// with the first request's events.
///
/// It is a hash of a command, which may hold personal data: like the events, it is
/// stored, but no error message carries it, and its `Debug` shows 4 bytes only.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// SHA-256 of `value`'s `serde_json` encoding in the stored form
    /// ([`stored_form`](super::form::stored_form)): personal values count, so two
    /// commands that differ only in one never share a fingerprint. Derived
    /// `Serialize` impls encode fields in declaration order, so equal values give
    /// equal fingerprints; a value holding a `HashMap` or `HashSet` (iteration order
    /// varies) must not be used.
    ///
    /// ```
    /// use carers_core::es::Fingerprint;
    /// assert_eq!(Fingerprint::of(&("add", 2)).unwrap(), Fingerprint::of(&("add", 2)).unwrap());
    /// assert_ne!(Fingerprint::of(&("add", 2)).unwrap(), Fingerprint::of(&("add", 3)).unwrap());
    /// ```
    ///
    /// # Errors
    /// The value's `Serialize` impl failed (e.g. a map with non-string keys).
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        let mut hasher = Sha256::new();
        super::form::stored_form(|| serde_json::to_writer(&mut hasher, value))?;
        Ok(Self(hasher.finalize().into()))
    }

    /// HMAC-SHA-256 under the subject's data `key` of `value`'s `serde_json`
    /// encoding with personal values in clear: what the repository stores with an
    /// idempotency key. Keyed, it reveals nothing about the command to someone who
    /// guesses its content (an unkeyed hash of a name can be checked against a list
    /// of names), and once the key is destroyed it is linked to nothing.
    ///
    /// # Errors
    /// As [`Fingerprint::of`].
    pub fn keyed<T: Serialize + ?Sized>(
        key: &super::seal::DataKey,
        value: &T,
    ) -> Result<Self, serde_json::Error> {
        // A key of its own, derived from the data key: one key, one algorithm.
        let clear = zeroize::Zeroizing::new(super::form::revealed(|| serde_json::to_vec(value))?);
        Ok(Self(key.derive(b"carers fingerprint v1").mac(&clear)))
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [a, b, c, d, ..] = self.0;
        write!(f, "Fingerprint({a:02x}{b:02x}{c:02x}{d:02x}..)")
    }
}

/// An idempotency key with the fingerprint of the request it stands for: what an
/// append carries to happen at most once.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Idempotency {
    /// The caller's key.
    pub key: IdempotencyKey,
    /// The fingerprint of the request made with it.
    pub fingerprint: Fingerprint,
}

/// The append an idempotency key made, and the fingerprint it was made with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyedAppend {
    /// Where the append put its events.
    pub append: AppendResult,
    /// The fingerprint stored with the key.
    pub fingerprint: Fingerprint,
}

impl KeyedAppend {
    /// What the contract says an append with this key (already used) gets: on
    /// `stream` with the same `fingerprint`, the first append's result; with another
    /// fingerprint, [`StoreError::IdempotencyKeyConflict`]; on another stream,
    /// [`StoreError::IdempotencyKeyReused`]. For store implementations.
    ///
    /// # Errors
    /// As above: the key stands for another request.
    pub fn answer(
        &self,
        stream: &StreamId,
        fingerprint: Fingerprint,
    ) -> Result<AppendResult, StoreError> {
        if &self.append.stream != stream {
            return Err(StoreError::IdempotencyKeyReused {
                first_stream: self.append.stream.clone(),
            });
        }
        if self.fingerprint != fingerprint {
            return Err(StoreError::IdempotencyKeyConflict {
                stream: stream.clone(),
            });
        }
        Ok(self.append.clone())
    }
}

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
/// the truth, and a snapshot of another schema is ignored. The state is in the
/// stored form (personal values in clear): `Debug` shows its length only, and
/// serialisation withholds it as it does an event's payload
/// ([`payload`](super::payload)).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The stream version the state includes.
    pub version: u64,
    /// The schema version of `state`.
    pub schema: u32,
    /// The encoded state.
    #[serde(with = "super::payload")]
    pub state: Vec<u8>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("version", &self.version)
            .field("schema", &self.schema)
            .field("state", &super::payload::PayloadLen(self.state.len()))
            .finish()
    }
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
    /// The idempotency key was already used on this stream for another request
    /// (another fingerprint); nothing was written.
    #[error("the idempotency key was already used on stream {stream} for another request")]
    IdempotencyKeyConflict {
        /// The stream the key was used on.
        stream: StreamId,
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
    /// The store cannot be reached now (e.g. the runtime that runs its blocking
    /// work is shutting down, or its server is down); the operation did not run.
    /// Retry later with the same idempotency key.
    #[error("the store is unavailable: {reason}")]
    Unavailable {
        /// Why, in words that name no data.
        reason: &'static str,
    },
    /// The subject's data key was destroyed (its personal data erased): nothing is
    /// sealed for it any more.
    #[error("the data key of {subject} was destroyed: its personal data is erased")]
    KeyDestroyed {
        /// The subject (a stream).
        subject: StreamId,
    },
}

impl ServiceError for StoreError {
    fn code(&self) -> &'static str {
        match self {
            Self::WrongExpectedVersion { .. } => "wrong_expected_version",
            Self::EmptyAppend => "empty_append",
            Self::IdempotencyKeyReused { .. } => "idempotency_key_reused",
            Self::IdempotencyKeyConflict { .. } => "store_idempotency_key_conflict",
            Self::Corrupt { .. } => "corrupt_log_record",
            Self::CorruptRecord { .. } => "corrupt_record",
            Self::UnsupportedFormat { .. } => "unsupported_store_format",
            Self::UnsupportedBackendFormat(_) => "unsupported_backend_format",
            Self::Locked => "store_locked",
            Self::Io(_) => "store_io",
            Self::Backend(_) => "store_backend",
            Self::Unavailable { .. } => "store_unavailable",
            Self::KeyDestroyed { .. } => "data_key_destroyed",
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::WrongExpectedVersion { .. }
            | Self::IdempotencyKeyReused { .. }
            | Self::IdempotencyKeyConflict { .. }
            | Self::KeyDestroyed { .. } => ErrorKind::Conflict,
            Self::EmptyAppend => ErrorKind::Invalid,
            Self::Corrupt { .. }
            | Self::CorruptRecord { .. }
            | Self::UnsupportedFormat { .. }
            | Self::UnsupportedBackendFormat(_) => ErrorKind::Corrupt,
            Self::Locked | Self::Io(_) | Self::Backend(_) | Self::Unavailable { .. } => {
                ErrorKind::Unavailable
            }
        }
    }
}

/// An append-only store of event streams with a global, gap-free log.
pub trait EventStore: Send + Sync {
    /// Appends `events` to `stream` atomically if its version admits `expected`.
    /// With an `idempotency` key already used on this stream with the same
    /// fingerprint, returns that first append's result and writes nothing; with
    /// another fingerprint, [`StoreError::IdempotencyKeyConflict`]; on another
    /// stream, [`StoreError::IdempotencyKeyReused`].
    ///
    /// # Errors
    /// `EmptyAppend` for no events; `WrongExpectedVersion` when the stream's version
    /// does not admit `expected`; `IdempotencyKeyConflict` or `IdempotencyKeyReused`
    /// as above (nothing written in each case); `Corrupt` when the stream or the
    /// log's end is damaged; `Locked`, `Io` or `Backend` when the backend fails.
    fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
        idempotency: Option<&Idempotency>,
    ) -> Result<AppendResult, StoreError>;

    /// The append that used `key`, with the fingerprint it was used with, if any.
    ///
    /// # Errors
    /// `Io` or `Backend` when the backend fails.
    fn idempotent_result(&self, key: &IdempotencyKey) -> Result<Option<KeyedAppend>, StoreError>;

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
            fn append(&self, stream: &StreamId, expected: ExpectedVersion, events: Vec<NewEvent>, key: Option<&Idempotency>) -> Result<AppendResult, StoreError> {
                (**self).append(stream, expected, events, key)
            }
            fn idempotent_result(&self, key: &IdempotencyKey) -> Result<Option<KeyedAppend>, StoreError> {
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

/// What the two paged readers share: the cursor, the page in hand, and the rule
/// that an error ends the iteration after it is yielded (a reader never skips past
/// damage).
struct Pages {
    next: u64,
    page: std::vec::IntoIter<RecordedEvent>,
    page_size: usize,
    /// A short page is the end (streams); else only an empty one is (the log).
    short_page_ends: bool,
    done: bool,
}

impl Pages {
    fn new(from: u64, page_size: usize, short_page_ends: bool) -> Self {
        Self {
            next: from.max(1),
            page: Vec::new().into_iter(),
            page_size: page_size.max(1),
            short_page_ends,
            done: false,
        }
    }

    /// The next event, reading the page at the cursor with `read` when the page in
    /// hand is spent; `cursor` is the cursor an event stands at.
    fn next(
        &mut self,
        read: impl FnOnce(u64, usize) -> Result<Vec<RecordedEvent>, StoreError>,
        cursor: fn(&RecordedEvent) -> u64,
    ) -> Option<Result<RecordedEvent, StoreError>> {
        if let Some(event) = self.page.next() {
            return Some(Ok(event));
        }
        if self.done {
            return None;
        }
        match read(self.next, self.page_size) {
            Ok(page) => {
                self.done =
                    page.is_empty() || (self.short_page_ends && page.len() < self.page_size);
                self.next = page.last().map_or(self.next, |e| cursor(e) + 1);
                self.page = page.into_iter();
                self.page.next().map(Ok)
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Reads the global log from a position in pages of bounded size, as an iterator.
///
/// Memory stays bounded by the page size however long the log is.
pub struct GlobalLog<'a, S: EventStore + ?Sized> {
    store: &'a S,
    pages: Pages,
}

impl<'a, S: EventStore + ?Sized> GlobalLog<'a, S> {
    /// Reads `store`'s log from `from_position`, `page_size` events at a time.
    pub fn new(store: &'a S, from_position: u64, page_size: usize) -> Self {
        Self {
            store,
            pages: Pages::new(from_position, page_size, false),
        }
    }
}

impl<S: EventStore + ?Sized> Iterator for GlobalLog<'_, S> {
    type Item = Result<RecordedEvent, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        let store = self.store;
        self.pages
            .next(|from, n| store.read_all(from, n), |e| e.position)
    }
}

/// Reads one stream from a version in pages of bounded size, as an iterator: what
/// [`GlobalLog`] is for the log.
///
/// Memory stays bounded by the page size however long the stream is. An error
/// ends the iteration after it is yielded: a reader never skips past damage.
///
/// ```
/// use carers_core::es::{EventStore, ExpectedVersion, MemoryStore, StreamEvents, StreamId};
/// # use carers_core::testkit::events;
/// let store = MemoryStore::new();
/// let stream = StreamId::parse("case-1")?;
/// store.append(&stream, ExpectedVersion::NoStream, events(1, 5), None)?;
/// let versions: Vec<u64> = StreamEvents::new(&store, &stream, 2, 2)
///     .map(|e| e.map(|e| e.version))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(versions, [2, 3, 4, 5]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct StreamEvents<'a, S: EventStore + ?Sized> {
    store: &'a S,
    stream: StreamId,
    pages: Pages,
}

impl<'a, S: EventStore + ?Sized> StreamEvents<'a, S> {
    /// Reads `stream` in `store` from `from_version` (1 = the start), `page_size`
    /// events at a time.
    pub fn new(store: &'a S, stream: &StreamId, from_version: u64, page_size: usize) -> Self {
        Self {
            store,
            stream: stream.clone(),
            pages: Pages::new(from_version, page_size, true),
        }
    }
}

impl<S: EventStore + ?Sized> Iterator for StreamEvents<'_, S> {
    type Item = Result<RecordedEvent, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (store, stream) = (self.store, &self.stream);
        self.pages
            .next(|from, n| store.read_stream(stream, from, n), |e| e.version)
    }
}
