//! SALT LTS003 on a generated caseload: every figure is computed here from the
//! generator's plan (the assessments, plans and payments it recorded), by the
//! return's rules as DOMAIN.md states them, independently of the read model,
//! and compared cell by cell.

use std::collections::BTreeMap;

use carers_core::domain::*;
use carers_core::es::{MemoryStore, ProjectionRunner, Repository};
use carers_core::generator::{Plan, PlannedCarer};
use carers_core::projections::CarersSupported;
use carers_core::projections::carers_supported::{AgeBand, FinancialYear, Lts003, TOTAL};
use carers_core::projections::table::{Cell, Label};
use chrono::{Datelike, NaiveDate};

mod support;
use support::{acting_at, after, generated, hub_manager, salt_support_type};

/// The return's age bands as columns, in its order.
const BANDS: [&str; 6] = [
    "under_18",
    "18_to_25",
    "26_to_64",
    "65_to_84",
    "85_and_over",
    "age_not_known",
];

fn year(starting: i32) -> FinancialYear {
    FinancialYear::starting(starting).expect("a year in the calendar")
}

/// The return's band for an age in whole years.
fn band(years: i32) -> &'static str {
    match years {
        ..18 => "under_18",
        18..=25 => "18_to_25",
        26..=64 => "26_to_64",
        65..=84 => "65_to_84",
        _ => "85_and_over",
    }
}

fn years(born: NaiveDate, on: NaiveDate) -> i32 {
    let had_birthday = (on.month(), on.day()) >= (born.month(), born.day());
    on.year() - born.year() - i32::from(!had_birthday)
}

/// One carer's support type in the year, by DOMAIN.md's order of precedence
/// (`salt_support_type`), if they were supported in it.
fn support_type(c: &PlannedCarer, y: FinancialYear) -> Option<SupportType> {
    let a = c.assessment.as_ref()?;
    let advised = a.advice_on.is_some_and(|d| y.contains(d));
    let planned = a
        .plan
        .as_ref()
        .filter(|p| p.agreed_on <= y.last_day())
        .map_or(&[][..], |p| &p.items[..]);
    if planned.is_empty() && !advised {
        return None;
    }
    Some(salt_support_type(planned, advised))
}

/// What the return must say for `y`, from the plan; `erased` carers' ages are
/// not known.
fn expected(
    plan: &Plan,
    y: FinancialYear,
    erased: &[CarerId],
) -> BTreeMap<(SupportType, &'static str), u64> {
    let mut counts = BTreeMap::new();
    for c in &plan.carers {
        if let Some(kind) = support_type(c, y) {
            let column = if erased.contains(&c.carer) {
                "age_not_known"
            } else {
                band(years(c.born, y.last_day()))
            };
            *counts.entry((kind, column)).or_default() += 1;
        }
    }
    counts
}

fn check(lts003: &Lts003, expected: &BTreeMap<(SupportType, &'static str), u64>) {
    let table = &lts003.by_support_type;
    let cell = |row: &'static str, column: &str| {
        table
            .cell(Cell::Label(row), column)
            .unwrap_or_else(|| panic!("{row} / {column}"))
    };
    for kind in SupportType::ALL {
        let mut row_total = 0;
        for column in BANDS {
            let n = expected.get(&(kind, column)).copied().unwrap_or(0);
            row_total += n;
            assert_eq!(
                cell(kind.label(), column),
                Cell::Count(n),
                "{kind:?} {column}"
            );
        }
        assert_eq!(
            cell(kind.label(), "carers"),
            Cell::Count(row_total),
            "{kind:?}"
        );
    }
    for column in BANDS {
        let n: u64 = expected
            .iter()
            .filter(|((_, c), _)| *c == column)
            .map(|(_, n)| n)
            .sum();
        assert_eq!(cell(TOTAL, column), Cell::Count(n), "total {column}");
    }
    let all: u64 = expected.values().sum();
    assert_eq!(cell(TOTAL, "carers"), Cell::Count(all));
    assert_eq!(table.rows.len(), SupportType::ALL.len() + 1);
}

fn supported(repo: &Repository<CarerCase, MemoryStore>) -> CarersSupported {
    let mut supported = CarersSupported::new();
    ProjectionRunner::new(13)
        .catch_up(repo.store(), &mut supported)
        .expect("caught up");
    supported
}

#[test]
fn lts003_counts_each_carer_supported_once_by_support_type_and_age_band() {
    let (plan, repo) = generated(400, 12);
    let supported = supported(&repo);
    let first = year(2025);
    let expected_first = expected(&plan, first, &[]);
    // The fixture reaches every support type, so no row is checked only at 0.
    for kind in SupportType::ALL {
        assert!(
            expected_first.keys().any(|(k, _)| *k == kind),
            "the caseload has no {kind:?}"
        );
    }
    check(&supported.lts003(first), &expected_first);
    // The next year: plans still in force count again, advice given last year
    // does not.
    let next = year(2026);
    let expected_next = expected(&plan, next, &[]);
    assert!(!expected_next.is_empty());
    assert!(expected_next.values().sum::<u64>() < expected_first.values().sum::<u64>());
    check(&supported.lts003(next), &expected_next);
    // Before anyone was assessed: nobody.
    check(&supported.lts003(year(2024)), &BTreeMap::new());
}

#[test]
fn lts003_counts_assessments_and_direct_payments_paid_in_the_year() {
    let (plan, repo) = generated(400, 12);
    let supported = supported(&repo);
    for y in [year(2024), year(2025), year(2026)] {
        let assessments: Vec<_> = plan
            .carers
            .iter()
            .filter_map(|c| c.assessment.as_ref())
            .collect();
        let started = assessments
            .iter()
            .filter(|a| a.started_on.is_some_and(|d| y.contains(d)))
            .count() as u64;
        let completed: Vec<bool> = assessments
            .iter()
            .filter_map(|a| a.completed.filter(|(d, _)| y.contains(*d)))
            .map(|(_, eligible)| eligible)
            .collect();
        let eligible = completed.iter().filter(|e| **e).count() as u64;
        let spend: i64 = assessments
            .iter()
            .filter_map(|a| a.plan.as_ref()?.direct_payment.as_ref())
            .map(|d| d.amount.0 * d.paid.iter().filter(|on| y.contains(**on)).count() as i64)
            .sum();
        let lts003 = supported.lts003(y);
        let count = |row| lts003.assessments.cell(Cell::Label(row), "count");
        assert_eq!(count("Started"), Some(Cell::Count(started)), "{y}");
        assert_eq!(
            count("Completed"),
            Some(Cell::Count(completed.len() as u64)),
            "{y}"
        );
        assert_eq!(count("Eligible"), Some(Cell::Count(eligible)), "{y}");
        assert_eq!(
            count("Not eligible"),
            Some(Cell::Count(completed.len() as u64 - eligible)),
            "{y}"
        );
        assert_eq!(
            lts003
                .direct_payments
                .cell(Cell::Label("Direct payments paid"), "pence"),
            Some(Cell::Pence(spend)),
            "{y}"
        );
        if y == year(2025) {
            assert!(started > 0 && eligible > 0 && spend > 0);
        }
    }
}

#[test]
fn an_erased_carer_stays_counted_with_their_age_not_known() {
    let (plan, repo) = generated(200, 4);
    let y = year(2025);
    let erased: Vec<CarerId> = plan
        .carers
        .iter()
        .filter(|c| support_type(c, y).is_some())
        .take(3)
        .map(|c| c.carer)
        .collect();
    assert_eq!(erased.len(), 3);
    let manager = acting_at(hub_manager(), after(&plan));
    for carer in &erased {
        let erase = CaseCommand::ErasePersonalData {
            basis: ErasureBasis::SubjectRequest,
        };
        repo.erase(&carer.stream(), &erase, &manager)
            .expect("erased");
    }
    let lts003 = supported(&repo).lts003(y);
    check(&lts003, &expected(&plan, y, &erased));
    assert_eq!(
        lts003
            .by_support_type
            .cell(Cell::Label(TOTAL), "age_not_known"),
        Some(Cell::Count(3))
    );
}

#[test]
fn lts003_as_of_the_years_end_counts_what_was_recorded_by_then() {
    let (plan, repo) = generated(150, 6);
    let y = year(2025);
    // Halfway through the caseload: only what was recorded by then counts.
    let halfway = NaiveDate::from_ymd_opt(2025, 10, 1).expect("a day");
    let midnight = halfway.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let supported = ProjectionRunner::default()
        .as_of(repo.store(), CarersSupported::new(), midnight)
        .expect("built as of");
    let mut before = plan.clone();
    for c in &mut before.carers {
        let Some(a) = &mut c.assessment else { continue };
        a.advice_on = a.advice_on.filter(|d| *d < halfway);
        a.plan = a.plan.take().filter(|p| p.agreed_on < halfway);
    }
    let then = expected(&before, y, &[]);
    assert!(!then.is_empty());
    assert_ne!(then, expected(&plan, y, &[]), "more was recorded after");
    check(&supported.lts003(y), &then);
}

#[test]
fn a_financial_year_runs_from_1_april_to_31_march() {
    let y = year(2025);
    assert_eq!(y.to_string(), "2025-26");
    assert_eq!(
        y.first_day(),
        NaiveDate::from_ymd_opt(2025, 4, 1).expect("a day")
    );
    assert_eq!(
        y.last_day(),
        NaiveDate::from_ymd_opt(2026, 3, 31).expect("a day")
    );
    for (day, starting) in [
        ((2025, 3, 31), 2024),
        ((2025, 4, 1), 2025),
        ((2026, 3, 31), 2025),
    ] {
        let day = NaiveDate::from_ymd_opt(day.0, day.1, day.2).expect("a day");
        assert_eq!(FinancialYear::of(day), year(starting), "{day}");
        assert!(year(starting).contains(day));
    }
    assert_eq!(year(1999).to_string(), "1999-00");
}

#[test]
fn the_returns_age_bands_turn_on_the_birthday() {
    let day = NaiveDate::from_ymd_opt(2026, 3, 31).expect("a day");
    let born = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
    let cases = [
        (born(2008, 4, 1), AgeBand::Under18),
        (born(2008, 3, 31), AgeBand::From18To25),
        (born(2000, 4, 1), AgeBand::From18To25),
        (born(2000, 3, 31), AgeBand::From26To64),
        (born(1961, 4, 1), AgeBand::From26To64),
        (born(1961, 3, 31), AgeBand::From65To84),
        (born(1941, 4, 1), AgeBand::From65To84),
        (born(1941, 3, 31), AgeBand::From85),
    ];
    for (born, band) in cases {
        assert_eq!(AgeBand::of(born, day), band, "born {born}");
        assert_eq!(band.column(), band_column(band));
    }
}

fn band_column(band: AgeBand) -> &'static str {
    BANDS[AgeBand::ALL
        .iter()
        .position(|b| *b == band)
        .expect("every band is listed")]
}

fn by_type(repo: &Repository<CarerCase, MemoryStore>, y: FinancialYear) -> Vec<(SupportType, u64)> {
    let lts003 = supported(repo).lts003(y);
    SupportType::ALL
        .into_iter()
        .filter_map(|k| {
            match lts003
                .by_support_type
                .cell(Cell::Label(k.label()), "carers")
            {
                Some(Cell::Count(0)) => None,
                Some(Cell::Count(n)) => Some((k, n)),
                other => panic!("{k:?}: {other:?}"),
            }
        })
        .collect()
}

/// Adult Social Care reviews `plan` on 1 May 2027, deciding `decision`.
fn review_on_1_may_2027(
    repo: &Repository<CarerCase, MemoryStore>,
    carer: CarerId,
    plan: PlanId,
    what_changed: &str,
    decision: ReviewDecision,
) {
    let review = Review {
        on: NaiveDate::from_ymd_opt(2027, 5, 1).expect("a day"),
        what_changed: Personal::new(what_changed.into()),
        decision,
        quality_of_life: None,
    };
    let at = review.on.and_hms_opt(12, 0, 0).expect("noon").and_utc();
    repo.execute(
        &carer.stream(),
        &CaseCommand::ReviewPlan { plan, review },
        &acting_at(support::asc(), at),
        None,
    )
    .expect("reviewed");
}

#[test]
fn a_plan_revised_at_a_review_counts_each_support_for_its_own_days() {
    // Agreed 23 November 2026: a commissioned service the council pays for.
    let (repo, carer, plan, _) = support::planned_case();
    review_on_1_may_2027(
        &repo,
        carer,
        plan,
        "fewer hours",
        ReviewDecision::Revise {
            support: support::plan_support(vec![support::support(
                SupportMethod::InformationAndAdvice,
            )]),
        },
    );
    let managed = SupportType::CouncilManagedPersonalBudget;
    assert_eq!(by_type(&repo, year(2026)), [(managed, 1)]);
    // April 2027 under the first support, from May the second: the higher counts.
    assert_eq!(by_type(&repo, year(2027)), [(managed, 1)]);
    assert_eq!(
        by_type(&repo, year(2028)),
        [(SupportType::InformationAndAdviceOnly, 1)]
    );
}

#[test]
fn a_carer_recorded_twice_and_merged_counts_once_with_both_cases_support() {
    // The duplicate holds a plan (a council-managed budget, 2026-27).
    let (repo, duplicate, _, _) = support::planned_case();
    // The surviving case: assessed, not eligible, given written advice.
    let survivor = CarerId::new();
    let mother = CaredForId::new();
    let assessment = AssessmentId::new();
    let commands = [
        support::identify_carer(
            survivor,
            support::date(1970, 2, 2),
            IdentificationSource::Gp,
            LawfulBasis::PublicTask,
        ),
        CaseCommand::AddCaringRole(support::new_role(mother, support::date(1940, 3, 3))),
        CaseCommand::RequestAssessment(AssessmentRequest::new(
            assessment,
            AssessmentKind::CarersAssessment,
            mother,
            Route::RequestedByCarer,
        )),
        CaseCommand::StartAssessment { assessment },
        CaseCommand::RecordEvidence {
            assessment,
            evidence: Box::new(support::evidence(support::needs(true, false, false))),
        },
        CaseCommand::CompleteAssessment { assessment },
        CaseCommand::RecordInformationAndAdvice {
            assessment,
            advice: Personal::new("carers' rights".into()),
        },
    ];
    for command in commands {
        repo.execute(&survivor.stream(), &command, &support::hub(), None)
            .expect("accepted");
    }
    let y = year(2026);
    assert_eq!(
        by_type(&repo, y),
        [
            (SupportType::CouncilManagedPersonalBudget, 1),
            (SupportType::InformationAndAdviceOnly, 1)
        ],
        "two carers, before the merge"
    );
    repo.execute(
        &survivor.stream(),
        &CaseCommand::LinkDuplicate { duplicate },
        &hub_manager(),
        None,
    )
    .expect("linked");
    repo.execute(
        &duplicate.stream(),
        &CaseCommand::MarkSuperseded {
            by: survivor,
            reason: Personal::new("same person".into()),
        },
        &hub_manager(),
        None,
    )
    .expect("superseded");
    assert_eq!(
        by_type(&repo, y),
        [(SupportType::CouncilManagedPersonalBudget, 1)],
        "one carer, with the support of both cases"
    );
    let lts003 = supported(&repo).lts003(y);
    let count = |row| lts003.assessments.cell(Cell::Label(row), "count");
    // Both cases' assessments still count: each was carried out.
    assert_eq!(count("Completed"), Some(Cell::Count(2)));
    assert_eq!(count("Not eligible"), Some(Cell::Count(1)));
}

#[test]
fn a_plan_ended_at_a_review_counts_in_the_years_it_was_in_force() {
    // Agreed 23 November 2026, ended at a review on 1 May 2027.
    let (repo, carer, plan, _) = support::planned_case();
    review_on_1_may_2027(&repo, carer, plan, "no longer needed", ReviewDecision::End);
    let managed = SupportType::CouncilManagedPersonalBudget;
    assert_eq!(by_type(&repo, year(2026)), [(managed, 1)]);
    assert_eq!(
        by_type(&repo, year(2027)),
        [(managed, 1)],
        "in force in April 2027"
    );
    assert_eq!(by_type(&repo, year(2028)), [], "ended the year before");
}
