//! Read models: folds of the global log across all carers' cases.

pub mod caseload;
pub mod retention;
pub mod safeguarding_trends;

pub use caseload::Caseload;
pub use retention::RetentionSchedule;
pub use safeguarding_trends::SafeguardingTrends;
