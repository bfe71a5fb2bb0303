//! [`SledStore`]: the event store on sled trees.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use carers_core::es::{
    AppendResult, CheckpointStore, EventStore, ExpectedVersion, IdempotencyKey, NewEvent,
    RecordedEvent, Snapshot, SnapshotStore, StoreError, StreamId,
};

use crate::config::{Config, Durability};
use crate::keys;
use crate::record::{self, Commit};

/// The newest on-disk format this code reads and writes.
pub const FORMAT_VERSION: u32 = 1;

fn backend(e: sled::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}

/// How long `open` waits for sled's directory lock to be released.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Opens sled, waiting a bounded time for its directory lock: sled 0.34 releases the
/// lock of a dropped `Db` from a background thread a moment later (sled issues
/// #1234 and #1289), so an immediate reopen can find it still held. A lock held by
/// a live store outlasts the wait and is reported.
fn open_waiting_for_lock(config: &sled::Config) -> Result<sled::Db, StoreError> {
    let started = std::time::Instant::now();
    loop {
        match config.open() {
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock")
                    && started.elapsed() < LOCK_WAIT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.map_err(backend),
        }
    }
}

/// A durable event store on sled. See the crate docs for layout, durability and
/// recovery.
///
/// One `SledStore` per directory: sled holds an exclusive lock on it. Share the
/// store between threads by reference or `Arc`; appends are serialised inside it,
/// reads run concurrently.
pub struct SledStore {
    db: sled::Db,
    log: sled::Tree,
    streams: sled::Tree,
    idempotency: sled::Tree,
    snapshots: sled::Tree,
    checkpoints: sled::Tree,
    meta: sled::Tree,
    durability: Durability,
    mark_every: u64,
    /// Serialises appends: check and write are one step under it.
    writer: Mutex<WriterState>,
    /// The last global position written (0 when empty).
    head: AtomicU64,
    /// An index write failed after its commit was written: repair before the next append.
    repair_pending: AtomicBool,
}

#[derive(Default)]
struct WriterState {
    /// Commits appended since the last index mark.
    unmarked: u64,
}

impl std::fmt::Debug for SledStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SledStore")
            .field("durability", &self.durability)
            .field("head", &self.head.load(Ordering::Acquire))
            .finish_non_exhaustive()
    }
}

impl SledStore {
    /// Opens (or creates) the store in the directory `path`, with [`Durability::Flush`].
    pub fn open(path: impl Into<std::path::PathBuf>) -> Result<Self, StoreError> {
        Self::open_with(Config::new(path))
    }

    /// A store in a temporary directory that is removed on drop (tests, examples).
    pub fn temporary() -> Result<Self, StoreError> {
        Self::open_with(Config::temporary())
    }

    /// Opens the store as `config` says. Opening recovers: it re-derives the index
    /// entries of the commits written after the last index mark, and refuses a store
    /// of a newer format ([`StoreError::UnsupportedFormat`]) or with a damaged tail
    /// ([`StoreError::Corrupt`]).
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
        let store = Self {
            log: tree("log")?,
            streams: tree("streams")?,
            idempotency: tree("idempotency")?,
            snapshots: tree("snapshots")?,
            checkpoints: tree("checkpoints")?,
            meta: tree("meta")?,
            db,
            durability: config.durability,
            mark_every: config.mark_every,
            writer: Mutex::new(WriterState::default()),
            head: AtomicU64::new(0),
            repair_pending: AtomicBool::new(false),
        };
        store.check_format()?;
        store.recover()?;
        Ok(store)
    }

    fn check_format(&self) -> Result<(), StoreError> {
        match self.meta.get(keys::FORMAT).map_err(backend)? {
            Some(v) => {
                let bytes: [u8; 4] =
                    v.as_ref()
                        .try_into()
                        .map_err(|_| StoreError::CorruptRecord {
                            what: "format marker",
                        })?;
                let found = u32::from_be_bytes(bytes);
                if found > FORMAT_VERSION {
                    return Err(StoreError::UnsupportedFormat {
                        found,
                        supported: FORMAT_VERSION,
                    });
                }
                Ok(())
            }
            None if self.log.is_empty() => {
                self.meta
                    .insert(keys::FORMAT, &FORMAT_VERSION.to_be_bytes())
                    .map_err(backend)?;
                Ok(())
            }
            None => Err(StoreError::CorruptRecord {
                what: "format marker",
            }),
        }
    }

    /// Re-derives the index entries of every commit after the index mark, and finds
    /// the head of the log.
    fn recover(&self) -> Result<(), StoreError> {
        let mark = match self.meta.get(keys::INDEXED_UP_TO).map_err(backend)? {
            Some(v) => {
                keys::parse_u64(&v).ok_or(StoreError::CorruptRecord { what: "index mark" })?
            }
            None => 0,
        };
        // The head is the last event of the last commit: taken from the tail scan
        // when there is a tail, so no commit is decoded twice.
        let mut head = None;
        for entry in self.log.range(keys::position(mark + 1)..) {
            let (key, value) = entry.map_err(backend)?;
            let position =
                keys::parse_u64(&key).ok_or(StoreError::CorruptRecord { what: "log key" })?;
            let commit = record::decode(&key, &value).ok_or(StoreError::Corrupt { position })?;
            self.index(position, &commit)?;
            head = Some((position, position + commit.events.len() as u64 - 1));
        }
        let head = match head {
            Some((position, last)) => {
                self.meta
                    .insert(keys::INDEXED_UP_TO, &keys::position(position))
                    .map_err(backend)?;
                last
            }
            None => match self.log.last().map_err(backend)? {
                None => 0,
                Some((key, value)) => {
                    let position = keys::parse_u64(&key)
                        .ok_or(StoreError::CorruptRecord { what: "log key" })?;
                    let commit =
                        record::decode(&key, &value).ok_or(StoreError::Corrupt { position })?;
                    position + commit.events.len() as u64 - 1
                }
            },
        };
        self.head.store(head, Ordering::Release);
        self.repair_pending.store(false, Ordering::Release);
        Ok(())
    }

    /// Writes the derived index entries of one commit. Idempotent.
    fn index(&self, position: u64, commit: &Commit) -> Result<(), StoreError> {
        let at = keys::position(position);
        self.streams
            .insert(
                keys::stream_commit(&commit.stream, commit.last_version()),
                &at,
            )
            .map_err(backend)?;
        if let Some(key) = &commit.idempotency_key {
            self.idempotency
                .insert(key.0.as_bytes(), &at)
                .map_err(backend)?;
        }
        Ok(())
    }

    fn commit_at(&self, position: u64) -> Result<Commit, StoreError> {
        let key = keys::position(position);
        let value = self
            .log
            .get(key)
            .map_err(backend)?
            .ok_or(StoreError::CorruptRecord {
                what: "index entry",
            })?;
        record::decode(&key, &value).ok_or(StoreError::Corrupt { position })
    }

    /// The commit that used `key`, and its position.
    fn first_commit_with(&self, key: &IdempotencyKey) -> Result<Option<(u64, Commit)>, StoreError> {
        let Some(at) = self.idempotency.get(key.0.as_bytes()).map_err(backend)? else {
            return Ok(None);
        };
        let position = keys::parse_u64(&at).ok_or(StoreError::CorruptRecord {
            what: "idempotency index",
        })?;
        Ok(Some((position, self.commit_at(position)?)))
    }

    fn result_of(position: u64, commit: &Commit) -> AppendResult {
        let count = commit.events.len() as u64;
        AppendResult {
            stream: commit.stream.clone(),
            first_version: commit.first_version,
            last_version: commit.first_version + count - 1,
            first_position: position,
            last_position: position + count - 1,
        }
    }

    fn version_of(&self, stream: &StreamId) -> Result<u64, StoreError> {
        match self
            .streams
            .scan_prefix(keys::stream_prefix(stream))
            .next_back()
        {
            None => Ok(0),
            Some(entry) => {
                let (key, _) = entry.map_err(backend)?;
                keys::version_of(&key).ok_or(StoreError::CorruptRecord {
                    what: "stream index",
                })
            }
        }
    }

    /// Flushes everything written so far to disk and marks the indexes as complete.
    pub fn flush(&self) -> Result<(), StoreError> {
        let _writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        self.mark()?;
        self.db.flush().map_err(backend)?;
        Ok(())
    }

    /// Marks every commit as indexed. With a repair pending, the indexes are not
    /// complete: the repair re-derives them and writes the mark itself.
    fn mark(&self) -> Result<(), StoreError> {
        if self.repair_pending.load(Ordering::Acquire) {
            return self.recover();
        }
        if let Some((key, _)) = self.log.last().map_err(backend)? {
            self.meta
                .insert(keys::INDEXED_UP_TO, key)
                .map_err(backend)?;
        }
        Ok(())
    }

    /// The sled database underneath, for inspection and tests. Writing to its trees
    /// bypasses every check of the store.
    pub fn sled(&self) -> &sled::Db {
        &self.db
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
        // Best effort: a failure here only means the next open re-indexes more.
        let _ = self.mark();
        let _ = self.db.flush();
    }
}

impl EventStore for SledStore {
    fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
        idempotency_key: Option<&IdempotencyKey>,
    ) -> Result<AppendResult, StoreError> {
        if events.is_empty() {
            return Err(StoreError::EmptyAppend);
        }
        // A panic under the lock leaves at worst a commit without its index entries,
        // which `recover` repairs; so a poisoned lock is safe to take.
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        if self.repair_pending.load(Ordering::Acquire) {
            self.recover()?;
        }
        if let Some((position, first)) = idempotency_key
            .map(|key| self.first_commit_with(key))
            .transpose()?
            .flatten()
        {
            if &first.stream != stream {
                return Err(StoreError::IdempotencyKeyReused {
                    first_stream: first.stream,
                });
            }
            return Ok(Self::result_of(position, &first));
        }
        let actual = self.version_of(stream)?;
        if !expected.admits(actual) {
            return Err(StoreError::WrongExpectedVersion {
                stream: stream.clone(),
                expected,
                actual,
            });
        }
        let position = self.head.load(Ordering::Acquire) + 1;
        let commit = Commit {
            stream: stream.clone(),
            first_version: actual + 1,
            idempotency_key: idempotency_key.cloned(),
            events,
        };
        let key = keys::position(position);
        let value = record::encode(&key, &commit).map_err(|_| {
            StoreError::Backend("an event field is longer than the record format allows".into())
        })?;
        // The one write that makes the commit: all of it or none.
        self.log.insert(key, value).map_err(backend)?;
        let result = Self::result_of(position, &commit);
        self.head.store(result.last_position, Ordering::Release);
        if let Err(e) = self.index(position, &commit) {
            self.repair_pending.store(true, Ordering::Release);
            return Err(e);
        }
        writer.unmarked += 1;
        // The mark only bounds the re-indexing at open: if writing it fails, the
        // commit is still whole and indexed, so the append goes on and a later mark
        // (or the next open's longer scan) covers it.
        if writer.unmarked >= self.mark_every && self.meta.insert(keys::INDEXED_UP_TO, &key).is_ok()
        {
            writer.unmarked = 0;
        }
        if self.durability == Durability::Flush {
            // An error here leaves the outcome unknown (the commit may or may not be
            // on disk): the caller retries with the same idempotency key.
            self.db.flush().map_err(backend)?;
        }
        Ok(result)
    }

    fn idempotent_result(&self, key: &IdempotencyKey) -> Result<Option<AppendResult>, StoreError> {
        Ok(self
            .first_commit_with(key)?
            .map(|(position, commit)| Self::result_of(position, &commit)))
    }

    fn read_stream(
        &self,
        stream: &StreamId,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let from_version = from_version.max(1);
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        let start = keys::stream_commit(stream, from_version);
        let end = keys::stream_commit(stream, u64::MAX);
        for entry in self.streams.range(start..=end) {
            let (_, at) = entry.map_err(backend)?;
            let position = keys::parse_u64(&at).ok_or(StoreError::CorruptRecord {
                what: "stream index",
            })?;
            let commit = self.commit_at(position)?;
            if &commit.stream != stream {
                return Err(StoreError::CorruptRecord {
                    what: "stream index",
                });
            }
            for event in commit.recorded(position) {
                if event.version >= from_version {
                    out.push(event);
                    if out.len() == limit {
                        return Ok(out);
                    }
                }
            }
        }
        Ok(out)
    }

    fn read_all(&self, from_position: u64, limit: usize) -> Result<Vec<RecordedEvent>, StoreError> {
        let from_position = from_position.max(1);
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        // Start at the commit holding `from_position`: the last key at or before it.
        let start = match self.log.range(..=keys::position(from_position)).next_back() {
            Some(entry) => entry.map_err(backend)?.0,
            None => keys::position(from_position).as_slice().into(),
        };
        let mut expected_next = None;
        for entry in self.log.range(start..) {
            let (key, value) = entry.map_err(backend)?;
            let position =
                keys::parse_u64(&key).ok_or(StoreError::CorruptRecord { what: "log key" })?;
            if expected_next.is_some_and(|next| next != position) {
                // A hole in the log is damage, not a place to skip.
                return Err(StoreError::Corrupt { position });
            }
            let commit = record::decode(&key, &value).ok_or(StoreError::Corrupt { position })?;
            expected_next = Some(position + commit.events.len() as u64);
            for event in commit.recorded(position) {
                if event.position >= from_position {
                    out.push(event);
                    if out.len() == limit {
                        return Ok(out);
                    }
                }
            }
        }
        Ok(out)
    }

    fn stream_version(&self, stream: &StreamId) -> Result<u64, StoreError> {
        self.version_of(stream)
    }

    fn head_position(&self) -> Result<u64, StoreError> {
        Ok(self.head.load(Ordering::Acquire))
    }
}

impl SnapshotStore for SledStore {
    fn save_snapshot(&self, stream: &StreamId, snapshot: &Snapshot) -> Result<(), StoreError> {
        let key = stream.as_str().as_bytes();
        let mut body = Vec::with_capacity(snapshot.state.len() + 12);
        body.extend_from_slice(&snapshot.version.to_be_bytes());
        body.extend_from_slice(&snapshot.schema.to_be_bytes());
        body.extend_from_slice(&snapshot.state);
        self.snapshots
            .insert(key, record::seal(key, &body))
            .map_err(backend)?;
        Ok(())
    }

    fn load_snapshot(&self, stream: &StreamId) -> Result<Option<Snapshot>, StoreError> {
        let key = stream.as_str().as_bytes();
        let Some(value) = self.snapshots.get(key).map_err(backend)? else {
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

impl CheckpointStore for SledStore {
    fn save_checkpoint(&self, projection: &str, position: u64) -> Result<(), StoreError> {
        let key = projection.as_bytes();
        self.checkpoints
            .insert(key, record::seal(key, &position.to_be_bytes()))
            .map_err(backend)?;
        if self.durability == Durability::Flush {
            self.db.flush().map_err(backend)?;
        }
        Ok(())
    }

    fn load_checkpoint(&self, projection: &str) -> Result<Option<u64>, StoreError> {
        let key = projection.as_bytes();
        let Some(value) = self.checkpoints.get(key).map_err(backend)? else {
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
    use carers_core::testkit::{events, stream};

    #[test]
    fn a_pending_repair_is_never_marked_complete() {
        let dir = tempfile::tempdir().expect("temp dir");
        let s = stream("repair");
        {
            let store = SledStore::open(dir.path()).expect("open");
            store
                .append(&s, ExpectedVersion::NoStream, events(0, 2), None)
                .expect("append");
            // As after a failed index write: the commit is in the log, its entry is not.
            store.streams.clear().expect("clear index");
            store.repair_pending.store(true, Ordering::Release);
        } // drop marks: with the repair pending it must repair, not mark over the hole
        let store = SledStore::open(dir.path()).expect("reopen");
        assert_eq!(
            store.stream_version(&s).expect("version"),
            2,
            "the index entry was lost"
        );
    }
}
