//! What a plan provides and what it costs: the support for each need (s.25(1)),
//! the personal budget (s.26), the plan's basis in s.20 and the contingency plan.

use serde::{Deserialize, Serialize};

use crate::domain::eligibility::Outcome;
use crate::domain::ids::AssessmentId;
use crate::domain::money::Pence;
use crate::domain::personal::Personal;

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
