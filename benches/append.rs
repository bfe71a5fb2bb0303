//! Store throughput against raw sled, measured in the same run so the ratios hold
//! on a noisy machine: `cargo bench --bench append`.
//!
//! - append of one small event, `Durability::Buffered` vs raw `Tree::insert` of the
//!   same number of bytes as the stored commit record;
//! - append with `Durability::Flush` vs raw insert + `Db::flush`;
//! - reading a 1,000-event stream vs a raw range scan of 1,000 keys of the same size;
//! - opening a store of 10,000 commits (which builds the in-memory index) vs sled
//!   opening and scanning 10,000 records of the same size.

use std::hint::black_box;
use std::time::Duration;

use carers::core::es::{EventStore, ExpectedVersion};
use carers::core::testkit::{event, stream};
use carers::sled_store::{Config, Durability, SledStore};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn open(dir: &std::path::Path, durability: Durability) -> SledStore {
    SledStore::open_with(Config::new(dir).durability(durability)).expect("open bench store")
}

/// The key and value sizes of one stored single-event commit, so raw sled writes
/// the same number of bytes.
fn record_size() -> (usize, usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(dir.path(), Durability::Buffered);
    store
        .append(&stream("size"), ExpectedVersion::Any, vec![event(1)], None)
        .expect("append");
    drop(store);
    let db = raw_open(dir.path());
    let log = db.open_tree("log").expect("log tree");
    let (key, value) = log.first().expect("read").expect("one record");
    (key.len(), value.len())
}

/// A raw key of `len` bytes that sorts by `n`, like the store's position-first keys.
fn raw_key(n: u64, len: usize) -> Vec<u8> {
    let mut key = n.to_be_bytes().to_vec();
    key.resize(len.max(8), b'k');
    key
}

fn appends(c: &mut Criterion) {
    let (key_len, size) = record_size();
    let value = vec![0x5a_u8; size];
    for (name, durability, flush) in [
        ("append_buffered", Durability::Buffered, false),
        ("append_flush", Durability::Flush, true),
    ] {
        let mut group = c.benchmark_group(name);
        group.throughput(criterion::Throughput::Elements(1));

        let dir = tempfile::tempdir().expect("temp dir");
        let db = sled::open(dir.path()).expect("raw sled");
        let tree = db.open_tree("raw").expect("tree");
        let mut key = 0u64;
        group.bench_function("raw_sled_insert", |b| {
            b.iter(|| {
                key += 1;
                tree.insert(raw_key(key, key_len), value.as_slice())
                    .expect("insert");
                if flush {
                    db.flush().expect("flush");
                }
            })
        });

        let dir = tempfile::tempdir().expect("temp dir");
        let store = open(dir.path(), durability);
        let s = stream("bench");
        let mut n = 0;
        group.bench_function("store_append", |b| {
            // Building the event (uuids, strings) is the caller's work, not the store's.
            b.iter_batched(
                || {
                    n += 1;
                    vec![event(n)]
                },
                |batch| {
                    black_box(
                        store
                            .append(&s, ExpectedVersion::Any, batch, None)
                            .expect("append"),
                    )
                },
                BatchSize::SmallInput,
            )
        });
        group.finish();
    }
}

fn reads(c: &mut Criterion) {
    let (key_len, size) = record_size();
    let mut group = c.benchmark_group("read_stream_1000");
    group.throughput(criterion::Throughput::Elements(1000));

    let dir = tempfile::tempdir().expect("temp dir");
    let db = sled::open(dir.path()).expect("raw sled");
    let tree = db.open_tree("raw").expect("tree");
    for k in 0..1000u64 {
        tree.insert(raw_key(k, key_len), vec![0x5a_u8; size])
            .expect("insert");
    }
    group.bench_function("raw_range_scan", |b| {
        b.iter(|| {
            let n = tree
                .range(0u64.to_be_bytes()..)
                .map(|kv| kv.expect("scan").1.len())
                .sum::<usize>();
            black_box(n)
        })
    });

    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(dir.path(), Durability::Buffered);
    let s = stream("reader");
    for n in 0..1000 {
        store
            .append(&s, ExpectedVersion::Any, vec![event(n)], None)
            .expect("append");
        // Another stream interleaved, as in a real log.
        store
            .append(&stream("other"), ExpectedVersion::Any, vec![event(n)], None)
            .expect("append");
    }
    group.bench_function("store_read_stream", |b| {
        b.iter(|| black_box(store.read_stream(&s, 1, 1000).expect("read").len()))
    });
    group.finish();
}

/// sled 0.34 releases a dropped `Db`'s directory lock from a background thread
/// (spacejam/sled#1234), so an immediate reopen may have to try again.
fn raw_open(dir: &std::path::Path) -> sled::Db {
    let started = std::time::Instant::now();
    loop {
        match sled::open(dir) {
            Ok(db) => return db,
            // Only the late lock release is waited for, and not for ever.
            Err(_) if started.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(e) => panic!("raw sled does not open: {e}"),
        }
    }
}

/// Opening builds the in-memory index from every commit's header: compared with
/// sled opening the same amount of data and scanning it.
fn opens(c: &mut Criterion) {
    const COMMITS: u64 = 10_000;
    let (key_len, size) = record_size();
    let mut group = c.benchmark_group("open_10000_commits");
    group.sample_size(10);

    let raw_dir = tempfile::tempdir().expect("temp dir");
    {
        let db = raw_open(raw_dir.path());
        let tree = db.open_tree("raw").expect("tree");
        for k in 0..COMMITS {
            tree.insert(raw_key(k, key_len), vec![0x5a_u8; size])
                .expect("insert");
        }
        db.flush().expect("flush");
    }
    group.bench_function("raw_sled_open_and_scan", |b| {
        b.iter(|| {
            let db = raw_open(raw_dir.path());
            let tree = db.open_tree("raw").expect("tree");
            black_box(tree.iter().count())
        })
    });

    let dir = tempfile::tempdir().expect("temp dir");
    {
        let store = open(dir.path(), Durability::Buffered);
        for n in 0..COMMITS {
            let s = stream(&format!("case{}", n % 100));
            store
                .append(&s, ExpectedVersion::Any, vec![event(n)], None)
                .expect("append");
        }
    }
    group.bench_function("store_open", |b| {
        b.iter(|| black_box(open(dir.path(), Durability::Buffered).head_position()))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = appends, reads, opens
}
criterion_main!(benches);
