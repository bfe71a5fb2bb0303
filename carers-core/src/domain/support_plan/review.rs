//! Reviews of a plan (Care Act 2014 s.27).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::assessment::QualityOfLife;
use crate::domain::personal::Personal;

use super::budget::PlanSupport;

/// What a review decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewDecision {
    /// The plan continues as it is.
    Continue,
    /// The plan is revised.
    Revise {
        /// The support from now on, and with it the personal budget (s.26).
        support: PlanSupport,
    },
    /// The plan ends.
    End,
}

/// A review (s.27).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// When.
    pub on: NaiveDate,
    /// What changed since the plan or the last review.
    pub what_changed: Personal<String>,
    /// The decision.
    pub decision: ReviewDecision,
    /// Quality of life now, to compare with the assessment's.
    pub quality_of_life: Option<QualityOfLife>,
}

/// Why a review became due before its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewTrigger {
    /// A new caring role.
    NewCaringRole,
    /// The carer moved on from a caring role.
    MovedOnFromCaring,
    /// A safeguarding concern closed.
    SafeguardingOutcome,
    /// The carer or someone on their behalf asked (s.27(1)(b)).
    Requested,
}

/// The date `months` after `on` (clamped to the month's end), or `on` past chrono's range.
pub fn months_after(on: NaiveDate, months: u32) -> NaiveDate {
    on.checked_add_months(Months::new(months)).unwrap_or(on)
}
