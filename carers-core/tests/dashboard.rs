//! The caseload dashboard on a generated caseload: every figure is computed here
//! from the generator's plan (what was recorded), independently of the read
//! model, and compared cell by cell; erasure changes the carer kind only.

use std::collections::{BTreeMap, BTreeSet};

use carers_core::domain::*;
use carers_core::es::ProjectionRunner;
use carers_core::generator::{Plan, PlannedCarer};
use carers_core::projections::table::{Cell, Label, Month, Table};
use carers_core::projections::{Dashboard, DashboardTables};
use chrono::{Datelike, Days, NaiveDate};

mod support;
use support::generated;

fn last_day(plan: &Plan) -> NaiveDate {
    plan.spec.until() - Days::new(1)
}

/// Whole years from `born` to `on`, as a birthday counts them.
fn years(born: NaiveDate, on: NaiveDate) -> i32 {
    let had_birthday = (on.month(), on.day()) >= (born.month(), born.day());
    on.year() - born.year() - i32::from(!had_birthday)
}

/// The carer's stage: the most engaged of their roles' (living, becoming,
/// moving on, before), as the journey's overall stage is defined.
fn overall(c: &PlannedCarer, day: NaiveDate) -> Option<Stage> {
    let stages: BTreeSet<Stage> = c.roles.iter().map(|r| r.stage_on(day)).collect();
    [
        Stage::LivingAsACarer,
        Stage::BecomingACarer,
        Stage::MovingOn,
        Stage::BeforeCaring,
    ]
    .into_iter()
    .find(|s| stages.contains(s))
}

fn kind(c: &PlannedCarer, day: NaiveDate) -> CarerKind {
    let age = years(c.born, day);
    let parent = c
        .roles
        .iter()
        .any(|r| r.parental_responsibility && years(r.cared_for_born, day) < 18);
    if age < 18 {
        CarerKind::YoungCarer
    } else if parent {
        CarerKind::ParentCarer
    } else if age <= 25 {
        CarerKind::YoungAdultCarer
    } else {
        CarerKind::AdultCarer
    }
}

fn caring_now(c: &PlannedCarer, day: NaiveDate) -> Vec<&carers_core::generator::PlannedRole> {
    c.roles
        .iter()
        .filter(|r| {
            matches!(
                r.stage_on(day),
                Stage::BecomingACarer | Stage::LivingAsACarer
            )
        })
        .collect()
}

fn count(table: &Table, row: &'static str, column: &str) -> u64 {
    match table.cell(Cell::Label(row), column) {
        Some(Cell::Count(n)) => n,
        other => panic!(
            "{}: no count for {row} under {column}: {other:?}",
            table.name
        ),
    }
}

fn monthly(table: &Table, month: Month, column: &str) -> u64 {
    match table.cell(Cell::Month(month), column) {
        Some(Cell::Count(n)) => n,
        None => 0,
        other => panic!("{}: {month} {column}: {other:?}", table.name),
    }
}

/// Checks a "carers by value" table against the plan's own count of each value.
fn check_by<T: Label + PartialEq>(
    table: &Table,
    plan: &Plan,
    value: impl Fn(&PlannedCarer) -> Option<T>,
    missing: &'static str,
) {
    let expected = |v: Option<T>| plan.carers.iter().filter(|c| value(c) == v).count() as u64;
    for v in T::ALL {
        assert_eq!(
            count(table, v.label(), "carers"),
            expected(Some(*v)),
            "{} {}",
            table.name,
            v.label()
        );
    }
    assert_eq!(
        count(table, missing, "carers"),
        expected(None),
        "{} {missing}",
        table.name
    );
    // Every carer is in exactly one row: a value missing from the table's list
    // would lose its carers here.
    let listed: u64 = table
        .rows
        .iter()
        .map(|r| match r[1] {
            Cell::Count(n) => n,
            other => panic!("{}: {other:?}", table.name),
        })
        .sum();
    assert_eq!(
        listed,
        plan.carers.len() as u64,
        "{}: rows sum to the carers",
        table.name
    );
}

/// Checks a per-month table against the plan's own `(month, value)` entries.
fn check_per_month<T: Label + Ord>(table: &Table, entries: Vec<(Month, T)>) {
    let mut expected: BTreeMap<(Month, T), u64> = BTreeMap::new();
    for e in &entries {
        *expected.entry(*e).or_default() += 1;
    }
    let months: BTreeSet<Month> = entries.iter().map(|(m, _)| *m).collect();
    for month in &months {
        let mut total = 0;
        for v in T::ALL {
            let n = expected.get(&(*month, *v)).copied().unwrap_or(0);
            assert_eq!(
                monthly(table, *month, v.label()),
                n,
                "{} {month} {}",
                table.name,
                v.label()
            );
            total += n;
        }
        assert_eq!(
            monthly(table, *month, "total"),
            total,
            "{} {month} total",
            table.name
        );
    }
    let listed: u64 = table
        .rows
        .iter()
        .map(|r| match r.last() {
            Some(Cell::Count(n)) => *n,
            other => panic!("{}: a row without a total: {other:?}", table.name),
        })
        .sum();
    assert_eq!(
        listed,
        entries.len() as u64,
        "{}: months not in the plan list nothing",
        table.name
    );
}

fn check_against_plan(tables: &DashboardTables, plan: &Plan, erased: &BTreeSet<CarerId>) {
    let day = tables.on;
    assert_eq!(tables.carers, plan.carers.len() as u64);
    check_by(
        &tables.by_stage,
        plan,
        |c| overall(c, day),
        "No caring role",
    );
    check_by(
        &tables.by_kind,
        plan,
        |c| (!erased.contains(&c.carer)).then(|| kind(c, day)),
        "Not known",
    );
    check_by(
        &tables.by_hours,
        plan,
        |c| caring_now(c, day).iter().map(|r| r.hours).max(),
        "Not caring now",
    );
    check_by(&tables.by_source, plan, |c| Some(c.source), "Not known");
    let n = |f: &dyn Fn(&PlannedCarer) -> bool| plan.carers.iter().filter(|c| f(c)).count() as u64;
    let living = "carers";
    let lives = |c: &PlannedCarer| caring_now(c, day).iter().any(|r| r.lives_with_carer);
    assert_eq!(count(&tables.by_living_with, "Yes", living), n(&lives));
    assert_eq!(
        count(&tables.by_living_with, "No", living),
        n(&|c| !lives(c))
    );
    let people = "carers";
    for (row, k) in [("0", 0), ("1", 1), ("2", 2)] {
        assert_eq!(
            count(&tables.by_people_cared_for, row, people),
            n(&|c| caring_now(c, day).len() == k)
        );
    }
    assert_eq!(
        count(&tables.by_people_cared_for, "3 or more", people),
        n(&|c| caring_now(c, day).len() >= 3)
    );
    for condition in ConditionCategory::ALL {
        let has = |c: &PlannedCarer| {
            caring_now(c, day)
                .iter()
                .any(|r| r.conditions.contains(&condition))
        };
        assert_eq!(
            count(&tables.by_condition, condition.label(), "carers"),
            n(&has),
            "{condition:?}"
        );
    }
    check_per_month(
        &tables.identified_per_month,
        plan.carers
            .iter()
            .map(|c| (Month::of(c.identified_on), c.source))
            .collect(),
    );
    let moved: BTreeSet<(CarerId, Month, MovingOnReason)> = plan
        .carers
        .iter()
        .flat_map(|c| {
            c.roles
                .iter()
                .filter_map(|r| r.moved_on)
                .map(|(reason, on)| (c.carer, Month::of(on), reason))
        })
        .collect();
    check_per_month(
        &tables.moved_on_per_month,
        moved.into_iter().map(|(_, m, r)| (m, r)).collect(),
    );
    check_per_month(
        &tables.contacts_per_month,
        plan.carers
            .iter()
            .flat_map(|c| c.contacts.iter().map(|k| (Month::of(k.on), k.channel)))
            .collect(),
    );
}

#[test]
fn the_dashboard_counts_what_was_recorded() {
    let (plan, repo) = generated(300, 21);
    let mut dashboard = Dashboard::new();
    ProjectionRunner::new(64)
        .catch_up(repo.store(), &mut dashboard)
        .expect("caught up");
    let tables = dashboard.on(last_day(&plan));
    check_against_plan(&tables, &plan, &BTreeSet::new());
    // The caseload is varied enough for the checks to mean something.
    assert!(count(&tables.by_stage, "Moving on from caring", "carers") > 0);
    assert!(count(&tables.by_kind, "Young carer (under 18)", "carers") > 0);
    assert!(count(&tables.by_kind, "Parent carer", "carers") > 0);
    assert!(count(&tables.by_people_cared_for, "2", "carers") > 0);
    assert!(tables.moved_on_per_month.rows.len() > 3);
}

/// The kind is the carer's on the day asked: a young carer on one day may be a
/// young adult carer a year later, from the same events.
#[test]
fn the_carer_kind_is_the_one_on_the_day_asked() {
    let (plan, repo) = generated(120, 5);
    let mut dashboard = Dashboard::new();
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut dashboard)
        .expect("caught up");
    // Three years on: young carers of 15 or more are adults by then.
    let later = last_day(&plan) + Days::new(3 * 366);
    let tables = dashboard.on(later);
    check_by(
        &tables.by_kind,
        &plan,
        |c| Some(kind(c, later)),
        "Not known",
    );
    assert_ne!(
        tables.by_kind,
        dashboard.on(last_day(&plan)).by_kind,
        "three years on, some carers are a kind older"
    );
}

/// Erasure (UK GDPR art. 17) changes the carer kind only: the erased carers read
/// as "Not known"; every other figure stays; and the erased read model rebuilt
/// from the log answers as the one that saw the erasures come in.
#[test]
fn erasure_changes_the_carer_kind_only() {
    let (plan, repo) = generated(150, 8);
    let runner = ProjectionRunner::default();
    let mut dashboard = Dashboard::new();
    runner
        .catch_up(repo.store(), &mut dashboard)
        .expect("caught up");
    let day = last_day(&plan);
    let before = dashboard.on(day);

    let manager = support::acting_at(support::hub_manager(), support::after(&plan));
    let erase = CaseCommand::ErasePersonalData {
        basis: ErasureBasis::SubjectRequest,
    };
    let erased: BTreeSet<CarerId> = plan.carers.iter().step_by(4).map(|c| c.carer).collect();
    for carer in &erased {
        repo.erase(&carer.stream(), &erase, &manager)
            .expect("erased");
    }
    runner
        .catch_up(repo.store(), &mut dashboard)
        .expect("caught up");
    let after = dashboard.on(day);
    check_against_plan(&after, &plan, &erased);
    for (was, is) in before.all().into_iter().zip(after.all()) {
        if was.name != "carers_by_kind" {
            assert_eq!(was, is, "{} changed on erasure", was.name);
        }
    }
    assert_eq!(
        count(&after.by_kind, "Not known", "carers"),
        erased.len() as u64
    );

    let mut rebuilt = Dashboard::new();
    runner.catch_up(repo.store(), &mut rebuilt).expect("built");
    assert_eq!(rebuilt.on(day), after);
}

#[test]
fn a_table_exports_as_csv_and_json_with_the_same_cells() {
    let (plan, repo) = generated(40, 2);
    let mut dashboard = Dashboard::new();
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut dashboard)
        .expect("caught up");
    let tables = dashboard.on(last_day(&plan));
    for table in tables.all() {
        let csv = String::from_utf8(table.to_csv()).expect("CSV is UTF-8");
        let mut lines = csv.lines();
        let header = lines.next().expect("a header");
        assert_eq!(
            header.split(',').count(),
            table.columns.len(),
            "{}",
            table.name
        );
        assert_eq!(lines.count(), table.rows.len(), "{}", table.name);
        let json = serde_json::to_value(table).expect("serialises");
        assert_eq!(json["name"], table.name);
        let rows = json["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), table.rows.len());
        for (row, cells) in rows.iter().zip(&table.rows) {
            for (column, cell) in table.columns.iter().zip(cells) {
                let expected = match cell {
                    Cell::Count(n) => serde_json::json!(n),
                    other => serde_json::json!(other.to_string()),
                };
                assert_eq!(row[column], expected, "{} {column}", table.name);
            }
        }
    }
    let stage = String::from_utf8(tables.by_stage.to_csv()).expect("UTF-8");
    assert!(stage.starts_with("stage,carers\nBefore caring,"), "{stage}");
    let by_month = serde_json::to_value(&tables.identified_per_month).expect("serialises");
    assert!(
        by_month["rows"][0]["month"]
            .as_str()
            .is_some_and(|m| m.len() == 7 && m.starts_with("2025-"))
    );
}
