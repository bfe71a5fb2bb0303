//! How a [`SledStore`](crate::SledStore) is opened: where, and how durable an append is.

use std::path::PathBuf;

use carers_core::es::DataKey;

/// When an append is on disk.
///
/// Figures from `cargo bench --bench append` on the project's 2-core machine are in
/// the crate docs; run the bench for yours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// `append` returns once the commit is in sled's in-memory log; sled writes it
    /// to disk in the background (every `flush_every_ms`, 500 ms by default). A crash
    /// (of the process or the machine) can lose the most recent acknowledged commits:
    /// always a suffix of the log, never a commit in the middle, never part of one.
    Buffered,
    /// `append` returns after the commit is flushed to disk: an acknowledged append
    /// survives a crash. The default.
    #[default]
    Flush,
}

/// Where and how to open a store.
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) path: Option<PathBuf>,
    pub(crate) durability: Durability,
    pub(crate) flush_every_ms: Option<u64>,
    pub(crate) cache_capacity: u64,
    pub(crate) key_encryption_key: Option<DataKey>,
}

impl Config {
    /// A store in the directory `path` (created if missing), with [`Durability::Flush`].
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: Some(path.into()),
            durability: Durability::Flush,
            flush_every_ms: Some(500),
            cache_capacity: 256 * 1024 * 1024,
            key_encryption_key: None,
        }
    }

    /// A store in a temporary directory, removed when the store is dropped.
    pub fn temporary() -> Self {
        Self {
            path: None,
            ..Self::new("")
        }
    }

    /// Sets when an append is on disk.
    pub fn durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }

    /// How often sled flushes in the background (`None`: only on explicit flushes).
    pub fn flush_every_ms(mut self, every: Option<u64>) -> Self {
        self.flush_every_ms = every;
        self
    }

    /// Wraps every data key under `kek` (envelope encryption), so that a copy of
    /// the store's files alone opens nothing: the operator keeps the key-encryption
    /// key apart from the files (a secrets manager, an HSM-backed store). Without
    /// one, data keys are kept unwrapped in the store's `keys` tree: personal data is
    /// still sealed in every event and snapshot, and erasure still destroys it, but
    /// whoever copies the files copies the keys. A store whose keys were wrapped
    /// must be opened with the same key-encryption key: load it from where it is
    /// kept with `DataKey::from_bytes` (32 bytes); a `DataKey::generate()` made at
    /// each start gives a store that refuses to reopen.
    pub fn key_encryption_key(mut self, kek: DataKey) -> Self {
        self.key_encryption_key = Some(kek);
        self
    }

    /// sled's page cache size in bytes (default 256 MiB).
    pub fn cache_capacity(mut self, bytes: u64) -> Self {
        self.cache_capacity = bytes;
        self
    }
}
