//! Safeguarding as the law says it, exactly (Care Act 2014 s.42; Care and Support
//! Statutory Guidance ch. 14; Children Act 1989 s.47): each test is named for the
//! rule it proves.

mod support;

use carers_core::domain::*;
use carers_core::es::Aggregate;
use carers_core::es::scenario::given;
use proptest::prelude::*;
use support::*;

/// s.42(1): the duty arises where the authority has reasonable cause to SUSPECT each
/// limb, not where it has found them; the fields say so, and stored decisions under
/// the old field names still read.
#[test]
fn s42_duty_arises_on_reasonable_cause_to_suspect() {
    let suspected = S42Conditions {
        cause_to_suspect_needs_for_care_and_support: true,
        cause_to_suspect_abuse_or_neglect: true,
        cause_to_suspect_unable_to_protect_themselves: true,
    };
    assert!(suspected.duty_arises());
    for limb in 0..3 {
        let mut two = suspected;
        match limb {
            0 => two.cause_to_suspect_needs_for_care_and_support = false,
            1 => two.cause_to_suspect_abuse_or_neglect = false,
            _ => two.cause_to_suspect_unable_to_protect_themselves = false,
        }
        assert!(!two.duty_arises(), "every limb is needed (limb {limb})");
    }
    let old: S42Conditions = serde_json::from_str(
        r#"{"needs_care_and_support":true,"experiencing_or_at_risk":true,"unable_to_protect_themselves":false}"#,
    )
    .expect("old stored conditions still read");
    assert_eq!(
        old,
        S42Conditions {
            cause_to_suspect_unable_to_protect_themselves: false,
            ..suspected
        }
    );
    // A referred adult concern: the duty is decided on suspicion of all three.
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = ConcernId::new();
    h.extend(
        given::<CarerCase>(h.clone())
            .when(
                &CaseCommand::RaiseConcern {
                    concern: c,
                    details: concern_details(PersonAtRisk::CaredFor(mother), false),
                },
                &hub(),
            )
            .accepted(),
    );
    h.extend(
        given::<CarerCase>(h.clone())
            .when(
                &CaseCommand::ReferConcern {
                    concern: c,
                    to: Agency::AdultSocialCare,
                },
                &hub(),
            )
            .accepted(),
    );
    given::<CarerCase>(h)
        .when(
            &CaseCommand::DecideS42 {
                concern: c,
                conditions: suspected,
                outcome: S42Outcome::DutyMet,
            },
            &asc(),
        )
        .accepted();
}

/// CSSG ch. 14 (proportionality): a concern that does not meet the threshold for a
/// referral closes as a recorded decision (advice given, or no further action), with
/// its reason, without a referral; only a concern not yet referred closes so.
#[test]
fn a_concern_may_close_below_threshold_without_a_referral_with_its_reason() {
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(mother), false),
        &hub(),
    );
    let close = |outcome| CaseCommand::CloseBelowThreshold {
        concern: c,
        outcome,
        reason: Personal::new("a misunderstanding about a bank card; advice given".into()),
    };
    let events = accept(&mut h, close(BelowThreshold::AdviceGiven), &hub());
    assert!(matches!(
        &events[..],
        [CaseEvent::ConcernClosedBelowThreshold {
            outcome: BelowThreshold::AdviceGiven,
            ..
        }]
    ));
    let case = CarerCase::replay(&h);
    let concern = case.concern(c).expect("raised above");
    assert_eq!(concern.status, ConcernStatus::Closed);
    assert!(concern.referrals.is_empty());
    assert!(matches!(
        concern.closure,
        Some(Closure::BelowThreshold {
            outcome: BelowThreshold::AdviceGiven,
            ..
        })
    ));
    assert!(
        case.overdue(
            &SafeguardingPolicy::default(),
            now() + chrono::Duration::days(30)
        )
        .is_empty()
    );

    // Once referred, the concern is above the threshold: it closes with an outcome.
    let referred = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(mother), false),
        &hub(),
    );
    accept(
        &mut h,
        CaseCommand::ReferConcern {
            concern: referred,
            to: Agency::AdultSocialCare,
        },
        &hub(),
    );
    assert_eq!(
        refusal(
            &h,
            CaseCommand::CloseBelowThreshold {
                concern: referred,
                outcome: BelowThreshold::NoFurtherAction,
                reason: Personal::new("x".into()),
            },
            &hub()
        ),
        CaseError::WrongConcernStatus {
            action: "close below threshold",
            status: ConcernStatus::Referred
        }
    );
}

/// An adult concern with children in the household: the lead referral goes where
/// the law routes the person at risk (Adult Social Care, s.42), and an additional
/// referral to the Children's Trust (Children Act 1989 s.47) is allowed; the lead
/// agency still decides that the s.42 duty is decided.
#[test]
fn an_adult_concern_with_children_in_the_household_is_also_referred_to_the_childrens_trust() {
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = raise(
        &mut h,
        concern_with_children_in_household(PersonAtRisk::CaredFor(mother)),
        &hub(),
    );
    let refer = |to| CaseCommand::ReferConcern { concern: c, to };
    assert_eq!(
        refusal(&h, refer(Agency::ChildrensTrust), &hub()),
        CaseError::WrongAgency {
            expected: Agency::AdultSocialCare
        },
        "the lead referral goes to the agency the law routes to"
    );
    accept(&mut h, refer(Agency::AdultSocialCare), &hub());
    accept(&mut h, refer(Agency::ChildrensTrust), &hub());
    assert_eq!(
        refusal(&h, refer(Agency::ChildrensTrust), &hub()),
        CaseError::AlreadyReferredTo {
            agency: Agency::ChildrensTrust
        }
    );
    assert_eq!(
        refusal(&h, refer(Agency::AdultSocialCare), &hub()),
        CaseError::AlreadyReferredTo {
            agency: Agency::AdultSocialCare
        }
    );
    let case = CarerCase::replay(&h);
    let concern = case.concern(c).expect("raised above");
    assert_eq!(
        concern.referrals.iter().map(|r| r.to).collect::<Vec<_>>(),
        vec![Agency::AdultSocialCare, Agency::ChildrensTrust]
    );
    assert_eq!(concern.lead_agency(), Some(Agency::AdultSocialCare));
    assert_eq!(concern.status, ConcernStatus::Referred);
    accept(
        &mut h,
        CaseCommand::DecideS42 {
            concern: c,
            conditions: S42Conditions::default(),
            outcome: S42Outcome::DutyNotMet(Personal::new("no care needs".into())),
        },
        &asc(),
    );
}

/// An additional referral to the Children's Trust is for an adult concern with
/// children in the household only.
#[test]
fn an_additional_referral_needs_children_in_the_household() {
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(mother), false),
        &hub(),
    );
    let refer = |to| CaseCommand::ReferConcern { concern: c, to };
    accept(&mut h, refer(Agency::AdultSocialCare), &hub());
    assert_eq!(
        refusal(&h, refer(Agency::ChildrensTrust), &hub()),
        CaseError::NoChildrenInHousehold
    );
}

/// Children Act 1989 s.105(1): a child is a person under 18. Whether the person at
/// risk is a child comes from their date of birth on the day of the referral, not
/// from a band fixed when the concern was raised: a cared-for person whose concern
/// is raised the day before their 18th birthday and referred after it goes to Adult
/// Social Care, and the s.42 duty is then decided.
#[test]
fn whether_the_person_at_risk_is_a_child_comes_from_their_date_of_birth_on_the_day_of_the_referral()
{
    // 18 on Tuesday 24 November 2026; the tests' clock reads Monday 23rd.
    let (mut h, son) = carer_of_person_born(date(2008, 11, 24));
    let before = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(son), false),
        &hub(),
    );
    let same_day = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(son), false),
        &hub(),
    );
    let refer = |concern, to| CaseCommand::ReferConcern { concern, to };
    // Referred the day it was raised, while 17: the Children's Trust.
    assert_eq!(
        refusal(&h, refer(same_day, Agency::AdultSocialCare), &hub()),
        CaseError::WrongAgency {
            expected: Agency::ChildrensTrust
        }
    );
    accept(&mut h, refer(same_day, Agency::ChildrensTrust), &hub());
    // Referred on the 18th birthday: Adult Social Care.
    let birthday = hub_at(utc(2026, 11, 24, 9, 0));
    assert_eq!(
        refusal(&h, refer(before, Agency::ChildrensTrust), &birthday),
        CaseError::WrongAgency {
            expected: Agency::AdultSocialCare
        }
    );
    accept(&mut h, refer(before, Agency::AdultSocialCare), &birthday);
    accept(
        &mut h,
        CaseCommand::DecideS42 {
            concern: before,
            conditions: S42Conditions::default(),
            outcome: S42Outcome::OtherEnquiry,
        },
        &birthday,
    );
    let case = CarerCase::replay(&h);
    assert_eq!(
        case.concern(before).and_then(Concern::lead_agency),
        Some(Agency::AdultSocialCare)
    );

    // The carer's own date of birth counts the same way: a young carer who turns
    // 18 between the concern and its referral is referred to Adult Social Care.
    let mut h = vec![identified(CarerId::new(), date(2008, 11, 24))];
    let c = raise(&mut h, concern_details(PersonAtRisk::Carer, false), &hub());
    assert!(
        CarerCase::replay(&h)
            .concern(c)
            .is_some_and(|x| x.child_when_raised)
    );
    accept(&mut h, refer(c, Agency::AdultSocialCare), &birthday);
}

/// Days and deadlines are UK local days (Europe/London): "the same day" ends at
/// local midnight, 23:00 UTC in summer and 00:00 UTC in winter. A concern raised at
/// 00:30 BST on 1 July (23:30 UTC on 30 June) is dated 1 July, its same-day
/// referral is due at the end of 1 July, and its closure is dated 1 July.
#[test]
fn same_day_ends_at_uk_local_midnight_in_summer_and_winter() {
    let policy = SafeguardingPolicy::default();
    let cases = [
        // (raised at, its local day, the end of that local day)
        (
            utc(2026, 6, 30, 23, 30),
            date(2026, 7, 1),
            utc(2026, 7, 1, 23, 0),
        ),
        (
            utc(2026, 11, 30, 23, 30),
            date(2026, 11, 30),
            utc(2026, 12, 1, 0, 0),
        ),
    ];
    for (raised_at, day, end) in cases {
        assert_eq!(calendar::local_day(raised_at), day);
        let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
        let ctx = hub_at(raised_at);
        let c = raise(
            &mut h,
            concern_details(PersonAtRisk::CaredFor(mother), true),
            &ctx,
        );
        let case = CarerCase::replay(&h);
        let concern = case.concern(c).expect("raised above");
        assert_eq!(
            concern.referral_due(&policy),
            Some(end),
            "raised {raised_at}"
        );
        assert!(case.overdue(&policy, end).is_empty());
        assert_eq!(
            case.overdue(&policy, end + chrono::Duration::seconds(1)),
            vec![Overdue::Referral {
                concern: c,
                due: end
            }]
        );
        accept(
            &mut h,
            CaseCommand::ReferConcern {
                concern: c,
                to: Agency::AdultSocialCare,
            },
            &ctx,
        );
        accept(
            &mut h,
            CaseCommand::DecideS42 {
                concern: c,
                conditions: S42Conditions::default(),
                outcome: S42Outcome::OtherEnquiry,
            },
            &ctx,
        );
        let closed = accept(
            &mut h,
            CaseCommand::CloseConcern {
                concern: c,
                risk: RiskOutcome::Removed,
                desired_outcomes: DesiredOutcomesMet::Met,
            },
            &ctx,
        );
        assert!(
            matches!(&closed[..], [CaseEvent::ConcernClosed { on, .. }] if *on == day),
            "closed on the local day: {closed:?}"
        );
    }
}

/// The trends read model counts a concern in the UK local month it was raised:
/// 00:30 BST on 1 July (23:30 UTC on 30 June) is July.
#[test]
fn trends_count_a_concern_in_its_uk_local_month() {
    use carers_core::es::{MemoryStore, Projection, ProjectionRunner, Repository};
    let store = MemoryStore::new();
    let repo = Repository::<CarerCase, _>::new(&store).with_access(support::partnership());
    let carer = CarerId::new();
    let stream = carer.stream();
    let t = hub_at(utc(2026, 6, 30, 23, 30));
    repo.execute(
        &stream,
        &CaseCommand::IdentifyCarer {
            carer,
            details: details(date(1970, 1, 1)),
            source: IdentificationSource::Gp,
            lawful_basis: LawfulBasis::PublicTask,
            consent_to_hold_data: true,
        },
        &t,
        None,
    )
    .expect("identify");
    repo.execute(
        &stream,
        &CaseCommand::RaiseConcern {
            concern: ConcernId::new(),
            details: concern_details(PersonAtRisk::Carer, false),
        },
        &t,
        None,
    )
    .expect("raise");
    let mut trends = carers_core::projections::SafeguardingTrends::new();
    ProjectionRunner::default()
        .catch_up(&store, &mut trends)
        .expect("catch up");
    assert_eq!(trends.name(), "safeguarding-trends");
    assert_eq!(
        trends
            .per_category_month
            .get(&(AbuseCategory::Psychological, (2026, 7))),
        Some(&1)
    );
}

/// The oracle for UK clocks, written from the rule rather than from chrono-tz: BST
/// (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
/// Sunday of October, GMT otherwise.
mod uk_clock {
    use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc, Weekday};

    fn last_sunday(year: i32, month: u32) -> NaiveDate {
        // March and October both have 31 days.
        let mut d = NaiveDate::from_ymd_opt(year, month, 31).expect("31st exists");
        while d.weekday() != Weekday::Sun {
            d = d - Days::new(1);
        }
        d
    }

    fn at_one_utc(day: NaiveDate) -> DateTime<Utc> {
        day.and_hms_opt(1, 0, 0).expect("01:00 exists").and_utc()
    }

    /// Whether BST is in force at `t`.
    pub fn summer_time(t: DateTime<Utc>) -> bool {
        let y = t.year();
        at_one_utc(last_sunday(y, 3)) <= t && t < at_one_utc(last_sunday(y, 10))
    }

    /// The UK calendar date at `t`.
    pub fn date(t: DateTime<Utc>) -> NaiveDate {
        let offset = if summer_time(t) { 1 } else { 0 };
        (t + Duration::hours(offset)).date_naive()
    }

    /// The instant the UK local `day` starts (clocks never change at midnight, so
    /// the offset an hour before UTC midnight is the offset at local midnight).
    pub fn midnight(day: NaiveDate) -> DateTime<Utc> {
        let m = day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        if summer_time(m - Duration::hours(1)) {
            m - Duration::hours(1)
        } else {
            m
        }
    }
}

/// An instant near a UK clock change (late March or late October, 2020–2035), with
/// the hours around UTC midnight drawn often.
fn instant_near_a_clock_change() -> impl Strategy<Value = chrono::DateTime<chrono::Utc>> {
    let minute_of_day = prop_oneof![0..(24 * 60i64), (22 * 60..26 * 60i64)];
    (
        2020..2036i32,
        any::<bool>(),
        0..16u32,
        minute_of_day,
        0..60i64,
    )
        .prop_map(|(year, october, day, minute, second)| {
            let month = if october { 10 } else { 3 };
            utc(year, month, 20 + day.min(11), 0, 0)
                + chrono::Duration::days((day / 12).into())
                + chrono::Duration::minutes(minute)
                + chrono::Duration::seconds(second)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For any instant across the clock changes, `local_day` is the Europe/London
    /// calendar date, and a same-day referral for a concern raised then is due at
    /// the first UK local midnight after it.
    #[test]
    fn a_same_day_referral_is_due_at_the_first_uk_local_midnight_after_it(t in instant_near_a_clock_change()) {
        let day = uk_clock::date(t);
        prop_assert_eq!(calendar::local_day(t), day);
        let next_midnight = uk_clock::midnight(day + chrono::Days::new(1));
        prop_assert!(t < next_midnight && next_midnight <= t + chrono::Duration::hours(25));
        let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
        let c = raise(&mut h, concern_details(PersonAtRisk::CaredFor(mother), true), &hub_at(t));
        let due = CarerCase::replay(&h).concern(c).and_then(|x| x.referral_due(&SafeguardingPolicy::default()));
        prop_assert_eq!(due, Some(next_midnight));
    }
}

/// The local timescale of 5 working days runs from the referral to a strategy
/// meeting (DOMAIN.md, Safeguarding; CSSG ch. 14 sets none, so it is policy): the
/// overdue list reports the missing meeting once past due, whether or not the s.42
/// duty has been decided, and no longer once one is recorded.
#[test]
fn the_five_working_days_run_from_the_referral_to_a_strategy_meeting() {
    let policy = SafeguardingPolicy::default();
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(mother), false),
        &hub(),
    );
    // Referred on Tuesday 24 November 2026: the meeting is due by the end of
    // Tuesday 1 December (UK local midnight, 00:00 UTC in winter).
    let tuesday = hub_at(utc(2026, 11, 24, 9, 0));
    accept(
        &mut h,
        CaseCommand::ReferConcern {
            concern: c,
            to: Agency::AdultSocialCare,
        },
        &tuesday,
    );
    accept(
        &mut h,
        CaseCommand::DecideS42 {
            concern: c,
            conditions: S42Conditions::default(),
            outcome: S42Outcome::OtherEnquiry,
        },
        &tuesday,
    );
    let due = utc(2026, 12, 2, 0, 0);
    let case = CarerCase::replay(&h);
    assert_eq!(
        case.concern(c)
            .and_then(|x| x.strategy_meeting_due(&policy)),
        Some(due)
    );
    assert!(case.overdue(&policy, due).is_empty());
    let late = due + chrono::Duration::seconds(1);
    assert_eq!(
        case.overdue(&policy, late),
        vec![Overdue::StrategyMeeting { concern: c, due }]
    );
    accept(
        &mut h,
        CaseCommand::RecordStrategyMeeting {
            concern: c,
            held_on: date(2026, 12, 2),
        },
        &hub_at(late),
    );
    let case = CarerCase::replay(&h);
    assert_eq!(
        case.concern(c).and_then(|x| x.strategy_meeting),
        Some(date(2026, 12, 2))
    );
    assert!(case.overdue(&policy, late).is_empty());
}

/// All the pathway's timescales are configurable local policy (the law sets none):
/// 5 working days to the strategy meeting by default, and no timescale to the s.42
/// decision unless one is set; old stored policy still reads.
#[test]
fn safeguarding_timescales_are_configurable_policy() {
    let default = SafeguardingPolicy::default();
    assert_eq!(default.strategy_meeting_working_days, 5);
    assert_eq!(default.s42_decision_working_days, None);
    let old: SafeguardingPolicy = serde_json::from_str(
        r#"{"referral_working_days":1,"same_day_if_immediate_risk":true,"decision_working_days":3,"calendar":{"bank_holidays":[]}}"#,
    )
    .expect("old stored policy still reads");
    assert_eq!(old.strategy_meeting_working_days, 3);
    assert_eq!(old.s42_decision_working_days, None);

    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(mother), false),
        &hub(),
    );
    // Referred on Monday 23 November 2026.
    accept(
        &mut h,
        CaseCommand::ReferConcern {
            concern: c,
            to: Agency::AdultSocialCare,
        },
        &hub(),
    );
    accept(
        &mut h,
        CaseCommand::RecordStrategyMeeting {
            concern: c,
            held_on: date(2026, 11, 23),
        },
        &hub(),
    );
    let policy = SafeguardingPolicy {
        s42_decision_working_days: Some(2),
        ..SafeguardingPolicy::default()
    };
    let due = utc(2026, 11, 26, 0, 0);
    let case = CarerCase::replay(&h);
    assert!(
        case.overdue(&default, due + chrono::Duration::days(30))
            .is_empty()
    );
    assert!(case.overdue(&policy, due).is_empty());
    assert_eq!(
        case.overdue(&policy, due + chrono::Duration::seconds(1)),
        vec![Overdue::Decision { concern: c, due }]
    );
}

/// A strategy meeting is recorded for an adult concern referred to Adult Social
/// Care, once, before or after the s.42 decision, never dated before the referral
/// nor after the UK local day of the clock reading.
#[test]
fn a_strategy_meeting_is_recorded_for_an_adult_concern_and_never_dated_after_today() {
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    // 23:30 UTC on 30 June 2026 is 00:30 BST on 1 July: "today" is 1 July.
    let now = hub_at(utc(2026, 6, 30, 23, 30));
    let c = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(mother), false),
        &now,
    );
    let meeting = |held_on| CaseCommand::RecordStrategyMeeting {
        concern: c,
        held_on,
    };
    assert_eq!(
        refusal(&h, meeting(date(2026, 7, 1)), &now),
        CaseError::WrongConcernStatus {
            action: "record a strategy meeting on",
            status: ConcernStatus::Raised
        }
    );
    accept(
        &mut h,
        CaseCommand::ReferConcern {
            concern: c,
            to: Agency::AdultSocialCare,
        },
        &now,
    );
    assert_eq!(
        refusal(&h, meeting(date(2026, 7, 2)), &now),
        CaseError::DateInTheFuture
    );
    assert_eq!(
        refusal(&h, meeting(date(2026, 6, 30)), &now),
        CaseError::DateBeforeReferral
    );
    accept(&mut h, meeting(date(2026, 7, 1)), &now);
    assert_eq!(
        refusal(&h, meeting(date(2026, 7, 1)), &now),
        CaseError::StrategyMeetingAlreadyRecorded
    );

    // A child at risk goes to the Children's Trust (Children Act 1989 s.47): this
    // adult timescale and its meeting are not for that concern.
    let (mut h, son) = carer_of_person_born(date(2015, 6, 1));
    let child = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(son), false),
        &hub(),
    );
    accept(
        &mut h,
        CaseCommand::ReferConcern {
            concern: child,
            to: Agency::ChildrensTrust,
        },
        &hub(),
    );
    assert_eq!(
        refusal(
            &h,
            CaseCommand::RecordStrategyMeeting {
                concern: child,
                held_on: date(2026, 11, 23)
            },
            &hub()
        ),
        CaseError::NotAnAdultConcern
    );
}
