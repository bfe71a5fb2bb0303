//! Reviews of a plan (Care Act 2014 s.27).

use chrono::{Days, Months, NaiveDate};
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
    /// The carer's circumstances changed in a way that affects the plan (s.27(4)).
    ChangeOfCircumstances,
}

/// The date `months` after `on` (clamped to the month's end), or `on` past chrono's range.
pub fn months_after(on: NaiveDate, months: u32) -> NaiveDate {
    on.checked_add_months(Months::new(months)).unwrap_or(on)
}

/// The date `weeks` after `on`, or `on` past chrono's range.
pub fn weeks_after(on: NaiveDate, weeks: u32) -> NaiveDate {
    on.checked_add_days(Days::new(u64::from(weeks) * 7))
        .unwrap_or(on)
}

/// When plans are reviewed (s.27(1)(a): keep plans under review). CSSG 13.32: a
/// light-touch review 6–8 weeks after the plan is signed off, then at least every
/// 12 months. Statutory guidance ("should"), so local policy, but never later than
/// the guidance: the first review within 1–8 weeks, the next within 1–12 months.
/// Checked also when deserialised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PlanReviewPolicyRecord")]
pub struct PlanReviewPolicy {
    first_review_weeks: u32,
    then_every_months: u32,
}

/// A plan review policy as stored, before its bounds are checked.
#[derive(Deserialize)]
struct PlanReviewPolicyRecord {
    first_review_weeks: u32,
    then_every_months: u32,
}

/// A review period beyond the guidance's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("review periods are at least one unit and no longer than the law or guidance allows")]
pub struct ReviewPeriodOutOfRange;

impl PlanReviewPolicy {
    /// A first review `first_review_weeks` after sign-off (1–8), then every
    /// `then_every_months` (1–12).
    ///
    /// # Errors
    /// `ReviewPeriodOutOfRange` outside those bounds.
    pub fn new(
        first_review_weeks: u32,
        then_every_months: u32,
    ) -> Result<Self, ReviewPeriodOutOfRange> {
        if (1..=8).contains(&first_review_weeks) && (1..=12).contains(&then_every_months) {
            Ok(Self {
                first_review_weeks,
                then_every_months,
            })
        } else {
            Err(ReviewPeriodOutOfRange)
        }
    }
    /// Weeks from sign-off to the first review.
    pub fn first_review_weeks(&self) -> u32 {
        self.first_review_weeks
    }
    /// Months from one review to the next.
    pub fn then_every_months(&self) -> u32 {
        self.then_every_months
    }
}

impl Default for PlanReviewPolicy {
    /// CSSG 13.32: at 8 weeks, then every 12 months.
    fn default() -> Self {
        Self {
            first_review_weeks: 8,
            then_every_months: 12,
        }
    }
}

impl TryFrom<PlanReviewPolicyRecord> for PlanReviewPolicy {
    type Error = ReviewPeriodOutOfRange;
    fn try_from(r: PlanReviewPolicyRecord) -> Result<Self, Self::Error> {
        Self::new(r.first_review_weeks, r.then_every_months)
    }
}
