//! The engine's behaviour through its public API: repository, snapshots, time
//! travel, idempotency, conflicts and projections, on the in-memory store.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use carers_core::es::scenario::given;
use carers_core::es::*;
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Counter {
    total: u32,
    adds: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum CounterEvent {
    Added { by: u32 },
    Reset,
}
impl DomainEvent for CounterEvent {}

#[derive(Debug, PartialEq, thiserror::Error)]
enum CounterError {
    #[error("adding zero records nothing")]
    AddZero,
}

#[derive(Clone, Debug, Serialize)]
enum Cmd {
    Add(u32),
    AddTwice(u32),
    Reset,
}

impl Aggregate for Counter {
    type Command = Cmd;
    type Event = CounterEvent;
    type Error = CounterError;
    type Policy = ();
    const CATEGORY: &'static str = "counter";
    fn default_access() -> Arc<dyn AccessPolicy<Self>> {
        Arc::new(Unrestricted)
    }

    fn decide(&self, cmd: &Cmd, _ctx: &Context, _: &()) -> Result<Vec<CounterEvent>, CounterError> {
        match cmd {
            Cmd::Add(0) | Cmd::AddTwice(0) => Err(CounterError::AddZero),
            Cmd::Add(by) => Ok(vec![CounterEvent::Added { by: *by }]),
            Cmd::AddTwice(by) => Ok(vec![CounterEvent::Added { by: *by }; 2]),
            Cmd::Reset if self.total == 0 => Ok(vec![]),
            Cmd::Reset => Ok(vec![CounterEvent::Reset]),
        }
    }

    fn apply(&mut self, event: &CounterEvent) {
        match event {
            CounterEvent::Added { by } => {
                self.total += by;
                self.adds += 1;
            }
            CounterEvent::Reset => self.total = 0,
        }
    }
}

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_750_000_000 + secs, 0)
        .single()
        .expect("in range")
}

fn ctx(secs: i64) -> Context {
    Context::new(
        Actor::new("staff-7", "carers-hub", "support-worker"),
        at(secs),
    )
}

fn new_stream() -> StreamId {
    Counter::stream_of(Uuid::now_v7())
}

#[test]
fn given_when_then_checks_events_and_errors() {
    given::<Counter>([])
        .when(&Cmd::Add(2), &ctx(0))
        .then_events([CounterEvent::Added { by: 2 }]);
    given::<Counter>([CounterEvent::Added { by: 2 }])
        .when(&Cmd::Add(0), &ctx(0))
        .then_error(CounterError::AddZero);
    let state = given::<Counter>([CounterEvent::Added { by: 2 }])
        .when(&Cmd::Reset, &ctx(0))
        .state_after();
    assert_eq!(state.total, 0);
}

#[test]
fn execute_records_events_with_metadata_and_refusals_append_nothing() {
    let repo = Repository::<Counter, _>::new(MemoryStore::new());
    let s = new_stream();
    let c = ctx(5).caused_by(Uuid::now_v7());
    let done = repo
        .execute(&s, &Cmd::AddTwice(4), &c, None)
        .expect("accepted");
    assert_eq!(done.state.total, 8);
    assert_eq!(
        (done.append.first_version, done.append.last_version),
        (1, 2)
    );
    let err = repo.execute(&s, &Cmd::Add(0), &c, None).unwrap_err();
    assert!(matches!(err, RepoError::Domain(CounterError::AddZero)));
    let stored = repo.store().read_stream(&s, 1, 10).expect("read");
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].recorded_at, at(5));
    assert_eq!(stored[0].metadata.actor, c.actor);
    assert_eq!(stored[0].metadata.correlation_id, c.correlation_id);
    assert_eq!(stored[0].metadata.causation_id, c.causation_id);
    assert_eq!(stored[0].metadata.command_id, stored[1].metadata.command_id);
    assert_ne!(stored[0].event_id, stored[1].event_id);
    // A command that decides nothing touches nothing.
    let s2 = new_stream();
    let none = repo
        .execute(&s2, &Cmd::Reset, &c, None)
        .expect("no-op accepted");
    assert!(none.events.is_empty());
    assert_eq!(repo.store().head_position().expect("head"), 2);
}

#[test]
fn snapshots_shorten_loads_and_a_stale_schema_is_replayed() {
    let store = MemoryStore::new();
    let repo =
        Repository::<Counter, _>::new(&store).with_snapshots(SnapshotPolicy::EveryNEvents(3));
    let s = new_stream();
    for i in 1..=7 {
        repo.execute(&s, &Cmd::Add(i), &ctx(i as i64), None)
            .expect("accepted");
    }
    let snap = store
        .load_snapshot(&s)
        .expect("load")
        .expect("a snapshot was taken");
    assert_eq!(snap.version, 6);
    let loaded = repo.load(&s).expect("load");
    assert_eq!((loaded.state.total, loaded.version), (28, 7));
    // Prove the snapshot is used: doctor it, and the load reflects the doctored state.
    let doctored = Counter {
        total: 1000,
        adds: 6,
    };
    store
        .save_snapshot(
            &s,
            &Snapshot {
                version: 6,
                schema: 1,
                state: serde_json::to_vec(&doctored).unwrap(),
            },
        )
        .expect("save");
    assert_eq!(repo.load(&s).expect("load").state.total, 1007);
    // A snapshot of another schema is ignored: the events are the truth.
    store
        .save_snapshot(
            &s,
            &Snapshot {
                version: 6,
                schema: 99,
                state: serde_json::to_vec(&doctored).unwrap(),
            },
        )
        .expect("save");
    assert_eq!(repo.load(&s).expect("load").state.total, 28);
}

#[test]
fn load_as_of_shows_what_was_known_then() {
    let repo = Repository::<Counter, _>::new(MemoryStore::new());
    let s = new_stream();
    for i in 1..=5 {
        repo.execute(&s, &Cmd::Add(1), &ctx(i * 10), None)
            .expect("accepted");
    }
    assert_eq!(repo.load_as_of(&s, at(0)).expect("load").version, 0);
    let mid = repo.load_as_of(&s, at(30)).expect("load");
    assert_eq!((mid.state.total, mid.version), (3, 3));
    assert_eq!(repo.load_as_of(&s, at(35)).expect("load").version, 3);
    assert_eq!(repo.load_as_of(&s, at(1000)).expect("load").state.total, 5);
}

#[test]
fn an_idempotency_key_executes_once() {
    let repo = Repository::<Counter, _>::new(MemoryStore::new());
    let s = new_stream();
    let key = IdempotencyKey::new("request-1").expect("valid key");
    let first = repo
        .execute(&s, &Cmd::Add(5), &ctx(1), Some(&key))
        .expect("first");
    let again = repo
        .execute(&s, &Cmd::Add(5), &ctx(2), Some(&key))
        .expect("repeat");
    assert_eq!(again.append, first.append);
    assert_eq!(again.events, first.events);
    assert_eq!(repo.load(&s).expect("load").state.total, 5);
    // The same key on another stream is refused, not answered with this stream's events.
    let other = new_stream();
    let err = repo
        .execute(&other, &Cmd::Add(5), &ctx(3), Some(&key))
        .unwrap_err();
    assert!(
        matches!(err, RepoError::Store(StoreError::IdempotencyKeyReused { first_stream }) if first_stream == s)
    );
    assert_eq!(repo.store().stream_version(&other).expect("version"), 0);
}

/// A store whose first `interfere` appends are beaten by another writer.
struct Contended {
    inner: MemoryStore,
    interfere: AtomicU32,
}

impl EventStore for Contended {
    fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
        key: Option<&Idempotency>,
    ) -> Result<AppendResult, StoreError> {
        if self.interfere.load(Ordering::SeqCst) > 0 {
            self.interfere.fetch_sub(1, Ordering::SeqCst);
            let rival = events[0].clone();
            self.inner.append(
                stream,
                ExpectedVersion::Any,
                vec![NewEvent {
                    event_id: Uuid::now_v7(),
                    ..rival
                }],
                None,
            )?;
        }
        self.inner.append(stream, expected, events, key)
    }
    fn idempotent_result(&self, key: &IdempotencyKey) -> Result<Option<KeyedAppend>, StoreError> {
        self.inner.idempotent_result(key)
    }
    fn read_stream(
        &self,
        stream: &StreamId,
        from: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        self.inner.read_stream(stream, from, limit)
    }
    fn read_all(&self, from: u64, limit: usize) -> Result<Vec<RecordedEvent>, StoreError> {
        self.inner.read_all(from, limit)
    }
    fn stream_version(&self, stream: &StreamId) -> Result<u64, StoreError> {
        self.inner.stream_version(stream)
    }
    fn head_position(&self) -> Result<u64, StoreError> {
        self.inner.head_position()
    }
}

impl KeyStore for Contended {
    fn data_key(&self, subject: &StreamId) -> Result<DataKey, StoreError> {
        self.inner.data_key(subject)
    }
    fn key_state(&self, subject: &StreamId) -> Result<Option<KeyState>, StoreError> {
        self.inner.key_state(subject)
    }
    fn destroy_key(&self, subject: &StreamId) -> Result<(), StoreError> {
        self.inner.destroy_key(subject)
    }
}

impl SnapshotStore for Contended {
    fn save_snapshot(&self, stream: &StreamId, snapshot: &Snapshot) -> Result<(), StoreError> {
        self.inner.save_snapshot(stream, snapshot)
    }
    fn load_snapshot(&self, stream: &StreamId) -> Result<Option<Snapshot>, StoreError> {
        self.inner.load_snapshot(stream)
    }
}

/// A store whose idempotency lookups miss while `misses` lasts, as when two
/// requests with the same key both look before either appends.
struct RacingKeys(MemoryStore, AtomicU32);

impl RacingKeys {
    fn missing(lookups: u32) -> Self {
        Self(MemoryStore::new(), AtomicU32::new(lookups))
    }
}

impl EventStore for RacingKeys {
    fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
        key: Option<&Idempotency>,
    ) -> Result<AppendResult, StoreError> {
        self.0.append(stream, expected, events, key)
    }
    fn idempotent_result(&self, key: &IdempotencyKey) -> Result<Option<KeyedAppend>, StoreError> {
        if self
            .1
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Ok(None);
        }
        self.0.idempotent_result(key)
    }
    fn read_stream(
        &self,
        stream: &StreamId,
        from: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        self.0.read_stream(stream, from, limit)
    }
    fn read_all(&self, from: u64, limit: usize) -> Result<Vec<RecordedEvent>, StoreError> {
        self.0.read_all(from, limit)
    }
    fn stream_version(&self, stream: &StreamId) -> Result<u64, StoreError> {
        self.0.stream_version(stream)
    }
    fn head_position(&self) -> Result<u64, StoreError> {
        self.0.head_position()
    }
}

impl KeyStore for RacingKeys {
    fn data_key(&self, subject: &StreamId) -> Result<DataKey, StoreError> {
        self.0.data_key(subject)
    }
    fn key_state(&self, subject: &StreamId) -> Result<Option<KeyState>, StoreError> {
        self.0.key_state(subject)
    }
    fn destroy_key(&self, subject: &StreamId) -> Result<(), StoreError> {
        self.0.destroy_key(subject)
    }
}

impl SnapshotStore for RacingKeys {
    fn save_snapshot(&self, stream: &StreamId, snapshot: &Snapshot) -> Result<(), StoreError> {
        self.0.save_snapshot(stream, snapshot)
    }
    fn load_snapshot(&self, stream: &StreamId) -> Result<Option<Snapshot>, StoreError> {
        self.0.load_snapshot(stream)
    }
}

#[test]
fn a_keyed_command_that_loses_the_race_reports_the_winners_events() {
    let repo = Repository::<Counter, _>::new(RacingKeys::missing(u32::MAX));
    let s = new_stream();
    let key = IdempotencyKey::new("request-9").expect("valid key");
    let won = repo
        .execute(&s, &Cmd::Add(2), &ctx(1), Some(&key))
        .expect("first request");
    assert_eq!(won.events, vec![CounterEvent::Added { by: 2 }]);
    assert!(!won.replayed);
    // The second request misses the key on lookup, decides again and appends: the
    // store answers with the first request's append, and so must the repository.
    let lost = repo
        .execute(&s, &Cmd::Add(2), &ctx(2), Some(&key))
        .expect("second request");
    assert!(lost.replayed);
    assert_eq!(lost.append, won.append);
    assert_eq!(lost.events, vec![CounterEvent::Added { by: 2 }]);
    assert_eq!(lost.state.total, 2);
    // Another command racing under the same key is refused by the store itself.
    let other = repo.execute(&s, &Cmd::Add(7), &ctx(3), Some(&key));
    assert!(matches!(
        other,
        Err(RepoError::IdempotencyKeyConflict { stream }) if stream == s
    ));
    assert_eq!(repo.load(&s).expect("load").state.total, 2);
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Ledger {
    owner: Option<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum LedgerEvent {
    Opened(Uuid),
}
impl DomainEvent for LedgerEvent {}

impl Aggregate for Ledger {
    type Command = Uuid;
    type Event = LedgerEvent;
    type Error = CounterError;
    type Policy = ();
    const CATEGORY: &'static str = "ledger";
    fn default_access() -> Arc<dyn AccessPolicy<Self>> {
        Arc::new(Unrestricted)
    }
    fn entity_of(id: &Uuid) -> Option<Uuid> {
        Some(*id)
    }
    fn decide(&self, id: &Uuid, _: &Context, _: &()) -> Result<Vec<LedgerEvent>, CounterError> {
        Ok(vec![LedgerEvent::Opened(*id)])
    }
    fn apply(&mut self, LedgerEvent::Opened(id): &LedgerEvent) {
        self.owner = Some(*id);
    }
}

#[test]
fn a_create_that_loses_the_race_for_its_key_replays_the_winners_entity() {
    // The first request creates; the second misses the key on its first lookup (the
    // two looked before either appended), mints another id and is refused by the
    // store: it looks again and replays the winner's creation.
    let repo = Repository::<Ledger, _>::new(RacingKeys::missing(0));
    let key = IdempotencyKey::new("post-1").expect("valid key");
    let won = repo
        .execute_new(|id| vec![id], &ctx(1), &key)
        .expect("first request");
    repo.store().1.store(1, Ordering::SeqCst);
    let lost = repo
        .execute_new(|id| vec![id], &ctx(2), &key)
        .expect("second request");
    assert_eq!(lost.id, won.id);
    assert!(lost.executed.replayed);
    assert_eq!(lost.executed.append, won.executed.append);
    assert_eq!(repo.store().head_position().expect("head"), 1);
    // A key used on another aggregate's stream is not taken for this one's.
    let counter_key = IdempotencyKey::new("counter-key").expect("valid key");
    repo.store()
        .append(
            &new_stream(),
            ExpectedVersion::Any,
            vec![carers_core::testkit::event(1)],
            Some(&carers_core::testkit::keyed("counter-key", 1)),
        )
        .expect("append");
    assert!(matches!(
        repo.execute_new(|id| vec![id], &ctx(3), &counter_key),
        Err(RepoError::Store(StoreError::IdempotencyKeyReused { .. }))
    ));
}

fn add_all(numbers: &[u32]) -> Vec<Cmd> {
    numbers.iter().map(|n| Cmd::Add(*n)).collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// `execute_all` appends every command's events in one append, each decided on
    /// the state before it, or nothing at all: any refused command (here, adding
    /// zero) leaves the store as it was and is named by its index.
    #[test]
    fn a_list_of_commands_is_one_append_or_nothing(
        before in proptest::collection::vec(1..4u32, 0..3),
        numbers in proptest::collection::vec(0..4u32, 0..8),
        keyed in proptest::bool::ANY,
    ) {
        let repo = Repository::<Counter, _>::new(MemoryStore::new());
        let s = new_stream();
        if !before.is_empty() {
            repo.execute_all(&s, &add_all(&before), &ctx(0), None).expect("setup");
        }
        let head = repo.store().head_position().expect("head");
        let key = IdempotencyKey::new("list").expect("valid key");
        let result = repo.execute_all(&s, &add_all(&numbers), &ctx(1), keyed.then_some(&key));
        match numbers.iter().position(|n| *n == 0) {
            Some(first_zero) => {
                let named = matches!(
                    result,
                    Err(RepoError::CommandRefused { index, error: CounterError::AddZero }) if index == first_zero
                );
                proptest::prop_assert!(named, "the refusal must name command {}", first_zero);
                proptest::prop_assert_eq!(repo.store().head_position().expect("head"), head);
                proptest::prop_assert_eq!(repo.store().idempotent_result(&key).expect("lookup"), None);
            }
            None if numbers.is_empty() => {
                // Nothing to decide, nor to ask the access policy about: refused.
                proptest::prop_assert!(matches!(result, Err(RepoError::NoCommands)));
                proptest::prop_assert_eq!(repo.store().head_position().expect("head"), head);
            }
            None => {
                let done = result.expect("accepted");
                proptest::prop_assert_eq!(done.append.first_position, head + 1);
                proptest::prop_assert_eq!(done.append.last_position, head + numbers.len() as u64);
                proptest::prop_assert_eq!(done.state.total, before.iter().chain(&numbers).sum::<u32>());
                let stored = repo.store().read_stream(&s, done.append.first_version, 100).expect("read");
                proptest::prop_assert_eq!(stored.len(), numbers.len());
                // Each command's events carry their own command id.
                let ids: std::collections::HashSet<Uuid> = stored.iter().map(|e| e.metadata.command_id).collect();
                proptest::prop_assert_eq!(ids.len(), numbers.len());
                proptest::prop_assert_eq!(repo.load(&s).expect("load").state, done.state);
            }
        }
    }
}

#[test]
fn each_command_of_a_list_is_decided_on_the_state_the_ones_before_it_made() {
    let repo = Repository::<Counter, _>::new(MemoryStore::new());
    let s = new_stream();
    // Reset decides nothing on a zero total, and a Reset event after an Add.
    let done = repo
        .execute_all(
            &s,
            &[Cmd::Reset, Cmd::Add(3), Cmd::Reset, Cmd::Add(1)],
            &ctx(0),
            None,
        )
        .expect("accepted");
    assert_eq!(
        done.events,
        vec![
            CounterEvent::Added { by: 3 },
            CounterEvent::Reset,
            CounterEvent::Added { by: 1 }
        ]
    );
    assert_eq!(done.state.total, 1);
    assert_eq!(
        (done.append.first_version, done.append.last_version),
        (1, 3)
    );
}

#[test]
fn keyed_commands_take_snapshots_too() {
    let store = MemoryStore::new();
    let repo =
        Repository::<Counter, _>::new(&store).with_snapshots(SnapshotPolicy::EveryNEvents(2));
    let s = new_stream();
    for i in 1..=3 {
        let key = IdempotencyKey::new(format!("k{i}")).expect("valid key");
        repo.execute(&s, &Cmd::Add(i), &ctx(i as i64), Some(&key))
            .expect("accepted");
    }
    assert_eq!(
        store.load_snapshot(&s).expect("load").map(|x| x.version),
        Some(2)
    );
}

#[test]
fn conflicts_are_retried_then_reported() {
    let store = Contended {
        inner: MemoryStore::new(),
        interfere: AtomicU32::new(2),
    };
    let repo = Repository::<Counter, _>::new(&store).with_max_attempts(3);
    let s = new_stream();
    let done = repo
        .execute(&s, &Cmd::Add(1), &ctx(1), None)
        .expect("third attempt wins");
    assert_eq!(done.append.last_version, 3);
    assert_eq!(done.state.total, 3);

    store.interfere.store(10, Ordering::SeqCst);
    let before = store.head_position().expect("head");
    let err = repo.execute(&s, &Cmd::Add(1), &ctx(2), None).unwrap_err();
    assert!(matches!(err, RepoError::Conflict { attempts: 3, .. }));
    // Only the rivals' events landed: ours never did.
    assert_eq!(store.head_position().expect("head"), before + 3);
}

#[derive(Default)]
struct Totals {
    seen: Vec<u64>,
    total: u32,
    codec: Codec<CounterEvent>,
}

impl Projection for Totals {
    fn name(&self) -> &str {
        "totals"
    }
    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        let e = self.codec.decode(
            &event.event_type,
            event.schema_version,
            &event.payload,
            event.position,
        )?;
        if let CounterEvent::Added { by } = e {
            self.total += by;
        }
        self.seen.push(event.position);
        Ok(())
    }
    fn reset(&mut self) {
        self.seen.clear();
        self.total = 0;
    }
}

#[test]
fn projections_catch_up_from_their_checkpoint_and_rebuild() {
    let store = MemoryStore::new();
    let repo = Repository::<Counter, _>::new(&store);
    for i in 1..=5 {
        repo.execute(&new_stream(), &Cmd::Add(i), &ctx(0), None)
            .expect("accepted");
    }
    let runner = ProjectionRunner::new(2);
    let mut p = Totals::default();
    assert_eq!(
        runner.catch_up(&store, &mut p).expect("catch up"),
        CatchUp {
            handled: 5,
            checkpoint: 5
        }
    );
    assert_eq!(store.load_checkpoint("totals").expect("load"), Some(5));
    repo.execute(&new_stream(), &Cmd::Add(10), &ctx(0), None)
        .expect("accepted");
    assert_eq!(
        runner.catch_up(&store, &mut p).expect("catch up").handled,
        1
    );
    assert_eq!(p.seen, vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(p.total, 25);
    let rebuilt = runner.rebuild(&store, &mut p).expect("rebuild");
    assert_eq!(rebuilt.handled, 6);
    assert_eq!(p.seen, vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(p.total, 25);
}

#[test]
fn a_projection_stops_at_an_undecodable_event_and_keeps_its_checkpoint() {
    let store = MemoryStore::new();
    let repo = Repository::<Counter, _>::new(&store);
    repo.execute(&new_stream(), &Cmd::Add(1), &ctx(0), None)
        .expect("accepted");
    let mut alien = carers_core::testkit::event(1);
    alien.event_type = "Unknown".into();
    store
        .append(&new_stream(), ExpectedVersion::Any, vec![alien], None)
        .expect("append");
    repo.execute(&new_stream(), &Cmd::Add(1), &ctx(0), None)
        .expect("accepted");
    let mut p = Totals::default();
    let err = ProjectionRunner::default()
        .catch_up(&store, &mut p)
        .unwrap_err();
    assert!(matches!(
        err,
        ProjectionError::Codec(CodecError::UnknownEventType { position: 2, .. })
    ));
    assert_eq!(store.load_checkpoint("totals").expect("load"), Some(1));
    assert_eq!(p.seen, vec![1]);
}
