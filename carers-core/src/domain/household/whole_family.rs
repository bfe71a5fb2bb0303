//! Whole-family working: the young carers in a household.

use crate::domain::calendar::local_day;
use crate::domain::case::CarerCase;
use crate::domain::error::CaseError;
use crate::domain::ids::CarerId;
use crate::domain::person::CarerKind;
use crate::es::{
    Aggregate, Context, EventStore, KeyStore, ReadPurpose, RepoError, Repository, SnapshotStore,
};

use super::Household;

/// The carers living in `household` today who are young carers (under 18 and
/// caring in a role that has not moved on: Children Act 1989 s.17ZA), each case
/// read by the actor of `ctx` (checked and audited; a merged duplicate is read as
/// the case that continues, listed once): what an assessor of an adult in the
/// household considers (the whole-family approach: see the [module docs](super)).
///
/// # Errors
/// The first case that cannot be read: `Denied` when the actor may not read it,
/// `NotIdentified` for a member with no case, `PersonalDataErased` for an erased
/// one (the answer is never a list with a case silently left out); a store or
/// codec failure.
pub fn young_carers<S>(
    cases: &Repository<CarerCase, S>,
    household: &Household,
    ctx: &Context,
) -> Result<Vec<CarerId>, RepoError<CaseError>>
where
    S: EventStore + SnapshotStore + KeyStore,
{
    let today = local_day(ctx.now);
    let mut young = Vec::new();
    for carer in household.carers_on(today) {
        // A merged duplicate is read as the case that continues.
        let (stream, loaded) = cases.read_following(&carer.stream(), ctx, ReadPurpose::Casework)?;
        let case = loaded.state;
        let kind = case
            .kind_on(today)
            .ok_or(RepoError::Domain(if case.erased() {
                CaseError::PersonalDataErased
            } else {
                CaseError::NotIdentified
            }))?;
        let caring = case.roles.caring().any(|r| r.moved_on.is_none());
        let id = stream.entity_id(CarerCase::CATEGORY).map(CarerId);
        if kind == CarerKind::YoungCarer && caring {
            if let Some(id) = id.filter(|id| !young.contains(id)) {
                young.push(id);
            }
        }
    }
    Ok(young)
}
