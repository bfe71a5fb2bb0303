//! Why the authority meets a carer's needs (s.20): the duty, with its conditions,
//! or the power.

use serde::{Deserialize, Serialize};

use crate::domain::ids::AssessmentId;
use crate::domain::personal::Personal;

/// Why the authority may meet these needs (s.20).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanBasis {
    /// s.20(1): the duty to meet needs determined eligible by this assessment, on
    /// the conditions recorded.
    EligibleNeeds {
        /// The assessment whose determination found the needs eligible.
        assessment: AssessmentId,
        /// The other conditions of the duty, as found.
        conditions: DutyConditions,
    },
    /// s.20(6)–(7): the power to meet needs, eligible or not, used and recorded.
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
            PlanBasis::EligibleNeeds { assessment: a, .. }
            | PlanBasis::PowerToMeetOtherNeeds { assessment: a, .. } => *a,
        }
    }
}

/// The conditions of the s.20(1) duty besides eligibility, each a recorded finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DutyConditions {
    /// s.20(1)(a): the adult needing care is ordinarily resident in the authority's
    /// area (or present in it with no settled residence).
    pub ordinarily_resident: bool,
    /// s.20(2)–(5): the financial conditions are met. Needed only where the carer is
    /// charged: with no charge there is none to meet (s.20(2)).
    pub financial_conditions_met: bool,
    /// s.20(2)–(5): the adult needing care agrees to the needs being met by support
    /// provided to them. Needed only where the plan provides such support
    /// (replacement care).
    pub adult_needing_care_agrees: bool,
}

/// A condition of the s.20(1) duty, named in a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DutyCondition {
    /// s.20(1)(a): ordinary residence of the adult needing care.
    OrdinaryResidence,
    /// s.20(2)–(5): the financial conditions, where the carer is charged.
    FinancialConditions,
    /// s.20(2)–(5): the agreement of the adult needing care to support provided to them.
    AdultNeedingCareAgrees,
}
