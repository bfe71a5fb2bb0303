//! Key layout of the trees. Every key is built from ids and numbers only: stream ids
//! (restricted to an id alphabet by `StreamId`), positions, projection names and
//! callers' idempotency keys. No personal data.

use std::ops::Bound;

use carers_core::es::StreamId;

/// `log` key of a commit: the global position of its first event (u64 big-endian,
/// so the tree's order is the log's order), then its stream id. The stream in the
/// key says whose commit it was even when the record itself is damaged. Built on
/// the stack: a stream read looks up many.
pub(crate) struct CommitKey {
    bytes: [u8; 8 + StreamId::MAX_LEN],
    len: usize,
}

impl CommitKey {
    /// The key of the commit at `position` in `stream`.
    pub fn new(position: u64, stream: &StreamId) -> Self {
        let s = stream.as_str().as_bytes();
        let mut bytes = [0; 8 + StreamId::MAX_LEN];
        bytes[..8].copy_from_slice(&position.to_be_bytes());
        // A StreamId is at most MAX_LEN bytes, so it fits.
        bytes[8..8 + s.len()].copy_from_slice(s);
        Self {
            bytes,
            len: 8 + s.len(),
        }
    }
}

impl AsRef<[u8]> for CommitKey {
    fn as_ref(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// The position and stream id bytes of a `log` key.
pub(crate) fn parse_commit(key: &[u8]) -> Option<(u64, &[u8])> {
    let (position, stream) = key.split_at_checked(8)?;
    Some((parse_u64(position)?, stream))
}

/// The end bound of the `log` keys of commits that start at or before `position`.
pub(crate) fn up_to(position: u64) -> Bound<[u8; 8]> {
    match position.checked_add(1) {
        Some(next) => Bound::Excluded(next.to_be_bytes()),
        None => Bound::Unbounded,
    }
}

pub(crate) fn parse_u64(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

/// `meta` key of the format version.
pub(crate) const FORMAT: &[u8] = b"format";
/// The `meta` key of the value sealed under the key-encryption key, by which an
/// open checks it was given the right one.
pub(crate) const KEK_CHECK: &[u8] = b"kek-check";
