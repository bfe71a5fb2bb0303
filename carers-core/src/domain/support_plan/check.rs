//! The one check a plan's content passes, whether the plan is new or revised at a
//! review: a revision is a plan like any other (s.27(4): the authority revises the
//! plan as it prepares one, s.24–25).

use crate::domain::eligibility::Determination;
use crate::domain::error::CaseError;
use crate::domain::money::Pence;
use crate::domain::view::CaseView;

use super::basis::{DutyCondition, DutyConditions, PlanBasis};
use super::budget::PlanSupport;

/// Checks `support` on `basis` against the determination of the plan's assessment.
///
/// # Errors
/// Those of [`CaseView::determination_for_plan`], `ReplacementCareCharged`,
/// `NeedsNotEligible`, `NeedNotEligible` and `DutyConditionNotMet`.
pub(crate) fn check_plan(
    basis: &PlanBasis,
    support: &PlanSupport,
    view: &CaseView,
) -> Result<(), CaseError> {
    let determination = view.determination_for_plan(basis.assessment())?;
    replacement_care_not_charged(support)?;
    match basis {
        PlanBasis::EligibleNeeds { conditions, .. } => {
            only_eligible_needs(support, determination)?;
            duty_conditions_met(conditions, support)
        }
        // s.20(6): the power extends to any need, eligible or not.
        PlanBasis::PowerToMeetOtherNeeds { .. } => Ok(()),
    }
}

/// s.14(3): the authority may not charge a carer for care and support provided to
/// the adult needing care, so no replacement-care item is charged to the carer,
/// whatever else the plan holds.
fn replacement_care_not_charged(support: &PlanSupport) -> Result<(), CaseError> {
    let charged = support
        .items()
        .iter()
        .any(|i| i.method().is_replacement_care() && i.carer_pays() > Pence::ZERO);
    if charged {
        return Err(CaseError::ReplacementCareCharged);
    }
    Ok(())
}

/// s.20(1) with s.25(1)(b)–(c): the duty covers the needs the determination found
/// to meet the eligibility criteria (s.13(1)), so on that basis every item meets
/// such a need; any other need calls for the recorded s.20(6) power.
fn only_eligible_needs(support: &PlanSupport, d: &Determination) -> Result<(), CaseError> {
    if !d.eligible {
        return Err(CaseError::NeedsNotEligible);
    }
    match support.items().iter().find(|i| !d.meets_criteria(i.need())) {
        Some(i) => Err(CaseError::NeedNotEligible { need: i.need() }),
        None => Ok(()),
    }
}

/// s.20(1)–(5): the duty also needs the adult needing care to be ordinarily
/// resident in the area, the financial conditions met where the carer is charged,
/// and the adult's agreement where support is provided to them. Without one of
/// them the authority may still use the recorded s.20(6) power.
fn duty_conditions_met(c: &DutyConditions, support: &PlanSupport) -> Result<(), CaseError> {
    let charged = support.budget().carer_pays() > Pence::ZERO;
    let to_the_adult = support
        .items()
        .iter()
        .any(|i| i.method().is_replacement_care());
    let missing = if !c.ordinarily_resident {
        Some(DutyCondition::OrdinaryResidence)
    } else if charged && !c.financial_conditions_met {
        Some(DutyCondition::FinancialConditions)
    } else if to_the_adult && !c.adult_needing_care_agrees {
        Some(DutyCondition::AdultNeedingCareAgrees)
    } else {
        None
    };
    match missing {
        Some(condition) => Err(CaseError::DutyConditionNotMet { condition }),
        None => Ok(()),
    }
}
