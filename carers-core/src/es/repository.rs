//! [`Repository`]: loads an aggregate (snapshot + fold of the tail) and executes
//! commands against it with optimistic concurrency.

use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::aggregate::{Aggregate, Context};
use super::codec::{Codec, CodecError};
use super::envelope::{Metadata, NewEvent, RecordedEvent, StreamId};
use super::error::{ErrorKind, ServiceError};
use super::form::stored_form;
use super::store::{
    AppendResult, EventStore, ExpectedVersion, IdempotencyKey, Snapshot, SnapshotStore, StoreError,
};

/// How many events a stream read fetches at a time.
const PAGE: usize = 512;

/// When the repository saves a snapshot after a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnapshotPolicy {
    /// Never: every load replays the stream.
    Never,
    /// Whenever the stream's version crosses a multiple of `n`.
    EveryNEvents(u64),
}

/// An aggregate's state and the stream version it includes.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<A> {
    /// The state.
    pub state: A,
    /// The stream version folded into `state` (0 for a new stream).
    pub version: u64,
}

/// What an executed command did.
#[derive(Debug)]
pub struct Executed<A: Aggregate> {
    /// The state after the command.
    pub state: A,
    /// The events the command recorded (for a repeated idempotency key: the first
    /// execution's events).
    pub events: Vec<A::Event>,
    /// Where they were stored.
    pub append: AppendResult,
    /// A snapshot that could not be saved. The command itself succeeded: snapshots
    /// are a cache, and the next load replays the events instead.
    pub snapshot_error: Option<StoreError>,
}

/// Why loading or executing failed.
///
/// With a domain error that is a [`ServiceError`], a `RepoError` is one too: a
/// refusal has the domain error's code and kind, store and codec errors theirs.
/// `Display` gives the reason in full: a refusal reads `command refused: ` and the
/// domain's message (so the domain error is not repeated as a `source`: match
/// `Domain` to get it); a store or codec error reads as itself.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RepoError<E: std::error::Error + 'static> {
    /// The aggregate refused the command; nothing was appended.
    #[error("command refused: {0}")]
    Domain(E),
    /// Other writers kept changing the stream; nothing was appended.
    #[error("stream {stream} kept changing: gave up after {attempts} attempts")]
    Conflict {
        /// The stream.
        stream: StreamId,
        /// How many times the command was decided.
        attempts: u32,
    },
    /// The command names another entity than the stream's (`Aggregate::entity_of`).
    #[error("the command names another entity than stream {stream}'s")]
    WrongStream {
        /// The stream the command was sent to.
        stream: StreamId,
    },
    /// The store failed (its message, and its source, are the store error's).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An event could not be encoded, or a stored one decoded (the message is the
    /// codec error's).
    #[error(transparent)]
    Codec(#[from] CodecError),
}

impl<E: ServiceError + 'static> ServiceError for RepoError<E> {
    fn code(&self) -> &'static str {
        match self {
            Self::Domain(e) => e.code(),
            Self::Conflict { .. } => "stream_kept_changing",
            Self::WrongStream { .. } => "wrong_stream",
            Self::Store(e) => e.code(),
            Self::Codec(e) => e.code(),
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::Domain(e) => e.kind(),
            Self::Conflict { .. } => ErrorKind::Conflict,
            Self::WrongStream { .. } => ErrorKind::Invalid,
            Self::Store(e) => e.kind(),
            Self::Codec(e) => e.kind(),
        }
    }
}

/// Loads and executes one kind of aggregate against a store.
pub struct Repository<A: Aggregate, S> {
    store: S,
    codec: Codec<A::Event>,
    snapshots: SnapshotPolicy,
    policy: A::Policy,
    max_attempts: u32,
    _aggregate: PhantomData<fn() -> A>,
}

impl<A: Aggregate, S: EventStore + SnapshotStore> Repository<A, S> {
    /// A repository with the default codec, snapshots every 100 events and 5 attempts
    /// on a version conflict.
    pub fn new(store: S) -> Self {
        Self {
            store,
            codec: Codec::new(),
            snapshots: SnapshotPolicy::EveryNEvents(100),
            policy: A::Policy::default(),
            max_attempts: 5,
            _aggregate: PhantomData,
        }
    }

    /// Uses `codec` (e.g. one with upcasters).
    pub fn with_codec(mut self, codec: Codec<A::Event>) -> Self {
        self.codec = codec;
        self
    }

    /// Uses `policy` for snapshots.
    pub fn with_snapshots(mut self, policy: SnapshotPolicy) -> Self {
        self.snapshots = policy;
        self
    }

    /// Decides commands under `policy` (the aggregate's local rules).
    pub fn with_policy(mut self, policy: A::Policy) -> Self {
        self.policy = policy;
        self
    }

    /// The policy commands are decided under.
    pub fn policy(&self) -> &A::Policy {
        &self.policy
    }

    /// Decides a command at most `attempts` times (at least once) on version conflicts.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The codec.
    pub fn codec(&self) -> &Codec<A::Event> {
        &self.codec
    }

    /// The stream of the aggregate with `id`.
    pub fn stream_of(id: Uuid) -> StreamId {
        StreamId::for_entity(A::CATEGORY, id)
    }

    /// Decodes one recorded event.
    ///
    /// # Errors
    /// The codec's errors ([`Codec::decode`]).
    pub fn decode(&self, event: &RecordedEvent) -> Result<A::Event, CodecError> {
        self.codec.decode(
            &event.event_type,
            event.schema_version,
            &event.payload,
            event.position,
        )
    }

    /// The current state: the latest usable snapshot plus a fold of the events after it.
    ///
    /// # Errors
    /// `RepoError::Store` when the store fails, `RepoError::Codec` when a stored event
    /// does not decode. (A snapshot that does not decode is ignored, not an error.)
    pub fn load(&self, stream: &StreamId) -> Result<Loaded<A>, RepoError<A::Error>> {
        let start = self
            .store
            .load_snapshot(stream)?
            .filter(|s| s.schema == A::SNAPSHOT_SCHEMA)
            // A snapshot that does not decode is a stale cache: replay instead.
            .and_then(|s| {
                Some(Loaded {
                    state: stored_form(|| serde_json::from_slice(&s.state)).ok()?,
                    version: s.version,
                })
            })
            .unwrap_or(Loaded {
                state: A::default(),
                version: 0,
            });
        self.fold_from(stream, start, |_| true)
    }

    /// The state as the system knew it at `instant`: the fold of the stream's events
    /// recorded at or before it (the longest such prefix, so the state is one that existed).
    ///
    /// # Errors
    /// As [`load`](Self::load).
    pub fn load_as_of(
        &self,
        stream: &StreamId,
        instant: DateTime<Utc>,
    ) -> Result<Loaded<A>, RepoError<A::Error>> {
        let start = Loaded {
            state: A::default(),
            version: 0,
        };
        self.fold_from(stream, start, |e| e.recorded_at <= instant)
    }

    fn fold_from(
        &self,
        stream: &StreamId,
        mut loaded: Loaded<A>,
        keep: impl Fn(&RecordedEvent) -> bool,
    ) -> Result<Loaded<A>, RepoError<A::Error>> {
        loop {
            let page = self.store.read_stream(stream, loaded.version + 1, PAGE)?;
            let full = page.len() == PAGE;
            for recorded in &page {
                if !keep(recorded) {
                    return Ok(loaded);
                }
                loaded.state.apply(&self.decode(recorded)?);
                loaded.version = recorded.version;
            }
            if !full {
                return Ok(loaded);
            }
        }
    }

    /// Executes `command` on the aggregate in `stream`: load, decide, append with the
    /// loaded version as expected; on a conflict, load and decide again, up to the
    /// attempt limit. A refused command appends nothing.
    ///
    /// With an `idempotency_key` already used, nothing is decided or appended: the
    /// first execution's events and the current state are returned.
    ///
    /// # Errors
    /// `RepoError::Domain` when the aggregate refuses the command, `WrongStream` when it
    /// names another entity than the stream's, `Conflict` when other writers kept
    /// changing the stream for every attempt, `Store` with
    /// `StoreError::IdempotencyKeyReused` when the key was used on another stream, and
    /// `Store` or `Codec` when the store or the codec fails. In every case nothing of
    /// this command was appended, except that a store failure after the append (e.g. a
    /// flush) leaves the outcome unknown: retry with the same idempotency key.
    pub fn execute(
        &self,
        stream: &StreamId,
        command: &A::Command,
        ctx: &Context,
        idempotency_key: Option<&IdempotencyKey>,
    ) -> Result<Executed<A>, RepoError<A::Error>> {
        if let Some(id) = A::entity_of(command)
            && Self::stream_of(id) != *stream
        {
            return Err(RepoError::WrongStream {
                stream: stream.clone(),
            });
        }
        if let Some(key) = idempotency_key
            && let Some(first) = self.store.idempotent_result(key)?
        {
            if &first.stream != stream {
                // The key names another stream's command: never report its events as ours.
                return Err(StoreError::IdempotencyKeyReused {
                    first_stream: first.stream,
                }
                .into());
            }
            return self.replay_result(first);
        }
        let command_id = Uuid::now_v7();
        for _ in 0..self.max_attempts {
            let Loaded { mut state, version } = self.load(stream)?;
            let events = state
                .decide(command, ctx, &self.policy)
                .map_err(RepoError::Domain)?;
            if events.is_empty() {
                // Nothing to record: a no-op command succeeds without touching the store.
                return Ok(Executed {
                    state,
                    events,
                    append: AppendResult {
                        stream: stream.clone(),
                        first_version: version + 1,
                        last_version: version,
                        first_position: 0,
                        last_position: 0,
                    },
                    snapshot_error: None,
                });
            }
            let new_events = events
                .iter()
                .map(|e| self.new_event(e, ctx, command_id))
                .collect::<Result<Vec<_>, _>>()?;
            match self.store.append(
                stream,
                ExpectedVersion::Exact(version),
                new_events,
                idempotency_key,
            ) {
                Ok(append) => {
                    if idempotency_key.is_some() && !self.appended_by(&append, command_id)? {
                        // A racing request with the same key won: the store returned its
                        // append, so report that one's events, not ours.
                        return self.replay_result(append);
                    }
                    for e in &events {
                        state.apply(e);
                    }
                    let snapshot_error =
                        self.maybe_snapshot(stream, &state, version, append.last_version);
                    return Ok(Executed {
                        state,
                        events,
                        append,
                        snapshot_error,
                    });
                }
                Err(StoreError::WrongExpectedVersion { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(RepoError::Conflict {
            stream: stream.clone(),
            attempts: self.max_attempts,
        })
    }

    fn new_event(
        &self,
        event: &A::Event,
        ctx: &Context,
        command_id: Uuid,
    ) -> Result<NewEvent, CodecError> {
        let encoded = self.codec.encode(event)?;
        Ok(NewEvent {
            event_id: Uuid::now_v7(),
            event_type: encoded.event_type.into(),
            schema_version: encoded.schema_version,
            payload: encoded.payload,
            recorded_at: ctx.now,
            metadata: Metadata::from_context(ctx, command_id),
        })
    }

    /// Whether the append the store reports holds this command's events (and not
    /// those of an earlier request with the same idempotency key).
    fn appended_by(&self, append: &AppendResult, command_id: Uuid) -> Result<bool, StoreError> {
        let first = self
            .store
            .read_stream(&append.stream, append.first_version, 1)?;
        Ok(first
            .first()
            .is_some_and(|e| e.metadata.command_id == command_id))
    }

    fn replay_result(&self, append: AppendResult) -> Result<Executed<A>, RepoError<A::Error>> {
        let count = (append.last_version + 1 - append.first_version) as usize;
        let events = self
            .store
            .read_stream(&append.stream, append.first_version, count)?
            .iter()
            .map(|e| self.decode(e))
            .collect::<Result<Vec<_>, _>>()?;
        let state = self.load(&append.stream)?.state;
        Ok(Executed {
            state,
            events,
            append,
            snapshot_error: None,
        })
    }

    fn maybe_snapshot(
        &self,
        stream: &StreamId,
        state: &A,
        before: u64,
        after: u64,
    ) -> Option<StoreError> {
        let SnapshotPolicy::EveryNEvents(n) = self.snapshots else {
            return None;
        };
        if n == 0 || before / n == after / n {
            return None;
        }
        let bytes = match stored_form(|| serde_json::to_vec(state)) {
            Ok(b) => b,
            Err(e) => return Some(StoreError::Backend(Box::new(e))),
        };
        let snapshot = Snapshot {
            version: after,
            schema: A::SNAPSHOT_SCHEMA,
            state: bytes,
        };
        self.store.save_snapshot(stream, &snapshot).err()
    }
}
