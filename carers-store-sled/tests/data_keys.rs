//! The sled store's data keys: kept across reopening, destroyed for good, and
//! wrapped under the operator's key-encryption key when one is given.

use carers_core::es::{DataKey, KeyState, KeyStore, StoreError, StreamId};
use carers_store_sled::{Config, SledStore};

fn subject(n: u128) -> StreamId {
    StreamId::for_entity("carer", uuid::Uuid::from_u128(n))
}

/// Every byte of every file under `dir`.
fn every_byte(dir: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        for entry in std::fs::read_dir(&path).expect("reads the directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                bytes.extend(std::fs::read(&path).expect("reads a file"));
            }
        }
    }
    bytes
}

#[test]
fn data_keys_survive_reopening_and_a_destroyed_key_stays_destroyed() {
    let dir = tempfile::tempdir().expect("a directory");
    let (kept, erased) = (subject(1), subject(2));
    let key = {
        let store = SledStore::open(dir.path()).expect("opens");
        let key = store.data_key(&kept).expect("made");
        store.data_key(&erased).expect("made");
        store.destroy_key(&erased).expect("destroyed");
        key
    };
    let store = SledStore::open(dir.path()).expect("reopens");
    assert_eq!(
        store.data_key(&kept).expect("kept").as_bytes(),
        key.as_bytes()
    );
    assert!(matches!(
        store.key_state(&erased),
        Ok(Some(KeyState::Destroyed))
    ));
    assert!(matches!(
        store.data_key(&erased),
        Err(StoreError::KeyDestroyed { .. })
    ));
}

#[test]
fn wrapped_data_keys_open_only_with_their_key_encryption_key() {
    let dir = tempfile::tempdir().expect("a directory");
    let kek = DataKey::generate();
    let s = subject(3);
    let key = {
        let store = SledStore::open_with(Config::new(dir.path()).key_encryption_key(kek.clone()))
            .expect("opens");
        store.data_key(&s).expect("made")
    };
    // The key's bytes are not in the store's files: only its wrapped form is.
    let files = every_byte(dir.path());
    assert!(
        !files.windows(32).any(|w| w == key.as_bytes()),
        "a data key is stored unwrapped"
    );
    // Opened without it, or with another, the store refuses to open.
    for wrong in [None, Some(DataKey::generate())] {
        let config = match wrong {
            None => Config::new(dir.path()),
            Some(k) => Config::new(dir.path()).key_encryption_key(k),
        };
        assert!(
            matches!(
                SledStore::open_with(config),
                Err(StoreError::Unavailable { .. })
            ),
            "a store of wrapped keys opened without its key-encryption key"
        );
    }
    let store =
        SledStore::open_with(Config::new(dir.path()).key_encryption_key(kek)).expect("opens");
    assert_eq!(
        store.data_key(&s).expect("unwraps").as_bytes(),
        key.as_bytes()
    );
}

#[test]
fn a_key_encryption_key_given_later_wraps_the_keys_already_made() {
    let dir = tempfile::tempdir().expect("a directory");
    let s = subject(4);
    let key = SledStore::open(dir.path())
        .expect("opens")
        .data_key(&s)
        .expect("made");
    let kek = DataKey::generate();
    drop(
        SledStore::open_with(Config::new(dir.path()).key_encryption_key(kek.clone()))
            .expect("opens"),
    );
    // (sled may keep the unwrapped record in a log segment until it rewrites it:
    // SECURITY.md.) Reopened with it, the same key unwraps; without it, no open.
    let store =
        SledStore::open_with(Config::new(dir.path()).key_encryption_key(kek)).expect("opens");
    assert_eq!(
        store.data_key(&s).expect("unwraps").as_bytes(),
        key.as_bytes()
    );
    drop(store);
    assert!(matches!(
        SledStore::open(dir.path()),
        Err(StoreError::Unavailable { .. })
    ));
}
