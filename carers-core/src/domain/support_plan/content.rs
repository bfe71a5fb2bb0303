//! What a support plan records besides its items (s.25): the matters it relates
//! to, and who was involved in preparing it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::domain::assessment::{WellbeingArea, WorkAndLife};
use crate::domain::error::CaseError;

/// s.25(1)(d): the matters of s.10(5)–(6) to which the support relates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanMatters {
    /// s.10(5)(a)–(b): the carer's ability and willingness to provide care.
    pub ability_and_willingness_to_care: bool,
    /// s.10(5)(c), s.1(2): the areas of the carer's wellbeing.
    pub wellbeing: BTreeSet<WellbeingArea>,
    /// s.10(5)(d): the outcomes the carer wishes to achieve in day-to-day life.
    pub wished_outcomes: bool,
    /// s.10(6): the carer's work, education, training and recreation.
    pub work_and_life: WorkAndLife,
}

/// s.25(4): who was involved in preparing the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Involvement {
    /// s.25(4)(a): the carer (always).
    pub carer: bool,
    /// s.25(4)(b): the carer asked that the adult needing care be involved.
    pub carer_asked_for_adult_needing_care: bool,
    /// The adult needing care was involved.
    pub adult_needing_care: bool,
}

/// Someone the authority must involve in preparing a plan, named in a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlanParty {
    /// s.25(4)(a): the carer.
    Carer,
    /// s.25(4)(b): the adult needing care, when the carer asks.
    AdultNeedingCare,
}

impl Involvement {
    /// s.25(4): the authority must involve the carer, and the adult needing care if
    /// the carer asks.
    ///
    /// # Errors
    /// `PlanPartyNotInvolved` naming who was left out.
    pub(crate) fn check(&self) -> Result<(), CaseError> {
        let missing = if !self.carer {
            Some(PlanParty::Carer)
        } else if self.carer_asked_for_adult_needing_care && !self.adult_needing_care {
            Some(PlanParty::AdultNeedingCare)
        } else {
            None
        };
        match missing {
            Some(party) => Err(CaseError::PlanPartyNotInvolved { party }),
            None => Ok(()),
        }
    }
}
