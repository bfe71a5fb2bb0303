//! How to reach the database, and the store's own settings.

use std::time::Duration;

use carers_core::es::seal::DataKey;

/// The store's settings: a connection URL and the rest with defaults.
#[derive(Clone)]
pub struct Config {
    pub(crate) url: String,
    pub(crate) schema: String,
    pub(crate) pool_size: u32,
    pub(crate) connect_timeout: Duration,
    pub(crate) key_encryption_key: Option<DataKey>,
}

impl std::fmt::Debug for Config {
    // The URL may hold a password; the key is a key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("schema", &self.schema)
            .field("pool_size", &self.pool_size)
            .field("connect_timeout", &self.connect_timeout)
            .field("key_encryption_key", &self.key_encryption_key.is_some())
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A store at `url` (`postgres://user:password@host:port/database`, or the
    /// key-value form `host=… user=… dbname=…`), in the schema `carers`, with a
    /// pool of 8 connections, giving up on a connection after 5 seconds.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            schema: "carers".into(),
            pool_size: 8,
            connect_timeout: Duration::from_secs(5),
            key_encryption_key: None,
        }
    }

    /// The PostgreSQL schema the store's tables live in: lower-case letters,
    /// digits and `_`, starting with a letter or `_` (checked on open). Two
    /// stores in one database use two schemas.
    pub fn schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = schema.into();
        self
    }

    /// The most connections the pool opens (at least 1).
    pub fn pool_size(mut self, size: u32) -> Self {
        self.pool_size = size.max(1);
        self
    }

    /// How long to wait for a connection before an operation gives
    /// `Unavailable`.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The operator's key-encryption key: data keys are stored wrapped under
    /// it, and a store that has wrapped keys opens only with it.
    pub fn key_encryption_key(mut self, kek: DataKey) -> Self {
        self.key_encryption_key = Some(kek);
        self
    }
}
