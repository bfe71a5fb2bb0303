//! Each subject's data key, one row of `data_keys`: a tag byte, then the key
//! in plain (no key-encryption key) or sealed under the operator's
//! key-encryption key; a destroyed key is the tag alone, kept for good.

use carers_core::es::StoreError;
use carers_core::es::seal::{self, DataKey, KeyState};
use zeroize::Zeroizing;

const DESTROYED: u8 = 0;
const PLAIN: u8 = 1;
const WRAPPED: u8 = 2;

/// The stored value of a destroyed key.
pub(crate) const DESTROYED_VALUE: [u8; 1] = [DESTROYED];

fn corrupt() -> StoreError {
    StoreError::CorruptRecord { what: "data key" }
}

/// `key` as stored: wrapped under `kek` when there is one.
pub(crate) fn encode(key: &DataKey, kek: Option<&DataKey>) -> Zeroizing<Vec<u8>> {
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

/// A stored value as a key state.
pub(crate) fn decode(value: &[u8], kek: Option<&DataKey>) -> Result<KeyState, StoreError> {
    match value.split_first() {
        Some((&DESTROYED, [])) => Ok(KeyState::Destroyed),
        Some((&PLAIN, bytes)) => Ok(KeyState::Active(DataKey::from_bytes(
            bytes.try_into().map_err(|_| corrupt())?,
        ))),
        Some((&WRAPPED, wrapped)) => {
            let kek = kek.ok_or(StoreError::Unavailable {
                reason: "the store's data keys are wrapped: open it with its key-encryption key",
            })?;
            let text = std::str::from_utf8(wrapped).map_err(|_| corrupt())?;
            let bytes = seal::open(kek, text).map_err(|e| match e {
                seal::SealError::WrongKeyOrTampered => StoreError::Unavailable {
                    reason: "this is not the store's key-encryption key",
                },
                _ => corrupt(),
            })?;
            Ok(KeyState::Active(DataKey::from_bytes(
                bytes.as_slice().try_into().map_err(|_| corrupt())?,
            )))
        }
        _ => Err(corrupt()),
    }
}
