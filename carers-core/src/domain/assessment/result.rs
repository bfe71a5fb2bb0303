//! The result of a completed assessment: a determination (s.13), an indication
//! (s.63–64), or Children Act findings.

use serde::{Deserialize, Serialize};

use crate::domain::eligibility::Determination;

/// The result of a completed assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssessmentResult {
    /// Care Act s.13(1): whether the carer's needs meet the eligibility criteria, with reasons.
    Determination(Determination),
    /// Care Act s.61–64: an indication of likely eligibility after 18, not a determination.
    Indication(Determination),
    /// Children Act s.17ZA/17ZD findings: whether the carer has needs for support,
    /// and for young carers whether caring is appropriate for them.
    ChildrenActFindings {
        /// The carer has needs for support.
        needs_for_support: bool,
        /// Young carers: caring is appropriate for them.
        appropriate_to_care: Option<bool>,
        /// Young carers: tasks are excessive or inappropriate for their age.
        excessive_or_inappropriate_tasks: Option<bool>,
    },
}

impl AssessmentResult {
    /// The Care Act determination (s.13(1)), if the result is one: an indication
    /// (s.61–64) and Children Act findings are not.
    pub fn determination(&self) -> Option<&Determination> {
        match self {
            AssessmentResult::Determination(d) => Some(d),
            _ => None,
        }
    }

    /// Whether the result is a Care Act determination that the needs are not eligible,
    /// which requires written information and advice (s.13(5)).
    pub fn not_eligible(&self) -> bool {
        self.determination().is_some_and(|d| !d.eligible)
    }

    /// Whether the result is a Care Act determination that the needs are eligible.
    pub fn eligible(&self) -> bool {
        self.determination().is_some_and(|d| d.eligible)
    }
}
