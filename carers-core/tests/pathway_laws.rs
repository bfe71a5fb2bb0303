//! Safeguarding and support-plan rules as properties: no illegal transition is ever
//! accepted, money sums are exact, and overdue lists are exactly the items whose
//! due instant has passed.

mod support;

use carers_core::domain::*;
use carers_core::es::{Actor, Aggregate, Context, OrganisationId};
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, TimeZone, Utc, Weekday};
use proptest::prelude::*;
use support::*;

fn status_may_follow(before: ConcernStatus, after: ConcernStatus, child: bool) -> bool {
    use ConcernStatus::*;
    before == after
        || matches!(
            (before, after, child),
            (Raised, Referred, _)
                | (Raised, Closed, _)
                | (Referred, Decided, false)
                | (Decided, Closed, false)
                | (Referred, Closed, true)
        )
}

#[derive(Clone, Copy, Debug)]
enum Step {
    Raise {
        concern: usize,
        carer_at_risk: bool,
        immediate: bool,
        children: bool,
    },
    Refer {
        concern: usize,
        to_children: bool,
    },
    Share {
        concern: usize,
    },
    Decide {
        concern: usize,
        conditions: [bool; 3],
        outcome: u8,
    },
    Agree {
        concern: usize,
        action: usize,
    },
    Complete {
        concern: usize,
        action: usize,
    },
    Close {
        concern: usize,
    },
    CloseBelowThreshold {
        concern: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let c = 0..2usize;
    let a = 0..3usize;
    prop_oneof![
        (c.clone(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
            |(concern, carer_at_risk, immediate, children)| Step::Raise {
                concern,
                carer_at_risk,
                immediate,
                children
            }
        ),
        (c.clone(), any::<bool>()).prop_map(|(concern, to_children)| Step::Refer {
            concern,
            to_children
        }),
        c.clone().prop_map(|concern| Step::Share { concern }),
        (c.clone(), proptest::array::uniform3(any::<bool>()), 0..3u8).prop_map(
            |(concern, conditions, outcome)| Step::Decide {
                concern,
                conditions,
                outcome
            }
        ),
        (c.clone(), a.clone()).prop_map(|(concern, action)| Step::Agree { concern, action }),
        (c.clone(), a).prop_map(|(concern, action)| Step::Complete { concern, action }),
        c.clone().prop_map(|concern| Step::Close { concern }),
        c.prop_map(|concern| Step::CloseBelowThreshold { concern }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// No illegal safeguarding transition is ever accepted, whatever is attempted.
    #[test]
    fn no_illegal_safeguarding_transition_is_accepted(
        young in any::<bool>(), steps in proptest::collection::vec(step(), 1..50)
    ) {
        let concerns = [ConcernId::new(), ConcernId::new()];
        let actions = [ActionId::new(), ActionId::new(), ActionId::new()];
        let person = CaredForId::new();
        let mut case = CarerCase::replay(&[
            identified(CarerId::new(), if young { date(2012, 1, 1) } else { date(1970, 1, 1) }),
            role_added(role(person, CaredForAge::Adult, Relationship::Child, CareBasis::Unpaid)),
        ]);
        for s in steps {
            let cmd = match s {
                Step::Raise { concern, carer_at_risk, immediate, children } => CaseCommand::RaiseConcern {
                    concern: concerns[concern],
                    details: ConcernDetails {
                        children_in_household: children,
                        ..concern_details(if carer_at_risk { PersonAtRisk::Carer } else { PersonAtRisk::CaredFor(person) }, immediate)
                    },
                },
                Step::Refer { concern, to_children } => CaseCommand::ReferConcern {
                    concern: concerns[concern],
                    to: if to_children { Agency::ChildrensTrust } else { Agency::AdultSocialCare },
                },
                Step::Share { concern } => CaseCommand::ShareInformation { concern: concerns[concern], with: OrganisationId("police".into()), basis: SharingBasis::Consent },
                Step::Decide { concern, conditions: [a, b, c], outcome } => CaseCommand::DecideS42 {
                    concern: concerns[concern],
                    conditions: S42Conditions { cause_to_suspect_needs_for_care_and_support: a, cause_to_suspect_abuse_or_neglect: b, cause_to_suspect_unable_to_protect_themselves: c },
                    outcome: match outcome { 0 => S42Outcome::DutyMet, 1 => S42Outcome::OtherEnquiry, _ => S42Outcome::DutyNotMet(Personal::new("x".into())) },
                },
                Step::Agree { concern, action } => CaseCommand::AgreeAction {
                    concern: concerns[concern], action: actions[action], owner: OrganisationId("asc".into()),
                    description: Personal::new("do".into()), due: date(2026, 12, 1),
                },
                Step::Complete { concern, action } => CaseCommand::CompleteAction { concern: concerns[concern], action: actions[action], on: date(2026, 11, 20) },
                Step::Close { concern } => CaseCommand::CloseConcern { concern: concerns[concern], risk: RiskOutcome::Remains, desired_outcomes: DesiredOutcomesMet::PartlyMet },
                Step::CloseBelowThreshold { concern } => CaseCommand::CloseBelowThreshold { concern: concerns[concern], outcome: BelowThreshold::NoFurtherAction, reason: Personal::new("x".into()) },
            };
            let Ok(events) = case.decide(&cmd, &hub(), &CasePolicy::default()) else { continue };
            let before = case.clone();
            for e in &events {
                case.apply(e);
            }
            for (id, after) in case.safeguarding.concerns() {
                let Some(prior) = before.concern(*id) else {
                    prop_assert_eq!(after.status, ConcernStatus::Raised);
                    continue;
                };
                let child = after.lead_agency() == Some(Agency::ChildrensTrust);
                prop_assert!(status_may_follow(prior.status, after.status, child), "{:?} -> {:?}", prior.status, after.status);
                if prior.status == ConcernStatus::Closed {
                    prop_assert_eq!(prior, after, "a closed concern changed");
                }
                if let Some(lead) = after.lead_referral() {
                    prop_assert_eq!(lead.to, Agency::for_person(after.child_when_raised));
                }
                // Only an adult concern with children in the household has a second
                // referral, to the Children's Trust, and none has a third.
                match &after.referrals[..] {
                    [] | [_] => {}
                    [lead, also] => prop_assert!(
                        lead.to == Agency::AdultSocialCare && also.to == Agency::ChildrensTrust && after.details.children_in_household
                    ),
                    more => prop_assert!(false, "{} referrals", more.len()),
                }
                if let Some((conditions, outcome)) = &after.decision {
                    prop_assert_eq!(after.lead_agency(), Some(Agency::AdultSocialCare));
                    prop_assert_eq!(*outcome == S42Outcome::DutyMet, conditions.duty_arises());
                }
                if after.status == ConcernStatus::Closed {
                    prop_assert!(after.actions_complete());
                    let below = matches!(after.closure, Some(Closure::BelowThreshold { .. }));
                    prop_assert_eq!(below, after.referrals.is_empty(), "below threshold exactly when never referred");
                }
            }
        }
    }

    /// A budget exists exactly when its non-negative parts sum to its cost, with no
    /// overflow ever mistaken for a sum.
    #[test]
    fn budgets_add_up_exactly(cost in any::<i64>(), carer in any::<i64>(), authority in any::<i64>()) {
        let exact = carer >= 0 && authority >= 0 && carer as i128 + authority as i128 == cost as i128;
        prop_assert_eq!(PersonalBudget::new(Pence(cost), Pence(carer), Pence(authority)).is_ok(), exact);
        if carer >= 0 && cost >= carer {
            let b = PersonalBudget::new(Pence(cost), Pence(carer), Pence(cost - carer));
            prop_assert_eq!(b.map(|b| b.carer_pays().0 + b.authority_pays().0), Ok(cost));
        }
    }

    /// The total paid on a recurring direct payment is the exact sum of the payments
    /// recorded; a payment that would overflow the total is refused.
    #[test]
    fn direct_payment_totals_are_exact(amounts in proptest::collection::vec(prop_oneof![1..100_000i64, (i64::MAX / 4)..i64::MAX], 1..12)) {
        let (history, a, _) = adult_carer_assessed(eligible_needs());
        let mut case = CarerCase::replay(&history);
        let (p, dp) = (PlanId::new(), DirectPaymentId::new());
        for cmd in [
            agree_plan(p, eligible(a), vec![item(NeedArea::Health, SupportMethod::DirectPayment, i64::MAX, 0)]),
            agree_dp(p, dp, &[0], 1_000),
        ] {
            for e in case.decide(&cmd, &hub(), &CasePolicy::default()).expect("set-up commands are valid") {
                case.apply(&e);
            }
        }
        let mut expected: i128 = 0;
        for amount in amounts {
            let cmd = CaseCommand::RecordDirectPaymentMade { plan: p, payment: dp, on: date(2026, 11, 20), amount: Pence(amount) };
            match case.decide(&cmd, &hub(), &CasePolicy::default()) {
                Ok(events) => {
                    expected += amount as i128;
                    prop_assert!(expected <= i64::MAX as i128);
                    for e in &events { case.apply(e); }
                }
                Err(_) => prop_assert!(expected + amount as i128 > i64::MAX as i128, "a payment that fits was refused"),
            }
        }
        let total = case.plan(p).and_then(|x| x.direct_payment(dp)).and_then(|d| d.total_paid());
        prop_assert_eq!(total.map(|t| t.0 as i128), Some(expected));
    }
}

/// The oracle: the end of the `n`th working day after `day`, counted one day at a time.
fn oracle_due(day: NaiveDate, n: u32, holidays: &[NaiveDate]) -> DateTime<Utc> {
    let working = |d: NaiveDate| {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
    };
    let mut d = day;
    while !working(d) {
        d = d + Days::new(1);
    }
    let mut left = n;
    while left > 0 {
        d = d + Days::new(1);
        if working(d) {
            left -= 1;
        }
    }
    (d + Days::new(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The overdue list is exactly the items whose due instant is before `now`.
    #[test]
    fn overdue_lists_exactly_the_items_past_their_due_instant(
        raised_min in 0..(60 * 24 * 60i64), immediate in any::<bool>(),
        referred_after_min in proptest::option::of(0..(10 * 24 * 60i64)),
        holiday_offsets in proptest::collection::vec(0..70u64, 0..6),
        action_due_offset in proptest::option::of(0..70u64), action_done in any::<bool>(),
        meeting_held in any::<bool>(),
        now_min in 0..(80 * 24 * 60i64),
    ) {
        // November to January: GMT, so UTC dates are UK local days in this oracle.
        let start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).single().expect("valid");
        let base = start.date_naive();
        let holidays: Vec<NaiveDate> = holiday_offsets.iter().map(|o| base + Days::new(*o)).collect();
        let policy = SafeguardingPolicy { calendar: WorkingCalendar::with_bank_holidays(holidays.clone()), ..SafeguardingPolicy::default() };
        let at = |t: DateTime<Utc>| Context::new(Actor::new("w", "carers-hub", "support-worker"), t);
        let raised_at = start + Duration::minutes(raised_min);
        let (mut h, _, _) = adult_carer_assessed(eligible_needs());
        let c = ConcernId::new();
        let run = |h: &mut Vec<CaseEvent>, cmd: CaseCommand, t| {
            let events = CarerCase::replay(h.iter()).decide(&cmd, &at(t), &CasePolicy::default()).expect("valid step");
            h.extend(events);
        };
        run(&mut h, CaseCommand::RaiseConcern { concern: c, details: concern_details(PersonAtRisk::Carer, immediate) }, raised_at);
        let referred_at = referred_after_min.map(|m| raised_at + Duration::minutes(m));
        let action = ActionId::new();
        if let Some(t) = referred_at {
            run(&mut h, CaseCommand::ReferConcern { concern: c, to: Agency::AdultSocialCare }, t);
            if meeting_held {
                run(&mut h, CaseCommand::RecordStrategyMeeting { concern: c, held_on: t.date_naive() }, t);
            }
            if let Some(offset) = action_due_offset {
                let all = S42Conditions { cause_to_suspect_needs_for_care_and_support: true, cause_to_suspect_abuse_or_neglect: true, cause_to_suspect_unable_to_protect_themselves: true };
                run(&mut h, CaseCommand::DecideS42 { concern: c, conditions: all, outcome: S42Outcome::DutyMet }, t);
                run(&mut h, CaseCommand::AgreeAction {
                    concern: c, action, owner: OrganisationId("asc".into()), description: Personal::new("a".into()), due: base + Days::new(offset),
                }, t);
                if action_done {
                    // Recorded on or after the day it was done: never dated after today.
                    let done_on = base + Days::new(offset);
                    let recorded = t.max(done_on.and_hms_opt(12, 0, 0).expect("noon exists").and_utc());
                    run(&mut h, CaseCommand::CompleteAction { concern: c, action, on: done_on }, recorded);
                }
            }
        }
        let now = start + Duration::minutes(now_min);
        let got = CarerCase::replay(&h).overdue(&policy, now);

        let mut want = Vec::new();
        let referral_due = if immediate {
            // The same day, working day or not.
            (raised_at.date_naive() + Days::new(1)).and_hms_opt(0, 0, 0).expect("midnight").and_utc()
        } else {
            oracle_due(raised_at.date_naive(), 1, &holidays)
        };
        match referred_at {
            None => if referral_due < now { want.push(Overdue::Referral { concern: c, due: referral_due }) },
            Some(t) => {
                if !meeting_held {
                    let meeting_due = oracle_due(t.date_naive(), 5, &holidays);
                    if meeting_due < now { want.push(Overdue::StrategyMeeting { concern: c, due: meeting_due }) }
                }
                if let (Some(offset), false) = (action_due_offset, action_done) {
                    let due = (base + Days::new(offset + 1)).and_hms_opt(0, 0, 0).expect("midnight").and_utc();
                    if due < now { want.push(Overdue::Action { concern: c, action, due }) }
                }
            }
        }
        prop_assert_eq!(got, want);
    }
}
