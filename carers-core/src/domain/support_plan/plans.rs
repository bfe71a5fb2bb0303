//! Support plans as a part of the case: the plans, and each command's decision
//! and folding.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::{happened, local_day};
use crate::domain::command::CaseCommand;
use crate::domain::error::CaseError;
use crate::domain::event::CaseEvent;
use crate::domain::ids::{DirectPaymentId, PlanId};
use crate::domain::money::Pence;
use crate::domain::personal::Personal;
use crate::domain::policy::CasePolicy;
use crate::domain::view::CaseView;
use crate::es::Context;

use super::basis::PlanBasis;
use super::budget::{ContingencyPlan, PersonalBudget, PlanSupport};
use super::check::check_plan;
use super::content::{Involvement, PlanMatters};
use super::direct_payment::{DirectPayment, DirectPaymentStatus, PaymentFrequency, authority_part};
use super::review::{
    PlanReviewPolicy, Review, ReviewDecision, ReviewTrigger, months_after, weeks_after,
};
use super::salt::{SupportFacts, SupportType, support_type};

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
    /// The s.10(5)–(6) matters the support relates to (s.25(1)(d)).
    pub matters: PlanMatters,
    /// The advice and information given (s.25(1)).
    pub advice: Personal<String>,
    /// Who was involved in preparing it (s.25(4)).
    pub involvement: Involvement,
    /// Who steps in in an emergency.
    pub contingency: ContingencyPlan,
    /// Direct payments agreed under the plan.
    #[serde(with = "crate::domain::by_id")]
    pub direct_payments: Vec<(DirectPaymentId, DirectPayment)>,
    /// When agreed.
    pub agreed_on: NaiveDate,
    /// When a copy was last given to the carer (s.25(9)).
    pub copy_given: Option<NaiveDate>,
    /// When the next review is due.
    pub review_due: NaiveDate,
    /// Reviews held.
    pub reviews: Vec<Review>,
    /// In force or ended.
    pub status: PlanStatus,
}

impl SupportPlan {
    /// The support type for statutory returns, derived from the plan (never recorded
    /// separately, so it cannot disagree with it).
    pub fn support_type(&self) -> SupportType {
        support_type(self.support_facts())
    }

    /// What the plan provides, in the terms of SALT LTS003.
    pub fn support_facts(&self) -> SupportFacts {
        SupportFacts::of_plan(&self.support, self.direct_payments.iter().map(|(_, d)| d))
    }

    /// The start of the plan's current period, once it has been reviewed (its last
    /// review); before that, the period runs from the plan's first day. The personal
    /// budget covers the period to the next review.
    pub fn period_start(&self) -> Option<NaiveDate> {
        self.reviews.last().map(|r| r.on)
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

/// The case's support plans, in the order agreed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Plans(#[serde(with = "crate::domain::by_id")] Vec<(PlanId, SupportPlan)>);

impl Plans {
    /// Every plan, in the order agreed, active or ended.
    pub fn iter(&self) -> impl Iterator<Item = (PlanId, &SupportPlan)> {
        self.0.iter().map(|(id, plan)| (*id, plan))
    }

    /// The plan with `id`.
    pub fn plan(&self, id: PlanId) -> Option<&SupportPlan> {
        crate::domain::by_id::find(&self.0, &id)
    }

    fn plan_mut(&mut self, id: PlanId) -> Option<&mut SupportPlan> {
        crate::domain::by_id::find_mut(&mut self.0, &id)
    }

    fn payment_mut(
        &mut self,
        plan: PlanId,
        payment: DirectPaymentId,
    ) -> Option<&mut DirectPayment> {
        self.plan_mut(plan)?
            .direct_payments
            .iter_mut()
            .find(|(d, _)| *d == payment)
            .map(|(_, d)| d)
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

    /// The direct payments under active plans whose review (Direct Payments
    /// Regulations 2014) is due on or before `on`, with the day it was due.
    pub fn direct_payment_reviews_due(
        &self,
        on: NaiveDate,
    ) -> Vec<(PlanId, DirectPaymentId, NaiveDate)> {
        self.0
            .iter()
            .filter(|(_, p)| p.status == PlanStatus::Active)
            .flat_map(|(plan, p)| {
                p.direct_payments
                    .iter()
                    .filter_map(move |(dp, d)| Some((*plan, *dp, d.review_due?)))
            })
            .filter(|(_, _, due)| *due <= on)
            .collect()
    }

    /// What the active plans provide together, in the terms of SALT LTS003
    /// (counted once per carer); `None` without an active plan.
    pub fn support_facts(&self) -> Option<SupportFacts> {
        self.0
            .iter()
            .filter(|(_, p)| p.status == PlanStatus::Active)
            .map(|(_, p)| p.support_facts())
            .reduce(SupportFacts::and)
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
        policy: &CasePolicy,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let today = local_day(ctx.now);
        match command {
            CaseCommand::AgreePlan { .. } => self.decide_agree(command, view, today, policy),
            CaseCommand::AgreeDirectPayment { .. } => self.decide_agree_payment(command),
            CaseCommand::RecordDirectPaymentMade {
                plan,
                payment,
                on,
                amount,
            } => {
                happened(*on, today)?;
                self.decide_payment_made(*plan, *payment, *on, *amount, policy)
            }
            CaseCommand::RecordDirectPaymentEvidence {
                plan,
                payment,
                evidenced,
            } => self.decide_evidence(*plan, *payment, *evidenced),
            CaseCommand::ReviewDirectPayment { plan, payment, on } => {
                self.decide_payment_review(*plan, *payment, *on, today, policy)
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
                self.decide_review(*plan, review, view, today, &policy.plan_review)
            }
            CaseCommand::GivePlanCopy { plan, on } => self.decide_copy(*plan, *on, today),
            _ => unreachable!("the case routes only plan commands to the plans"),
        }
    }

    /// s.24–25: agrees a plan whose content passes the plan check and whose
    /// preparation involved whom s.25(4) requires; the first review is due as the
    /// policy says (CSSG 13.32).
    fn decide_agree(
        &self,
        command: &CaseCommand,
        view: &CaseView,
        today: NaiveDate,
        policy: &CasePolicy,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let CaseCommand::AgreePlan {
            plan,
            basis,
            support,
            matters,
            advice,
            involvement,
            contingency,
        } = command
        else {
            unreachable!("decide routes only AgreePlan here");
        };
        if self.plan(*plan).is_some() {
            return Err(CaseError::PlanExists);
        }
        check_plan(basis, support, view)?;
        involvement.check()?;
        let details = SupportPlan {
            basis: basis.clone(),
            support: support.clone(),
            matters: matters.clone(),
            advice: advice.clone(),
            involvement: *involvement,
            contingency: contingency.clone(),
            direct_payments: Vec::new(),
            agreed_on: today,
            copy_given: None,
            review_due: weeks_after(today, policy.plan_review.first_review_weeks()),
            reviews: Vec::new(),
            status: PlanStatus::Active,
        };
        Ok(vec![CaseEvent::PlanAgreed {
            plan: *plan,
            details: Box::new(details),
        }])
    }

    /// s.27: a review held on or before today, not before the plan or its last
    /// review; a revision passes the same check as a new plan, and the direct
    /// payments agreed stay within the revised authority's part (s.31); the next
    /// review is due as the policy says.
    fn decide_review(
        &self,
        plan: PlanId,
        review: &Review,
        view: &CaseView,
        today: NaiveDate,
        policy: &PlanReviewPolicy,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let p = self.active_plan(plan)?;
        happened(review.on, today)?;
        let last = p.reviews.last().map_or(p.agreed_on, |r| r.on);
        if review.on < last {
            return Err(CaseError::ReviewOutOfOrder);
        }
        if let ReviewDecision::Revise { support } = &review.decision {
            check_plan(&p.basis, support, view)?;
            // The revision opens a new period at the review's date.
            for (_, dp) in &p.direct_payments {
                dp.fits(support, Some(review.on))?;
            }
        }
        let next_review_due = match review.decision {
            ReviewDecision::End => None,
            _ => Some(months_after(review.on, policy.then_every_months())),
        };
        Ok(vec![CaseEvent::PlanReviewed {
            plan,
            review: Box::new(review.clone()),
            next_review_due,
        }])
    }

    /// s.25(9): the authority gives the carer a copy of the plan; the day it was
    /// given is neither after today nor before the plan.
    fn decide_copy(
        &self,
        plan: PlanId,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let p = self.plan(plan).ok_or(CaseError::UnknownPlan)?;
        happened(on, today)?;
        if on < p.agreed_on {
            return Err(CaseError::DateBeforePlan);
        }
        Ok(vec![CaseEvent::PlanCopyGiven { plan, on }])
    }

    /// The direct payment `payment` under the active plan `plan`.
    fn payment(&self, plan: PlanId, payment: DirectPaymentId) -> Result<&DirectPayment, CaseError> {
        self.active_plan(plan)?
            .direct_payment(payment)
            .ok_or(CaseError::UnknownDirectPayment)
    }

    /// s.31: a direct payment is agreed only when every condition holds, and its
    /// amount is within the authority's part of the budget for the items it pays
    /// for (s.31).
    fn decide_agree_payment(&self, command: &CaseCommand) -> Result<Vec<CaseEvent>, CaseError> {
        let CaseCommand::AgreeDirectPayment {
            plan,
            payment,
            conditions,
            items,
            amount,
            uses,
            description,
            frequency,
        } = command
        else {
            unreachable!("decide routes only AgreeDirectPayment here");
        };
        let p = self.active_plan(*plan)?;
        if p.direct_payment(*payment).is_some() {
            return Err(CaseError::DirectPaymentExists);
        }
        conditions.check()?;
        if *amount <= Pence::ZERO {
            return Err(CaseError::NonPositiveAmount);
        }
        let details = DirectPayment {
            conditions: *conditions,
            pays_for: items.clone(),
            amount: *amount,
            uses: uses.clone(),
            description: description.clone(),
            frequency: *frequency,
            payments: Vec::new(),
            status: DirectPaymentStatus::Agreed,
            review_due: None,
            reviews: Vec::new(),
        };
        details.fits(&p.support, p.period_start())?;
        Ok(vec![CaseEvent::DirectPaymentAgreed {
            plan: *plan,
            payment: *payment,
            details,
        }])
    }

    /// Records a payment: a one-off is paid once, and the running total stays
    /// within the authority's part for the items paid for (s.31). The
    /// first payment sets the first review's due date (Direct Payments Regulations
    /// 2014: within 6 months, as the policy says).
    fn decide_payment_made(
        &self,
        plan: PlanId,
        payment: DirectPaymentId,
        on: NaiveDate,
        amount: Pence,
        policy: &CasePolicy,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let dp = self.payment(plan, payment)?;
        if amount <= Pence::ZERO {
            return Err(CaseError::NonPositiveAmount);
        }
        if dp.frequency == PaymentFrequency::OneOff && dp.status != DirectPaymentStatus::Agreed {
            return Err(CaseError::WrongDirectPaymentStatus {
                action: "pay a one-off payment again on",
                status: dp.status,
            });
        }
        let p = self.plan(plan).ok_or(CaseError::UnknownPlan)?;
        let part = authority_part(&p.support, &dp.pays_for)?;
        // An overflowing total exceeds any part, which is at most i64::MAX pence.
        match dp
            .paid_since(p.period_start())
            .and_then(|t| t.checked_add(amount))
        {
            Some(total) if total <= part => {}
            _ => return Err(CaseError::DirectPaymentExceedsBudget),
        }
        let review_due = dp
            .payments
            .is_empty()
            .then(|| policy.direct_payments.first_review_due(on));
        Ok(vec![CaseEvent::DirectPaymentMade {
            plan,
            payment,
            on,
            amount,
            review_due,
        }])
    }

    /// Records whether a paid direct payment's use was evidenced.
    fn decide_evidence(
        &self,
        plan: PlanId,
        payment: DirectPaymentId,
        evidenced: bool,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        match self.payment(plan, payment)?.status {
            DirectPaymentStatus::Paid | DirectPaymentStatus::FollowUp => {
                Ok(vec![CaseEvent::DirectPaymentUseChecked {
                    plan,
                    payment,
                    evidenced,
                }])
            }
            status => Err(CaseError::WrongDirectPaymentStatus {
                action: "check the use of",
                status,
            }),
        }
    }

    /// Direct Payments Regulations 2014: a review once paid, dated neither after
    /// today nor before the first payment or the last review; the next is due as
    /// the policy says (at least every 12 months).
    fn decide_payment_review(
        &self,
        plan: PlanId,
        payment: DirectPaymentId,
        on: NaiveDate,
        today: NaiveDate,
        policy: &CasePolicy,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let dp = self.payment(plan, payment)?;
        let Some(first) = dp.first_paid() else {
            return Err(CaseError::WrongDirectPaymentStatus {
                action: "review",
                status: dp.status,
            });
        };
        happened(on, today)?;
        if on < dp.reviews.last().copied().unwrap_or(first) {
            return Err(CaseError::ReviewOutOfOrder);
        }
        Ok(vec![CaseEvent::DirectPaymentReviewed {
            plan,
            payment,
            on,
            next_review_due: policy.direct_payments.next_review_due(on),
        }])
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
                review_due,
            } => {
                if let Some(dp) = self.payment_mut(*plan, *payment) {
                    dp.payments.push((*on, *amount));
                    dp.status = DirectPaymentStatus::Paid;
                    if review_due.is_some() {
                        dp.review_due = *review_due;
                    }
                }
            }
            CaseEvent::DirectPaymentReviewed {
                plan,
                payment,
                on,
                next_review_due,
            } => {
                if let Some(dp) = self.payment_mut(*plan, *payment) {
                    dp.reviews.push(*on);
                    dp.review_due = Some(*next_review_due);
                }
            }
            CaseEvent::DirectPaymentUseChecked {
                plan,
                payment,
                evidenced,
            } => {
                if let Some(dp) = self.payment_mut(*plan, *payment) {
                    dp.status = if *evidenced {
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
            CaseEvent::PlanCopyGiven { plan, on } => {
                if let Some(p) = self.plan_mut(*plan) {
                    p.copy_given = Some(*on);
                }
            }
            _ => {}
        }
    }
}
