//! Async twins of the repository and the projection runner, for services on
//! `tokio` (feature `tokio`).
//!
//! The synchronous API stays the core: sled and the store traits block. Each method
//! here clones what it needs into a task on tokio's blocking pool
//! ([`tokio::task::spawn_blocking`]) and awaits it, so a request handler never
//! blocks the runtime's worker threads. The answers and errors are the
//! synchronous ones; two things are added by the move to a task:
//! - a panic inside the blocking work resumes in the awaiting task, as it would
//!   have in a synchronous call;
//! - a task the runtime cancels because it is shutting down did not run, and is
//!   `StoreError::Unavailable`.

use std::sync::{Arc, Mutex};

use carers_core::es::{
    Aggregate, CatchUp, CheckpointStore, Context, Created, EventStore, Executed, IdempotencyKey,
    KeyStore, Loaded, Projection, ProjectionError, ProjectionRunner, RepoError, Repository,
    SnapshotStore, StoreError, StreamId, TimelineEntry,
};
use chrono::{DateTime, Utc};
use tokio::task::{JoinError, spawn_blocking};
use uuid::Uuid;

/// What a blocking task that did not finish becomes: its panic, resumed here, or
/// (cancelled at shutdown) the store being unavailable.
fn joined(e: JoinError) -> StoreError {
    match e.try_into_panic() {
        Ok(panic) => std::panic::resume_unwind(panic),
        Err(_) => StoreError::Unavailable {
            reason: "the runtime is shutting down",
        },
    }
}

/// A [`Repository`] for async services: each method runs the synchronous one on
/// tokio's blocking pool. Cheap to clone (it is the repository behind an `Arc`):
/// give each handler a clone.
///
/// ```
/// use carers::asynchronous::AsyncRepository;
/// use carers::domain::*;
/// use carers::es::{Actor, Context, MemoryStore, Repository};
///
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let partnership = Partnership::new().with("carers-hub", PartnerKind::CarersHub);
/// let repo = AsyncRepository::new(Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership));
/// let ctx = Context::new(Actor::new("worker-1", "carers-hub", "support-worker"), carers::chrono::Utc::now());
/// let carer = CarerId::new();
/// let details = PersonalDetails {
///     name: Personal::new("A Carer".into()),
///     date_of_birth: Personal::new(carers::chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
///     contact: Personal::new(String::new()),
///     address: Personal::new(String::new()),
///     notes: Personal::new(String::new()),
/// };
/// let identify = CaseCommand::IdentifyCarer {
///     carer, details, source: IdentificationSource::Gp,
///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
/// };
/// repo.execute(carer.stream(), identify, ctx, None).await?;
/// assert_eq!(repo.load(carer.stream()).await?.version, 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct AsyncRepository<A: Aggregate, S> {
    inner: Arc<Repository<A, S>>,
}

impl<A: Aggregate, S> Clone for AsyncRepository<A, S> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<A: Aggregate, S: std::fmt::Debug> std::fmt::Debug for AsyncRepository<A, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("AsyncRepository").field(&self.inner).finish()
    }
}

impl<A, S> AsyncRepository<A, S>
where
    A: Aggregate + 'static,
    A::Command: Send + 'static,
    A::Event: Send + 'static,
    S: EventStore + SnapshotStore + KeyStore + 'static,
{
    /// Wraps a configured repository.
    pub fn new(repository: Repository<A, S>) -> Self {
        Self {
            inner: Arc::new(repository),
        }
    }

    /// The synchronous repository inside (for work already on a blocking thread).
    pub fn blocking(&self) -> &Repository<A, S> {
        &self.inner
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Repository<A, S>) -> Result<T, RepoError<A::Error>> + Send + 'static,
    ) -> Result<T, RepoError<A::Error>> {
        let repo = Arc::clone(&self.inner);
        spawn_blocking(move || work(&repo))
            .await
            .map_err(|e| RepoError::Store(joined(e)))?
    }

    /// [`Repository::execute`] on the blocking pool.
    ///
    /// # Errors
    /// As [`Repository::execute`]; `Store(Unavailable)` when the runtime is
    /// shutting down and the command did not run.
    pub async fn execute(
        &self,
        stream: StreamId,
        command: A::Command,
        ctx: Context,
        idempotency_key: Option<IdempotencyKey>,
    ) -> Result<Executed<A>, RepoError<A::Error>> {
        self.run(move |repo| repo.execute(&stream, &command, &ctx, idempotency_key.as_ref()))
            .await
    }

    /// [`Repository::execute_all`] on the blocking pool: the commands are one
    /// append or none.
    ///
    /// # Errors
    /// As [`Repository::execute_all`]; `Store(Unavailable)` as for
    /// [`execute`](Self::execute).
    pub async fn execute_all(
        &self,
        stream: StreamId,
        commands: Vec<A::Command>,
        ctx: Context,
        idempotency_key: Option<IdempotencyKey>,
    ) -> Result<Executed<A>, RepoError<A::Error>> {
        self.run(move |repo| repo.execute_all(&stream, &commands, &ctx, idempotency_key.as_ref()))
            .await
    }

    /// [`Repository::execute_new`] on the blocking pool: creates an entity with an
    /// id it mints, retryable by `key`.
    ///
    /// # Errors
    /// As [`Repository::execute_new`]; `Store(Unavailable)` as for
    /// [`execute`](Self::execute).
    pub async fn execute_new(
        &self,
        commands_for: impl Fn(Uuid) -> Vec<A::Command> + Send + 'static,
        ctx: Context,
        key: IdempotencyKey,
    ) -> Result<Created<A>, RepoError<A::Error>> {
        self.run(move |repo| repo.execute_new(commands_for, &ctx, &key))
            .await
    }

    /// [`Repository::load`] on the blocking pool.
    ///
    /// # Errors
    /// As [`Repository::load`]; `Store(Unavailable)` as for
    /// [`execute`](Self::execute).
    pub async fn load(&self, stream: StreamId) -> Result<Loaded<A>, RepoError<A::Error>> {
        self.run(move |repo| repo.load(&stream)).await
    }

    /// [`Repository::read`] on the blocking pool: the read is recorded in the
    /// case's audit stream.
    ///
    /// # Errors
    /// As [`Repository::read`]; `Store(Unavailable)` as for
    /// [`execute`](Self::execute).
    pub async fn read(
        &self,
        stream: StreamId,
        ctx: Context,
        purpose: carers_core::es::ReadPurpose,
    ) -> Result<Loaded<A>, RepoError<A::Error>> {
        self.run(move |repo| repo.read(&stream, &ctx, purpose))
            .await
    }

    /// [`Repository::read_timeline`] on the blocking pool: checked and recorded
    /// as [`read`](Self::read) is.
    ///
    /// # Errors
    /// As [`Repository::read_timeline`]; `Store(Unavailable)` as for
    /// [`execute`](Self::execute).
    pub async fn read_timeline(
        &self,
        stream: StreamId,
        ctx: Context,
        purpose: carers_core::es::ReadPurpose,
    ) -> Result<Vec<TimelineEntry<A::Event>>, RepoError<A::Error>> {
        self.run(move |repo| repo.read_timeline(&stream, &ctx, purpose))
            .await
    }

    /// [`Repository::reads_of`] on the blocking pool: who read the case, as the
    /// actor of `ctx` asks.
    ///
    /// # Errors
    /// As [`Repository::reads_of`]; `Store(Unavailable)` as for
    /// [`execute`](Self::execute).
    pub async fn reads_of(
        &self,
        stream: StreamId,
        ctx: Context,
    ) -> Result<Vec<carers_core::es::ReadRecord>, RepoError<A::Error>> {
        self.run(move |repo| repo.reads_of(&stream, &ctx)).await
    }

    /// [`Repository::timeline`] on the blocking pool.
    ///
    /// # Errors
    /// As [`Repository::timeline`]; `Store(Unavailable)` as for
    /// [`execute`](Self::execute).
    pub async fn timeline(
        &self,
        stream: StreamId,
    ) -> Result<Vec<TimelineEntry<A::Event>>, RepoError<A::Error>> {
        self.run(move |repo| repo.timeline(&stream)).await
    }

    /// [`Repository::load_as_of`] on the blocking pool.
    ///
    /// # Errors
    /// As [`Repository::load_as_of`]; `Store(Unavailable)` as for
    /// [`execute`](Self::execute).
    pub async fn load_as_of(
        &self,
        stream: StreamId,
        instant: DateTime<Utc>,
    ) -> Result<Loaded<A>, RepoError<A::Error>> {
        self.run(move |repo| repo.load_as_of(&stream, instant))
            .await
    }

    /// [`Repository::erase`] on the blocking pool.
    ///
    /// # Errors
    /// As [`Repository::erase`]; `Store(Unavailable)` as for
    /// [`execute`](Self::execute).
    pub async fn erase(
        &self,
        stream: StreamId,
        command: A::Command,
        ctx: Context,
    ) -> Result<Loaded<A>, RepoError<A::Error>>
    where
        A::Command: Send + 'static,
    {
        self.run(move |repo| repo.erase(&stream, &command, &ctx))
            .await
    }
}

/// [`ProjectionRunner::catch_up`] on tokio's blocking pool, for a read model that
/// request handlers share behind a mutex: the lock is held (on the blocking
/// thread) while the events are folded in, so a reader sees the model before or
/// after a catch-up, never part-way through one.
///
/// # Errors
/// As [`ProjectionRunner::catch_up`]; [`ProjectionError::Poisoned`] when a
/// panic left the mutex poisoned (the model may be half-updated: rebuild it);
/// `Store(Unavailable)` when the runtime is shutting down and nothing ran.
pub async fn catch_up<S, P>(
    runner: ProjectionRunner,
    store: S,
    projection: Arc<Mutex<P>>,
) -> Result<CatchUp, ProjectionError>
where
    S: EventStore + CheckpointStore + KeyStore + 'static,
    P: Projection + Send + 'static,
{
    on_model(projection, move |model| runner.catch_up(&store, model)).await
}

/// [`ProjectionRunner::rebuild`] on tokio's blocking pool, for a shared read
/// model as [`catch_up`]: what a service runs at start for a read model that lives
/// only in memory (its checkpoint outlives the process). Rebuilding also clears a
/// poisoned mutex: the model is emptied and folded again from the start.
///
/// # Errors
/// As [`ProjectionRunner::rebuild`]; `Store(Unavailable)` when the runtime is
/// shutting down and nothing ran.
pub async fn rebuild<S, P>(
    runner: ProjectionRunner,
    store: S,
    projection: Arc<Mutex<P>>,
) -> Result<CatchUp, ProjectionError>
where
    S: EventStore + CheckpointStore + KeyStore + 'static,
    P: Projection + Send + 'static,
{
    spawn_blocking(move || {
        let mut model = projection.lock().unwrap_or_else(|poisoned| {
            // Sound: the rebuild resets the model before folding anything in.
            projection.clear_poison();
            poisoned.into_inner()
        });
        runner.rebuild(&store, &mut *model)
    })
    .await
    .map_err(|e| ProjectionError::Store(joined(e)))?
}

async fn on_model<P: Send + 'static>(
    projection: Arc<Mutex<P>>,
    work: impl FnOnce(&mut P) -> Result<CatchUp, ProjectionError> + Send + 'static,
) -> Result<CatchUp, ProjectionError> {
    spawn_blocking(move || {
        let mut model = projection.lock().map_err(|_| ProjectionError::Poisoned)?;
        work(&mut model)
    })
    .await
    .map_err(|e| ProjectionError::Store(joined(e)))?
}
