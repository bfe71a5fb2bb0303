//! Corrections of mistaken records (UK GDPR art. 5(1)(d) and art. 16: personal
//! data is kept accurate, and the carer may have it rectified). A correction is
//! an event that names the event it corrects (by its version in the case's
//! stream), the field and its right value, and why. History is never rewritten:
//! the mistaken event stays, a load as of a time before the correction shows
//! what was known then, and every load after shows the corrected value.
//!
//! The records that can be corrected here are the carer's name and date of
//! birth, a cared-for person's date of birth, and a contact's day and outcome. A
//! change in the world (new hours, a new address) is not a correction: it is a
//! change of circumstances (`circumstances`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::calendar::happened;
use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::{CaredForId, ContactId};
use super::person::check_date_of_birth;
use super::personal::Personal;
use crate::es::OrganisationId;

/// A field recorded wrongly, and its right value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Correction {
    /// The carer's name.
    CarerName(Personal<String>),
    /// The carer's date of birth.
    CarerDateOfBirth(Personal<NaiveDate>),
    /// A cared-for person's date of birth.
    CaredForDateOfBirth {
        /// The role's cared-for person.
        cared_for: CaredForId,
        /// The right date.
        born: Personal<NaiveDate>,
    },
    /// The day a contact happened.
    ContactDay {
        /// The contact.
        contact: ContactId,
        /// The right day.
        on: NaiveDate,
    },
    /// What came of a contact.
    ContactOutcome {
        /// The contact.
        contact: ContactId,
        /// The right words.
        outcome: Personal<String>,
    },
}

/// What an event recorded that a correction may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Correctable {
    /// The carer's identification.
    Identity,
    /// A caring role added.
    Role(CaredForId),
    /// A contact recorded.
    Contact(ContactId),
}

impl Correction {
    /// The record the correction belongs to.
    fn record(&self) -> Correctable {
        match self {
            Self::CarerName(_) | Self::CarerDateOfBirth(_) => Correctable::Identity,
            Self::CaredForDateOfBirth { cared_for, .. } => Correctable::Role(*cared_for),
            Self::ContactDay { contact, .. } | Self::ContactOutcome { contact, .. } => {
                Correctable::Contact(*contact)
            }
        }
    }
}

/// The case's events counted, and which of them recorded what a correction may
/// name: a correction is checked to name the event that recorded its field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Records {
    /// How many events the case has folded (the version of the last).
    pub events: u64,
    /// The version of each correctable record's event.
    pub recorded: BTreeMap<u64, Correctable>,
    /// The versions of the corrections made, with the version each corrects.
    pub corrections: Vec<(u64, u64)>,
}

impl Records {
    /// Counts an event (before its part folds it), noting what it recorded.
    pub(crate) fn count(&mut self, event: &CaseEvent) {
        self.events += 1;
        let recorded = match event {
            CaseEvent::CarerIdentified { .. } => Some(Correctable::Identity),
            CaseEvent::CaringRoleAdded { role } => Some(Correctable::Role(role.cared_for)),
            CaseEvent::ContactRecorded { contact, .. } => Some(Correctable::Contact(*contact)),
            CaseEvent::RecordCorrected { corrects, .. } => {
                self.corrections.push((self.events, *corrects));
                None
            }
            _ => None,
        };
        if let Some(what) = recorded {
            self.recorded.insert(self.events, what);
        }
    }

    /// The version of the event that recorded `what`, if one did: what a
    /// correction of it names.
    pub fn version_of(&self, what: Correctable) -> Option<u64> {
        self.recorded
            .iter()
            .find(|(_, recorded)| **recorded == what)
            .map(|(version, _)| *version)
    }

    /// Corrects the record the event `corrects` recorded: it must be the record
    /// the correction belongs to, the value must be a fact (a day that has come,
    /// a name not blank, a date of birth in range) and differ from what is held
    /// now (`current`), and the reason said.
    pub(crate) fn decide_correct(
        &self,
        corrects: u64,
        correction: &Correction,
        current: Option<Correction>,
        reason: &Personal<String>,
        by: &OrganisationId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if self.recorded.get(&corrects) != Some(&correction.record()) {
            return Err(CaseError::NotTheRecordCorrected);
        }
        if !reason.is_said() {
            return Err(CaseError::ChangeReasonRequired);
        }
        match correction {
            Correction::CarerName(name) => {
                if !name.is_said() {
                    return Err(CaseError::NameRequired);
                }
            }
            Correction::ContactOutcome { outcome, .. } => {
                if !outcome.is_said() {
                    return Err(CaseError::ContactOutcomeRequired);
                }
            }
            Correction::CarerDateOfBirth(born) | Correction::CaredForDateOfBirth { born, .. } => {
                check_date_of_birth(*born.reveal().ok_or(CaseError::PersonalDataErased)?, today)?;
            }
            Correction::ContactDay { on, .. } => happened(*on, today)?,
        }
        if current.as_ref() == Some(correction) {
            return Err(CaseError::NothingChanged);
        }
        Ok(vec![CaseEvent::RecordCorrected {
            corrects,
            correction: correction.clone(),
            reason: reason.clone(),
            on: today,
            by: by.clone(),
        }])
    }
}
