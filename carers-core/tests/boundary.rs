//! The service boundary on a carer's case: streams from ids, registering a carer
//! with their roles in one append, and a "register a carer" request retried with
//! its idempotency key.

mod support;

use carers_core::domain::*;
use carers_core::es::{
    self, Actor, Aggregate, Context, EventStore, IdempotencyKey, MemoryStore, RepoError, Repository,
};
use chrono::{TimeZone, Utc};
use support::{date, details, new_role};

fn ctx() -> Context {
    let now = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 30, 0)
        .single()
        .expect("a valid instant");
    Context::new(Actor::new("worker-1", "carers-hub", "support-worker"), now)
}

fn identify(carer: CarerId) -> CaseCommand {
    CaseCommand::IdentifyCarer {
        carer,
        details: details(date(1968, 7, 14)),
        source: IdentificationSource::Gp,
        lawful_basis: LawfulBasis::PublicTask,
        consent_to_hold_data: true,
    }
}

fn role(cared_for: CaredForId) -> CaseCommand {
    CaseCommand::AddCaringRole(new_role(cared_for, date(1941, 3, 9)))
}

#[test]
fn a_carers_stream_is_the_same_from_the_id_the_aggregate_and_the_engine() {
    let carer = CarerId::new();
    assert_eq!(carer.stream(), CarerCase::stream_of(carer.0));
    assert_eq!(carer.stream(), es::stream_of::<CarerCase>(carer.0));
    assert_eq!(carer.stream().category(), CarerCase::CATEGORY);
    assert_eq!(carer.stream().entity_id(CarerCase::CATEGORY), Some(carer.0));
}

#[test]
fn a_carer_is_registered_with_their_roles_in_one_append_or_not_at_all() {
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let carer = CarerId::new();
    let (mother, father) = (CaredForId::new(), CaredForId::new());
    let done = repo
        .execute_all(
            &carer.stream(),
            &[identify(carer), role(mother), role(father)],
            &ctx(),
            None,
        )
        .expect("registered");
    let stored = repo
        .store()
        .read_stream(&carer.stream(), 1, 100)
        .expect("read");
    assert_eq!(stored.len() as u64, done.append.last_version);
    assert_eq!(done.append.first_version, 1);
    assert_eq!(done.state, repo.load(&carer.stream()).expect("load").state);

    // The same role twice: the list is refused at the second, and nothing of it,
    // not even the identification, is appended.
    let other = CarerId::new();
    let refused = repo.execute_all(
        &other.stream(),
        &[identify(other), role(mother), role(mother)],
        &ctx(),
        None,
    );
    assert!(
        matches!(refused, Err(RepoError::CommandRefused { index: 2, .. })),
        "{refused:?}"
    );
    assert_eq!(
        repo.store()
            .stream_version(&other.stream())
            .expect("version"),
        0
    );
}

#[test]
fn registering_a_carer_twice_with_one_key_opens_one_case() {
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let key = IdempotencyKey::new("post-carers-3f9a").expect("valid key");
    let mother = CaredForId::new();
    let register = |id| vec![identify(CarerId(id)), role(mother)];
    let first = repo
        .execute_new(register, &ctx(), &key)
        .expect("registered");
    let head = repo.store().head_position().expect("head");
    let retry = repo.execute_new(register, &ctx(), &key).expect("retried");
    assert_eq!(retry.id, first.id);
    assert!(retry.executed.replayed && !first.executed.replayed);
    assert_eq!(repo.store().head_position().expect("head"), head);
    assert_eq!(
        repo.find_by_key(&key).expect("lookup"),
        Some(CarerId(first.id).stream())
    );
    // Another registration under the same key is refused, not taken for the first.
    let other = repo.execute_new(
        |id| vec![identify(CarerId(id)), role(CaredForId::new())],
        &ctx(),
        &key,
    );
    assert!(matches!(
        other,
        Err(RepoError::IdempotencyKeyConflict { .. })
    ));
    assert_eq!(repo.store().head_position().expect("head"), head);
}

#[test]
fn a_key_reused_for_a_command_that_differs_only_in_personal_data_is_a_conflict() {
    // The fingerprint is taken of the stored form: two commands that differ only in
    // a personal value (here the carer's name) are different commands, though both
    // serialise alike in the redacted form an API shows.
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let carer = CarerId::new();
    let key = IdempotencyKey::new("register-1").expect("a valid key");
    repo.execute(&carer.stream(), &identify(carer), &ctx(), Some(&key))
        .expect("first request");
    let mut renamed = identify(carer);
    if let CaseCommand::IdentifyCarer { details, .. } = &mut renamed {
        details.name = Personal::new("Another Name".into());
    }
    let err = repo
        .execute(&carer.stream(), &renamed, &ctx(), Some(&key))
        .unwrap_err();
    assert!(
        matches!(err, RepoError::IdempotencyKeyConflict { .. }),
        "{err}"
    );
}
