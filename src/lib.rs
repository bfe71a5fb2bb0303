//! # carers
//!
//! Case management of unpaid carers in England, event-sourced. This facade
//! re-exports the pure core ([`core`], the `carers-core` crate) and the durable
//! store ([`sled_store`], the `carers-store-sled` crate).
//!
//! ```
//! use carers::core::es::{EventStore, MemoryStore};
//! let store = MemoryStore::new();
//! assert_eq!(store.head_position().unwrap(), 0);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use carers_core as core;
pub use carers_store_sled as sled_store;

pub use carers_core::es;
