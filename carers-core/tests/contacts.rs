//! Contacts and case notes (issue 12), through the repository: what a worker
//! records day to day, its rules, and who may record it.

mod support;

use carers_core::domain::*;
use carers_core::es::{Actor, Context, MemoryStore, ReadPurpose, RepoError, Repository};
use chrono::Days;
use support::*;

fn contact(id: ContactId, on: chrono::NaiveDate, outcome: &str) -> CaseCommand {
    CaseCommand::RecordContact(NewContact {
        contact: id,
        on,
        channel: Channel::Call,
        purpose: ContactPurpose::EmotionalSupport,
        outcome: Personal::new(outcome.into()),
    })
}

#[test]
fn a_contact_is_recorded_with_when_how_why_its_outcome_and_who() {
    let (repo, carer) = identified_case();
    let id = ContactId::new();
    let today = now().date_naive();
    let done = repo
        .execute(
            &carer.stream(),
            &contact(id, today, "talked through respite options"),
            &hub(),
            None,
        )
        .expect("recorded");
    assert_eq!(done.events.len(), 1);
    let case = repo.load(&carer.stream()).expect("loads").state;
    let recorded = case.contacts.get(id).expect("held");
    assert_eq!(
        (recorded.on, recorded.channel, recorded.purpose),
        (today, Channel::Call, ContactPurpose::EmotionalSupport)
    );
    assert_eq!(
        recorded.outcome.reveal().map(String::as_str),
        Some("talked through respite options")
    );
    assert_eq!(recorded.by.as_str(), "carers-hub");
    let history = repo.timeline(&carer.stream()).expect("reads");
    assert_eq!(
        &*history.last().expect("an entry").event_type,
        CaseEvent::CONTACT_RECORDED
    );
}

#[test]
fn a_contact_in_the_future_with_no_outcome_or_a_used_id_is_refused_and_appends_nothing() {
    let (repo, carer) = identified_case();
    let id = ContactId::new();
    let today = now().date_naive();
    repo.execute(&carer.stream(), &contact(id, today, "a call"), &hub(), None)
        .expect("recorded");
    let tomorrow = today.checked_add_days(Days::new(1)).expect("a day");
    for (command, expected) in [
        (
            contact(ContactId::new(), tomorrow, "a call"),
            CaseError::DateInTheFuture,
        ),
        (
            contact(ContactId::new(), today, "   "),
            CaseError::ContactOutcomeRequired,
        ),
        (contact(id, today, "again"), CaseError::ContactExists),
        (
            contact(ContactId::new(), date(1960, 1, 1), "before birth"),
            CaseError::DateOutOfRange,
        ),
    ] {
        match refused_by(&repo, carer, &command, &hub()) {
            RepoError::Domain(e) => assert_eq!(e, expected),
            other => panic!("expected {expected:?}, got {other:?}"),
        }
    }
}

#[test]
fn a_note_is_about_the_case_or_one_of_its_contacts() {
    let (repo, carer) = identified_case();
    let id = ContactId::new();
    repo.execute(
        &carer.stream(),
        &contact(id, now().date_naive(), "a call"),
        &hub(),
        None,
    )
    .expect("recorded");
    let note = |about, text: &str| CaseCommand::AddNote {
        note: NoteId::new(),
        about,
        text: Personal::new(text.into()),
    };
    repo.execute(
        &carer.stream(),
        &note(Some(id), "follow up next week"),
        &hub(),
        None,
    )
    .expect("a note on the contact");
    repo.execute(
        &carer.stream(),
        &note(None, "prefers calls after 6pm"),
        &hub(),
        None,
    )
    .expect("a note on the case");
    for (command, expected) in [
        (note(Some(ContactId::new()), "x"), CaseError::UnknownContact),
        (note(None, " \n"), CaseError::NoteRequired),
    ] {
        match refused_by(&repo, carer, &command, &hub()) {
            RepoError::Domain(e) => assert_eq!(e, expected),
            other => panic!("expected {expected:?}, got {other:?}"),
        }
    }
    let case = repo.load(&carer.stream()).expect("loads").state;
    let about: Vec<_> = case.contacts.notes_about(id).collect();
    assert_eq!(about.len(), 1);
    assert_eq!(
        about[0].text.reveal().map(String::as_str),
        Some("follow up next week")
    );
    assert_eq!(case.contacts.notes.len(), 2);
    let (used, _) = case.contacts.notes[0];
    match refused_by(
        &repo,
        carer,
        &CaseCommand::AddNote {
            note: used,
            about: None,
            text: Personal::new("again".into()),
        },
        &hub(),
    ) {
        RepoError::Domain(e) => assert_eq!(e, CaseError::NoteExists),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_hub_volunteer_records_contacts_but_not_assessments() {
    let (repo, carer) = identified_case();
    let volunteer = Context::new(Actor::new("vol-3", "carers-hub", "volunteer"), now());
    repo.execute(
        &carer.stream(),
        &contact(ContactId::new(), now().date_naive(), "a drop-in chat"),
        &volunteer,
        None,
    )
    .expect("a volunteer records a contact");
    let request = CaseCommand::RequestAssessment(AssessmentRequest::new(
        AssessmentId::new(),
        AssessmentKind::CarersAssessment,
        CaredForId::new(),
        Route::RequestedByCarer,
    ));
    assert!(matches!(
        refused_by(&repo, carer, &request, &volunteer),
        RepoError::Denied(_)
    ));
    // NHS clinicians and auditors record none.
    for ctx in [
        Context::new(Actor::new("gp-1", "gp-practice", "clinician"), now()),
        Context::new(Actor::new("aud-1", "adult-social-care", "auditor"), now()),
    ] {
        let c = contact(ContactId::new(), now().date_naive(), "x");
        assert!(matches!(
            refused_by(&repo, carer, &c, &ctx),
            RepoError::Denied(_)
        ));
    }
}

#[test]
fn contacts_are_in_the_subject_access_export_and_erased_with_the_case() {
    let (repo, carer) = identified_case();
    let id = ContactId::new();
    repo.execute(
        &carer.stream(),
        &contact(id, now().date_naive(), "talked about a carers' card"),
        &hub(),
        None,
    )
    .expect("recorded");
    let timeline = repo
        .read_timeline(&carer.stream(), &hub(), ReadPurpose::SubjectAccess)
        .expect("reads");
    let state = repo
        .read(&carer.stream(), &hub(), ReadPurpose::SubjectAccess)
        .expect("reads")
        .state;
    let export = subject_access::export(&timeline, &state);
    let text = export.to_string();
    assert!(text.contains("A contact with the carer was recorded."));
    assert!(text.contains("talked about a carers' card"));
    repo.erase(
        &carer.stream(),
        &CaseCommand::ErasePersonalData {
            basis: ErasureBasis::SubjectRequest,
        },
        &hub_manager(),
    )
    .expect("erased");
    let case = repo.load(&carer.stream()).expect("loads").state;
    let kept = case
        .contacts
        .get(id)
        .expect("the record of the contact stays");
    assert!(kept.outcome.is_erased());
    assert_eq!(
        (kept.channel, kept.purpose),
        (Channel::Call, ContactPurpose::EmotionalSupport)
    );
    let again = contact(ContactId::new(), now().date_naive(), "after erasure");
    match refused_by(&repo, carer, &again, &hub()) {
        RepoError::Domain(e) => assert_eq!(e, CaseError::PersonalDataErased),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_safeguarding_contact_never_rests_on_consent_and_is_withheld_from_the_export() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let carer = CarerId::new();
    repo.execute(
        &carer.stream(),
        &identify_carer(
            carer,
            date(1970, 2, 2),
            IdentificationSource::SelfReferral,
            LawfulBasis::Consent,
        ),
        &hub(),
        None,
    )
    .expect("identified on consent");
    repo.execute(
        &carer.stream(),
        &CaseCommand::RecordConsent {
            purpose: ConsentPurpose::HoldData,
            given: false,
        },
        &hub(),
        None,
    )
    .expect("consent withdrawn");
    let with_purpose = |purpose, outcome: &str| {
        CaseCommand::RecordContact(NewContact {
            contact: ContactId::new(),
            on: now().date_naive(),
            channel: Channel::Visit,
            purpose,
            outcome: Personal::new(outcome.into()),
        })
    };
    match refused_by(
        &repo,
        carer,
        &with_purpose(ContactPurpose::EmotionalSupport, "x"),
        &hub(),
    ) {
        RepoError::Domain(e) => assert_eq!(e, CaseError::ConsentWithdrawn),
        other => panic!("{other:?}"),
    }
    repo.execute(
        &carer.stream(),
        &with_purpose(
            ContactPurpose::Safeguarding,
            "a neighbour reported bruising on the mother",
        ),
        &hub(),
        None,
    )
    .expect("a safeguarding contact needs no consent");
    let timeline = repo
        .read_timeline(&carer.stream(), &hub(), ReadPurpose::SubjectAccess)
        .expect("reads");
    let state = repo
        .read(&carer.stream(), &hub(), ReadPurpose::SubjectAccess)
        .expect("reads")
        .state;
    let text = subject_access::export(&timeline, &state).to_string();
    assert!(
        !text.contains("bruising"),
        "a safeguarding contact's outcome left in the export"
    );
    assert!(text.contains(subject_access::WITHHELD_THIRD_PARTY));
}
