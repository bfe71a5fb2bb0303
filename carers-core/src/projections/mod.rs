//! Read models: folds of the global log across all carers' cases.

pub mod carers_supported;
pub mod caseload;
mod cases;
pub mod client_level_data;
pub mod dashboard;
pub mod equality_reach;
pub mod quality_of_life;
pub mod retention;
pub mod safeguarding_outcomes;
pub mod safeguarding_trends;
pub mod suppression;
pub mod table;
pub mod work_queue;

pub use carers_supported::CarersSupported;
pub use caseload::Caseload;
pub use client_level_data::ClientLevelData;
pub use dashboard::{Dashboard, DashboardTables};
pub use equality_reach::{EqualityReach, EqualityTables};
pub use quality_of_life::CarersQualityOfLife;
pub use retention::RetentionSchedule;
pub use safeguarding_outcomes::SafeguardingOutcomes;
pub use safeguarding_trends::SafeguardingTrends;
pub use work_queue::{WorkItem, WorkQueue};

/// Whether a read model that handles the case event types `handled` must decode
/// `event`: a carer's case event of one of those types. The others are skipped by
/// their stored type name, not by decoding every payload of every case.
fn handles(event: &crate::es::RecordedEvent, handled: &[&str]) -> bool {
    use crate::es::Aggregate;
    event.stream.category() == crate::domain::CarerCase::CATEGORY
        && handled.contains(&&*event.event_type)
}
