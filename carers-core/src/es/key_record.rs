//! The stored form of a subject's data key, shared by every store: a tag byte,
//! then the key's 32 bytes in plain (no key-encryption key) or sealed under the
//! operator's key-encryption key; a destroyed key is the tag alone, kept for
//! good so that no key is made for that subject again.

use zeroize::Zeroizing;

use super::seal::{self, DataKey, KeyState};
use super::store::StoreError;

const DESTROYED: u8 = 0;
const PLAIN: u8 = 1;
const WRAPPED: u8 = 2;

/// The stored form of a destroyed key.
pub const DESTROYED_RECORD: [u8; 1] = [DESTROYED];

/// Wrapped keys found, and no key-encryption key given.
pub const NO_KEK: StoreError = StoreError::Unavailable {
    reason: "the store's data keys are wrapped: open it with its key-encryption key",
};

/// A key-encryption key that does not open what it should.
pub const WRONG_KEK: StoreError = StoreError::Unavailable {
    reason: "this is not the store's key-encryption key",
};

fn corrupt() -> StoreError {
    StoreError::CorruptRecord { what: "data key" }
}

/// `key` as stored: wrapped under `kek` when there is one.
pub fn encode(key: &DataKey, kek: Option<&DataKey>) -> Zeroizing<Vec<u8>> {
    let mut value = Zeroizing::new(Vec::with_capacity(96));
    match kek {
        None => {
            value.push(PLAIN);
            value.extend_from_slice(key.as_bytes());
        }
        Some(kek) => {
            value.push(WRAPPED);
            value.extend_from_slice(seal::seal(kek, key.as_bytes()).as_bytes());
        }
    }
    value
}

/// Whether `value` is a key stored in plain (one to wrap once a store is
/// given a key-encryption key).
pub fn is_plain(value: &[u8]) -> bool {
    value.first() == Some(&PLAIN)
}

/// Opens `sealed`, sealed under `kek`.
///
/// # Errors
/// [`WRONG_KEK`] when `kek` does not open it; `CorruptRecord` when it is not a
/// sealed value.
pub fn open_wrapped(kek: &DataKey, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let text = std::str::from_utf8(sealed).map_err(|_| corrupt())?;
    seal::open(kek, text).map_err(|e| match e {
        seal::SealError::WrongKeyOrTampered => WRONG_KEK,
        _ => corrupt(),
    })
}

/// A stored value as a key state.
///
/// # Errors
/// [`NO_KEK`] for a wrapped key without `kek`; [`WRONG_KEK`] when `kek` does
/// not open it; `CorruptRecord` for anything else that is not a key record.
pub fn decode(value: &[u8], kek: Option<&DataKey>) -> Result<KeyState, StoreError> {
    match value.split_first() {
        Some((&DESTROYED, [])) => Ok(KeyState::Destroyed),
        Some((&PLAIN, bytes)) => Ok(KeyState::Active(DataKey::from_bytes(
            bytes.try_into().map_err(|_| corrupt())?,
        ))),
        Some((&WRAPPED, wrapped)) => {
            let bytes = open_wrapped(kek.ok_or(NO_KEK)?, wrapped)?;
            Ok(KeyState::Active(DataKey::from_bytes(
                bytes.as_slice().try_into().map_err(|_| corrupt())?,
            )))
        }
        _ => Err(corrupt()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_plain_or_wrapped_and_a_destroyed_one_as_destroyed() {
        let (key, kek) = (DataKey::generate(), DataKey::generate());
        let same = |state: KeyState| matches!(state, KeyState::Active(k) if k.as_bytes() == key.as_bytes());
        assert!(same(decode(&encode(&key, None), None).expect("plain")));
        let wrapped = encode(&key, Some(&kek));
        assert!(!is_plain(&wrapped) && is_plain(&encode(&key, None)));
        assert!(same(decode(&wrapped, Some(&kek)).expect("wrapped")));
        assert!(matches!(
            decode(&wrapped, None),
            Err(StoreError::Unavailable { .. })
        ));
        let other = DataKey::generate();
        assert!(matches!(
            decode(&wrapped, Some(&other)),
            Err(StoreError::Unavailable { .. })
        ));
        assert!(matches!(
            decode(&DESTROYED_RECORD, None),
            Ok(KeyState::Destroyed)
        ));
        assert!(matches!(
            decode(&[PLAIN, 1, 2], None),
            Err(StoreError::CorruptRecord { .. })
        ));
    }
}
