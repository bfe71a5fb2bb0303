//! Merging duplicate cases (issue 12), through the repository: the duplicate is
//! superseded by the case that continues, which links it; both histories stay; the
//! superseded case takes no more casework; a read that follows links ends on the
//! case that continues, each case read checked and audited.

mod support;

use carers_core::domain::*;
use carers_core::es::{Aggregate, ReadPurpose, RepoError, ServiceError};
use support::*;

fn text(t: &str) -> Personal<String> {
    Personal::new(t.into())
}

fn supersede(by: CarerId) -> CaseCommand {
    CaseCommand::MarkSuperseded {
        by,
        reason: text("DUPLICATE-REASON: same NHS number and address"),
    }
}

#[test]
fn a_duplicate_superseded_takes_no_more_casework_and_reads_follow_the_link() {
    let (repo, duplicate) = identified_case();
    let survivor = CarerId::new();
    repo.execute(
        &survivor.stream(),
        &identify_carer(
            survivor,
            date(1970, 2, 2),
            IdentificationSource::Gp,
            LawfulBasis::PublicTask,
        ),
        &hub(),
        None,
    )
    .expect("identified twice");
    let before = repo
        .timeline(&duplicate.stream())
        .expect("a timeline")
        .len();
    repo.execute(
        &survivor.stream(),
        &CaseCommand::LinkDuplicate { duplicate },
        &hub_manager(),
        None,
    )
    .expect("linked");
    repo.execute(
        &duplicate.stream(),
        &supersede(survivor),
        &hub_manager(),
        None,
    )
    .expect("superseded");
    // Both histories stay whole.
    assert_eq!(
        repo.timeline(&duplicate.stream())
            .expect("a timeline")
            .len(),
        before + 1
    );
    let kept = repo.load(&survivor.stream()).expect("loads").state;
    assert_eq!(kept.merges.duplicates.len(), 1);
    assert_eq!(kept.merges.duplicates[0].0, duplicate);
    // The duplicate takes no more casework...
    let contact = CaseCommand::RecordContact(NewContact {
        contact: ContactId::new(),
        on: now().date_naive(),
        channel: Channel::Call,
        purpose: ContactPurpose::FollowUp,
        outcome: text("called"),
    });
    let refused = refused_by(&repo, duplicate, &contact, &hub());
    assert!(matches!(
        refused,
        RepoError::Domain(CaseError::CaseSuperseded)
    ));
    assert_eq!(refused.code(), "case_superseded");
    // ...and a read that follows links ends on the case that continues, with
    // both reads on the record.
    let (read, loaded) = repo
        .read_following(&duplicate.stream(), &hub(), ReadPurpose::Casework)
        .expect("read");
    assert_eq!(read, survivor.stream());
    assert_eq!(loaded.state.carer(), Some(survivor));
    for stream in [duplicate.stream(), survivor.stream()] {
        assert_eq!(
            repo.reads_of(&stream, &hub_manager()).expect("audit").len(),
            1
        );
    }
    // The superseded case is still governed: it can be erased.
    repo.erase(
        &duplicate.stream(),
        &CaseCommand::ErasePersonalData {
            basis: ErasureBasis::SubjectRequest,
        },
        &hub_manager(),
    )
    .expect("erased");
}

#[test]
fn a_case_is_not_linked_to_itself_nor_a_duplicate_twice_and_a_supersession_says_why() {
    let (repo, carer) = identified_case();
    let refuse = |command: CaseCommand| refused_by(&repo, carer, &command, &hub_manager());
    assert!(matches!(
        refuse(supersede(carer)),
        RepoError::Domain(CaseError::LinkedToItself)
    ));
    assert!(matches!(
        refuse(CaseCommand::LinkDuplicate { duplicate: carer }),
        RepoError::Domain(CaseError::LinkedToItself)
    ));
    assert!(matches!(
        refuse(CaseCommand::MarkSuperseded {
            by: CarerId::new(),
            reason: text(" ")
        }),
        RepoError::Domain(CaseError::ChangeReasonRequired)
    ));
    let other = CarerId::new();
    repo.execute(
        &carer.stream(),
        &CaseCommand::LinkDuplicate { duplicate: other },
        &hub_manager(),
        None,
    )
    .expect("linked");
    assert!(matches!(
        refuse(CaseCommand::LinkDuplicate { duplicate: other }),
        RepoError::Domain(CaseError::AlreadyLinked)
    ));
    // Only a manager merges.
    assert!(matches!(
        refused_by(&repo, carer, &supersede(CarerId::new()), &hub()),
        RepoError::Denied(_)
    ));
}

#[test]
fn a_loop_of_superseded_cases_is_reported_not_followed_for_ever() {
    let (repo, a) = identified_case();
    let b = CarerId::new();
    repo.execute(
        &b.stream(),
        &identify_carer(
            b,
            date(1970, 2, 2),
            IdentificationSource::Gp,
            LawfulBasis::PublicTask,
        ),
        &hub(),
        None,
    )
    .expect("identified");
    // Each supersedes the other (two managers at once, say).
    repo.execute(&a.stream(), &supersede(b), &hub_manager(), None)
        .expect("a superseded");
    repo.execute(&b.stream(), &supersede(a), &hub_manager(), None)
        .expect("b superseded");
    let e = repo
        .read_following(&a.stream(), &hub(), ReadPurpose::Casework)
        .expect_err("a loop");
    assert!(matches!(e, RepoError::TooManyLinks));
    assert_eq!(e.code(), "too_many_links");
}

#[test]
fn the_reason_for_a_supersession_is_personal_and_never_stored_in_clear() {
    let (repo, carer) = identified_case();
    let survivor = CarerId::new();
    repo.execute(&carer.stream(), &supersede(survivor), &hub_manager(), None)
        .expect("superseded");
    let stored: String = log_of(&repo)
        .iter()
        .map(|e| String::from_utf8_lossy(&e.payload).into_owned())
        .collect();
    assert!(!stored.contains("DUPLICATE-REASON"), "stored in clear");
    let case = repo.load(&carer.stream()).expect("loads").state;
    let shown = serde_json::to_string(&case).expect("json");
    assert!(
        !shown.contains("DUPLICATE-REASON"),
        "shown by default: {shown}"
    );
    // The link is to the case that continues.
    assert_eq!(case.superseded_by(), Some(survivor.stream()));
}
