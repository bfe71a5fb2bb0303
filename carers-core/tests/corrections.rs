//! Corrections of mistaken records (issue 12), through the repository: a
//! correction names the event it corrects and why; history is never rewritten,
//! and a load as of a time before the correction shows what was known then.

mod support;

use carers_core::domain::*;
use carers_core::es::RepoError;
use chrono::Duration;
use support::*;

fn text(t: &str) -> Personal<String> {
    Personal::new(t.into())
}

fn correct(corrects: u64, correction: Correction) -> CaseCommand {
    CaseCommand::CorrectRecord {
        corrects,
        correction,
        reason: text("typed wrongly at the first visit"),
    }
}

fn name_of(case: &CarerCase) -> Option<String> {
    case.identity
        .as_ref()
        .and_then(|i| i.details.name.reveal().cloned())
}

#[test]
fn a_correction_names_the_event_it_corrects_and_a_load_as_of_before_it_shows_the_old_value() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let later = acting_at(hub(), now() + Duration::hours(2));
    // Version 1 is the identification.
    repo.execute(
        &stream,
        &correct(1, Correction::CarerName(text("Alexa Example"))),
        &later,
        None,
    )
    .expect("corrected");
    let case = repo.load(&stream).expect("loads").state;
    assert_eq!(name_of(&case).as_deref(), Some("Alexa Example"));
    let then = repo
        .load_as_of(&stream, now() + Duration::hours(1))
        .expect("loads as of")
        .state;
    assert_eq!(name_of(&then).as_deref(), Some("Alex Example"));
    // Both records stay: the mistaken one, and the correction naming it.
    let timeline = repo.timeline(&stream).expect("a timeline");
    assert!(matches!(
        &timeline[0].event,
        CaseEvent::CarerIdentified { .. }
    ));
    assert!(matches!(
        &timeline.last().expect("an entry").event,
        CaseEvent::RecordCorrected { corrects: 1, .. }
    ));
    assert_eq!(case.records.corrections.last().map(|(_, c)| *c), Some(1));
}

#[test]
fn a_correction_must_name_the_event_that_recorded_the_field() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let contact = ContactId::new();
    let done = repo
        .execute(
            &stream,
            &CaseCommand::RecordContact(NewContact {
                contact,
                on: now().date_naive(),
                channel: Channel::Call,
                purpose: ContactPurpose::FollowUp,
                outcome: text("left a message"),
            }),
            &hub(),
            None,
        )
        .expect("recorded");
    let contact_version = done.append.first_version;
    let refuse = |command: CaseCommand| refused_by(&repo, carer, &command, &hub());
    // The contact's event did not record the carer's name; no event is at 99.
    for wrong in [contact_version, 99, 0] {
        assert!(matches!(
            refuse(correct(wrong, Correction::CarerName(text("Alexa")))),
            RepoError::Domain(CaseError::NotTheRecordCorrected)
        ));
    }
    // The identification did not record the contact.
    assert!(matches!(
        refuse(correct(
            1,
            Correction::ContactOutcome {
                contact,
                outcome: text("spoke to the carer")
            }
        )),
        RepoError::Domain(CaseError::NotTheRecordCorrected)
    ));
    let yesterday = now().date_naive().pred_opt().expect("a day");
    repo.execute(
        &stream,
        &correct(
            contact_version,
            Correction::ContactDay {
                contact,
                on: yesterday,
            },
        ),
        &hub(),
        None,
    )
    .expect("the contact's day corrected");
    let case = repo.load(&stream).expect("loads").state;
    assert_eq!(case.contacts.get(contact).expect("held").on, yesterday);
}

#[test]
fn a_correction_is_to_a_new_fact_with_a_reason() {
    let (repo, carer) = identified_case();
    let refuse = |command: CaseCommand| refused_by(&repo, carer, &command, &hub());
    assert!(matches!(
        refuse(correct(1, Correction::CarerName(text("Alex Example")))),
        RepoError::Domain(CaseError::NothingChanged)
    ));
    assert!(matches!(
        refuse(correct(1, Correction::CarerName(text("  ")))),
        RepoError::Domain(CaseError::NameRequired)
    ));
    let tomorrow = now().date_naive().succ_opt().expect("a day");
    assert!(matches!(
        refuse(correct(
            1,
            Correction::CarerDateOfBirth(Personal::new(tomorrow))
        )),
        RepoError::Domain(CaseError::DateInTheFuture)
    ));
    assert!(matches!(
        refuse(correct(
            1,
            Correction::CarerDateOfBirth(Personal::new(date(1850, 1, 1)))
        )),
        RepoError::Domain(CaseError::DateOfBirthOutOfRange)
    ));
    let no_reason = CaseCommand::CorrectRecord {
        corrects: 1,
        correction: Correction::CarerName(text("Alexa Example")),
        reason: text(""),
    };
    assert!(matches!(
        refuse(no_reason),
        RepoError::Domain(CaseError::ChangeReasonRequired)
    ));
}

#[test]
fn a_cared_for_persons_corrected_date_of_birth_decides_whether_they_are_a_child() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let son = CaredForId::new();
    let done = repo
        .execute(
            &stream,
            &CaseCommand::AddCaringRole(new_role(son, date(2007, 1, 1))),
            &hub(),
            None,
        )
        .expect("a role");
    let today = now().date_naive();
    let case = repo.load(&stream).expect("loads").state;
    assert_eq!(
        case.role(son).expect("a role").cared_for_is_child_on(today),
        Some(false)
    );
    repo.execute(
        &stream,
        &correct(
            done.append.first_version,
            Correction::CaredForDateOfBirth {
                cared_for: son,
                born: Personal::new(date(2012, 1, 1)),
            },
        ),
        &hub(),
        None,
    )
    .expect("corrected");
    let case = repo.load(&stream).expect("loads").state;
    assert_eq!(
        case.role(son).expect("a role").cared_for_is_child_on(today),
        Some(true)
    );
}

#[test]
fn a_correction_is_made_even_after_the_carer_withdraws_consent() {
    let repo =
        carers_core::es::Repository::<CarerCase, _>::new(carers_core::es::MemoryStore::new())
            .with_access(partnership());
    let carer = CarerId::new();
    repo.execute_all(
        &carer.stream(),
        &[
            identify_carer(
                carer,
                date(1970, 2, 2),
                IdentificationSource::SelfReferral,
                LawfulBasis::Consent,
            ),
            CaseCommand::RecordConsent {
                purpose: ConsentPurpose::HoldData,
                given: false,
            },
        ],
        &hub(),
        None,
    )
    .expect("identified, then consent withdrawn");
    // Rectification is the carer's right while the data is held (art. 16).
    repo.execute(
        &carer.stream(),
        &correct(1, Correction::CarerName(text("Alexa Example"))),
        &hub(),
        None,
    )
    .expect("corrected");
}

#[test]
fn a_corrected_cared_for_date_of_birth_is_withheld_from_the_subject_access_export() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let son = CaredForId::new();
    let done = repo
        .execute(
            &stream,
            &CaseCommand::AddCaringRole(new_role(son, date(2007, 1, 1))),
            &hub(),
            None,
        )
        .expect("a role");
    repo.execute(
        &stream,
        &correct(
            done.append.first_version,
            Correction::CaredForDateOfBirth {
                cared_for: son,
                born: Personal::new(date(2012, 3, 4)),
            },
        ),
        &hub(),
        None,
    )
    .expect("corrected");
    let read = carers_core::es::ReadPurpose::SubjectAccess;
    let state = repo.read(&stream, &hub(), read).expect("read").state;
    let timeline = repo.read_timeline(&stream, &hub(), read).expect("timeline");
    let export = subject_access::export(&timeline, &state);
    let shown = carers_core::es::form::revealed(|| serde_json::to_string(&export)).expect("json");
    assert!(
        !shown.contains("2012-03-04"),
        "the son's date of birth shown: {shown}"
    );
    assert!(shown.contains("A mistaken record was corrected."));
}
