//! # carers-store-sled
//!
//! A durable event store for `carers-core` on [`sled`] 0.34: [`SledStore`]
//! implements `EventStore`, `SnapshotStore` and `CheckpointStore` and passes the
//! core's conformance kit.
//!
//! ```
//! use carers_core::es::{EventStore, ExpectedVersion};
//! use carers_store_sled::SledStore;
//!
//! let store = SledStore::temporary()?;
//! let stream = carers_core::es::StreamId::parse("carer-0193")?;
//! # let event = carers_core::testkit::event(1);
//! let appended = store.append(&stream, ExpectedVersion::NoStream, vec![event], None)?;
//! assert_eq!(appended.last_position, 1);
//! assert_eq!(store.read_stream(&stream, 1, 10)?.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Layout: the log is the truth, indexes are derived
//!
//! | tree | key | value |
//! | --- | --- | --- |
//! | `log` | global position of a commit's first event (u64 BE) | the commit: stream, first version, idempotency key, every event of one append, CRC-32 |
//! | `streams` | stream id length, stream id, last version of a commit (u64 BE) | the commit's position |
//! | `idempotency` | the caller's key | the commit's position |
//! | `snapshots` | stream id | version, schema, state, CRC-32 |
//! | `checkpoints` | projection name | position, CRC-32 |
//! | `meta` | `format`, `indexed_up_to` | format version; last commit whose index entries are written |
//!
//! An append is **one** `insert` into `log`: sled's multi-key transactions and
//! batches measure 3–6× slower than a single insert, so atomicity comes from
//! putting the whole commit in one record instead. Under the store's append lock the
//! expected version and the idempotency key are checked, positions assigned, the
//! commit inserted, then the index entries (plain, idempotent inserts).
//!
//! ## Durability
//!
//! [`Durability::Flush`] (the default) flushes sled after each append: an
//! acknowledged append survives a crash. [`Durability::Buffered`] leaves the flush
//! to sled's background thread (every 500 ms by default): a crash can lose the most
//! recent acknowledged commits, always a suffix of the log and never part of a
//! commit.
//!
//! What each costs, from `cargo bench --bench append` on the project's 2-core
//! machine (one small event per append, against raw sled in the same run):
//!
//! | | store append | raw sled | ratio |
//! | --- | --- | --- | --- |
//! | `Buffered` | ~12 µs | `insert` ~5.5 µs | 0.45 |
//! | `Flush` | ~123 µs | `insert` + `flush` ~106 µs | 0.86 |
//!
//! The difference is the stream-index insert and the record's encoding and CRC.
//! A flushed append is bound by the disk's flush, so the store adds little there.
//!
//! If a flush fails, `append` returns the error but the commit may already be
//! visible: retry with the same idempotency key to be safe.
//!
//! "On disk" means what sled's `flush` gives. sled 0.34 flushes with
//! `sync_file_range`, which survives a process crash but is not a full `fsync`
//! of the file's metadata on every file system (spacejam/sled#1452): against power
//! loss, run on a file system and disk that honour it, or replicate. The crash
//! test kills the process; it does not cut the power.
//!
//! ## Recovery
//!
//! sled recovers a prefix of its writes, so an index entry never survives without
//! its commit. Opening the store re-derives the index entries of the commits after
//! the `indexed_up_to` mark (written every [`Config::index_mark_every`] commits, on
//! [`SledStore::flush`] and on drop), so at most that many commits are re-indexed.
//!
//! ## Damage
//!
//! Every record carries a CRC-32 over its key and body. A damaged commit is
//! [`StoreError::Corrupt`](carers_core::es::StoreError::Corrupt) with its position; a
//! damaged index, snapshot or checkpoint is `CorruptRecord`. Nothing is skipped and
//! nothing panics. A store written by a newer format is refused with
//! `UnsupportedFormat`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod config;
mod index;
mod keys;
mod record;
mod store;

pub use config::{Config, Durability};
pub use store::{FORMAT_VERSION, SledStore};
