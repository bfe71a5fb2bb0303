//! Key layout of the trees. Every key is built from ids and numbers only: stream ids
//! (restricted to an id alphabet by `StreamId`), positions, versions, projection
//! names and callers' idempotency keys. No personal data.

use carers_core::es::StreamId;

/// `log` key: the global position of a commit's first event, big-endian, so the
/// tree's order is the log's order.
pub(crate) fn position(p: u64) -> [u8; 8] {
    p.to_be_bytes()
}

pub(crate) fn parse_u64(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

/// `streams` key prefix of one stream: its length, then its bytes (the length keeps
/// `carer-1` from being a prefix of `carer-12`'s keys).
pub(crate) fn stream_prefix(stream: &StreamId) -> Vec<u8> {
    let s = stream.as_str().as_bytes();
    let mut k = Vec::with_capacity(s.len() + 9);
    // StreamId::MAX_LEN is 128, so the length fits a byte.
    k.push(s.len() as u8);
    k.extend_from_slice(s);
    k
}

/// `streams` key of the commit whose last event is `last_version` of `stream`.
pub(crate) fn stream_commit(stream: &StreamId, last_version: u64) -> Vec<u8> {
    let mut k = stream_prefix(stream);
    k.extend_from_slice(&last_version.to_be_bytes());
    k
}

/// The version at the end of a `streams` key.
pub(crate) fn version_of(stream_key: &[u8]) -> Option<u64> {
    parse_u64(stream_key.get(stream_key.len().checked_sub(8)?..)?)
}

/// `meta` keys.
pub(crate) const FORMAT: &[u8] = b"format";
pub(crate) const INDEXED_UP_TO: &[u8] = b"indexed_up_to";
