//! The [`Aggregate`] trait and the [`Context`] a command is decided in.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use uuid::Uuid;

use super::access::AccessPolicy;
use super::codec::DomainEvent;
use super::envelope::StreamId;

/// A consistency boundary: state that decides commands and is a fold of its events.
///
/// `decide` is pure: it sees only the state, the command and the [`Context`] (which
/// carries the clock reading), so a decision can be replayed and tested without a
/// store or a clock. `apply` is infallible: an event is a fact already recorded, and
/// a fact cannot be refused.
pub trait Aggregate: Default + Clone + Serialize + DeserializeOwned + Send + Sync {
    /// What the aggregate can be asked to do. `Serialize`, because a command sent
    /// with an idempotency key is stored as the [`Fingerprint`] of its encoding, so
    /// the key can never stand for another command.
    ///
    /// [`Fingerprint`]: super::Fingerprint
    type Command: Serialize;
    /// What it records.
    type Event: DomainEvent;
    /// Why it refuses a command.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Local rules the decisions follow where the law leaves them to the service
    /// (timescales, review periods): configuration, not state. A [`Repository`]
    /// decides with the policy it was given (`Default` unless set).
    ///
    /// [`Repository`]: super::Repository
    type Policy: Default + Clone + std::fmt::Debug + Send + Sync;

    /// The stream category, e.g. `"carer"`; streams are named `category-<uuid>`.
    const CATEGORY: &'static str;

    /// The category of the streams that record who read this aggregate's
    /// streams (`<category>-<id>`): by default `audit_<CATEGORY>`, its own for
    /// each aggregate, so that two aggregates whose entities share an id never
    /// share a read audit. The carer's case names `"audit"`, as it always had.
    const AUDIT_CATEGORY: Option<&'static str> = None;

    /// The category [`AUDIT_CATEGORY`](Self::AUDIT_CATEGORY) gives.
    fn audit_category() -> std::borrow::Cow<'static, str> {
        match Self::AUDIT_CATEGORY {
            Some(category) => category.into(),
            None => format!("{}_{}", super::audit::AUDIT_CATEGORY, Self::CATEGORY).into(),
        }
    }

    /// The stream of the aggregate with entity `id`: `CATEGORY-<id>`. Needs no
    /// store: `CarerCase::stream_of(id)`, or the free function [`stream_of`].
    fn stream_of(id: Uuid) -> StreamId {
        StreamId::for_entity(Self::CATEGORY, id)
    }

    /// The id of the entity a command names as its own, if it names one (e.g. the
    /// carer a case is opened for). The repository refuses such a command on any
    /// other entity's stream, so a case can never be opened under another's id.
    fn entity_of(command: &Self::Command) -> Option<Uuid> {
        let _ = command;
        None
    }

    /// The schema version of the serialised state. Bump it when the state's shape
    /// changes: snapshots of another version are ignored and the stream is replayed.
    const SNAPSHOT_SCHEMA: u32 = 1;

    /// Decide what happens, under `policy`: the events to record, or why the command
    /// is refused.
    ///
    /// # Errors
    /// The aggregate's refusal; nothing is recorded.
    fn decide(
        &self,
        command: &Self::Command,
        ctx: &Context,
        policy: &Self::Policy,
    ) -> Result<Vec<Self::Event>, Self::Error>;

    /// Fold one recorded event into the state.
    fn apply(&mut self, event: &Self::Event);

    /// The access policy a [`Repository`](super::Repository) enforces unless given
    /// another with `with_access`: who may execute which command and read the
    /// case. Required, so that no aggregate is open to every actor by omission
    /// ([`Unrestricted`](super::access::Unrestricted) says so on purpose).
    fn default_access() -> Arc<dyn AccessPolicy<Self>>;

    /// Whether `command` is the aggregate's erasure of its subject's personal
    /// data: what [`Repository::erase`](super::Repository::erase) requires of the
    /// command it is given. `false` unless the aggregate erases.
    fn erases(command: &Self::Command) -> bool {
        let _ = command;
        false
    }

    /// Whether the state records the erasure of its subject's personal data: what
    /// [`Repository::erase`](super::Repository::erase) checks before it destroys the
    /// subject's data key. `false` unless the aggregate erases.
    fn erased(&self) -> bool {
        false
    }

    /// The stream that supersedes this one (a duplicate merged into another), if
    /// any: what [`Repository::read_following`](super::Repository::read_following)
    /// follows. `None` unless the aggregate merges.
    fn superseded_by(&self) -> Option<super::StreamId> {
        None
    }

    /// Fold a sequence of events into a fresh state.
    fn replay<'a>(events: impl IntoIterator<Item = &'a Self::Event>) -> Self
    where
        Self::Event: 'a,
    {
        let mut state = Self::default();
        for event in events {
            state.apply(event);
        }
        state
    }
}

/// The stream of the aggregate `A` with entity `id`, without naming a store:
/// `es::stream_of::<CarerCase>(id)`.
///
/// ```
/// # use carers_core::domain::{CarerCase, CarerId};
/// let carer = CarerId::new();
/// let stream = carers_core::es::stream_of::<CarerCase>(carer.0);
/// assert_eq!(stream, carer.stream());
/// assert_eq!(stream.category(), "carer");
/// ```
pub fn stream_of<A: Aggregate>(id: Uuid) -> StreamId {
    A::stream_of(id)
}

/// Who acts: a member of staff, or a system, of a partner organisation.
///
/// Actor ids identify staff accounts, never carers; they are recorded with every
/// event because every fact about a carer must say who recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Actor {
    /// The account that acted.
    pub id: ActorId,
    /// The partner organisation the account belongs to.
    pub organisation: OrganisationId,
    /// The role the account acted in.
    pub role: Role,
}

/// The id of a staff or system account (not a carer's id).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ActorId(pub Arc<str>);

/// The id of a partner organisation, e.g. `"birmingham-asc"` or `"carers-hub"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OrganisationId(pub Arc<str>);

/// The role an actor acts in, e.g. `"social-worker"`; the domain decides what a role may do.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Role(pub Arc<str>);

impl ActorId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl OrganisationId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Role {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Actor {
    /// An actor from its three parts.
    pub fn new(
        id: impl Into<Arc<str>>,
        organisation: impl Into<Arc<str>>,
        role: impl Into<Arc<str>>,
    ) -> Self {
        Self {
            id: ActorId(id.into()),
            organisation: OrganisationId(organisation.into()),
            role: Role(role.into()),
        }
    }
}

/// What a command is decided in: who acts, and when (the clock is read once, by the
/// caller, so that `decide` stays pure).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// Who acts.
    pub actor: Arc<Actor>,
    /// The clock reading at which the command is decided and its events recorded.
    pub now: DateTime<Utc>,
    /// Ties together the events of one piece of work across streams.
    pub correlation_id: Uuid,
    /// The event or message that caused this command, if any.
    pub causation_id: Option<Uuid>,
}

impl Context {
    /// A context with a fresh correlation id and no causation.
    pub fn new(actor: Actor, now: DateTime<Utc>) -> Self {
        Self {
            actor: Arc::new(actor),
            now,
            correlation_id: Uuid::now_v7(),
            causation_id: None,
        }
    }

    /// The same context, caused by `causation_id` (e.g. the event a process manager reacted to).
    pub fn caused_by(mut self, causation_id: Uuid) -> Self {
        self.causation_id = Some(causation_id);
        self
    }
}
