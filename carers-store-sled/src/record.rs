//! The on-disk form of a commit: every event of one append in one record, with a
//! CRC-32 over the record and its key, so damage (or a record under the wrong key)
//! is found on read.
//!
//! ```text
//! record = crc32 (u32, over key ++ body) ++ body
//! body   = stream (u16 len, bytes) first_version (u64)
//!          key? (u8 flag, u16 len, bytes, fingerprint (32 bytes, SHA-256))
//!          count (u32) event*
//! event  = event_id (16) event_type (u16 len, bytes) schema_version (u16)
//!          recorded_at (i64 seconds, u32 nanos) actor id, organisation, role (u16 len, bytes each)
//!          correlation (16) causation? (u8 flag, 16) command (16) payload (u32 len, bytes)
//! ```
//! Integers are big-endian.

use std::sync::Arc;

use bytes::Bytes;
use carers_core::es::{
    Actor, Fingerprint, Idempotency, Metadata, NewEvent, RecordedEvent, StreamId,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// One append, as stored under the key of its first event's global position and
/// its stream.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Commit {
    pub stream: StreamId,
    pub first_version: u64,
    pub idempotency: Option<Idempotency>,
    pub events: Vec<NewEvent>,
}

/// A length did not fit its field: the caller gets a typed error, nothing is written.
#[derive(Debug)]
pub(crate) struct TooLong;

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn uuid(&mut self, v: &Uuid) {
        self.0.extend_from_slice(v.as_bytes());
    }
    fn short(&mut self, bytes: &[u8]) -> Result<(), TooLong> {
        self.u16(u16::try_from(bytes.len()).map_err(|_| TooLong)?);
        self.0.extend_from_slice(bytes);
        Ok(())
    }
    fn long(&mut self, bytes: &[u8]) -> Result<(), TooLong> {
        self.u32(u32::try_from(bytes.len()).map_err(|_| TooLong)?);
        self.0.extend_from_slice(bytes);
        Ok(())
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.array()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.array()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_be_bytes(self.array()?))
    }
    fn uuid(&mut self) -> Option<Uuid> {
        Some(Uuid::from_bytes(self.array()?))
    }
    fn short(&mut self) -> Option<&'a [u8]> {
        let n = self.u16()? as usize;
        self.take(n)
    }
    fn long(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

/// A checksum over the key and body, so a record under the wrong key fails too.
pub(crate) fn checksum(key: &[u8], body: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(key);
    h.update(body);
    h.finalize()
}

/// Prefixes `body` with its checksum under `key`.
pub(crate) fn seal(key: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 4);
    out.extend_from_slice(&checksum(key, body).to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// The body of a sealed record, if its checksum holds.
pub(crate) fn unseal<'a>(key: &[u8], record: &'a [u8]) -> Option<&'a [u8]> {
    let (sum, body) = record.split_at_checked(4)?;
    (u32::from_be_bytes(sum.try_into().ok()?) == checksum(key, body)).then_some(body)
}

pub(crate) fn encode(key: &[u8], commit: &Commit) -> Result<Vec<u8>, TooLong> {
    let mut w = Writer(Vec::with_capacity(
        64 + commit
            .events
            .iter()
            .map(|e| e.payload.len() + 160)
            .sum::<usize>(),
    ));
    w.short(commit.stream.as_str().as_bytes())?;
    w.u64(commit.first_version);
    match &commit.idempotency {
        Some(k) => {
            w.u8(1);
            w.short(k.key.as_str().as_bytes())?;
            w.0.extend_from_slice(&k.fingerprint.0);
        }
        None => w.u8(0),
    }
    w.u32(u32::try_from(commit.events.len()).map_err(|_| TooLong)?);
    for e in &commit.events {
        w.uuid(&e.event_id);
        w.short(e.event_type.as_bytes())?;
        w.u16(e.schema_version);
        w.u64(e.recorded_at.timestamp() as u64);
        w.u32(e.recorded_at.timestamp_subsec_nanos());
        let m = &e.metadata;
        w.short(m.actor.id.0.as_bytes())?;
        w.short(m.actor.organisation.0.as_bytes())?;
        w.short(m.actor.role.0.as_bytes())?;
        w.uuid(&m.correlation_id);
        match &m.causation_id {
            Some(c) => {
                w.u8(1);
                w.uuid(c);
            }
            None => w.u8(0),
        }
        w.uuid(&m.command_id);
        w.long(&e.payload)?;
    }
    Ok(seal(key, &w.0))
}

/// A commit record whose checksum holds, with its header read and its events not
/// yet decoded: opening the store needs only the header.
pub(crate) struct Body<'a> {
    /// The stream id's bytes (checked against the key by the checksum).
    pub stream: &'a [u8],
    pub first_version: u64,
    /// The idempotency key and the fingerprint stored with it.
    pub idempotency: Option<(&'a str, Fingerprint)>,
    /// How many events the commit holds (at least one).
    pub count: u64,
    events: Reader<'a>,
}

/// Checks a sealed commit record and reads its header; `None` for any damage.
pub(crate) fn open<'a>(key: &[u8], record: &'a [u8]) -> Option<Body<'a>> {
    let mut r = Reader(unseal(key, record)?);
    let stream = r.short()?;
    let first_version = r.u64()?;
    let idempotency = match r.u8()? {
        0 => None,
        1 => Some((
            std::str::from_utf8(r.short()?).ok()?,
            Fingerprint(r.array()?),
        )),
        _ => return None,
    };
    let count = u64::from(r.u32()?);
    if count == 0 || first_version == 0 {
        return None;
    }
    Some(Body {
        stream,
        first_version,
        idempotency,
        count,
        events: r,
    })
}

impl Body<'_> {
    /// The version of the commit's last event.
    pub fn last_version(&self) -> u64 {
        self.first_version + self.count - 1
    }

    /// Decodes the events of the commit stored at `position` in `stream` (the
    /// caller's parsed copy of [`Body::stream`]), pushing onto `out` those that
    /// `wanted` accepts until `out` holds `limit`; their payloads are filled in by
    /// [`Shared::finish`]. `None` if the events do not decode: then `out` may hold
    /// part of the commit and must be discarded.
    pub fn recorded_into(
        mut self,
        stream: &StreamId,
        position: u64,
        out: &mut Vec<RecordedEvent>,
        shared: &mut Shared,
        wanted: impl Fn(u64, u64) -> bool,
        limit: usize,
    ) -> Option<()> {
        for i in 0..self.count {
            let (version, at) = (self.first_version + i, position + i);
            let (event, payload) = read_event(&mut self.events, shared, stream, version, at)?;
            if out.len() < limit && wanted(version, at) {
                shared.keep_payload(payload);
                out.push(event);
            }
        }
        // Trailing bytes mean the record is not what was written.
        self.events.0.is_empty().then_some(())
    }
}

/// What the events of one read share: the values that repeat from event to event
/// (type names, and the few staff who act on a case), each decoded once; and one
/// buffer for all their payloads, instead of an allocation per event.
#[derive(Default)]
pub(crate) struct Shared {
    types: Recent<str>,
    actors: Recent<Actor>,
    payloads: Vec<u8>,
    /// Where each kept event's payload is in `payloads`, in the order kept.
    spans: Vec<(usize, usize)>,
}

impl Shared {
    fn keep_payload(&mut self, payload: &[u8]) {
        let start = self.payloads.len();
        self.payloads.extend_from_slice(payload);
        self.spans.push((start, self.payloads.len()));
    }

    /// Gives the events of `out` (the events kept by this read, in order) their
    /// payloads: slices of one shared buffer.
    pub fn finish(self, mut out: Vec<RecordedEvent>) -> Vec<RecordedEvent> {
        let payloads = Bytes::from(self.payloads);
        for (event, (start, end)) in out.iter_mut().zip(self.spans) {
            event.payload = payloads.slice(start..end);
        }
        out
    }

    fn event_type(&mut self, bytes: &[u8]) -> Option<Arc<str>> {
        self.types.get(
            |s| s.as_bytes() == bytes,
            || Some(std::str::from_utf8(bytes).ok()?.into()),
        )
    }

    fn actor(&mut self, id: &[u8], organisation: &[u8], role: &[u8]) -> Option<Arc<Actor>> {
        let text = |b| std::str::from_utf8(b).ok();
        self.actors.get(
            |a| {
                a.id.as_str().as_bytes() == id
                    && a.organisation.as_str().as_bytes() == organisation
                    && a.role.as_str().as_bytes() == role
            },
            || Some(Actor::new(text(id)?, text(organisation)?, text(role)?).into()),
        )
    }
}

/// The last few distinct values of one field.
struct Recent<T: ?Sized> {
    values: Vec<Arc<T>>,
    /// The slot the next new value replaces once all are full.
    next: usize,
}

impl<T: ?Sized> Default for Recent<T> {
    fn default() -> Self {
        Self {
            values: Vec::new(),
            next: 0,
        }
    }
}

impl<T: ?Sized> Recent<T> {
    /// Few enough that a linear search beats hashing.
    const SLOTS: usize = 8;

    /// The recent value that `matches`, shared; or a new one from `make` (`None`
    /// if it cannot be made), kept for the next events.
    fn get(
        &mut self,
        matches: impl Fn(&T) -> bool,
        make: impl FnOnce() -> Option<Arc<T>>,
    ) -> Option<Arc<T>> {
        if let Some(v) = self.values.iter().find(|v| matches(v)) {
            return Some(Arc::clone(v));
        }
        let v = make()?;
        if self.values.len() < Self::SLOTS {
            self.values.push(Arc::clone(&v));
        } else {
            self.values[self.next] = Arc::clone(&v);
            self.next = (self.next + 1) % Self::SLOTS;
        }
        Some(v)
    }
}

/// Decodes one event straight into its recorded form, so that the large struct is
/// built once instead of moved from a `NewEvent` (and inlined, so it is built where
/// it is pushed rather than copied there).
#[inline(always)]
fn read_event<'a>(
    r: &mut Reader<'a>,
    shared: &mut Shared,
    stream: &StreamId,
    version: u64,
    position: u64,
) -> Option<(RecordedEvent, &'a [u8])> {
    let event_id = r.uuid()?;
    let event_type = shared.event_type(r.short()?)?;
    let schema_version = r.u16()?;
    let secs = r.u64()? as i64;
    let nanos = r.u32()?;
    let recorded_at = DateTime::<Utc>::from_timestamp(secs, nanos)?;
    let (id, organisation, role) = (r.short()?, r.short()?, r.short()?);
    let actor = shared.actor(id, organisation, role)?;
    let correlation_id = r.uuid()?;
    let causation_id = match r.u8()? {
        0 => None,
        1 => Some(r.uuid()?),
        _ => return None,
    };
    let command_id = r.uuid()?;
    let payload = r.long()?;
    let event = RecordedEvent {
        stream: stream.clone(),
        version,
        position,
        event_id,
        event_type,
        schema_version,
        payload: Bytes::new(),
        recorded_at,
        metadata: Metadata {
            actor,
            correlation_id,
            causation_id,
            command_id,
        },
    };
    Some((event, payload))
}

/// Decodes a whole sealed commit record; `None` for any damage.
#[cfg(test)]
pub(crate) fn decode(key: &[u8], record: &[u8]) -> Option<Commit> {
    let mut body = open(key, record)?;
    let stream = StreamId::parse(std::str::from_utf8(body.stream).ok()?).ok()?;
    let mut events = Vec::new();
    let mut shared = Shared::default();
    for i in 0..body.count {
        let (e, payload) = read_event(&mut body.events, &mut shared, &stream, i + 1, i + 1)?;
        events.push(NewEvent {
            event_id: e.event_id,
            event_type: e.event_type,
            schema_version: e.schema_version,
            payload: payload.to_vec(),
            recorded_at: e.recorded_at,
            metadata: e.metadata,
        });
    }
    let idempotency = match body.idempotency {
        Some((key, fingerprint)) => Some(Idempotency {
            key: carers_core::es::IdempotencyKey::new(key).ok()?,
            fingerprint,
        }),
        None => None,
    };
    body.events.0.is_empty().then_some(Commit {
        stream,
        first_version: body.first_version,
        idempotency,
        events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use carers_core::testkit;

    fn commit() -> Commit {
        Commit {
            stream: testkit::stream("rec"),
            first_version: 4,
            idempotency: Some(testkit::keyed("k", 1)),
            events: testkit::events(1, 3),
        }
    }

    #[test]
    fn round_trips() {
        let c = commit();
        let rec = encode(b"key", &c).unwrap();
        assert_eq!(decode(b"key", &rec), Some(c));
    }

    #[test]
    fn shared_values_stay_right_when_more_differ_than_are_kept() {
        // 60 distinct actors (id, organisation and role cycle apart) and 13 type
        // names over 60 events: more than the cache's slots, so values are replaced
        // while others are still shared, and actors alike in one part are told apart.
        let events: Vec<NewEvent> = (0..60u64)
            .map(|n| {
                let mut e = testkit::event(n);
                e.event_type = format!("Type{}", n % 13).into();
                // Actors differing only in organisation or role are distinct too.
                e.metadata.actor = Actor::new(
                    format!("staff-{}", n % 11),
                    format!("org-{}", n % 2),
                    format!("role-{}", n % 3),
                )
                .into();
                e
            })
            .collect();
        let c = Commit { events, ..commit() };
        let rec = encode(b"key", &c).unwrap();
        assert_eq!(decode(b"key", &rec), Some(c));
    }

    #[test]
    fn any_flipped_bit_or_wrong_key_is_detected() {
        let rec = encode(b"key", &commit()).unwrap();
        assert_eq!(decode(b"other", &rec), None);
        for i in 0..rec.len() {
            for bit in [0x01, 0x80] {
                let mut bad = rec.clone();
                bad[i] ^= bit;
                assert_eq!(
                    decode(b"key", &bad),
                    None,
                    "flip at byte {i} went unnoticed"
                );
            }
        }
        for n in 0..rec.len() {
            assert_eq!(
                decode(b"key", &rec[..n]),
                None,
                "truncation to {n} went unnoticed"
            );
        }
    }
}
