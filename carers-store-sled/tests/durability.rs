//! Reopen, recovery, damage and format checks on a store in a real directory.

use carers_core::es::{
    CheckpointStore, ErrorKind, EventStore, ExpectedVersion, GlobalLog, IdempotencyKey, Projection,
    ProjectionError, ProjectionRunner, RecordedEvent, ServiceError, Snapshot, SnapshotStore,
    StoreError,
};
use carers_core::testkit::{events, fingerprint, keyed, stream};
use carers_store_sled::{FORMAT_VERSION, SledStore};

/// Opens the directory with plain sled, waiting for the dropped store's lock (sled
/// 0.34 releases it from a background thread, sled issue #1234).
fn raw_sled(dir: &std::path::Path) -> sled::Db {
    for _ in 0..100 {
        if let Ok(db) = sled::open(dir) {
            return db;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    sled::open(dir).expect("raw sled opens once the store has released its lock")
}

fn everything(store: &SledStore) -> Vec<RecordedEvent> {
    GlobalLog::new(store, 1, 50)
        .collect::<Result<_, _>>()
        .expect("read the log")
}

#[test]
fn reopened_store_reads_back_bit_for_bit_and_keeps_checkpoints() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (before, key_result) = {
        let store = SledStore::open(dir.path()).expect("open");
        for i in 0..30u64 {
            let s = stream(&format!("r{}", i % 4));
            store
                .append(&s, ExpectedVersion::Any, events(i * 10, i % 3 + 1), None)
                .expect("append");
        }
        let r = store
            .append(
                &stream("keyed"),
                ExpectedVersion::NoStream,
                events(999, 2),
                Some(&keyed("k", 1)),
            )
            .expect("keyed");
        store.save_checkpoint("caseload", 17).expect("checkpoint");
        store
            .save_snapshot(
                &stream("r1"),
                &Snapshot {
                    version: 3,
                    schema: 1,
                    state: vec![1, 2, 3],
                },
            )
            .expect("snapshot");
        (everything(&store), r)
    };
    let store = SledStore::open(dir.path()).expect("reopen");
    assert_eq!(everything(&store), before);
    assert_eq!(store.head_position().expect("head"), before.len() as u64);
    assert_eq!(
        store.load_checkpoint("caseload").expect("checkpoint"),
        Some(17)
    );
    assert_eq!(
        store
            .load_snapshot(&stream("r1"))
            .expect("snapshot")
            .map(|s| s.state),
        Some(vec![1, 2, 3])
    );
    assert_eq!(
        store
            .idempotent_result(&IdempotencyKey::new("k").expect("valid key"))
            .expect("lookup")
            .map(|k| (k.append, k.fingerprint)),
        Some((key_result, fingerprint(1)))
    );
    for i in 0..4 {
        let s = stream(&format!("r{i}"));
        let from_log: Vec<_> = before.iter().filter(|e| e.stream == s).cloned().collect();
        assert_eq!(store.read_stream(&s, 1, 1000).expect("read"), from_log);
    }
    // Appends continue where the log left off.
    let r = store
        .append(&stream("r0"), ExpectedVersion::Any, events(5000, 1), None)
        .expect("append");
    assert_eq!(r.first_position, before.len() as u64 + 1);
}

#[test]
fn the_index_is_rebuilt_from_the_log_alone_at_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = stream("idx");
    let key = keyed("a", 7);
    let first = {
        let store = SledStore::open(dir.path()).expect("open");
        let first = store
            .append(&s, ExpectedVersion::NoStream, events(0, 2), Some(&key))
            .expect("append");
        store
            .append(
                &stream("other"),
                ExpectedVersion::NoStream,
                events(2, 1),
                None,
            )
            .expect("append");
        store
            .append(&s, ExpectedVersion::Exact(2), events(3, 3), None)
            .expect("append");
        first
    };
    let store = SledStore::open(dir.path()).expect("reopen");
    assert_eq!(store.stream_version(&s).expect("version"), 5);
    assert_eq!(store.head_position().expect("head"), 6);
    let tail = store.read_stream(&s, 2, 10).expect("read");
    assert_eq!(
        tail.iter()
            .map(|e| (e.version, e.position))
            .collect::<Vec<_>>(),
        [(2, 2), (3, 4), (4, 5), (5, 6)]
    );
    let found = store.idempotent_result(&key.key).expect("lookup");
    assert_eq!(
        found.map(|k| (k.append, k.fingerprint)),
        Some((first, key.fingerprint))
    );
    // The fingerprint was rebuilt from the log too: another request under the key is refused.
    assert!(matches!(
        store.append(&s, ExpectedVersion::Any, events(8, 1), Some(&keyed("a", 8))),
        Err(StoreError::IdempotencyKeyConflict { .. })
    ));
    assert!(matches!(
        store.append(&s, ExpectedVersion::Exact(2), events(9, 1), None),
        Err(StoreError::WrongExpectedVersion { actual: 5, .. })
    ));
}

/// The `log` key of the commit at `position` (the store's layout: position, then stream).
fn commit_key(position: u64, stream_name: &str) -> Vec<u8> {
    let mut key = position.to_be_bytes().to_vec();
    key.extend_from_slice(stream(stream_name).as_str().as_bytes());
    key
}

fn flip_a_byte_of_commit(dir: &std::path::Path, position: u64, stream_name: &str, at: usize) {
    let db = raw_sled(dir);
    let log = db.open_tree("log").expect("log tree");
    let key = commit_key(position, stream_name);
    let mut value = log
        .get(&key)
        .expect("get")
        .expect("the commit is there")
        .to_vec();
    let i = at.min(value.len() - 1);
    value[i] ^= 0x20;
    log.insert(key, value).expect("insert");
    db.flush().expect("flush");
}

/// Five single-event commits: `c` at positions 1, 3, 4; `d` at 2 and 5.
fn two_streams(dir: &std::path::Path) {
    let store = SledStore::open(dir).expect("open");
    for name in ["c", "d", "c", "c", "d"] {
        store
            .append(&stream(name), ExpectedVersion::Any, events(0, 1), None)
            .expect("append");
    }
}

#[test]
fn a_damaged_commit_is_reported_with_its_position_and_spares_other_streams() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_streams(dir.path());
    flip_a_byte_of_commit(dir.path(), 3, "c", 40);
    let store = SledStore::open(dir.path()).expect("a damaged commit does not fail the open");
    let corrupt_at_3 =
        |r: Result<_, StoreError>| matches!(r, Err(StoreError::Corrupt { position: 3 }));
    assert_eq!(store.read_all(1, 2).expect("before the damage").len(), 2);
    assert!(corrupt_at_3(store.read_all(1, 10).map(|_| ())));
    assert!(matches!(store.read_all(4, 10), Ok(v) if v.len() == 2));
    let err = GlobalLog::new(&store, 1, 1)
        .find_map(Result::err)
        .expect("the iterator reports the damage");
    assert!(matches!(err, StoreError::Corrupt { position: 3 }));
    // The damaged stream is reported whole, never read short or appended to.
    let c = stream("c");
    assert!(corrupt_at_3(store.read_stream(&c, 1, 10).map(|_| ())));
    assert!(corrupt_at_3(store.read_stream(&c, 1, 1).map(|_| ())));
    assert!(corrupt_at_3(store.stream_version(&c).map(|_| ())));
    assert!(corrupt_at_3(
        store
            .append(&c, ExpectedVersion::Any, events(9, 1), None)
            .map(|_| ())
    ));
    // Other streams carry on.
    let d = stream("d");
    assert_eq!(store.read_stream(&d, 1, 10).expect("read d").len(), 2);
    let r = store
        .append(&d, ExpectedVersion::Exact(2), events(9, 1), None)
        .expect("append to an undamaged stream");
    assert_eq!((r.first_version, r.first_position), (3, 6));
}

#[test]
fn a_damaged_last_commit_stops_appends_but_not_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_streams(dir.path());
    flip_a_byte_of_commit(dir.path(), 5, "d", 10);
    let store = SledStore::open(dir.path()).expect("a damaged commit does not fail the open");
    // Its length is unknown, so no position after it can be given out.
    for name in ["c", "d", "new"] {
        assert!(matches!(
            store.append(&stream(name), ExpectedVersion::Any, events(9, 1), None),
            Err(StoreError::Corrupt { position: 5 })
        ));
    }
    assert!(matches!(
        store.head_position(),
        Err(StoreError::Corrupt { position: 5 })
    ));
    assert_eq!(
        store
            .read_stream(&stream("c"), 1, 10)
            .expect("read c")
            .len(),
        3
    );
    assert_eq!(store.read_all(1, 4).expect("before the damage").len(), 4);
}

#[test]
fn a_hole_in_the_log_fails_the_open_with_its_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_streams(dir.path());
    {
        let db = raw_sled(dir.path());
        let log = db.open_tree("log").expect("log tree");
        log.remove(commit_key(3, "c")).expect("remove");
        db.flush().expect("flush");
    }
    assert!(matches!(
        SledStore::open(dir.path()),
        Err(StoreError::Corrupt { position: 3 })
    ));
}

#[test]
fn damaged_checkpoints_and_snapshots_are_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let store = SledStore::open(dir.path()).expect("open");
        store.save_checkpoint("p", 5).expect("save");
        store
            .save_snapshot(
                &stream("s"),
                &Snapshot {
                    version: 1,
                    schema: 1,
                    state: vec![7; 20],
                },
            )
            .expect("save");
    }
    {
        let db = raw_sled(dir.path());
        let cp = db.open_tree("checkpoints").unwrap();
        let mut v = cp.get("p").unwrap().unwrap().to_vec();
        v[6] ^= 1;
        cp.insert("p", v).unwrap();
        let sn = db.open_tree("snapshots").unwrap();
        let k = stream("s").as_str().as_bytes().to_vec();
        let mut v = sn.get(&k).unwrap().unwrap().to_vec();
        v[20] ^= 1;
        sn.insert(k, v).unwrap();
        db.flush().unwrap();
    }
    let store = SledStore::open(dir.path()).expect("open");
    assert!(matches!(
        store.load_checkpoint("p"),
        Err(StoreError::CorruptRecord { what: "checkpoint" })
    ));
    assert!(matches!(
        store.load_snapshot(&stream("s")),
        Err(StoreError::CorruptRecord { what: "snapshot" })
    ));
}

#[test]
fn a_store_of_another_format_is_refused() {
    for other in [FORMAT_VERSION + 1, FORMAT_VERSION - 1] {
        let dir = tempfile::tempdir().expect("temp dir");
        drop(SledStore::open(dir.path()).expect("open"));
        {
            let db = raw_sled(dir.path());
            db.open_tree("meta")
                .unwrap()
                .insert("format", &other.to_be_bytes())
                .unwrap();
            db.flush().unwrap();
        }
        assert!(matches!(
            SledStore::open(dir.path()),
            Err(StoreError::UnsupportedFormat { found, supported }) if found == other && supported == FORMAT_VERSION
        ));
    }
}

#[test]
fn many_threads_on_shared_and_distinct_streams_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SledStore::open(dir.path()).expect("open");
    std::thread::scope(|scope| {
        for t in 0..6u64 {
            let store = &store;
            scope.spawn(move || {
                for i in 0..40 {
                    let target = if i % 2 == 0 {
                        stream("shared")
                    } else {
                        stream(&format!("own{t}"))
                    };
                    store
                        .append(&target, ExpectedVersion::Any, events(t * 1000 + i, 2), None)
                        .expect("append");
                }
            });
        }
    });
    drop(store);
    let store = SledStore::open(dir.path()).expect("reopen");
    let all = everything(&store);
    assert_eq!(all.len(), 6 * 40 * 2);
    assert!(
        all.iter()
            .enumerate()
            .all(|(i, e)| e.position == i as u64 + 1)
    );
    let shared = store
        .read_stream(&stream("shared"), 1, 10_000)
        .expect("read");
    assert_eq!(shared.len(), 6 * 20 * 2);
    assert!(
        shared
            .iter()
            .enumerate()
            .all(|(i, e)| e.version == i as u64 + 1)
    );
    // Each batch of two stays together, in order: every append wrote events n and
    // n + 1 (the number is the payload's first 8 bytes) at adjacent positions, and
    // the stream starts at version 1, so its pairs are exactly the batches.
    let number =
        |e: &RecordedEvent| u64::from_be_bytes(e.payload[..8].try_into().expect("8-byte prefix"));
    for pair in shared.chunks(2) {
        assert_eq!(pair[0].position + 1, pair[1].position, "a batch was split");
        assert_eq!(
            number(&pair[0]) + 1,
            number(&pair[1]),
            "a batch was split or reordered"
        );
    }
    let ids: std::collections::HashSet<_> = all.iter().map(|e| e.event_id).collect();
    assert_eq!(ids.len(), all.len());
}

#[test]
fn a_directory_held_by_a_live_store_is_refused_after_a_bounded_wait() {
    let dir = tempfile::tempdir().expect("temp dir");
    let _live = SledStore::open(dir.path()).expect("open");
    let started = std::time::Instant::now();
    let refused = SledStore::open(dir.path()).expect_err("the lock is held");
    assert!(matches!(refused, StoreError::Locked), "{refused:?}");
    assert_eq!(refused.kind(), ErrorKind::Unavailable);
    assert_eq!(refused.code(), "store_locked");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn io_failures_are_told_apart_from_damage() {
    // A directory path that is a file: sled cannot create its files there.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("not-a-directory");
    std::fs::write(&file, b"x").expect("write a file");
    let refused = SledStore::open(&file).expect_err("a file is not a store");
    assert!(matches!(refused, StoreError::Io(_)), "{refused:?}");
    assert_eq!(refused.kind(), ErrorKind::Unavailable);
    assert!(std::error::Error::source(&refused).is_some());
}

/// Counts the events it is fed: enough to see where a projection resumes.
#[derive(Default)]
struct Seen(Vec<u64>);

impl Projection for Seen {
    fn name(&self) -> &str {
        "seen"
    }
    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        self.0.push(event.position);
        Ok(())
    }
    fn reset(&mut self) {
        self.0.clear();
    }
}

#[test]
fn projections_resume_from_their_checkpoints_after_a_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let store = SledStore::open(dir.path()).expect("open");
        store
            .append(&stream("p"), ExpectedVersion::Any, events(0, 5), None)
            .expect("append");
        let mut seen = Seen::default();
        ProjectionRunner::new(2)
            .catch_up(&store, &mut seen)
            .expect("catch up");
        assert_eq!(seen.0, vec![1, 2, 3, 4, 5]);
        store
            .append(&stream("p"), ExpectedVersion::Any, events(5, 3), None)
            .expect("append");
    }
    let store = SledStore::open(dir.path()).expect("reopen");
    let mut seen = Seen::default();
    let run = ProjectionRunner::new(2)
        .catch_up(&store, &mut seen)
        .expect("resume");
    assert_eq!(
        seen.0,
        vec![6, 7, 8],
        "resumes after its checkpoint, nothing seen twice"
    );
    assert_eq!(run.checkpoint, 8);
}

/// What a store says about itself: every stream read whole, versions, the head
/// and the result of every idempotency key used.
#[derive(Debug, PartialEq)]
struct Observed {
    streams: Vec<Vec<RecordedEvent>>,
    versions: Vec<u64>,
    head: u64,
    keyed: Vec<Option<carers_core::es::KeyedAppend>>,
}

fn observe(store: &SledStore, names: &[&str], keys: &[IdempotencyKey]) -> Observed {
    Observed {
        streams: names
            .iter()
            .map(|n| store.read_stream(&stream(n), 1, usize::MAX).expect("read"))
            .collect(),
        versions: names
            .iter()
            .map(|n| store.stream_version(&stream(n)).expect("version"))
            .collect(),
        head: store.head_position().expect("head"),
        keyed: keys
            .iter()
            .map(|k| store.idempotent_result(k).expect("lookup"))
            .collect(),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 16, ..Default::default() })]

    /// The index built at open says exactly what the index kept by the appends
    /// said: same streams, versions, head and idempotency results.
    #[test]
    fn the_index_built_at_open_equals_the_one_kept_live(
        appends in proptest::collection::vec(
            (0..4usize, 1..4u64, proptest::option::of((0..6u8, 0..2u64))),
            1..40,
        )
    ) {
        const NAMES: [&str; 4] = ["a", "b", "c", "d"];
        let keys: Vec<IdempotencyKey> =
            (0..6).map(|k| IdempotencyKey::new(format!("key-{k}")).expect("valid key")).collect();
        let dir = tempfile::tempdir().expect("temp dir");
        let live = {
            let store = SledStore::open(dir.path()).expect("open");
            for (n, (s, count, key)) in appends.into_iter().enumerate() {
                let key = key.map(|(k, request)| keyed(keys[k as usize].as_str(), request));
                // A key reused on another stream, or for another request, is
                // refused; that is part of the run.
                let _ = store.append(
                    &stream(NAMES[s]),
                    ExpectedVersion::Any,
                    events(n as u64 * 10, count),
                    key.as_ref(),
                );
            }
            observe(&store, &NAMES, &keys)
        };
        let store = SledStore::open(dir.path()).expect("reopen");
        proptest::prop_assert_eq!(observe(&store, &NAMES, &keys), live);
    }
}
