//! Equality reach on a generated caseload: every count is computed here from
//! the generator's plan (the answers each carer gave), independently of the
//! read model, and compared cell by cell; suppression holds on the published
//! tables; erased carers, and carers whose answers are gone, are not counted.

use std::collections::{BTreeMap, BTreeSet};

use carers_core::domain::equality::*;
use carers_core::domain::*;
use carers_core::es::{MemoryStore, ProjectionRunner, Repository};
use carers_core::generator::Plan;
use carers_core::projections::equality_reach::{NOT_ANSWERED, TOTAL};
use carers_core::projections::table::{Cell, Label};
use carers_core::projections::{EqualityReach, EqualityTables};
use chrono::NaiveDate;

mod support;
use support::{acting_at, after, generated, hub, hub_manager};

fn reach(repo: &Repository<CarerCase, MemoryStore>) -> EqualityReach {
    let mut reach = EqualityReach::new();
    ProjectionRunner::new(7)
        .catch_up(repo.store(), &mut reach)
        .expect("caught up");
    reach
}

fn label<T: Label>(answer: &Option<Personal<T>>) -> &'static str {
    answer
        .as_ref()
        .and_then(|p| p.reveal().copied())
        .map_or(NOT_ANSWERED, T::label)
}

/// Each table's expected counts by row label, from the answers given.
fn expected<'a>(
    answers: impl Iterator<Item = &'a EqualityMonitoring>,
) -> BTreeMap<&'static str, BTreeMap<&'static str, u64>> {
    let mut tables: BTreeMap<&'static str, BTreeMap<&'static str, u64>> = BTreeMap::new();
    for m in answers {
        for (table, row) in [
            ("equality_by_ethnic_group", label(&m.ethnic_group)),
            ("equality_by_sex", label(&m.sex)),
            ("equality_by_gender_identity", label(&m.gender_identity)),
            (
                "equality_by_sexual_orientation",
                label(&m.sexual_orientation),
            ),
            ("equality_by_disability", label(&m.disability)),
            ("equality_by_religion", label(&m.religion)),
            ("equality_by_working_status", label(&m.working_status)),
        ] {
            let rows = tables.entry(table).or_default();
            *rows.entry(row).or_default() += 1;
            *rows.entry(TOTAL).or_default() += 1;
        }
    }
    tables
}

/// Compares every cell of `tables` (unsuppressed) with `expected`: a row not
/// expected must read 0.
fn check(
    tables: &EqualityTables,
    expected: &BTreeMap<&'static str, BTreeMap<&'static str, u64>>,
    carers: u64,
) {
    assert_eq!(tables.carers, Cell::Count(carers));
    for table in tables.all() {
        let rows = expected.get(table.name);
        for row in &table.rows {
            let Cell::Label(label) = row[0] else {
                panic!("{}: a row without a label", table.name)
            };
            let want = rows.and_then(|r| r.get(label)).copied().unwrap_or(0);
            assert_eq!(row[1], Cell::Count(want), "{} {label}", table.name);
        }
        // Every answer a carer gave has its row.
        for label in rows.into_iter().flat_map(|r| r.keys()) {
            assert!(
                table.cell(Cell::Label(label), "carers").is_some(),
                "{} has no row {label}",
                table.name
            );
        }
    }
}

fn given(plan: &Plan, by: NaiveDate) -> impl Iterator<Item = &EqualityMonitoring> {
    plan.carers
        .iter()
        .filter_map(move |c| c.monitoring.as_ref())
        .filter(move |(on, _)| *on <= by)
        .map(|(_, m)| m)
}

#[test]
fn equality_reach_counts_each_consenting_carers_answers() {
    let (plan, repo) = generated(150, 3);
    let tables = reach(&repo).unsuppressed_tables();
    let all = given(&plan, NaiveDate::MAX);
    let carers = given(&plan, NaiveDate::MAX).count() as u64;
    assert!(
        (60..=120).contains(&carers),
        "most, not all, carers give monitoring: {carers} of 150"
    );
    check(&tables, &expected(all), carers);
}

/// The published tables: a count of 1 to 4 never shows, what shows is the
/// true count, and (with the total shown) each table with a suppressed cell
/// has at least two.
#[test]
fn equality_reach_tables_are_suppressed_for_publication() {
    let (_, repo) = generated(150, 3);
    let reach = reach(&repo);
    let (published, full) = (reach.tables(), reach.unsuppressed_tables());
    let mut suppressed = 0;
    for (table, truth) in published.all().into_iter().zip(full.all()) {
        assert_eq!(table.rows.len(), truth.rows.len());
        let mut hidden = 0;
        for (row, true_row) in table.rows.iter().zip(&truth.rows) {
            assert_eq!(row[0], true_row[0]);
            match (row[1], true_row[1]) {
                (Cell::Count(shown), Cell::Count(n)) => {
                    assert_eq!(shown, n);
                    assert!(n == 0 || n >= 5, "{} shows {n}", table.name);
                }
                (Cell::Suppressed, Cell::Count(_)) => hidden += 1,
                other => panic!("{}: {other:?}", table.name),
            }
        }
        assert_ne!(
            hidden, 1,
            "{}: one suppressed cell is the total less the rest",
            table.name
        );
        suppressed += hidden;
    }
    assert!(suppressed > 0, "150 carers' answers hold small counts");
    assert_eq!(published.carers, full.carers, "the total is not small");
}

#[test]
fn a_handful_of_carers_shows_no_count_but_zero() {
    let (_, repo) = generated(6, 5);
    let tables = reach(&repo).tables();
    assert_eq!(tables.carers, Cell::Suppressed);
    for table in tables.all() {
        for row in &table.rows {
            assert!(
                matches!(row[1], Cell::Suppressed | Cell::Count(0)),
                "{}: {:?}",
                table.name,
                row
            );
        }
    }
}

/// An erased carer (UK GDPR art. 17) is not counted: their answers are gone.
#[test]
fn erased_carers_are_not_counted() {
    let (plan, repo) = generated(150, 4);
    let erase = CaseCommand::ErasePersonalData {
        basis: ErasureBasis::SubjectRequest,
    };
    let erased: BTreeSet<CarerId> = plan
        .carers
        .iter()
        .filter(|c| c.monitoring.is_some())
        .step_by(3)
        .map(|c| c.carer)
        .collect();
    let mut read = reach(&repo);
    for carer in &erased {
        repo.erase(
            &carer.stream(),
            &erase,
            &acting_at(hub_manager(), after(&plan)),
        )
        .expect("erased");
    }
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut read)
        .expect("caught up");
    let kept = plan
        .carers
        .iter()
        .filter(|c| !erased.contains(&c.carer))
        .filter_map(|c| c.monitoring.as_ref().map(|(_, m)| m));
    let carers = kept.clone().count() as u64;
    check(&read.unsuppressed_tables(), &expected(kept), carers);
    // Rebuilt from the log, the same.
    assert_eq!(
        reach(&repo).unsuppressed_tables(),
        read.unsuppressed_tables()
    );
}

/// As of an instant: the answers recorded by then, of the carers not erased
/// since (their answers read as erased now, and are not counted).
#[test]
fn equality_reach_as_of_an_instant_counts_what_was_given_by_then() {
    let (plan, repo) = generated(150, 6);
    let day = plan.spec.from + chrono::Days::new(120);
    let instant = day.and_hms_opt(23, 0, 0).expect("23:00").and_utc();
    let erased = plan
        .carers
        .iter()
        .find(|c| c.monitoring.as_ref().is_some_and(|(on, _)| *on < day))
        .expect("someone gave monitoring in the first four months")
        .carer;
    repo.erase(
        &erased.stream(),
        &CaseCommand::ErasePersonalData {
            basis: ErasureBasis::SubjectRequest,
        },
        &acting_at(hub_manager(), after(&plan)),
    )
    .expect("erased");
    let then = ProjectionRunner::default()
        .as_of(repo.store(), EqualityReach::new(), instant)
        .expect("built");
    let known = plan
        .carers
        .iter()
        .filter(|c| c.carer != erased)
        .filter_map(|c| c.monitoring.as_ref())
        .filter(|(on, _)| *on <= day)
        .map(|(_, m)| m);
    let carers = known.clone().count() as u64;
    assert!(carers > 10, "{carers} carers gave monitoring by {day}");
    check(&then.unsuppressed_tables(), &expected(known), carers);
}

/// Answers in the carer's own words are never counted: the carer counts, as
/// having answered none of the coded questions.
#[test]
fn answers_in_own_words_are_not_counted() {
    let (plan, repo) = generated(5, 9);
    let carer = plan
        .carers
        .iter()
        .find(|c| c.monitoring.is_none())
        .expect("one of five gave no monitoring");
    let own_words = EqualityMonitoring {
        in_own_words: Some(Box::new(AnswersInOwnWords {
            sex: Some(Personal::new("female".into())),
            ..AnswersInOwnWords::default()
        })),
        ..EqualityMonitoring::default()
    };
    let record = CaseCommand::RecordEqualityMonitoring {
        monitoring: own_words.clone(),
        consent_given: true,
    };
    let staff = acting_at(hub(), after(&plan));
    repo.execute(&carer.carer.stream(), &record, &staff, None)
        .expect("recorded");
    let given: Vec<&EqualityMonitoring> =
        given(&plan, NaiveDate::MAX).chain([&own_words]).collect();
    let tables = reach(&repo).unsuppressed_tables();
    check(
        &tables,
        &expected(given.iter().copied()),
        given.len() as u64,
    );
    assert_eq!(
        tables.sex.cell(Cell::Label("Female"), "carers"),
        Some(Cell::Count(
            given
                .iter()
                .filter(|m| m.sex.as_ref().and_then(|s| s.reveal()) == Some(&Sex::Female))
                .count() as u64
        ))
    );
}

#[test]
fn equality_tables_export_as_csv() {
    let (_, repo) = generated(40, 2);
    let tables = reach(&repo).tables();
    let csv = String::from_utf8(tables.sex.to_csv()).expect("UTF-8");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "sex,carers");
    assert!(lines[1].starts_with("Female,"), "{csv}");
    assert!(
        lines.last().is_some_and(|l| l.starts_with("Total,")),
        "{csv}"
    );
    let json = serde_json::to_value(&tables).expect("serialises");
    assert_eq!(json["sex"]["name"], "equality_by_sex");
}
