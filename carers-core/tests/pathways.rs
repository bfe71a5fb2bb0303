//! Safeguarding and support plans: typical cases, end to end.

mod support;

use carers_core::domain::support_plan::support_type;
use carers_core::domain::*;
use carers_core::es::scenario::given;
use carers_core::es::{
    Actor, Aggregate, Context, MemoryStore, OrganisationId, ProjectionRunner, Repository,
};
use carers_core::projections::SafeguardingTrends;
use chrono::{Duration, TimeZone, Utc};
use support::*;

fn org(name: &str) -> OrganisationId {
    OrganisationId(name.into())
}

fn raised(history: &mut Vec<CaseEvent>, concern: ConcernId, details: ConcernDetails) {
    let events = given::<CarerCase>(history.clone())
        .when(&CaseCommand::RaiseConcern { concern, details }, &hub())
        .accepted();
    history.extend(events);
}

use support::accept as run;

#[test]
fn an_adult_concern_goes_through_the_whole_pathway() {
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = ConcernId::new();
    raised(
        &mut h,
        c,
        concern_details(PersonAtRisk::CaredFor(mother), false),
    );
    run(
        &mut h,
        CaseCommand::ReferConcern {
            concern: c,
            to: Agency::AdultSocialCare,
        },
        &hub(),
    );
    run(
        &mut h,
        CaseCommand::RecordConsent {
            purpose: ConsentPurpose::ShareWith(PartnerId::of(&org("gp-practice"))),
            given: true,
        },
        &hub(),
    );
    run(
        &mut h,
        CaseCommand::ShareInformation {
            concern: c,
            with: org("gp-practice"),
            basis: SharingBasis::Consent,
        },
        &asc(),
    );
    let all = S42Conditions {
        cause_to_suspect_needs_for_care_and_support: true,
        cause_to_suspect_abuse_or_neglect: true,
        cause_to_suspect_unable_to_protect_themselves: true,
    };
    run(
        &mut h,
        CaseCommand::DecideS42 {
            concern: c,
            conditions: all,
            outcome: S42Outcome::DutyMet,
        },
        &asc(),
    );
    let action = ActionId::new();
    run(
        &mut h,
        CaseCommand::AgreeAction {
            concern: c,
            action,
            owner: org("adult-social-care"),
            description: Personal::new("bank protection".into()),
            due: date(2026, 12, 1),
        },
        &asc(),
    );
    let close = CaseCommand::CloseConcern {
        concern: c,
        risk: RiskOutcome::Reduced,
        desired_outcomes: DesiredOutcomesMet::Met,
    };
    given::<CarerCase>(h.clone())
        .when(&close, &asc())
        .then_error(CaseError::OpenActions);
    run(
        &mut h,
        CaseCommand::CompleteAction {
            concern: c,
            action,
            on: date(2026, 11, 23),
        },
        &asc(),
    );
    run(&mut h, close, &asc());
    let case = CarerCase::replay(&h);
    let concern = case.concern(c).expect("raised above");
    assert_eq!(concern.status, ConcernStatus::Closed);
    assert_eq!(
        concern.closure,
        Some(Closure::WithOutcome {
            risk: RiskOutcome::Reduced,
            desired_outcomes: DesiredOutcomesMet::Met
        })
    );
    assert_eq!(concern.shared.len(), 1);
    assert_eq!(concern.raised_by, org("carers-hub"));
}

#[test]
fn routing_is_a_rule_an_adult_never_goes_to_the_childrens_trust() {
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = ConcernId::new();
    raised(
        &mut h,
        c,
        concern_details(PersonAtRisk::CaredFor(mother), false),
    );
    given::<CarerCase>(h)
        .when(
            &CaseCommand::ReferConcern {
                concern: c,
                to: Agency::ChildrensTrust,
            },
            &hub(),
        )
        .then_error(CaseError::WrongAgency {
            expected: Agency::AdultSocialCare,
        });
}

#[test]
fn a_young_carer_at_risk_goes_to_the_childrens_trust_and_no_s42_decision() {
    let mut h = vec![
        identified(CarerId::new(), date(2012, 1, 1)),
        role_added(role(
            CaredForId::new(),
            CaredForAge::Adult,
            Relationship::Child,
            CareBasis::Unpaid,
        )),
    ];
    let c = ConcernId::new();
    raised(&mut h, c, concern_details(PersonAtRisk::Carer, true));
    assert!(
        CarerCase::replay(&h)
            .concern(c)
            .is_some_and(|x| x.child_when_raised)
    );
    given::<CarerCase>(h.clone())
        .when(
            &CaseCommand::ReferConcern {
                concern: c,
                to: Agency::AdultSocialCare,
            },
            &hub(),
        )
        .then_error(CaseError::WrongAgency {
            expected: Agency::ChildrensTrust,
        });
    run(
        &mut h,
        CaseCommand::ReferConcern {
            concern: c,
            to: Agency::ChildrensTrust,
        },
        &hub(),
    );
    let decide = CaseCommand::DecideS42 {
        concern: c,
        conditions: S42Conditions::default(),
        outcome: S42Outcome::OtherEnquiry,
    };
    given::<CarerCase>(h.clone())
        .when(&decide, &hub())
        .then_error(CaseError::NoS42ForAChild);
    // Actions and closure follow the referral directly.
    run(
        &mut h,
        CaseCommand::CloseConcern {
            concern: c,
            risk: RiskOutcome::Removed,
            desired_outcomes: DesiredOutcomesMet::NoneExpressed,
        },
        &hub(),
    );
}

#[test]
fn deciding_before_referral_and_a_decision_against_its_conditions_are_refused() {
    let (mut h, _, _) = adult_carer_assessed(eligible_needs());
    let c = ConcernId::new();
    raised(&mut h, c, concern_details(PersonAtRisk::Carer, false));
    let two_of_three = S42Conditions {
        cause_to_suspect_needs_for_care_and_support: true,
        cause_to_suspect_abuse_or_neglect: true,
        cause_to_suspect_unable_to_protect_themselves: false,
    };
    let decide = |outcome| CaseCommand::DecideS42 {
        concern: c,
        conditions: two_of_three,
        outcome,
    };
    given::<CarerCase>(h.clone())
        .when(&decide(S42Outcome::OtherEnquiry), &asc())
        .then_error(CaseError::WrongConcernStatus {
            action: "decide the s.42 duty on",
            status: ConcernStatus::Raised,
        });
    run(
        &mut h,
        CaseCommand::ReferConcern {
            concern: c,
            to: Agency::AdultSocialCare,
        },
        &hub(),
    );
    given::<CarerCase>(h.clone())
        .when(&decide(S42Outcome::DutyMet), &asc())
        .then_error(CaseError::S42DecisionContradictsConditions);
    run(
        &mut h,
        decide(S42Outcome::DutyNotMet(Personal::new(
            "can protect themselves".into(),
        ))),
        &asc(),
    );
}

#[test]
fn overdue_items_follow_the_local_time_rules() {
    let (mut h, _, _) = adult_carer_assessed(eligible_needs());
    // Raised on Friday 20 November 2026 at 16:00: referral due by the end of Monday 23rd.
    let friday = Utc
        .with_ymd_and_hms(2026, 11, 20, 16, 0, 0)
        .single()
        .expect("valid");
    let at = |t| Context::new(Actor::new("w", "carers-hub", "support-worker"), t);
    let c = ConcernId::new();
    h.extend(
        given::<CarerCase>(h.clone())
            .when(
                &CaseCommand::RaiseConcern {
                    concern: c,
                    details: concern_details(PersonAtRisk::Carer, false),
                },
                &at(friday),
            )
            .accepted(),
    );
    let urgent = ConcernId::new();
    h.extend(
        given::<CarerCase>(h.clone())
            .when(
                &CaseCommand::RaiseConcern {
                    concern: urgent,
                    details: concern_details(PersonAtRisk::Carer, true),
                },
                &at(friday),
            )
            .accepted(),
    );
    let policy = SafeguardingPolicy::default();
    let case = CarerCase::replay(&h);
    let monday_night = Utc
        .with_ymd_and_hms(2026, 11, 23, 23, 59, 59)
        .single()
        .expect("valid");
    let saturday = Utc
        .with_ymd_and_hms(2026, 11, 21, 0, 0, 1)
        .single()
        .expect("valid");
    assert_eq!(
        case.overdue(&policy, saturday),
        vec![Overdue::Referral {
            concern: urgent,
            due: saturday - Duration::seconds(1)
        }]
    );
    assert_eq!(
        case.overdue(&policy, monday_night).len(),
        1,
        "the ordinary referral is due by the end of Monday"
    );
    let tuesday = monday_night + Duration::seconds(2);
    assert_eq!(case.overdue(&policy, tuesday).len(), 2);
    // Referred on Tuesday 24th: the strategy meeting is due by the end of Tuesday
    // 1 December.
    let referred = at(Utc
        .with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
        .single()
        .expect("valid"));
    h.extend(
        given::<CarerCase>(h.clone())
            .when(
                &CaseCommand::ReferConcern {
                    concern: c,
                    to: Agency::AdultSocialCare,
                },
                &referred,
            )
            .accepted(),
    );
    let case = CarerCase::replay(&h);
    let due = Utc
        .with_ymd_and_hms(2026, 12, 2, 0, 0, 0)
        .single()
        .expect("valid");
    assert_eq!(
        case.concern(c)
            .and_then(|x| x.strategy_meeting_due(&policy)),
        Some(due)
    );
    assert!(
        !case
            .overdue(&policy, due)
            .contains(&Overdue::StrategyMeeting { concern: c, due })
    );
    assert!(
        case.overdue(&policy, due + Duration::seconds(1))
            .contains(&Overdue::StrategyMeeting { concern: c, due })
    );
}

#[test]
fn a_plan_needs_eligible_needs_or_the_recorded_power_to_meet_others() {
    let (h, a, _) = adult_carer_assessed(needs(true, false, false));
    let agree = |basis| {
        agree_plan(
            PlanId::new(),
            basis,
            vec![support(SupportMethod::PeerSupport)],
        )
    };
    given::<CarerCase>(h.clone())
        .when(&agree(eligible(a)), &hub())
        .then_error(CaseError::NeedsNotEligible);
    let events = given::<CarerCase>(h)
        .when(
            &agree(PlanBasis::PowerToMeetOtherNeeds {
                assessment: a,
                reason: Personal::new("prevent breakdown".into()),
            }),
            &hub(),
        )
        .accepted();
    let [CaseEvent::PlanAgreed { details, .. }] = &events[..] else {
        panic!("expected a plan, got {events:?}")
    };
    assert_eq!(
        details.review_due,
        date(2027, 1, 18),
        "a first light-touch review at 8 weeks by default (CSSG 13.32)"
    );
    assert_eq!(
        details.support_type(),
        SupportType::InformationAndAdviceOnly
    );
}

#[test]
fn replacement_care_is_never_charged_to_the_carer() {
    let (h, a, _) = adult_carer_assessed(eligible_needs());
    let cmd = |carer_pays| {
        agree_plan(
            PlanId::new(),
            eligible(a),
            vec![item(
                NeedArea::Health,
                replacement_care(),
                45_000,
                carer_pays,
            )],
        )
    };
    given::<CarerCase>(h.clone())
        .when(&cmd(5_000), &hub())
        .then_error(CaseError::ReplacementCareCharged);
    let plan = given::<CarerCase>(h).when(&cmd(0), &hub()).state_after();
    assert_eq!(plan.support_type(), Some(SupportType::NoDirectSupport));
}

#[test]
fn direct_payments_only_on_request_then_paid_and_evidenced_or_followed_up() {
    let (mut h, a, _) = adult_carer_assessed(eligible_needs());
    let p = PlanId::new();
    run(
        &mut h,
        agree_plan(
            p,
            eligible(a),
            vec![
                item(NeedArea::Health, SupportMethod::DirectPayment, 60_000, 0),
                item(NeedArea::Health, SupportMethod::Counselling, 60_000, 0),
            ],
        ),
        &asc(),
    );
    let dp = DirectPaymentId::new();
    let agree = |requested| CaseCommand::AgreeDirectPayment {
        plan: p,
        payment: dp,
        conditions: DirectPaymentConditions {
            requested,
            ..dp_conditions()
        },
        items: [0].into(),
        amount: Pence(25_000),
        uses: vec![DirectPaymentUse::Break, DirectPaymentUse::Leisure],
        description: Personal::new("gym and a weekend away".into()),
        frequency: PaymentFrequency::OneOff,
    };
    given::<CarerCase>(h.clone())
        .when(&agree(false), &asc())
        .then_error(CaseError::DirectPaymentConditionNotMet {
            condition: DirectPaymentCondition::Requested,
        });
    run(&mut h, agree(true), &asc());
    let pay = CaseCommand::RecordDirectPaymentMade {
        plan: p,
        payment: dp,
        on: date(2026, 11, 23),
        amount: Pence(25_000),
    };
    run(&mut h, pay.clone(), &asc());
    given::<CarerCase>(h.clone())
        .when(&pay, &asc())
        .then_refused();
    run(
        &mut h,
        CaseCommand::RecordDirectPaymentEvidence {
            plan: p,
            payment: dp,
            evidenced: false,
        },
        &asc(),
    );
    run(
        &mut h,
        CaseCommand::RecordDirectPaymentEvidence {
            plan: p,
            payment: dp,
            evidenced: true,
        },
        &asc(),
    );
    let case = CarerCase::replay(&h);
    let plan = case.plan(p).expect("agreed above");
    let payment = plan.direct_payment(dp).expect("agreed above");
    assert_eq!(payment.status, DirectPaymentStatus::Evidenced);
    assert_eq!(payment.total_paid(), Some(Pence(25_000)));
    assert_eq!(case.support_type(), Some(SupportType::PartDirectPayment));
}

#[test]
fn a_change_of_circumstances_makes_a_review_due_at_once_and_reviews_show_change() {
    let (mut h, a, _) = adult_carer_assessed(eligible_needs());
    let p = PlanId::new();
    run(
        &mut h,
        agree_plan(
            p,
            eligible(a),
            vec![item(
                NeedArea::Health,
                SupportMethod::ShortBreak {
                    length: BreakLength::Hours(4),
                    replacement_care: false,
                },
                30_000,
                0,
            )],
        ),
        &asc(),
    );
    assert!(
        CarerCase::replay(&h)
            .plans_due_for_review(now().date_naive())
            .is_empty()
    );
    let new_role = NewCaringRole {
        cared_for: CaredForId::new(),
        cared_for_born: Personal::new(born_in(CaredForAge::Adult)),
        parental_responsibility: false,
        relationship: Relationship::Sibling,
        conditions: vec![ConditionCategory::MentalHealth],
        hours: HoursBand::From10To19,
        lives_with_carer: false,
        basis: CareBasis::Unpaid,
        stage: Stage::BecomingACarer,
    };
    let events = run(&mut h, CaseCommand::AddCaringRole(new_role), &hub());
    assert!(events.iter().any(|e| matches!(
        e,
        CaseEvent::ReviewDue {
            trigger: ReviewTrigger::NewCaringRole,
            ..
        }
    )));
    assert_eq!(
        CarerCase::replay(&h).plans_due_for_review(now().date_naive()),
        vec![p]
    );
    let score = |v| Score::new(v).expect("0..=2");
    let review = Review {
        on: now().date_naive(),
        what_changed: Personal::new("now also supports a brother".into()),
        decision: ReviewDecision::Continue,
        quality_of_life: Some(QualityOfLife {
            occupation: score(1),
            control: score(2),
            personal_care: score(2),
            safety: score(2),
            social_participation: score(1),
            encouragement_and_support: score(2),
        }),
    };
    run(
        &mut h,
        CaseCommand::ReviewPlan {
            plan: p,
            review: review.clone(),
        },
        &asc(),
    );
    let case = CarerCase::replay(&h);
    assert_eq!(case.plan(p).map(|x| x.review_due), Some(date(2027, 11, 23)));
    assert_eq!(
        case.plan(p)
            .and_then(|x| x.reviews.last())
            .and_then(|r| r.quality_of_life)
            .map(|q| q.total()),
        Some(10)
    );
    run(
        &mut h,
        CaseCommand::ReviewPlan {
            plan: p,
            review: Review {
                decision: ReviewDecision::End,
                ..review
            },
        },
        &asc(),
    );
    assert_eq!(
        CarerCase::replay(&h).plan(p).map(|x| x.status),
        Some(PlanStatus::Ended)
    );
    assert_eq!(CarerCase::replay(&h).support_type(), None);
}

#[test]
fn support_types_follow_salt_precedence() {
    let of = |methods: Vec<(SupportMethod, i64)>| {
        let items = methods
            .into_iter()
            .map(|(m, cost)| item(NeedArea::Health, m, cost, 0))
            .collect();
        support_type(SupportFacts::of_plan(&plan_support(items), []))
    };
    assert_eq!(
        of(vec![(SupportMethod::DirectPayment, 10_000)]),
        SupportType::DirectPaymentOnly
    );
    assert_eq!(
        of(vec![
            (SupportMethod::DirectPayment, 10_000),
            (SupportMethod::CarersCard, 0)
        ]),
        SupportType::DirectPaymentOnly,
        "universal services are not part of a personal budget"
    );
    assert_eq!(
        of(vec![
            (SupportMethod::DirectPayment, 10_000),
            (SupportMethod::Counselling, 0)
        ]),
        SupportType::PartDirectPayment
    );
    assert_eq!(
        of(vec![(SupportMethod::CommissionedService, 10_000)]),
        SupportType::CouncilManagedPersonalBudget
    );
    assert_eq!(
        of(vec![(SupportMethod::CommissionedService, 0)]),
        SupportType::CommissionedSupportOnly
    );
    assert_eq!(
        of(vec![
            (SupportMethod::InformationAndAdvice, 0),
            (SupportMethod::PeerSupport, 0)
        ]),
        SupportType::InformationAndAdviceOnly
    );
    assert_eq!(
        of(vec![(replacement_care(), 45_000)]),
        SupportType::NoDirectSupport
    );
}

#[test]
fn the_trends_projection_counts_categories_partners_repeats_and_overdue_actions() {
    let store = MemoryStore::new();
    let repo = Repository::<CarerCase, _>::new(&store).with_access(support::partnership());
    let carer = CarerId::new();
    let stream = carer.stream();
    let hub_ctx = |days| {
        Context::new(
            Actor::new("w", "carers-hub", "support-worker"),
            now() + Duration::days(days),
        )
    };
    let gp_ctx = |days| {
        Context::new(
            Actor::new("g", "gp-practice", "clinician"),
            now() + Duration::days(days),
        )
    };
    repo.execute(
        &stream,
        &CaseCommand::IdentifyCarer {
            carer,
            details: details(date(1970, 1, 1)),
            source: IdentificationSource::Gp,
            lawful_basis: LawfulBasis::PublicTask,
            consent_to_hold_data: true,
        },
        &hub_ctx(0),
        None,
    )
    .expect("identify");
    let (c1, c2) = (ConcernId::new(), ConcernId::new());
    repo.execute(
        &stream,
        &CaseCommand::RaiseConcern {
            concern: c1,
            details: concern_details(PersonAtRisk::Carer, false),
        },
        &hub_ctx(0),
        None,
    )
    .expect("raise");
    repo.execute(
        &stream,
        &CaseCommand::RaiseConcern {
            concern: c2,
            details: concern_details(PersonAtRisk::Carer, false),
        },
        &gp_ctx(40),
        None,
    )
    .expect("raise again");
    repo.execute(
        &stream,
        &CaseCommand::ReferConcern {
            concern: c1,
            to: Agency::AdultSocialCare,
        },
        &hub_ctx(1),
        None,
    )
    .expect("refer");
    let all = S42Conditions {
        cause_to_suspect_needs_for_care_and_support: true,
        cause_to_suspect_abuse_or_neglect: true,
        cause_to_suspect_unable_to_protect_themselves: true,
    };
    repo.execute(
        &stream,
        &CaseCommand::DecideS42 {
            concern: c1,
            conditions: all,
            outcome: S42Outcome::DutyMet,
        },
        &Context::new(
            Actor::new("sw-22", "adult-social-care", "social-worker"),
            now() + Duration::days(2),
        ),
        None,
    )
    .expect("decide");
    repo.execute(
        &stream,
        &CaseCommand::AgreeAction {
            concern: c1,
            action: ActionId::new(),
            owner: org("adult-social-care"),
            description: Personal::new("visit".into()),
            due: date(2026, 12, 10),
        },
        &hub_ctx(3),
        None,
    )
    .expect("action");
    let mut trends = SafeguardingTrends::new();
    ProjectionRunner::default()
        .catch_up(&store, &mut trends)
        .expect("catch up");
    assert_eq!(
        trends
            .per_category_month
            .get(&(AbuseCategory::FinancialOrMaterial, (2026, 11))),
        Some(&1)
    );
    assert_eq!(
        trends
            .per_category_month
            .get(&(AbuseCategory::Psychological, (2027, 1))),
        Some(&1)
    );
    assert_eq!(trends.per_partner.get(&org("carers-hub")), Some(&1));
    assert_eq!(trends.per_partner.get(&org("gp-practice")), Some(&1));
    assert_eq!(trends.repeat_concerns, 1);
    assert_eq!(
        trends.actions_overdue(
            Utc.with_ymd_and_hms(2026, 12, 10, 12, 0, 0)
                .single()
                .expect("valid")
        ),
        0
    );
    assert_eq!(
        trends.actions_overdue(
            Utc.with_ymd_and_hms(2026, 12, 11, 0, 0, 1)
                .single()
                .expect("valid")
        ),
        1
    );
}
