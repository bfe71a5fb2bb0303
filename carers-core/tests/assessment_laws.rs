//! Who may be assessed, and how: each rule of the Care Act 2014 and the Children
//! Act 1989 on assessments, as a test named for the rule.

mod support;

use carers_core::domain::*;
use carers_core::es::Aggregate;
use carers_core::es::scenario::given;
use chrono::NaiveDate;
use proptest::prelude::*;
use support::*;

/// A carer born on `carer_born` with one role for a person born `cared_for_born`.
fn carer_with_role(
    carer_born: NaiveDate,
    cared_for: CaredForId,
    cared_for_born: NaiveDate,
    relationship: Relationship,
    parental_responsibility: bool,
) -> Vec<CaseEvent> {
    let mut r = role(
        cared_for,
        CaredForAge::Adult,
        relationship,
        CareBasis::Unpaid,
    );
    r.cared_for_born = Personal::new(cared_for_born);
    r.parental_responsibility = parental_responsibility;
    vec![identified(CarerId::new(), carer_born), role_added(r)]
}

fn request(kind: AssessmentKind, cared_for: CaredForId) -> CaseCommand {
    CaseCommand::RequestAssessment(AssessmentRequest::new(
        AssessmentId::new(),
        kind,
        cared_for,
        Route::RequestedByCarer,
    ))
}

fn wrong(requested: AssessmentKind, applies: ApplicableRoute) -> CaseError {
    CaseError::WrongAssessmentKind { requested, applies }
}

fn run(history: &mut Vec<CaseEvent>, cmd: &CaseCommand) {
    accept(history, cmd.clone(), &hub());
}

// 1. Care Act s.10(3): a carer's assessment is for someone caring for an adult.

#[test]
fn a_carers_assessment_is_only_for_caring_for_an_adult() {
    let grandchild = CaredForId::new();
    // A grandmother caring for her 10-year-old grandson, without parental responsibility.
    let history = carer_with_role(
        date(1960, 1, 1),
        grandchild,
        date(2016, 3, 3),
        Relationship::Grandparent,
        false,
    );
    given::<CarerCase>(history)
        .when(
            &request(AssessmentKind::CarersAssessment, grandchild),
            &hub(),
        )
        .then_error(wrong(
            AssessmentKind::CarersAssessment,
            ApplicableRoute::ChildInNeedAssessment,
        ));
    // An older sibling, 20, caring for a 12-year-old brother.
    let brother = CaredForId::new();
    let history = carer_with_role(
        date(2006, 1, 1),
        brother,
        date(2014, 1, 1),
        Relationship::Sibling,
        false,
    );
    given::<CarerCase>(history)
        .when(&request(AssessmentKind::Combined, brother), &hub())
        .then_error(wrong(
            AssessmentKind::Combined,
            ApplicableRoute::ChildInNeedAssessment,
        ));
}

#[test]
fn not_a_carer_is_judged_on_the_role_the_assessment_concerns() {
    let mother = CaredForId::new();
    let client = CaredForId::new();
    let mut history = carer_with_role(
        date(1970, 1, 1),
        mother,
        date(1940, 1, 1),
        Relationship::Child,
        false,
    );
    history.push(role_added(role(
        client,
        CaredForAge::OlderAdult,
        Relationship::Other,
        CareBasis::UnderContract,
    )));
    // s.10(9): the paid role does not make a carer, even though another role does.
    given::<CarerCase>(history.clone())
        .when(&request(AssessmentKind::CarersAssessment, client), &hub())
        .then_error(CaseError::NotACarer);
    given::<CarerCase>(history)
        .when(&request(AssessmentKind::CarersAssessment, mother), &hub())
        .accepted();
}

/// The route the law gives, written out independently of the code's table.
fn oracle(carer_age: u32, cared_for_age: u32, pr: bool) -> Vec<AssessmentKind> {
    use AssessmentKind::*;
    if carer_age < 18 {
        // s.17ZA covers caring for anyone; s.63(6) only caring for an adult.
        if cared_for_age >= 18 {
            vec![YoungCarersNeedsAssessment, Transition]
        } else {
            vec![YoungCarersNeedsAssessment]
        }
    } else if cared_for_age >= 18 {
        vec![CarersAssessment, Combined]
    } else if pr {
        vec![ParentCarersNeedsAssessment]
    } else {
        vec![]
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// s.10(3), s.12(5), s.63(6), s.17ZA, s.17ZD: the kind of assessment follows the
    /// carer's and the cared-for person's ages on the day and parental responsibility,
    /// and a refusal names the route that applies.
    #[test]
    fn the_assessment_kind_follows_ages_on_the_day_and_parental_responsibility(
        carer_age in 10u32..90, cared_for_age in 0u32..95, pr in any::<bool>(),
        kind in prop_oneof![
            Just(AssessmentKind::CarersAssessment),
            Just(AssessmentKind::Combined),
            Just(AssessmentKind::YoungCarersNeedsAssessment),
            Just(AssessmentKind::ParentCarersNeedsAssessment),
            Just(AssessmentKind::Transition),
        ],
    ) {
        let today = now().date_naive();
        // Born a day before the birthday that gives the age: the age is exact today.
        let born = |age: u32| {
            today - chrono::Months::new(12 * age) - chrono::Days::new(1)
        };
        let person = CaredForId::new();
        let history = carer_with_role(born(carer_age), person, born(cared_for_age), Relationship::OtherRelative, pr);
        let mut cmd = AssessmentRequest::new(AssessmentId::new(), kind, person, Route::RequestedByCarer);
        cmd.cared_for_agrees = Some(true);
        let allowed = oracle(carer_age, cared_for_age, pr);
        let then = given::<CarerCase>(history).when(&CaseCommand::RequestAssessment(cmd), &hub());
        if allowed.contains(&kind) {
            then.accepted();
        } else {
            let applies = allowed.first().map_or(ApplicableRoute::ChildInNeedAssessment, |k| ApplicableRoute::Assessment(*k));
            then.then_error(wrong(kind, applies));
        }
    }
}

// 2. Care Act s.63: a transition assessment is for a young carer caring for an adult.

fn young_carer_of(cared_for: CaredForId, cared_for_born: NaiveDate) -> Vec<CaseEvent> {
    // 17 years 6 months on the tests' date.
    carer_with_role(
        date(2009, 5, 23),
        cared_for,
        cared_for_born,
        Relationship::Sibling,
        false,
    )
}

#[test]
fn a_transition_assessment_is_for_a_young_carer_caring_for_an_adult() {
    let sister = CaredForId::new();
    given::<CarerCase>(young_carer_of(sister, date(2015, 1, 1)))
        .when(&request(AssessmentKind::Transition, sister), &hub())
        .then_error(wrong(
            AssessmentKind::Transition,
            ApplicableRoute::Assessment(AssessmentKind::YoungCarersNeedsAssessment),
        ));
    let father = CaredForId::new();
    given::<CarerCase>(young_carer_of(father, date(1975, 1, 1)))
        .when(&request(AssessmentKind::Transition, father), &hub())
        .accepted();
}

#[test]
fn s63_1_conditions_and_s63_3_consent_are_recorded_with_the_request() {
    let father = CaredForId::new();
    let history = young_carer_of(father, date(1975, 1, 1));
    let with = |grounds: Option<TransitionGrounds>| {
        let mut r = AssessmentRequest::new(
            AssessmentId::new(),
            AssessmentKind::Transition,
            father,
            Route::Offered,
        );
        r.transition = grounds;
        CaseCommand::RequestAssessment(r)
    };
    for (likely, benefit) in [(false, true), (true, false), (false, false)] {
        given::<CarerCase>(history.clone())
            .when(
                &with(Some(TransitionGrounds {
                    likely_to_have_needs_after_18: likely,
                    significant_benefit: benefit,
                    consent: TransitionConsent::Given,
                })),
                &hub(),
            )
            .then_error(CaseError::TransitionConditionsNotMet);
    }
    given::<CarerCase>(history.clone())
        .when(&with(None), &hub())
        .then_error(CaseError::TransitionConditionsNotMet);
    let overridden = TransitionGrounds {
        consent: TransitionConsent::Overridden(
            S63Override::LacksCapacityOrCompetenceAndBestInterests,
        ),
        ..TransitionGrounds::consented()
    };
    let events = given::<CarerCase>(history.clone())
        .when(&with(Some(overridden)), &hub())
        .accepted();
    assert!(matches!(
        &events[..],
        [CaseEvent::AssessmentRequested { transition: Some(g), .. }] if *g == overridden
    ));
    // Grounds belong to transition assessments only.
    let mut r = AssessmentRequest::new(
        AssessmentId::new(),
        AssessmentKind::YoungCarersNeedsAssessment,
        father,
        Route::Offered,
    );
    r.transition = Some(TransitionGrounds::consented());
    given::<CarerCase>(history)
        .when(&CaseCommand::RequestAssessment(r), &hub())
        .then_error(CaseError::TransitionGroundsOnlyForTransition);
}

#[test]
fn the_s63_4_override_applies_to_the_transition_assessment_only() {
    let father = CaredForId::new();
    let a = AssessmentId::new();
    let mut history = young_carer_of(father, date(1975, 1, 1));
    history.push(requested(
        a,
        AssessmentKind::YoungCarersNeedsAssessment,
        father,
    ));
    given::<CarerCase>(history)
        .when(
            &CaseCommand::RefuseAssessment {
                assessment: a,
                s63_override: Some(S63Override::AbuseOrNeglect),
            },
            &hub(),
        )
        .then_error(CaseError::S63OverrideOnlyForTransition);
}

// 3. s.64 and CSSG ch. 16: the indication comes with advice; at 18 it may be
// treated as a carer's assessment, and a plan can then follow it.

/// A young carer, born `born`, whose transition assessment is completed eligible.
fn completed_transition(born: NaiveDate) -> (Vec<CaseEvent>, AssessmentId) {
    let father = CaredForId::new();
    let a = AssessmentId::new();
    let mut history = carer_with_role(born, father, date(1975, 1, 1), Relationship::Child, false);
    history.extend([
        requested(a, AssessmentKind::Transition, father),
        started(a),
        evidence_recorded(a, evidence(eligible_needs())),
    ]);
    run(
        &mut history,
        &CaseCommand::CompleteAssessment { assessment: a },
    );
    run(
        &mut history,
        &CaseCommand::GiveWrittenRecord {
            assessment: a,
            on: now().date_naive(),
        },
    );
    (history, a)
}

#[test]
fn a_transition_assessment_closes_only_with_its_s64_advice() {
    let (mut history, a) = completed_transition(date(2009, 5, 23));
    let close = CaseCommand::CloseAssessment { assessment: a };
    // Eligible as indicated, and still s.64 advice is required.
    given::<CarerCase>(history.clone())
        .when(&close, &hub())
        .then_error(CaseError::TransitionAdviceRequired);
    run(
        &mut history,
        &CaseCommand::RecordInformationAndAdvice {
            assessment: a,
            advice: Personal::new("what support looks like after 18".into()),
        },
    );
    given::<CarerCase>(history).when(&close, &hub()).accepted();
}

#[test]
fn at_18_the_indication_may_be_treated_as_a_carers_assessment_and_a_plan_can_follow_it() {
    let decide = |a, treat| CaseCommand::DecideTransitionAt18 {
        assessment: a,
        treat_as_carers_assessment: treat,
    };
    // Still 17: too early.
    let (history, a) = completed_transition(date(2009, 5, 23));
    given::<CarerCase>(history)
        .when(&decide(a, true), &hub())
        .then_error(CaseError::NotYetEighteen);
    // Assessed before 18 and now 18: the decision is recorded once.
    let (mut history, a) = completed_transition(date(2008, 11, 1));
    let case = CarerCase::replay(&history);
    assert_eq!(
        case.view().determination_for_plan(a),
        Err(CaseError::IndicationNotTreatedAsAssessment),
        "an indication is not a determination"
    );
    run(&mut history, &decide(a, true));
    let case = CarerCase::replay(&history);
    assert!(
        case.view()
            .determination_for_plan(a)
            .is_ok_and(|d| d.eligible)
    );
    given::<CarerCase>(history)
        .when(&decide(a, false), &hub())
        .then_error(CaseError::AlreadyDecidedAt18);
    // Not treated as one: no plan follows it.
    let (mut history, a) = completed_transition(date(2008, 11, 1));
    run(&mut history, &decide(a, false));
    assert_eq!(
        CarerCase::replay(&history).view().determination_for_plan(a),
        Err(CaseError::IndicationNotTreatedAsAssessment)
    );
}

// 4. Children Act assessments are not reg. 3 determinations.

fn children_act_assessment(kind: AssessmentKind) -> (Vec<CaseEvent>, AssessmentId) {
    let a = AssessmentId::new();
    let person = CaredForId::new();
    let mut history = match kind {
        AssessmentKind::YoungCarersNeedsAssessment => young_carer_of(person, date(1975, 1, 1)),
        _ => carer_with_role(
            date(1985, 1, 1),
            person,
            date(2016, 1, 1),
            Relationship::Parent,
            true,
        ),
    };
    history.extend([requested(a, kind, person), started(a)]);
    (history, a)
}

#[test]
fn a_young_carers_needs_assessment_does_not_complete_without_s17za7_appropriateness() {
    let (mut history, a) = children_act_assessment(AssessmentKind::YoungCarersNeedsAssessment);
    let complete = CaseCommand::CompleteAssessment { assessment: a };
    given::<CarerCase>(history.clone())
        .when(&complete, &hub())
        .then_error(CaseError::AppropriatenessNotRecorded);
    // Care Act evidence does not fit a Children Act assessment.
    given::<CarerCase>(history.clone())
        .when(
            &CaseCommand::RecordEvidence {
                assessment: a,
                evidence: Box::new(evidence(eligible_needs())),
            },
            &hub(),
        )
        .then_error(CaseError::EvidenceDoesNotFitKind {
            kind: AssessmentKind::YoungCarersNeedsAssessment,
        });
    run(
        &mut history,
        &CaseCommand::RecordChildrenActEvidence {
            assessment: a,
            evidence: Box::new(young_carer_evidence(false)),
        },
    );
    let events = given::<CarerCase>(history)
        .when(&complete, &hub())
        .accepted();
    assert!(matches!(
        &events[..],
        [CaseEvent::AssessmentCompleted {
            result: AssessmentResult::YoungCarerFindings {
                needs_for_support: true,
                appropriate_to_care: false,
                excessive_or_inappropriate_tasks: true,
            },
            ..
        }]
    ));
}

#[test]
fn a_parent_carers_needs_assessment_records_s17zd_needs_not_reg3() {
    let (mut history, a) = children_act_assessment(AssessmentKind::ParentCarersNeedsAssessment);
    let complete = CaseCommand::CompleteAssessment { assessment: a };
    given::<CarerCase>(history.clone())
        .when(&complete, &hub())
        .then_error(CaseError::ParentCarerNeedsNotRecorded);
    run(
        &mut history,
        &CaseCommand::RecordChildrenActEvidence {
            assessment: a,
            evidence: Box::new(ChildrenActEvidence::ParentCarer(ParentCarerEvidence {
                needs_for_support: true,
                needs: Personal::new("sleep; a break at weekends".into()),
                regard_to_wellbeing_and_child_welfare: Personal::new(
                    "the child's routine is kept".into(),
                ),
            })),
        },
    );
    let events = given::<CarerCase>(history)
        .when(&complete, &hub())
        .accepted();
    assert!(matches!(
        &events[..],
        [CaseEvent::AssessmentCompleted {
            result: AssessmentResult::ParentCarerFindings {
                needs_for_support: true
            },
            ..
        }]
    ));
}

// 5. s.11(5)–(7): refusal ends the duty it was made under; revival is one decision.

#[test]
fn refusal_ends_the_duty_for_that_kind_of_assessment_only() {
    let mother = CaredForId::new();
    let son = CaredForId::new();
    let a = AssessmentId::new();
    let mut history = carer_with_role(
        date(1980, 1, 1),
        mother,
        date(1945, 1, 1),
        Relationship::Child,
        false,
    );
    let mut boy = role(
        son,
        CaredForAge::Child,
        Relationship::Parent,
        CareBasis::Unpaid,
    );
    boy.parental_responsibility = true;
    history.extend([
        role_added(boy),
        requested(a, AssessmentKind::CarersAssessment, mother),
        CaseEvent::AssessmentRefused {
            assessment: a,
            overridden: None,
            on: now().date_naive(),
        },
    ]);
    let offer = |kind, cared_for| {
        CaseCommand::RequestAssessment(AssessmentRequest::new(
            AssessmentId::new(),
            kind,
            cared_for,
            Route::Offered,
        ))
    };
    given::<CarerCase>(history.clone())
        .when(&offer(AssessmentKind::CarersAssessment, mother), &hub())
        .then_error(CaseError::DutyEndedByRefusal);
    given::<CarerCase>(history)
        .when(
            &offer(AssessmentKind::ParentCarersNeedsAssessment, son),
            &hub(),
        )
        .accepted();
}

#[test]
fn s11_7_revival_is_one_recorded_decision_on_a_duty_a_refusal_ended() {
    let a = AssessmentId::new();
    let history = adult_carer_in_assessment(a);
    let revive = CaseCommand::ReviveAssessmentDuty {
        duty: Duty::CarersAssessment,
        reason: Personal::new("needs changed".into()),
    };
    given::<CarerCase>(history)
        .when(&revive, &hub())
        .then_error(CaseError::DutyNotEndedByRefusal);
}

// 6. ER reg. 3(3)(b), reg. 3(4); Care Act s.13(1).

#[test]
fn reg_3_3_b_counts_what_causes_or_is_likely_to_cause_significant_pain_distress_or_anxiety() {
    assert!(
        Inability::SignificantPainDistressOrAnxiety
            .words()
            .contains("causes, or is likely to cause, significant pain, distress or anxiety")
    );
    assert!(
        Inability::EndangersHealthOrSafety
            .words()
            .contains("endangers, or is likely to endanger,")
    );
}

#[test]
fn reg_3_4_records_the_period_over_which_fluctuating_needs_were_considered() {
    assert_eq!(
        Period::new(date(2026, 10, 1), date(2026, 9, 1)),
        Err(CaseError::PeriodReversed)
    );
    assert!(
        serde_json::from_str::<Period>(r#"{"from":"2026-10-01","to":"2026-09-01"}"#).is_err(),
        "a reversed period does not deserialise either"
    );
    let a = AssessmentId::new();
    let mut history = adult_carer_in_assessment(a);
    let mut e = evidence(eligible_needs());
    e.fluctuating_needs_considered_over =
        Some(Period::new(date(2026, 5, 1), date(2026, 10, 31)).expect("in order"));
    run(
        &mut history,
        &CaseCommand::RecordEvidence {
            assessment: a,
            evidence: Box::new(e.clone()),
        },
    );
    let case = CarerCase::replay(&history);
    assert!(matches!(
        &case.assessment(a).and_then(|x| x.evidence.clone()),
        Some(Evidence::CareAct(recorded)) if recorded.fluctuating_needs_considered_over == e.fluctuating_needs_considered_over
    ));
    // A period that has not ended yet was not considered.
    e.fluctuating_needs_considered_over =
        Some(Period::new(date(2026, 5, 1), date(2027, 1, 1)).expect("in order"));
    given::<CarerCase>(history)
        .when(
            &CaseCommand::RecordEvidence {
                assessment: a,
                evidence: Box::new(e),
            },
            &hub(),
        )
        .then_error(CaseError::DateInTheFuture);
}

#[test]
fn s13_1_records_for_each_need_identified_whether_it_meets_the_criteria() {
    let a = AssessmentId::new();
    let mut history = adult_carer_in_assessment(a);
    let needs = needs(true, false, true).with_outcome(
        Outcome::ManagingNutrition,
        Achievement::Unachievable(Inability::SignificantPainDistressOrAnxiety),
    );
    let mut e = evidence(needs);
    let need = |area, text: &str| IdentifiedNeed {
        area,
        description: Personal::new(text.into()),
    };
    e.needs_identified = vec![
        need(
            NeedArea::Outcome(Outcome::ManagingNutrition),
            "cannot cook for herself",
        ),
        need(NeedArea::Outcome(Outcome::Recreation), "misses choir"),
        need(NeedArea::Health, "sleeps badly"),
    ];
    history.push(evidence_recorded(a, e));
    run(
        &mut history,
        &CaseCommand::CompleteAssessment { assessment: a },
    );
    let findings: Vec<(usize, bool)> = CarerCase::replay(&history)
        .assessment(a)
        .map(|x| x.needs.iter().map(|f| (f.need, f.meets_criteria)).collect())
        .unwrap_or_default();
    assert_eq!(findings, vec![(0, true), (1, false), (2, false)]);
}

// 7. Only the receiving organisation answers an escalation.

#[test]
fn an_escalation_is_answered_only_by_the_organisation_it_was_escalated_to() {
    let a = AssessmentId::new();
    let mut history = adult_carer_in_assessment(a);
    let to_asc = Escalation {
        reason: Personal::new("two people cared for, one in crisis".into()),
        to: asc().actor.organisation.clone(),
    };
    let to_self = Escalation {
        to: hub().actor.organisation.clone(),
        ..to_asc.clone()
    };
    given::<CarerCase>(history.clone())
        .when(
            &CaseCommand::EscalateAsComplex {
                assessment: a,
                escalation: to_self,
            },
            &hub(),
        )
        .then_error(CaseError::EscalationToOwnOrganisation);
    run(
        &mut history,
        &CaseCommand::EscalateAsComplex {
            assessment: a,
            escalation: to_asc,
        },
    );
    let accept = CaseCommand::AcceptEscalation { assessment: a };
    given::<CarerCase>(history.clone())
        .when(&accept, &hub())
        .then_error(CaseError::NotTheReceivingOrganisation);
    let decline = CaseCommand::DeclineEscalation {
        assessment: a,
        reasons: Personal::new("the hub can complete it with advice".into()),
    };
    given::<CarerCase>(history.clone())
        .when(&decline, &hub())
        .then_error(CaseError::NotTheReceivingOrganisation);
    let state = given::<CarerCase>(history.clone())
        .when(&decline, &asc())
        .state_after();
    let record = state.assessment(a).and_then(|x| x.escalation.clone());
    assert!(matches!(
        record,
        Some(EscalationRecord {
            answer: Some(EscalationAnswer::Declined(_)),
            ..
        })
    ));
    assert_eq!(
        state.assessment(a).map(|x| x.status),
        Some(AssessmentStatus::InProgress)
    );
    given::<CarerCase>(history).when(&accept, &asc()).accepted();
}

// 8. Relationship and parental responsibility are separate facts.

#[test]
fn parental_responsibility_not_relationship_makes_a_parent_carer() {
    let child = CaredForId::new();
    let special_guardian = carer_with_role(
        date(1962, 1, 1),
        child,
        date(2016, 1, 1),
        Relationship::Grandparent,
        true,
    );
    let today = now().date_naive();
    assert_eq!(
        CarerCase::replay(&special_guardian).kind_on(today),
        Some(CarerKind::ParentCarer)
    );
    given::<CarerCase>(special_guardian)
        .when(
            &request(AssessmentKind::ParentCarersNeedsAssessment, child),
            &hub(),
        )
        .accepted();
    let grandparent = carer_with_role(
        date(1962, 1, 1),
        child,
        date(2016, 1, 1),
        Relationship::Grandparent,
        false,
    );
    assert_eq!(
        CarerCase::replay(&grandparent).kind_on(today),
        Some(CarerKind::AdultCarer)
    );
    given::<CarerCase>(grandparent)
        .when(
            &request(AssessmentKind::ParentCarersNeedsAssessment, child),
            &hub(),
        )
        .then_error(wrong(
            AssessmentKind::ParentCarersNeedsAssessment,
            ApplicableRoute::ChildInNeedAssessment,
        ));
}
