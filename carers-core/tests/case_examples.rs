//! Concrete situations, each asserting the outcome and its reasons.

mod support;

use carers_core::domain::*;
use carers_core::es::scenario::given;
use carers_core::es::{Aggregate, EventStore, MemoryStore, RepoError, Repository};
use support::*;

fn complete(assessment: AssessmentId) -> CaseCommand {
    CaseCommand::CompleteAssessment { assessment }
}

fn determination_of(events: &[CaseEvent]) -> Determination {
    match events {
        [
            CaseEvent::AssessmentCompleted {
                result: AssessmentResult::Determination(d),
                ..
            },
        ] => d.clone(),
        other => panic!("expected one completion with a determination, got {other:?}"),
    }
}

fn request(assessment: AssessmentId, kind: AssessmentKind, cared_for: CaredForId) -> CaseCommand {
    CaseCommand::RequestAssessment(AssessmentRequest::new(
        assessment,
        kind,
        cared_for,
        Route::RequestedByCarer,
    ))
}

#[test]
fn a_carer_of_a_parent_with_dementia_who_cannot_keep_a_job_is_eligible() {
    let a = AssessmentId::new();
    let mut history = adult_carer_in_assessment(a);
    let n = needs(true, false, true).with_outcome(
        Outcome::WorkTrainingEducationOrVolunteering,
        Achievement::Unachievable(Inability::NeedsAssistance),
    );
    history.push(evidence_recorded(a, evidence(n)));
    let events = given::<CarerCase>(history)
        .when(&complete(a), &hub())
        .accepted();
    let d = determination_of(&events);
    assert!(d.eligible);
    assert_eq!(
        d.reasons.unachievable_outcomes,
        vec![(
            Outcome::WorkTrainingEducationOrVolunteering,
            Inability::NeedsAssistance
        )]
    );
    assert!(
        d.reasons.from_necessary_care_for_an_adult && d.reasons.significant_impact_on_wellbeing
    );
    assert!(!d.reasons.health_deteriorating_or_at_risk);
}

#[test]
fn distress_at_managing_nutrition_alone_is_enough() {
    let a = AssessmentId::new();
    let mut history = adult_carer_in_assessment(a);
    let n = needs(true, false, true).with_outcome(
        Outcome::ManagingNutrition,
        Achievement::Unachievable(Inability::SignificantPainDistressOrAnxiety),
    );
    history.push(evidence_recorded(a, evidence(n)));
    let d = determination_of(
        &given::<CarerCase>(history)
            .when(&complete(a), &hub())
            .accepted(),
    );
    assert!(
        d.eligible,
        "one outcome suffices for a carer (reg. 3(2)(b))"
    );
    assert_eq!(
        d.reasons.unachievable_outcomes,
        vec![(
            Outcome::ManagingNutrition,
            Inability::SignificantPainDistressOrAnxiety
        )]
    );
}

#[test]
fn health_at_risk_without_a_significant_impact_is_not_eligible() {
    let a = AssessmentId::new();
    let mut history = adult_carer_in_assessment(a);
    history.push(evidence_recorded(a, evidence(needs(true, true, false))));
    let d = determination_of(
        &given::<CarerCase>(history)
            .when(&complete(a), &hub())
            .accepted(),
    );
    assert!(!d.eligible);
    assert!(d.reasons.health_deteriorating_or_at_risk);
    assert!(!d.reasons.significant_impact_on_wellbeing);
}

#[test]
fn a_paid_care_worker_is_not_a_carer_until_the_authority_decides_otherwise() {
    let carer = CarerId::new();
    let person = CaredForId::new();
    let history = vec![
        identified(carer, date(1985, 6, 1)),
        role_added(role(
            person,
            CaredForAge::Adult,
            Relationship::FriendOrNeighbour,
            CareBasis::UnderContract,
        )),
    ];
    let a = AssessmentId::new();
    given::<CarerCase>(history.clone())
        .when(
            &request(a, AssessmentKind::CarersAssessment, person),
            &hub(),
        )
        .then_error(CaseError::NotACarer);
    // s.10(10): the relationship makes it appropriate to treat them as a carer.
    let mut treated = history;
    treated.push(CaseEvent::TreatedAsCarer {
        cared_for: person,
        reason: Personal::new("cares far beyond the contract".into()),
    });
    let events = given::<CarerCase>(treated)
        .when(
            &request(a, AssessmentKind::CarersAssessment, person),
            &hub(),
        )
        .accepted();
    assert!(matches!(
        events[..],
        [CaseEvent::AssessmentRequested {
            kind: AssessmentKind::CarersAssessment,
            ..
        }]
    ));
}

#[test]
fn a_young_carer_at_17_years_6_months_is_due_a_transition_assessment_that_gives_an_indication() {
    let carer = CarerId::new();
    let father = CaredForId::new();
    // Born 23 May 2009: 17 years 6 months on the tests' date, 23 November 2026.
    let dob = date(2009, 5, 23);
    let history = vec![
        identified(carer, dob),
        role_added(role(
            father,
            CaredForAge::Adult,
            Relationship::Child,
            CareBasis::Unpaid,
        )),
    ];
    let case = CarerCase::replay(&history);
    let today = now().date_naive();
    assert_eq!(case.kind_on(today), Some(CarerKind::YoungCarer));
    assert_eq!(
        case.transition_assessment_due(&TransitionPolicy::default(), today),
        Some(today)
    );
    let a = AssessmentId::new();
    given::<CarerCase>(history.clone())
        .when(
            &request(a, AssessmentKind::CarersAssessment, father),
            &hub(),
        )
        .then_error(CaseError::WrongAssessmentKind {
            requested: AssessmentKind::CarersAssessment,
            applies: ApplicableRoute::Assessment(AssessmentKind::YoungCarersNeedsAssessment),
        });
    let mut history = history;
    history.extend([
        requested(a, AssessmentKind::Transition, father),
        started(a),
        evidence_recorded(a, evidence(needs(true, true, true))),
    ]);
    let events = given::<CarerCase>(history)
        .when(&complete(a), &hub())
        .accepted();
    assert!(
        matches!(&events[..], [CaseEvent::AssessmentCompleted { result: AssessmentResult::Indication(d), .. }] if d.eligible),
        "a transition assessment indicates, it does not determine"
    );
}

#[test]
fn a_combined_assessment_needs_the_cared_for_persons_consent() {
    let carer = CarerId::new();
    let mother = CaredForId::new();
    let history = vec![
        identified(carer, date(1970, 1, 1)),
        role_added(role(
            mother,
            CaredForAge::OlderAdult,
            Relationship::Child,
            CareBasis::Unpaid,
        )),
    ];
    let combined = |cared_for_agrees| {
        CaseCommand::RequestAssessment(AssessmentRequest {
            cared_for_agrees,
            ..AssessmentRequest::new(
                AssessmentId::new(),
                AssessmentKind::Combined,
                mother,
                Route::Referral,
            )
        })
    };
    given::<CarerCase>(history.clone())
        .when(&combined(Some(false)), &hub())
        .then_error(CaseError::CombinedNeedsBothConsents);
    given::<CarerCase>(history.clone())
        .when(&combined(None), &hub())
        .then_error(CaseError::CombinedNeedsBothConsents);
    given::<CarerCase>(history)
        .when(&combined(Some(true)), &hub())
        .accepted();
}

#[test]
fn refusal_stops_the_duty_until_the_carer_asks_again() {
    let a = AssessmentId::new();
    let mut history = adult_carer_in_assessment(a);
    history.truncate(3); // requested, not started
    let mother = CarerCase::replay(&history).roles.all()[0].cared_for;
    history.push(CaseEvent::AssessmentRefused {
        assessment: a,
        overridden: None,
        on: now().date_naive(),
    });
    let offer = CaseCommand::RequestAssessment(AssessmentRequest::new(
        AssessmentId::new(),
        AssessmentKind::CarersAssessment,
        mother,
        Route::Offered,
    ));
    given::<CarerCase>(history.clone())
        .when(&offer, &hub())
        .then_error(CaseError::DutyEndedByRefusal);
    let events = given::<CarerCase>(history.clone())
        .when(
            &request(
                AssessmentId::new(),
                AssessmentKind::CarersAssessment,
                mother,
            ),
            &hub(),
        )
        .accepted();
    assert!(
        matches!(
            events[..],
            [CaseEvent::AssessmentRequested {
                duty_revived: true,
                ..
            }]
        ),
        "s.11(6)"
    );
    // s.11(7): the authority's recorded view that circumstances changed revives it too.
    let revive = CaseCommand::ReviveAssessmentDuty {
        duty: Duty::CarersAssessment,
        reason: Personal::new("the carer's health has worsened".into()),
    };
    let mut revived = history;
    revived.extend(
        given::<CarerCase>(revived.clone())
            .when(&revive, &hub())
            .accepted(),
    );
    given::<CarerCase>(revived).when(&offer, &hub()).accepted();
}

#[test]
fn a_young_carer_at_risk_is_assessed_for_transition_despite_refusal() {
    let carer = CarerId::new();
    let father = CaredForId::new();
    let a = AssessmentId::new();
    let history = vec![
        identified(carer, date(2009, 2, 2)),
        role_added(role(
            father,
            CaredForAge::Adult,
            Relationship::Child,
            CareBasis::Unpaid,
        )),
        requested(a, AssessmentKind::Transition, father),
    ];
    let refuse = CaseCommand::RefuseAssessment {
        assessment: a,
        s63_override: Some(S63Override::AbuseOrNeglect),
    };
    let state = given::<CarerCase>(history.clone())
        .when(&refuse, &hub())
        .state_after();
    assert_eq!(
        state.assessment(a).map(|x| x.status),
        Some(AssessmentStatus::Pending)
    );
    assert!(
        !state.assessments.refusals.ended(Duty::TransitionAssessment),
        "s.63(4): the duty continues"
    );
    assert_eq!(
        state.assessment(a).and_then(|x| x.refusal_overridden),
        Some(S63Override::AbuseOrNeglect),
        "the refusal and its override are on the record"
    );
    let mut after = history;
    after.push(CaseEvent::AssessmentRefused {
        assessment: a,
        overridden: Some(S63Override::AbuseOrNeglect),
        on: now().date_naive(),
    });
    given::<CarerCase>(after)
        .when(&CaseCommand::StartAssessment { assessment: a }, &hub())
        .accepted();
}

#[test]
fn needs_not_eligible_require_information_and_advice_before_closing() {
    let a = AssessmentId::new();
    let mut history = adult_carer_in_assessment(a);
    history.extend([
        evidence_recorded(a, evidence(needs(true, false, false))),
        CaseEvent::AssessmentCompleted {
            assessment: a,
            result: AssessmentResult::Determination(determine(&needs(true, false, false))),
            needs: Vec::new(),
            on: now().date_naive(),
        },
    ]);
    let close = CaseCommand::CloseAssessment { assessment: a };
    given::<CarerCase>(history.clone())
        .when(&close, &hub())
        .then_error(CaseError::WrittenRecordNotGiven);
    history.push(CaseEvent::WrittenRecordGiven {
        assessment: a,
        on: now().date_naive(),
    });
    given::<CarerCase>(history.clone())
        .when(&close, &hub())
        .then_error(CaseError::InformationAndAdviceRequired);
    history.push(CaseEvent::InformationAndAdviceRecorded {
        assessment: a,
        advice: Personal::new("carers' groups".into()),
    });
    given::<CarerCase>(history).when(&close, &hub()).accepted();
}

#[test]
fn a_complex_assessment_is_escalated_by_the_hub_and_accepted_by_adult_social_care() {
    let a = AssessmentId::new();
    let mut history = adult_carer_in_assessment(a);
    history.push(evidence_recorded(a, evidence(needs(true, true, true))));
    let escalate = CaseCommand::EscalateAsComplex {
        assessment: a,
        escalation: Escalation {
            reason: Personal::new("multiple cared-for people".into()),
            to: asc().actor.organisation.clone(),
        },
    };
    let events = given::<CarerCase>(history.clone())
        .when(&escalate, &hub())
        .accepted();
    assert!(
        matches!(&events[..], [CaseEvent::AssessmentEscalated { by, .. }] if by.as_str() == "carers-hub")
    );
    history.extend(events);
    given::<CarerCase>(history.clone())
        .when(&complete(a), &hub())
        .then_error(CaseError::WrongAssessmentStatus {
            action: "complete",
            status: AssessmentStatus::Escalated,
        });
    let accept = CaseCommand::AcceptEscalation { assessment: a };
    let events = given::<CarerCase>(history.clone())
        .when(&accept, &asc())
        .accepted();
    assert!(
        matches!(&events[..], [CaseEvent::EscalationAccepted { by, .. }] if by.as_str() == "adult-social-care")
    );
    history.extend(events);
    assert!(
        determination_of(
            &given::<CarerCase>(history)
                .when(&complete(a), &asc())
                .accepted()
        )
        .eligible
    );
}

#[test]
fn a_parent_of_a_disabled_child_gets_a_parent_carers_needs_assessment() {
    let carer = CarerId::new();
    let son = CaredForId::new();
    let history = vec![
        identified(carer, date(1990, 9, 9)),
        role_added(role(
            son,
            CaredForAge::Child,
            Relationship::Parent,
            CareBasis::Unpaid,
        )),
    ];
    given::<CarerCase>(history.clone())
        .when(
            &request(AssessmentId::new(), AssessmentKind::CarersAssessment, son),
            &hub(),
        )
        .then_error(CaseError::WrongAssessmentKind {
            requested: AssessmentKind::CarersAssessment,
            applies: ApplicableRoute::Assessment(AssessmentKind::ParentCarersNeedsAssessment),
        });
    given::<CarerCase>(history)
        .when(
            &request(
                AssessmentId::new(),
                AssessmentKind::ParentCarersNeedsAssessment,
                son,
            ),
            &hub(),
        )
        .accepted();
}

#[test]
fn bereavement_moves_the_role_on_and_opens_three_years_of_support() {
    let carer = CarerId::new();
    let mother = CaredForId::new();
    let history = vec![
        identified(carer, date(1960, 3, 3)),
        role_added(role(
            mother,
            CaredForAge::OlderAdult,
            Relationship::Child,
            CareBasis::Unpaid,
        )),
    ];
    let died = date(2026, 11, 1);
    let cmd = CaseCommand::MoveOn {
        cared_for: mother,
        reason: MovingOnReason::Died,
        on: died,
    };
    let events = given::<CarerCase>(history.clone())
        .when(&cmd, &hub())
        .accepted();
    let [
        CaseEvent::MovedOnFromCaring {
            offer,
            from: Stage::LivingAsACarer,
            ..
        },
    ] = &events[..]
    else {
        panic!("expected the move on, got {events:?}");
    };
    assert_eq!(offer.follow_up_due, Some(date(2027, 2, 1)));
    assert_eq!(offer.support_until, Some(date(2029, 11, 1)));
    let state = given::<CarerCase>(history).when(&cmd, &hub()).state_after();
    assert_eq!(state.overall_stage(), Some(Stage::MovingOn));
}

#[test]
fn a_forbidden_journey_step_is_refused_and_appends_nothing() {
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let carer = CarerId::new();
    let stream = carer.stream();
    let person = CaredForId::new();
    repo.execute(
        &stream,
        &CaseCommand::IdentifyCarer {
            carer,
            details: details(date(1980, 1, 1)),
            source: IdentificationSource::SelfReferral,
            lawful_basis: LawfulBasis::PublicTask,
            consent_to_hold_data: true,
        },
        &hub(),
        None,
    )
    .expect("identified");
    let new_role = NewCaringRole {
        cared_for: person,
        cared_for_born: Personal::new(born_in(CaredForAge::Adult)),
        parental_responsibility: false,
        relationship: Relationship::Partner,
        conditions: vec![ConditionCategory::MentalHealth],
        hours: HoursBand::From20To34,
        lives_with_carer: true,
        basis: CareBasis::Unpaid,
        stage: Stage::LivingAsACarer,
    };
    repo.execute(&stream, &CaseCommand::AddCaringRole(new_role), &hub(), None)
        .expect("role added");
    let head = repo.store().head_position().expect("head");
    let back = CaseCommand::ChangeStage {
        cared_for: person,
        to: Stage::BeforeCaring,
        on: date(2026, 11, 20),
    };
    let err = repo.execute(&stream, &back, &hub(), None).unwrap_err();
    assert!(matches!(
        err,
        RepoError::Domain(CaseError::Journey(JourneyError::ForbiddenTransition {
            from: Stage::LivingAsACarer,
            to: Stage::BeforeCaring
        }))
    ));
    assert_eq!(repo.store().head_position().expect("head"), head);
}

#[test]
fn errors_and_debug_output_never_show_personal_data() {
    let a = AssessmentId::new();
    let history = adult_carer_in_assessment(a);
    let state = CarerCase::replay(&history);
    let shown = format!("{state:?} {history:?}");
    for secret in ["Alex Example", "07700", "Example Street", "1970"] {
        assert!(!shown.contains(secret), "Debug output shows personal data");
    }
    // Every refusal's message, alone and as the repository reports it: fixed text
    // and the names of rules, kinds and statuses only (the type holds no personal
    // value: `hygiene.rs` checks its fields).
    for refusal in CaseError::one_of_each() {
        let repo_error = carers_core::es::RepoError::Domain(refusal.clone());
        let messages = [
            refusal.to_string(),
            format!("{refusal:?}"),
            repo_error.to_string(),
        ];
        for message in &messages {
            assert!(!message.is_empty());
            for secret in [
                "Alex Example",
                "07700",
                "Example Street",
                "1970",
                "<personal>",
            ] {
                assert!(!message.contains(secret), "{message}");
            }
        }
        assert_eq!(messages[2], format!("command refused: {}", messages[0]));
    }
}
