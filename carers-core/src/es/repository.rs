//! [`Repository`]: loads an aggregate (snapshot + fold of the tail) and executes
//! commands against it with optimistic concurrency.

use std::marker::PhantomData;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::access::{AccessPolicy, Denied, Request};
use super::aggregate::{Aggregate, Context};
use super::audit::{AuditEvent, ReadPurpose, ReadRecord};
use super::codec::{Codec, CodecError};
use super::envelope::{Metadata, NewEvent, RecordedEvent, StreamId};
use super::error::{ErrorKind, ServiceError};
use super::form::stored_form;
use super::seal::{DataKey, KeyState, KeyStore, with_key};
use super::store::{
    AppendResult, EventStore, ExpectedVersion, Fingerprint, Idempotency, IdempotencyKey, Snapshot,
    SnapshotStore, StoreError, StreamEvents,
};
use super::timeline::TimelineEntry;

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

/// An aggregate's state and the stream version it includes. Its JSON is
/// `{"state": …, "version": n}`, the state as its own `Serialize` writes it
/// (personal values redacted unless revealed).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Loaded<A> {
    /// The state.
    pub state: A,
    /// The stream version folded into `state` (0 for a new stream).
    pub version: u64,
}

/// What an executed command (or list of commands) did. Its JSON has `state`,
/// `events`, `append`, `replayed` and `snapshot_error` (the error's code, or
/// `null`); personal values are redacted unless revealed.
#[derive(Debug, Serialize)]
#[serde(bound(serialize = ""))]
pub struct Executed<A: Aggregate> {
    /// The state after the command. The access policy was asked whether the
    /// actor may send the command, not whether they may read the case: this is
    /// for the service (to answer, to chain work), and a screen that shows the case
    /// to the actor reads it through [`Repository::read`].
    pub state: A,
    /// The events the command recorded (when `replayed`: the first execution's events).
    pub events: Vec<A::Event>,
    /// Where they were stored.
    pub append: AppendResult,
    /// `true` when the idempotency key had already been used for this same command:
    /// nothing was decided or appended now, and `events` and `append` are the first
    /// execution's. `false` when the events were appended now (or, with no events,
    /// when the command changed nothing).
    pub replayed: bool,
    /// A snapshot that could not be saved. The command itself succeeded: snapshots
    /// are a cache, and the next load replays the events instead.
    #[serde(serialize_with = "error_code")]
    pub snapshot_error: Option<StoreError>,
}

/// A store error as a client reads it: its stable code.
fn error_code<S: serde::Serializer>(
    error: &Option<StoreError>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    error.as_ref().map(ServiceError::code).serialize(serializer)
}

/// What [`Repository::execute_new`] did: the id of the entity created (or found by
/// the key, on a retry) and the execution.
#[derive(Debug, Serialize)]
#[serde(bound(serialize = ""))]
pub struct Created<A: Aggregate> {
    /// The new entity's id; its stream is `A::stream_of(id)`.
    pub id: Uuid,
    /// The execution (`replayed` on a retry with the same key).
    pub executed: Executed<A>,
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
    /// The aggregate refused the command at `index` of a list
    /// ([`Repository::execute_all`]); nothing of the list was appended.
    #[error("command {index} of the list refused: {error}")]
    CommandRefused {
        /// The index of the refused command in the list (from 0).
        index: usize,
        /// Why it was refused.
        error: E,
    },
    /// Other writers kept changing the stream; nothing was appended.
    #[error("stream {stream} kept changing: gave up after {attempts} attempts")]
    Conflict {
        /// The stream.
        stream: StreamId,
        /// How many times the command was decided.
        attempts: u32,
    },
    /// The stream is not one of this aggregate's (its category is not
    /// `Aggregate::CATEGORY`, e.g. `counter-<uuid>` sent to a repository of
    /// carers' cases), or the command names another entity than the stream's
    /// (`Aggregate::entity_of`); nothing was decided or appended.
    #[error("stream {stream} is not this aggregate's, or the command names another entity")]
    WrongStream {
        /// The stream the command was sent to.
        stream: StreamId,
    },
    /// The idempotency key was already used on this stream for another command;
    /// nothing was decided or appended.
    #[error("the idempotency key was already used on stream {stream} for another command")]
    IdempotencyKeyConflict {
        /// The stream.
        stream: StreamId,
    },
    /// The context's actor is not fit to record: its id, organisation or role
    /// (`what`) is empty, blank or longer than [`MAX_ACTOR_FIELD_LEN`] bytes.
    /// Refused before deciding; nothing was appended.
    #[error("the actor's {what} must be 1 to {max} bytes and not blank", max = MAX_ACTOR_FIELD_LEN)]
    InvalidContext {
        /// Which field: `"id"`, `"organisation"` or `"role"`.
        what: &'static str,
    },
    /// [`Repository::erase`] was given a command that does not record an erasure
    /// (`Aggregate::erased` is still false after it); nothing was appended and no
    /// key destroyed.
    #[error("the command does not record an erasure")]
    NotAnErasure,
    /// The access policy refuses the actor this request (see
    /// [`Repository::with_access`]); nothing was decided, appended or returned.
    /// It says the same whether or not the case exists.
    #[error("access denied: {0}")]
    Denied(Denied),
    /// [`Repository::execute_all`] was given no command: there is nothing to
    /// decide or to ask the access policy about.
    #[error("no command to execute")]
    NoCommands,
    /// [`Repository::read_following`] followed more links than
    /// [`MAX_LINKS`] (a loop of superseded cases): repair the links.
    #[error("more than {max} links between superseded streams were followed", max = MAX_LINKS)]
    TooManyLinks,
    /// The command could not be encoded for its idempotency fingerprint (its
    /// `Serialize` impl failed); nothing was appended.
    #[error("the command could not be encoded for its idempotency fingerprint")]
    UnencodableCommand,
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
            Self::Domain(e) | Self::CommandRefused { error: e, .. } => e.code(),
            other => other
                .engine_code()
                .expect("every variant but a refusal has an engine code"),
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::Domain(e) | Self::CommandRefused { error: e, .. } => e.kind(),
            Self::Conflict { .. } | Self::IdempotencyKeyConflict { .. } => ErrorKind::Conflict,
            Self::WrongStream { .. }
            | Self::InvalidContext { .. }
            | Self::UnencodableCommand
            | Self::NoCommands
            | Self::NotAnErasure => ErrorKind::Invalid,
            Self::TooManyLinks => ErrorKind::Conflict,
            Self::Denied(_) => ErrorKind::Forbidden,
            Self::Store(e) => e.kind(),
            Self::Codec(e) => e.kind(),
        }
    }
}

/// The most links between superseded streams [`Repository::read_following`]
/// follows before it gives up.
pub const MAX_LINKS: usize = 8;

/// The longest actor id, organisation or role [`Repository::execute`] accepts, in
/// bytes: they are recorded with every event.
pub const MAX_ACTOR_FIELD_LEN: usize = 256;

/// The first field of the context's actor that is empty, blank or too long.
fn invalid_actor_field(ctx: &Context) -> Option<&'static str> {
    let actor = &ctx.actor;
    [
        ("id", actor.id.as_str()),
        ("organisation", actor.organisation.as_str()),
        ("role", actor.role.as_str()),
    ]
    .into_iter()
    .find(|(_, v)| v.trim().is_empty() || v.len() > MAX_ACTOR_FIELD_LEN)
    .map(|(what, _)| what)
}

/// An encoded event as the store records it, with when and by whom (`ctx`), for
/// the command `command_id`.
fn recorded(encoded: super::codec::EncodedEvent, ctx: &Context, command_id: Uuid) -> NewEvent {
    NewEvent {
        event_id: Uuid::now_v7(),
        event_type: encoded.event_type.into(),
        schema_version: encoded.schema_version,
        payload: encoded.payload,
        recorded_at: ctx.now,
        metadata: Metadata::from_context(ctx, command_id),
    }
}

/// The audit stream's codec, made once: `Codec::new` reads the event enum's
/// variant names, work a read should not repeat.
fn audit_codec() -> &'static Codec<AuditEvent> {
    static CODEC: std::sync::OnceLock<Codec<AuditEvent>> = std::sync::OnceLock::new();
    CODEC.get_or_init(Codec::new)
}

/// What a trace says of a failure: a stable code, never a message (a domain
/// error's message may quote the command). A refusal is `refused`: the aggregate's
/// error need not have codes.
fn failure<E: std::error::Error + 'static>(e: &RepoError<E>) -> &'static str {
    e.engine_code().unwrap_or("refused")
}

impl<E: std::error::Error + 'static> RepoError<E> {
    /// The code of an error of the engine, store or codec; `None` for a refusal.
    fn engine_code(&self) -> Option<&'static str> {
        Some(match self {
            Self::Domain(_) | Self::CommandRefused { .. } => return None,
            Self::Conflict { .. } => "stream_kept_changing",
            Self::WrongStream { .. } => "wrong_stream",
            Self::InvalidContext { .. } => "invalid_context",
            Self::IdempotencyKeyConflict { .. } => "idempotency_key_conflict",
            Self::UnencodableCommand => "unencodable_command",
            Self::NotAnErasure => "not_an_erasure",
            Self::NoCommands => "no_commands",
            Self::TooManyLinks => "too_many_links",
            Self::Denied(_) => "access_denied",
            Self::Store(e) => e.code(),
            Self::Codec(e) => e.code(),
        })
    }
}

/// The repository's error for a store's answer to a keyed append.
fn key_error<E: std::error::Error + 'static>(e: StoreError) -> RepoError<E> {
    match e {
        StoreError::IdempotencyKeyConflict { stream } => {
            RepoError::IdempotencyKeyConflict { stream }
        }
        e => RepoError::Store(e),
    }
}

/// Loads and executes one kind of aggregate against a store.
///
/// A repository is cheap to clone when its store handle is (`MemoryStore`,
/// `SledStore` and `Arc<S>` are): the codec and the policy are shared, so give each
/// request handler, thread or task its own clone.
pub struct Repository<A: Aggregate, S> {
    store: S,
    codec: Arc<Codec<A::Event>>,
    snapshots: SnapshotPolicy,
    policy: Arc<A::Policy>,
    access: Arc<dyn AccessPolicy<A>>,
    max_attempts: u32,
    _aggregate: PhantomData<fn() -> A>,
}

impl<A: Aggregate, S: Clone> Clone for Repository<A, S> {
    fn clone(&self) -> Self {
        Self {
            store: self.store.clone(),
            codec: Arc::clone(&self.codec),
            snapshots: self.snapshots,
            policy: Arc::clone(&self.policy),
            access: Arc::clone(&self.access),
            max_attempts: self.max_attempts,
            _aggregate: PhantomData,
        }
    }
}

impl<A: Aggregate, S: std::fmt::Debug> std::fmt::Debug for Repository<A, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repository")
            .field("category", &A::CATEGORY)
            .field("store", &self.store)
            .field("snapshots", &self.snapshots)
            .field("max_attempts", &self.max_attempts)
            .finish_non_exhaustive()
    }
}

impl<A: Aggregate, S: EventStore + SnapshotStore + KeyStore> Repository<A, S> {
    /// A repository with the default codec, snapshots every 100 events and 5 attempts
    /// on a version conflict.
    pub fn new(store: S) -> Self {
        Self {
            store,
            codec: Arc::new(Codec::new()),
            snapshots: SnapshotPolicy::EveryNEvents(100),
            policy: Arc::new(A::Policy::default()),
            access: A::default_access(),
            max_attempts: 5,
            _aggregate: PhantomData,
        }
    }

    /// Uses `codec` (e.g. one with upcasters).
    pub fn with_codec(mut self, codec: Codec<A::Event>) -> Self {
        self.codec = Arc::new(codec);
        self
    }

    /// Uses `policy` for snapshots.
    pub fn with_snapshots(mut self, policy: SnapshotPolicy) -> Self {
        self.snapshots = policy;
        self
    }

    /// Decides commands under `policy` (the aggregate's local rules).
    pub fn with_policy(mut self, policy: A::Policy) -> Self {
        self.policy = Arc::new(policy);
        self
    }

    /// Enforces `access` (who may execute which command, and read which case)
    /// instead of the aggregate's default ([`Aggregate::default_access`]).
    pub fn with_access(mut self, access: impl AccessPolicy<A> + 'static) -> Self {
        self.access = Arc::new(access);
        self
    }

    /// Asks the access policy whether the actor of `ctx` may make `request` of `case`.
    fn allowed(
        &self,
        ctx: &Context,
        case: &A,
        request: Request<'_, A::Command>,
    ) -> Result<(), RepoError<A::Error>> {
        self.access
            .check(&ctx.actor, case, request)
            .map_err(RepoError::Denied)
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

    /// The current state, as [`load`](Self::load) gives it, read by the actor of
    /// `ctx` for `purpose`: the read is recorded first in the case's audit stream
    /// (see [`super::audit`]), so no read through here goes unrecorded.
    ///
    /// ```
    /// # use carers_core::es::*;
    /// # use carers_core::domain::*;
    /// # let ctx = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap());
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let carer = CarerId::new();
    /// repo.read(&carer.stream(), &ctx, ReadPurpose::Casework)?;
    /// // Who read it is for a manager or an auditor to see.
    /// let manager = Context::new(Actor::new("staff-2", "carers-hub", "manager"), ctx.now);
    /// let reads = repo.reads_of(&carer.stream(), &manager)?;
    /// assert_eq!(reads[0].actor.organisation.0.as_ref(), "carers-hub");
    /// assert_eq!(reads[0].purpose, ReadPurpose::Casework);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`RepoError::InvalidContext`] for an actor unfit to record,
    /// [`RepoError::WrongStream`] for a stream of another category,
    /// [`RepoError::Denied`] when the access policy refuses the actor this read
    /// (nothing is recorded or returned); otherwise as
    /// [`load`](Self::load), and `Store` when the read cannot be recorded (then
    /// nothing is returned).
    pub fn read(
        &self,
        stream: &StreamId,
        ctx: &Context,
        purpose: ReadPurpose,
    ) -> Result<Loaded<A>, RepoError<A::Error>> {
        let audit = self.audit_stream_for(ctx, stream)?;
        let loaded = self.load(stream)?;
        self.allowed(ctx, &loaded.state, Request::Read(purpose))?;
        self.record_read(&audit, ctx, purpose, loaded.version)?;
        Ok(loaded)
    }

    /// Reads the case as [`read`](Self::read) does and, while it is superseded
    /// by another ([`Aggregate::superseded_by`]), reads that one: each case read
    /// is checked and audited. Returns the stream read last (the case that
    /// continues) and its state.
    ///
    /// # Errors
    /// As [`read`](Self::read), for any case on the way; `TooManyLinks` after
    /// [`MAX_LINKS`] links (a loop).
    pub fn read_following(
        &self,
        stream: &StreamId,
        ctx: &Context,
        purpose: ReadPurpose,
    ) -> Result<(StreamId, Loaded<A>), RepoError<A::Error>> {
        let mut at = stream.clone();
        for _ in 0..=MAX_LINKS {
            let loaded = self.read(&at, ctx, purpose)?;
            match loaded.state.superseded_by() {
                Some(next) if next != at => at = next,
                _ => return Ok((at, loaded)),
            }
        }
        Err(RepoError::TooManyLinks)
    }

    /// The case's history, as [`timeline`](Self::timeline) gives it, read by the
    /// actor of `ctx` for `purpose`: checked by the access policy and recorded in
    /// the case's audit stream as [`read`](Self::read) is (what a caseworker's
    /// history screen or a subject access export reads).
    ///
    /// # Errors
    /// As [`read`](Self::read).
    pub fn read_timeline(
        &self,
        stream: &StreamId,
        ctx: &Context,
        purpose: ReadPurpose,
    ) -> Result<Vec<TimelineEntry<A::Event>>, RepoError<A::Error>> {
        let audit = self.audit_stream_for(ctx, stream)?;
        // One pass over the stream: the policy decides on the state the timeline
        // itself folds to, so what is checked is exactly what is returned.
        let timeline = self.timeline(stream)?;
        let state = A::replay(timeline.iter().map(|entry| &entry.event));
        self.allowed(ctx, &state, Request::Read(purpose))?;
        let version = timeline.last().map_or(0, |entry| entry.version);
        self.record_read(&audit, ctx, purpose, version)?;
        Ok(timeline)
    }

    /// Records a read of the case up to `version` in its audit stream.
    fn record_read(
        &self,
        audit: &StreamId,
        ctx: &Context,
        purpose: ReadPurpose,
        version: u64,
    ) -> Result<(), RepoError<A::Error>> {
        let encoded = audit_codec().encode(&AuditEvent::CaseRead { purpose, version })?;
        let record = recorded(encoded, ctx, Uuid::now_v7());
        self.store
            .append(audit, ExpectedVersion::Any, vec![record], None)?;
        Ok(())
    }

    /// Who read the case in `stream` through [`read`](Self::read), when and why,
    /// oldest first, as the actor of `ctx` asks: the read audit is itself
    /// protected by the access policy (`Request::ReadAudit`).
    ///
    /// # Errors
    /// [`RepoError::InvalidContext`] for an actor unfit to record,
    /// [`RepoError::WrongStream`] for a stream of another category,
    /// [`RepoError::Denied`] when the access policy refuses the actor; `Store` or
    /// `Codec` when the audit stream cannot be read.
    pub fn reads_of(
        &self,
        stream: &StreamId,
        ctx: &Context,
    ) -> Result<Vec<ReadRecord>, RepoError<A::Error>> {
        let audit = self.audit_stream_for(ctx, stream)?;
        self.allowed(ctx, &self.load(stream)?.state, Request::ReadAudit)?;
        let codec = audit_codec();
        StreamEvents::new(&self.store, &audit, 1, PAGE)
            .map(|recorded| {
                let recorded = recorded?;
                let event = codec.decode_recorded(&recorded)?;
                let AuditEvent::CaseRead { purpose, version } = event;
                Ok(ReadRecord {
                    at: recorded.recorded_at,
                    actor: Arc::clone(&recorded.metadata.actor),
                    purpose,
                    version,
                })
            })
            .collect()
    }

    /// The audit stream of the case in `stream`, read or written for the actor of
    /// `ctx`: refused first for an actor unfit to record.
    fn audit_stream_for(
        &self,
        ctx: &Context,
        stream: &StreamId,
    ) -> Result<StreamId, RepoError<A::Error>> {
        if let Some(what) = invalid_actor_field(ctx) {
            return Err(RepoError::InvalidContext { what });
        }
        stream
            .entity_id(A::CATEGORY)
            .map(|id| StreamId::for_entity(&A::audit_category(), id))
            .ok_or_else(|| RepoError::WrongStream {
                stream: stream.clone(),
            })
    }

    /// The stream an idempotency key was used on, if it was: how a retried create
    /// finds the stream its first attempt created. [`Repository::execute_new`] does
    /// this lookup itself.
    ///
    /// # Errors
    /// The store failed.
    pub fn find_by_key(&self, key: &IdempotencyKey) -> Result<Option<StreamId>, StoreError> {
        Ok(self
            .store
            .idempotent_result(key)?
            .map(|first| first.append.stream))
    }

    /// Decodes one recorded event, opening its personal values with its stream's
    /// data key (they read as erased once the key is destroyed).
    ///
    /// # Errors
    /// `RepoError::Store` when the key cannot be read, `RepoError::Codec` with the
    /// codec's errors ([`Codec::decode`]).
    pub fn decode(&self, event: &RecordedEvent) -> Result<A::Event, RepoError<A::Error>> {
        self.opened(&event.stream, || Ok(self.decode_sealed(event)?))
    }

    /// Runs `read` with the stream's data key set. A stream with no key when we
    /// looked may have been given one, and sealed events, by a writer since: then
    /// its events do not decode without it, so look again and read once more.
    fn opened<R>(
        &self,
        stream: &StreamId,
        read: impl Fn() -> Result<R, RepoError<A::Error>>,
    ) -> Result<R, RepoError<A::Error>> {
        let key = self.store.key_state(stream)?;
        let had_none = key.is_none();
        let first = with_key(key, &read);
        if had_none && matches!(first, Err(RepoError::Codec(_))) {
            if let Some(key) = self.store.key_state(stream)? {
                return with_key(Some(key), read);
            }
        }
        first
    }

    /// Decodes under the data key set on this thread.
    fn decode_sealed(&self, event: &RecordedEvent) -> Result<A::Event, CodecError> {
        self.codec.decode_recorded(event)
    }

    /// The current state: the latest usable snapshot plus a fold of the events after it.
    ///
    /// ```
    /// # use carers_core::es::*;
    /// # use carers_core::domain::*;
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// # let ctx = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap());
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let carer = CarerId::new();
    /// assert_eq!(repo.load(&carer.stream())?.version, 0); // no case yet: the default state
    /// repo.execute(&carer.stream(), &CaseCommand::IdentifyCarer {
    ///     carer, details, source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// }, &ctx, None)?;
    /// let loaded = repo.load(&carer.stream())?;
    /// assert_eq!(loaded.state.carer(), Some(carer));
    /// assert_eq!(loaded.version, repo.store().stream_version(&carer.stream())?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// `RepoError::Store` when the store fails, `RepoError::Codec` when a stored event
    /// does not decode. (A snapshot that does not decode is ignored, not an error.)
    pub fn load(&self, stream: &StreamId) -> Result<Loaded<A>, RepoError<A::Error>> {
        let span = tracing::debug_span!(
            "load",
            %stream,
            snapshot_version = tracing::field::Empty,
            version = tracing::field::Empty,
        );
        let _entered = span.enter();
        self.opened(stream, || self.load_sealed(stream, &span))
    }

    fn load_sealed(
        &self,
        stream: &StreamId,
        span: &tracing::Span,
    ) -> Result<Loaded<A>, RepoError<A::Error>> {
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
        span.record("snapshot_version", start.version);
        let loaded = self.fold_from(stream, start, |_| true)?;
        span.record("version", loaded.version);
        Ok(loaded)
    }

    /// The state as the system knew it at `instant`: the fold of the stream's events
    /// recorded at or before it (the longest such prefix, so the state is one that existed).
    ///
    /// ```
    /// # use carers_core::es::*;
    /// # use carers_core::domain::*;
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let at = |secs| Context::new(
    ///     Actor::new("staff-1", "carers-hub", "support-worker"),
    ///     chrono::DateTime::from_timestamp(secs, 0).expect("an instant"),
    /// );
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let carer = CarerId::new();
    /// repo.execute(&carer.stream(), &CaseCommand::IdentifyCarer {
    ///     carer, details, source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// }, &at(1_764_000_000), None)?;
    /// let monitoring = CaseCommand::RecordEqualityMonitoring {
    ///     monitoring: EqualityMonitoring::default(), consent_given: true,
    /// };
    /// repo.execute(&carer.stream(), &monitoring, &at(1_764_100_000), None)?;
    /// let then = repo.load_as_of(&carer.stream(), at(1_764_050_000).now)?;
    /// assert_eq!(then.version, 3); // what was known before the monitoring was recorded
    /// assert_eq!(repo.load(&carer.stream())?.version, 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
        self.opened(stream, || {
            self.fold_from(stream, start.clone(), |e| e.recorded_at <= instant)
        })
    }

    /// The stream's events, decoded, each with where, when and by whom it was
    /// recorded: a case's history for a client (serialised, personal values are
    /// redacted unless revealed). Empty for a stream with no events.
    ///
    /// ```
    /// # use carers_core::es::*;
    /// # use carers_core::domain::*;
    /// # let ctx = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap());
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let carer = CarerId::new();
    /// repo.execute(&carer.stream(), &CaseCommand::IdentifyCarer {
    ///     carer, details, source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// }, &ctx, None)?;
    /// let timeline = repo.timeline(&carer.stream())?;
    /// assert_eq!(&*timeline[0].event_type, CaseEvent::CARER_IDENTIFIED);
    /// let json = serde_json::to_string(&timeline)?;
    /// assert!(json.contains("carers-hub") && !json.contains("A Carer"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// `RepoError::Store` when the store fails, `RepoError::Codec` when a stored
    /// event does not decode.
    pub fn timeline(
        &self,
        stream: &StreamId,
    ) -> Result<Vec<TimelineEntry<A::Event>>, RepoError<A::Error>> {
        self.opened(stream, || {
            StreamEvents::new(&self.store, stream, 1, PAGE)
                .map(|recorded| {
                    let recorded = recorded?;
                    let event = self.decode_sealed(&recorded)?;
                    Ok(TimelineEntry::new(&recorded, event))
                })
                .collect()
        })
    }

    fn fold_from(
        &self,
        stream: &StreamId,
        mut loaded: Loaded<A>,
        keep: impl Fn(&RecordedEvent) -> bool,
    ) -> Result<Loaded<A>, RepoError<A::Error>> {
        for recorded in StreamEvents::new(&self.store, stream, loaded.version + 1, PAGE) {
            let recorded = recorded?;
            if !keep(&recorded) {
                break;
            }
            loaded.state.apply(&self.decode_sealed(&recorded)?);
            loaded.version = recorded.version;
        }
        Ok(loaded)
    }

    /// Executes `command` on the aggregate in `stream`: load, decide, append with the
    /// loaded version as expected; on a conflict, load and decide again, up to the
    /// attempt limit. A refused command appends nothing.
    ///
    /// With an `idempotency_key`, the command's [`Fingerprint`] is stored with it.
    /// Sent again with the same key and the same command (a retried request),
    /// nothing is decided or appended: the first execution's events and the current
    /// state are returned, with `replayed` set. The same key with another command is
    /// [`RepoError::IdempotencyKeyConflict`], and on another stream
    /// [`StoreError::IdempotencyKeyReused`]; neither appends anything. `execute(c)`
    /// is `execute_all(&[c])`, so a key means the same through both.
    ///
    /// ```
    /// # use carers_core::es::*;
    /// # use carers_core::domain::*;
    /// # let ctx = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap());
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let carer = CarerId::new();
    /// let identify = CaseCommand::IdentifyCarer {
    ///     carer, details, source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// };
    /// let key = IdempotencyKey::new("request-1")?;
    /// let first = repo.execute(&carer.stream(), &identify, &ctx, Some(&key))?;
    /// let retry = repo.execute(&carer.stream(), &identify, &ctx, Some(&key))?;
    /// assert!(!first.replayed && retry.replayed);
    /// assert_eq!(retry.append, first.append); // nothing appended the second time
    ///
    /// // The same key for another command is refused; it never skips the command.
    /// let other = CaseCommand::RecordEqualityMonitoring { monitoring: EqualityMonitoring::default(), consent_given: true };
    /// assert!(matches!(
    ///     repo.execute(&carer.stream(), &other, &ctx, Some(&key)),
    ///     Err(RepoError::IdempotencyKeyConflict { .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`RepoError::InvalidContext`] when the actor's id, organisation or role is
    /// empty, blank or longer than [`MAX_ACTOR_FIELD_LEN`] bytes (before deciding);
    /// [`RepoError::Denied`] when the access policy refuses the actor the command
    /// (before deciding; also for a retry with a key that was used);
    /// [`RepoError::Domain`] when the aggregate refuses; [`RepoError::WrongStream`]
    /// when the stream is of another category than `A::CATEGORY`, or the command
    /// names another entity than the stream's;
    /// [`RepoError::IdempotencyKeyConflict`]; [`RepoError::Conflict`] when other
    /// writers kept changing the stream for every attempt; `Store` with
    /// `StoreError::IdempotencyKeyReused` when the key was used on another stream;
    /// `Store` or `Codec` when the store or the codec fails. Nothing of this command
    /// is appended on any error, except that a store failure after the append (e.g.
    /// a flush) leaves the outcome unknown: retry with the same idempotency key.
    pub fn execute(
        &self,
        stream: &StreamId,
        command: &A::Command,
        ctx: &Context,
        idempotency_key: Option<&IdempotencyKey>,
    ) -> Result<Executed<A>, RepoError<A::Error>> {
        self.execute_all(stream, std::slice::from_ref(command), ctx, idempotency_key)
            .map_err(|e| match e {
                RepoError::CommandRefused { error, .. } => RepoError::Domain(error),
                e => e,
            })
    }

    /// Executes several commands as one: each is decided on the state the ones
    /// before it produced, and all their events are appended in **one** append, or
    /// none of them (e.g. register a carer with their caring roles; request, start,
    /// evidence and complete an assessment). Each command's events carry their own
    /// `command_id`. Conflicts, idempotency and snapshots are as for
    /// [`Repository::execute`]; the key's fingerprint covers the whole list.
    ///
    /// ```
    /// # use carers_core::es::*;
    /// # use carers_core::domain::*;
    /// # let ctx = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap());
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let identify = |carer| CaseCommand::IdentifyCarer {
    ///     carer, details: details.clone(), source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// };
    /// let monitoring = CaseCommand::RecordEqualityMonitoring {
    ///     monitoring: EqualityMonitoring::default(), consent_given: true,
    /// };
    /// let carer = CarerId::new();
    /// let done = repo.execute_all(&carer.stream(), &[identify(carer), monitoring], &ctx, None)?;
    /// assert_eq!((done.append.first_version, done.append.last_version), (1, 4));
    ///
    /// // A refused command anywhere in the list appends nothing, and is named by its
    /// // index: here an assessment about a caring role that is not recorded.
    /// let request = CaseCommand::RequestAssessment(AssessmentRequest::new(
    ///     AssessmentId::new(), AssessmentKind::CarersAssessment, CaredForId::new(), Route::RequestedByCarer,
    /// ));
    /// let other = CarerId::new();
    /// let err = repo.execute_all(&other.stream(), &[identify(other), request], &ctx, None);
    /// assert!(matches!(err, Err(RepoError::CommandRefused { index: 1, .. })));
    /// assert_eq!(repo.store().stream_version(&other.stream())?, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`RepoError::CommandRefused`] with the index of the first command the
    /// aggregate refuses; otherwise as [`Repository::execute`]. Nothing is appended
    /// on any error.
    pub fn execute_all(
        &self,
        stream: &StreamId,
        commands: &[A::Command],
        ctx: &Context,
        idempotency_key: Option<&IdempotencyKey>,
    ) -> Result<Executed<A>, RepoError<A::Error>> {
        // Ids, counts and versions only: commands and events hold personal data.
        let span = tracing::info_span!(
            "execute",
            %stream,
            commands = commands.len(),
            keyed = idempotency_key.is_some(),
        );
        let _entered = span.enter();
        let result = self.execute_all_traced(stream, commands, ctx, idempotency_key);
        match &result {
            Ok(done) => tracing::debug!(
                replayed = done.replayed,
                events = done.events.len(),
                last_version = done.append.last_version,
                "executed"
            ),
            Err(e) => tracing::debug!(outcome = failure(e), "not executed"),
        }
        result
    }

    fn execute_all_traced(
        &self,
        stream: &StreamId,
        commands: &[A::Command],
        ctx: &Context,
        idempotency_key: Option<&IdempotencyKey>,
    ) -> Result<Executed<A>, RepoError<A::Error>> {
        if let Some(what) = invalid_actor_field(ctx) {
            return Err(RepoError::InvalidContext { what });
        }
        if stream.category() != A::CATEGORY
            || commands
                .iter()
                .filter_map(A::entity_of)
                .any(|id| A::stream_of(id) != *stream)
        {
            return Err(RepoError::WrongStream {
                stream: stream.clone(),
            });
        }
        if commands.is_empty() {
            // Nothing to decide, so nothing the policy could be asked about: an
            // empty list would hand back the case unchecked.
            return Err(RepoError::NoCommands);
        }
        // The policy first, before anything touches the store (a keyed request
        // makes the stream's data key) or answers from it (a replay, a key used
        // elsewhere, a destroyed key): a denial is the same for every case. Each
        // command is checked on the case as it is; in the loop below, again on
        // the state the ones before it produced.
        let first = self.load(stream)?;
        for command in commands {
            self.allowed(ctx, &first.state, Request::Execute(command))?;
        }
        let mut loaded = Some(first);
        // The stream's data key seals what is stored and keys the fingerprint; a
        // keyed request needs it before deciding, others only to record events.
        let mut data_key = None;
        let idempotency = match idempotency_key {
            Some(key) => Some(Idempotency {
                key: key.clone(),
                fingerprint: Fingerprint::keyed(self.data_key(stream, &mut data_key)?, commands)
                    .map_err(|_| RepoError::UnencodableCommand)?,
            }),
            None => None,
        };
        if let Some(idem) = &idempotency
            && let Some(first) = self.store.idempotent_result(&idem.key)?
        {
            // Never report another command's (or another stream's) events as ours.
            first.answer(stream, idem.fingerprint).map_err(key_error)?;
            tracing::debug!("replaying the key's first execution");
            return self.replay_result(first.append);
        }
        for attempt in 1..=self.max_attempts {
            let Loaded { mut state, version } = match loaded.take() {
                Some(first) => first,
                None => self.load(stream)?,
            };
            tracing::debug!(attempt, version, "deciding");
            let mut events = Vec::new();
            let mut command_ids = Vec::new();
            for (index, command) in commands.iter().enumerate() {
                self.allowed(ctx, &state, Request::Execute(command))?;
                let decided = state
                    .decide(command, ctx, &self.policy)
                    .map_err(|error| RepoError::CommandRefused { index, error })?;
                let command_id = Uuid::now_v7();
                for e in &decided {
                    // The next command is decided on the state this one produced.
                    state.apply(e);
                    command_ids.push(command_id);
                }
                events.extend(decided);
            }
            let new_events = if events.is_empty() {
                Vec::new()
            } else {
                let key = self.data_key(stream, &mut data_key)?;
                self.new_events(&events, &command_ids, ctx, key)?
            };
            let Some(first_command) = new_events.first().map(|e| e.metadata.command_id) else {
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
                    replayed: false,
                    snapshot_error: None,
                });
            };
            match self.store.append(
                stream,
                ExpectedVersion::Exact(version),
                new_events,
                idempotency.as_ref(),
            ) {
                Ok(append) => {
                    if idempotency.is_some() && !self.appended_by(&append, first_command)? {
                        // A racing request with the same key and command won: the store
                        // returned its append, so report that one's events, not ours.
                        tracing::debug!("a racing request with the key appended first");
                        return self.replay_result(append);
                    }
                    let key = self.data_key(stream, &mut data_key)?.clone();
                    let snapshot_error =
                        self.maybe_snapshot(stream, &state, &key, version, append.last_version);
                    if let Some(e) = &snapshot_error {
                        tracing::warn!(error = e.code(), "snapshot not saved");
                    }
                    if state.erased() {
                        // An erasure is done only when the key is gone, however it
                        // was sent (`execute` or `erase`).
                        self.store.destroy_key(stream)?;
                        tracing::info!(%stream, "personal data erased: data key destroyed");
                    }
                    return Ok(Executed {
                        state,
                        events,
                        append,
                        replayed: false,
                        snapshot_error,
                    });
                }
                Err(StoreError::WrongExpectedVersion { actual, .. }) => {
                    tracing::debug!(attempt, expected = version, actual, "version conflict");
                }
                Err(e) => return Err(key_error(e)),
            }
        }
        Err(RepoError::Conflict {
            stream: stream.clone(),
            attempts: self.max_attempts,
        })
    }

    /// Creates a new entity with an id this call mints, retryable by its key: what
    /// a web handler for "register a carer" (a POST that a client may send twice)
    /// wants. `commands_for(id)` builds the commands that create the entity with
    /// `id` (decided and appended as by [`Repository::execute_all`], on
    /// `A::stream_of(id)`).
    ///
    /// If `key` was already used, the id is the one its stream was created with, so
    /// a retried request rebuilds the same commands and gets the first result
    /// (`replayed`), not a second entity; a request with other content under the
    /// same key is [`RepoError::IdempotencyKeyConflict`]. Two racing first requests
    /// with one key create one entity: the loser finds the winner's stream and
    /// replays.
    ///
    /// ```
    /// # use carers_core::es::*;
    /// # use carers_core::domain::*;
    /// # let ctx = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap());
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// // POST /carers with the header `Idempotency-Key: 7f1c…`, sent twice:
    /// let key = IdempotencyKey::new("7f1c-register")?;
    /// let register = |id| vec![CaseCommand::IdentifyCarer {
    ///     carer: CarerId(id), details: details.clone(), source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// }];
    /// let first = repo.execute_new(register, &ctx, &key)?;
    /// let retry = repo.execute_new(register, &ctx, &key)?;
    /// assert_eq!(retry.id, first.id); // one carer, not two
    /// assert!(retry.executed.replayed);
    /// assert_eq!(repo.find_by_key(&key)?, Some(CarerId(first.id).stream()));
    /// assert_eq!(repo.store().head_position()?, first.executed.append.last_position);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Repository::execute_all`]; [`StoreError::IdempotencyKeyReused`] when
    /// the key was used on a stream that is not one of this aggregate's.
    pub fn execute_new(
        &self,
        commands_for: impl Fn(Uuid) -> Vec<A::Command>,
        ctx: &Context,
        key: &IdempotencyKey,
    ) -> Result<Created<A>, RepoError<A::Error>> {
        let mut lost_race = false;
        loop {
            let id = match self.store.idempotent_result(key)? {
                Some(first) => first.append.stream.entity_id(A::CATEGORY).ok_or(
                    StoreError::IdempotencyKeyReused {
                        first_stream: first.append.stream,
                    },
                )?,
                None => Uuid::now_v7(),
            };
            match self.execute_all(&A::stream_of(id), &commands_for(id), ctx, Some(key)) {
                // A racing request with this key created its entity between our
                // lookup and our append: look again, and retry on its stream.
                Err(RepoError::Store(StoreError::IdempotencyKeyReused { .. })) if !lost_race => {
                    lost_race = true;
                }
                result => return result.map(|executed| Created { id, executed }),
            }
        }
    }

    /// The stream's data key, fetched (or made) once per execution.
    fn data_key<'k>(
        &self,
        stream: &StreamId,
        held: &'k mut Option<DataKey>,
    ) -> Result<&'k DataKey, StoreError> {
        if held.is_none() {
            *held = Some(self.store.data_key(stream)?);
        }
        Ok(held.as_ref().expect("set just above"))
    }

    /// Erases the personal data of the subject of `stream`: executes `command`
    /// (the aggregate's erasure, e.g. `CaseCommand::ErasePersonalData`), then
    /// destroys the stream's data key (as `execute` of an erasure does too; this
    /// one also refuses a command that erases nothing and finishes an erasure a
    /// crash interrupted), so every personal value sealed under it, in
    /// every event and snapshot, reads as erased; returns the case as it now loads.
    /// What is not personal (what was decided, when, by whom) is unchanged.
    ///
    /// Retrying is safe: on a stream whose erasure is already recorded, it only
    /// makes sure the key is destroyed (a crash between the two steps leaves the
    /// erasure recorded and the key to destroy).
    ///
    /// ```
    /// # use carers_core::es::*;
    /// # use carers_core::domain::*;
    /// # let ctx = Context::new(Actor::new("staff-1", "carers-hub", "manager"), chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap());
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let carer = CarerId::new();
    /// repo.execute(&carer.stream(), &CaseCommand::IdentifyCarer {
    ///     carer, details, source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// }, &ctx, None)?;
    /// let erase = CaseCommand::ErasePersonalData { basis: ErasureBasis::SubjectRequest };
    /// let case = repo.erase(&carer.stream(), &erase, &ctx)?.state;
    /// let identity = case.identity.expect("still identified: the record stays");
    /// assert!(identity.details.name.is_erased() && identity.details.date_of_birth.is_erased());
    /// assert_eq!(identity.carer, carer);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`RepoError::Denied`] when the access policy refuses the actor the
    /// erasure; [`RepoError::NotAnErasure`] when `command` does not record an erasure;
    /// otherwise as [`Repository::execute`]; `Store` when the key cannot be
    /// destroyed (the erasure is then recorded: retry).
    pub fn erase(
        &self,
        stream: &StreamId,
        command: &A::Command,
        ctx: &Context,
    ) -> Result<Loaded<A>, RepoError<A::Error>> {
        if let Some(what) = invalid_actor_field(ctx) {
            return Err(RepoError::InvalidContext { what });
        }
        let current = self.load(stream)?;
        self.allowed(ctx, &current.state, Request::Execute(command))?;
        // Also on an erased case, where it only finishes the erasure: the policy
        // was asked about an erasure, not about whatever command came with it.
        if !A::erases(command) {
            return Err(RepoError::NotAnErasure);
        }
        if !current.state.erased() {
            match self.execute(stream, command, ctx, None) {
                Ok(_) => {}
                // A racing erasure was recorded first: ours is refused, and the
                // key is destroyed below all the same.
                Err(RepoError::Domain(_)) if self.load(stream)?.state.erased() => {}
                Err(e) => return Err(e),
            }
        }
        // Also when the erasure was recorded but its key not yet destroyed (a crash
        // between the two, or a retry).
        self.store.destroy_key(stream)?;
        self.load(stream)
    }

    /// The events as stored, sealed under `key` (set once for all of them).
    fn new_events(
        &self,
        events: &[A::Event],
        command_ids: &[Uuid],
        ctx: &Context,
        key: &DataKey,
    ) -> Result<Vec<NewEvent>, CodecError> {
        with_key(Some(KeyState::Active(key.clone())), || {
            events
                .iter()
                .zip(command_ids)
                .map(|(e, id)| Ok(recorded(self.codec.encode(e)?, ctx, *id)))
                .collect()
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
        let recorded = self
            .store
            .read_stream(&append.stream, append.first_version, count)?;
        let events = self.opened(&append.stream, || {
            Ok(recorded
                .iter()
                .map(|e| self.decode_sealed(e))
                .collect::<Result<Vec<_>, _>>()?)
        })?;
        let state = self.load(&append.stream)?.state;
        Ok(Executed {
            state,
            events,
            append,
            replayed: true,
            snapshot_error: None,
        })
    }

    fn maybe_snapshot(
        &self,
        stream: &StreamId,
        state: &A,
        key: &DataKey,
        before: u64,
        after: u64,
    ) -> Option<StoreError> {
        let SnapshotPolicy::EveryNEvents(n) = self.snapshots else {
            return None;
        };
        if n == 0 || before / n == after / n {
            return None;
        }
        let sealing = Some(KeyState::Active(key.clone()));
        let bytes = match with_key(sealing, || stored_form(|| serde_json::to_vec(state))) {
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
