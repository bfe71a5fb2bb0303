//! The result of a completed assessment: a determination (s.13), an indication
//! (s.63–64), or Children Act findings.

use serde::{Deserialize, Serialize};

use crate::domain::eligibility::{Determination, NeedArea, determine};
use crate::domain::error::CaseError;

use super::evidence::{ChildrenActEvidence, Evidence};
use super::kinds::AssessmentKind;

/// The result of a completed assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssessmentResult {
    /// Care Act s.13(1): whether the carer's needs meet the eligibility criteria, with reasons.
    Determination(Determination),
    /// Care Act s.61–64: an indication of likely eligibility after 18, not a determination.
    Indication(Determination),
    /// Children Act s.17ZA: a young carer's needs assessment.
    YoungCarerFindings {
        /// s.17ZA(1): the young carer has needs for support.
        needs_for_support: bool,
        /// s.17ZA(7): it is appropriate for them to provide, or continue to provide, care.
        appropriate_to_care: bool,
        /// Reg. 4: tasks are excessive or inappropriate for them.
        excessive_or_inappropriate_tasks: bool,
    },
    /// Children Act s.17ZD: a parent carer's needs assessment.
    ParentCarerFindings {
        /// s.17ZD: the parent carer has needs for support.
        needs_for_support: bool,
    },
}

/// Care Act s.13(1): for one need identified, whether it meets the eligibility criteria.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NeedFinding {
    /// The need's place in the evidence's `needs_identified`.
    pub need: usize,
    /// Its reg. 3(2) effect.
    pub area: NeedArea,
    /// Whether it meets the eligibility criteria.
    pub meets_criteria: bool,
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

/// The result of an assessment of `kind` on `evidence`, and for Care Act
/// assessments the s.13(1) finding on each need identified:
/// - a carer's or combined assessment: a determination under ER reg. 3 (s.13(1));
/// - a transition assessment: an indication, not a determination (s.64(1));
/// - a young carer's needs assessment: the s.17ZA findings, refused without the
///   s.17ZA(7) appropriateness the evidence must record;
/// - a parent carer's needs assessment: the s.17ZD findings, having had regard to
///   the child's welfare. Neither Children Act result derives from reg. 3.
pub(super) fn result_of(
    kind: AssessmentKind,
    evidence: Option<&Evidence>,
) -> Result<(AssessmentResult, Vec<NeedFinding>), CaseError> {
    use ChildrenActEvidence as C;
    match (kind, evidence) {
        (
            AssessmentKind::YoungCarersNeedsAssessment,
            Some(Evidence::ChildrenAct(C::YoungCarer(e))),
        ) => Ok((
            AssessmentResult::YoungCarerFindings {
                needs_for_support: e.needs_for_support,
                appropriate_to_care: e.appropriate_to_care,
                excessive_or_inappropriate_tasks: e.excessive_or_inappropriate_tasks,
            },
            Vec::new(),
        )),
        (AssessmentKind::YoungCarersNeedsAssessment, _) => {
            Err(CaseError::AppropriatenessNotRecorded)
        }
        (
            AssessmentKind::ParentCarersNeedsAssessment,
            Some(Evidence::ChildrenAct(C::ParentCarer(e))),
        ) => Ok((
            AssessmentResult::ParentCarerFindings {
                needs_for_support: e.needs_for_support,
            },
            Vec::new(),
        )),
        (AssessmentKind::ParentCarersNeedsAssessment, _) => {
            Err(CaseError::ParentCarerNeedsNotRecorded)
        }
        (_, Some(Evidence::CareAct(e))) => {
            let determination = determine(&e.needs_assessed);
            let needs = e
                .needs_identified
                .iter()
                .enumerate()
                .map(|(need, n)| NeedFinding {
                    need,
                    area: n.area,
                    meets_criteria: determination.meets_criteria(n.area),
                })
                .collect();
            let result = if kind == AssessmentKind::Transition {
                AssessmentResult::Indication(determination)
            } else {
                AssessmentResult::Determination(determination)
            };
            Ok((result, needs))
        }
        (_, _) => Err(CaseError::EvidenceMissing),
    }
}
