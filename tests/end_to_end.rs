//! End to end through the facade: a carer's case on a sled store in a real
//! directory, across a close and reopen of the store.

use carers::chrono::{NaiveDate, TimeZone, Utc};
use carers::domain::*;
use carers::es::{Actor, Context, EventStore, IdempotencyKey, RepoError, Repository};
use carers::sled_store::SledStore;

fn ctx() -> Context {
    let now = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 30, 0)
        .single()
        .expect("a valid instant");
    Context::new(Actor::new("worker-1", "carers-hub", "support-worker"), now)
}

fn identify(carer: CarerId) -> CaseCommand {
    let dob = NaiveDate::from_ymd_opt(1968, 7, 14).expect("a valid date");
    CaseCommand::IdentifyCarer {
        carer,
        details: PersonalDetails {
            name: Personal::new("A Carer".into()),
            date_of_birth: Personal::new(dob),
            contact: Personal::new(String::new()),
            address: Personal::new(String::new()),
            notes: Personal::new(String::new()),
        },
        source: IdentificationSource::Gp,
        lawful_basis: LawfulBasis::PublicTask,
        consent_to_hold_data: true,
    }
}

fn add_role() -> CaseCommand {
    CaseCommand::AddCaringRole(NewCaringRole {
        cared_for: CaredForId::new(),
        cared_for_born: Personal::new(NaiveDate::from_ymd_opt(1941, 3, 9).expect("a valid date")),
        relationship: Relationship::Child,
        parental_responsibility: false,
        conditions: vec![ConditionCategory::Dementia],
        hours: HoursBand::From50,
        lives_with_carer: true,
        basis: CareBasis::Unpaid,
        stage: Stage::BecomingACarer,
    })
}

#[test]
fn a_case_reads_back_the_same_after_reopen_and_a_retried_command_appends_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let carer = CarerId::new();
    let stream = carer.stream();
    let key = IdempotencyKey::new("add-role-1").expect("valid key");
    // The request is built once: a retry sends the same command (a new role would
    // mint a new cared-for id, and so be another command).
    let role = add_role();
    let (before, first) = {
        let repo = Repository::<CarerCase, _>::new(SledStore::open(dir.path()).expect("open"))
            .with_access(partnership());
        repo.execute(&stream, &identify(carer), &ctx(), None)
            .expect("identify");
        let first = repo
            .execute(&stream, &role, &ctx(), Some(&key))
            .expect("add a role");
        (repo.load(&stream).expect("load"), first.append)
    };

    let store = SledStore::open(dir.path()).expect("reopen");
    let head = store.head_position().expect("head");
    let repo = Repository::<CarerCase, _>::new(store).with_access(partnership());
    let after = repo.load(&stream).expect("load after reopen");
    assert_eq!(after.version, before.version);
    assert_eq!(after.state, before.state);

    // The caller did not hear back and retries: the key is still known after the
    // reopen, so the first append is reported and nothing is written.
    let retried = repo
        .execute(&stream, &role, &ctx(), Some(&key))
        .expect("retry");
    assert!(retried.replayed);
    assert_eq!(retried.append, first);
    // The same key with another command (another role) is refused after the reopen
    // too: the fingerprint was kept with the key.
    assert!(matches!(
        repo.execute(&stream, &add_role(), &ctx(), Some(&key)),
        Err(RepoError::IdempotencyKeyConflict { .. })
    ));
    assert_eq!(repo.load(&stream).expect("load").version, before.version);
    drop(repo);
    let store = SledStore::open(dir.path()).expect("reopen once more");
    assert_eq!(store.head_position().expect("head"), head);
}

/// The partnership these tests act in.
fn partnership() -> Partnership {
    Partnership::new()
        .with("carers-hub", PartnerKind::CarersHub)
        .with("adult-social-care", PartnerKind::AdultSocialCare)
}
