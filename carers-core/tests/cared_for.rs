//! The cared-for person's own record: registration, their consents, their carers
//! (several of one person), corrections, erasure, who may see it, and the caring
//! role that links a carer to them ([`link_carer`]).

mod support;

use carers_core::domain::cared_for::*;
use carers_core::domain::*;
use carers_core::es::{
    Context, EventStore, MemoryStore, ReadPurpose, RecordedEvent, RepoError, Repository,
    SnapshotStore,
};
use chrono::NaiveDate;
use support::*;

type People = Repository<CaredForPerson, MemoryStore>;
type Cases = Repository<CarerCase, MemoryStore>;

/// Both repositories on one store, with the test partnership.
fn repos() -> (Cases, People) {
    let store = MemoryStore::new();
    (
        Repository::new(store.clone()).with_access(partnership()),
        Repository::new(store).with_access(partnership()),
    )
}

const NHS: &str = "943 476 5919";

fn register(person: CaredForId, born: NaiveDate) -> CaredForCommand {
    CaredForCommand::Register {
        person,
        name: Personal::new("MARKER-CARED-FOR-NAME".into()),
        date_of_birth: Personal::new(born),
        nhs_number: Some(Personal::new(
            NhsNumber::parse(NHS).expect("a valid number"),
        )),
    }
}

fn registered(people: &People, born: NaiveDate) -> CaredForId {
    let person = CaredForId::new();
    people
        .execute(&person.stream(), &register(person, born), &hub(), None)
        .expect("registered");
    person
}

fn identified(cases: &Cases) -> CarerId {
    identify_on(cases, date(1970, 2, 2))
}

fn log(people: &People) -> Vec<RecordedEvent> {
    log_of(people)
}

/// Executes `command` on `person`'s stream, which must refuse it, appending nothing.
fn refused(
    people: &People,
    person: CaredForId,
    command: &CaredForCommand,
    ctx: &Context,
) -> RepoError<CaseError> {
    refused_on(people, &person.stream(), command, ctx)
}

fn state(people: &People, person: CaredForId) -> CaredForPerson {
    people.load(&person.stream()).expect("loads").state
}

fn role_for(person: &CaredForPerson, parental_responsibility: bool) -> NewCaringRole {
    NewCaringRole {
        cared_for: person.person().expect("registered"),
        cared_for_born: person.date_of_birth().cloned().expect("registered"),
        parental_responsibility,
        ..new_role(CaredForId::new(), date(1940, 1, 1))
    }
}

#[test]
fn a_cared_for_person_is_registered_once_and_only_on_their_own_stream() {
    let (_, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let record = state(&people, person);
    assert_eq!(record.person(), Some(person));
    assert_eq!(record.registered_on(), Some(now().date_naive()));
    assert_eq!(
        record
            .nhs_number()
            .and_then(Personal::reveal)
            .map(NhsNumber::digits),
        Some("9434765919")
    );
    assert_eq!(
        domain(refused(
            &people,
            person,
            &register(person, date(1940, 3, 1)),
            &hub()
        )),
        CaseError::CaredForExists
    );
    // Registering one person on another's stream is refused before deciding.
    let other = CaredForId::new();
    let before = log(&people);
    assert!(matches!(
        people.execute(
            &other.stream(),
            &register(person, date(1940, 3, 1)),
            &hub(),
            None
        ),
        Err(RepoError::WrongStream { .. })
    ));
    assert_eq!(log(&people), before);
}

#[test]
fn registration_needs_a_name_and_a_date_of_birth_that_happened() {
    let (_, people) = repos();
    let person = CaredForId::new();
    let blank = CaredForCommand::Register {
        person,
        name: Personal::new("  ".into()),
        date_of_birth: Personal::new(date(1940, 3, 1)),
        nhs_number: None,
    };
    assert_eq!(
        domain(refused(&people, person, &blank, &hub())),
        CaseError::NameRequired
    );
    let future = register(person, date(2030, 1, 1));
    assert_eq!(
        domain(refused(&people, person, &future, &hub())),
        CaseError::DateInTheFuture
    );
    let typo = register(person, date(1890, 1, 1));
    assert_eq!(
        domain(refused(&people, person, &typo, &hub())),
        CaseError::DateOfBirthOutOfRange
    );
    // Other commands wait for registration.
    let link = CaredForCommand::LinkCarer {
        carer: CarerId::new(),
        since: date(2020, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &link, &hub())),
        CaseError::UnknownCaredFor
    );
}

#[test]
fn an_nhs_number_with_a_wrong_check_digit_never_reaches_the_record() {
    let person = CaredForId::new();
    let good = serde_json::json!({ "Register": {
        "person": person, "name": "A Name", "date_of_birth": "1940-03-01", "nhs_number": "9434765919"
    }});
    assert!(serde_json::from_value::<CaredForCommand>(good.clone()).is_ok());
    let mut bad = good;
    bad["Register"]["nhs_number"] = "9434765918".into();
    assert!(serde_json::from_value::<CaredForCommand>(bad).is_err());
    assert_eq!(
        NhsNumber::parse("943 476 591"),
        Err(CaseError::NhsNumberInvalid)
    );
}

#[test]
fn several_carers_care_for_one_person_and_each_link_has_its_own_dates() {
    let (_, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let (daughter, son) = (CarerId::new(), CarerId::new());
    for (carer, since) in [(daughter, date(2019, 5, 1)), (son, date(2022, 9, 1))] {
        people
            .execute(
                &person.stream(),
                &CaredForCommand::LinkCarer { carer, since },
                &hub(),
                None,
            )
            .expect("linked");
    }
    let again = CaredForCommand::LinkCarer {
        carer: son,
        since: date(2023, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &again, &hub())),
        CaseError::CarerAlreadyLinked
    );
    let record = state(&people, person);
    assert_eq!(
        record.carers_on(date(2020, 1, 1)).collect::<Vec<_>>(),
        vec![daughter]
    );
    assert_eq!(
        record.carers_on(date(2024, 1, 1)).collect::<Vec<_>>(),
        vec![daughter, son]
    );

    let early = CaredForCommand::UnlinkCarer {
        carer: son,
        on: date(2022, 8, 1),
        reason: LinkEnded::StoppedCaring,
    };
    assert_eq!(
        domain(refused(&people, person, &early, &hub())),
        CaseError::DateBeforeLink
    );
    let stranger = CaredForCommand::UnlinkCarer {
        carer: CarerId::new(),
        on: date(2025, 1, 1),
        reason: LinkEnded::StoppedCaring,
    };
    assert_eq!(
        domain(refused(&people, person, &stranger, &hub())),
        CaseError::UnknownCarerLink
    );
    let future = CaredForCommand::LinkCarer {
        carer: CarerId::new(),
        since: date(2030, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &future, &hub())),
        CaseError::DateInTheFuture
    );
    let before_birth = CaredForCommand::LinkCarer {
        carer: CarerId::new(),
        since: date(1939, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &before_birth, &hub())),
        CaseError::DateOutOfRange
    );

    people
        .execute(
            &person.stream(),
            &CaredForCommand::UnlinkCarer {
                carer: son,
                on: date(2025, 1, 1),
                reason: LinkEnded::StoppedCaring,
            },
            &hub(),
            None,
        )
        .expect("unlinked");
    let record = state(&people, person);
    assert_eq!(record.carers_on(date(2024, 12, 31)).count(), 2);
    assert_eq!(
        record.carers_on(date(2025, 1, 1)).collect::<Vec<_>>(),
        vec![daughter]
    );
    // A carer who cares again is linked again; the ended link stays in the record.
    people
        .execute(
            &person.stream(),
            &CaredForCommand::LinkCarer {
                carer: son,
                since: date(2026, 1, 1),
            },
            &hub(),
            None,
        )
        .expect("linked again");
    let record = state(&people, person);
    assert_eq!(record.carer_links().len(), 3);
    assert_eq!(record.carers_on(date(2026, 2, 1)).count(), 2);
}

#[test]
fn link_carer_gives_the_carers_role_the_records_date_of_birth_and_links_both_records() {
    let (cases, people) = repos();
    let child = registered(&people, date(2016, 4, 4));
    let carer = identified(&cases);
    let record = state(&people, child);
    let linked = link_carer(
        &cases,
        &people,
        &hub(),
        carer,
        &role_for(&record, true),
        date(2016, 4, 4),
    )
    .expect("linked");
    assert_eq!(
        linked,
        Linked {
            role_added: true,
            carer_linked: true
        }
    );

    let case = cases.load(&carer.stream()).expect("loads").state;
    let role = case.roles.get(child).expect("the role");
    assert_eq!(role.cared_for_born, Personal::new(date(2016, 4, 4)));
    // Routing by age reads that date: a parent of a disabled child (Children Act s.17ZD).
    assert!(role.is_parent_carer_role_on(now().date_naive()));
    assert_eq!(
        state(&people, child)
            .carers_on(now().date_naive())
            .collect::<Vec<_>>(),
        vec![carer]
    );
    // The record was read for it, and the read is audited.
    let reads = people
        .reads_of(&child.stream(), &hub_manager())
        .expect("reads");
    assert_eq!(reads.len(), 1);
    assert_eq!(reads[0].purpose, ReadPurpose::Casework);
}

#[test]
fn link_carer_refuses_a_role_whose_date_of_birth_is_not_the_records_and_changes_neither() {
    let (cases, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let carer = identified(&cases);
    let mut role = role_for(&state(&people, person), false);
    role.cared_for_born = Personal::new(date(1941, 3, 1));
    let case_before = cases.load(&carer.stream()).expect("loads").version;
    let person_before = state(&people, person);
    let e =
        link_carer(&cases, &people, &hub(), carer, &role, date(2020, 1, 1)).expect_err("refused");
    assert!(
        matches!(e, LinkError::Role(CaseError::DateOfBirthDiffers)),
        "{e}"
    );
    assert_eq!(
        cases.load(&carer.stream()).expect("loads").version,
        case_before
    );
    assert_eq!(state(&people, person), person_before);
}

#[test]
fn link_carer_finishes_what_a_failure_between_its_steps_left() {
    let (cases, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let carer = identified(&cases);
    let role = role_for(&state(&people, person), false);
    // As if the first attempt added the role and stopped before the link.
    cases
        .execute(
            &carer.stream(),
            &CaseCommand::AddCaringRole(role.clone()),
            &hub(),
            None,
        )
        .expect("role added");
    let linked =
        link_carer(&cases, &people, &hub(), carer, &role, date(2020, 1, 1)).expect("linked");
    assert_eq!(
        linked,
        Linked {
            role_added: false,
            carer_linked: true
        }
    );
    assert_eq!(
        cases
            .load(&carer.stream())
            .expect("loads")
            .state
            .roles
            .all()
            .len(),
        1
    );
}

#[test]
fn link_carer_changes_nothing_for_a_person_not_registered_or_a_carer_not_identified() {
    let (cases, people) = repos();
    let carer = identified(&cases);
    let role = new_role(CaredForId::new(), date(1940, 3, 1));
    let before = cases.store().read_all(1, usize::MAX).expect("log").len();
    let e =
        link_carer(&cases, &people, &hub(), carer, &role, date(2020, 1, 1)).expect_err("refused");
    assert!(
        matches!(
            e,
            LinkError::CaredFor(RepoError::Domain(CaseError::UnknownCaredFor))
        ),
        "{e}"
    );
    // Only the audited read was recorded.
    let events = cases.store().read_all(1, usize::MAX).expect("log");
    let after: Vec<&str> = events[before..]
        .iter()
        .map(|e| e.stream.category())
        .collect();
    assert_eq!(after, vec!["audit_cared_for"]);

    let person = registered(&people, date(1940, 3, 1));
    let stranger = CarerId::new();
    let e = link_carer(
        &cases,
        &people,
        &hub(),
        stranger,
        &role_for(&state(&people, person), false),
        date(2020, 1, 1),
    )
    .expect_err("refused");
    assert!(
        matches!(
            e,
            LinkError::Case(RepoError::Domain(CaseError::NotIdentified))
        ),
        "{e}"
    );
    assert_eq!(
        state(&people, person).carer_links().len(),
        0,
        "linked without a role"
    );
}

#[test]
fn the_cared_for_persons_consents_are_their_own() {
    let (_, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let purpose = CaredForConsent::CombinedAssessment;
    let withdraw = CaredForCommand::RecordConsent {
        purpose,
        given: false,
        on: date(2026, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &withdraw, &hub())),
        CaseError::ConsentNotGiven
    );
    let give = CaredForCommand::RecordConsent {
        purpose,
        given: true,
        on: date(2026, 1, 1),
    };
    people
        .execute(&person.stream(), &give, &hub(), None)
        .expect("given");
    assert_eq!(
        domain(refused(&people, person, &give, &hub())),
        CaseError::ConsentAlreadyGiven
    );
    let record = state(&people, person);
    assert!(record.consents_to(purpose));
    assert!(!record.consents_to(CaredForConsent::ShareWithCarers));
    people
        .execute(&person.stream(), &withdraw, &hub(), None)
        .expect("withdrawn");
    assert!(!state(&people, person).consents_to(purpose));
    let future = CaredForCommand::RecordConsent {
        purpose,
        given: true,
        on: date(2030, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &future, &hub())),
        CaseError::DateInTheFuture
    );
}

#[test]
fn a_correction_changes_the_record_for_a_reason_and_keeps_what_was_first_recorded() {
    let (_, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let correct = |correction: DetailsCorrection, reason: &str| CaredForCommand::CorrectDetails {
        correction,
        reason: Personal::new(reason.into()),
    };
    let born = DetailsCorrection {
        date_of_birth: Some(Personal::new(date(1941, 3, 1))),
        ..Default::default()
    };
    assert_eq!(
        domain(refused(
            &people,
            person,
            &correct(born.clone(), " "),
            &hub()
        )),
        CaseError::ChangeReasonRequired
    );
    assert_eq!(
        domain(refused(
            &people,
            person,
            &correct(DetailsCorrection::default(), "typo"),
            &hub()
        )),
        CaseError::NothingChanged
    );
    let same = DetailsCorrection {
        date_of_birth: Some(Personal::new(date(1940, 3, 1))),
        ..Default::default()
    };
    assert_eq!(
        domain(refused(&people, person, &correct(same, "typo"), &hub())),
        CaseError::NothingChanged
    );
    let future = DetailsCorrection {
        date_of_birth: Some(Personal::new(date(2030, 3, 1))),
        ..Default::default()
    };
    assert_eq!(
        domain(refused(&people, person, &correct(future, "typo"), &hub())),
        CaseError::DateInTheFuture
    );

    let later = acting_at(hub(), now() + chrono::Duration::hours(1));
    people
        .execute(
            &person.stream(),
            &correct(born, "year mistyped"),
            &later,
            None,
        )
        .expect("corrected");
    assert_eq!(
        state(&people, person).date_of_birth(),
        Some(&Personal::new(date(1941, 3, 1)))
    );
    // History is not rewritten: the registration still says what was first recorded.
    let first = people
        .load_as_of(&person.stream(), now() + chrono::Duration::minutes(1))
        .expect("as of registration")
        .state;
    assert_eq!(
        first.date_of_birth(),
        Some(&Personal::new(date(1940, 3, 1)))
    );
}

#[test]
fn erasing_the_cared_for_person_leaves_their_carers_case_whole() {
    let (cases, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let carer = identified(&cases);
    link_carer(
        &cases,
        &people,
        &hub(),
        carer,
        &role_for(&state(&people, person), false),
        date(2020, 1, 1),
    )
    .expect("linked");
    let erase = CaredForCommand::Erase {
        basis: ErasureBasis::SubjectRequest,
    };
    // A support worker may not erase; a manager may.
    assert!(matches!(
        people.erase(&person.stream(), &erase, &hub()),
        Err(RepoError::Denied(_))
    ));
    let erased = people
        .erase(&person.stream(), &erase, &hub_manager())
        .expect("erased")
        .state;
    assert!(erased.is_erased());
    assert!(erased.name().is_some_and(Personal::is_erased));
    assert!(erased.nhs_number().is_some_and(Personal::is_erased));
    // Their record takes nothing more.
    let link = CaredForCommand::LinkCarer {
        carer: CarerId::new(),
        since: date(2020, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &link, &hub())),
        CaseError::PersonalDataErased
    );
    // The carer's case is theirs: it keeps its own copy, under its own key.
    let case = cases.load(&carer.stream()).expect("loads").state;
    assert_eq!(
        case.roles.get(person).expect("the role").cared_for_born,
        Personal::new(date(1940, 3, 1))
    );
}

#[test]
fn the_childrens_trust_keeps_only_the_records_of_children() {
    let (_, people) = repos();
    let trust = Context::new(
        carers_core::es::Actor::new("ct-1", "childrens-trust", "social-worker"),
        now(),
    );
    let child = registered(&people, date(2016, 4, 4));
    let adult = registered(&people, date(1940, 3, 1));
    assert!(
        people
            .read(&child.stream(), &trust, ReadPurpose::Casework)
            .is_ok()
    );
    let denied =
        |person: CaredForId| match people.read(&person.stream(), &trust, ReadPurpose::Casework) {
            Err(RepoError::Denied(d)) => d.rule,
            other => panic!("not denied: {:?}", other.map(|l| l.version)),
        };
    // An adult's record and one that does not exist are refused by the same rule.
    assert_eq!(denied(adult), denied(CaredForId::new()));
    let link = CaredForCommand::LinkCarer {
        carer: CarerId::new(),
        since: date(2020, 1, 1),
    };
    assert!(matches!(
        refused(&people, adult, &link, &trust),
        RepoError::Denied(_)
    ));
    people
        .execute(&child.stream(), &link, &trust, None)
        .expect("the Trust keeps a child's record");
    // The NHS identifies carers; it does not keep this record.
    let gp = Context::new(
        carers_core::es::Actor::new("gp-1", "gp-practice", "clinician"),
        now(),
    );
    let person = CaredForId::new();
    assert!(matches!(
        refused(&people, person, &register(person, date(1950, 1, 1)), &gp),
        RepoError::Denied(_)
    ));
}

#[test]
fn the_cared_for_persons_details_are_never_stored_or_shown_in_clear() {
    let (_, people) = repos();
    let person = registered(&people, date(1904, 5, 6));
    people
        .execute(
            &person.stream(),
            &CaredForCommand::CorrectDetails {
                correction: DetailsCorrection {
                    name: Some(Personal::new("MARKER-CORRECTED".into())),
                    ..Default::default()
                },
                reason: Personal::new("MARKER-REASON".into()),
            },
            &hub(),
            None,
        )
        .expect("corrected");
    let markers = ["MARKER", "9434765919", "1904-05-06"];
    for event in log(&people) {
        let stored = String::from_utf8_lossy(&event.payload).into_owned();
        for marker in markers {
            assert!(
                !stored.contains(marker),
                "{marker} stored in clear in {}",
                event.event_type
            );
        }
    }
    let record = state(&people, person);
    let shown = [
        serde_json::to_string(&record).expect("serialises"),
        format!("{record:?}"),
        format!("{:?}", register(person, date(1904, 5, 6))),
    ];
    for text in shown {
        for marker in markers {
            assert!(!text.contains(marker), "{marker} shown in {text}");
        }
    }
}

#[test]
fn link_carer_refuses_a_role_already_on_the_case_with_another_date_of_birth() {
    let (cases, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let carer = identified(&cases);
    // A role added before the record was registered, with another date.
    let mut old = role_for(&state(&people, person), false);
    old.cared_for_born = Personal::new(date(1941, 3, 1));
    cases
        .execute(
            &carer.stream(),
            &CaseCommand::AddCaringRole(old),
            &hub(),
            None,
        )
        .expect("role added");
    let role = role_for(&state(&people, person), false);
    let e =
        link_carer(&cases, &people, &hub(), carer, &role, date(2020, 1, 1)).expect_err("refused");
    assert!(
        matches!(e, LinkError::Role(CaseError::DateOfBirthDiffers)),
        "{e}"
    );
    assert!(
        state(&people, person).carer_links().is_empty(),
        "linked to a role that disagrees"
    );
}

#[test]
fn a_death_ends_every_carers_link_and_no_carer_is_linked_after_it() {
    let (_, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let (first, second) = (CarerId::new(), CarerId::new());
    for carer in [first, second] {
        people
            .execute(
                &person.stream(),
                &CaredForCommand::LinkCarer {
                    carer,
                    since: date(2020, 1, 1),
                },
                &hub(),
                None,
            )
            .expect("linked");
    }
    let one = CaredForCommand::UnlinkCarer {
        carer: first,
        on: date(2026, 1, 1),
        reason: LinkEnded::Died,
    };
    assert_eq!(
        domain(refused(&people, person, &one, &hub())),
        CaseError::DeathEndsEveryLink
    );
    let too_early = CaredForCommand::RecordDeath {
        on: date(2019, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &too_early, &hub())),
        CaseError::DateOutOfRange
    );
    people
        .execute(
            &person.stream(),
            &CaredForCommand::RecordDeath {
                on: date(2026, 1, 1),
            },
            &hub(),
            None,
        )
        .expect("recorded");
    let record = state(&people, person);
    assert_eq!(record.died_on(), Some(date(2026, 1, 1)));
    assert_eq!(record.carers_on(date(2025, 12, 31)).count(), 2);
    assert_eq!(record.carers_on(date(2026, 1, 1)).count(), 0);
    assert!(
        record
            .carer_links()
            .iter()
            .all(|l| l.ended == Some((date(2026, 1, 1), LinkEnded::Died)))
    );
    let after = CaredForCommand::LinkCarer {
        carer: CarerId::new(),
        since: date(2025, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &after, &hub())),
        CaseError::CaredForDied
    );
    let twice = CaredForCommand::RecordDeath {
        on: date(2026, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &twice, &hub())),
        CaseError::CaredForDied
    );
}

#[test]
fn a_link_recorded_in_error_never_counted_and_links_of_one_carer_do_not_overlap() {
    let (_, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let (wrong, carer) = (CarerId::new(), CarerId::new());
    let link = |carer, since| CaredForCommand::LinkCarer { carer, since };
    let unlink = |carer, on, reason| CaredForCommand::UnlinkCarer { carer, on, reason };
    for command in [
        link(wrong, date(2020, 1, 1)),
        unlink(wrong, date(2021, 1, 1), LinkEnded::RecordedInError),
        link(carer, date(2020, 1, 1)),
        unlink(carer, date(2023, 1, 1), LinkEnded::StoppedCaring),
    ] {
        people
            .execute(&person.stream(), &command, &hub(), None)
            .expect("recorded");
    }
    assert_eq!(
        state(&people, person)
            .carers_on(date(2020, 6, 1))
            .collect::<Vec<_>>(),
        vec![carer]
    );
    assert_eq!(
        domain(refused(
            &people,
            person,
            &link(carer, date(2022, 6, 1)),
            &hub()
        )),
        CaseError::LinksOverlap
    );
    // A link in error leaves no time to overlap; a new link from the day the last ended is fine.
    people
        .execute(
            &person.stream(),
            &link(wrong, date(2020, 6, 1)),
            &hub(),
            None,
        )
        .expect("linked");
    people
        .execute(
            &person.stream(),
            &link(carer, date(2023, 1, 1)),
            &hub(),
            None,
        )
        .expect("linked");
}

#[test]
fn an_nhs_number_recorded_in_error_can_be_removed_and_erased_values_are_refused() {
    let (_, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let correct = |nhs_number| CaredForCommand::CorrectDetails {
        correction: DetailsCorrection {
            nhs_number: Some(nhs_number),
            ..Default::default()
        },
        reason: Personal::new("not theirs".into()),
    };
    let erased = correct(NhsNumberCorrection::Set(Personal::erased()));
    assert_eq!(
        domain(refused(&people, person, &erased, &hub())),
        CaseError::PersonalDataErased
    );
    people
        .execute(
            &person.stream(),
            &correct(NhsNumberCorrection::Remove),
            &hub(),
            None,
        )
        .expect("removed");
    assert_eq!(state(&people, person).nhs_number(), None);
    assert_eq!(
        domain(refused(
            &people,
            person,
            &correct(NhsNumberCorrection::Remove),
            &hub()
        )),
        CaseError::NothingChanged
    );
    let other = CaredForId::new();
    let register_erased = CaredForCommand::Register {
        person: other,
        name: Personal::new("A Name".into()),
        date_of_birth: Personal::erased(),
        nhs_number: None,
    };
    assert_eq!(
        domain(refused(&people, other, &register_erased, &hub())),
        CaseError::PersonalDataErased
    );
}

#[test]
fn a_consent_is_never_recorded_before_the_last_record_of_it_nor_before_birth() {
    let (_, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let purpose = CaredForConsent::ShareWithCarers;
    let record = |given, on| CaredForCommand::RecordConsent { purpose, given, on };
    assert_eq!(
        domain(refused(
            &people,
            person,
            &record(true, date(1939, 1, 1)),
            &hub()
        )),
        CaseError::DateOutOfRange
    );
    people
        .execute(
            &person.stream(),
            &record(true, date(2026, 2, 1)),
            &hub(),
            None,
        )
        .expect("given");
    assert_eq!(
        domain(refused(
            &people,
            person,
            &record(false, date(2026, 1, 1)),
            &hub()
        )),
        CaseError::DateBeforeLastStep
    );
    assert_eq!(
        state(&people, person).consent_recorded_on(purpose),
        Some(date(2026, 2, 1))
    );
}

#[test]
fn a_record_loaded_from_a_snapshot_is_the_record_replayed() {
    let store = MemoryStore::new();
    let people: People = Repository::new(store.clone())
        .with_access(partnership())
        .with_snapshots(carers_core::es::SnapshotPolicy::EveryNEvents(1));
    let person = registered(&people, date(1940, 3, 1));
    for command in [
        CaredForCommand::RecordConsent {
            purpose: CaredForConsent::CombinedAssessment,
            given: true,
            on: date(2026, 1, 1),
        },
        CaredForCommand::LinkCarer {
            carer: CarerId::new(),
            since: date(2020, 1, 1),
        },
        CaredForCommand::RecordDeath {
            on: date(2026, 2, 1),
        },
    ] {
        people
            .execute(&person.stream(), &command, &hub(), None)
            .expect("recorded");
    }
    let snapshot = people
        .store()
        .load_snapshot(&person.stream())
        .expect("reads");
    assert_eq!(
        snapshot.map(|s| s.version),
        Some(4),
        "no snapshot of the last event"
    );
    // Against a replay of the events themselves (any repository's load would
    // read the snapshot).
    let timeline = people.timeline(&person.stream()).expect("the events");
    let replayed =
        <CaredForPerson as carers_core::es::Aggregate>::replay(timeline.iter().map(|e| &e.event));
    assert_eq!(
        people.load(&person.stream()).expect("loads").state,
        replayed
    );
}

mod link_law {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Step {
        Link(usize, u32),
        Unlink(usize, u32, bool),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..3usize, 0..60u32).prop_map(|(c, d)| Step::Link(c, d)),
            (0..3usize, 0..60u32, any::<bool>()).prop_map(|(c, d, e)| Step::Unlink(c, d, e)),
        ]
    }

    /// A model link: since, and the end with whether it was recorded in error.
    type ModelLink = (u32, Option<(u32, bool)>);

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// A carer's links to one person: a carer is linked once at a time, a link
        /// ends no earlier than it began, one carer's links never overlap, and a
        /// link recorded in error never counted. Any sequence of links and
        /// unlinkings is accepted or refused exactly as a model says (a refusal
        /// appends nothing), and `carers_on` agrees with the model on every day.
        #[test]
        fn carers_links_follow_their_law(steps in proptest::collection::vec(step(), 1..24)) {
            let (_, people) = repos();
            let person = registered(&people, date(1940, 3, 1));
            let carers = [CarerId::new(), CarerId::new(), CarerId::new()];
            let day = |d: u32| date(2025, 1, 1) + chrono::Duration::days(i64::from(d));
            let mut model: Vec<Vec<ModelLink>> = vec![Vec::new(); 3];
            for step in steps {
                let before = log(&people).len();
                let (command, expected) = match step {
                    Step::Link(c, d) => {
                        let open = model[c].iter().any(|(_, end)| end.is_none());
                        let last_end = model[c].iter().filter_map(|(_, end)| match end {
                            Some((e, false)) => Some(*e),
                            _ => None,
                        }).max();
                        let expected = if open {
                            Err(CaseError::CarerAlreadyLinked)
                        } else if last_end.is_some_and(|e| d < e) {
                            Err(CaseError::LinksOverlap)
                        } else {
                            model[c].push((d, None));
                            Ok(())
                        };
                        (CaredForCommand::LinkCarer { carer: carers[c], since: day(d) }, expected)
                    }
                    Step::Unlink(c, d, in_error) => {
                        let reason = if in_error { LinkEnded::RecordedInError } else { LinkEnded::StoppedCaring };
                        let expected = match model[c].iter_mut().find(|(_, end)| end.is_none()) {
                            None => Err(CaseError::UnknownCarerLink),
                            Some((since, _)) if d < *since => Err(CaseError::DateBeforeLink),
                            Some(link) => {
                                link.1 = Some((d, in_error));
                                Ok(())
                            }
                        };
                        (CaredForCommand::UnlinkCarer { carer: carers[c], on: day(d), reason }, expected)
                    }
                };
                let got = people.execute(&person.stream(), &command, &hub(), None).map(|_| ()).map_err(domain);
                prop_assert_eq!(&got, &expected, "{:?}", command);
                if got.is_err() {
                    prop_assert_eq!(log(&people).len(), before, "a refusal appended");
                }
            }
            let record = state(&people, person);
            for d in 0..62 {
                let mut expected: Vec<CarerId> = (0..3)
                    .filter(|c| model[*c].iter().any(|(since, end)| match end {
                        Some((_, true)) => false,
                        Some((e, false)) => *since <= d && d < *e,
                        None => *since <= d,
                    }))
                    .map(|c| carers[c])
                    .collect();
                expected.sort();
                let mut got: Vec<CarerId> = record.carers_on(day(d)).collect();
                got.sort();
                prop_assert_eq!(got, expected, "day {}", d);
            }
        }
    }
}

#[test]
fn link_carer_leaves_the_carers_case_unchanged_when_the_record_would_refuse_the_link() {
    let (cases, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    people
        .execute(
            &person.stream(),
            &CaredForCommand::RecordDeath {
                on: date(2026, 1, 1),
            },
            &hub(),
            None,
        )
        .expect("recorded");
    let carer = identified(&cases);
    let before = cases.load(&carer.stream()).expect("loads").version;
    let e = link_carer(
        &cases,
        &people,
        &hub(),
        carer,
        &role_for(&state(&people, person), false),
        date(2020, 1, 1),
    )
    .expect_err("refused");
    assert!(
        matches!(
            e,
            LinkError::CaredFor(RepoError::Domain(CaseError::CaredForDied))
        ),
        "{e}"
    );
    assert_eq!(
        cases.load(&carer.stream()).expect("loads").version,
        before,
        "the role was added"
    );
}

#[test]
fn a_death_is_never_recorded_before_a_link_ended_nor_a_birth_corrected_to_after_it() {
    let (_, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let carer = CarerId::new();
    for command in [
        CaredForCommand::LinkCarer {
            carer,
            since: date(2020, 1, 1),
        },
        CaredForCommand::UnlinkCarer {
            carer,
            on: date(2024, 1, 1),
            reason: LinkEnded::MovedIntoCare,
        },
    ] {
        people
            .execute(&person.stream(), &command, &hub(), None)
            .expect("recorded");
    }
    let early = CaredForCommand::RecordDeath {
        on: date(2023, 1, 1),
    };
    assert_eq!(
        domain(refused(&people, person, &early, &hub())),
        CaseError::DateOutOfRange
    );
    people
        .execute(
            &person.stream(),
            &CaredForCommand::RecordDeath {
                on: date(2025, 1, 1),
            },
            &hub(),
            None,
        )
        .expect("recorded");
    let born_late = CaredForCommand::CorrectDetails {
        correction: DetailsCorrection {
            date_of_birth: Some(Personal::new(date(2025, 6, 1))),
            ..Default::default()
        },
        reason: Personal::new("typo".into()),
    };
    assert_eq!(
        domain(refused(&people, person, &born_late, &hub())),
        CaseError::DateOutOfRange
    );
}

#[test]
fn a_corrected_date_of_birth_reaches_every_carers_role_and_routes_it_by_the_right_age() {
    let (cases, people) = repos();
    // A disabled child recorded as born ten years too early: an adult, so their
    // parent's role is not a parent carer's.
    let child = registered(&people, date(2006, 4, 4));
    let (mother, father) = (identified(&cases), identified(&cases));
    for carer in [mother, father] {
        link_carer(
            &cases,
            &people,
            &hub(),
            carer,
            &role_for(&state(&people, child), true),
            date(2020, 1, 1),
        )
        .expect("linked");
    }
    let linked_alone = CarerId::new();
    people
        .execute(
            &child.stream(),
            &CaredForCommand::LinkCarer {
                carer: linked_alone,
                since: date(2020, 1, 1),
            },
            &hub(),
            None,
        )
        .expect("linked without a role");
    let today = now().date_naive();
    let role_of = |carer: CarerId| {
        cases
            .load(&carer.stream())
            .expect("loads")
            .state
            .roles
            .get(child)
            .expect("the role")
            .clone()
    };
    assert!(!role_of(mother).is_parent_carer_role_on(today));

    let reason = Personal::new("year mistyped".into());
    let later = acting_at(hub(), now() + chrono::Duration::hours(1));
    let done = correct_date_of_birth(&cases, &people, &later, child, date(2016, 4, 4), &reason)
        .expect("corrected");
    let mut both = vec![mother, father];
    both.sort();
    assert_eq!(
        done,
        DateOfBirthCorrected {
            record_corrected: true,
            roles_corrected: both,
            roles_missing: vec![linked_alone],
            cases_erased: vec![]
        }
    );
    assert_eq!(
        state(&people, child).date_of_birth(),
        Some(&Personal::new(date(2016, 4, 4)))
    );
    for carer in [mother, father] {
        assert!(
            role_of(carer).is_parent_carer_role_on(today),
            "the role still routes by the old age"
        );
        // History is not rewritten: as known before the correction, the old date.
        let before = cases
            .load_as_of(&carer.stream(), now() + chrono::Duration::minutes(1))
            .expect("as of");
        assert_eq!(
            before
                .state
                .roles
                .get(child)
                .expect("the role")
                .cared_for_born,
            Personal::new(date(2006, 4, 4))
        );
    }
    // Again: nothing is done twice.
    let again = correct_date_of_birth(&cases, &people, &later, child, date(2016, 4, 4), &reason)
        .expect("done");
    assert!(!again.record_corrected && again.roles_corrected.is_empty());
}

#[test]
fn correct_date_of_birth_finishes_the_roles_when_the_record_was_corrected_alone() {
    let (cases, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let carer = identified(&cases);
    link_carer(
        &cases,
        &people,
        &hub(),
        carer,
        &role_for(&state(&people, person), false),
        date(2020, 1, 1),
    )
    .expect("linked");
    let reason = Personal::new("typo".into());
    people
        .execute(
            &person.stream(),
            &CaredForCommand::CorrectDetails {
                correction: DetailsCorrection {
                    date_of_birth: Some(Personal::new(date(1941, 3, 1))),
                    ..Default::default()
                },
                reason: reason.clone(),
            },
            &hub(),
            None,
        )
        .expect("the record alone");
    let done = correct_date_of_birth(&cases, &people, &hub(), person, date(1941, 3, 1), &reason)
        .expect("finished");
    assert_eq!(done.roles_corrected, vec![carer]);
    assert!(!done.record_corrected);
    let role = cases
        .load(&carer.stream())
        .expect("loads")
        .state
        .roles
        .get(person)
        .expect("role")
        .clone();
    assert_eq!(role.cared_for_born, Personal::new(date(1941, 3, 1)));
}

#[test]
fn a_date_of_birth_corrected_twice_reaches_the_roles_twice() {
    let (cases, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let carer = identified(&cases);
    link_carer(
        &cases,
        &people,
        &hub(),
        carer,
        &role_for(&state(&people, person), false),
        date(2020, 1, 1),
    )
    .expect("linked");
    let reason = Personal::new("typo".into());
    for born in [date(1941, 3, 1), date(1942, 3, 1)] {
        let done = correct_date_of_birth(&cases, &people, &hub(), person, born, &reason)
            .expect("corrected");
        assert_eq!(done.roles_corrected, vec![carer]);
        let case = cases.load(&carer.stream()).expect("loads").state;
        assert_eq!(
            case.roles.get(person).expect("role").cared_for_born,
            Personal::new(born)
        );
    }
}

#[test]
fn correct_date_of_birth_changes_nothing_when_a_carers_case_may_not_be_read() {
    let (cases, people) = repos();
    let child = registered(&people, date(2015, 4, 4));
    let carer = identified(&cases);
    link_carer(
        &cases,
        &people,
        &hub(),
        carer,
        &role_for(&state(&people, child), true),
        date(2020, 1, 1),
    )
    .expect("linked");
    // The Children's Trust keeps the child's record, but the parent's case is not
    // referred to it: it may not read it, so it corrects nothing at all.
    let trust = Context::new(
        carers_core::es::Actor::new("ct-1", "childrens-trust", "social-worker"),
        now(),
    );
    let before = log(&people).len();
    let e = correct_date_of_birth(
        &cases,
        &people,
        &trust,
        child,
        date(2016, 4, 4),
        &Personal::new("typo".into()),
    )
    .expect_err("refused");
    assert!(matches!(e, LinkError::Case(RepoError::Denied(_))), "{e}");
    assert_eq!(
        state(&people, child).date_of_birth(),
        Some(&Personal::new(date(2015, 4, 4)))
    );
    let changed: Vec<String> = log(&people)[before..]
        .iter()
        .filter(|e| !e.stream.category().starts_with("audit"))
        .map(|e| e.event_type.to_string())
        .collect();
    assert!(changed.is_empty(), "changed: {changed:?}");
}

#[test]
fn correct_date_of_birth_corrects_the_case_that_continues_a_merged_duplicate() {
    let (cases, people) = repos();
    let person = registered(&people, date(1940, 3, 1));
    let (duplicate, continues) = (identified(&cases), identified(&cases));
    for carer in [duplicate, continues] {
        link_carer(
            &cases,
            &people,
            &hub(),
            carer,
            &role_for(&state(&people, person), false),
            date(2020, 1, 1),
        )
        .expect("linked");
    }
    cases
        .execute(
            &duplicate.stream(),
            &CaseCommand::MarkSuperseded {
                by: continues,
                reason: Personal::new("same person".into()),
            },
            &hub_manager(),
            None,
        )
        .expect("superseded");
    let done = correct_date_of_birth(
        &cases,
        &people,
        &hub(),
        person,
        date(1941, 3, 1),
        &Personal::new("typo".into()),
    )
    .expect("corrected");
    assert_eq!(
        done.roles_corrected,
        vec![continues],
        "the duplicate is frozen; the case that continues is corrected once"
    );
}
