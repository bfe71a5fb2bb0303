//! Whole-family working: the young carers in a household.

use crate::domain::calendar::local_day;
use crate::domain::case::CarerCase;
use crate::domain::error::CaseError;
use crate::domain::ids::CarerId;
use crate::domain::person::CarerKind;
use crate::es::{Context, EventStore, KeyStore, ReadPurpose, RepoError, Repository, SnapshotStore};

use super::Household;

/// The carers living in `household` today who are young carers (under 18:
/// Children Act 1989 s.17ZA), each case read by the actor of `ctx` (checked and
/// audited): what an assessor of an adult in the household considers (the
/// whole-family approach: see the [module docs](super)).
///
/// # Errors
/// The first case that cannot be read: `Denied` when the actor may not read it
/// (the answer is never a list with a case silently left out); a store or codec
/// failure.
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
        let case = cases
            .read(&carer.stream(), ctx, ReadPurpose::Casework)?
            .state;
        if case.kind_on(today) == Some(CarerKind::YoungCarer) {
            young.push(carer);
        }
    }
    Ok(young)
}
