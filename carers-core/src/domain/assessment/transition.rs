//! Transition assessments of young carers approaching 18 (Care Act 2014 s.63–64;
//! CSSG ch. 16): when the duty arises, the young carer's consent and when it may
//! be overridden, and what happens at 18.

use serde::{Deserialize, Serialize};

use crate::domain::error::CaseError;

/// s.63(4): the two cases in which a transition assessment goes ahead although the
/// young carer refuses it. They apply to the s.63 assessment only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum S63Override {
    /// s.63(4): the young carer lacks capacity or competence to refuse, and the
    /// authority is satisfied that assessing is in their best interests.
    LacksCapacityOrCompetenceAndBestInterests,
    /// s.63(4): the young carer is experiencing, or at risk of, abuse or neglect.
    AbuseOrNeglect,
}

/// s.63(3)–(4): the consent condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TransitionConsent {
    /// The young carer consents (s.63(3)).
    Given,
    /// The young carer does not consent, and s.63(4) applies.
    Overridden(S63Override),
}

/// Why a transition assessment is carried out: s.63(1) and the consent of s.63(3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TransitionGrounds {
    /// s.63(1): it appears the young carer is likely to have needs for support after
    /// becoming 18.
    pub likely_to_have_needs_after_18: bool,
    /// s.63(1): the authority is satisfied it would be of significant benefit to the
    /// young carer.
    pub significant_benefit: bool,
    /// s.63(3)–(4): consent, or the override that applies.
    pub consent: TransitionConsent,
}

impl TransitionGrounds {
    /// Grounds with both s.63(1) conditions met and the young carer consenting.
    pub fn consented() -> Self {
        Self {
            likely_to_have_needs_after_18: true,
            significant_benefit: true,
            consent: TransitionConsent::Given,
        }
    }

    /// s.63(1): the duty arises only when both conditions hold.
    pub(super) fn check(&self) -> Result<(), CaseError> {
        if self.likely_to_have_needs_after_18 && self.significant_benefit {
            Ok(())
        } else {
            Err(CaseError::TransitionConditionsNotMet)
        }
    }
}

/// CSSG ch. 16: at 18 the authority decides whether to treat the indication of a
/// transition assessment as a carer's assessment; a support plan can then follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionAt18 {
    /// Treated as a carer's assessment (s.10) or not.
    pub treated_as_carers_assessment: bool,
    /// When decided.
    pub on: chrono::NaiveDate,
}
