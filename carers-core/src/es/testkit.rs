//! The store conformance kit: every law of the [store contract](super::store), as a
//! function any store crate calls with a factory of empty stores.
//!
//! ```
//! carers_core::testkit::run_all(carers_core::es::MemoryStore::new);
//! ```
//!
//! Each law is also a public function, so a store crate can give each its own test
//! (`#[test] fn races() { testkit::racing_appends_have_one_winner_per_version(make) }`).
//! The model-based property test runs `PROPTEST_CASES` cases (default 32).

use std::collections::{HashMap, HashSet};

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use uuid::Uuid;

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use super::access::{AccessPolicy, Unrestricted};
use super::aggregate::{Actor, Aggregate, Context};
use super::codec::DomainEvent;
use super::envelope::{Metadata, NewEvent, RecordedEvent, StreamId};
use super::repository::{RepoError, Repository};
use super::seal::{KeyState, KeyStore};
use super::store::{
    CheckpointStore, EventStore, ExpectedVersion, Fingerprint, GlobalLog, Idempotency,
    IdempotencyKey, KeyedAppend, Snapshot, SnapshotStore, StoreError, StreamEvents,
};

/// Everything a full store implements.
pub trait FullStore: EventStore + SnapshotStore + CheckpointStore + KeyStore {}
impl<T: EventStore + SnapshotStore + CheckpointStore + KeyStore + ?Sized> FullStore for T {}

/// A distinct event whose payload encodes `n` (binary, to catch text-only encodings).
pub fn event(n: u64) -> NewEvent {
    let mut payload = n.to_be_bytes().to_vec();
    payload.extend_from_slice(&[0, 0xff, b'{', b'"']);
    NewEvent {
        event_id: Uuid::now_v7(),
        event_type: format!("Type{}", n % 3).into(),
        schema_version: (n % 4) as u16 + 1,
        payload,
        recorded_at: Utc
            .timestamp_opt(1_700_000_000 + n as i64, (n % 1000) as u32 * 1_000)
            .single()
            .expect("seconds and nanos are in range by construction"),
        metadata: Metadata {
            actor: Actor::new(format!("staff-{}", n % 5), "carers-hub", "support-worker").into(),
            correlation_id: Uuid::now_v7(),
            causation_id: (n % 2 == 0).then(Uuid::now_v7),
            command_id: Uuid::now_v7(),
        },
    }
}

/// `count` distinct events starting at `from`.
pub fn events(from: u64, count: u64) -> Vec<NewEvent> {
    (from..from + count).map(event).collect()
}

/// A stream id for tests.
pub fn stream(name: &str) -> StreamId {
    StreamId::parse(format!("test-{name}")).expect("test stream names are ASCII identifiers")
}

/// A fingerprint for tests: distinct for distinct `n`.
pub fn fingerprint(n: u64) -> Fingerprint {
    // A u64 always encodes.
    Fingerprint::of(&n).expect("a u64 encodes as JSON")
}

/// An idempotency key `key` with the fingerprint of request `n`.
pub fn keyed(key: &str, n: u64) -> Idempotency {
    Idempotency {
        key: IdempotencyKey::new(key).expect("a valid test key"),
        fingerprint: fingerprint(n),
    }
}

fn read_all<S: FullStore + ?Sized>(store: &S) -> Vec<RecordedEvent> {
    GlobalLog::new(store, 1, 7)
        .collect::<Result<Vec<_>, _>>()
        .expect("reading the whole log of a healthy store")
}

fn same_event(recorded: &RecordedEvent, new: &NewEvent) -> bool {
    recorded.event_id == new.event_id
        && recorded.event_type == new.event_type
        && recorded.schema_version == new.schema_version
        && recorded.payload == new.payload
        && recorded.recorded_at == new.recorded_at
        && recorded.metadata == new.metadata
}

/// Runs every law against fresh stores from `make`.
pub fn run_all<S: FullStore>(make: impl Fn() -> S) {
    stale_expected_version_is_rejected_and_writes_nothing(&make);
    batches_are_atomic_and_contiguous(&make);
    empty_appends_are_refused(&make);
    global_order_is_gap_free_across_streams(&make);
    reads_start_at_any_version_or_position(&make);
    events_round_trip_bit_for_bit(&make);
    idempotency_keys_append_once(&make);
    a_key_reused_for_another_command_is_refused_and_appends_nothing(&make);
    a_replayed_result_says_it_was_replayed(&make);
    a_create_retried_by_its_key_finds_its_stream(&make);
    stream_reads_page_through_the_whole_stream(&make);
    snapshots_and_checkpoints_round_trip(&make);
    racing_appends_have_one_winner_per_version(&make);
    random_operations_behave_as_the_model(&make);
    data_keys_are_kept_and_destroyed_for_good(&make);
}

/// A subject's data key is made once and kept (every call gives the same key);
/// destroyed, it is gone for good: `key_state` says so, `data_key` refuses, and
/// destroying again (or a subject that never had a key) succeeds. Other subjects'
/// keys are untouched.
pub fn data_keys_are_kept_and_destroyed_for_good<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let (a, b, never) = (stream("key-a"), stream("key-b"), stream("key-none"));
    assert!(
        store.key_state(&a).expect("state").is_none(),
        "no key before first use"
    );
    let first = store.data_key(&a).expect("made");
    assert_eq!(
        store.data_key(&a).expect("kept").as_bytes(),
        first.as_bytes()
    );
    let other = store.data_key(&b).expect("made");
    assert_ne!(
        other.as_bytes(),
        first.as_bytes(),
        "each subject has its own key"
    );
    match store.key_state(&a).expect("state") {
        Some(KeyState::Active(k)) => assert_eq!(k.as_bytes(), first.as_bytes()),
        state => panic!("expected the active key, got {state:?}"),
    }
    store.destroy_key(&a).expect("destroyed");
    assert!(matches!(store.key_state(&a), Ok(Some(KeyState::Destroyed))));
    assert!(matches!(
        store.data_key(&a),
        Err(StoreError::KeyDestroyed { subject }) if subject == a
    ));
    store.destroy_key(&a).expect("destroying again succeeds");
    store
        .destroy_key(&never)
        .expect("destroying a missing key succeeds");
    assert!(matches!(
        store.data_key(&never),
        Err(StoreError::KeyDestroyed { .. })
    ));
    assert_eq!(
        store.data_key(&b).expect("kept").as_bytes(),
        other.as_bytes()
    );
}

/// Optimistic concurrency: a stale expected version is refused with the actual
/// version, and nothing is written.
pub fn stale_expected_version_is_rejected_and_writes_nothing<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let s = stream("occ");
    store
        .append(&s, ExpectedVersion::NoStream, events(1, 2), None)
        .expect("first append");
    for expected in [
        ExpectedVersion::NoStream,
        ExpectedVersion::Exact(1),
        ExpectedVersion::Exact(3),
    ] {
        match store.append(&s, expected, events(10, 2), None) {
            Err(StoreError::WrongExpectedVersion {
                actual: 2,
                expected: e,
                stream,
            }) => {
                assert_eq!(e, expected);
                assert_eq!(stream, s);
            }
            other => panic!("expected WrongExpectedVersion for {expected:?}, got {other:?}"),
        }
    }
    assert_eq!(store.stream_version(&s).expect("version"), 2);
    assert_eq!(store.head_position().expect("head"), 2);
    let r = store
        .append(&s, ExpectedVersion::Exact(2), events(20, 1), None)
        .expect("exact append");
    assert_eq!((r.first_version, r.last_version), (3, 3));
    let r = store
        .append(&s, ExpectedVersion::Any, events(21, 1), None)
        .expect("any append");
    assert_eq!(r.last_version, 4);
    let other = stream("occ-other");
    store
        .append(&other, ExpectedVersion::Exact(0), events(30, 1), None)
        .expect("Exact(0) on a new stream");
}

/// A batch is stored whole, at contiguous versions and positions.
pub fn batches_are_atomic_and_contiguous<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let a = stream("a");
    let b = stream("b");
    store
        .append(&a, ExpectedVersion::Any, events(1, 1), None)
        .expect("append");
    let batch = events(2, 5);
    let r = store
        .append(&b, ExpectedVersion::NoStream, batch.clone(), None)
        .expect("batch");
    assert_eq!(
        (
            r.first_version,
            r.last_version,
            r.first_position,
            r.last_position
        ),
        (1, 5, 2, 6)
    );
    let read = store.read_stream(&b, 1, 100).expect("read");
    assert_eq!(read.len(), 5);
    for (i, (rec, new)) in read.iter().zip(&batch).enumerate() {
        assert!(
            same_event(rec, new),
            "event {i} of the batch changed in the store"
        );
        assert_eq!(rec.version, i as u64 + 1);
        assert_eq!(rec.position, i as u64 + 2);
    }
    // A refused batch leaves no trace of any of its events.
    let refused = store.append(&b, ExpectedVersion::Exact(4), events(50, 3), None);
    assert!(matches!(
        refused,
        Err(StoreError::WrongExpectedVersion { .. })
    ));
    assert_eq!(read_all(&store).len(), 6);
}

/// An append of no events is a typed error.
pub fn empty_appends_are_refused<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let s = stream("empty");
    assert!(matches!(
        store.append(&s, ExpectedVersion::Any, Vec::new(), None),
        Err(StoreError::EmptyAppend)
    ));
    assert_eq!(store.head_position().expect("head"), 0);
    assert_eq!(store.stream_version(&s).expect("version"), 0);
}

/// Positions run 1..=n with no gaps, in commit order, across interleaved streams.
pub fn global_order_is_gap_free_across_streams<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let streams: Vec<StreamId> = (0..4).map(|i| stream(&format!("g{i}"))).collect();
    let mut expected_ids = Vec::new();
    for round in 0..10u64 {
        let s = &streams[(round * 7 % 4) as usize];
        let batch = events(round * 10, round % 3 + 1);
        expected_ids.extend(batch.iter().map(|e| e.event_id));
        store
            .append(s, ExpectedVersion::Any, batch, None)
            .expect("append");
    }
    let all = read_all(&store);
    assert_eq!(
        all.iter().map(|e| e.event_id).collect::<Vec<_>>(),
        expected_ids
    );
    for (i, e) in all.iter().enumerate() {
        assert_eq!(e.position, i as u64 + 1, "positions must be gap-free");
    }
    assert_eq!(store.head_position().expect("head"), all.len() as u64);
    for s in &streams {
        let versions: Vec<u64> = store
            .read_stream(s, 1, 1000)
            .expect("read")
            .iter()
            .map(|e| e.version)
            .collect();
        assert_eq!(versions, (1..=versions.len() as u64).collect::<Vec<_>>());
    }
}

/// Reads from every version and position return exactly the suffix, up to the limit.
pub fn reads_start_at_any_version_or_position<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let s = stream("reads");
    let other = stream("reads-other");
    for i in 0..12 {
        let target = if i % 3 == 0 { &other } else { &s };
        store
            .append(target, ExpectedVersion::Any, events(i, 1), None)
            .expect("append");
    }
    let whole = store.read_stream(&s, 1, usize::MAX).expect("read");
    assert_eq!(whole.len(), 8);
    for from in 1..=10u64 {
        for limit in [0, 1, 3, 100] {
            let part = store.read_stream(&s, from, limit).expect("read");
            let want: Vec<_> = whole
                .iter()
                .skip(from as usize - 1)
                .take(limit)
                .cloned()
                .collect();
            assert_eq!(part, want, "stream read from {from} limit {limit}");
            let log = store.read_all(from, limit).expect("read all");
            assert_eq!(log.len(), limit.min(13usize.saturating_sub(from as usize)));
            assert!(
                log.iter()
                    .enumerate()
                    .all(|(i, e)| e.position == from + i as u64)
            );
        }
    }
    assert!(
        store
            .read_stream(&stream("missing"), 1, 10)
            .expect("read")
            .is_empty()
    );
    assert!(
        store
            .read_stream(&s, 0, 1)
            .expect("read from 0")
            .first()
            .is_some_and(|e| e.version == 1)
    );
    assert!(
        store
            .read_all(0, 1)
            .expect("read from 0")
            .first()
            .is_some_and(|e| e.position == 1)
    );
}

/// Every field of an event comes back as it went in.
pub fn events_round_trip_bit_for_bit<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let s = stream("bits");
    let mut batch = events(1, 4);
    batch[0].payload = Vec::new();
    batch[1].payload = (0..=255u8).collect();
    store
        .append(&s, ExpectedVersion::Any, batch.clone(), None)
        .expect("append");
    let read = store.read_stream(&s, 1, 10).expect("read");
    assert_eq!(read.len(), batch.len());
    for (rec, new) in read.iter().zip(&batch) {
        assert!(same_event(rec, new));
        assert_eq!(rec.stream, s);
    }
}

/// The same key and fingerprint twice appends once and returns the first result;
/// on another stream the key is refused.
pub fn idempotency_keys_append_once<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let s = stream("idem");
    let key = keyed("cmd-1", 1);
    assert_eq!(store.idempotent_result(&key.key).expect("lookup"), None);
    let first = store
        .append(&s, ExpectedVersion::NoStream, events(1, 2), Some(&key))
        .expect("first");
    // A repeat, even with an expectation that would now fail, returns the first result.
    let again = store
        .append(&s, ExpectedVersion::NoStream, events(5, 2), Some(&key))
        .expect("repeat");
    assert_eq!(again, first);
    assert_eq!(
        store.idempotent_result(&key.key).expect("lookup"),
        Some(KeyedAppend {
            append: first.clone(),
            fingerprint: key.fingerprint
        })
    );
    assert_eq!(store.head_position().expect("head"), 2);
    // On another stream, whatever the fingerprint.
    for other in [key.clone(), keyed("cmd-1", 2)] {
        assert!(matches!(
            store.append(&stream("idem-2"), ExpectedVersion::Any, events(9, 1), Some(&other)),
            Err(StoreError::IdempotencyKeyReused { first_stream }) if first_stream == s
        ));
    }
    // A refused append does not consume its key.
    let key2 = keyed("cmd-2", 2);
    assert!(
        store
            .append(&s, ExpectedVersion::Exact(9), events(10, 1), Some(&key2))
            .is_err()
    );
    assert_eq!(store.idempotent_result(&key2.key).expect("lookup"), None);
    let r = store
        .append(&s, ExpectedVersion::Exact(2), events(11, 1), Some(&key2))
        .expect("key2");
    assert_eq!(r.first_version, 3);
}

/// A tiny aggregate for the laws that run through a [`Repository`]: a tally that
/// is opened with its id, then added to.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Tally {
    opened: bool,
    total: u64,
}

#[derive(Clone, Debug, Serialize)]
enum TallyCommand {
    Open(Uuid),
    Add(u64),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum TallyEvent {
    Opened(Uuid),
    Added(u64),
}

impl DomainEvent for TallyEvent {}

#[derive(Debug, PartialEq, thiserror::Error)]
enum TallyError {
    #[error("a tally is opened once")]
    AlreadyOpen,
    #[error("adding zero records nothing")]
    Zero,
}

impl Aggregate for Tally {
    type Command = TallyCommand;
    type Event = TallyEvent;
    type Error = TallyError;
    type Policy = ();
    const CATEGORY: &'static str = "tally";

    fn default_access() -> Arc<dyn AccessPolicy<Self>> {
        Arc::new(Unrestricted)
    }

    fn entity_of(command: &TallyCommand) -> Option<Uuid> {
        match command {
            TallyCommand::Open(id) => Some(*id),
            TallyCommand::Add(_) => None,
        }
    }

    fn decide(
        &self,
        command: &TallyCommand,
        _: &Context,
        _: &(),
    ) -> Result<Vec<TallyEvent>, TallyError> {
        match command {
            TallyCommand::Open(_) if self.opened => Err(TallyError::AlreadyOpen),
            TallyCommand::Open(id) => Ok(vec![TallyEvent::Opened(*id)]),
            TallyCommand::Add(0) => Err(TallyError::Zero),
            TallyCommand::Add(n) => Ok(vec![TallyEvent::Added(*n)]),
        }
    }

    fn apply(&mut self, event: &TallyEvent) {
        match event {
            TallyEvent::Opened(_) => self.opened = true,
            TallyEvent::Added(n) => self.total += n,
        }
    }
}

fn tally_ctx() -> Context {
    Context::new(
        Actor::new("staff-1", "carers-hub", "support-worker"),
        Utc.timestamp_opt(1_700_000_000, 0)
            .single()
            .expect("a fixed instant in range"),
    )
}

/// An idempotency key is never a way to skip a command: the same key with another
/// fingerprint is [`StoreError::IdempotencyKeyConflict`] at the store and
/// [`RepoError::IdempotencyKeyConflict`] at the repository, and appends nothing;
/// the key keeps its first append and fingerprint.
pub fn a_key_reused_for_another_command_is_refused_and_appends_nothing<S: FullStore>(
    make: &impl Fn() -> S,
) {
    let store = make();
    let s = stream("conflict");
    let first = store
        .append(&s, ExpectedVersion::Any, events(1, 2), Some(&keyed("k", 1)))
        .expect("first");
    for expected in [ExpectedVersion::Any, ExpectedVersion::Exact(2)] {
        assert!(matches!(
            store.append(&s, expected, events(3, 1), Some(&keyed("k", 2))),
            Err(StoreError::IdempotencyKeyConflict { stream }) if stream == s
        ));
    }
    assert_eq!(store.head_position().expect("head"), 2);
    assert_eq!(store.stream_version(&s).expect("version"), 2);
    assert_eq!(
        store
            .idempotent_result(&IdempotencyKey::new("k").expect("valid key"))
            .expect("lookup"),
        Some(KeyedAppend {
            append: first,
            fingerprint: fingerprint(1)
        })
    );

    let repo = Repository::<Tally, _>::new(&store);
    let id = Uuid::now_v7();
    let t = Tally::stream_of(id);
    let key = IdempotencyKey::new("request-1").expect("valid key");
    repo.execute(&t, &TallyCommand::Open(id), &tally_ctx(), Some(&key))
        .expect("open");
    let head = store.head_position().expect("head");
    let other = repo.execute(&t, &TallyCommand::Add(5), &tally_ctx(), Some(&key));
    assert!(
        matches!(other, Err(RepoError::IdempotencyKeyConflict { ref stream }) if *stream == t),
        "a key reused for another command must be refused, got {other:?}"
    );
    let list = [TallyCommand::Open(id), TallyCommand::Add(1)];
    assert!(matches!(
        repo.execute_all(&t, &list, &tally_ctx(), Some(&key)),
        Err(RepoError::IdempotencyKeyConflict { .. })
    ));
    assert_eq!(store.head_position().expect("head"), head);
    assert_eq!(repo.load(&t).expect("load").state.total, 0);
}

/// A retried command (same key, same command) is answered with the first
/// execution's events and append, `replayed` set, and nothing appended; the first
/// execution says it was not replayed.
pub fn a_replayed_result_says_it_was_replayed<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let repo = Repository::<Tally, _>::new(&store);
    let id = Uuid::now_v7();
    let t = Tally::stream_of(id);
    let plain = repo
        .execute(&t, &TallyCommand::Open(id), &tally_ctx(), None)
        .expect("open");
    assert!(!plain.replayed);
    let key = IdempotencyKey::new("add-2").expect("valid key");
    let list = [TallyCommand::Add(2), TallyCommand::Add(3)];
    let first = repo
        .execute_all(&t, &list, &tally_ctx(), Some(&key))
        .expect("first");
    assert!(!first.replayed, "the first execution appended now");
    let head = store.head_position().expect("head");
    for _ in 0..2 {
        let again = repo
            .execute_all(&t, &list, &tally_ctx(), Some(&key))
            .expect("retry");
        assert!(again.replayed, "a retry must say it was replayed");
        assert_eq!(again.append, first.append);
        assert_eq!(again.events, first.events);
        assert_eq!(again.state.total, 5);
    }
    assert_eq!(store.head_position().expect("head"), head);
    // A single command and a list of that one command are the same request.
    let one = IdempotencyKey::new("add-4").expect("valid key");
    let first = repo
        .execute(&t, &TallyCommand::Add(4), &tally_ctx(), Some(&one))
        .expect("add 4");
    let again = repo
        .execute_all(&t, &[TallyCommand::Add(4)], &tally_ctx(), Some(&one))
        .expect("add 4 as a list");
    assert!(!first.replayed && again.replayed);
    assert_eq!(again.append, first.append);
}

/// A create that mints its id, retried with its key, finds the stream the first
/// attempt created: one entity, the first result replayed, nothing appended; the
/// key leads to that stream through the store's lookup. Other content under the
/// same key is refused.
pub fn a_create_retried_by_its_key_finds_its_stream<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let repo = Repository::<Tally, _>::new(&store);
    let key = IdempotencyKey::new("post-tally-1").expect("valid key");
    assert_eq!(repo.find_by_key(&key).expect("lookup"), None);
    let create = |id| vec![TallyCommand::Open(id), TallyCommand::Add(7)];
    let first = repo
        .execute_new(create, &tally_ctx(), &key)
        .expect("create");
    assert!(!first.executed.replayed);
    let t = Tally::stream_of(first.id);
    assert_eq!(first.executed.append.stream, t);
    let head = store.head_position().expect("head");
    let retry = repo.execute_new(create, &tally_ctx(), &key).expect("retry");
    assert_eq!(retry.id, first.id, "a retried create must find its stream");
    assert!(retry.executed.replayed);
    assert_eq!(retry.executed.append, first.executed.append);
    assert_eq!(retry.executed.state.total, 7);
    assert_eq!(store.head_position().expect("head"), head);
    assert_eq!(repo.find_by_key(&key).expect("lookup"), Some(t.clone()));
    assert_eq!(
        store
            .idempotent_result(&key)
            .expect("lookup")
            .map(|k| k.append.stream),
        Some(t)
    );
    let other = repo.execute_new(
        |id| vec![TallyCommand::Open(id), TallyCommand::Add(8)],
        &tally_ctx(),
        &key,
    );
    assert!(matches!(
        other,
        Err(RepoError::IdempotencyKeyConflict { .. })
    ));
    // A refused create appends nothing and leaves its key unused.
    let refused = IdempotencyKey::new("post-tally-2").expect("valid key");
    let err = repo.execute_new(
        |id| vec![TallyCommand::Open(id), TallyCommand::Add(0)],
        &tally_ctx(),
        &refused,
    );
    assert!(matches!(
        err,
        Err(RepoError::CommandRefused {
            index: 1,
            error: TallyError::Zero
        })
    ));
    assert_eq!(repo.find_by_key(&refused).expect("lookup"), None);
    assert_eq!(store.head_position().expect("head"), head);
}

/// [`StreamEvents`] reads exactly the stream's events from any version, whatever the
/// page size, and ends.
pub fn stream_reads_page_through_the_whole_stream<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let s = stream("paged");
    for i in 0..9 {
        store
            .append(&s, ExpectedVersion::Any, events(i * 10, i % 3 + 1), None)
            .expect("append");
        store
            .append(
                &stream("paged-other"),
                ExpectedVersion::Any,
                events(i, 1),
                None,
            )
            .expect("append");
    }
    let whole = store.read_stream(&s, 1, usize::MAX).expect("read");
    assert_eq!(whole.len(), 18);
    for from in [0, 1, 5, 18, 19] {
        for page in [1, 2, 7, 18, 100] {
            let got: Vec<RecordedEvent> = StreamEvents::new(&store, &s, from, page)
                .collect::<Result<_, _>>()
                .expect("paged read");
            let want: Vec<RecordedEvent> = whole
                .iter()
                .skip((from as usize).max(1) - 1)
                .cloned()
                .collect();
            assert_eq!(got, want, "from {from}, page {page}");
        }
    }
    assert_eq!(
        StreamEvents::new(&store, &stream("nothing"), 1, 4).count(),
        0
    );
}

/// Snapshots and checkpoints read back what was saved; the latest save wins.
pub fn snapshots_and_checkpoints_round_trip<S: FullStore>(make: &impl Fn() -> S) {
    let store = make();
    let s = stream("snap");
    assert_eq!(store.load_snapshot(&s).expect("load"), None);
    let one = Snapshot {
        version: 3,
        schema: 1,
        state: b"{\"x\":1}".to_vec(),
    };
    let two = Snapshot {
        version: 9,
        schema: 2,
        state: (0..=255u8).collect(),
    };
    store.save_snapshot(&s, &one).expect("save");
    assert_eq!(store.load_snapshot(&s).expect("load"), Some(one));
    store.save_snapshot(&s, &two).expect("save");
    assert_eq!(store.load_snapshot(&s).expect("load"), Some(two));
    assert_eq!(store.load_snapshot(&stream("other")).expect("load"), None);

    assert_eq!(store.load_checkpoint("caseload").expect("load"), None);
    store.save_checkpoint("caseload", 42).expect("save");
    store.save_checkpoint("trends", 7).expect("save");
    store.save_checkpoint("caseload", 43).expect("save");
    assert_eq!(store.load_checkpoint("caseload").expect("load"), Some(43));
    assert_eq!(store.load_checkpoint("trends").expect("load"), Some(7));
}

/// Many threads racing on one stream (and on their own): exactly one winner per
/// version, no event lost or duplicated, global positions gap-free.
pub fn racing_appends_have_one_winner_per_version<S: FullStore>(make: &impl Fn() -> S) {
    const THREADS: u64 = 8;
    const PER_THREAD: u64 = 25;
    let store = make();
    let shared = stream("race");
    let winners: Vec<Vec<(u64, Uuid)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let store = &store;
                let shared = &shared;
                scope.spawn(move || {
                    let own = stream(&format!("race-own-{t}"));
                    let mut won = Vec::new();
                    for i in 0..PER_THREAD {
                        let n = t * 1000 + i;
                        store
                            .append(&own, ExpectedVersion::Any, events(n, 1), None)
                            .expect("own stream");
                        loop {
                            let v = store.stream_version(shared).expect("version");
                            let e = event(n);
                            let id = e.event_id;
                            match store.append(shared, ExpectedVersion::Exact(v), vec![e], None) {
                                Ok(r) => {
                                    assert_eq!(r.first_version, v + 1);
                                    won.push((r.first_version, id));
                                    break;
                                }
                                Err(StoreError::WrongExpectedVersion { .. }) => continue,
                                Err(e) => panic!("unexpected store error in race: {e}"),
                            }
                        }
                    }
                    won
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("racing thread panicked"))
            .collect()
    });
    let mut by_version: HashMap<u64, Uuid> = HashMap::new();
    for (v, id) in winners.into_iter().flatten() {
        assert!(
            by_version.insert(v, id).is_none(),
            "two winners for version {v}"
        );
    }
    let read = store.read_stream(&shared, 1, usize::MAX).expect("read");
    assert_eq!(read.len() as u64, THREADS * PER_THREAD);
    for e in &read {
        assert_eq!(
            by_version.get(&e.version),
            Some(&e.event_id),
            "version {} is not its winner's event",
            e.version
        );
    }
    let all = read_all(&store);
    assert_eq!(all.len() as u64, 2 * THREADS * PER_THREAD);
    assert!(
        all.iter()
            .enumerate()
            .all(|(i, e)| e.position == i as u64 + 1)
    );
    let ids: HashSet<Uuid> = all.iter().map(|e| e.event_id).collect();
    assert_eq!(ids.len(), all.len(), "an event was duplicated");
}

#[derive(Clone, Debug)]
enum Op {
    Append {
        stream: u8,
        expected: Expect,
        count: u8,
        /// The key, and which of two requests it is sent with (its fingerprint).
        key: Option<(u8, u8)>,
    },
    ReadStream {
        stream: u8,
        from: u8,
        limit: u8,
    },
    ReadAll {
        from: u8,
        limit: u8,
    },
}

#[derive(Clone, Copy, Debug)]
enum Expect {
    Any,
    NoStream,
    Right,
    Wrong,
}

fn op() -> impl Strategy<Value = Op> {
    let expect = prop_oneof![
        Just(Expect::Any),
        Just(Expect::NoStream),
        Just(Expect::Right),
        Just(Expect::Wrong)
    ];
    prop_oneof![
        4 => (0..3u8, expect, 0..4u8, proptest::option::of((0..4u8, 0..2u8)))
            .prop_map(|(stream, expected, count, key)| Op::Append { stream, expected, count, key }),
        1 => (0..3u8, 0..8u8, 0..6u8).prop_map(|(stream, from, limit)| Op::ReadStream { stream, from, limit }),
        1 => (0..12u8, 0..6u8).prop_map(|(from, limit)| Op::ReadAll { from, limit }),
    ]
}

/// The model: the log as a `Vec` of (stream, event id), plus the keys' first
/// results: (stream, first and last index in the log, request).
#[derive(Default)]
struct Model {
    log: Vec<(u8, Uuid)>,
    keys: HashMap<u8, (u8, usize, usize, u8)>,
}

impl Model {
    fn version(&self, stream: u8) -> u64 {
        self.log.iter().filter(|(s, _)| *s == stream).count() as u64
    }
}

/// Random sequences of appends and reads behave as a `Vec` of events does.
pub fn random_operations_behave_as_the_model<S: FullStore>(make: &impl Fn() -> S) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(32);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let names: Vec<StreamId> = (0..3).map(|i| stream(&format!("m{i}"))).collect();
    let result = runner.run(&proptest::collection::vec(op(), 1..40), |ops| {
        let store = make();
        let mut model = Model::default();
        for op in ops {
            match op {
                Op::Append {
                    stream,
                    expected,
                    count,
                    key,
                } => {
                    let actual = model.version(stream);
                    let expected = match expected {
                        Expect::Any => ExpectedVersion::Any,
                        Expect::NoStream => ExpectedVersion::NoStream,
                        Expect::Right => ExpectedVersion::Exact(actual),
                        Expect::Wrong => ExpectedVersion::Exact(actual + 1),
                    };
                    let batch = events(model.log.len() as u64, count as u64);
                    let ids: Vec<Uuid> = batch.iter().map(|e| e.event_id).collect();
                    let idem = key.map(|(k, request)| keyed(&format!("k{k}"), request.into()));
                    let got = store.append(&names[stream as usize], expected, batch, idem.as_ref());
                    if count == 0 {
                        // An empty append is refused before anything else is checked.
                        prop_assert!(
                            matches!(got, Err(StoreError::EmptyAppend)),
                            "empty append accepted"
                        );
                        continue;
                    }
                    let used = key.and_then(|(k, _)| model.keys.get(&k).copied());
                    let request = key.map(|(_, request)| request);
                    match (used, got) {
                        (Some((s, _, _, first_request)), got)
                            if s == stream && Some(first_request) != request =>
                        {
                            prop_assert!(
                                matches!(got, Err(StoreError::IdempotencyKeyConflict { .. })),
                                "key reused for another request"
                            );
                        }
                        (Some((s, first, last, _)), got) if s == stream => {
                            let r = got.expect("a repeated key returns the first result");
                            prop_assert_eq!(
                                (r.first_position, r.last_position),
                                (first as u64 + 1, last as u64 + 1)
                            );
                        }
                        (Some(_), got) => {
                            prop_assert!(
                                matches!(got, Err(StoreError::IdempotencyKeyReused { .. })),
                                "key reused on another stream"
                            );
                        }
                        (None, Err(StoreError::WrongExpectedVersion { actual: a, .. })) => {
                            prop_assert!(!expected.admits(actual));
                            prop_assert_eq!(a, actual);
                        }
                        (None, Ok(r)) => {
                            prop_assert!(expected.admits(actual));
                            let first = model.log.len();
                            model.log.extend(ids.iter().map(|id| (stream, *id)));
                            prop_assert_eq!(r.first_position, first as u64 + 1);
                            prop_assert_eq!(r.last_version, actual + count as u64);
                            if let Some((k, request)) = key {
                                model
                                    .keys
                                    .insert(k, (stream, first, model.log.len() - 1, request));
                            }
                        }
                        (None, Err(e)) => prop_assert!(false, "unexpected error {e}"),
                    }
                }
                Op::ReadStream {
                    stream,
                    from,
                    limit,
                } => {
                    let got: Vec<Uuid> = store
                        .read_stream(&names[stream as usize], from as u64, limit as usize)
                        .expect("read")
                        .iter()
                        .map(|e| e.event_id)
                        .collect();
                    let want: Vec<Uuid> = model
                        .log
                        .iter()
                        .filter(|(s, _)| *s == stream)
                        .map(|(_, id)| *id)
                        .skip((from as usize).saturating_sub(1))
                        .take(limit as usize)
                        .collect();
                    prop_assert_eq!(got, want);
                }
                Op::ReadAll { from, limit } => {
                    let got: Vec<Uuid> = store
                        .read_all(from as u64, limit as usize)
                        .expect("read all")
                        .iter()
                        .map(|e| e.event_id)
                        .collect();
                    let want: Vec<Uuid> = model
                        .log
                        .iter()
                        .map(|(_, id)| *id)
                        .skip((from as usize).saturating_sub(1))
                        .take(limit as usize)
                        .collect();
                    prop_assert_eq!(got, want);
                }
            }
        }
        prop_assert_eq!(store.head_position().expect("head"), model.log.len() as u64);
        Ok(())
    });
    if let Err(e) = result {
        panic!("the store departs from the model: {e}");
    }
}
