//! A carers-core store on PostgreSQL: [`PostgresStore`] implements
//! [`EventStore`](carers_core::es::EventStore),
//! [`SnapshotStore`](carers_core::es::SnapshotStore),
//! [`CheckpointStore`](carers_core::es::CheckpointStore) and
//! [`KeyStore`](carers_core::es::seal::KeyStore), so that several instances of a
//! service (several processes, several machines) share one store, which a DBA
//! backs up, replicates and recovers to a point in time as any other database.
//!
//! # The contract as implemented
//! - **Order.** Global positions are gap-free and given in commit order: every
//!   append takes the one row of `log_head` `FOR UPDATE` for its transaction, so
//!   appends commit one at a time, and a reader that has seen position `p` never
//!   later sees an event below `p` (the conformance kit's law). Appends to
//!   different streams therefore do not run in parallel inside the database;
//!   that is the price of a log catch-up readers can trust without knowing about
//!   transactions in flight.
//! - **Atomicity.** An append is one transaction: the expected-version check, the
//!   idempotency key (with the command's fingerprint), the events, the stream's
//!   version and the log's head, all or nothing; `unique (stream, version)` and
//!   the primary key on `position` are the last guards.
//! - **Isolation.** `READ COMMITTED` (PostgreSQL's default), made safe by the
//!   row lock above: the checks an append makes are made under it.
//! - **Durability.** What PostgreSQL's `synchronous_commit` gives: with the
//!   default (`on`), an acknowledged append is on the server's disk (and a
//!   synchronous standby's, where one is configured). A server set to `off` may
//!   lose the last acknowledged appends on a crash; set it per role or database
//!   as your recovery objective says.
//! - **Errors.** A server that cannot be reached, a connection lost, a pool
//!   exhausted give [`StoreError::Unavailable`](carers_core::es::StoreError) (the
//!   operation did not run, or its transaction rolled back: retry with the same
//!   idempotency key); a row that does not decode gives `Corrupt` or
//!   `CorruptRecord`; a database migrated by a newer version gives
//!   `UnsupportedFormat`; anything else `Backend`. Nothing panics on the
//!   server's account.
//! - **Schema.** One PostgreSQL schema per store ([`Config::schema`], default
//!   `carers`), created and migrated on open by versioned migrations, under an
//!   advisory lock so that instances starting together migrate once.
//! - **Keys.** Each subject's data key is a row of `data_keys`, wrapped under the
//!   operator's key-encryption key when one is given ([`Config::key_encryption_key`]),
//!   so that a copy of the database alone opens no personal value; a destroyed key
//!   is kept as a tombstone, and no key is made for that subject again.
//! - **Live tail.** Every append notifies the store's channel inside its
//!   transaction (delivered at commit); [`PostgresStore::tail`] gives a
//!   [`Tail`] that waits for it, so a projection sleeps while the store is
//!   idle rather than polling.
//!
//! Not yet: the copy tool between stores, a server-restart test (issue 15).
//!
//! ```no_run
//! use carers_core::es::{EventStore, StreamId};
//! use carers_store_postgres::PostgresStore;
//!
//! let store = PostgresStore::connect("postgres://postgres@127.0.0.1:5432/test")?;
//! assert_eq!(store.head_position()?, 0);
//! # Ok::<(), carers_core::es::StoreError>(())
//! ```

mod config;
mod error;
mod schema;
mod store;
mod tail;

pub use config::Config;
pub use store::PostgresStore;
pub use tail::Tail;
