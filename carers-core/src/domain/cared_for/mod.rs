//! The cared-for person as a record of their own: their name, date of birth and
//! NHS number (all [`Personal`]), their own consents, their death, and the carers
//! who care for them. A carer's caring role names the person by [`CaredForId`]
//! and keeps the date of birth it was linked with (it routes the role by age, in
//! the carer's case): [`correct_date_of_birth`] corrects both.
//!
//! Its own stream (`cared_for-<uuid>`) has its own data key, so the person's data
//! is erased on their own request (UK GDPR art. 17) without touching a carer's
//! case, and a carer's erasure leaves the person's record whole.
//!
//! [`link_carer`] adds a caring role to a carer's case from this record (the role
//! takes the record's date of birth, which routes the role by age) and links the
//! carer here.

mod access;
mod command;
mod dob_correction;
mod event;
mod linking;
mod nhs_number;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use command::{
    CaredForCommand, CaredForConsent, DetailsCorrection, LinkEnded, NhsNumberCorrection,
};
pub use dob_correction::{DateOfBirthCorrected, correct_date_of_birth};
pub use event::CaredForEvent;
pub use linking::{LinkError, Linked, link_carer};
pub use nhs_number::NhsNumber;

use super::calendar::{check_clock, happened, local_day};
use super::erasure::ErasureBasis;
use super::error::CaseError;
use super::ids::{CaredForId, CarerId};
use super::person::{age_on, check_date_of_birth};
use super::personal::Personal;
use crate::es::{Aggregate, Context};

/// The stream category of cared-for persons' records.
pub const CATEGORY: &str = "cared_for";

/// A cared-for person's record: the state of their stream.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaredForPerson {
    registration: Option<Registration>,
    /// Each purpose's last record: given or withdrawn, and on which day.
    consents: BTreeMap<CaredForConsent, (bool, NaiveDate)>,
    carers: Vec<CarerLink>,
    died: Option<NaiveDate>,
    erasure: Option<(ErasureBasis, NaiveDate)>,
}

/// What registration recorded, as corrected since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Registration {
    person: CaredForId,
    name: Personal<String>,
    date_of_birth: Personal<NaiveDate>,
    nhs_number: Option<Personal<NhsNumber>>,
    on: NaiveDate,
}

/// One carer's link to the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarerLink {
    /// The carer.
    pub carer: CarerId,
    /// Since when they care.
    pub since: NaiveDate,
    /// When and why the link ended, if it has.
    pub ended: Option<(NaiveDate, LinkEnded)>,
}

impl CarerLink {
    /// Whether the carer cared for them on `day`. A link recorded in error
    /// never counted.
    pub fn on(&self, day: NaiveDate) -> bool {
        match self.ended {
            Some((_, LinkEnded::RecordedInError)) => false,
            Some((end, _)) => self.since <= day && day < end,
            None => self.since <= day,
        }
    }
}

impl CaredForPerson {
    /// The person, once registered.
    pub fn person(&self) -> Option<CaredForId> {
        self.registration.as_ref().map(|r| r.person)
    }

    /// Their name, once registered.
    pub fn name(&self) -> Option<&Personal<String>> {
        self.registration.as_ref().map(|r| &r.name)
    }

    /// Their date of birth, once registered: what a carer's caring role for
    /// them records ([`link_carer`]).
    pub fn date_of_birth(&self) -> Option<&Personal<NaiveDate>> {
        self.registration.as_ref().map(|r| &r.date_of_birth)
    }

    /// Their NHS number, when registered with one.
    pub fn nhs_number(&self) -> Option<&Personal<NhsNumber>> {
        self.registration.as_ref()?.nhs_number.as_ref()
    }

    /// The UK day the record was registered.
    pub fn registered_on(&self) -> Option<NaiveDate> {
        self.registration.as_ref().map(|r| r.on)
    }

    /// Whether they are under 18 on `day`; `None` before registration or once
    /// their date of birth is erased.
    pub fn is_child_on(&self, day: NaiveDate) -> Option<bool> {
        let born = *self.date_of_birth()?.reveal()?;
        Some(age_on(born, day) < 18)
    }

    /// Whether they have given, and not withdrawn, the consent for `purpose`.
    pub fn consents_to(&self, purpose: CaredForConsent) -> bool {
        self.consents.get(&purpose).is_some_and(|(given, _)| *given)
    }

    /// The day of the last consent or withdrawal recorded for `purpose`.
    pub fn consent_recorded_on(&self, purpose: CaredForConsent) -> Option<NaiveDate> {
        self.consents.get(&purpose).map(|(_, on)| *on)
    }

    /// The day they died, once recorded.
    pub fn died_on(&self) -> Option<NaiveDate> {
        self.died
    }

    /// Every carer ever linked, in the order linked (a carer linked again after a
    /// link ended appears once per link).
    pub fn carer_links(&self) -> &[CarerLink] {
        &self.carers
    }

    /// The carers who cared for them on `day`.
    pub fn carers_on(&self, day: NaiveDate) -> impl Iterator<Item = CarerId> + '_ {
        self.carers
            .iter()
            .filter(move |l| l.on(day))
            .map(|l| l.carer)
    }

    /// The carer's link that has not ended, if any.
    pub fn current_link(&self, carer: CarerId) -> Option<&CarerLink> {
        self.carers
            .iter()
            .find(|l| l.carer == carer && l.ended.is_none())
    }

    /// Whether the person's personal data was erased.
    pub fn is_erased(&self) -> bool {
        self.erasure.is_some()
    }

    fn registered(&self) -> Result<&Registration, CaseError> {
        self.registration.as_ref().ok_or(CaseError::UnknownCaredFor)
    }

    /// The day before which nothing about the person happened: their birth,
    /// when their date of birth is held.
    fn born(&self) -> Option<NaiveDate> {
        self.date_of_birth().and_then(Personal::reveal).copied()
    }

    /// Whether `carer` may be linked, caring `since`, on `today`: what
    /// `LinkCarer` decides, and what [`link_carer`] asks before it changes the
    /// carer's case.
    ///
    /// # Errors
    /// `UnknownCaredFor`, `PersonalDataErased`, `CaredForDied`,
    /// `DateInTheFuture`, `DateOutOfRange` (before birth), `CarerAlreadyLinked`,
    /// `LinksOverlap`.
    pub fn check_link(
        &self,
        carer: CarerId,
        since: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), CaseError> {
        self.registered()?;
        if self.is_erased() {
            return Err(CaseError::PersonalDataErased);
        }
        if self.died.is_some() {
            return Err(CaseError::CaredForDied);
        }
        happened(since, today)?;
        if self.born().is_some_and(|born| since < born) {
            return Err(CaseError::DateOutOfRange);
        }
        if self.current_link(carer).is_some() {
            return Err(CaseError::CarerAlreadyLinked);
        }
        let last_end = self
            .counted_links()
            .filter(|l| l.carer == carer)
            .filter_map(|l| l.ended.map(|(end, _)| end))
            .max();
        if last_end.is_some_and(|end| since < end) {
            return Err(CaseError::LinksOverlap);
        }
        Ok(())
    }

    /// The links that counted: all but those recorded in error.
    fn counted_links(&self) -> impl Iterator<Item = &CarerLink> {
        self.carers
            .iter()
            .filter(|l| !matches!(l.ended, Some((_, LinkEnded::RecordedInError))))
    }

    fn check_correction(
        &self,
        correction: &DetailsCorrection,
        today: NaiveDate,
    ) -> Result<(), CaseError> {
        let now = self.registered()?;
        if let Some(name) = &correction.name {
            if !name.is_said() {
                return Err(CaseError::NameRequired);
            }
        }
        if let Some(born) = &correction.date_of_birth {
            let born = check_born(born, today)?;
            // Nobody cared for them, nor consented, before they were born, nor
            // was born after dying.
            if self.counted_links().any(|l| l.since < born)
                || self.consents.values().any(|(_, on)| *on < born)
                || self.died.is_some_and(|died| died < born)
            {
                return Err(CaseError::DateOutOfRange);
            }
        }
        if let Some(NhsNumberCorrection::Set(number)) = &correction.nhs_number {
            check_held(number)?;
        }
        let changes = correction.name.as_ref().is_some_and(|n| *n != now.name)
            || correction
                .date_of_birth
                .as_ref()
                .is_some_and(|d| *d != now.date_of_birth)
            || match &correction.nhs_number {
                None => false,
                Some(NhsNumberCorrection::Set(n)) => Some(n) != now.nhs_number.as_ref(),
                Some(NhsNumberCorrection::Remove) => now.nhs_number.is_some(),
            };
        if !changes {
            return Err(CaseError::NothingChanged);
        }
        Ok(())
    }
}

/// A value a command records must be held: an erased one is no value at all.
fn check_held<T>(value: &Personal<T>) -> Result<&T, CaseError> {
    value.reveal().ok_or(CaseError::PersonalDataErased)
}

fn check_born(born: &Personal<NaiveDate>, today: NaiveDate) -> Result<NaiveDate, CaseError> {
    let born = *check_held(born)?;
    check_date_of_birth(born, today)?;
    Ok(born)
}

impl Aggregate for CaredForPerson {
    type Command = CaredForCommand;
    type Event = CaredForEvent;
    type Error = CaseError;
    type Policy = ();
    const CATEGORY: &'static str = CATEGORY;

    /// The partnership's rules, with no partners: every actor is refused until
    /// the repository is given a [`Partnership`](super::Partnership).
    fn default_access() -> std::sync::Arc<dyn crate::es::AccessPolicy<Self>> {
        std::sync::Arc::new(super::partnership::Partnership::default())
    }

    /// `Register` opens the record of the person it names: only on their stream.
    fn entity_of(command: &CaredForCommand) -> Option<uuid::Uuid> {
        match command {
            CaredForCommand::Register { person, .. } => Some(person.0),
            _ => None,
        }
    }

    fn erases(command: &CaredForCommand) -> bool {
        matches!(command, CaredForCommand::Erase { .. })
    }

    fn erased(&self) -> bool {
        self.is_erased()
    }

    fn decide(
        &self,
        command: &CaredForCommand,
        ctx: &Context,
        _: &(),
    ) -> Result<Vec<CaredForEvent>, CaseError> {
        use CaredForCommand as C;
        use CaredForEvent as E;
        check_clock(ctx.now)?;
        if self.is_erased() {
            return Err(CaseError::PersonalDataErased);
        }
        let today = local_day(ctx.now);
        if !matches!(command, C::Register { .. }) {
            self.registered()?;
        }
        let event = match command {
            C::Register {
                person,
                name,
                date_of_birth,
                nhs_number,
            } => {
                if self.registration.is_some() {
                    return Err(CaseError::CaredForExists);
                }
                if !name.is_said() {
                    return Err(CaseError::NameRequired);
                }
                check_born(date_of_birth, today)?;
                if let Some(number) = nhs_number {
                    check_held(number)?;
                }
                E::CaredForRegistered {
                    person: *person,
                    name: name.clone(),
                    date_of_birth: date_of_birth.clone(),
                    nhs_number: nhs_number.clone(),
                    on: today,
                }
            }
            C::RecordConsent { purpose, given, on } => {
                happened(*on, today)?;
                if self.born().is_some_and(|born| *on < born) {
                    return Err(CaseError::DateOutOfRange);
                }
                if self
                    .consent_recorded_on(*purpose)
                    .is_some_and(|last| *on < last)
                {
                    return Err(CaseError::DateBeforeLastStep);
                }
                match (self.consents_to(*purpose), *given) {
                    (true, true) => return Err(CaseError::ConsentAlreadyGiven),
                    (false, false) => return Err(CaseError::ConsentNotGiven),
                    _ => {}
                }
                E::CaredForConsentRecorded {
                    purpose: *purpose,
                    given: *given,
                    on: *on,
                }
            }
            C::LinkCarer { carer, since } => {
                self.check_link(*carer, *since, today)?;
                E::CarerLinked {
                    carer: *carer,
                    since: *since,
                }
            }
            C::UnlinkCarer { carer, on, reason } => {
                if *reason == LinkEnded::Died {
                    return Err(CaseError::DeathEndsEveryLink);
                }
                let link = self
                    .current_link(*carer)
                    .ok_or(CaseError::UnknownCarerLink)?;
                happened(*on, today)?;
                if *on < link.since {
                    return Err(CaseError::DateBeforeLink);
                }
                E::CarerUnlinked {
                    carer: *carer,
                    on: *on,
                    reason: *reason,
                }
            }
            C::RecordDeath { on } => {
                if self.died.is_some() {
                    return Err(CaseError::CaredForDied);
                }
                happened(*on, today)?;
                // Nobody cared for them after they died.
                if self.born().is_some_and(|born| *on < born)
                    || self
                        .counted_links()
                        .any(|l| *on < l.since || l.ended.is_some_and(|(end, _)| *on < end))
                {
                    return Err(CaseError::DateOutOfRange);
                }
                E::CaredForDied { on: *on }
            }
            C::CorrectDetails { correction, reason } => {
                if !reason.is_said() {
                    return Err(CaseError::ChangeReasonRequired);
                }
                self.check_correction(correction, today)?;
                E::CaredForDetailsCorrected {
                    correction: correction.clone(),
                    reason: reason.clone(),
                }
            }
            C::Erase { basis } => E::CaredForErased {
                basis: *basis,
                on: today,
            },
        };
        Ok(vec![event])
    }

    fn apply(&mut self, event: &CaredForEvent) {
        use CaredForEvent as E;
        match event {
            E::CaredForRegistered {
                person,
                name,
                date_of_birth,
                nhs_number,
                on,
            } => {
                self.registration = Some(Registration {
                    person: *person,
                    name: name.clone(),
                    date_of_birth: date_of_birth.clone(),
                    nhs_number: nhs_number.clone(),
                    on: *on,
                });
            }
            E::CaredForConsentRecorded { purpose, given, on } => {
                self.consents.insert(*purpose, (*given, *on));
            }
            E::CaredForDied { on } => {
                self.died = Some(*on);
                for link in self.carers.iter_mut().filter(|l| l.ended.is_none()) {
                    link.ended = Some((*on, LinkEnded::Died));
                }
            }
            E::CarerLinked { carer, since } => self.carers.push(CarerLink {
                carer: *carer,
                since: *since,
                ended: None,
            }),
            E::CarerUnlinked { carer, on, reason } => {
                if let Some(link) = self
                    .carers
                    .iter_mut()
                    .find(|l| l.carer == *carer && l.ended.is_none())
                {
                    link.ended = Some((*on, *reason));
                }
            }
            E::CaredForDetailsCorrected { correction, .. } => {
                if let Some(r) = self.registration.as_mut() {
                    if let Some(name) = &correction.name {
                        r.name = name.clone();
                    }
                    if let Some(born) = &correction.date_of_birth {
                        r.date_of_birth = born.clone();
                    }
                    match &correction.nhs_number {
                        Some(NhsNumberCorrection::Set(number)) => {
                            r.nhs_number = Some(number.clone());
                        }
                        Some(NhsNumberCorrection::Remove) => r.nhs_number = None,
                        None => {}
                    }
                }
            }
            E::CaredForErased { basis, on } => self.erasure = Some((*basis, *on)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_of_a_cared_for_id_is_of_this_category() {
        let person = CaredForId::new();
        assert_eq!(person.stream(), CaredForPerson::stream_of(person.0));
        assert_eq!(person.stream().category(), CATEGORY);
    }
}
