//! A cared-for person's date of birth corrected on their record and on every
//! caring role that copied it: the role's copy is what routes it by age (Care
//! Act s.10(3), Children Act 1989 s.17ZD), so a correction that stayed on the
//! record would leave the role routed by a mistaken age.
//!
//! As with [`link_carer`](super::link_carer), several streams change one after
//! the other; each step already done is skipped, so a retry finishes the work.

use chrono::NaiveDate;

use crate::domain::case::CarerCase;
use crate::domain::command::CaseCommand;
use crate::domain::correction::{Correctable, Correction};
use crate::domain::error::CaseError;
use crate::domain::ids::{CaredForId, CarerId};
use crate::domain::personal::Personal;
use crate::es::{
    Aggregate, Context, EventStore, KeyStore, ReadPurpose, RepoError, Repository, SnapshotStore,
};

use super::{CaredForCommand, CaredForPerson, DetailsCorrection, LinkError};

/// What [`correct_date_of_birth`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateOfBirthCorrected {
    /// The record was corrected (`false`: it held the date already).
    pub record_corrected: bool,
    /// The carers whose caring role was corrected (the others held the date
    /// already). A duplicate merged into another case is named by the case that
    /// continues.
    pub roles_corrected: Vec<CarerId>,
    /// Carers linked on the record whose case has no role for the person (a
    /// link made without `link_carer`): reported, since nothing there follows
    /// the record.
    pub roles_missing: Vec<CarerId>,
    /// Carers whose case was erased: their copy of the date went with it.
    pub cases_erased: Vec<CarerId>,
}

/// Corrects `person`'s date of birth to `born`, for `reason`, on their record
/// and then on the caring role of every carer ever linked to them (a link in
/// error too: the role it came with may still hold the date), as the actor of
/// `ctx`. Every case is read first (checked and audited), so an actor who may
/// not read one changes nothing; each correction names the event that recorded
/// the role (`CaseCommand::CorrectRecord`). An erased record is not corrected,
/// but the carers' copies are.
///
/// # Errors
/// [`LinkError::CaredFor`] when the record cannot be read or refuses the
/// correction (`UnknownCaredFor`; a date out of range, or after a link, a
/// consent or the death; a record that holds the date already is skipped, not
/// refused); [`LinkError::Case`] when a carer's case cannot
/// be read or refuses (then the cases before it are corrected, and a retry
/// goes on from there).
pub fn correct_date_of_birth<S1, S2>(
    cases: &Repository<CarerCase, S1>,
    people: &Repository<CaredForPerson, S2>,
    ctx: &Context,
    person: CaredForId,
    born: NaiveDate,
    reason: &Personal<String>,
) -> Result<DateOfBirthCorrected, LinkError>
where
    S1: EventStore + SnapshotStore + KeyStore,
    S2: EventStore + SnapshotStore + KeyStore,
{
    let stream = person.stream();
    let record = people
        .read(&stream, ctx, ReadPurpose::Casework)
        .map_err(LinkError::CaredFor)?
        .state;
    let held = record
        .date_of_birth()
        .ok_or(LinkError::CaredFor(RepoError::Domain(
            CaseError::UnknownCaredFor,
        )))?;
    let born = Personal::new(born);
    // An erased record holds no date to correct; the carers' copies still do.
    let record_corrected = !record.is_erased() && *held != born;
    let mut carers: Vec<CarerId> = record.carer_links().iter().map(|l| l.carer).collect();
    carers.sort();
    carers.dedup(); // a carer linked again is corrected once
    let mut done = DateOfBirthCorrected {
        record_corrected,
        roles_corrected: Vec::new(),
        roles_missing: Vec::new(),
        cases_erased: Vec::new(),
    };
    // Every case is read (checked, audited) before anything changes, so an actor
    // who may not read one changes nothing. A merged duplicate is read as the
    // case that continues: its own record is frozen.
    let mut to_correct: Vec<(CarerId, u64)> = Vec::new();
    for carer in carers {
        let (at, loaded) = cases
            .read_following(&carer.stream(), ctx, ReadPurpose::Casework)
            .map_err(LinkError::Case)?;
        let case = loaded.state;
        let carer = at
            .entity_id(CarerCase::CATEGORY)
            .map(CarerId)
            .expect("read_following ends on a carer's case stream");
        if case.erased() {
            done.cases_erased.push(carer); // its copy went with the case's key
            continue;
        }
        match case.roles.get(person) {
            None => done.roles_missing.push(carer),
            Some(role) if role.cared_for_born == born => {}
            Some(_) => {
                let version = case
                    .records
                    .version_of(Correctable::Role(person))
                    .expect("a role on the case was recorded by an event the case counted");
                if !to_correct.iter().any(|(c, _)| *c == carer) {
                    to_correct.push((carer, version));
                }
            }
        }
    }
    if record_corrected {
        let correct = CaredForCommand::CorrectDetails {
            correction: DetailsCorrection {
                date_of_birth: Some(born.clone()),
                ..DetailsCorrection::default()
            },
            reason: reason.clone(),
        };
        people
            .execute(&stream, &correct, ctx, None)
            .map_err(LinkError::CaredFor)?;
    }
    for (carer, corrects) in to_correct {
        let correct = CaseCommand::CorrectRecord {
            corrects,
            correction: Correction::CaredForDateOfBirth {
                cared_for: person,
                born: born.clone(),
            },
            reason: reason.clone(),
        };
        cases
            .execute(&carer.stream(), &correct, ctx, None)
            .map_err(LinkError::Case)?;
        done.roles_corrected.push(carer);
    }
    Ok(done)
}
