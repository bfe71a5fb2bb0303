//! Support plans as a part of the case: the plans, and each command's decision
//! and folding.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::command::CaseCommand;
use crate::domain::error::CaseError;
use crate::domain::event::CaseEvent;
use crate::domain::ids::{DirectPaymentId, PlanId};
use crate::domain::money::Pence;
use crate::domain::view::CaseView;
use crate::es::Context;

use super::basis::PlanBasis;
use super::budget::{ContingencyPlan, PersonalBudget, PlanSupport};
use super::check::check_plan;
use super::direct_payment::{DirectPayment, DirectPaymentStatus, PaymentFrequency};
use super::review::{Review, ReviewDecision, ReviewTrigger, months_after};
use super::salt::{SupportType, support_type};

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
    /// The needs met and how, each with its cost (s.25(1)(c)).
    pub support: PlanSupport,
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
        support_type(self.support.items(), &self.support.budget())
    }

    /// The personal budget (s.26): the exact sums of the items.
    pub fn budget(&self) -> PersonalBudget {
        self.support.budget()
    }

    /// The direct payment with `id`.
    pub fn direct_payment(&self, id: DirectPaymentId) -> Option<&DirectPayment> {
        self.direct_payments
            .iter()
            .find(|(d, _)| *d == id)
            .map(|(_, d)| d)
    }
}

/// Months between reviews when the plan does not say (local practice: at least yearly).
pub const DEFAULT_REVIEW_MONTHS: u32 = 12;

/// The plans' rules, as decisions on the case.
/// The case's support plans, in the order agreed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Plans(Vec<(PlanId, SupportPlan)>);

impl Plans {
    /// The plan with `id`.
    pub fn plan(&self, id: PlanId) -> Option<&SupportPlan> {
        self.0.iter().find(|(p, _)| *p == id).map(|(_, p)| p)
    }

    fn plan_mut(&mut self, id: PlanId) -> Option<&mut SupportPlan> {
        self.0.iter_mut().find(|(p, _)| *p == id).map(|(_, p)| p)
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
        self.0
            .iter()
            .filter(|(_, p)| p.status == PlanStatus::Active && p.review_due <= on)
            .map(|(id, _)| *id)
            .collect()
    }

    /// The carer's support type for statutory returns: counted once, the first in
    /// SALT order among the active plans. `None` without an active plan.
    pub fn support_type(&self) -> Option<SupportType> {
        self.0
            .iter()
            .filter(|(_, p)| p.status == PlanStatus::Active)
            .map(|(_, p)| p.support_type())
            .min()
    }

    /// s.27: a change of circumstances makes a review of every active plan due at once.
    pub(crate) fn reviews_due_now(&self, on: NaiveDate, trigger: ReviewTrigger) -> Vec<CaseEvent> {
        self.0
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
    pub(crate) fn decide(
        &self,
        command: &CaseCommand,
        view: &CaseView,
        ctx: &Context,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let today = ctx.now.date_naive();
        match command {
            CaseCommand::AgreePlan {
                plan,
                basis,
                support,
                contingency,
                review_every_months,
            } => {
                if self.plan(*plan).is_some() {
                    return Err(CaseError::PlanExists);
                }
                check_plan(basis, support, view)?;
                let months = review_every_months.unwrap_or(DEFAULT_REVIEW_MONTHS).max(1);
                let details = SupportPlan {
                    basis: basis.clone(),
                    support: support.clone(),
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
                if let ReviewDecision::Revise { support } = &review.decision {
                    check_plan(&p.basis, support, view)?;
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

    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::PlanAgreed { plan, details } => self.0.push((*plan, (**details).clone())),
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
                    if let ReviewDecision::Revise { support } = &review.decision {
                        p.support = support.clone();
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
