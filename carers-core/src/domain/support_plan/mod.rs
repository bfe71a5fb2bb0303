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

mod budget;
mod direct_payment;
mod plans;
mod review;
mod salt;

pub use budget::{
    BreakLength, BudgetDoesNotAddUp, ContingencyPlan, PersonalBudget, PlanBasis, PlannedSupport,
    SupportMethod,
};
pub use direct_payment::{DirectPayment, DirectPaymentStatus, DirectPaymentUse, PaymentFrequency};
pub use plans::{DEFAULT_REVIEW_MONTHS, PlanStatus, Plans, SupportPlan};
pub use review::{Review, ReviewDecision, ReviewTrigger, months_after};
pub use salt::{SupportType, support_type};
