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

use std::collections::BTreeMap;

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

/// The case's record of changes: per caring role, the day of its last change,
/// and the day a change made a reassessment due (until an assessment for that
/// role is requested, or the role ends).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// The day a change made a reassessment of the carer for the role due.
    pub reassessment_due: BTreeMap<CaredForId, NaiveDate>,
    /// The day of each role's last change: a change is not dated before it.
    pub last_change: BTreeMap<CaredForId, NaiveDate>,
}

/// Records a change in a role the carer still has: a day not after today nor
/// before the role's last change (changes fold in the order recorded, so an
/// older one recorded later would undo a newer one), a reason, a value the role
/// does not already have (conditions: one or more, kept as a sorted set).
pub(crate) fn decide_change(
    roles: &Roles,
    changes: &Changes,
    new: &CircumstanceChange,
    by: &OrganisationId,
    today: NaiveDate,
) -> Result<Vec<CaseEvent>, CaseError> {
    let role = roles.known(new.cared_for)?;
    if role.moved_on.is_some() {
        return Err(CaseError::RoleEnded);
    }
    happened(new.on, today)?;
    if changes
        .last_change
        .get(&new.cared_for)
        .is_some_and(|last| new.on < *last)
    {
        return Err(CaseError::DateBeforeLastStep);
    }
    let change = new.change.normalised();
    if !new.reason.is_said() {
        return Err(CaseError::ChangeReasonRequired);
    }
    if matches!(&change, RoleChange::Conditions(c) if c.is_empty()) {
        return Err(CaseError::ConditionsRequired);
    }
    if !change.changes(role) {
        return Err(CaseError::NothingChanged);
    }
    Ok(vec![CaseEvent::CircumstancesChanged {
        cared_for: new.cared_for,
        change,
        on: new.on,
        reason: new.reason.clone(),
        consequence: new.consequence,
        by: by.clone(),
    }])
}

/// Records new contact details (either or both, at least one new), with a
/// reason; `held` is the carer's details as the case holds them.
pub(crate) fn decide_contact_details(
    held: Option<&super::person::PersonalDetails>,
    contact: Option<&Personal<String>>,
    address: Option<&Personal<String>>,
    reason: &Personal<String>,
    by: &OrganisationId,
    today: NaiveDate,
) -> Result<Vec<CaseEvent>, CaseError> {
    let new_contact = contact.is_some_and(|c| held.is_none_or(|h| h.contact != *c));
    let new_address = address.is_some_and(|a| held.is_none_or(|h| h.address != *a));
    if !new_contact && !new_address {
        return Err(CaseError::NothingChanged);
    }
    if !reason.is_said() {
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
    /// Folds a change; an assessment request for the role (not a transition
    /// assessment, which only indicates) answers a reassessment due, and the
    /// role's end drops it.
    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::CircumstancesChanged {
                cared_for,
                on,
                consequence,
                ..
            } => {
                self.last_change.insert(*cared_for, *on);
                if *consequence == ChangeConsequence::Reassess {
                    self.reassessment_due.entry(*cared_for).or_insert(*on);
                }
            }
            CaseEvent::AssessmentRequested {
                cared_for, kind, ..
            } if *kind != super::assessment::AssessmentKind::Transition => {
                self.reassessment_due.remove(cared_for);
            }
            CaseEvent::MovedOnFromCaring { cared_for, .. } => {
                self.reassessment_due.remove(cared_for);
            }
            _ => {}
        }
    }
}
