//! # carers-store-sled
//!
//! A durable event store for `carers-core` on `sled`. (Skeleton: the store lands
//! with its own issue.)

#![forbid(unsafe_code)]
#![warn(missing_docs)]
