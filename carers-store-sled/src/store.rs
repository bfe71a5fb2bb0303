//! [`SledStore`]: the event store on sled trees.

use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

use carers_core::es::{
    AppendResult, CheckpointStore, EventStore, ExpectedVersion, Idempotency, IdempotencyKey,
    KeyedAppend, NewEvent, RecordedEvent, Snapshot, SnapshotStore, StoreError, StreamId,
};

use carers_core::es::{DataKey, KeyState, KeyStore};

use crate::config::{Config, Durability};
use crate::data_keys::DataKeys;
use crate::index::Index;
use crate::keys;
use crate::record::{self, Commit};

/// The on-disk format this code reads and writes: 3, whose commits store the
/// fingerprint of the request with its idempotency key. Older formats are refused
/// ([`StoreError::UnsupportedFormat`]), with no migration: version 1 (a log keyed by
/// position alone, with index trees on disk) was never released, and version 2
/// (keys without fingerprints) cannot say which request a key stood for.
pub const FORMAT_VERSION: u32 = 3;

/// Whether sled refused to open because another handle holds the directory's lock
/// (sled 0.34 reports it only as an I/O error with this message).
fn is_lock_held(e: &sled::Error) -> bool {
    matches!(e, sled::Error::Io(io) if io.to_string().contains("could not acquire lock"))
}

/// Tells sled's errors apart as the store contract names them; no sled type is
/// part of the public API (a source may be one, behind `dyn Error`).
pub(crate) fn backend(e: sled::Error) -> StoreError {
    if is_lock_held(&e) {
        return StoreError::Locked;
    }
    match e {
        sled::Error::Io(io) => StoreError::Io(io),
        sled::Error::Corruption { .. } => StoreError::CorruptRecord {
            what: "storage engine",
        },
        // sled reports files of an older sled, or opened with another
        // configuration, as an unsupported use.
        e @ sled::Error::Unsupported(_) => StoreError::UnsupportedBackendFormat(Box::new(e)),
        other => StoreError::Backend(Box::new(other)),
    }
}

/// How long `open` waits for sled's directory lock to be released.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Opens sled, waiting a bounded time for its directory lock: sled 0.34 releases the
/// lock of a dropped `Db` from a background thread a moment later (sled issues
/// #1234 and #1289), so an immediate reopen can find it still held. A lock held by
/// a live store outlasts the wait and is reported as [`StoreError::Locked`].
fn open_waiting_for_lock(config: &sled::Config) -> Result<sled::Db, StoreError> {
    let started = std::time::Instant::now();
    loop {
        match config.open() {
            Err(e) if is_lock_held(&e) && started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.map_err(backend),
        }
    }
}

/// A durable event store on sled. See the crate docs for layout, durability and
/// recovery.
///
/// One open store per directory: sled holds an exclusive lock on it. The handle is
/// cheap to clone (an `Arc` inside) and every clone is the same store, so share it
/// between threads and tasks by cloning; appends are serialised inside it, reads
/// run concurrently. The files are flushed and closed when the last clone drops.
#[derive(Clone)]
pub struct SledStore {
    shared: Arc<Shared>,
}

/// The one open store every clone of a [`SledStore`] handle shares.
struct Shared {
    db: sled::Db,
    log: sled::Tree,
    snapshots: sled::Tree,
    checkpoints: sled::Tree,
    keys: DataKeys,
    durability: Durability,
    /// Serialises appends: check, write and index update are one step under it.
    writer: Mutex<()>,
    /// Changed only under `writer`, read by everyone.
    index: RwLock<Index>,
}

impl std::fmt::Debug for SledStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SledStore")
            .field("durability", &self.shared.durability)
            .field("head", &self.index().head())
            .finish_non_exhaustive()
    }
}

impl SledStore {
    /// Opens (or creates) the store in the directory `path`, with [`Durability::Flush`].
    ///
    /// ```
    /// use carers_core::es::EventStore;
    /// use carers_store_sled::SledStore;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let store = SledStore::open(dir.path())?;
    /// assert_eq!(store.head_position()?, 0);
    /// // One open store per directory: a second open is refused while it lives.
    /// assert!(SledStore::open(dir.path()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`open_with`](Self::open_with).
    pub fn open(path: impl Into<std::path::PathBuf>) -> Result<Self, StoreError> {
        Self::open_with(Config::new(path))
    }

    /// A store in a temporary directory that is removed on drop (tests, examples).
    ///
    /// # Errors
    /// As [`open_with`](Self::open_with).
    pub fn temporary() -> Result<Self, StoreError> {
        Self::open_with(Config::temporary())
    }

    /// Opens the store as `config` says. Opening reads the header of every commit to
    /// build the in-memory index (see the crate docs for what that costs), and
    /// refuses a store of another format ([`StoreError::UnsupportedFormat`]) or a
    /// log with a hole ([`StoreError::Corrupt`]). A damaged commit does not fail the
    /// open: its stream is reported as corrupt when used.
    ///
    /// # Errors
    /// `Locked` when another process (or a live handle) holds the directory;
    /// `UnsupportedFormat` or `UnsupportedBackendFormat` for files of another format;
    /// `Corrupt` or `CorruptRecord` for a log with a hole, a commit out of order or a
    /// damaged format marker; `Io` when the files cannot be read or created.
    pub fn open_with(config: Config) -> Result<Self, StoreError> {
        let mut sled_config = sled::Config::new()
            .cache_capacity(config.cache_capacity)
            .flush_every_ms(config.flush_every_ms);
        sled_config = match &config.path {
            Some(path) => sled_config.path(path),
            None => sled_config.temporary(true),
        };
        let db = open_waiting_for_lock(&sled_config)?;
        let tree = |name: &str| db.open_tree(name).map_err(backend);
        let log = tree("log")?;
        let meta = tree("meta")?;
        check_format(&meta, &log)?;
        DataKeys::check_kek(&meta, config.key_encryption_key.as_ref())?;
        let index = Index::build(&log)?;
        let data_keys = DataKeys::new(tree("keys")?, config.key_encryption_key.clone());
        data_keys.wrap_plain_keys()?;
        Ok(Self {
            shared: Arc::new(Shared {
                log,
                snapshots: tree("snapshots")?,
                checkpoints: tree("checkpoints")?,
                keys: data_keys,
                db,
                durability: config.durability,
                writer: Mutex::new(()),
                index: RwLock::new(index),
            }),
        })
    }

    fn index(&self) -> RwLockReadGuard<'_, Index> {
        // Index updates have no panic point (allocation failure aborts), so a
        // poisoned lock still guards a whole index.
        self.shared.index.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Flushes everything written so far to disk.
    ///
    /// # Errors
    /// `Io` (or `Backend`) when sled cannot write to disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.shared.db.flush().map_err(backend)?;
        Ok(())
    }
}

fn check_format(meta: &sled::Tree, log: &sled::Tree) -> Result<(), StoreError> {
    let corrupt = StoreError::CorruptRecord {
        what: "format marker",
    };
    match meta.get(keys::FORMAT).map_err(backend)? {
        Some(v) => {
            let found = u32::from_be_bytes(v.as_ref().try_into().map_err(|_| corrupt)?);
            if found != FORMAT_VERSION {
                return Err(StoreError::UnsupportedFormat {
                    found,
                    supported: FORMAT_VERSION,
                });
            }
            Ok(())
        }
        None if log.is_empty() => {
            meta.insert(keys::FORMAT, &FORMAT_VERSION.to_be_bytes())
                .map_err(backend)?;
            Ok(())
        }
        None => Err(corrupt),
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        // Best effort, when the last handle drops: with `Buffered`, what is not
        // flushed here is what a crash would have lost; the log stays a whole
        // prefix either way.
        let _ = self.db.flush();
    }
}

impl EventStore for SledStore {
    fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
        idempotency: Option<&Idempotency>,
    ) -> Result<AppendResult, StoreError> {
        if events.is_empty() {
            return Err(StoreError::EmptyAppend);
        }
        let _span = tracing::debug_span!("append", %stream, events = events.len()).entered();
        // Nothing under the lock can leave a half-done step behind (the index is
        // updated after the one insert), so a poisoned lock is safe to take.
        let _writer = self.shared.writer.lock().unwrap_or_else(|p| p.into_inner());
        let (actual, position) = {
            let index = self.index();
            if let Some(idem) = idempotency
                && let Some(first) = index.idempotent(&idem.key)
            {
                return first.answer(stream, idem.fingerprint);
            }
            (index.version(stream)?, index.head()? + 1)
        };
        if !expected.admits(actual) {
            return Err(StoreError::WrongExpectedVersion {
                stream: stream.clone(),
                expected,
                actual,
            });
        }
        let count = events.len() as u64;
        let commit = Commit {
            stream: stream.clone(),
            first_version: actual + 1,
            idempotency: idempotency.cloned(),
            events,
        };
        let key = keys::CommitKey::new(position, stream);
        let value = record::encode(key.as_ref(), &commit).map_err(|_| {
            StoreError::Backend("an event field is longer than the record format allows".into())
        })?;
        // The one write that makes the commit: all of it or none. If it fails, the
        // index is left as it was: sled fails a write before applying it, or else
        // sets its global error, which fails every later write (sled 0.34
        // `Config::global_error`), so no position is given out twice; the next open
        // rebuilds the index from whatever the log holds.
        self.shared
            .log
            .insert(key.as_ref(), value)
            .map_err(backend)?;
        let result = AppendResult {
            stream: commit.stream,
            first_version: commit.first_version,
            last_version: actual + count,
            first_position: position,
            last_position: position + count - 1,
        };
        self.shared
            .index
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .record(
                &result,
                idempotency.map(|k| (k.key.as_str(), k.fingerprint)),
            );
        if self.shared.durability == Durability::Flush {
            // An error here leaves the outcome unknown (the commit may or may not be
            // on disk): the caller retries with the same idempotency key.
            self.shared.db.flush().map_err(backend)?;
        }
        tracing::debug!(
            first_position = result.first_position,
            last_version = result.last_version,
            "appended"
        );
        Ok(result)
    }

    fn idempotent_result(&self, key: &IdempotencyKey) -> Result<Option<KeyedAppend>, StoreError> {
        Ok(self.index().idempotent(key).cloned())
    }

    fn read_stream(
        &self,
        stream: &StreamId,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let from_version = from_version.max(1);
        let commits = self.index().commits(stream, from_version, limit)?;
        let mut out = Vec::with_capacity(limit.min(commits.len().saturating_mul(2)));
        let mut shared = record::Shared::default();
        for position in commits {
            let key = keys::CommitKey::new(position, stream);
            let key = key.as_ref();
            let corrupt = StoreError::Corrupt { position };
            // The index only names commits it read from the log: one missing now
            // was removed behind the store's back.
            let value = self.shared.log.get(key).map_err(backend)?.ok_or(corrupt)?;
            record::open(key, &value)
                .and_then(|body| {
                    body.recorded_into(
                        stream,
                        position,
                        &mut out,
                        &mut shared,
                        |v, _| v >= from_version,
                        limit,
                    )
                })
                .ok_or(StoreError::Corrupt { position })?;
            if out.len() == limit {
                break;
            }
        }
        Ok(shared.finish(out))
    }

    fn read_all(&self, from_position: u64, limit: usize) -> Result<Vec<RecordedEvent>, StoreError> {
        let from_position = from_position.max(1);
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        // Start at the commit holding `from_position`: the last one starting at or before it.
        let start = self
            .shared
            .log
            .range((std::ops::Bound::Unbounded, keys::up_to(from_position)))
            .next_back()
            .transpose()
            .map_err(backend)?
            .map(|(key, _)| key);
        let scan = match start {
            Some(key) => self.shared.log.range(key..),
            None => self.shared.log.range::<&[u8], _>(..),
        };
        let mut expected_next = None;
        let mut stream: Option<StreamId> = None;
        let mut shared = record::Shared::default();
        for entry in scan {
            let (key, value) = entry.map_err(backend)?;
            let (position, _) =
                keys::parse_commit(&key).ok_or(StoreError::CorruptRecord { what: "log key" })?;
            let corrupt = StoreError::Corrupt { position };
            if expected_next.is_some_and(|next| next != position) {
                // A hole in the log is damage, not a place to skip.
                return Err(corrupt);
            }
            let body = record::open(&key, &value).ok_or(StoreError::Corrupt { position })?;
            expected_next = Some(position + body.count);
            // Consecutive commits of one stream share its id instead of parsing it again.
            let current = match stream.take() {
                Some(s) if s.as_str().as_bytes() == body.stream => s,
                _ => std::str::from_utf8(body.stream)
                    .ok()
                    .and_then(|s| StreamId::parse(s).ok())
                    .ok_or(StoreError::Corrupt { position })?,
            };
            body.recorded_into(
                &current,
                position,
                &mut out,
                &mut shared,
                |_, p| p >= from_position,
                limit,
            )
            .ok_or(corrupt)?;
            stream = Some(current);
            if out.len() == limit {
                break;
            }
        }
        Ok(shared.finish(out))
    }

    fn stream_version(&self, stream: &StreamId) -> Result<u64, StoreError> {
        self.index().version(stream)
    }

    fn head_position(&self) -> Result<u64, StoreError> {
        self.index().head()
    }
}

impl SnapshotStore for SledStore {
    fn save_snapshot(&self, stream: &StreamId, snapshot: &Snapshot) -> Result<(), StoreError> {
        let key = stream.as_str().as_bytes();
        let mut body = Vec::with_capacity(snapshot.state.len() + 12);
        body.extend_from_slice(&snapshot.version.to_be_bytes());
        body.extend_from_slice(&snapshot.schema.to_be_bytes());
        body.extend_from_slice(&snapshot.state);
        self.shared
            .snapshots
            .insert(key, record::seal(key, &body))
            .map_err(backend)?;
        Ok(())
    }

    fn load_snapshot(&self, stream: &StreamId) -> Result<Option<Snapshot>, StoreError> {
        let key = stream.as_str().as_bytes();
        let Some(value) = self.shared.snapshots.get(key).map_err(backend)? else {
            return Ok(None);
        };
        let corrupt = StoreError::CorruptRecord { what: "snapshot" };
        let body = record::unseal(key, &value).ok_or(corrupt)?;
        let (version, rest) = body
            .split_at_checked(8)
            .ok_or(StoreError::CorruptRecord { what: "snapshot" })?;
        let (schema, state) = rest
            .split_at_checked(4)
            .ok_or(StoreError::CorruptRecord { what: "snapshot" })?;
        Ok(Some(Snapshot {
            version: keys::parse_u64(version)
                .ok_or(StoreError::CorruptRecord { what: "snapshot" })?,
            schema: u32::from_be_bytes(
                schema
                    .try_into()
                    .map_err(|_| StoreError::CorruptRecord { what: "snapshot" })?,
            ),
            state: state.to_vec(),
        }))
    }
}

impl KeyStore for SledStore {
    fn data_key(&self, subject: &StreamId) -> Result<DataKey, StoreError> {
        self.shared.keys.data_key(subject)
    }

    fn key_state(&self, subject: &StreamId) -> Result<Option<KeyState>, StoreError> {
        self.shared.keys.key_state(subject)
    }

    fn destroy_key(&self, subject: &StreamId) -> Result<(), StoreError> {
        self.shared.keys.destroy_key(subject, &self.shared.db)
    }
}

impl CheckpointStore for SledStore {
    fn save_checkpoint(&self, projection: &str, position: u64) -> Result<(), StoreError> {
        let key = projection.as_bytes();
        self.shared
            .checkpoints
            .insert(key, record::seal(key, &position.to_be_bytes()))
            .map_err(backend)?;
        if self.shared.durability == Durability::Flush {
            self.shared.db.flush().map_err(backend)?;
        }
        Ok(())
    }

    fn load_checkpoint(&self, projection: &str) -> Result<Option<u64>, StoreError> {
        let key = projection.as_bytes();
        let Some(value) = self.shared.checkpoints.get(key).map_err(backend)? else {
            return Ok(None);
        };
        record::unseal(key, &value)
            .and_then(keys::parse_u64)
            .map(Some)
            .ok_or(StoreError::CorruptRecord { what: "checkpoint" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sled_errors_map_to_what_the_contract_names() {
        let lock = std::io::Error::other("could not acquire lock on \"/x\": WouldBlock");
        assert!(matches!(backend(sled::Error::Io(lock)), StoreError::Locked));
        let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(matches!(backend(sled::Error::Io(io)), StoreError::Io(_)));
        assert!(matches!(
            backend(sled::Error::Corruption { at: None, bt: () }),
            StoreError::CorruptRecord { .. }
        ));
        assert!(matches!(
            backend(sled::Error::Unsupported("created by sled 0.28".into())),
            StoreError::UnsupportedBackendFormat(_)
        ));
        assert!(matches!(
            backend(sled::Error::ReportableBug("bug".into())),
            StoreError::Backend(_)
        ));
    }
}
