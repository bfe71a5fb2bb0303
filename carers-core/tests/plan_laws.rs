//! Meeting needs (Care Act 2014 s.14, s.20, s.25–27, s.31) as laws: each test is
//! named for the rule it proves.

mod support;

use carers_core::domain::*;
use carers_core::es::Aggregate;
use carers_core::es::scenario::given;
use proptest::prelude::*;
use support::*;

use support::accept as run;

fn replacement(cost: i64, carer_pays: i64) -> PlannedSupport {
    item(NeedArea::Health, replacement_care(), cost, carer_pays)
}

fn recreation(method: SupportMethod, cost: i64, carer_pays: i64) -> PlannedSupport {
    item(
        NeedArea::Outcome(Outcome::Recreation),
        method,
        cost,
        carer_pays,
    )
}

// Item 14: s.14(3), s.26, s.25(1)(b), s.20(6).

#[test]
fn s14_3_replacement_care_is_never_charged_to_the_carer_whatever_else_the_plan_holds() {
    let (h, a, _) = adult_carer_assessed(eligible_needs());
    let plan = |charged| {
        agree_plan(
            PlanId::new(),
            eligible(a),
            vec![
                item(NeedArea::Health, SupportMethod::Counselling, 20_000, 5_000),
                replacement(45_000, charged),
            ],
        )
    };
    given::<CarerCase>(h.clone())
        .when(&plan(1), &hub())
        .then_error(CaseError::ReplacementCareCharged);
    let events = given::<CarerCase>(h).when(&plan(0), &hub()).accepted();
    let [CaseEvent::PlanAgreed { details, .. }] = &events[..] else {
        panic!("expected a plan, got {events:?}")
    };
    let b = details.budget();
    assert_eq!(
        (b.cost(), b.carer_pays(), b.authority_pays()),
        (Pence(65_000), Pence(5_000), Pence(60_000))
    );
}

#[test]
fn s26_the_personal_budget_is_the_exact_sum_of_the_items_and_overflow_is_refused() {
    let s = plan_support(vec![
        recreation(SupportMethod::CommissionedService, 10_001, 1),
        item(NeedArea::Health, SupportMethod::Counselling, 7, 7),
    ]);
    assert_eq!(s.budget().cost(), Pence(10_008));
    assert_eq!(s.budget().carer_pays(), Pence(8));
    assert_eq!(s.budget().authority_pays(), Pence(10_000));
    let huge = |cost| recreation(SupportMethod::CommissionedService, cost, 0);
    assert!(PlanSupport::new(vec![huge(i64::MAX), huge(1)]).is_err());
    assert!(PlanSupport::new(Vec::new()).is_err());
    assert!(
        PlannedSupport::new(
            NeedArea::Health,
            SupportMethod::Equipment,
            Pence(5),
            Pence(6)
        )
        .is_err()
    );
    assert!(
        PlannedSupport::new(
            NeedArea::Health,
            SupportMethod::Equipment,
            Pence(5),
            Pence(-1)
        )
        .is_err()
    );
    let stored = r#"{"need":"Health","method":"Equipment","cost":5,"carer_pays":6}"#;
    assert!(serde_json::from_str::<PlannedSupport>(stored).is_err());
}

#[test]
fn s25_1_b_under_eligible_needs_every_item_meets_a_need_found_eligible() {
    let (h, a, _) = adult_carer_assessed(health_and_recreation_needs());
    let relationships = item(
        NeedArea::Outcome(Outcome::Relationships),
        SupportMethod::PeerSupport,
        0,
        0,
    );
    let plan = |basis| {
        agree_plan(
            PlanId::new(),
            basis,
            vec![
                recreation(SupportMethod::CommissionedService, 1_000, 0),
                relationships.clone(),
            ],
        )
    };
    given::<CarerCase>(h.clone())
        .when(&plan(eligible(a)), &hub())
        .then_error(CaseError::NeedNotEligible {
            need: NeedArea::Outcome(Outcome::Relationships),
        });
    given::<CarerCase>(h)
        .when(&plan(power(a)), &hub())
        .accepted();
}

#[test]
fn s20_a_revised_plan_is_checked_exactly_as_a_new_plan_is() {
    let (mut h, a, _) = adult_carer_assessed(health_and_recreation_needs());
    let p = PlanId::new();
    run(
        &mut h,
        agree_plan(
            p,
            eligible(a),
            vec![recreation(SupportMethod::CommissionedService, 1_000, 0)],
        ),
        &asc(),
    );
    let review = |items| CaseCommand::ReviewPlan {
        plan: p,
        review: revise(items),
    };
    given::<CarerCase>(h.clone())
        .when(
            &review(vec![
                recreation(SupportMethod::CommissionedService, 1_000, 0),
                replacement(2_000, 500),
            ]),
            &asc(),
        )
        .then_error(CaseError::ReplacementCareCharged);
    given::<CarerCase>(h.clone())
        .when(
            &review(vec![item(
                NeedArea::Outcome(Outcome::ManagingNutrition),
                SupportMethod::Equipment,
                300,
                0,
            )]),
            &asc(),
        )
        .then_error(CaseError::NeedNotEligible {
            need: NeedArea::Outcome(Outcome::ManagingNutrition),
        });
    run(
        &mut h,
        review(vec![
            recreation(SupportMethod::CommissionedService, 1_000, 100),
            replacement(2_000, 0),
        ]),
        &asc(),
    );
    let case = CarerCase::replay(&h);
    let b = case.plan(p).map(|x| x.budget());
    assert_eq!(
        b.map(|b| (b.cost(), b.carer_pays(), b.authority_pays())),
        Some((Pence(3_000), Pence(100), Pence(2_900)))
    );
}

// Item 16: s.20(1) conditions.

#[test]
fn s20_1_the_duty_needs_ordinary_residence_the_financial_conditions_and_the_adults_agreement() {
    let (h, a, _) = adult_carer_assessed(eligible_needs());
    let met = DutyConditions {
        ordinarily_resident: true,
        financial_conditions_met: true,
        adult_needing_care_agrees: true,
    };
    let counselling = |carer_pays| {
        item(
            NeedArea::Health,
            SupportMethod::Counselling,
            900,
            carer_pays,
        )
    };
    let cases = [
        (
            DutyConditions {
                ordinarily_resident: false,
                ..met
            },
            vec![counselling(0)],
            Some(DutyCondition::OrdinaryResidence),
        ),
        (
            DutyConditions {
                financial_conditions_met: false,
                ..met
            },
            vec![counselling(100)],
            Some(DutyCondition::FinancialConditions),
        ),
        // No charge: no financial condition to meet.
        (
            DutyConditions {
                financial_conditions_met: false,
                ..met
            },
            vec![counselling(0)],
            None,
        ),
        (
            DutyConditions {
                adult_needing_care_agrees: false,
                ..met
            },
            vec![counselling(0), replacement(2_000, 0)],
            Some(DutyCondition::AdultNeedingCareAgrees),
        ),
        // No support provided to the adult needing care: their agreement is not needed.
        (
            DutyConditions {
                adult_needing_care_agrees: false,
                ..met
            },
            vec![counselling(0)],
            None,
        ),
    ];
    for (conditions, items, missing) in cases {
        let on_duty = agree_plan(PlanId::new(), eligible_with(a, conditions), items.clone());
        let result = CarerCase::replay(&h).decide(&on_duty, &hub(), &CasePolicy::default());
        match missing {
            Some(condition) => {
                assert_eq!(result, Err(CaseError::DutyConditionNotMet { condition }));
                // The authority may still use the recorded s.20(6) power.
                given::<CarerCase>(h.clone())
                    .when(&agree_plan(PlanId::new(), power(a), items), &hub())
                    .accepted();
            }
            None => assert!(result.is_ok(), "{conditions:?}: {result:?}"),
        }
    }
}

#[test]
fn s20_1_a_revision_providing_support_to_the_adult_needs_their_agreement() {
    let (mut h, a, _) = adult_carer_assessed(eligible_needs());
    let p = PlanId::new();
    let conditions = DutyConditions {
        ordinarily_resident: true,
        financial_conditions_met: true,
        adult_needing_care_agrees: false,
    };
    run(
        &mut h,
        agree_plan(
            p,
            eligible_with(a, conditions),
            vec![support(SupportMethod::Counselling)],
        ),
        &asc(),
    );
    given::<CarerCase>(h)
        .when(
            &CaseCommand::ReviewPlan {
                plan: p,
                review: revise(vec![replacement(2_000, 0)]),
            },
            &asc(),
        )
        .then_error(CaseError::DutyConditionNotMet {
            condition: DutyCondition::AdultNeedingCareAgrees,
        });
}

// Item 17: s.25 contents, s.25(9) copy, s.27 and CSSG 13.32 reviews.

#[test]
fn s25_a_plan_records_the_matters_the_advice_and_who_was_involved() {
    let (h, a, _) = adult_carer_assessed(eligible_needs());
    let p = PlanId::new();
    let case = given::<CarerCase>(h.clone())
        .when(
            &agree_plan(p, eligible(a), vec![support(SupportMethod::Counselling)]),
            &hub(),
        )
        .state_after();
    let plan = case.plan(p).expect("agreed");
    assert_eq!(plan.matters, matters());
    assert_eq!(plan.involvement, involvement());
    assert_eq!(
        plan.advice.reveal().map(String::as_str),
        Some("carers' rights and the local carers' centre")
    );
    assert_eq!(plan.copy_given, None);
    let with = |involvement| {
        let mut cmd = agree_plan(
            PlanId::new(),
            eligible(a),
            vec![support(SupportMethod::Counselling)],
        );
        if let CaseCommand::AgreePlan { involvement: i, .. } = &mut cmd {
            *i = involvement;
        }
        cmd
    };
    given::<CarerCase>(h.clone())
        .when(
            &with(Involvement {
                carer: false,
                ..involvement()
            }),
            &hub(),
        )
        .then_error(CaseError::PlanPartyNotInvolved {
            party: PlanParty::Carer,
        });
    given::<CarerCase>(h.clone())
        .when(
            &with(Involvement {
                adult_needing_care: false,
                ..involvement()
            }),
            &hub(),
        )
        .then_error(CaseError::PlanPartyNotInvolved {
            party: PlanParty::AdultNeedingCare,
        });
    given::<CarerCase>(h)
        .when(
            &with(Involvement {
                carer_asked_for_adult_needing_care: false,
                adult_needing_care: false,
                ..involvement()
            }),
            &hub(),
        )
        .accepted();
}

#[test]
fn s25_9_a_copy_of_the_plan_is_given_on_a_day_not_after_today() {
    let (mut h, a, _) = adult_carer_assessed(eligible_needs());
    let p = PlanId::new();
    run(
        &mut h,
        agree_plan(p, eligible(a), vec![support(SupportMethod::Counselling)]),
        &hub(),
    );
    given::<CarerCase>(h.clone())
        .when(
            &CaseCommand::GivePlanCopy {
                plan: p,
                on: date(2026, 11, 24),
            },
            &hub(),
        )
        .then_error(CaseError::DateInTheFuture);
    given::<CarerCase>(h.clone())
        .when(
            &CaseCommand::GivePlanCopy {
                plan: p,
                on: date(2026, 11, 22),
            },
            &hub(),
        )
        .then_error(CaseError::DateBeforePlan);
    run(
        &mut h,
        CaseCommand::GivePlanCopy {
            plan: p,
            on: date(2026, 11, 23),
        },
        &hub(),
    );
    assert_eq!(
        CarerCase::replay(&h).plan(p).and_then(|x| x.copy_given),
        Some(date(2026, 11, 23))
    );
}

fn review_on(on: chrono::NaiveDate) -> Review {
    Review {
        on,
        what_changed: Personal::new("nothing much".into()),
        decision: ReviewDecision::Continue,
        quality_of_life: None,
    }
}

#[test]
fn cssg_13_32_a_first_review_at_8_weeks_then_every_12_months_by_default_or_as_policy_says() {
    let (h, a, _) = adult_carer_assessed(eligible_needs());
    let strict = CasePolicy {
        plan_review: PlanReviewPolicy::new(6, 6).expect("within the guidance"),
        ..CasePolicy::default()
    };
    for (policy, first_due, next_due) in [
        (CasePolicy::default(), date(2027, 1, 18), date(2027, 11, 23)),
        (strict, date(2027, 1, 4), date(2027, 5, 23)),
    ] {
        let p = PlanId::new();
        let agree = agree_plan(p, eligible(a), vec![support(SupportMethod::Counselling)]);
        let case = given::<CarerCase>(h.clone())
            .when_under(&agree, &hub(), &policy)
            .state_after();
        assert_eq!(case.plan(p).map(|x| x.review_due), Some(first_due));
        let review = CaseCommand::ReviewPlan {
            plan: p,
            review: review_on(date(2026, 11, 23)),
        };
        let mut reviewed = case.clone();
        for e in reviewed
            .decide(&review, &asc(), &policy)
            .expect("a review today")
        {
            reviewed.apply(&e);
        }
        assert_eq!(reviewed.plan(p).map(|x| x.review_due), Some(next_due));
    }
}

#[test]
fn cssg_13_32_review_policies_beyond_the_guidance_neither_construct_nor_deserialise() {
    assert!(PlanReviewPolicy::new(8, 12).is_ok());
    assert!(PlanReviewPolicy::new(9, 12).is_err());
    assert!(PlanReviewPolicy::new(0, 12).is_err());
    assert!(PlanReviewPolicy::new(8, 13).is_err());
    assert!(PlanReviewPolicy::new(8, 0).is_err());
    let huge = r#"{"first_review_weeks":8,"then_every_months":4294967295}"#;
    assert!(serde_json::from_str::<PlanReviewPolicy>(huge).is_err());
    let default = PlanReviewPolicy::default();
    assert_eq!(
        (default.first_review_weeks(), default.then_every_months()),
        (8, 12)
    );
}

#[test]
fn s27_review_dates_after_today_are_refused() {
    let (mut h, a, _) = adult_carer_assessed(eligible_needs());
    let p = PlanId::new();
    run(
        &mut h,
        agree_plan(p, eligible(a), vec![support(SupportMethod::Counselling)]),
        &hub(),
    );
    given::<CarerCase>(h)
        .when(
            &CaseCommand::ReviewPlan {
                plan: p,
                review: review_on(date(2026, 11, 24)),
            },
            &asc(),
        )
        .then_error(CaseError::DateInTheFuture);
}

// Item 15: s.31 direct payments and their reviews.

/// A case with a plan of a direct-payment item (authority's part `dp_part`) and
/// counselling (authority's part £500).
fn plan_with_dp_item(dp_part: i64) -> (Vec<CaseEvent>, PlanId) {
    let (mut h, a, _) = adult_carer_assessed(eligible_needs());
    let p = PlanId::new();
    run(
        &mut h,
        agree_plan(
            p,
            eligible(a),
            vec![
                item(
                    NeedArea::Health,
                    SupportMethod::DirectPayment,
                    dp_part + 1_000,
                    1_000,
                ),
                item(NeedArea::Health, SupportMethod::Counselling, 50_000, 0),
            ],
        ),
        &asc(),
    );
    (h, p)
}

#[test]
fn s31_each_condition_of_a_direct_payment_is_recorded_and_an_unmet_one_is_refused() {
    let (h, p) = plan_with_dp_item(40_000);
    let met = dp_conditions();
    let unmet = [
        (
            DirectPaymentConditions {
                requested: false,
                ..met
            },
            DirectPaymentCondition::Requested,
        ),
        (
            DirectPaymentConditions {
                has_capacity_to_request: false,
                ..met
            },
            DirectPaymentCondition::CapacityToRequest,
        ),
        (
            DirectPaymentConditions {
                not_prohibited: false,
                ..met
            },
            DirectPaymentCondition::NotProhibited,
        ),
        (
            DirectPaymentConditions {
                managing: ManagingCapability::NotCapable,
                ..met
            },
            DirectPaymentCondition::CapableOfManaging,
        ),
        (
            DirectPaymentConditions {
                appropriate_way_to_meet_needs: false,
                ..met
            },
            DirectPaymentCondition::AppropriateWayToMeetNeeds,
        ),
    ];
    let dp = DirectPaymentId::new();
    for (conditions, condition) in unmet {
        let mut cmd = agree_dp(p, dp, &[0], 10_000);
        if let CaseCommand::AgreeDirectPayment { conditions: c, .. } = &mut cmd {
            *c = conditions;
        }
        given::<CarerCase>(h.clone())
            .when(&cmd, &asc())
            .then_error(CaseError::DirectPaymentConditionNotMet { condition });
    }
    let case = given::<CarerCase>(h)
        .when(&agree_dp(p, dp, &[0], 10_000), &asc())
        .state_after();
    let payment = case
        .plan(p)
        .and_then(|x| x.direct_payment(dp))
        .expect("agreed");
    assert_eq!(payment.conditions, met);
    assert_eq!(payment.pays_for, [0].into());
    assert_eq!(payment.review_due, None, "due only once first paid");
}

#[test]
fn s31_the_amount_and_the_total_paid_are_within_the_authoritys_part_for_the_items_paid_for() {
    let (mut h, p) = plan_with_dp_item(40_000);
    let dp = DirectPaymentId::new();
    given::<CarerCase>(h.clone())
        .when(&agree_dp(p, dp, &[0], 40_001), &asc())
        .then_error(CaseError::DirectPaymentExceedsBudget);
    given::<CarerCase>(h.clone())
        .when(&agree_dp(p, dp, &[2], 1), &asc())
        .then_error(CaseError::DirectPaymentItemsUnknown);
    given::<CarerCase>(h.clone())
        .when(&agree_dp(p, dp, &[], 1), &asc())
        .then_error(CaseError::DirectPaymentItemsUnknown);
    // Both items: £400 + £500.
    given::<CarerCase>(h.clone())
        .when(&agree_dp(p, dp, &[0, 1], 90_000), &asc())
        .accepted();
    run(&mut h, agree_dp(p, dp, &[0], 25_000), &asc());
    let pay = |amount| CaseCommand::RecordDirectPaymentMade {
        plan: p,
        payment: dp,
        on: date(2026, 11, 20),
        amount: Pence(amount),
    };
    run(&mut h, pay(25_000), &asc());
    run(&mut h, pay(15_000), &asc());
    given::<CarerCase>(h)
        .when(&pay(1), &asc())
        .then_error(CaseError::DirectPaymentExceedsBudget);
}

#[test]
fn dp_regs_a_direct_payment_is_reviewed_within_6_months_of_the_first_payment_then_every_12() {
    let (mut h, p) = plan_with_dp_item(40_000);
    let dp = DirectPaymentId::new();
    run(&mut h, agree_dp(p, dp, &[0], 10_000), &asc());
    let review = |on| CaseCommand::ReviewDirectPayment {
        plan: p,
        payment: dp,
        on,
    };
    given::<CarerCase>(h.clone())
        .when(&review(date(2026, 11, 23)), &asc())
        .then_error(CaseError::WrongDirectPaymentStatus {
            action: "review",
            status: DirectPaymentStatus::Agreed,
        });
    for on in [date(2026, 5, 31), date(2026, 11, 20)] {
        run(
            &mut h,
            CaseCommand::RecordDirectPaymentMade {
                plan: p,
                payment: dp,
                on,
                amount: Pence(10_000),
            },
            &asc(),
        );
    }
    let due = |h: &[CaseEvent]| {
        CarerCase::replay(h)
            .plan(p)
            .and_then(|x| x.direct_payment(dp))
            .and_then(|d| d.review_due)
    };
    assert_eq!(
        due(&h),
        Some(date(2026, 11, 30)),
        "6 months from the first payment"
    );
    given::<CarerCase>(h.clone())
        .when(&review(date(2026, 11, 24)), &asc())
        .then_error(CaseError::DateInTheFuture);
    given::<CarerCase>(h.clone())
        .when(&review(date(2026, 5, 30)), &asc())
        .then_error(CaseError::ReviewOutOfOrder);
    run(&mut h, review(date(2026, 11, 23)), &asc());
    assert_eq!(due(&h), Some(date(2027, 11, 23)), "then every 12 months");
    let bounds = [
        DirectPaymentPolicy::new(7, 12),
        DirectPaymentPolicy::new(6, 13),
        DirectPaymentPolicy::new(0, 12),
    ];
    assert!(bounds.iter().all(Result::is_err));
    let huge = r#"{"first_review_within_months":6,"then_every_months":4294967295}"#;
    assert!(serde_json::from_str::<DirectPaymentPolicy>(huge).is_err());
}

// Item 18: SALT LTS003 support type.

#[test]
fn salt_a_direct_payment_with_information_and_advice_is_direct_payment_only() {
    let (h, a, _) = adult_carer_assessed(eligible_needs());
    let p = PlanId::new();
    let case = given::<CarerCase>(h)
        .when(
            &agree_plan(
                p,
                eligible(a),
                vec![
                    item(NeedArea::Health, SupportMethod::DirectPayment, 10_000, 0),
                    support(SupportMethod::InformationAndAdvice),
                    support(SupportMethod::CarersCard),
                ],
            ),
            &hub(),
        )
        .state_after();
    assert_eq!(case.support_type(), Some(SupportType::DirectPaymentOnly));
}

#[test]
fn salt_an_agreed_direct_payment_counts_whether_or_not_a_plan_item_names_it() {
    let (mut h, a, _) = adult_carer_assessed(eligible_needs());
    let p = PlanId::new();
    run(
        &mut h,
        agree_plan(
            p,
            eligible(a),
            vec![item(
                NeedArea::Health,
                SupportMethod::Counselling,
                10_000,
                0,
            )],
        ),
        &asc(),
    );
    assert_eq!(
        CarerCase::replay(&h).support_type(),
        Some(SupportType::CouncilManagedPersonalBudget)
    );
    run(
        &mut h,
        agree_dp(p, DirectPaymentId::new(), &[0], 10_000),
        &asc(),
    );
    assert_eq!(
        CarerCase::replay(&h).support_type(),
        Some(SupportType::DirectPaymentOnly)
    );
}

#[test]
fn salt_information_and_advice_with_no_plan_counts_in_the_information_and_advice_row() {
    let (mut h, a, _) = adult_carer_assessed(needs(true, false, false));
    assert_eq!(CarerCase::replay(&h).support_type(), None);
    h.push(CaseEvent::InformationAndAdviceRecorded {
        assessment: a,
        advice: Personal::new("local carers' centre and carers' card".into()),
    });
    assert_eq!(
        CarerCase::replay(&h).support_type(),
        Some(SupportType::InformationAndAdviceOnly)
    );
}

#[test]
fn salt_universal_services_are_not_part_of_a_personal_budget() {
    for m in [
        SupportMethod::InformationAndAdvice,
        SupportMethod::PeerSupport,
        SupportMethod::CarersCard,
    ] {
        assert!(PlannedSupport::new(NeedArea::Health, m.clone(), Pence(100), Pence(0)).is_err());
        assert!(PlannedSupport::new(NeedArea::Health, m, Pence(0), Pence(0)).is_ok());
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Dp,
    Service,
    Replacement,
    Advice,
    Peer,
    Card,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Dp),
        Just(Kind::Service),
        Just(Kind::Replacement),
        Just(Kind::Advice),
        Just(Kind::Peer),
        Just(Kind::Card),
    ]
}

/// The oracle, row by row as SALT LTS003 words them.
fn salt_oracle(items: &[(Kind, i64)], dp_pays_for: Option<&[usize]>, advice: bool) -> SupportType {
    let universal = |k: Kind| matches!(k, Kind::Advice | Kind::Peer | Kind::Card);
    let to_the_carer: Vec<usize> = (0..items.len())
        .filter(|i| !universal(items[*i].0) && items[*i].0 != Kind::Replacement)
        .collect();
    let by_dp = |i: &usize| items[*i].0 == Kind::Dp || dp_pays_for.is_some_and(|d| d.contains(i));
    let any_dp = dp_pays_for.is_some() || items.iter().any(|(k, _)| *k == Kind::Dp);
    if any_dp && to_the_carer.iter().all(by_dp) {
        SupportType::DirectPaymentOnly
    } else if any_dp {
        SupportType::PartDirectPayment
    } else if to_the_carer.iter().any(|i| items[*i].1 > 0) {
        SupportType::CouncilManagedPersonalBudget
    } else if !to_the_carer.is_empty() {
        SupportType::CommissionedSupportOnly
    } else if advice || items.iter().any(|(k, _)| universal(*k)) {
        SupportType::InformationAndAdviceOnly
    } else {
        SupportType::NoDirectSupport
    }
}

fn method() -> impl Strategy<Value = SupportMethod> {
    prop_oneof![
        Just(SupportMethod::Counselling),
        Just(SupportMethod::CommissionedService),
        Just(SupportMethod::Equipment),
        Just(SupportMethod::DirectPayment),
        Just(SupportMethod::ShortBreak {
            length: BreakLength::Day,
            replacement_care: false
        }),
    ]
}

/// An item costing up to £10,000 of which the carer pays a part.
fn costed_item() -> impl Strategy<Value = PlannedSupport> {
    (method(), 0..1_000_000i64, 0..=100i64)
        .prop_map(|(m, cost, percent)| item(NeedArea::Health, m, cost, cost * percent / 100))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// s.14(3): whatever else a plan holds, a replacement-care item charged to the
    /// carer makes both agreement and revision refused.
    #[test]
    fn s14_3_any_plan_charging_replacement_care_is_refused_on_agreement_and_revision(
        others in proptest::collection::vec(costed_item(), 0..5),
        cost in 1..1_000_000i64,
        charged in 1..=100i64,
        at in 0..5usize,
    ) {
        let (h, a, _) = adult_carer_assessed(eligible_needs());
        let mut items = others.clone();
        let charge = (cost * charged / 100).max(1);
        items.insert(at.min(items.len()), replacement(cost, charge));
        for basis in [eligible(a), power(a)] {
            let agree = agree_plan(PlanId::new(), basis, items.clone());
            let refused = CarerCase::replay(&h).decide(&agree, &hub(), &CasePolicy::default());
            prop_assert_eq!(refused, Err(CaseError::ReplacementCareCharged));
        }
        let p = PlanId::new();
        let mut history = h.clone();
        run(&mut history, agree_plan(p, eligible(a), vec![support(SupportMethod::Counselling)]), &asc());
        let revision = CaseCommand::ReviewPlan { plan: p, review: revise(items) };
        let refused = CarerCase::replay(&history).decide(&revision, &asc(), &CasePolicy::default());
        prop_assert_eq!(refused, Err(CaseError::ReplacementCareCharged));
    }

    /// s.26: the personal budget is exactly the sums of the items (cost, what the
    /// carer pays, what the authority pays); sums that overflow are refused.
    #[test]
    fn s26_budgets_always_equal_the_exact_sums_of_the_items(
        parts in proptest::collection::vec(
            (prop_oneof![0..1_000_000i64, (i64::MAX / 4)..=i64::MAX], 0..=100i64),
            1..6,
        ),
    ) {
        let items: Vec<PlannedSupport> = parts
            .iter()
            .map(|(cost, percent)| {
                let carer = i64::try_from(i128::from(*cost) * i128::from(*percent) / 100)
                    .expect("a part of an i64 fits");
                item(NeedArea::Health, SupportMethod::Equipment, *cost, carer)
            })
            .collect();
        let cost: i128 = items.iter().map(|i| i128::from(i.cost().0)).sum();
        let carer: i128 = items.iter().map(|i| i128::from(i.carer_pays().0)).sum();
        match PlanSupport::new(items) {
            Ok(s) => {
                prop_assert!(cost <= i128::from(i64::MAX));
                prop_assert_eq!(i128::from(s.budget().cost().0), cost);
                prop_assert_eq!(i128::from(s.budget().carer_pays().0), carer);
                prop_assert_eq!(i128::from(s.budget().authority_pays().0), cost - carer);
            }
            Err(_) => prop_assert!(cost > i128::from(i64::MAX)),
        }
    }

    /// s.31: a direct payment is agreed exactly when its amount is within the
    /// authority's part of the items it pays for, and each payment is recorded
    /// exactly when the running total stays within it.
    #[test]
    fn s31_direct_payments_stay_within_the_authoritys_part(
        parts in proptest::collection::vec((0..100_000i64, 0..=100i64), 1..4),
        named in proptest::collection::btree_set(0..4usize, 1..4),
        amount in 1..200_000i64,
        payments in proptest::collection::vec(1..100_000i64, 0..6),
    ) {
        let (mut h, a, _) = adult_carer_assessed(eligible_needs());
        let p = PlanId::new();
        let items: Vec<PlannedSupport> = parts
            .iter()
            .map(|(cost, percent)| item(NeedArea::Health, SupportMethod::Equipment, *cost, cost * percent / 100))
            .collect();
        let known = named.iter().all(|i| *i < items.len());
        let cap: i64 = named.iter().filter_map(|i| items.get(*i)).map(|i| i.cost().0 - i.carer_pays().0).sum();
        run(&mut h, agree_plan(p, eligible(a), items), &asc());
        let dp = DirectPaymentId::new();
        let named: Vec<usize> = named.into_iter().collect();
        let agreed = CarerCase::replay(&h).decide(&agree_dp(p, dp, &named, amount), &asc(), &CasePolicy::default());
        match (known, amount <= cap) {
            (false, _) => prop_assert_eq!(agreed, Err(CaseError::DirectPaymentItemsUnknown)),
            (true, false) => prop_assert_eq!(agreed, Err(CaseError::DirectPaymentExceedsBudget)),
            (true, true) => {
                h.extend(agreed.expect("within the part"));
                let mut total = 0i64;
                for paid in payments {
                    let cmd = CaseCommand::RecordDirectPaymentMade { plan: p, payment: dp, on: date(2026, 11, 1), amount: Pence(paid) };
                    let result = CarerCase::replay(&h).decide(&cmd, &asc(), &CasePolicy::default());
                    if total + paid <= cap {
                        total += paid;
                        h.extend(result.expect("within the part"));
                    } else {
                        prop_assert_eq!(result, Err(CaseError::DirectPaymentExceedsBudget));
                    }
                }
                let recorded = CarerCase::replay(&h).plan(p).and_then(|x| x.direct_payment(dp)).and_then(|d| d.total_paid());
                prop_assert_eq!(recorded, Some(Pence(total)));
            }
        }
    }

    /// Direct Payments Regulations 2014: the review is due the policy's months
    /// (at most 6) after the first payment, then the policy's months (at most 12)
    /// after each review; reviews before the first payment or after today are refused.
    #[test]
    fn dp_regs_direct_payment_review_dates_follow_the_first_payment_and_each_review(
        first_back in 0..3_000u64,
        review_back in 0..3_000u64,
        first_months in 1..=6u32,
        then_months in 1..=12u32,
        later_payment_after in 0..400u64,
    ) {
        let today = date(2026, 11, 23);
        let first = today - chrono::Days::new(first_back);
        let reviewed = today - chrono::Days::new(review_back);
        let policy = CasePolicy {
            direct_payments: DirectPaymentPolicy::new(first_months, then_months).expect("in bounds"),
            ..CasePolicy::default()
        };
        let (h, p) = plan_with_dp_item(40_000);
        let dp = DirectPaymentId::new();
        let mut case = CarerCase::replay(&h);
        let later = (first + chrono::Days::new(later_payment_after)).min(today);
        for cmd in [
            agree_dp(p, dp, &[0], 10),
            CaseCommand::RecordDirectPaymentMade { plan: p, payment: dp, on: first, amount: Pence(10) },
            CaseCommand::RecordDirectPaymentMade { plan: p, payment: dp, on: later, amount: Pence(10) },
        ] {
            for e in case.decide(&cmd, &asc(), &policy).expect("valid set-up") {
                case.apply(&e);
            }
        }
        let due = |c: &CarerCase| c.plan(p).and_then(|x| x.direct_payment(dp)).and_then(|d| d.review_due);
        let oracle = |from: chrono::NaiveDate, months: u32| from.checked_add_months(chrono::Months::new(months));
        prop_assert_eq!(due(&case), oracle(first, first_months), "a later payment does not move it");
        let review = CaseCommand::ReviewDirectPayment { plan: p, payment: dp, on: reviewed };
        match case.decide(&review, &asc(), &policy) {
            Ok(events) => {
                prop_assert!(reviewed >= first);
                for e in &events { case.apply(e); }
                prop_assert_eq!(due(&case), oracle(reviewed, then_months));
            }
            Err(e) => {
                prop_assert!(reviewed < first);
                prop_assert_eq!(e, CaseError::ReviewOutOfOrder);
            }
        }
    }

    /// SALT LTS003: the case's support type follows the precedence, against an
    /// independent oracle: universal services are not part of a personal budget,
    /// an agreed direct payment counts whether or not an item names it, and advice
    /// given at assessment counts with or without a plan.
    #[test]
    fn salt_the_support_type_follows_the_precedence_of_the_return(
        kinds in proptest::collection::vec((kind(), 0..3i64), 1..5),
        dp_item in proptest::option::of(0..5usize),
        advice in any::<bool>(),
        with_plan in any::<bool>(),
    ) {
        let (mut h, a, _) = adult_carer_assessed(eligible_needs());
        if advice {
            h.push(CaseEvent::InformationAndAdviceRecorded { assessment: a, advice: Personal::new("advice".into()) });
        }
        let items: Vec<(Kind, i64)> = kinds
            .iter()
            .map(|(k, cost)| (*k, if matches!(k, Kind::Advice | Kind::Peer | Kind::Card) { 0 } else { *cost }))
            .collect();
        let to_item = |(k, cost): &(Kind, i64)| {
            let m = match k {
                Kind::Dp => SupportMethod::DirectPayment,
                Kind::Service => SupportMethod::CommissionedService,
                Kind::Replacement => replacement_care(),
                Kind::Advice => SupportMethod::InformationAndAdvice,
                Kind::Peer => SupportMethod::PeerSupport,
                Kind::Card => SupportMethod::CarersCard,
            };
            item(NeedArea::Health, m, *cost, 0)
        };
        let p = PlanId::new();
        let mut dp_pays_for = None;
        if with_plan {
            run(&mut h, agree_plan(p, eligible(a), items.iter().map(to_item).collect()), &asc());
            if let Some(i) = dp_item.filter(|i| items.get(*i).is_some_and(|(_, cost)| *cost > 0)) {
                run(&mut h, agree_dp(p, DirectPaymentId::new(), &[i], 1), &asc());
                dp_pays_for = Some(vec![i]);
            }
        }
        let expected = match (with_plan, advice) {
            (false, false) => None,
            (false, true) => Some(SupportType::InformationAndAdviceOnly),
            (true, _) => Some(salt_oracle(&items, dp_pays_for.as_deref(), advice)),
        };
        prop_assert_eq!(CarerCase::replay(&h).support_type(), expected);
    }
}

#[test]
fn s31_a_recurring_direct_payment_starts_afresh_with_each_period_of_the_plan() {
    let (mut h, p) = plan_with_dp_item(40_000);
    let dp = DirectPaymentId::new();
    run(&mut h, agree_dp(p, dp, &[0], 10_000), &asc());
    let pay = |on| CaseCommand::RecordDirectPaymentMade {
        plan: p,
        payment: dp,
        on,
        amount: Pence(10_000),
    };
    for _ in 0..4 {
        run(&mut h, pay(date(2026, 11, 23)), &asc());
    }
    // The period's part is spent...
    given::<CarerCase>(h.clone())
        .when(&pay(date(2026, 11, 23)), &asc())
        .then_error(CaseError::DirectPaymentExceedsBudget);
    // ...until the plan is reviewed and continues into a new period.
    let later = asc_at(date(2027, 11, 23));
    let continued = CaseCommand::ReviewPlan {
        plan: p,
        review: Review {
            on: date(2027, 11, 23),
            what_changed: Personal::new("nothing".into()),
            decision: ReviewDecision::Continue,
            quality_of_life: None,
        },
    };
    h.extend(
        given::<CarerCase>(h.clone())
            .when(&continued, &later)
            .accepted(),
    );
    given::<CarerCase>(h.clone())
        .when(&pay(date(2027, 11, 23)), &later)
        .accepted();
    // A payment is never dated after today.
    given::<CarerCase>(h)
        .when(&pay(date(2027, 11, 24)), &later)
        .then_error(CaseError::DateInTheFuture);
}
