//! The read audit (issue 11): every read of a case through `Repository::read` is
//! recorded with who, when and why, apart from the case, with no personal data.

mod markers;
mod support;

use carers_core::domain::*;
use carers_core::es::{
    Actor, Context, EventStore, MemoryStore, ReadPurpose, RepoError, Repository, StreamId,
};
use markers::*;
use support::*;

#[test]
fn every_read_is_recorded_with_who_when_and_why_and_nothing_personal() {
    let ids = ids();
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let stream = ids.carer.stream();
    repo.execute_all(&stream, &commands(&ids)[..3], &hub(), None)
        .expect("identified, with roles");
    let version = repo.load(&stream).expect("loads").version;
    let readers = [
        (hub(), ReadPurpose::Casework),
        (asc(), ReadPurpose::Safeguarding),
        (hub(), ReadPurpose::SubjectAccess),
    ];
    for (ctx, purpose) in &readers {
        let read = repo.read(&stream, ctx, *purpose).expect("reads");
        assert_eq!(read.version, version);
    }
    let reads = repo
        .reads_of(&stream, &hub_manager())
        .expect("the audit reads");
    assert_eq!(reads.len(), readers.len());
    for (record, (ctx, purpose)) in reads.iter().zip(&readers) {
        assert_eq!(record.actor, ctx.actor);
        assert_eq!(
            (record.at, record.purpose, record.version),
            (ctx.now, *purpose, version)
        );
    }
    // Apart from the case: its version and timeline do not change...
    assert_eq!(repo.load(&stream).expect("loads").version, version);
    assert_eq!(repo.timeline(&stream).expect("reads").len() as u64, version);
    // ...and the audit records hold nothing personal.
    let all = repo.store().read_all(1, 1000).expect("the log");
    let audit: String = all
        .iter()
        .filter(|e| e.stream.category() == "audit")
        .map(|e| String::from_utf8_lossy(&e.payload).into_owned())
        .collect();
    assert!(!audit.is_empty());
    assert_no_marker("the audit records", &audit);
    // The audit outlives an erasure of the case.
    let erase = CaseCommand::ErasePersonalData {
        basis: ErasureBasis::SubjectRequest,
    };
    repo.erase(&stream, &erase, &hub_manager()).expect("erased");
    assert_eq!(
        repo.reads_of(&stream, &hub_manager())
            .expect("the audit reads")
            .len(),
        readers.len()
    );
}

#[test]
fn a_read_refused_before_loading_records_nothing() {
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let blank = Context::new(Actor::new(" ", "carers-hub", "support-worker"), now());
    let stream = CarerId::new().stream();
    assert!(matches!(
        repo.read(&stream, &blank, ReadPurpose::Casework),
        Err(RepoError::InvalidContext { what: "id" })
    ));
    let other = StreamId::parse("counter-1").expect("a stream id");
    assert!(matches!(
        repo.read(&other, &hub(), ReadPurpose::Casework),
        Err(RepoError::WrongStream { .. })
    ));
    assert_eq!(repo.store().head_position().expect("head"), 0);
}

#[test]
fn only_managers_and_auditors_see_who_read_a_case() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let stream = CarerId::new().stream();
    repo.read(&stream, &hub(), ReadPurpose::Casework)
        .expect("a worker reads");
    let auditor = Context::new(Actor::new("aud-1", "adult-social-care", "auditor"), now());
    assert_eq!(
        repo.reads_of(&stream, &auditor)
            .expect("an auditor sees")
            .len(),
        1
    );
    assert_eq!(
        repo.reads_of(&stream, &hub_manager())
            .expect("a manager sees")
            .len(),
        1
    );
    for ctx in [hub(), asc()] {
        assert!(matches!(
            repo.reads_of(&stream, &ctx),
            Err(RepoError::Denied(_))
        ));
    }
}

#[test]
fn reading_the_history_is_checked_and_recorded_as_a_read_is() {
    let ids = ids();
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let stream = ids.carer.stream();
    repo.execute_all(&stream, &commands(&ids)[..3], &hub(), None)
        .expect("identified, with roles");
    let history = repo
        .read_timeline(&stream, &hub(), ReadPurpose::SubjectAccess)
        .expect("reads");
    assert_eq!(
        history.len() as u64,
        repo.load(&stream).expect("loads").version
    );
    let reads = repo
        .reads_of(&stream, &hub_manager())
        .expect("the audit reads");
    assert_eq!(reads.len(), 1);
    assert_eq!(reads[0].purpose, ReadPurpose::SubjectAccess);
    assert_eq!(reads[0].version, history.len() as u64);
    let clinician = Context::new(Actor::new("gp-1", "gp-practice", "clinician"), now());
    assert!(matches!(
        repo.read_timeline(&stream, &clinician, ReadPurpose::Casework),
        Err(RepoError::Denied(_))
    ));
    assert_eq!(
        repo.reads_of(&stream, &hub_manager()).expect("reads").len(),
        1
    );
}
