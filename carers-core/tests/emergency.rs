//! Emergency plans (issue 12), through the repository: registered for a caring
//! role, carded, reviewed on the service's cycle, activated when the carer cannot
//! care and ended, each with its rules.

mod support;

use carers_core::domain::*;
use carers_core::es::{RepoError, Repository};
use chrono::{Days, Duration};
use support::*;

fn text(t: &str) -> Personal<String> {
    Personal::new(t.into())
}

fn arrangements(who: &str) -> EmergencyArrangements {
    EmergencyArrangements {
        who_steps_in: text(who),
        needs: text("insulin at 8am and 6pm; a key safe by the back door"),
        who_to_call: text("the GP, then the emergency response line"),
    }
}

/// A carer caring for their father, with an emergency plan registered by the Hub.
fn registered() -> (
    Repository<CarerCase, carers_core::es::MemoryStore>,
    CarerId,
    CaredForId,
    EmergencyPlanId,
) {
    let (repo, carer) = identified_case();
    let father = CaredForId::new();
    let plan = EmergencyPlanId::new();
    repo.execute_all(
        &carer.stream(),
        &[
            CaseCommand::AddCaringRole(new_role(father, date(1941, 7, 7))),
            CaseCommand::RegisterEmergencyPlan(NewEmergencyPlan {
                plan,
                cared_for: father,
                arrangements: arrangements("my sister Sam"),
            }),
        ],
        &hub(),
        None,
    )
    .expect("registered");
    (repo, carer, father, plan)
}

fn activate(plan: EmergencyPlanId, at: chrono::DateTime<chrono::Utc>) -> CaseCommand {
    CaseCommand::ActivateEmergencyPlan {
        plan,
        at,
        reason: EmergencyReason::HospitalAdmission,
        replacement_care: text("home care agency, four visits a day"),
    }
}

fn case(repo: &Repository<CarerCase, carers_core::es::MemoryStore>, carer: CarerId) -> CarerCase {
    repo.load(&carer.stream()).expect("loads").state
}

#[test]
fn a_registered_plan_says_who_steps_in_and_falls_due_for_review_a_year_later() {
    let (repo, carer, father, plan) = registered();
    let state = case(&repo, carer);
    let held = state.emergency_plans.get(plan).expect("held");
    let today = now().date_naive();
    assert_eq!(held.cared_for, father);
    assert_eq!(held.registered_on, today);
    assert_eq!(held.arrangements, arrangements("my sister Sam"));
    let a_year_on = today
        .checked_add_months(chrono::Months::new(12))
        .expect("a day");
    assert_eq!(held.review_due, a_year_on);
    let day_before = a_year_on.pred_opt().expect("a day");
    assert!(state.emergency_plans_due_for_review(day_before).is_empty());
    assert_eq!(
        state.emergency_plans_due_for_review(a_year_on),
        vec![(plan, a_year_on)]
    );
}

#[test]
fn the_review_cycle_is_the_services_policy_within_a_year() {
    assert!(EmergencyPlanPolicy::new(0).is_err());
    assert!(EmergencyPlanPolicy::new(13).is_err());
    assert!(serde_json::from_str::<EmergencyPlanPolicy>(r#"{"review_every_months":24}"#).is_err());
    let six = EmergencyPlanPolicy::new(6).expect("in range");
    let policy = CasePolicy {
        emergency_plans: six,
        ..CasePolicy::default()
    };
    let (repo, carer) = identified_case();
    let repo = repo.with_policy(policy);
    let father = CaredForId::new();
    let plan = EmergencyPlanId::new();
    repo.execute_all(
        &carer.stream(),
        &[
            CaseCommand::AddCaringRole(new_role(father, date(1941, 7, 7))),
            CaseCommand::RegisterEmergencyPlan(NewEmergencyPlan {
                plan,
                cared_for: father,
                arrangements: arrangements("Sam"),
            }),
        ],
        &hub(),
        None,
    )
    .expect("registered");
    let due = case(&repo, carer)
        .emergency_plans
        .get(plan)
        .expect("held")
        .review_due;
    assert_eq!(
        due,
        now()
            .date_naive()
            .checked_add_months(chrono::Months::new(6))
            .expect("a day")
    );
}

#[test]
fn a_plan_needs_a_new_id_a_role_still_caring_and_every_part_said() {
    let (repo, carer, father, plan) = registered();
    let register = |plan, cared_for, arrangements| {
        CaseCommand::RegisterEmergencyPlan(NewEmergencyPlan {
            plan,
            cared_for,
            arrangements,
        })
    };
    let again = register(plan, father, arrangements("Sam"));
    assert!(matches!(
        refused_by(&repo, carer, &again, &hub()),
        RepoError::Domain(CaseError::EmergencyPlanExists)
    ));
    let stranger = register(
        EmergencyPlanId::new(),
        CaredForId::new(),
        arrangements("Sam"),
    );
    assert!(matches!(
        refused_by(&repo, carer, &stranger, &hub()),
        RepoError::Domain(CaseError::UnknownRole)
    ));
    // A second role, with no plan yet, for the blank plans.
    let mother = CaredForId::new();
    repo.execute(
        &carer.stream(),
        &CaseCommand::AddCaringRole(new_role(mother, date(1944, 2, 2))),
        &hub(),
        None,
    )
    .expect("a second role");
    for blank in [
        EmergencyArrangements {
            who_steps_in: text("  "),
            ..arrangements("Sam")
        },
        EmergencyArrangements {
            needs: text(""),
            ..arrangements("Sam")
        },
        EmergencyArrangements {
            who_to_call: text("\n"),
            ..arrangements("Sam")
        },
    ] {
        let command = register(EmergencyPlanId::new(), mother, blank);
        assert!(matches!(
            refused_by(&repo, carer, &command, &hub()),
            RepoError::Domain(CaseError::EmergencyArrangementsRequired)
        ));
    }
    repo.execute(
        &carer.stream(),
        &CaseCommand::MoveOn {
            cared_for: father,
            reason: MovingOnReason::Died,
            on: now().date_naive(),
        },
        &hub(),
        None,
    )
    .expect("moved on");
    let ended = register(EmergencyPlanId::new(), father, arrangements("Sam"));
    assert!(matches!(
        refused_by(&repo, carer, &ended, &hub()),
        RepoError::Domain(CaseError::RoleEnded)
    ));
}

#[test]
fn a_plan_of_a_role_the_carer_moved_on_from_is_not_due_for_review() {
    let (repo, carer, father, _) = registered();
    repo.execute(
        &carer.stream(),
        &CaseCommand::MoveOn {
            cared_for: father,
            reason: MovingOnReason::MovedIntoResidentialCare,
            on: now().date_naive(),
        },
        &hub(),
        None,
    )
    .expect("moved on");
    let in_two_years = now()
        .date_naive()
        .checked_add_days(Days::new(730))
        .expect("a day");
    assert!(
        case(&repo, carer)
            .emergency_plans_due_for_review(in_two_years)
            .is_empty()
    );
}

#[test]
fn a_card_is_issued_with_its_number_for_a_plan_the_case_holds() {
    let (repo, carer, _, plan) = registered();
    repo.execute(
        &carer.stream(),
        &CaseCommand::IssueEmergencyCard {
            plan,
            number: text("EC-004211"),
        },
        &hub(),
        None,
    )
    .expect("issued");
    let card = case(&repo, carer)
        .emergency_plans
        .get(plan)
        .expect("held")
        .card
        .clone();
    assert_eq!(
        card.and_then(|c| c.reveal().cloned()),
        Some("EC-004211".to_string())
    );
    let blank = CaseCommand::IssueEmergencyCard {
        plan,
        number: text(" "),
    };
    assert!(matches!(
        refused_by(&repo, carer, &blank, &hub()),
        RepoError::Domain(CaseError::CardNumberRequired)
    ));
    let unknown = CaseCommand::IssueEmergencyCard {
        plan: EmergencyPlanId::new(),
        number: text("EC-1"),
    };
    assert!(matches!(
        refused_by(&repo, carer, &unknown, &hub()),
        RepoError::Domain(CaseError::UnknownEmergencyPlan)
    ));
}

#[test]
fn a_review_changes_or_keeps_the_arrangements_and_restarts_the_cycle() {
    let (repo, carer, _, plan) = registered();
    // Reviewed 200 days on, keeping the plan as it is...
    let later = now() + Duration::days(200);
    let on = later.date_naive();
    repo.execute(
        &carer.stream(),
        &CaseCommand::ReviewEmergencyPlan {
            plan,
            on,
            arrangements: None,
        },
        &acting_at(hub(), later),
        None,
    )
    .expect("reviewed");
    let held = case(&repo, carer)
        .emergency_plans
        .get(plan)
        .expect("held")
        .clone();
    assert_eq!(held.reviewed_on, vec![on]);
    assert_eq!(
        held.review_due,
        on.checked_add_months(chrono::Months::new(12))
            .expect("a day")
    );
    assert_eq!(held.arrangements, arrangements("my sister Sam"));
    // ...then again the same day, changing who steps in.
    repo.execute(
        &carer.stream(),
        &CaseCommand::ReviewEmergencyPlan {
            plan,
            on,
            arrangements: Some(arrangements("a neighbour, Jo")),
        },
        &acting_at(hub(), later),
        None,
    )
    .expect("reviewed");
    let held = case(&repo, carer)
        .emergency_plans
        .get(plan)
        .expect("held")
        .clone();
    assert_eq!(held.arrangements, arrangements("a neighbour, Jo"));
    // A review dated before the last one, or in the future, is refused.
    let earlier = CaseCommand::ReviewEmergencyPlan {
        plan,
        on: on.pred_opt().expect("a day"),
        arrangements: None,
    };
    assert!(matches!(
        refused_by(&repo, carer, &earlier, &acting_at(hub(), later)),
        RepoError::Domain(CaseError::ReviewOutOfOrder)
    ));
    let future = CaseCommand::ReviewEmergencyPlan {
        plan,
        on: on.succ_opt().expect("a day"),
        arrangements: None,
    };
    assert!(matches!(
        refused_by(&repo, carer, &future, &acting_at(hub(), later)),
        RepoError::Domain(CaseError::DateInTheFuture)
    ));
    let blank = CaseCommand::ReviewEmergencyPlan {
        plan,
        on,
        arrangements: Some(EmergencyArrangements {
            needs: text(""),
            ..arrangements("Jo")
        }),
    };
    assert!(matches!(
        refused_by(&repo, carer, &blank, &acting_at(hub(), later)),
        RepoError::Domain(CaseError::EmergencyArrangementsRequired)
    ));
}

#[test]
fn an_activation_records_when_it_began_the_care_arranged_and_when_it_ended() {
    let (repo, carer, _, plan) = registered();
    let began = now() - Duration::hours(3);
    repo.execute(&carer.stream(), &activate(plan, began), &hub(), None)
        .expect("activated");
    let held = case(&repo, carer)
        .emergency_plans
        .get(plan)
        .expect("held")
        .clone();
    let active = held.active().expect("active");
    assert_eq!(active.at, began);
    assert_eq!(active.reason, EmergencyReason::HospitalAdmission);
    assert_eq!(
        active.replacement_care.reveal().map(String::as_str),
        Some("home care agency, four visits a day")
    );
    // One emergency at a time.
    assert!(matches!(
        refused_by(&repo, carer, &activate(plan, now()), &hub()),
        RepoError::Domain(CaseError::EmergencyPlanActive)
    ));
    // It ends no earlier than it began, and not in the future.
    let too_early = CaseCommand::EndEmergencyActivation {
        plan,
        at: began - Duration::minutes(1),
    };
    assert!(matches!(
        refused_by(&repo, carer, &too_early, &hub()),
        RepoError::Domain(CaseError::PeriodReversed)
    ));
    let future = CaseCommand::EndEmergencyActivation {
        plan,
        at: now() + Duration::minutes(1),
    };
    assert!(matches!(
        refused_by(&repo, carer, &future, &hub()),
        RepoError::Domain(CaseError::DateInTheFuture)
    ));
    let ended = now() - Duration::hours(1);
    repo.execute(
        &carer.stream(),
        &CaseCommand::EndEmergencyActivation { plan, at: ended },
        &hub(),
        None,
    )
    .expect("ended");
    let held = case(&repo, carer)
        .emergency_plans
        .get(plan)
        .expect("held")
        .clone();
    assert!(held.active().is_none());
    assert_eq!(held.activations.len(), 1);
    assert_eq!(held.activations[0].ended, Some(ended));
    // Nothing is active to end now; a new emergency may not begin before the
    // last one ended.
    let again = CaseCommand::EndEmergencyActivation { plan, at: now() };
    assert!(matches!(
        refused_by(&repo, carer, &again, &hub()),
        RepoError::Domain(CaseError::EmergencyPlanNotActive)
    ));
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &activate(plan, ended - Duration::minutes(5)),
            &hub()
        ),
        RepoError::Domain(CaseError::PeriodReversed)
    ));
    repo.execute(&carer.stream(), &activate(plan, now()), &hub(), None)
        .expect("a second emergency");
    assert_eq!(
        case(&repo, carer)
            .emergency_plans
            .get(plan)
            .expect("held")
            .activations
            .len(),
        2
    );
}

#[test]
fn an_activation_is_of_a_plan_the_case_holds_not_in_the_future_nor_before_it_was_registered() {
    let (repo, carer, _, plan) = registered();
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &activate(EmergencyPlanId::new(), now()),
            &hub()
        ),
        RepoError::Domain(CaseError::UnknownEmergencyPlan)
    ));
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &activate(plan, now() + Duration::seconds(1)),
            &hub()
        ),
        RepoError::Domain(CaseError::DateInTheFuture)
    ));
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &activate(plan, now() - Duration::days(2)),
            &hub()
        ),
        RepoError::Domain(CaseError::DateBeforePlan)
    ));
    let no_care = CaseCommand::ActivateEmergencyPlan {
        plan,
        at: now(),
        reason: EmergencyReason::Crisis,
        replacement_care: text(""),
    };
    assert!(matches!(
        refused_by(&repo, carer, &no_care, &hub()),
        RepoError::Domain(CaseError::EmergencyArrangementsRequired)
    ));
    let none = CaseCommand::EndEmergencyActivation {
        plan: EmergencyPlanId::new(),
        at: now(),
    };
    assert!(matches!(
        refused_by(&repo, carer, &none, &hub()),
        RepoError::Domain(CaseError::UnknownEmergencyPlan)
    ));
}

#[test]
fn a_volunteer_may_not_register_or_activate_an_emergency_plan() {
    let (repo, carer, _, plan) = registered();
    let volunteer = carers_core::es::Context::new(
        carers_core::es::Actor::new("v-1", "carers-hub", "volunteer"),
        now(),
    );
    assert!(matches!(
        refused_by(&repo, carer, &activate(plan, now()), &volunteer),
        RepoError::Denied(_)
    ));
    let register = CaseCommand::RegisterEmergencyPlan(NewEmergencyPlan {
        plan: EmergencyPlanId::new(),
        cared_for: CaredForId::new(),
        arrangements: arrangements("Sam"),
    });
    assert!(matches!(
        refused_by(&repo, carer, &register, &volunteer),
        RepoError::Denied(_)
    ));
}

#[test]
fn a_role_has_one_emergency_plan_and_a_plan_of_an_ended_role_is_not_activated() {
    let (repo, carer, father, plan) = registered();
    let second = CaseCommand::RegisterEmergencyPlan(NewEmergencyPlan {
        plan: EmergencyPlanId::new(),
        cared_for: father,
        arrangements: arrangements("Jo"),
    });
    assert!(matches!(
        refused_by(&repo, carer, &second, &hub()),
        RepoError::Domain(CaseError::EmergencyPlanExists)
    ));
    repo.execute(
        &carer.stream(),
        &CaseCommand::MoveOn {
            cared_for: father,
            reason: MovingOnReason::Died,
            on: now().date_naive(),
        },
        &hub(),
        None,
    )
    .expect("moved on");
    assert!(matches!(
        refused_by(&repo, carer, &activate(plan, now()), &hub()),
        RepoError::Domain(CaseError::RoleEnded)
    ));
}

#[test]
fn an_open_emergency_is_ended_even_after_the_carer_withdraws_consent() {
    let repo = Repository::<CarerCase, _>::new(carers_core::es::MemoryStore::new())
        .with_access(partnership());
    let father = CaredForId::new();
    let plan = EmergencyPlanId::new();
    // A case held on consent, so a withdrawal stops new casework.
    let consent_case = CarerId::new();
    let stream = consent_case.stream();
    repo.execute_all(
        &stream,
        &[
            identify_carer(
                consent_case,
                date(1970, 2, 2),
                IdentificationSource::Gp,
                LawfulBasis::Consent,
            ),
            CaseCommand::AddCaringRole(new_role(father, date(1941, 7, 7))),
            CaseCommand::RegisterEmergencyPlan(NewEmergencyPlan {
                plan,
                cared_for: father,
                arrangements: arrangements("Sam"),
            }),
            activate(plan, now() - Duration::hours(1)),
            CaseCommand::RecordConsent {
                purpose: ConsentPurpose::HoldData,
                given: false,
            },
        ],
        &hub(),
        None,
    )
    .expect("activated, then consent withdrawn");
    assert!(matches!(
        refused_by(
            &repo,
            consent_case,
            &CaseCommand::IssueEmergencyCard {
                plan,
                number: text("EC-9")
            },
            &hub()
        ),
        RepoError::Domain(CaseError::ConsentWithdrawn)
    ));
    repo.execute(
        &stream,
        &CaseCommand::EndEmergencyActivation { plan, at: now() },
        &hub(),
        None,
    )
    .expect("the emergency is ended");
}

#[test]
fn the_subject_access_export_withholds_the_cared_for_persons_needs_in_a_plan() {
    let (repo, carer, _, plan) = registered();
    repo.execute(
        &carer.stream(),
        &CaseCommand::IssueEmergencyCard {
            plan,
            number: text("EC-77"),
        },
        &hub(),
        None,
    )
    .expect("issued");
    repo.execute(&carer.stream(), &activate(plan, now()), &hub(), None)
        .expect("activated");
    let stream = carer.stream();
    let read = carers_core::es::ReadPurpose::SubjectAccess;
    let state = repo.read(&stream, &hub(), read).expect("read").state;
    let timeline = repo.read_timeline(&stream, &hub(), read).expect("timeline");
    let export = subject_access::export(&timeline, &state);
    let shown = carers_core::es::form::revealed(|| serde_json::to_string(&export)).expect("json");
    assert!(
        !shown.contains("insulin"),
        "the father's needs shown: {shown}"
    );
    assert!(
        shown.contains("EC-77"),
        "the carer's own card withheld: {shown}"
    );
}
