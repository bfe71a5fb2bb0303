//! Read models: a [`Projection`] handles the global log in order, and the
//! [`ProjectionRunner`] feeds it from its checkpoint.

use super::codec::CodecError;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::envelope::{RecordedEvent, StreamId};
use super::error::{ErrorKind, ServiceError};
use super::seal::{KeyState, KeyStore, with_key};
use super::store::{CheckpointStore, EventStore, GlobalLog, StoreError};

/// A read model built by folding the global log.
///
/// The runner keeps the checkpoint in a [`CheckpointStore`], for a read model
/// persisted with it. A read model held in memory says where it is instead
/// ([`Projection::position`]): a new one then catches up from the start of the
/// log, whatever checkpoint an earlier process saved.
///
/// `handle` runs with the event's stream's data key set (see
/// [`super::seal::with_key`]): a projection that writes anything in the stored
/// form inside `handle` would seal it under that one carer's key, so persist a
/// read model elsewhere, after the catch-up.
pub trait Projection {
    /// A stable name, used as the checkpoint key.
    fn name(&self) -> &str;
    /// Folds one event into the read model. Events arrive in global order, once each.
    ///
    /// # Errors
    /// A `ProjectionError` when the event cannot be decoded (or a store the projection
    /// writes to fails); the runner then stops with the checkpoint before this event.
    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError>;
    /// Empties the read model, before a rebuild from the start of the log.
    fn reset(&mut self);
    /// For a read model held in memory: the global position of the last event it
    /// has handled (0 when new), from which the runner continues instead of the
    /// saved checkpoint. `None` (the default) for a read model persisted with its
    /// checkpoint.
    fn position(&self) -> Option<u64> {
        None
    }
}

/// Why a projection stopped. The checkpoint stays at the last event fully handled.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProjectionError {
    /// Reading the log or the checkpoint failed.
    #[error("store failed while projecting")]
    Store(#[from] StoreError),
    /// An event could not be decoded.
    #[error("event could not be decoded while projecting")]
    Codec(#[from] CodecError),
    /// The read model is shared behind a lock that a panicking handler left
    /// poisoned: it may be half-updated, so it is not caught up; rebuild it.
    #[error("the read model was left poisoned by a panic while it was updated; rebuild it")]
    Poisoned,
}

/// The code and kind of the store or codec error inside (`projection_poisoned`,
/// corrupt, for a poisoned read model).
impl ServiceError for ProjectionError {
    fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Codec(e) => e.code(),
            Self::Poisoned => "projection_poisoned",
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::Store(e) => e.kind(),
            Self::Codec(e) => e.kind(),
            Self::Poisoned => ErrorKind::Corrupt,
        }
    }
}

/// What a catch-up did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatchUp {
    /// Events handled in this run.
    pub handled: u64,
    /// The checkpoint after the run: the last position handled.
    pub checkpoint: u64,
}

/// Feeds projections from the global log, in pages, saving checkpoints.
#[derive(Clone, Copy, Debug)]
pub struct ProjectionRunner {
    page_size: usize,
}

impl Default for ProjectionRunner {
    fn default() -> Self {
        Self { page_size: 500 }
    }
}

impl ProjectionRunner {
    /// A runner that reads and checkpoints `page_size` events at a time.
    pub fn new(page_size: usize) -> Self {
        Self {
            page_size: page_size.max(1),
        }
    }

    /// Handles every event after the projection's checkpoint, saving the checkpoint
    /// after each page. On an error the checkpoint is the last event fully handled.
    ///
    /// ```
    /// use carers_core::es::*;
    /// use carers_core::projections::SafeguardingTrends;
    ///
    /// let store = MemoryStore::new();
    /// let mut trends = SafeguardingTrends::new();
    /// let runner = ProjectionRunner::default();
    /// let first = runner.catch_up(&store, &mut trends)?;
    /// assert_eq!(first.handled, 0); // an empty log
    /// // A second run starts from the saved checkpoint.
    /// assert_eq!(runner.catch_up(&store, &mut trends)?.checkpoint, first.checkpoint);
    /// # Ok::<(), ProjectionError>(())
    /// ```
    ///
    /// # Errors
    /// `ProjectionError::Store` when the log or the checkpoint cannot be read or saved,
    /// `Codec` (or the projection's own error) when an event cannot be handled.
    pub fn catch_up<S, P>(&self, store: &S, projection: &mut P) -> Result<CatchUp, ProjectionError>
    where
        S: EventStore + CheckpointStore + KeyStore + ?Sized,
        P: Projection + ?Sized,
    {
        let start = match projection.position() {
            Some(held) => held,
            None => store.load_checkpoint(projection.name())?.unwrap_or(0),
        };
        let span = tracing::info_span!(
            "catch_up",
            projection = projection.name(),
            from = start,
            handled = tracing::field::Empty,
        );
        let _entered = span.enter();
        let mut checkpoint = start;
        let mut handled = 0;
        let mut in_page = 0;
        let mut keys = Keys::default();
        let result = (|| {
            for event in GlobalLog::new(store, start + 1, self.page_size) {
                let event = event?;
                let key = keys.of(store, &event.stream)?;
                with_key(key, || projection.handle(&event))?;
                checkpoint = event.position;
                handled += 1;
                in_page += 1;
                if in_page == self.page_size {
                    store.save_checkpoint(projection.name(), checkpoint)?;
                    in_page = 0;
                }
            }
            Ok::<_, ProjectionError>(())
        })();
        span.record("handled", handled);
        if let Err(e) = &result {
            tracing::warn!(error = e.code(), at = checkpoint, "catch-up stopped");
        }
        if checkpoint != start {
            store.save_checkpoint(projection.name(), checkpoint)?;
        }
        result.map(|()| CatchUp {
            handled,
            checkpoint,
        })
    }

    /// The read model as of `at`: `projection` reset, then given every event
    /// recorded up to `at` (by its `recorded_at`, in log order; each stream up to
    /// its first event recorded after `at`), and none after:
    /// "what did we know on 1 April?". Personal values read as the store holds
    /// them now (a carer erased since reads as erased). No checkpoint is read or
    /// saved. The result
    /// is read-only (it derefs to the read model), since catching it up from
    /// there would skip what was recorded after `at` but logged before its last
    /// event.
    ///
    /// ```
    /// use carers_core::es::*;
    /// use carers_core::projections::SafeguardingTrends;
    ///
    /// let store = MemoryStore::new();
    /// let april = chrono::DateTime::parse_from_rfc3339("2026-04-01T23:00:00Z").unwrap().to_utc();
    /// let then = ProjectionRunner::default().as_of(&store, SafeguardingTrends::new(), april)?;
    /// assert_eq!(then.at(), april);
    /// assert!(then.per_partner.is_empty()); // an empty log: nothing known then
    /// # Ok::<(), ProjectionError>(())
    /// ```
    ///
    /// # Errors
    /// `ProjectionError::Store` when the log cannot be read, `Codec` (or the
    /// projection's own error) when an event cannot be handled.
    pub fn as_of<S, P>(
        &self,
        store: &S,
        mut projection: P,
        at: DateTime<Utc>,
    ) -> Result<AsOf<P>, ProjectionError>
    where
        S: EventStore + KeyStore + ?Sized,
        P: Projection,
    {
        projection.reset();
        let mut keys = Keys::default();
        let mut handled = 0;
        // A stream stops at its first event recorded after `at`: a later event
        // recorded earlier (a clock set back) never comes in without the one
        // before it, so each stream's state is one that existed, as with
        // `Repository::load_as_of`.
        let mut cut: std::collections::HashSet<StreamId> = std::collections::HashSet::new();
        for event in GlobalLog::new(store, 1, self.page_size) {
            let event = event?;
            if cut.contains(&event.stream) {
                continue;
            }
            if event.recorded_at > at {
                cut.insert(event.stream.clone());
                continue;
            }
            let key = keys.of(store, &event.stream)?;
            with_key(key, || projection.handle(&event))?;
            handled += 1;
        }
        Ok(AsOf {
            projection,
            at,
            handled,
        })
    }

    /// Resets the projection and its checkpoint, then catches up from the start.
    ///
    /// # Errors
    /// As [`catch_up`](Self::catch_up); also a store error saving the reset checkpoint.
    pub fn rebuild<S, P>(&self, store: &S, projection: &mut P) -> Result<CatchUp, ProjectionError>
    where
        S: EventStore + CheckpointStore + KeyStore + ?Sized,
        P: Projection + ?Sized,
    {
        projection.reset();
        store.save_checkpoint(projection.name(), 0)?;
        self.catch_up(store, projection)
    }
}

/// A read model as of a past instant ([`ProjectionRunner::as_of`]): read it
/// through `Deref`; it cannot be caught up.
#[derive(Debug)]
pub struct AsOf<P> {
    projection: P,
    at: DateTime<Utc>,
    handled: u64,
}

impl<P> AsOf<P> {
    /// The instant it is as of.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// How many events it was given (those recorded up to the instant).
    pub fn handled(&self) -> u64 {
        self.handled
    }
}

impl<P> std::ops::Deref for AsOf<P> {
    type Target = P;
    fn deref(&self) -> &P {
        &self.projection
    }
}

/// The data keys of the streams met in the log: each event is handled with its
/// stream's key set, so a projection decodes personal values as the repository
/// does (erased ones as erased). Only keys found are cached: a stream with none
/// yet may get one later in the log.
#[derive(Default)]
struct Keys(HashMap<StreamId, KeyState>);

impl Keys {
    fn of<S: KeyStore + ?Sized>(
        &mut self,
        store: &S,
        stream: &StreamId,
    ) -> Result<Option<KeyState>, StoreError> {
        if let Some(key) = self.0.get(stream) {
            return Ok(Some(key.clone()));
        }
        let key = store.key_state(stream)?;
        if let Some(key) = &key {
            self.0.insert(stream.clone(), key.clone());
        }
        Ok(key)
    }
}
