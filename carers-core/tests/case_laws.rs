//! The carer's case as laws: proptest properties over generated cases and command
//! sequences (laws 4, 5 and 7 of the eligibility issue).

mod support;

use carers_core::domain::*;
use carers_core::es::scenario::given;
use carers_core::es::{Aggregate, EventStore, MemoryStore, RepoError, Repository};
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use support::*;

fn achievement() -> impl Strategy<Value = Achievement> {
    prop_oneof![
        2 => Just(Achievement::Achievable),
        1 => prop_oneof![
            Just(Inability::NeedsAssistance),
            Just(Inability::SignificantPainDistressOrAnxiety),
            Just(Inability::EndangersHealthOrSafety),
        ].prop_map(Achievement::Unachievable),
    ]
}

fn assessed_needs() -> impl Strategy<Value = AssessedNeeds> {
    (
        any::<bool>(),
        any::<bool>(),
        proptest::array::uniform8(achievement()),
        any::<bool>(),
    )
        .prop_map(
            |(
                from_necessary_care_for_an_adult,
                health_deteriorating_or_at_risk,
                outcomes,
                significant_impact_on_wellbeing,
            )| {
                AssessedNeeds {
                    from_necessary_care_for_an_adult,
                    health_deteriorating_or_at_risk,
                    outcomes,
                    significant_impact_on_wellbeing,
                }
            },
        )
}

/// What must never decide: finances and the cared-for person's eligibility.
fn non_deciding() -> impl Strategy<Value = (Option<String>, Option<String>, Option<bool>)> {
    (
        proptest::option::of("[a-z ]{0,12}"),
        proptest::option::of("[a-z ]{0,12}"),
        proptest::option::of(any::<bool>()),
    )
}

fn with_non_deciding(
    mut e: AssessmentEvidence,
    (carer, cared_for, eligible): (Option<String>, Option<String>, Option<bool>),
) -> AssessmentEvidence {
    e.carers_finances = carer.map(Personal::new);
    e.cared_for_finances = cared_for.map(Personal::new);
    e.cared_for_has_eligible_needs = eligible;
    e
}

fn completion(history: Vec<CaseEvent>, a: AssessmentId) -> AssessmentResult {
    let events = given::<CarerCase>(history)
        .when(&CaseCommand::CompleteAssessment { assessment: a }, &hub())
        .accepted();
    match events.as_slice() {
        [CaseEvent::AssessmentCompleted { result, .. }] => result.clone(),
        other => panic!("expected one completion, got {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Law 4 (s.10(4), CSSG ch. 6): finances and the cared-for person's own
    /// eligibility change neither the right to an assessment nor the determination.
    #[test]
    fn law4_finances_and_cared_for_eligibility_never_change_the_outcome(
        n in assessed_needs(), x in non_deciding(), y in non_deciding()
    ) {
        let a = AssessmentId::new();
        let mut one = adult_carer_in_assessment(a);
        let mut two = one.clone();
        one.push(evidence_recorded(a, with_non_deciding(evidence(n.clone()), x)));
        two.push(evidence_recorded(a, with_non_deciding(evidence(n.clone()), y)));
        let (r1, r2) = (completion(one.clone(), a), completion(two, a));
        prop_assert_eq!(&r1, &r2);
        prop_assert_eq!(r1, AssessmentResult::Determination(determine(&n)));
        // The right to (another) assessment does not depend on them either.
        let mother = CarerCase::replay(&one).roles.all()[0].cared_for;
        let again = CaseCommand::RequestAssessment(AssessmentRequest::new(
            AssessmentId::new(),
            AssessmentKind::CarersAssessment,
            mother,
            Route::Offered,
        ));
        given::<CarerCase>(one).when(&again, &hub()).accepted();
    }

    /// Law 5 (s.13(5)): an assessment whose needs are not eligible closes only after
    /// the information and advice given is recorded; an eligible one needs no advice.
    #[test]
    fn law5_not_eligible_needs_close_only_with_information_and_advice(n in assessed_needs(), advise in any::<bool>()) {
        let a = AssessmentId::new();
        let mut history = adult_carer_in_assessment(a);
        history.push(evidence_recorded(a, evidence(n.clone())));
        let result = completion(history.clone(), a);
        history.push(CaseEvent::AssessmentCompleted { assessment: a, result, needs: Vec::new(), on: now().date_naive() });
        history.push(CaseEvent::WrittenRecordGiven { assessment: a, on: now().date_naive() });
        if advise {
            history.push(CaseEvent::InformationAndAdviceRecorded { assessment: a, advice: Personal::new("advice".into()) });
        }
        let then = given::<CarerCase>(history).when(&CaseCommand::CloseAssessment { assessment: a }, &hub());
        if determine(&n).eligible || advise {
            then.accepted();
        } else {
            then.then_error(CaseError::InformationAndAdviceRequired);
        }
    }
}

/// A small universe of ids, so that generated commands often hit the same role or assessment.
#[derive(Clone, Copy, Debug)]
struct Ids {
    carer: CarerId,
    people: [CaredForId; 2],
    assessments: [AssessmentId; 2],
    concern: ConcernId,
}

fn command(ids: Ids) -> impl Strategy<Value = CaseCommand> {
    let person = (0..2usize).prop_map(move |i| ids.people[i]);
    let assessment = (0..2usize).prop_map(move |i| ids.assessments[i]);
    let stage = prop_oneof![
        Just(Stage::BeforeCaring),
        Just(Stage::BecomingACarer),
        Just(Stage::LivingAsACarer),
        Just(Stage::MovingOn)
    ];
    let kind = prop_oneof![
        6 => Just(AssessmentKind::CarersAssessment),
        1 => Just(AssessmentKind::YoungCarersNeedsAssessment),
        1 => Just(AssessmentKind::ParentCarersNeedsAssessment),
        1 => Just(AssessmentKind::Transition),
        1 => Just(AssessmentKind::Combined),
    ];
    let route = prop_oneof![
        Just(Route::RequestedByCarer),
        Just(Route::Offered),
        Just(Route::Referral)
    ];
    let dob = prop_oneof![
        Just(date(1970, 1, 1)),
        Just(date(2009, 5, 23)),
        Just(date(2003, 8, 8))
    ];
    let basis = prop_oneof![Just(LawfulBasis::PublicTask), Just(LawfulBasis::Consent)];
    prop_oneof![
        (dob, basis).prop_map(move |(d, lawful_basis)| CaseCommand::IdentifyCarer {
            carer: ids.carer,
            details: details(d),
            source: IdentificationSource::HospitalDischarge,
            lawful_basis,
            consent_to_hold_data: true
        }),
        any::<bool>().prop_map(|given| CaseCommand::RecordConsent {
            purpose: ConsentPurpose::HoldData,
            given
        }),
        (person.clone(), any::<bool>()).prop_map(move |(p, carer)| CaseCommand::RaiseConcern {
            concern: ids.concern,
            details: concern_details(
                if carer {
                    PersonAtRisk::Carer
                } else {
                    PersonAtRisk::CaredFor(p)
                },
                false
            ),
        }),
        prop_oneof![Just(Agency::AdultSocialCare), Just(Agency::ChildrensTrust)].prop_map(
            move |to| CaseCommand::ReferConcern {
                concern: ids.concern,
                to
            }
        ),
        Just(CaseCommand::CloseBelowThreshold {
            concern: ids.concern,
            outcome: BelowThreshold::AdviceGiven,
            reason: Personal::new("advice on respite".into())
        }),
        Just(CaseCommand::RecordStrategyMeeting {
            concern: ids.concern,
            held_on: date(2026, 11, 23)
        }),
        (
            person.clone(),
            stage.clone(),
            proptest::bool::weighted(0.2),
            proptest::bool::weighted(0.2)
        )
            .prop_map(|(cared_for, stage, child, paid)| {
                CaseCommand::AddCaringRole(NewCaringRole {
                    cared_for,
                    cared_for_born: Personal::new(born_in(if child {
                        CaredForAge::Child
                    } else {
                        CaredForAge::Adult
                    })),
                    relationship: if child {
                        Relationship::Parent
                    } else {
                        Relationship::Partner
                    },
                    parental_responsibility: child,
                    conditions: vec![ConditionCategory::LongTermIllness],
                    hours: HoursBand::From10To19,
                    lives_with_carer: false,
                    basis: if paid {
                        CareBasis::UnderContract
                    } else {
                        CareBasis::Unpaid
                    },
                    stage,
                })
            }),
        person
            .clone()
            .prop_map(|cared_for| CaseCommand::TreatAsCarer {
                cared_for,
                reason: Personal::new("close friend".into())
            }),
        (person.clone(), stage).prop_map(|(cared_for, to)| CaseCommand::ChangeStage {
            cared_for,
            to,
            on: date(2026, 10, 1)
        }),
        person.clone().prop_map(|cared_for| CaseCommand::MoveOn {
            cared_for,
            reason: MovingOnReason::Died,
            on: date(2026, 10, 2)
        }),
        (
            assessment.clone(),
            kind,
            person.clone(),
            route,
            proptest::option::of(any::<bool>()),
            proptest::option::of(Just(TransitionGrounds::consented()))
        )
            .prop_map(
                |(assessment, kind, cared_for, route, cared_for_agrees, transition)| {
                    CaseCommand::RequestAssessment(AssessmentRequest {
                        assessment,
                        kind,
                        cared_for,
                        route,
                        carer_agrees: true,
                        cared_for_agrees,
                        transition,
                    })
                }
            ),
        (
            assessment.clone(),
            proptest::option::of(Just(S63Override::AbuseOrNeglect))
        )
            .prop_map(|(assessment, s63_override)| CaseCommand::RefuseAssessment {
                assessment,
                s63_override
            }),
        Just(CaseCommand::ReviveAssessmentDuty {
            duty: Duty::CarersAssessment,
            reason: Personal::new("circumstances changed".into())
        }),
        (assessment.clone(), any::<bool>()).prop_map(|(assessment, appropriate)| {
            CaseCommand::RecordChildrenActEvidence {
                assessment,
                evidence: Box::new(young_carer_evidence(appropriate)),
            }
        }),
        (assessment.clone(), any::<bool>()).prop_map(|(assessment, treat)| {
            CaseCommand::DecideTransitionAt18 {
                assessment,
                treat_as_carers_assessment: treat,
            }
        }),
        assessment
            .clone()
            .prop_map(|assessment| CaseCommand::DeclineEscalation {
                assessment,
                reasons: Personal::new("within the hub's remit".into())
            }),
        assessment
            .clone()
            .prop_map(|assessment| CaseCommand::StartAssessment { assessment }),
        (assessment.clone(), assessed_needs()).prop_map(|(assessment, n)| {
            CaseCommand::RecordEvidence {
                assessment,
                evidence: Box::new(evidence(n)),
            }
        }),
        assessment
            .clone()
            .prop_map(|assessment| CaseCommand::EscalateAsComplex {
                assessment,
                escalation: Escalation {
                    reason: Personal::new("complex".into()),
                    to: asc().actor.organisation.clone(),
                }
            }),
        assessment
            .clone()
            .prop_map(|assessment| CaseCommand::AcceptEscalation { assessment }),
        assessment
            .clone()
            .prop_map(|assessment| CaseCommand::CompleteAssessment { assessment }),
        assessment
            .clone()
            .prop_map(|assessment| CaseCommand::RecordInformationAndAdvice {
                assessment,
                advice: Personal::new("leaflet".into())
            }),
        assessment
            .clone()
            .prop_map(|assessment| CaseCommand::GiveWrittenRecord {
                assessment,
                on: date(2026, 11, 23)
            }),
        assessment.prop_map(|assessment| CaseCommand::CloseAssessment { assessment }),
    ]
}

fn ids() -> Ids {
    Ids {
        carer: CarerId::new(),
        people: [CaredForId::new(), CaredForId::new()],
        assessments: [AssessmentId::new(), AssessmentId::new()],
        concern: ConcernId::new(),
    }
}

/// The lifecycle a case usually follows, for two assessments: the spine that the
/// generated sequences deviate from (steps dropped, random commands inserted).
fn lifecycle(ids: Ids, first: AssessedNeeds, second: AssessedNeeds) -> Vec<CaseCommand> {
    let [a, b] = ids.assessments;
    let request = |assessment, route| {
        CaseCommand::RequestAssessment(AssessmentRequest::new(
            assessment,
            AssessmentKind::CarersAssessment,
            ids.people[0],
            route,
        ))
    };
    let mut steps = vec![
        CaseCommand::IdentifyCarer {
            carer: ids.carer,
            details: details(date(1970, 1, 1)),
            source: IdentificationSource::Gp,
            lawful_basis: LawfulBasis::PublicTask,
            consent_to_hold_data: true,
        },
        CaseCommand::AddCaringRole(new_role(ids.people[0], born_in(CaredForAge::OlderAdult))),
        CaseCommand::ChangeStage {
            cared_for: ids.people[0],
            to: Stage::LivingAsACarer,
            on: date(2026, 9, 1),
        },
    ];
    for (assessment, needs) in [(a, first), (b, second)] {
        steps.extend([
            request(assessment, Route::Offered),
            CaseCommand::StartAssessment { assessment },
            CaseCommand::RecordEvidence {
                assessment,
                evidence: Box::new(evidence(needs)),
            },
            CaseCommand::EscalateAsComplex {
                assessment,
                escalation: Escalation {
                    reason: Personal::new("complex".into()),
                    to: asc().actor.organisation.clone(),
                },
            },
            CaseCommand::AcceptEscalation { assessment },
            CaseCommand::CompleteAssessment { assessment },
            CaseCommand::GiveWrittenRecord {
                assessment,
                on: date(2026, 11, 23),
            },
            CaseCommand::RecordInformationAndAdvice {
                assessment,
                advice: Personal::new("leaflet".into()),
            },
            CaseCommand::CloseAssessment { assessment },
        ]);
    }
    steps.push(CaseCommand::MoveOn {
        cared_for: ids.people[0],
        reason: MovingOnReason::Recovered,
        on: date(2026, 11, 23),
    });
    steps
}

/// Sequences along the lifecycle, with about one step in six dropped and random
/// commands inserted, so that refusals happen in every state.
fn sequence() -> impl Strategy<Value = (Ids, Vec<CaseCommand>)> {
    Just(ids()).prop_flat_map(|ids| {
        let steps = 3 + 2 * 9 + 1;
        (
            assessed_needs(),
            assessed_needs(),
            proptest::collection::vec(proptest::bool::weighted(0.85), steps),
            proptest::collection::vec(proptest::option::weighted(0.3, command(ids)), steps),
        )
            .prop_map(move |(n1, n2, keep, extra)| {
                let mut out = Vec::new();
                for ((step, keep), extra) in lifecycle(ids, n1, n2).into_iter().zip(keep).zip(extra)
                {
                    if keep {
                        out.push(step);
                    }
                    out.extend(extra);
                }
                (ids, out)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Law 7: for any command sequence, a rejected command appends nothing, and
    /// replaying the stored events gives the same state as the live fold.
    #[test]
    fn law7_replay_equals_live_and_refusals_append_nothing((ids, commands) in sequence()) {
        let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
        let stream = ids.carer.stream();
        let mut live = CarerCase::default();
        for cmd in &commands {
            let head = repo.store().head_position().expect("head");
            // An escalation is answered by the organisation it went to.
            let ctx = match cmd {
                CaseCommand::AcceptEscalation { .. } | CaseCommand::DeclineEscalation { .. } => asc(),
                _ => hub(),
            };
            match repo.execute(&stream, cmd, &ctx, None) {
                Ok(done) => {
                    for e in &done.events {
                        live.apply(e);
                    }
                    prop_assert_eq!(&done.state, &live);
                }
                Err(RepoError::Domain(_)) => {
                    prop_assert_eq!(repo.store().head_position().expect("head"), head, "a refused command appended");
                }
                Err(e) => prop_assert!(false, "infrastructure error {e}"),
            }
        }
        let stored: Vec<CaseEvent> = repo
            .store()
            .read_stream(&stream, 1, usize::MAX)
            .expect("read")
            .iter()
            .map(|e| repo.decode(e).expect("every stored event decodes"))
            .collect();
        prop_assert_eq!(&CarerCase::replay(&stored), &live);
        prop_assert_eq!(&repo.load(&stream).expect("load").state, &live);
    }
}

fn route() -> impl Strategy<Value = Route> {
    prop_oneof![
        Just(Route::RequestedByCarer),
        Just(Route::RequestedByCaredFor),
        Just(Route::Referral),
        Just(Route::Offered)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Care Act s.11(5)–(7): after the carer refuses, there is no duty to assess
    /// until the carer asks (s.11(6)) or the authority records that it thinks the
    /// needs or circumstances have changed (s.11(7)): one recorded decision. A new
    /// caring role is not that decision and revives nothing by itself.
    #[test]
    fn refusal_ends_the_duty_until_the_carer_asks_or_circumstances_change(
        route in route(), revived in any::<bool>(), new_role_since in any::<bool>(), paid in any::<bool>()
    ) {
        let a = AssessmentId::new();
        let mut history = adult_carer_in_assessment(a);
        history.truncate(3); // identified, role, requested
        let mother = CarerCase::replay(&history).roles.all()[0].cared_for;
        history.push(CaseEvent::AssessmentRefused { assessment: a, overridden: None, on: now().date_naive() });
        if new_role_since {
            let basis = if paid { CareBasis::UnderContract } else { CareBasis::Unpaid };
            history.push(role_added(role(CaredForId::new(), CaredForAge::Adult, Relationship::Sibling, basis)));
        }
        if revived {
            history.push(CaseEvent::AssessmentDutyRevived {
                duty: Duty::CarersAssessment,
                ground: Revival::NeedsOrCircumstancesChanged,
                reason: Personal::new("needs changed".into()),
                on: now().date_naive(),
            });
        }
        let again = CaseCommand::RequestAssessment(
            AssessmentRequest::new(AssessmentId::new(), AssessmentKind::CarersAssessment, mother, route)
        );
        let then = given::<CarerCase>(history).when(&again, &hub());
        if route == Route::RequestedByCarer || revived {
            then.accepted();
        } else {
            then.then_error(CaseError::DutyEndedByRefusal);
        }
    }

    /// The carer kind follows age on the day and role: under 18 a young carer
    /// (Children Act s.17ZA); 18 or over caring for their own disabled child a parent
    /// carer (s.17ZD); else 18–25 a young adult carer, 26 and over an adult carer.
    #[test]
    fn carer_kind_follows_age_and_role(born in 0..40_000u64, days_later in 0..40_000u64, parent in any::<bool>()) {
        use carers_core::domain::person::{age_on, carer_kind};
        let dob = date(1930, 1, 1) + chrono::Days::new(born);
        let on = dob + chrono::Days::new(days_later);
        let age = on.years_since(dob).expect("on is not before dob");
        prop_assert_eq!(age_on(dob, on), age);
        let expected = match age {
            0..=17 => CarerKind::YoungCarer,
            _ if parent => CarerKind::ParentCarer,
            18..=25 => CarerKind::YoungAdultCarer,
            _ => CarerKind::AdultCarer,
        };
        prop_assert_eq!(carer_kind(dob, on, parent), expected);
    }

    /// Care Act s.63: a transition assessment is due only to a young carer (17, with
    /// the default policy of 6 months), and is due on the day before the 18th birthday.
    #[test]
    fn a_transition_assessment_is_due_only_in_the_months_before_eighteen(born in prop_oneof![0..30_000u64, Just(789)], days_later in 0..10_000u64) {
        use carers_core::domain::person::age_on;
        let policy = TransitionPolicy::default();
        let dob = date(1950, 1, 1) + chrono::Days::new(born);
        let on = dob + chrono::Days::new(days_later);
        if policy.is_due(dob, on) {
            prop_assert_eq!(age_on(dob, on), 17);
        }
        // The 18th birthday; for 29 February, 1 March of a common year.
        let eighteenth = NaiveDate::from_ymd_opt(dob.year() + 18, dob.month(), dob.day())
            .unwrap_or_else(|| date(dob.year() + 18, 3, 1));
        prop_assert!(policy.is_due(dob, eighteenth - chrono::Days::new(1)));
        prop_assert!(!policy.is_due(dob, eighteenth));
    }
}
