//! Making Safeguarding Personal (CSSG 14.15) and timeliness against the local
//! policy (CSSG ch. 14 sets no timescales) on a generated caseload: every
//! figure is computed here from the generator's plan (the day of each step of
//! each concern), by the policy's rules in working days, independently of the
//! read model, and compared cell by cell.

use carers_core::domain::*;
use carers_core::es::ProjectionRunner;
use carers_core::generator::{Plan, PlannedConcern};
use carers_core::projections::SafeguardingOutcomes;
use carers_core::projections::carers_supported::FinancialYear;
use carers_core::projections::safeguarding_outcomes::STEPS;
use carers_core::projections::table::{Cell, TOTAL, Table};
use chrono::{DateTime, NaiveDate, Utc};

mod support;
use support::generated;

/// The default timescales, and 3 working days to the s.42 decision (the
/// default sets none), so that every step is timed.
fn policy() -> SafeguardingPolicy {
    SafeguardingPolicy {
        s42_decision_working_days: Some(3),
        ..SafeguardingPolicy::default()
    }
}

fn years(plan: &Plan) -> Vec<FinancialYear> {
    let first = FinancialYear::of(plan.spec.from);
    let last = FinancialYear::of(plan.spec.until());
    std::iter::successors(Some(first), |y| y.next().filter(|n| *n <= last)).collect()
}

fn concerns(plan: &Plan) -> impl Iterator<Item = &PlannedConcern> {
    plan.carers.iter().filter_map(|c| c.concern.as_ref())
}

fn count(table: &Table, row: &'static str, column: &str) -> u64 {
    match table.cell(Cell::Label(row), column) {
        Some(Cell::Count(n)) => n,
        other => panic!("{row}/{column}: {other:?}"),
    }
}

/// Noon UTC on `day`: the generator records each day's steps in its morning.
fn noon(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).expect("noon exists").and_utc()
}

#[test]
fn making_safeguarding_personal_counts_the_outcomes_of_concerns_closed_in_the_year() {
    let (plan, repo) = generated(900, 21);
    let mut outcomes = SafeguardingOutcomes::new(policy());
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut outcomes)
        .expect("caught up");
    let mut seen = 0;
    for year in years(&plan) {
        let table = outcomes.making_safeguarding_personal(year);
        let closed: Vec<DesiredOutcomesMet> = concerns(&plan)
            .filter_map(|c| c.closed)
            .filter(|(on, _, _)| year.contains(*on))
            .map(|(_, _, met)| met)
            .collect();
        for (row, met) in [
            ("Fully met", DesiredOutcomesMet::Met),
            ("Partly met", DesiredOutcomesMet::PartlyMet),
            ("Not met", DesiredOutcomesMet::NotMet),
            ("None expressed", DesiredOutcomesMet::NoneExpressed),
        ] {
            let expected = closed.iter().filter(|m| **m == met).count() as u64;
            assert_eq!(count(&table, row, "concerns"), expected, "{year:?} {row}");
        }
        assert_eq!(count(&table, TOTAL, "concerns"), closed.len() as u64);
        seen += closed.len();
    }
    // Concerns closed below the threshold have no outcome to count.
    let below = concerns(&plan)
        .filter(|c| c.below_threshold_on.is_some())
        .count();
    assert!(
        seen >= 10 && below >= 1,
        "{seen} closed with an outcome, {below} below"
    );
}

/// One step's standing by the days of the plan, as of noon on `today`: done
/// on or before its due day is on time; done after it, late; not done (by
/// `today`) with its due day before `today`, overdue; else not yet due.
fn standing(done: Option<NaiveDate>, due: NaiveDate, today: NaiveDate) -> &'static str {
    match done.filter(|d| *d <= today) {
        Some(d) if d <= due => "on_time",
        Some(_) => "late",
        None if due < today => "overdue",
        None => "not_yet_due",
    }
}

/// The timeliness table computed from the plan, for concerns raised in `year`.
fn expected_timeliness(plan: &Plan, year: FinancialYear, today: NaiveDate) -> Vec<[u64; 4]> {
    let policy = policy();
    let after = |day: NaiveDate, n: u32| {
        policy
            .calendar
            .add_working_days(day, n)
            .expect("within the calendar")
    };
    let mut rows = vec![[0u64; 4]; STEPS.len()];
    let column = |s: &str| match s {
        "on_time" => 0,
        "late" => 1,
        "overdue" => 2,
        _ => 3,
    };
    for c in concerns(plan).filter(|c| c.raised_on <= today && year.contains(c.raised_on)) {
        let known = |d: Option<NaiveDate>| d.filter(|d| *d <= today);
        let closed = known(c.closed.map(|(on, _, _)| on))
            .or(known(c.below_threshold_on))
            .is_some();
        let mut step = |row: usize, done: Option<NaiveDate>, due: NaiveDate| {
            if known(done).is_some() || !closed {
                rows[row][column(standing(done, due, today))] += 1;
            }
        };
        // Below the threshold: no referral is needed.
        if known(c.below_threshold_on).is_none() {
            step(0, c.referred.map(|(on, _)| on), after(c.raised_on, 1));
        }
        let Some((referred_on, agency)) = c.referred.filter(|(on, _)| *on <= today) else {
            continue;
        };
        if agency == Agency::AdultSocialCare {
            step(1, c.strategy_meeting_on, after(referred_on, 5));
            step(2, c.decided.map(|(on, _)| on), after(referred_on, 3));
        }
        for a in c.actions.iter().filter(|a| a.agreed_on <= today) {
            step(3, a.completed_on, a.due);
        }
    }
    rows
}

#[test]
fn timeliness_counts_each_step_on_time_late_overdue_or_not_yet_due() {
    let (plan, repo) = generated(900, 21);
    let runner = ProjectionRunner::default();
    let mut seen = [0u64; 4];
    // As of the caseload's end, and of two days within it (steps after them
    // not yet recorded).
    let end = plan.spec.until();
    let days = [
        end,
        plan.spec.from + chrono::Days::new(150),
        plan.spec.from + chrono::Days::new(250),
    ];
    for today in days {
        let outcomes = runner
            .as_of(
                repo.store(),
                SafeguardingOutcomes::new(policy()),
                noon(today),
            )
            .expect("built");
        for year in years(&plan) {
            let table = outcomes.timeliness(year, noon(today));
            let expected = expected_timeliness(&plan, year, today);
            for (step, row) in STEPS.iter().zip(&expected) {
                for (column, n) in ["on_time", "late", "overdue", "not_yet_due"]
                    .iter()
                    .zip(row)
                {
                    assert_eq!(
                        count(&table, step, column),
                        *n,
                        "{today} {year:?} {step} {column}"
                    );
                }
            }
            for row in &expected {
                for (s, n) in seen.iter_mut().zip(row) {
                    *s += n;
                }
            }
        }
    }
    // Each standing occurs, so the comparison could fail on any of them.
    assert!(
        seen.iter().all(|n| *n > 0),
        "on time, late, overdue, not yet due: {seen:?}"
    );
}

/// The referral is due by the end of the next working day (the default
/// policy): a concern raised on a Friday and referred on the Monday is on
/// time; one referred on the Tuesday is late.
#[test]
fn a_referral_after_the_weekend_is_on_time_by_working_days() {
    use carers_core::es::{MemoryStore, Repository};
    use support::{acting_at, concern_details, hub_manager, identified};

    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let friday = NaiveDate::from_ymd_opt(2025, 6, 6).expect("a date");
    let refer = |monday_or_tuesday: u64| {
        let carer = CarerId::new();
        let stream = carer.stream();
        support::append_sealed(
            repo.store(),
            &stream,
            &[identified(
                carer,
                NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date"),
            )],
        );
        let concern = ConcernId::new();
        let raise = CaseCommand::RaiseConcern {
            concern,
            details: concern_details(PersonAtRisk::Carer, false),
        };
        repo.execute(
            &stream,
            &raise,
            &acting_at(hub_manager(), noon(friday)),
            None,
        )
        .expect("raised");
        let day = friday + chrono::Days::new(2 + monday_or_tuesday);
        let refer = CaseCommand::ReferConcern {
            concern,
            to: Agency::AdultSocialCare,
        };
        repo.execute(&stream, &refer, &acting_at(hub_manager(), noon(day)), None)
            .expect("referred");
        stream
    };
    refer(1);
    let late = refer(2);
    let mut outcomes = SafeguardingOutcomes::new(SafeguardingPolicy::default());
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut outcomes)
        .expect("caught up");
    let year = FinancialYear::of(friday);
    let table = outcomes.timeliness(year, noon(friday + chrono::Days::new(30)));
    assert_eq!(count(&table, "Referral", "on_time"), 1);
    assert_eq!(count(&table, "Referral", "late"), 1);
    // Referred to Adult Social Care and never met: both strategy meetings are
    // overdue 30 days on; the default policy times no s.42 decision.
    assert_eq!(count(&table, "Strategy meeting", "overdue"), 2);
    let decisions: u64 = ["on_time", "late", "overdue", "not_yet_due"]
        .iter()
        .map(|c| count(&table, "s.42 decision", c))
        .sum();
    assert_eq!(decisions, 0);

    // The late one's case erased the day after its referral: its referral
    // still counts (done, late); its strategy meeting, not yet due then,
    // stays not yet due (an erased case takes no steps, so none falls overdue).
    let erase = CaseCommand::ErasePersonalData {
        basis: ErasureBasis::SubjectRequest,
    };
    repo.erase(
        &late,
        &erase,
        &acting_at(support::asc_manager(), noon(friday + chrono::Days::new(5))),
    )
    .expect("erased");
    let mut outcomes = SafeguardingOutcomes::new(SafeguardingPolicy::default());
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut outcomes)
        .expect("caught up");
    let table = outcomes.timeliness(year, noon(friday + chrono::Days::new(30)));
    assert_eq!(count(&table, "Referral", "late"), 1);
    assert_eq!(count(&table, "Strategy meeting", "overdue"), 1);
    assert_eq!(count(&table, "Strategy meeting", "not_yet_due"), 1);
}
