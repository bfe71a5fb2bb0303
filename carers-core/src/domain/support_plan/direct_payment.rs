//! Direct payments (Care Act 2014 s.31–33; Care and Support (Direct Payments)
//! Regulations 2014): their conditions, amounts and reviews.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::error::CaseError;
use crate::domain::money::Pence;
use crate::domain::personal::Personal;

use super::budget::PlanSupport;
use super::review::{ReviewPeriodOutOfRange, months_after};

/// What a direct payment may be used for: the service values flexible uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DirectPaymentUse {
    /// A break.
    Break,
    /// Leisure.
    Leisure,
    /// Health and wellbeing.
    HealthAndWellbeing,
    /// Education.
    Education,
    /// Travel.
    Travel,
    /// Equipment.
    Equipment,
    /// Something else.
    Other,
}

/// How often a direct payment is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentFrequency {
    /// Once.
    OneOff,
    /// Every so many weeks.
    EveryWeeks(u16),
}

/// Where a direct payment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DirectPaymentStatus {
    /// Agreed, not yet paid.
    Agreed,
    /// Paid; evidence of use awaited.
    Paid,
    /// Use evidenced.
    Evidenced,
    /// Flagged for follow-up (no or unclear evidence).
    FollowUp,
}

/// Whether the carer can manage a direct payment (s.31, condition 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ManagingCapability {
    /// Capable of managing it alone.
    Unaided,
    /// Capable of managing it with whatever help is available.
    WithHelp,
    /// Not capable of managing it, even with help.
    NotCapable,
}

/// The conditions of s.31 for making direct payments to a carer, each a recorded
/// finding: the carer's request, and conditions 1 to 4 of s.31 (cited by condition,
/// as DOMAIN.md gives them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DirectPaymentConditions {
    /// s.31: the carer has requested the payments (they are made only on request).
    pub requested: bool,
    /// s.31, condition 1: the carer has capacity to make the request.
    pub has_capacity_to_request: bool,
    /// s.31, condition 2, with s.33: s.33 and its regulations do not prohibit the
    /// payments.
    pub not_prohibited: bool,
    /// s.31, condition 3: the carer is capable of managing the payments, by
    /// themselves or with whatever help the authority thinks they can access.
    pub managing: ManagingCapability,
    /// s.31, condition 4: making the payments is an appropriate way to meet the
    /// needs.
    pub appropriate_way_to_meet_needs: bool,
}

/// A condition of s.31, named in a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DirectPaymentCondition {
    /// The carer requested them.
    Requested,
    /// The carer has capacity to request them.
    CapacityToRequest,
    /// They are not prohibited (s.33, regulations).
    NotProhibited,
    /// The carer is capable of managing them (with help if need be).
    CapableOfManaging,
    /// They are an appropriate way to meet the needs.
    AppropriateWayToMeetNeeds,
}

impl DirectPaymentConditions {
    /// s.31: payments are made only if every condition holds.
    ///
    /// # Errors
    /// `DirectPaymentConditionNotMet` naming the first unmet condition.
    pub(crate) fn check(&self) -> Result<(), CaseError> {
        use DirectPaymentCondition as C;
        let holds = [
            (self.requested, C::Requested),
            (self.has_capacity_to_request, C::CapacityToRequest),
            (self.not_prohibited, C::NotProhibited),
            (
                self.managing != ManagingCapability::NotCapable,
                C::CapableOfManaging,
            ),
            (
                self.appropriate_way_to_meet_needs,
                C::AppropriateWayToMeetNeeds,
            ),
        ];
        match holds.iter().find(|(held, _)| !held) {
            Some((_, condition)) => Err(CaseError::DirectPaymentConditionNotMet {
                condition: *condition,
            }),
            None => Ok(()),
        }
    }
}

/// s.31: the amount of a direct payment is the authority's part of the personal
/// budget for the items it pays for (`items`, numbered from 0 in the plan's order).
///
/// # Errors
/// `DirectPaymentItemsUnknown` when no item, or an item the plan does not have, is named.
pub fn authority_part(support: &PlanSupport, items: &BTreeSet<usize>) -> Result<Pence, CaseError> {
    let parts: Option<Vec<Pence>> = items
        .iter()
        .map(|i| support.items().get(*i).map(|item| item.authority_pays()))
        .collect();
    match parts {
        Some(parts) if !parts.is_empty() => {
            // A part of a budget whose sums fit never overflows.
            Pence::sum(parts).ok_or(CaseError::DirectPaymentExceedsBudget)
        }
        _ => Err(CaseError::DirectPaymentItemsUnknown),
    }
}

/// When direct payments are reviewed. The Care and Support (Direct Payments)
/// Regulations 2014: within 6 months of the first payment, then at least every 12
/// months. Local policy may review sooner, never later: the first review within
/// 1–6 months, the next within 1–12 months. Checked also when deserialised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "DirectPaymentPolicyRecord")]
pub struct DirectPaymentPolicy {
    first_review_within_months: u32,
    then_every_months: u32,
}

/// A direct-payment policy as stored, before its bounds are checked.
#[derive(Deserialize)]
struct DirectPaymentPolicyRecord {
    first_review_within_months: u32,
    then_every_months: u32,
}

impl DirectPaymentPolicy {
    /// A first review `first_review_within_months` after the first payment (1–6),
    /// then every `then_every_months` (1–12).
    ///
    /// # Errors
    /// `ReviewPeriodOutOfRange` outside those bounds.
    pub fn new(
        first_review_within_months: u32,
        then_every_months: u32,
    ) -> Result<Self, ReviewPeriodOutOfRange> {
        if (1..=6).contains(&first_review_within_months) && (1..=12).contains(&then_every_months) {
            Ok(Self {
                first_review_within_months,
                then_every_months,
            })
        } else {
            Err(ReviewPeriodOutOfRange)
        }
    }
    /// The first review's due date, after a first payment `on`.
    pub fn first_review_due(&self, on: NaiveDate) -> NaiveDate {
        months_after(on, self.first_review_within_months)
    }
    /// The next review's due date, after a review `on`.
    pub fn next_review_due(&self, on: NaiveDate) -> NaiveDate {
        months_after(on, self.then_every_months)
    }
}

impl Default for DirectPaymentPolicy {
    /// The regulations' periods: 6 months, then 12.
    fn default() -> Self {
        Self {
            first_review_within_months: 6,
            then_every_months: 12,
        }
    }
}

impl TryFrom<DirectPaymentPolicyRecord> for DirectPaymentPolicy {
    type Error = ReviewPeriodOutOfRange;
    fn try_from(r: DirectPaymentPolicyRecord) -> Result<Self, Self::Error> {
        Self::new(r.first_review_within_months, r.then_every_months)
    }
}

/// A direct payment (s.31), made only when every condition holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectPayment {
    /// The s.31 conditions as found.
    pub conditions: DirectPaymentConditions,
    /// The plan items it pays for, numbered from 0 in the plan's order (s.25(2)(a):
    /// the needs to be met by it).
    pub pays_for: BTreeSet<usize>,
    /// The amount of each payment: within the authority's part for those items.
    pub amount: Pence,
    /// What it is for.
    pub uses: Vec<DirectPaymentUse>,
    /// What it is for, in the carer's words.
    pub description: Personal<String>,
    /// One-off or recurring.
    pub frequency: PaymentFrequency,
    /// Payments made: when, and how much.
    pub payments: Vec<(NaiveDate, Pence)>,
    /// Where it stands.
    pub status: DirectPaymentStatus,
    /// When its next review is due: set by the first payment.
    pub review_due: Option<NaiveDate>,
    /// The days it was reviewed.
    pub reviews: Vec<NaiveDate>,
}

impl DirectPayment {
    /// The exact total paid so far (`None` only on overflow).
    pub fn total_paid(&self) -> Option<Pence> {
        Pence::sum(self.payments.iter().map(|(_, p)| *p))
    }

    /// The exact total paid on or after `from`, or ever without it (`None` only on
    /// overflow).
    pub fn paid_since(&self, from: Option<NaiveDate>) -> Option<Pence> {
        Pence::sum(
            self.payments
                .iter()
                .filter(|(on, _)| from.is_none_or(|from| *on >= from))
                .map(|(_, p)| *p),
        )
    }

    /// s.31: a direct payment is the authority's part of the personal budget for
    /// the items it pays for in `support`. The budget covers the plan's period (from
    /// its agreement or last review to its next review, s.26–27), so the amount and
    /// the total paid in the period (since `period_start`, or ever before the first
    /// review) stay within that part; a recurring payment
    /// starts afresh with each period.
    ///
    /// # Errors
    /// `DirectPaymentItemsUnknown`, or `DirectPaymentExceedsBudget`.
    pub(crate) fn fits(
        &self,
        support: &PlanSupport,
        period_start: Option<NaiveDate>,
    ) -> Result<(), CaseError> {
        let part = authority_part(support, &self.pays_for)?;
        match self.paid_since(period_start) {
            Some(total) if self.amount <= part && total <= part => Ok(()),
            _ => Err(CaseError::DirectPaymentExceedsBudget),
        }
    }

    /// The day of the first payment recorded, if any: the review clock starts there.
    pub fn first_paid(&self) -> Option<NaiveDate> {
        self.payments.first().map(|(on, _)| *on)
    }
}
