//! Read models: folds of the global log across all carers' cases.

pub mod safeguarding_trends;

pub use safeguarding_trends::SafeguardingTrends;
