//! The sled store's data keys: kept across reopening, destroyed for good, and
//! wrapped under the operator's key-encryption key when one is given.

use carers_core::es::{DataKey, KeyState, KeyStore, StoreError, StreamId};
use carers_store_sled::{Config, SledStore};

fn subject(n: u128) -> StreamId {
    StreamId::for_entity("carer", uuid::Uuid::from_u128(n))
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
    let mut files = Vec::new();
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(path) = stack.pop() {
        for entry in std::fs::read_dir(&path).expect("reads the directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.extend(std::fs::read(&path).expect("reads a file"));
            }
        }
    }
    assert!(
        !files.windows(32).any(|w| w == key.as_bytes()),
        "a data key is stored unwrapped"
    );
    for wrong in [None, Some(DataKey::generate())] {
        let config = match wrong {
            None => Config::new(dir.path()),
            Some(k) => Config::new(dir.path()).key_encryption_key(k),
        };
        let store = SledStore::open_with(config).expect("opens");
        assert!(
            matches!(store.data_key(&s), Err(StoreError::Unavailable { .. })),
            "a wrapped key opened without its key-encryption key"
        );
    }
    let store =
        SledStore::open_with(Config::new(dir.path()).key_encryption_key(kek)).expect("opens");
    assert_eq!(
        store.data_key(&s).expect("unwraps").as_bytes(),
        key.as_bytes()
    );
}
