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
//! ## Layout: the log is the truth, the index lives in memory
//!
//! | tree | key | value |
//! | --- | --- | --- |
//! | `log` | global position of a commit's first event (u64 BE), then its stream id | the commit: stream, first version, idempotency key with the fingerprint of its request, every event of one append, CRC-32 |
//! | `snapshots` | stream id | version, schema, state, CRC-32 |
//! | `checkpoints` | projection name | position, CRC-32 |
//! | `meta` | `format` | format version ([`FORMAT_VERSION`]) |
//!
//! An append is **one** `insert` into `log`: sled's multi-key transactions and
//! batches measure 3–6× slower than a single insert, so atomicity comes from
//! putting the whole commit in one record instead. Under the store's append lock the
//! expected version and the idempotency key are checked against the in-memory
//! index, positions assigned, the commit inserted, and the index updated.
//!
//! The index (each stream's commits as `(first version, position)`, each
//! idempotency key's result and fingerprint, and any damaged commit) is never written to disk, so
//! it cannot disagree with the log: opening the store builds it by reading the
//! header of every commit, as Bitcask builds its key directory. That makes opening
//! O(commits) and the index's memory about 16 bytes per commit, plus each
//! stream's id and each idempotency key with its result and 32-byte fingerprint. A stream read looks its
//! commits up in the index and reads each with one `get`.
//!
//! Keys hold ids and numbers only (stream ids are restricted to an id alphabet), never
//! personal data.
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
//! machine (one small event per append, against raw sled writing the same key and
//! value bytes in the same run; the range over five runs):
//!
//! | | store | raw sled | raw ÷ store |
//! | --- | --- | --- | --- |
//! | `Buffered` append | 5.9–7.1 µs | `insert` 4.3–6.1 µs | 0.63–0.85 |
//! | `Flush` append | 104–131 µs | `insert` + `flush` 94–114 µs | 0.84–0.95 |
//! | reading a 1,000-event stream | 364–376 µs | range scan of 1,000 records 182–203 µs | 0.48–0.56 |
//! | opening 10,000 commits | 9.7–11.2 ms | open + scan 8.4–9.3 ms | 0.79–0.86 |
//!
//! An append adds the record's encoding and CRC and the index update to the one
//! insert. A stream read adds, per event, a `get` (about the cost of a scanned
//! record) and the decoding: the CRC, and building the event from shared parts
//! (its stream, type name and actor decoded once per read, its payload a slice of
//! one buffer per read). A flushed append is bound by the disk's flush.
//!
//! The stream read sits at about half of the raw scan, which touches no byte of
//! the records. Reading the same 1,000 events by a range scan instead of `get`s
//! (as a stream-clustered layout would) measured only 7% faster, so the rest is
//! the checksum and the decoding, which no store can skip.
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
//! sled recovers a prefix of its writes, and a commit is one write, so after a
//! crash the log holds whole commits with gap-free positions; opening rebuilds the
//! index from them. There is nothing else to repair.
//!
//! ## Damage
//!
//! Every record carries a CRC-32 over its key and body. A damaged commit does not
//! stop the store from opening; instead, as [`StoreError::Corrupt`] with its position:
//!
//! - reading the log through it, and reading, versioning or appending to its
//!   stream (named in the key, so the stream is never read short);
//! - if it is the last commit, every append (its length, and so the next free
//!   position, is unknown).
//!
//! Other streams carry on. A hole in the log, or a commit out of its stream's
//! order, means the log was altered rather than crashed: the open fails with
//! `Corrupt` and the first position affected. A damaged snapshot or checkpoint is
//! `CorruptRecord`. Nothing is skipped and nothing panics. A store written in
//! another format version is refused with `UnsupportedFormat`.
//!
//! ## Errors
//!
//! sled's errors are told apart as the store contract names them, and no sled type
//! is part of this crate's API: a directory locked by another process (or a live
//! handle) is `StoreError::Locked` after a bounded wait; an I/O failure is `Io`;
//! corruption sled detects in its own files is `CorruptRecord`; files of another
//! sled version or configuration are `UnsupportedBackendFormat`; anything else is
//! `Backend`. Each has a code and a kind (`carers_core::es::ServiceError`).
//!
//! [`StoreError::Corrupt`]: carers_core::es::StoreError::Corrupt

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::missing_errors_doc)]

mod config;
mod data_keys;
mod index;
mod keys;
mod record;
mod store;

pub use config::{Config, Durability};
pub use store::{FORMAT_VERSION, SledStore};
