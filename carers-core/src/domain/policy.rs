//! [`CasePolicy`]: the local rules a carer's case is decided under, where the law
//! leaves them to the service (timescales, review periods, offers). Each part of
//! the law owns its own policy type; this only gathers them.

use serde::{Deserialize, Serialize};

use super::assessment::AssessmentPolicy;
use super::emergency::EmergencyPlanPolicy;
use super::journey::MovingOnPolicy;
use super::person::TransitionPolicy;
use super::safeguarding::SafeguardingPolicy;
use super::support_plan::{DirectPaymentPolicy, PlanReviewPolicy};

/// The local rules of a carers' service, with the defaults the sources describe.
/// Give it to the repository with `Repository::with_policy`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePolicy {
    /// When a transition assessment is due (s.63).
    pub transition: TransitionPolicy,
    /// The moving-on offer.
    pub moving_on: MovingOnPolicy,
    /// Safeguarding timescales and working days.
    pub safeguarding: SafeguardingPolicy,
    /// When support plans are reviewed (s.27, CSSG 13.32).
    pub plan_review: PlanReviewPolicy,
    /// When direct payments are reviewed (Direct Payments Regulations 2014).
    pub direct_payments: DirectPaymentPolicy,
    /// When emergency plans are reviewed.
    #[serde(default)]
    pub emergency_plans: EmergencyPlanPolicy,
    /// How long an assessment may wait to be completed.
    #[serde(default)]
    pub assessments: AssessmentPolicy,
}
