//! Rules of the case as a whole: the moving-on offer, the lawful basis, whose
//! stream a command belongs to, and dates of what happened.

mod support;

use carers_core::domain::*;
use carers_core::es::scenario::given;
use carers_core::es::{EventStore, MemoryStore, RepoError, Repository};
use chrono::{Days, Months};
use proptest::prelude::*;
use support::*;

fn identify(carer: CarerId, basis: LawfulBasis, consent: bool) -> CaseCommand {
    CaseCommand::IdentifyCarer {
        carer,
        details: details(date(1975, 5, 5)),
        source: IdentificationSource::SelfReferral,
        lawful_basis: basis,
        consent_to_hold_data: consent,
    }
}

fn add_role(cared_for: CaredForId) -> CaseCommand {
    CaseCommand::AddCaringRole(new_role(cared_for, date(1944, 2, 2)))
}

fn reasons() -> impl Strategy<Value = MovingOnReason> {
    proptest::sample::select(MovingOnReason::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The moving-on offer (Birmingham Carers Partnership Strategy: local practice,
    /// so policy) is part of the case's state; its periods and the ending reasons
    /// it covers come from the policy, not only death.
    #[test]
    fn the_moving_on_offer_is_policy_and_part_of_the_case(
        days_ago in 0u64..2_000, reason in reasons(),
        support_months in 1u32..72, follow_up_months in 1u32..12,
        covered in proptest::collection::vec(reasons(), 0..5),
    ) {
        let policy = CasePolicy {
            moving_on: MovingOnPolicy { support_months, follow_up_months, applies_to: covered.clone() },
            ..CasePolicy::default()
        };
        let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership()).with_policy(policy);
        let carer = CarerId::new();
        let stream = carer.stream();
        let mother = CaredForId::new();
        let on = now().date_naive() - Days::new(days_ago);
        for cmd in [identify(carer, LawfulBasis::PublicTask, true), add_role(mother),
                    CaseCommand::MoveOn { cared_for: mother, reason, on }] {
            repo.execute(&stream, &cmd, &hub(), None).expect("valid step");
        }
        let expected = if covered.contains(&reason) {
            MovingOnOffer {
                support_until: on.checked_add_months(Months::new(support_months)),
                follow_up_due: on.checked_add_months(Months::new(follow_up_months)),
            }
        } else {
            MovingOnOffer::default()
        };
        let state = repo.load(&stream).expect("load").state;
        prop_assert_eq!(
            state.role(mother).and_then(|r| r.moved_on),
            Some(MovedOn { reason, on, offer: expected })
        );
    }
}

#[test]
fn a_case_held_on_consent_is_not_opened_without_it() {
    let carer = CarerId::new();
    given::<CarerCase>([])
        .when(&identify(carer, LawfulBasis::Consent, false), &hub())
        .then_error(CaseError::ConsentRequiredToOpen);
    // A council's statutory duty is a public task: it does not rest on consent.
    given::<CarerCase>([])
        .when(&identify(carer, LawfulBasis::PublicTask, false), &hub())
        .accepted();
    let state = given::<CarerCase>([])
        .when(&identify(carer, LawfulBasis::Consent, true), &hub())
        .state_after();
    assert_eq!(state.consents.basis, Some(LawfulBasis::Consent));
}

#[test]
fn withdrawing_the_consent_a_case_rests_on_stops_casework_removes_what_consent_held_and_keeps_safeguarding()
 {
    let carer = CarerId::new();
    let mother = CaredForId::new();
    let mut history = Vec::new();
    for cmd in [
        identify(carer, LawfulBasis::Consent, true),
        add_role(mother),
        CaseCommand::RecordEqualityMonitoring {
            monitoring: EqualityMonitoring {
                ethnic_group: Some(Personal::new(EthnicGroup::Mixed)),
                ..EqualityMonitoring::default()
            },
            consent_given: true,
        },
    ] {
        let events = given::<CarerCase>(history.clone())
            .when(&cmd, &hub())
            .accepted();
        history.extend(events);
    }
    let withdraw = CaseCommand::RecordConsent {
        purpose: ConsentPurpose::HoldData,
        given: false,
    };
    let events = given::<CarerCase>(history.clone())
        .when(&withdraw, &hub())
        .accepted();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CaseEvent::EqualityMonitoringRemoved { .. })),
        "what was held on consent only is removed"
    );
    history.extend(events);
    let state = <CarerCase as carers_core::es::Aggregate>::replay(&history);
    assert!(state.consents.equality.is_none());
    assert!(
        state.role(mother).is_some(),
        "the record of the case is kept"
    );
    // No new casework...
    given::<CarerCase>(history.clone())
        .when(
            &CaseCommand::RequestAssessment(AssessmentRequest::new(
                AssessmentId::new(),
                AssessmentKind::CarersAssessment,
                mother,
                Route::Offered,
            )),
            &hub(),
        )
        .then_error(CaseError::ConsentWithdrawn);
    // ...but safeguarding does not rest on consent,
    given::<CarerCase>(history.clone())
        .when(
            &CaseCommand::RaiseConcern {
                concern: ConcernId::new(),
                details: concern_details(PersonAtRisk::CaredFor(mother), true),
            },
            &hub(),
        )
        .accepted();
    // and consent given again resumes casework.
    let mut resumed = history;
    resumed.extend(
        given::<CarerCase>(resumed.clone())
            .when(
                &CaseCommand::RecordConsent {
                    purpose: ConsentPurpose::HoldData,
                    given: true,
                },
                &hub(),
            )
            .accepted(),
    );
    given::<CarerCase>(resumed)
        .when(&add_role(CaredForId::new()), &hub())
        .accepted();
}

#[test]
fn a_case_is_opened_only_on_its_own_carers_stream() {
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let a = CarerId::new();
    let b = CarerId::new();
    let stream_of_a = a.stream();
    let err = repo
        .execute(
            &stream_of_a,
            &identify(b, LawfulBasis::PublicTask, true),
            &hub(),
            None,
        )
        .unwrap_err();
    assert!(matches!(err, RepoError::WrongStream { .. }), "{err}");
    assert_eq!(repo.store().head_position().expect("head"), 0);
    repo.execute(
        &stream_of_a,
        &identify(a, LawfulBasis::PublicTask, true),
        &hub(),
        None,
    )
    .expect("a's case on a's stream");
}

#[test]
fn dates_of_what_happened_are_never_after_today() {
    let mother = CaredForId::new();
    let mut history = Vec::new();
    for cmd in [
        identify(CarerId::new(), LawfulBasis::PublicTask, true),
        add_role(mother),
    ] {
        history.extend(
            given::<CarerCase>(history.clone())
                .when(&cmd, &hub())
                .accepted(),
        );
    }
    let today = now().date_naive();
    let tomorrow = today + Days::new(1);
    let move_on = |on| CaseCommand::MoveOn {
        cared_for: mother,
        reason: MovingOnReason::MovedIntoResidentialCare,
        on,
    };
    given::<CarerCase>(history.clone())
        .when(&move_on(tomorrow), &hub())
        .then_error(CaseError::DateInTheFuture);
    given::<CarerCase>(history.clone())
        .when(&move_on(today), &hub())
        .accepted();
    given::<CarerCase>(history.clone())
        .when(
            &CaseCommand::ChangeStage {
                cared_for: mother,
                to: Stage::MovingOn,
                on: tomorrow,
            },
            &hub(),
        )
        .then_error(CaseError::DateInTheFuture);
    // A date of birth is a fact too, and a plausible one.
    let mut born_tomorrow = NewCaringRole::clone(match &add_role(CaredForId::new()) {
        CaseCommand::AddCaringRole(r) => r,
        _ => unreachable!("add_role builds a role"),
    });
    born_tomorrow.cared_for_born = Personal::new(tomorrow);
    given::<CarerCase>(history.clone())
        .when(&CaseCommand::AddCaringRole(born_tomorrow.clone()), &hub())
        .then_error(CaseError::DateInTheFuture);
    born_tomorrow.cared_for_born = Personal::new(date(1899, 12, 31));
    given::<CarerCase>(history.clone())
        .when(&CaseCommand::AddCaringRole(born_tomorrow), &hub())
        .then_error(CaseError::DateOfBirthOutOfRange);
    let mut unborn = identify(CarerId::new(), LawfulBasis::PublicTask, true);
    if let CaseCommand::IdentifyCarer { details, .. } = &mut unborn {
        details.date_of_birth = Personal::new(tomorrow);
    }
    given::<CarerCase>([])
        .when(&unborn, &hub())
        .then_error(CaseError::DateInTheFuture);
    // A safeguarding action is completed on or before today.
    let c = ConcernId::new();
    let action = ActionId::new();
    let mut concern = history.clone();
    for (cmd, ctx) in [
        (
            CaseCommand::RaiseConcern {
                concern: c,
                details: concern_details(PersonAtRisk::CaredFor(mother), false),
            },
            hub(),
        ),
        (
            CaseCommand::ReferConcern {
                concern: c,
                to: Agency::AdultSocialCare,
            },
            hub(),
        ),
        (
            CaseCommand::DecideS42 {
                concern: c,
                conditions: S42Conditions {
                    cause_to_suspect_needs_for_care_and_support: true,
                    cause_to_suspect_abuse_or_neglect: true,
                    cause_to_suspect_unable_to_protect_themselves: true,
                },
                outcome: S42Outcome::DutyMet,
            },
            asc(),
        ),
        (
            CaseCommand::AgreeAction {
                concern: c,
                action,
                owner: asc().actor.organisation.clone(),
                description: Personal::new("visit".into()),
                due: tomorrow,
            },
            asc(),
        ),
    ] {
        concern.extend(
            given::<CarerCase>(concern.clone())
                .when(&cmd, &ctx)
                .accepted(),
        );
    }
    given::<CarerCase>(concern)
        .when(
            &CaseCommand::CompleteAction {
                concern: c,
                action,
                on: tomorrow,
            },
            &asc(),
        )
        .then_error(CaseError::DateInTheFuture);
    // Today is the UK local day: 23:30 UTC on 30 June is already 1 July in London.
    let late = carers_core::es::Context::new(
        carers_core::es::Actor::new("w", "carers-hub", "support-worker"),
        chrono::DateTime::parse_from_rfc3339("2026-06-30T23:30:00Z")
            .expect("valid instant")
            .to_utc(),
    );
    given::<CarerCase>(history)
        .when(&move_on(date(2026, 7, 1)), &late)
        .accepted();
    let a = AssessmentId::new();
    let mut assessed = adult_carer_in_assessment(a);
    assessed.extend([
        evidence_recorded(a, evidence(eligible_needs())),
        CaseEvent::AssessmentCompleted {
            assessment: a,
            result: AssessmentResult::Determination(determine(&eligible_needs())),
            needs: Vec::new(),
            on: today,
        },
    ]);
    given::<CarerCase>(assessed)
        .when(
            &CaseCommand::GiveWrittenRecord {
                assessment: a,
                on: tomorrow,
            },
            &hub(),
        )
        .then_error(CaseError::DateInTheFuture);
}
