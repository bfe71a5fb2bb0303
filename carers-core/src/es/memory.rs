//! [`MemoryStore`]: every store trait in memory, for tests, examples and the
//! reference the conformance kit's model is checked against.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::envelope::{NewEvent, RecordedEvent, StreamId};
use super::seal::{DataKey, KeyState, KeyStore};
use super::store::{
    AppendResult, CheckpointStore, EventStore, ExpectedVersion, Idempotency, IdempotencyKey,
    KeyedAppend, Snapshot, SnapshotStore, StoreError,
};

/// A thread-safe in-memory store. Nothing survives the process.
///
/// The handle is cheap to clone (an `Arc` inside): every clone is the same store.
/// `Debug` shows counts, never events.
#[derive(Clone, Default)]
pub struct MemoryStore {
    inner: Arc<Mutex<Inner>>,
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.lock();
        f.debug_struct("MemoryStore")
            .field("events", &inner.log.len())
            .field("streams", &inner.streams.len())
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Inner {
    /// The global log; the event at position `p` is at index `p - 1`.
    log: Vec<RecordedEvent>,
    /// Each stream's events, as indexes into `log`, in version order.
    streams: HashMap<StreamId, Vec<usize>>,
    idempotency: HashMap<IdempotencyKey, KeyedAppend>,
    snapshots: HashMap<StreamId, Snapshot>,
    checkpoints: HashMap<String, u64>,
    keys: HashMap<StreamId, KeyState>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave `Inner` half-written: every
        // mutation below is completed before the guard drops, so poisoning is benign.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl EventStore for MemoryStore {
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
        let mut inner = self.lock();
        if let Some(idem) = idempotency
            && let Some(first) = inner.idempotency.get(&idem.key)
        {
            return first.answer(stream, idem.fingerprint);
        }
        let actual = inner.streams.get(stream).map_or(0, |v| v.len() as u64);
        if !expected.admits(actual) {
            return Err(StoreError::WrongExpectedVersion {
                stream: stream.clone(),
                expected,
                actual,
            });
        }
        let first_position = inner.log.len() as u64 + 1;
        let count = events.len() as u64;
        let mut indexes = Vec::with_capacity(events.len());
        for (i, event) in events.into_iter().enumerate() {
            let i = i as u64;
            indexes.push(inner.log.len());
            let recorded =
                RecordedEvent::new(stream.clone(), actual + 1 + i, first_position + i, event);
            inner.log.push(recorded);
        }
        inner
            .streams
            .entry(stream.clone())
            .or_default()
            .extend(indexes);
        let result = AppendResult {
            stream: stream.clone(),
            first_version: actual + 1,
            last_version: actual + count,
            first_position,
            last_position: first_position + count - 1,
        };
        if let Some(idem) = idempotency {
            inner.idempotency.insert(
                idem.key.clone(),
                KeyedAppend {
                    append: result.clone(),
                    fingerprint: idem.fingerprint,
                },
            );
        }
        Ok(result)
    }

    fn idempotent_result(&self, key: &IdempotencyKey) -> Result<Option<KeyedAppend>, StoreError> {
        Ok(self.lock().idempotency.get(key).cloned())
    }

    fn read_stream(
        &self,
        stream: &StreamId,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let inner = self.lock();
        let Some(indexes) = inner.streams.get(stream) else {
            return Ok(Vec::new());
        };
        let skip = from_version.saturating_sub(1) as usize;
        Ok(indexes
            .iter()
            .skip(skip)
            .take(limit)
            .map(|&i| inner.log[i].clone())
            .collect())
    }

    fn read_all(&self, from_position: u64, limit: usize) -> Result<Vec<RecordedEvent>, StoreError> {
        let inner = self.lock();
        let skip = from_position.saturating_sub(1) as usize;
        Ok(inner.log.iter().skip(skip).take(limit).cloned().collect())
    }

    fn stream_version(&self, stream: &StreamId) -> Result<u64, StoreError> {
        Ok(self
            .lock()
            .streams
            .get(stream)
            .map_or(0, |v| v.len() as u64))
    }

    fn head_position(&self) -> Result<u64, StoreError> {
        Ok(self.lock().log.len() as u64)
    }
}

impl SnapshotStore for MemoryStore {
    fn save_snapshot(&self, stream: &StreamId, snapshot: &Snapshot) -> Result<(), StoreError> {
        self.lock()
            .snapshots
            .insert(stream.clone(), snapshot.clone());
        Ok(())
    }

    fn load_snapshot(&self, stream: &StreamId) -> Result<Option<Snapshot>, StoreError> {
        Ok(self.lock().snapshots.get(stream).cloned())
    }
}

impl KeyStore for MemoryStore {
    fn data_key(&self, subject: &StreamId) -> Result<DataKey, StoreError> {
        let mut inner = self.lock();
        match inner
            .keys
            .entry(subject.clone())
            .or_insert_with(|| KeyState::Active(DataKey::generate()))
        {
            KeyState::Active(key) => Ok(key.clone()),
            KeyState::Destroyed => Err(StoreError::KeyDestroyed {
                subject: subject.clone(),
            }),
        }
    }

    fn key_state(&self, subject: &StreamId) -> Result<Option<KeyState>, StoreError> {
        Ok(self.lock().keys.get(subject).cloned())
    }

    fn destroy_key(&self, subject: &StreamId) -> Result<(), StoreError> {
        self.lock()
            .keys
            .insert(subject.clone(), KeyState::Destroyed);
        Ok(())
    }
}

impl CheckpointStore for MemoryStore {
    fn save_checkpoint(&self, projection: &str, position: u64) -> Result<(), StoreError> {
        self.lock()
            .checkpoints
            .insert(projection.to_owned(), position);
        Ok(())
    }

    fn load_checkpoint(&self, projection: &str) -> Result<Option<u64>, StoreError> {
        Ok(self.lock().checkpoints.get(projection).copied())
    }
}

#[cfg(test)]
mod conformance {
    //! The whole conformance kit, one test per law, against `MemoryStore`.
    use super::MemoryStore;
    use crate::es::testkit;

    #[test]
    fn stale_expected_version_is_rejected_and_writes_nothing() {
        testkit::stale_expected_version_is_rejected_and_writes_nothing(&MemoryStore::new);
    }
    #[test]
    fn batches_are_atomic_and_contiguous() {
        testkit::batches_are_atomic_and_contiguous(&MemoryStore::new);
    }
    #[test]
    fn empty_appends_are_refused() {
        testkit::empty_appends_are_refused(&MemoryStore::new);
    }
    #[test]
    fn global_order_is_gap_free_across_streams() {
        testkit::global_order_is_gap_free_across_streams(&MemoryStore::new);
    }
    #[test]
    fn reads_start_at_any_version_or_position() {
        testkit::reads_start_at_any_version_or_position(&MemoryStore::new);
    }
    #[test]
    fn events_round_trip_bit_for_bit() {
        testkit::events_round_trip_bit_for_bit(&MemoryStore::new);
    }
    #[test]
    fn idempotency_keys_append_once() {
        testkit::idempotency_keys_append_once(&MemoryStore::new);
    }
    #[test]
    fn a_key_reused_for_another_command_is_refused_and_appends_nothing() {
        testkit::a_key_reused_for_another_command_is_refused_and_appends_nothing(&MemoryStore::new);
    }
    #[test]
    fn a_replayed_result_says_it_was_replayed() {
        testkit::a_replayed_result_says_it_was_replayed(&MemoryStore::new);
    }
    #[test]
    fn a_create_retried_by_its_key_finds_its_stream() {
        testkit::a_create_retried_by_its_key_finds_its_stream(&MemoryStore::new);
    }
    #[test]
    fn stream_reads_page_through_the_whole_stream() {
        testkit::stream_reads_page_through_the_whole_stream(&MemoryStore::new);
    }
    #[test]
    fn snapshots_and_checkpoints_round_trip() {
        testkit::snapshots_and_checkpoints_round_trip(&MemoryStore::new);
    }
    #[test]
    fn racing_appends_have_one_winner_per_version() {
        testkit::racing_appends_have_one_winner_per_version(&MemoryStore::new);
    }
    #[test]
    fn random_operations_behave_as_the_model() {
        testkit::random_operations_behave_as_the_model(&MemoryStore::new);
    }
    #[test]
    fn data_keys_are_kept_and_destroyed_for_good() {
        testkit::data_keys_are_kept_and_destroyed_for_good(&MemoryStore::new);
    }
    #[test]
    fn run_all_covers_every_law() {
        testkit::run_all(MemoryStore::new);
    }
}
