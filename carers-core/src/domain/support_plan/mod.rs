//! Support plans (Care Act 2014 s.24–27), personal budgets (s.26) and direct
//! payments (s.31–33) that follow a carer's assessment, and their reviews.
//!
//! Money is whole pence. Each item of a plan carries its cost and what the carer
//! pays towards it, and the personal budget is derived from the items, so the two
//! cannot disagree:
//!
//! ```
//! use carers_core::domain::{NeedArea, Outcome, Pence, PlanSupport, PlannedSupport, SupportMethod};
//!
//! let recreation = NeedArea::Outcome(Outcome::Recreation);
//! // The carer never pays more than an item costs.
//! assert!(PlannedSupport::new(recreation, SupportMethod::Counselling, Pence(100), Pence(101)).is_err());
//! let support = PlanSupport::new(vec![
//!     PlannedSupport::new(recreation, SupportMethod::CommissionedService, Pence(40_000), Pence(10_000))?,
//!     PlannedSupport::new(NeedArea::Health, SupportMethod::Counselling, Pence(10_000), Pence(0))?,
//! ])?;
//! assert_eq!(support.budget().cost(), Pence(50_000));
//! assert_eq!(support.budget().carer_pays(), Pence(10_000));
//! assert_eq!(support.budget().authority_pays(), Pence(40_000));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod basis;
mod budget;
mod check;
mod content;
mod direct_payment;
mod plans;
mod review;
mod salt;

pub use basis::{DutyCondition, DutyConditions, PlanBasis};
pub use budget::{
    BreakLength, BudgetDoesNotAddUp, ContingencyPlan, ItemChargeInvalid, PersonalBudget,
    PlanSupport, PlanSupportInvalid, PlannedSupport, SupportMethod,
};
pub use content::{Involvement, PlanMatters, PlanParty};
pub use direct_payment::{
    DirectPayment, DirectPaymentCondition, DirectPaymentConditions, DirectPaymentPolicy,
    DirectPaymentStatus, DirectPaymentUse, ManagingCapability, PaymentFrequency, authority_part,
};
pub use plans::{PlanStatus, Plans, SupportPlan};
pub use review::{
    PlanReviewPolicy, Review, ReviewDecision, ReviewPeriodOutOfRange, ReviewTrigger, months_after,
    weeks_after,
};
pub use salt::{SupportFacts, SupportType, support_type};
