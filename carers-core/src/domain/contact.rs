//! Contacts and case notes: what a carers' service does with a carer day to day,
//! recorded as it happens. A contact says when, how (the channel), why (its
//! purpose) and what came of it (its outcome, in the worker's words); who made it
//! is the record's actor, and the organisation is kept with it. A case note is
//! free text about the case, or about one contact. Both are part of the legal
//! record (UK GDPR art. 5(1)(d), accuracy: a mistaken one is corrected, never
//! rewritten).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::happened;
use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::{ContactId, NoteId};
use super::personal::Personal;
use crate::es::OrganisationId;

/// How a contact was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Channel {
    /// A telephone call.
    Call,
    /// A visit (at home, or at the service).
    Visit,
    /// An email or other written message.
    Email,
    /// A letter.
    Letter,
    /// A group session (a peer-support group, a training course).
    GroupSession,
    /// A drop-in.
    DropIn,
}

impl Channel {
    /// Every channel, in the order declared.
    pub const ALL: [Channel; 6] = [
        Channel::Call,
        Channel::Visit,
        Channel::Email,
        Channel::Letter,
        Channel::GroupSession,
        Channel::DropIn,
    ];
}

/// Why a contact was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ContactPurpose {
    /// Information and advice (Care Act 2014 s.4).
    InformationAndAdvice,
    /// Emotional support.
    EmotionalSupport,
    /// An assessment, or arranging one.
    Assessment,
    /// A review, or arranging one.
    Review,
    /// Arranging a service (a break, a grant, a card).
    ArrangingSupport,
    /// A safeguarding matter.
    Safeguarding,
    /// Following up earlier work.
    FollowUp,
}

/// A contact to record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewContact {
    /// The contact's id.
    pub contact: ContactId,
    /// The UK local day it happened.
    pub on: NaiveDate,
    /// How.
    pub channel: Channel,
    /// Why.
    pub purpose: ContactPurpose,
    /// What came of it, in the worker's words.
    pub outcome: Personal<String>,
}

/// A recorded contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The UK local day it happened.
    pub on: NaiveDate,
    /// How.
    pub channel: Channel,
    /// Why.
    pub purpose: ContactPurpose,
    /// What came of it.
    pub outcome: Personal<String>,
    /// The organisation that made it.
    pub by: OrganisationId,
}

/// A case note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseNote {
    /// The contact it is about, if any (else the case).
    pub about: Option<ContactId>,
    /// The note.
    pub text: Personal<String>,
    /// The UK local day it was written.
    pub on: NaiveDate,
    /// The organisation that wrote it.
    pub by: OrganisationId,
}

/// A case's contacts and notes, in the order recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    /// The contacts.
    #[serde(with = "crate::domain::by_id")]
    pub list: Vec<(ContactId, Contact)>,
    /// The notes.
    #[serde(with = "crate::domain::by_id")]
    pub notes: Vec<(NoteId, CaseNote)>,
}

impl Contacts {
    /// The contact with `id`.
    pub fn get(&self, id: ContactId) -> Option<&Contact> {
        crate::domain::by_id::find(&self.list, &id)
    }

    /// The notes about the contact `id`, in order.
    pub fn notes_about(&self, id: ContactId) -> impl Iterator<Item = &CaseNote> {
        self.notes
            .iter()
            .map(|(_, n)| n)
            .filter(move |n| n.about == Some(id))
    }

    /// Records a contact: a new id, a day not after today, and an outcome.
    pub(crate) fn decide_record(
        &self,
        new: &NewContact,
        by: &OrganisationId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if self.get(new.contact).is_some() {
            return Err(CaseError::ContactExists);
        }
        happened(new.on, today)?;
        if !new.outcome.is_said() {
            return Err(CaseError::ContactOutcomeRequired);
        }
        Ok(vec![CaseEvent::ContactRecorded {
            contact: new.contact,
            on: new.on,
            channel: new.channel,
            purpose: new.purpose,
            outcome: new.outcome.clone(),
            by: by.clone(),
        }])
    }

    /// Adds a note: a new id, text that is not blank, about a recorded contact
    /// (when it names one).
    pub(crate) fn decide_note(
        &self,
        note: NoteId,
        about: Option<ContactId>,
        text: &Personal<String>,
        by: &OrganisationId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if self.notes.iter().any(|(n, _)| *n == note) {
            return Err(CaseError::NoteExists);
        }
        if about.is_some_and(|c| self.get(c).is_none()) {
            return Err(CaseError::UnknownContact);
        }
        if !text.is_said() {
            return Err(CaseError::NoteRequired);
        }
        Ok(vec![CaseEvent::NoteAdded {
            note,
            about,
            text: text.clone(),
            on: today,
            by: by.clone(),
        }])
    }

    /// Folds a correction of a contact's day or outcome.
    pub(crate) fn correct(&mut self, correction: &super::correction::Correction) {
        use super::correction::Correction as C;
        let held = match correction {
            C::ContactDay { contact, .. } | C::ContactOutcome { contact, .. } => {
                self.list.iter_mut().find(|(c, _)| c == contact)
            }
            _ => return,
        };
        let Some((_, held)) = held else { return };
        match correction {
            C::ContactDay { on, .. } => held.on = *on,
            C::ContactOutcome { outcome, .. } => held.outcome = outcome.clone(),
            _ => {}
        }
    }

    /// Folds a contact or note event.
    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::ContactRecorded {
                contact,
                on,
                channel,
                purpose,
                outcome,
                by,
            } => self.list.push((
                *contact,
                Contact {
                    on: *on,
                    channel: *channel,
                    purpose: *purpose,
                    outcome: outcome.clone(),
                    by: by.clone(),
                },
            )),
            CaseEvent::NoteAdded {
                note,
                about,
                text,
                on,
                by,
            } => self.notes.push((
                *note,
                CaseNote {
                    about: *about,
                    text: text.clone(),
                    on: *on,
                    by: by.clone(),
                },
            )),
            _ => {}
        }
    }
}
