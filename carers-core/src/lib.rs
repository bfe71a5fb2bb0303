//! # carers-core
//!
//! The pure core of **carers**: an event-sourcing engine ([`es`]) and the carers'
//! [`domain`] (carers, caring roles and the journey, assessments and Care Act
//! eligibility), with no I/O.
//! State is a fold of events; commands are decided by pure functions that return
//! events or a typed error, and a refused command appends nothing.
//!
//! A tiny aggregate, a command executed through a [`Repository`](es::Repository)
//! on the in-memory store, and its events read back:
//!
//! ```
//! use carers_core::es::{AccessPolicy, Actor, Aggregate, Context, DomainEvent, EventStore, MemoryStore, Repository, Unrestricted};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Clone, Default, Serialize, Deserialize)]
//! struct Counter { total: u32 }
//!
//! #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
//! enum CounterEvent { Added { by: u32 } }
//! impl DomainEvent for CounterEvent {}
//!
//! #[derive(Debug, thiserror::Error)]
//! #[error("adding zero records nothing")]
//! struct AddZero;
//!
//! impl Aggregate for Counter {
//!     type Command = u32;
//!     type Event = CounterEvent;
//!     type Error = AddZero;
//!     type Policy = ();
//!     const CATEGORY: &'static str = "counter";
//!     // Counting holds nothing personal: any actor may count.
//!     fn default_access() -> std::sync::Arc<dyn AccessPolicy<Self>> { std::sync::Arc::new(Unrestricted) }
//!     fn decide(&self, by: &u32, _ctx: &Context, _: &()) -> Result<Vec<CounterEvent>, AddZero> {
//!         if *by == 0 { return Err(AddZero) }
//!         Ok(vec![CounterEvent::Added { by: *by }])
//!     }
//!     fn apply(&mut self, CounterEvent::Added { by }: &CounterEvent) { self.total += by; }
//! }
//!
//! let repo = Repository::<Counter, _>::new(MemoryStore::new());
//! let stream = Counter::stream_of(uuid::Uuid::now_v7());
//! let ctx = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap());
//!
//! let done = repo.execute(&stream, &3, &ctx, None).unwrap();
//! assert_eq!(done.state.total, 3);
//! assert!(repo.execute(&stream, &0, &ctx, None).is_err()); // refused: nothing appended
//!
//! let stored = repo.store().read_stream(&stream, 1, 10).unwrap();
//! assert_eq!(stored.len(), 1);
//! assert_eq!(repo.decode(&stored[0]).unwrap(), CounterEvent::Added { by: 3 });
//! assert_eq!(stored[0].metadata.actor.id.as_str(), "staff-1");
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::missing_errors_doc)]

pub mod domain;
pub mod es;
pub mod projections;

#[cfg(feature = "generator")]
pub mod generator;

#[cfg(feature = "testkit")]
pub use es::testkit;
