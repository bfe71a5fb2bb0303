//! Changes of circumstances: a caring role's hours, relationship, living
//! arrangement or the cared-for person's conditions change, or the carer's
//! contact details do. Each change is an event with its day and reason; history is
//! never rewritten, so a load as of an earlier day shows what was known then.
//!
//! A change in a role may change the carer's needs, so each records the
//! authority's decision on what follows (Care Act 2014 s.27(4): where
//! circumstances have changed in a way that affects a support plan, carry out an
//! assessment to the extent it thinks appropriate, and revise the plan): nothing,
//! a review of every active plan (due at once), or a reassessment as well. A
//! refusal's ended duty is revived on its own record (s.11(7),
//! `CaseCommand::ReviveAssessmentDuty`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::happened;
use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::CaredForId;
use super::personal::Personal;
use super::role::{RoleChange, Roles};
use crate::es::OrganisationId;

/// What the authority decides follows from a change in a caring role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChangeConsequence {
    /// The change does not affect the carer's support.
    NothingFollows,
    /// Review every active support plan, at once (s.27(4)(b)).
    ReviewPlans,
    /// Reassess the carer (s.27(4)(a)), and review every active plan.
    Reassess,
}

/// A change in a caring role, to record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircumstanceChange {
    /// The role.
    pub cared_for: CaredForId,
    /// What changed, and to what.
    pub change: RoleChange,
    /// The UK local day it changed.
    pub on: NaiveDate,
    /// Why, or what happened.
    pub reason: Personal<String>,
    /// What follows.
    pub consequence: ChangeConsequence,
}

/// The case's record of changes: when a reassessment became due, if one is
/// waiting for an assessment to be requested.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// The day a change made a reassessment due, until an assessment is requested.
    pub reassessment_due: Option<NaiveDate>,
}

fn said(text: &Personal<String>) -> bool {
    text.reveal().is_some_and(|t| !t.trim().is_empty())
}

/// Records a change in a role the carer still has: a day not after today, a
/// reason, a value the role does not already have (conditions: one or more).
pub(crate) fn decide_change(
    roles: &Roles,
    new: &CircumstanceChange,
    by: &OrganisationId,
    today: NaiveDate,
) -> Result<Vec<CaseEvent>, CaseError> {
    let role = roles.known(new.cared_for)?;
    if role.moved_on.is_some() {
        return Err(CaseError::RoleEnded);
    }
    happened(new.on, today)?;
    if !said(&new.reason) {
        return Err(CaseError::ChangeReasonRequired);
    }
    if matches!(&new.change, RoleChange::Conditions(c) if c.is_empty()) {
        return Err(CaseError::ConditionsRequired);
    }
    if !new.change.changes(role) {
        return Err(CaseError::NothingChanged);
    }
    Ok(vec![CaseEvent::CircumstancesChanged {
        cared_for: new.cared_for,
        change: new.change.clone(),
        on: new.on,
        reason: new.reason.clone(),
        consequence: new.consequence,
        by: by.clone(),
    }])
}

/// Records new contact details (either or both), with a reason.
pub(crate) fn decide_contact_details(
    contact: Option<&Personal<String>>,
    address: Option<&Personal<String>>,
    reason: &Personal<String>,
    by: &OrganisationId,
    today: NaiveDate,
) -> Result<Vec<CaseEvent>, CaseError> {
    if contact.is_none() && address.is_none() {
        return Err(CaseError::NothingChanged);
    }
    if !said(reason) {
        return Err(CaseError::ChangeReasonRequired);
    }
    Ok(vec![CaseEvent::ContactDetailsChanged {
        contact: contact.cloned(),
        address: address.cloned(),
        reason: reason.clone(),
        on: today,
        by: by.clone(),
    }])
}

impl Changes {
    /// Folds a change, or the assessment request that answers a reassessment due.
    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::CircumstancesChanged {
                on,
                consequence: ChangeConsequence::Reassess,
                ..
            } => {
                self.reassessment_due.get_or_insert(*on);
            }
            CaseEvent::AssessmentRequested { .. } => self.reassessment_due = None,
            _ => {}
        }
    }
}
