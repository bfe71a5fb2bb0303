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
    /// already, or their case was erased and holds no date).
    pub roles_corrected: Vec<CarerId>,
    /// Carers linked on the record whose case has no role for the person (a
    /// link made without `link_carer`): reported, since nothing there follows
    /// the record.
    pub roles_missing: Vec<CarerId>,
}

/// Corrects `person`'s date of birth to `born`, for `reason`, on their record
/// and then on the caring role of every carer ever linked to them, as the actor
/// of `ctx` (each record read is checked and audited; each correction names
/// the event that recorded the role, `CaseCommand::CorrectRecord`).
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
    let record_corrected = *held != born;
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
    let mut carers: Vec<CarerId> = record.carer_links().iter().map(|l| l.carer).collect();
    carers.sort();
    carers.dedup(); // a carer linked again is corrected once
    let mut done = DateOfBirthCorrected {
        record_corrected,
        roles_corrected: Vec::new(),
        roles_missing: Vec::new(),
    };
    for carer in carers {
        let case = cases
            .read(&carer.stream(), ctx, ReadPurpose::Casework)
            .map_err(LinkError::Case)?
            .state;
        if case.erased() {
            continue; // its copy went with the case's key
        }
        let Some(role) = case.roles.get(person) else {
            done.roles_missing.push(carer);
            continue;
        };
        if role.cared_for_born == born {
            continue;
        }
        let corrects = case
            .records
            .version_of(Correctable::Role(person))
            .expect("a role on the case was recorded by an event the case counted");
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
