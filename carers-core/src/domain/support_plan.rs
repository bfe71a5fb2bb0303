//! Support plans (Care Act 2014 s.24–27), personal budgets (s.26) and direct
//! payments (s.31–33) that follow a carer's assessment, and their reviews.
//!
//! Money is whole pence, and a budget's parts must sum exactly to its cost:
//!
//! ```
//! use carers_core::domain::{Outcome, Pence, PersonalBudget, PlannedSupport, SupportMethod, SupportType};
//! use carers_core::domain::support_plan::support_type;
//!
//! assert!(PersonalBudget::new(Pence(50_000), Pence(10_000), Pence(39_999)).is_err());
//! let budget = PersonalBudget::new(Pence(50_000), Pence(10_000), Pence(40_000)).unwrap();
//!
//! let support = [
//!     PlannedSupport { outcome: Outcome::Recreation, method: SupportMethod::DirectPayment },
//!     PlannedSupport { outcome: Outcome::Relationships, method: SupportMethod::PeerSupport },
//! ];
//! assert_eq!(support_type(&support, &budget), SupportType::PartDirectPayment);
//! ```

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::assessment::{AssessmentResult, QualityOfLife};
use super::eligibility::Outcome;
use super::ids::{AssessmentId, DirectPaymentId};
use super::money::Pence;
use super::personal::Personal;

/// Why the authority may meet these needs (s.20).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanBasis {
    /// s.20(1): needs determined eligible by this assessment.
    EligibleNeeds(AssessmentId),
    /// s.20(6)–(7): the power to meet needs that are not eligible, used and recorded.
    PowerToMeetOtherNeeds {
        /// The assessment the needs were found in.
        assessment: AssessmentId,
        /// Why the authority chose to meet them.
        reason: Personal<String>,
    },
}

impl PlanBasis {
    /// The assessment the plan follows.
    pub fn assessment(&self) -> AssessmentId {
        match self {
            PlanBasis::EligibleNeeds(a)
            | PlanBasis::PowerToMeetOtherNeeds { assessment: a, .. } => *a,
        }
    }
}

/// How long a short break lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BreakLength {
    /// A few hours.
    Hours(u16),
    /// A day.
    Day,
    /// Several days.
    Days(u16),
}

/// How a need is met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SupportMethod {
    /// A short break for the carer.
    ShortBreak {
        /// Its length.
        length: BreakLength,
        /// Met by replacement care for the cared-for person (never charged to the
        /// carer, s.14(3)), rather than a service to the carer.
        replacement_care: bool,
    },
    /// A direct payment (s.31).
    DirectPayment,
    /// A service the authority commissions.
    CommissionedService,
    /// Information and advice.
    InformationAndAdvice,
    /// Equipment.
    Equipment,
    /// Peer support.
    PeerSupport,
    /// Counselling.
    Counselling,
    /// A carers card.
    CarersCard,
    /// Something else.
    Other(Personal<String>),
}

/// One need the plan meets, and how (s.25(1)(c)–(d)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedSupport {
    /// The outcome of the assessment the support relates to.
    pub outcome: Outcome,
    /// How it is met.
    pub method: SupportMethod,
}

/// The personal budget (s.26): what meeting the needs costs, what the carer pays
/// and what the authority pays; the two parts sum exactly to the cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalBudget {
    cost: Pence,
    carer_pays: Pence,
    authority_pays: Pence,
}

/// The parts of a budget do not make its cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a personal budget's parts must be non-negative and sum exactly to its cost")]
pub struct BudgetDoesNotAddUp;

impl PersonalBudget {
    /// A budget whose parts are non-negative and sum exactly to `cost`.
    pub fn new(
        cost: Pence,
        carer_pays: Pence,
        authority_pays: Pence,
    ) -> Result<Self, BudgetDoesNotAddUp> {
        let sums = carer_pays.checked_add(authority_pays) == Some(cost);
        if sums && carer_pays.0 >= 0 && authority_pays.0 >= 0 {
            Ok(Self {
                cost,
                carer_pays,
                authority_pays,
            })
        } else {
            Err(BudgetDoesNotAddUp)
        }
    }
    /// The cost to the authority of meeting the needs.
    pub fn cost(&self) -> Pence {
        self.cost
    }
    /// The amount the carer pays.
    pub fn carer_pays(&self) -> Pence {
        self.carer_pays
    }
    /// The amount the authority pays.
    pub fn authority_pays(&self) -> Pence {
        self.authority_pays
    }
}

/// The carer-breakdown pathway: who steps in if the carer cannot care.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContingencyPlan {
    /// Who steps in, and how to reach them.
    pub who_steps_in: Personal<String>,
    /// What they need to know.
    pub arrangements: Personal<String>,
}

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

/// A direct payment (s.31): made only on the carer's request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectPayment {
    /// The amount of each payment.
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
}

impl DirectPayment {
    /// The exact total paid so far (`None` only on overflow).
    pub fn total_paid(&self) -> Option<Pence> {
        Pence::sum(self.payments.iter().map(|(_, p)| *p))
    }
}

/// What a review decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewDecision {
    /// The plan continues as it is.
    Continue,
    /// The plan is revised.
    Revise {
        /// The support from now on.
        support: Vec<PlannedSupport>,
        /// The budget from now on.
        budget: PersonalBudget,
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

/// The statutory-returns support type (SALT LTS003), counted once per carer in
/// this order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SupportType {
    /// Direct payment only.
    DirectPaymentOnly,
    /// Part direct payment.
    PartDirectPayment,
    /// Council-managed personal budget.
    CouncilManagedPersonalBudget,
    /// Council-commissioned support only.
    CommissionedSupportOnly,
    /// Information, advice and other universal services / signposting.
    InformationAndAdviceOnly,
    /// No direct support to the carer (e.g. replacement care for the cared-for person).
    NoDirectSupport,
}

/// Whether the plan is in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlanStatus {
    /// In force.
    Active,
    /// Ended at a review.
    Ended,
}

/// A support plan (s.25).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportPlan {
    /// Why the authority meets these needs.
    pub basis: PlanBasis,
    /// The needs met and how.
    pub support: Vec<PlannedSupport>,
    /// The personal budget.
    pub budget: PersonalBudget,
    /// Who steps in in an emergency.
    pub contingency: ContingencyPlan,
    /// Direct payments agreed under the plan.
    pub direct_payments: Vec<(DirectPaymentId, DirectPayment)>,
    /// When agreed.
    pub agreed_on: NaiveDate,
    /// When the next review is due.
    pub review_due: NaiveDate,
    /// Months between reviews.
    pub review_every_months: u32,
    /// Reviews held.
    pub reviews: Vec<Review>,
    /// In force or ended.
    pub status: PlanStatus,
}

impl SupportPlan {
    /// The support type for statutory returns, derived from the plan (never recorded
    /// separately, so it cannot disagree with it).
    pub fn support_type(&self) -> SupportType {
        support_type(&self.support, &self.budget)
    }

    /// The direct payment with `id`.
    pub fn direct_payment(&self, id: DirectPaymentId) -> Option<&DirectPayment> {
        self.direct_payments
            .iter()
            .find(|(d, _)| *d == id)
            .map(|(_, d)| d)
    }
}

/// The date `months` after `on` (clamped to the month's end), or `on` past chrono's range.
pub fn months_after(on: NaiveDate, months: u32) -> NaiveDate {
    on.checked_add_months(Months::new(months)).unwrap_or(on)
}

/// SALT LTS003 precedence: a direct payment outranks everything; then a personal
/// budget the council manages; then commissioned services to the carer; then
/// information, advice and universal services; else no direct support (support
/// given to the cared-for person, such as replacement care, only).
pub fn support_type(support: &[PlannedSupport], budget: &PersonalBudget) -> SupportType {
    use SupportMethod as M;
    let direct = |m: &M| matches!(m, M::DirectPayment);
    let service_to_carer = |m: &M| {
        matches!(
            m,
            M::ShortBreak {
                replacement_care: false,
                ..
            } | M::CommissionedService
                | M::Equipment
                | M::Counselling
                | M::Other(_)
        )
    };
    let universal = |m: &M| matches!(m, M::InformationAndAdvice | M::PeerSupport | M::CarersCard);
    let methods: Vec<&M> = support.iter().map(|s| &s.method).collect();
    if methods.iter().any(|m| direct(m)) {
        if methods.iter().all(|m| direct(m)) {
            SupportType::DirectPaymentOnly
        } else {
            SupportType::PartDirectPayment
        }
    } else if methods.iter().any(|m| service_to_carer(m)) {
        if budget.authority_pays() > Pence::ZERO {
            SupportType::CouncilManagedPersonalBudget
        } else {
            SupportType::CommissionedSupportOnly
        }
    } else if methods.iter().any(|m| universal(m)) {
        SupportType::InformationAndAdviceOnly
    } else {
        SupportType::NoDirectSupport
    }
}

use super::case::CarerCase;
use super::command::CaseCommand;
use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::PlanId;
use crate::es::Context;

/// Months between reviews when the plan does not say (local practice: at least yearly).
pub const DEFAULT_REVIEW_MONTHS: u32 = 12;

/// The plans' rules, as decisions on the case.
impl CarerCase {
    /// The plan with `id`.
    pub fn plan(&self, id: PlanId) -> Option<&SupportPlan> {
        self.plans.iter().find(|(p, _)| *p == id).map(|(_, p)| p)
    }

    fn plan_mut(&mut self, id: PlanId) -> Option<&mut SupportPlan> {
        self.plans
            .iter_mut()
            .find(|(p, _)| *p == id)
            .map(|(_, p)| p)
    }

    fn active_plan(&self, id: PlanId) -> Result<&SupportPlan, CaseError> {
        let plan = self.plan(id).ok_or(CaseError::UnknownPlan)?;
        if plan.status == PlanStatus::Ended {
            return Err(CaseError::PlanEnded);
        }
        Ok(plan)
    }

    /// The active plans whose review is due on or before `on`.
    pub fn plans_due_for_review(&self, on: NaiveDate) -> Vec<PlanId> {
        self.plans
            .iter()
            .filter(|(_, p)| p.status == PlanStatus::Active && p.review_due <= on)
            .map(|(id, _)| *id)
            .collect()
    }

    /// The carer's support type for statutory returns: counted once, the first in
    /// SALT order among the active plans. `None` without an active plan.
    pub fn support_type(&self) -> Option<SupportType> {
        self.plans
            .iter()
            .filter(|(_, p)| p.status == PlanStatus::Active)
            .map(|(_, p)| p.support_type())
            .min()
    }

    /// s.27: a change of circumstances makes a review of every active plan due at once.
    pub(super) fn reviews_due_now(&self, on: NaiveDate, trigger: ReviewTrigger) -> Vec<CaseEvent> {
        self.plans
            .iter()
            .filter(|(_, p)| p.status == PlanStatus::Active && p.review_due > on)
            .map(|(plan, _)| CaseEvent::ReviewDue {
                plan: *plan,
                on,
                trigger,
            })
            .collect()
    }

    /// Decides the support-plan commands.
    pub(super) fn decide_plan(
        &self,
        command: &CaseCommand,
        ctx: &Context,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let today = ctx.now.date_naive();
        match command {
            CaseCommand::AgreePlan {
                plan,
                basis,
                support,
                budget,
                contingency,
                review_every_months,
            } => {
                if self.plan(*plan).is_some() {
                    return Err(CaseError::PlanExists);
                }
                if support.is_empty() {
                    return Err(CaseError::NoSupport);
                }
                let assessment = self
                    .assessment(basis.assessment())
                    .ok_or(CaseError::UnknownAssessment)?;
                let determination = assessment
                    .result
                    .as_ref()
                    .and_then(AssessmentResult::determination)
                    .ok_or(CaseError::NoDetermination)?;
                if matches!(basis, PlanBasis::EligibleNeeds(_)) && !determination.eligible {
                    return Err(CaseError::NeedsNotEligible);
                }
                let replacement_care_only = support.iter().all(|s| {
                    matches!(
                        s.method,
                        SupportMethod::ShortBreak {
                            replacement_care: true,
                            ..
                        }
                    )
                });
                if replacement_care_only && budget.carer_pays() > Pence::ZERO {
                    return Err(CaseError::ReplacementCareCharged);
                }
                let months = review_every_months.unwrap_or(DEFAULT_REVIEW_MONTHS).max(1);
                let details = SupportPlan {
                    basis: basis.clone(),
                    support: support.clone(),
                    budget: *budget,
                    contingency: contingency.clone(),
                    direct_payments: Vec::new(),
                    agreed_on: today,
                    review_due: months_after(today, months),
                    review_every_months: months,
                    reviews: Vec::new(),
                    status: PlanStatus::Active,
                };
                Ok(vec![CaseEvent::PlanAgreed {
                    plan: *plan,
                    details: Box::new(details),
                }])
            }
            CaseCommand::AgreeDirectPayment {
                plan,
                payment,
                requested_by_carer,
                amount,
                uses,
                description,
                frequency,
            } => {
                let p = self.active_plan(*plan)?;
                if !requested_by_carer {
                    return Err(CaseError::DirectPaymentNotRequested);
                }
                if *amount <= Pence::ZERO {
                    return Err(CaseError::NonPositiveAmount);
                }
                if p.direct_payment(*payment).is_some() {
                    return Err(CaseError::DirectPaymentExists);
                }
                let details = DirectPayment {
                    amount: *amount,
                    uses: uses.clone(),
                    description: description.clone(),
                    frequency: *frequency,
                    payments: Vec::new(),
                    status: DirectPaymentStatus::Agreed,
                };
                Ok(vec![CaseEvent::DirectPaymentAgreed {
                    plan: *plan,
                    payment: *payment,
                    details,
                }])
            }
            CaseCommand::RecordDirectPaymentMade {
                plan,
                payment,
                on,
                amount,
            } => {
                let dp = self
                    .active_plan(*plan)?
                    .direct_payment(*payment)
                    .ok_or(CaseError::UnknownDirectPayment)?;
                if *amount <= Pence::ZERO {
                    return Err(CaseError::NonPositiveAmount);
                }
                if dp.frequency == PaymentFrequency::OneOff
                    && dp.status != DirectPaymentStatus::Agreed
                {
                    return Err(CaseError::WrongDirectPaymentStatus {
                        action: "pay a one-off payment again on",
                        status: dp.status,
                    });
                }
                // Overflow of the running total would make the record inexact: refuse it.
                dp.total_paid()
                    .and_then(|t| t.checked_add(*amount))
                    .ok_or(CaseError::NonPositiveAmount)?;
                Ok(vec![CaseEvent::DirectPaymentMade {
                    plan: *plan,
                    payment: *payment,
                    on: *on,
                    amount: *amount,
                }])
            }
            CaseCommand::RecordDirectPaymentEvidence {
                plan,
                payment,
                evidenced,
            } => {
                let dp = self
                    .active_plan(*plan)?
                    .direct_payment(*payment)
                    .ok_or(CaseError::UnknownDirectPayment)?;
                match dp.status {
                    DirectPaymentStatus::Paid | DirectPaymentStatus::FollowUp => {
                        Ok(vec![CaseEvent::DirectPaymentUseChecked {
                            plan: *plan,
                            payment: *payment,
                            evidenced: *evidenced,
                        }])
                    }
                    status => Err(CaseError::WrongDirectPaymentStatus {
                        action: "check the use of",
                        status,
                    }),
                }
            }
            CaseCommand::RequestReview { plan } => {
                self.active_plan(*plan)?;
                Ok(vec![CaseEvent::ReviewDue {
                    plan: *plan,
                    on: today,
                    trigger: ReviewTrigger::Requested,
                }])
            }
            CaseCommand::ReviewPlan { plan, review } => {
                let p = self.active_plan(*plan)?;
                let last = p.reviews.last().map_or(p.agreed_on, |r| r.on);
                if review.on < last {
                    return Err(CaseError::ReviewOutOfOrder);
                }
                if let ReviewDecision::Revise { support, .. } = &review.decision
                    && support.is_empty()
                {
                    return Err(CaseError::NoSupport);
                }
                let next_review_due = match review.decision {
                    ReviewDecision::End => None,
                    _ => Some(months_after(review.on, p.review_every_months)),
                };
                Ok(vec![CaseEvent::PlanReviewed {
                    plan: *plan,
                    review: Box::new(review.clone()),
                    next_review_due,
                }])
            }
            _ => Ok(Vec::new()),
        }
    }

    pub(super) fn apply_plan(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::PlanAgreed { plan, details } => {
                self.plans.push((*plan, (**details).clone()))
            }
            CaseEvent::DirectPaymentAgreed {
                plan,
                payment,
                details,
            } => {
                if let Some(p) = self.plan_mut(*plan) {
                    p.direct_payments.push((*payment, details.clone()));
                }
            }
            CaseEvent::DirectPaymentMade {
                plan,
                payment,
                on,
                amount,
            } => {
                if let Some(dp) = self
                    .plan_mut(*plan)
                    .and_then(|p| p.direct_payments.iter_mut().find(|(d, _)| d == payment))
                {
                    dp.1.payments.push((*on, *amount));
                    dp.1.status = DirectPaymentStatus::Paid;
                }
            }
            CaseEvent::DirectPaymentUseChecked {
                plan,
                payment,
                evidenced,
            } => {
                if let Some(dp) = self
                    .plan_mut(*plan)
                    .and_then(|p| p.direct_payments.iter_mut().find(|(d, _)| d == payment))
                {
                    dp.1.status = if *evidenced {
                        DirectPaymentStatus::Evidenced
                    } else {
                        DirectPaymentStatus::FollowUp
                    };
                }
            }
            CaseEvent::ReviewDue { plan, on, .. } => {
                if let Some(p) = self.plan_mut(*plan) {
                    p.review_due = p.review_due.min(*on);
                }
            }
            CaseEvent::PlanReviewed {
                plan,
                review,
                next_review_due,
            } => {
                if let Some(p) = self.plan_mut(*plan) {
                    if let ReviewDecision::Revise { support, budget } = &review.decision {
                        p.support = support.clone();
                        p.budget = *budget;
                    }
                    match next_review_due {
                        Some(due) => p.review_due = *due,
                        None => p.status = PlanStatus::Ended,
                    }
                    p.reviews.push((**review).clone());
                }
            }
            _ => {}
        }
    }
}
