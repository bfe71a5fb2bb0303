//! The kinds of assessment a carer can have, the law behind each, and which kind
//! the law gives a carer for the role an assessment concerns.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::error::CaseError;
use crate::domain::ids::CaredForId;
use crate::domain::role::CaringRole;
use crate::domain::view::CaseView;

/// The kinds of assessment a carer can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AssessmentKind {
    /// Care Act s.10: an adult who cares for an adult (s.10(3)).
    CarersAssessment,
    /// Children Act 1989 s.17ZA: a young carer (under 18) caring for anyone.
    YoungCarersNeedsAssessment,
    /// Children Act 1989 s.17ZD: an adult caring for a disabled child they have
    /// parental responsibility for.
    ParentCarersNeedsAssessment,
    /// Care Act s.12(5): a carer's assessment combined with the assessment of the
    /// adult needing care; only if both agree.
    Combined,
    /// Care Act s.63–64: a young carer caring for an adult (s.63(6)), approaching
    /// 18. Gives an indication of likely eligibility, not a determination.
    Transition,
}

impl AssessmentKind {
    /// The duty the assessment is carried out under: a refusal ends that duty only.
    pub fn duty(self) -> Duty {
        match self {
            AssessmentKind::CarersAssessment | AssessmentKind::Combined => Duty::CarersAssessment,
            AssessmentKind::Transition => Duty::TransitionAssessment,
            AssessmentKind::YoungCarersNeedsAssessment => Duty::YoungCarersNeedsAssessment,
            AssessmentKind::ParentCarersNeedsAssessment => Duty::ParentCarersNeedsAssessment,
        }
    }
}

/// The duties to assess a carer, one per regime: a refusal (Care Act s.11(5))
/// ends the duty it was made under, not the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Duty {
    /// Care Act s.10 (and s.12(5) combined assessments).
    CarersAssessment,
    /// Care Act s.63.
    TransitionAssessment,
    /// Children Act 1989 s.17ZA.
    YoungCarersNeedsAssessment,
    /// Children Act 1989 s.17ZD.
    ParentCarersNeedsAssessment,
}

/// The route the law gives a carer for a role, named when another is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApplicableRoute {
    /// An assessment of this kind.
    Assessment(AssessmentKind),
    /// No carer's assessment of the carer's own: an adult caring for a child who is
    /// not theirs (no parental responsibility) is supported through the child's
    /// own assessment as a child in need (Children Act 1989 s.17).
    ChildInNeedAssessment,
}

/// How an assessment came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Route {
    /// The carer asked (s.11(6): revives the duty after a refusal).
    RequestedByCarer,
    /// The cared-for person asked.
    RequestedByCaredFor,
    /// A professional referred.
    Referral,
    /// The authority offered it because the carer appears to have needs (s.10(1)).
    Offered,
}

/// The kinds the law gives a carer aged `carer_age` for `role` on `day`: Care Act
/// s.10(3) (an adult caring for an adult), s.12(5), s.63(6) (a young carer caring
/// for an adult), Children Act 1989 s.17ZA (a young carer caring for anyone) and
/// s.17ZD (parental responsibility for a child). Empty when only the child's own
/// assessment applies.
fn kinds_for(carer_age: u32, role: &CaringRole, day: NaiveDate) -> &'static [AssessmentKind] {
    use AssessmentKind as K;
    // An erased date of birth gives no kind (an erased case decides nothing).
    let Some(child_cared_for) = role.cared_for_is_child_on(day) else {
        return &[];
    };
    match (carer_age < 18, child_cared_for) {
        (true, true) => &[K::YoungCarersNeedsAssessment],
        (true, false) => &[K::YoungCarersNeedsAssessment, K::Transition],
        (false, true) if role.parental_responsibility => &[K::ParentCarersNeedsAssessment],
        (false, true) => &[],
        (false, false) => &[K::CarersAssessment, K::Combined],
    }
}

/// Checks that the law gives this carer an assessment of `kind` for the role of
/// `cared_for` on `day`; the refusal names the route that applies. Whether the
/// person is a carer at all (s.10(9)–(10)) is judged on that role, not on any role.
pub(super) fn check_kind(
    view: &CaseView,
    kind: AssessmentKind,
    cared_for: CaredForId,
    day: NaiveDate,
) -> Result<(), CaseError> {
    let role = view.role(cared_for).ok_or(CaseError::UnknownRole)?;
    if !role.counts_as_caring() {
        return Err(CaseError::NotACarer);
    }
    let age = view.carer_age_on(day).ok_or(CaseError::NotIdentified)?;
    let allowed = kinds_for(age, role, day);
    if allowed.contains(&kind) {
        return Ok(());
    }
    let applies = allowed
        .first()
        .map_or(ApplicableRoute::ChildInNeedAssessment, |k| {
            ApplicableRoute::Assessment(*k)
        });
    Err(CaseError::WrongAssessmentKind {
        requested: kind,
        applies,
    })
}
