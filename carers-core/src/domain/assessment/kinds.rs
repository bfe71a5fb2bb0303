//! The kinds of assessment a carer can have, the law behind each, and which kind
//! the law gives a carer for a role.

use serde::{Deserialize, Serialize};

use crate::domain::ids::CaredForId;

/// The kinds of assessment a carer can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssessmentKind {
    /// Care Act s.10: an adult carer of an adult.
    CarersAssessment,
    /// Children Act 1989 s.17ZA: a young carer (under 18).
    YoungCarersNeedsAssessment,
    /// Children Act 1989 s.17ZD: a parent carer of a disabled child.
    ParentCarersNeedsAssessment,
    /// Care Act s.12(5): combined with the cared-for adult's assessment; only if
    /// both the carer and the adult needing care agree.
    Combined {
        /// The cared-for adult.
        cared_for: CaredForId,
    },
    /// Care Act s.60–64: a young carer approaching 18. Gives an indication of
    /// likely eligibility, not a determination.
    Transition,
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

use chrono::NaiveDate;

use crate::domain::error::CaseError;
use crate::domain::person::CarerKind;
use crate::domain::view::CaseView;

/// The assessment kinds the law gives this carer on `day`, the first being the
/// one to name when another is asked for.
pub(super) fn kinds_allowed(view: &CaseView, day: NaiveDate) -> Vec<AssessmentKind> {
    let adults = view
        .caring_roles()
        .filter(|r| !r.cared_for_is_child_on(day));
    let combined = adults.map(|r| AssessmentKind::Combined {
        cared_for: r.cared_for,
    });
    match view.kind_on(day) {
        Some(CarerKind::YoungCarer) => vec![
            AssessmentKind::YoungCarersNeedsAssessment,
            AssessmentKind::Transition,
        ],
        Some(CarerKind::ParentCarer) => {
            let mut kinds = vec![AssessmentKind::ParentCarersNeedsAssessment];
            if view.caring_roles().any(|r| !r.cared_for_is_child_on(day)) {
                kinds.push(AssessmentKind::CarersAssessment);
                kinds.extend(combined);
            }
            kinds
        }
        _ => std::iter::once(AssessmentKind::CarersAssessment)
            .chain(combined)
            .collect(),
    }
}

/// Checks that the law gives this carer an assessment of `kind` on `day`.
pub(super) fn check_kind(
    view: &CaseView,
    kind: AssessmentKind,
    day: NaiveDate,
) -> Result<(), CaseError> {
    let allowed = kinds_allowed(view, day);
    if allowed.contains(&kind) {
        return Ok(());
    }
    Err(match (kind, view.kind_on(day)) {
        (AssessmentKind::Combined { .. }, Some(k)) if k != CarerKind::YoungCarer => {
            CaseError::CombinedWithUnknownAdult
        }
        _ => CaseError::WrongAssessmentKind {
            requested: kind,
            expected: allowed[0],
        },
    })
}
