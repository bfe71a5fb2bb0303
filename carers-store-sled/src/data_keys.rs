//! The store's [`KeyStore`](carers_core::es::KeyStore): each subject's data key in
//! the `keys` tree, under the subject's stream id (which holds no personal data).
//!
//! A value is the core's key record ([`key_record`]): the key in plain (no
//! key-encryption key) or sealed under the key-encryption key, or a destroyed
//! key's tombstone (kept, so no key is ever made for the subject again).
//! Destroying overwrites the value and flushes. sled may keep the old value's bytes
//! in its log files until it rewrites them: without a key-encryption key, a copy
//! of the files taken before then still holds the key (SECURITY.md).

use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

use carers_core::es::key_record;
use carers_core::es::seal::{self, DataKey, KeyState};
use carers_core::es::{StoreError, StreamId};

use crate::store::backend;

/// The `keys` tree with a cache of the keys read so far.
pub(crate) struct DataKeys {
    tree: sled::Tree,
    kek: Option<DataKey>,
    cache: RwLock<HashMap<StreamId, KeyState>>,
    /// Serialises making and destroying keys (reads go through the cache).
    writer: Mutex<()>,
}

fn corrupt() -> StoreError {
    StoreError::CorruptRecord { what: "data key" }
}

impl DataKeys {
    pub(crate) fn new(tree: sled::Tree, kek: Option<DataKey>) -> Self {
        Self {
            tree,
            kek,
            cache: RwLock::new(HashMap::new()),
            writer: Mutex::new(()),
        }
    }

    /// Wraps every data key kept unwrapped (made before a key-encryption key was
    /// given) under it, so that adding one protects the keys already made.
    pub(crate) fn wrap_plain_keys(&self) -> Result<(), StoreError> {
        if self.kek.is_none() {
            return Ok(());
        }
        for entry in self.tree.iter() {
            let (subject, value) = entry.map_err(backend)?;
            if key_record::is_plain(&value) {
                let KeyState::Active(key) = self.decode(&value)? else {
                    return Err(corrupt());
                };
                self.tree
                    .insert(subject, self.encode(&key).as_slice())
                    .map_err(backend)?;
            }
        }
        Ok(())
    }

    fn cached(&self, subject: &StreamId) -> Option<KeyState> {
        self.cache
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(subject)
            .cloned()
    }

    /// Caches what was read or written. A destroyed key is never brought back: a
    /// reader that read the key just before it was destroyed must not cache it
    /// over the tombstone.
    fn remember(&self, subject: &StreamId, state: KeyState) {
        let mut cache = self.cache.write().unwrap_or_else(|p| p.into_inner());
        if !matches!(cache.get(subject), Some(KeyState::Destroyed)) {
            cache.insert(subject.clone(), state);
        }
    }

    /// Checks the key-encryption key against the check value stored with the
    /// first one given, or stores it: a store is opened with the key-encryption key
    /// it was first given, or none if it was given none, never silently otherwise.
    pub(crate) fn check_kek(meta: &sled::Tree, kek: Option<&DataKey>) -> Result<(), StoreError> {
        const CHECK: &[u8] = b"carers key-encryption key check";
        match (meta.get(crate::keys::KEK_CHECK).map_err(backend)?, kek) {
            (None, None) => Ok(()),
            (None, Some(kek)) => {
                meta.insert(crate::keys::KEK_CHECK, seal::seal(kek, CHECK).as_bytes())
                    .map_err(backend)?;
                Ok(())
            }
            (Some(_), None) => Err(key_record::NO_KEK),
            (Some(check), Some(kek))
                if key_record::open_wrapped(kek, &check)?.as_slice() == CHECK =>
            {
                Ok(())
            }
            (Some(_), Some(_)) => Err(key_record::WRONG_KEK),
        }
    }

    fn decode(&self, value: &[u8]) -> Result<KeyState, StoreError> {
        key_record::decode(value, self.kek.as_ref())
    }

    fn encode(&self, key: &DataKey) -> zeroize::Zeroizing<Vec<u8>> {
        key_record::encode(key, self.kek.as_ref())
    }

    pub(crate) fn key_state(&self, subject: &StreamId) -> Result<Option<KeyState>, StoreError> {
        if let Some(state) = self.cached(subject) {
            return Ok(Some(state));
        }
        let Some(value) = self.tree.get(subject.as_str()).map_err(backend)? else {
            return Ok(None);
        };
        let state = self.decode(&value)?;
        self.remember(subject, state.clone());
        Ok(Some(state))
    }

    /// Makes the key if there is none. It is durable with the next flush, which
    /// comes no later than the flush of the append it seals for (sled flushes the
    /// whole database in order), so no event is stored under a key a crash loses.
    pub(crate) fn data_key(&self, subject: &StreamId) -> Result<DataKey, StoreError> {
        let destroyed = || StoreError::KeyDestroyed {
            subject: subject.clone(),
        };
        match self.key_state(subject)? {
            Some(KeyState::Active(key)) => return Ok(key),
            Some(KeyState::Destroyed) => return Err(destroyed()),
            None => {}
        }
        let _writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        // Another thread may have made it while we waited.
        match self.key_state(subject)? {
            Some(KeyState::Active(key)) => return Ok(key),
            Some(KeyState::Destroyed) => return Err(destroyed()),
            None => {}
        }
        let key = DataKey::generate();
        self.tree
            .insert(subject.as_str(), self.encode(&key).as_slice())
            .map_err(backend)?;
        self.remember(subject, KeyState::Active(key.clone()));
        Ok(key)
    }

    pub(crate) fn destroy_key(&self, subject: &StreamId, db: &sled::Db) -> Result<(), StoreError> {
        let _writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        self.tree
            .insert(subject.as_str(), &key_record::DESTROYED_RECORD)
            .map_err(backend)?;
        // Erasure is done only once it is on disk.
        db.flush().map_err(backend)?;
        self.remember(subject, KeyState::Destroyed);
        Ok(())
    }
}
