//! The in-memory index of the log: where each stream's commits are, which
//! idempotency keys were used, and which commits are damaged.
//!
//! It is built by one scan of the log at open and kept in step by every append,
//! like Bitcask's key directory. It is never written to disk, so it can never
//! disagree with the log, and an append stays one sled insert.

use std::collections::HashMap;

use carers_core::es::{
    AppendResult, Fingerprint, IdempotencyKey, KeyedAppend, StoreError, StreamId,
};

use crate::keys;
use crate::record;

/// What the store knows about its log without reading it.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// The last global position written (0 when empty).
    head: u64,
    streams: HashMap<StreamId, StreamEntry>,
    /// The commit each idempotency key made, with the fingerprint stored with it.
    keys: HashMap<String, KeyedAppend>,
    /// A damaged last commit: its length, and so the next free position, is unknown.
    damaged_head: Option<u64>,
}

#[derive(Debug, Default)]
struct StreamEntry {
    /// The stream's version: the last version of its last commit.
    version: u64,
    /// `(first version, position)` of each commit, in version order.
    commits: Vec<(u64, u64)>,
    /// The position of a damaged commit of the stream: its versions are unknown.
    damaged: Option<u64>,
}

impl Index {
    /// Builds the index by reading every commit's header. Refuses a log with a hole
    /// or with commits out of their stream's order: the log was altered, not crashed
    /// (sled recovers a prefix of its writes). A damaged commit is recorded, so its
    /// stream (named in the key) is reported as corrupt instead of silently shorter.
    pub fn build(log: &sled::Tree) -> Result<Self, StoreError> {
        let mut index = Self::default();
        let mut next = 1;
        let mut after_damage = None;
        for entry in log.iter() {
            let (key, value) = entry.map_err(crate::store::backend)?;
            let (position, stream) = keys::parse_commit(&key)
                .and_then(|(p, s)| Some((p, StreamId::parse(std::str::from_utf8(s).ok()?).ok()?)))
                .ok_or(StoreError::CorruptRecord { what: "log key" })?;
            // After a damaged commit the next one only has to come later: the
            // damaged commit's length is unknown.
            let in_place = match after_damage.take() {
                Some(damaged) => position > damaged,
                None => position == next,
            };
            if !in_place {
                return Err(StoreError::Corrupt {
                    position: position.min(next),
                });
            }
            let entry = index.streams.entry(stream.clone()).or_default();
            let Some(body) = record::open(&key, &value) else {
                entry.damaged.get_or_insert(position);
                after_damage = Some(position);
                index.head = position;
                continue;
            };
            // The checksum binds key and body, so these fail only on a record written
            // wrongly: a body naming another stream, or a version out of order.
            let out_of_order = entry.damaged.is_none() && body.first_version != entry.version + 1;
            if out_of_order || body.stream != stream.as_str().as_bytes() {
                return Err(StoreError::Corrupt { position });
            }
            let result = AppendResult {
                first_version: body.first_version,
                last_version: body.last_version(),
                first_position: position,
                last_position: position + body.count - 1,
                stream,
            };
            next = result.last_position + 1;
            index.record(&result, body.idempotency);
        }
        index.damaged_head = after_damage;
        Ok(index)
    }

    /// Records a commit written to the log, and the idempotency key (with its
    /// fingerprint) it used. A key keeps its first commit: appends never reuse one,
    /// so a second can only come from a log altered by hand.
    pub fn record(&mut self, result: &AppendResult, key: Option<(&str, Fingerprint)>) {
        if let Some((key, fingerprint)) = key {
            self.keys
                .entry(key.to_owned())
                .or_insert_with(|| KeyedAppend {
                    append: result.clone(),
                    fingerprint,
                });
        }
        let entry = self.streams.entry(result.stream.clone()).or_default();
        entry
            .commits
            .push((result.first_version, result.first_position));
        entry.version = entry.version.max(result.last_version);
        self.head = result.last_position;
    }

    /// The commit an idempotency key made, with its fingerprint, if it was used.
    pub fn idempotent(&self, key: &IdempotencyKey) -> Option<&KeyedAppend> {
        self.keys.get(key.as_str())
    }

    /// The last global position written.
    pub fn head(&self) -> Result<u64, StoreError> {
        match self.damaged_head {
            Some(position) => Err(StoreError::Corrupt { position }),
            None => Ok(self.head),
        }
    }

    /// The version of `stream` (0 if it has no events).
    pub fn version(&self, stream: &StreamId) -> Result<u64, StoreError> {
        match self.streams.get(stream) {
            None => Ok(0),
            Some(StreamEntry {
                damaged: Some(position),
                ..
            }) => Err(StoreError::Corrupt {
                position: *position,
            }),
            Some(entry) => Ok(entry.version),
        }
    }

    /// The positions of the commits of `stream` that hold versions `from_version`
    /// to `from_version + limit - 1`, in order.
    pub fn commits(
        &self,
        stream: &StreamId,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<u64>, StoreError> {
        let entry = match self.streams.get(stream) {
            None => return Ok(Vec::new()),
            Some(StreamEntry {
                damaged: Some(position),
                ..
            }) => {
                return Err(StoreError::Corrupt {
                    position: *position,
                });
            }
            Some(entry) if from_version > entry.version => return Ok(Vec::new()),
            Some(entry) => entry,
        };
        let end = from_version.saturating_add(limit as u64);
        // The commit holding `from_version` is the last one starting at or before it.
        let start = entry
            .commits
            .partition_point(|&(first, _)| first <= from_version)
            .saturating_sub(1);
        let stop = entry.commits.partition_point(|&(first, _)| first < end);
        Ok(entry.commits[start..stop.max(start)]
            .iter()
            .map(|&(_, position)| position)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Commit, encode};
    use carers_core::testkit::{events, stream};

    fn put(log: &sled::Tree, position: u64, name: &str, first_version: u64, count: u64) {
        let s = stream(name);
        let key = keys::CommitKey::new(position, &s);
        let commit = Commit {
            stream: s,
            first_version,
            idempotency: None,
            events: events(0, count),
        };
        let value = encode(key.as_ref(), &commit).expect("small commit");
        log.insert(key.as_ref(), value).expect("insert");
    }

    fn log() -> sled::Tree {
        let db = sled::Config::new().temporary(true).open().expect("sled");
        db.open_tree("log").expect("tree")
    }

    #[test]
    fn a_commit_out_of_its_streams_order_fails_the_build() {
        let log = log();
        put(&log, 1, "s", 1, 2);
        put(&log, 3, "t", 1, 1);
        put(&log, 4, "s", 4, 1); // version 3 is missing
        assert!(matches!(
            Index::build(&log),
            Err(StoreError::Corrupt { position: 4 })
        ));
    }

    #[test]
    fn a_body_naming_another_stream_than_its_key_fails_the_build() {
        let log = log();
        put(&log, 1, "s", 1, 1);
        let key = keys::CommitKey::new(2, &stream("t"));
        // Version 1 is right for `t`, so only the stream tells it apart.
        let commit = Commit {
            stream: stream("s"),
            first_version: 1,
            idempotency: None,
            events: events(0, 1),
        };
        let value = encode(key.as_ref(), &commit).expect("small commit");
        log.insert(key.as_ref(), value).expect("insert");
        assert!(matches!(
            Index::build(&log),
            Err(StoreError::Corrupt { position: 2 })
        ));
    }

    #[test]
    fn commits_are_chosen_by_the_versions_they_hold() {
        let log = log();
        put(&log, 1, "s", 1, 3); // versions 1-3
        put(&log, 4, "s", 4, 1); // 4
        put(&log, 5, "s", 5, 2); // 5-6
        let index = Index::build(&log).expect("build");
        let s = stream("s");
        let positions =
            |from, limit| -> Vec<u64> { index.commits(&s, from, limit).expect("commits") };
        assert_eq!(positions(1, 1), [1]);
        assert_eq!(positions(3, 2), [1, 4]);
        assert_eq!(positions(4, 1), [4]);
        assert_eq!(positions(5, 100), [5]);
        assert_eq!(positions(7, 10), Vec::<u64>::new());
        assert_eq!(positions(1, usize::MAX), [1, 4, 5]);
        assert_eq!(index.version(&s).expect("version"), 6);
        assert_eq!(index.head().expect("head"), 6);
    }
}
