//! A caring role that links a carer to a cared-for person: added to the carer's
//! case from the person's own record, and recorded on that record.
//!
//! Two streams change, one after the other (a store appends to one stream
//! atomically, not to two): the role first, then the link. Each step that is
//! already done is skipped, so a retry after a failure between them finishes the
//! work and does nothing twice.

use chrono::NaiveDate;

use crate::domain::calendar::local_day;
use crate::domain::case::CarerCase;
use crate::domain::command::{CaseCommand, NewCaringRole};
use crate::domain::error::CaseError;
use crate::domain::ids::CarerId;
use crate::es::{
    Context, ErrorKind, EventStore, KeyStore, ReadPurpose, RepoError, Repository, ServiceError,
    SnapshotStore,
};

use super::{CaredForCommand, CaredForPerson};

/// What [`link_carer`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Linked {
    /// The role was added to the carer's case (`false`: it was there already).
    pub role_added: bool,
    /// The carer was linked on the person's record (`false`: already linked).
    pub carer_linked: bool,
}

/// Why [`link_carer`] stopped, and at which record.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The person's record refused, or could not be read.
    #[error("the cared-for person's record: {0}")]
    CaredFor(RepoError<CaseError>),
    /// The role does not match the record: nothing was changed.
    #[error("{0}")]
    Role(CaseError),
    /// The carer's case refused the role, or could not be changed.
    #[error("the carer's case: {0}")]
    Case(RepoError<CaseError>),
}

impl ServiceError for LinkError {
    fn code(&self) -> &'static str {
        match self {
            Self::CaredFor(e) | Self::Case(e) => e.code(),
            Self::Role(e) => e.code(),
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::CaredFor(e) | Self::Case(e) => e.kind(),
            Self::Role(e) => e.kind(),
        }
    }
}

/// Adds `role` to `carer`'s case and links the carer, caring `since` that day, on
/// the record of the person it names, as the actor of `ctx` (both repositories'
/// access policies decide).
/// The record is read (and the read audited) first: the role must carry the date
/// of birth the record holds, since it routes the role by age (Care Act s.10(3),
/// Children Act 1989 s.17ZD). Build the role from the record:
/// `cared_for_born: person.date_of_birth().cloned()`.
///
/// ```
/// use carers_core::domain::*;
/// use carers_core::domain::cared_for::*;
/// use carers_core::es::{Actor, Context, MemoryStore, ReadPurpose, Repository};
/// # let now = chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap();
/// let partnership = Partnership::new().with("carers-hub", PartnerKind::CarersHub);
/// let store = MemoryStore::new();
/// let cases = Repository::<CarerCase, _>::new(store.clone()).with_access(partnership.clone());
/// let people = Repository::<CaredForPerson, _>::new(store).with_access(partnership);
/// let ctx = Context::new(Actor::new("w-1", "carers-hub", "support-worker"), now);
/// # let carer = CarerId::new();
/// # let details = PersonalDetails {
/// #     name: Personal::new("A Carer".into()),
/// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
/// #     contact: Personal::new(String::new()), address: Personal::new(String::new()),
/// #     notes: Personal::new(String::new()),
/// # };
/// # cases.execute(&carer.stream(), &CaseCommand::IdentifyCarer {
/// #     carer, details, source: IdentificationSource::Gp,
/// #     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
/// # }, &ctx, None)?;
/// let mother = CaredForId::new();
/// let born = chrono::NaiveDate::from_ymd_opt(1940, 3, 1).unwrap();
/// people.execute(&mother.stream(), &CaredForCommand::Register {
///     person: mother, name: Personal::new("A Mother".into()),
///     date_of_birth: Personal::new(born), nhs_number: Some(Personal::new(NhsNumber::parse("943 476 5919")?)),
/// }, &ctx, None)?;
///
/// let record = people.read(&mother.stream(), &ctx, ReadPurpose::Casework)?.state;
/// let role = NewCaringRole {
///     cared_for: mother,
///     cared_for_born: record.date_of_birth().cloned().unwrap(),
///     relationship: Relationship::Child, parental_responsibility: false,
///     conditions: vec![ConditionCategory::Dementia], hours: HoursBand::From20To34,
///     lives_with_carer: false, basis: CareBasis::Unpaid, stage: Stage::LivingAsACarer,
/// };
/// let born_since = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(); // caring since
/// let linked = link_carer(&cases, &people, &ctx, carer, &role, born_since)?;
/// assert!(linked.role_added && linked.carer_linked);
/// // Again: nothing is done twice.
/// assert_eq!(link_carer(&cases, &people, &ctx, carer, &role, born_since)?, Linked { role_added: false, carer_linked: false });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`LinkError::CaredFor`] when the record cannot be read (denied, not
/// registered: `UnknownCaredFor`, erased: `PersonalDataErased`) or refuses the
/// link; [`LinkError::Role`] with `DateOfBirthDiffers` when the role's date of
/// birth is not the record's (nothing changed), or the role already on the case
/// is not (`DateOfBirthDiffers`) or has moved on (`RoleEnded`);
/// [`LinkError::Case`] when the carer's case refuses the role (then the record
/// is not changed).
pub fn link_carer<S1, S2>(
    cases: &Repository<CarerCase, S1>,
    people: &Repository<CaredForPerson, S2>,
    ctx: &Context,
    carer: CarerId,
    role: &NewCaringRole,
    since: NaiveDate,
) -> Result<Linked, LinkError>
where
    S1: EventStore + SnapshotStore + KeyStore,
    S2: EventStore + SnapshotStore + KeyStore,
{
    let stream = role.cared_for.stream();
    let record = people
        .read(&stream, ctx, ReadPurpose::Casework)
        .map_err(LinkError::CaredFor)?
        .state;
    if record.is_erased() {
        return Err(LinkError::CaredFor(RepoError::Domain(
            CaseError::PersonalDataErased,
        )));
    }
    let born = record
        .date_of_birth()
        .ok_or(LinkError::CaredFor(RepoError::Domain(
            CaseError::UnknownCaredFor,
        )))?;
    if *born != role.cared_for_born {
        return Err(LinkError::Role(CaseError::DateOfBirthDiffers));
    }
    // The link is checked before the carer's case changes: a link the record
    // would refuse leaves both as they were (one already made is no refusal).
    match record.check_link(carer, since, local_day(ctx.now)) {
        Ok(()) | Err(CaseError::CarerAlreadyLinked) => {}
        Err(e) => return Err(LinkError::CaredFor(RepoError::Domain(e))),
    }
    let role_added = match cases.execute(
        &carer.stream(),
        &CaseCommand::AddCaringRole(role.clone()),
        ctx,
        None,
    ) {
        Ok(_) => true,
        Err(RepoError::Domain(CaseError::RoleExists)) => {
            // Done before only if the role there is this one: the same person's
            // date of birth, and still caring.
            let case = cases
                .read(&carer.stream(), ctx, ReadPurpose::Casework)
                .map_err(LinkError::Case)?
                .state;
            let there = case
                .roles
                .known(role.cared_for)
                .map_err(|e| LinkError::Case(RepoError::Domain(e)))?;
            if there.cared_for_born != *born {
                return Err(LinkError::Role(CaseError::DateOfBirthDiffers));
            }
            if there.moved_on.is_some() {
                return Err(LinkError::Role(CaseError::RoleEnded));
            }
            false
        }
        Err(e) => return Err(LinkError::Case(e)),
    };
    let link = CaredForCommand::LinkCarer { carer, since };
    let carer_linked = match people.execute(&stream, &link, ctx, None) {
        Ok(_) => true,
        Err(RepoError::Domain(CaseError::CarerAlreadyLinked)) => false,
        Err(e) => return Err(LinkError::CaredFor(e)),
    };
    Ok(Linked {
        role_added,
        carer_linked,
    })
}
