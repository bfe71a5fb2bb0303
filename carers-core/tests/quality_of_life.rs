//! Carers' quality of life (the Survey of Adult Carers in England's six
//! domains, each 0 to 2) between each carer's first and latest reading, on a
//! generated caseload: every figure is computed here from the generator's plan
//! (the reading at each assessment and review, by day), independently of the
//! read model.

use carers_core::domain::*;
use carers_core::es::{MemoryStore, ProjectionRunner};
use carers_core::generator::Plan;
use carers_core::projections::CarersQualityOfLife;
use carers_core::projections::table::{Cell, Table};
use chrono::{DateTime, NaiveDate, Utc};

mod support;
use support::{
    adult_carer_in_assessment, append_sealed, eligible_needs, evidence, evidence_recorded,
};

/// A caseload over thirty months, so that yearly reviews come round.
fn generated(
    carers: usize,
    seed: u64,
) -> (Plan, carers_core::es::Repository<CarerCase, MemoryStore>) {
    use carers_core::generator::{Spec, partnership, plan};
    let plan = plan(&Spec {
        carers,
        seed,
        months: 30,
        ..Spec::default()
    });
    let repo = carers_core::es::Repository::<CarerCase, _>::new(MemoryStore::new())
        .with_access(partnership());
    plan.drive(&repo, |_, _| {})
        .expect("the generated caseload is recorded");
    (plan, repo)
}

/// How the test reads one domain's score.
type Domain = fn(&QualityOfLife) -> Score;

/// The survey's domains in its order, as the test reads them (field by
/// field, not through `QualityOfLife::scores`).
const DOMAINS: [(&str, Domain); 6] = [
    ("Occupation", |q| q.occupation),
    ("Control over daily life", |q| q.control),
    ("Looking after yourself", |q| q.personal_care),
    ("Safety", |q| q.safety),
    ("Social participation", |q| q.social_participation),
    ("Encouragement and support", |q| q.encouragement_and_support),
];

fn noon(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).expect("noon exists").and_utc()
}

/// Each carer's readings by `today`, in order: the assessment's (on the day
/// it completed, when its evidence was recorded), then each review's.
fn readings(plan: &Plan, today: NaiveDate) -> Vec<Vec<QualityOfLife>> {
    plan.carers
        .iter()
        .filter_map(|c| c.assessment.as_ref())
        .map(|a| {
            let at_assessment = a
                .completed
                .and_then(|(on, _)| Some((on, a.quality_of_life?)));
            let reviews = a.plan.iter().flat_map(|p| &p.reviews);
            at_assessment
                .into_iter()
                .chain(reviews.filter_map(|r| Some((r.on, r.quality_of_life?))))
                .filter(|(on, _)| *on <= today)
                .map(|(_, q)| q)
                .collect()
        })
        .collect()
}

fn count(table: &Table, row: &'static str, column: &str) -> u64 {
    match table.cell(Cell::Label(row), column) {
        Some(Cell::Count(n)) => n,
        other => panic!("{row}/{column}: {other:?}"),
    }
}

fn number(table: &Table, row: &'static str, column: &str) -> f64 {
    match table.cell(Cell::Label(row), column) {
        Some(Cell::Hundredths(h)) => h as f64 / 100.0,
        other => panic!("{row}/{column}: {other:?}"),
    }
}

/// Checks every row of `table` against the changes between the first and the
/// latest of each carer's `readings`; gives how many carers improved and got
/// worse in total score.
fn check(table: &Table, readings: &[Vec<QualityOfLife>]) -> (u64, u64) {
    let pairs: Vec<(&QualityOfLife, &QualityOfLife)> = readings
        .iter()
        .filter(|r| r.len() >= 2)
        .map(|r| (&r[0], &r[r.len() - 1]))
        .collect();
    let mut rows: Vec<(&'static str, Vec<i64>)> = DOMAINS
        .iter()
        .map(|(label, score)| {
            let diffs = pairs
                .iter()
                .map(|(a, b)| i64::from(score(b).value()) - i64::from(score(a).value()))
                .collect();
            (*label, diffs)
        })
        .collect();
    let totals = pairs
        .iter()
        .map(|(a, b)| i64::from(b.total()) - i64::from(a.total()))
        .collect();
    rows.push(("Total score", totals));
    let mut total_up_down = (0, 0);
    for (label, diffs) in &rows {
        let n = diffs.len() as u64;
        let up = diffs.iter().filter(|d| **d > 0).count() as u64;
        let down = diffs.iter().filter(|d| **d < 0).count() as u64;
        assert_eq!(count(table, label, "carers"), n, "{label}");
        assert_eq!(count(table, label, "improved"), up, "{label}");
        assert_eq!(count(table, label, "unchanged"), n - up - down, "{label}");
        assert_eq!(count(table, label, "worse"), down, "{label}");
        let mean = diffs.iter().sum::<i64>() as f64 / n as f64;
        let share = 100.0 * up as f64 / n as f64;
        // Two decimal places: within half a hundredth.
        assert!((number(table, label, "average_change") - mean).abs() <= 0.005 + 1e-9);
        assert!((number(table, label, "improved_percent") - share).abs() <= 0.005 + 1e-9);
        if *label == "Total score" {
            total_up_down = (up, down);
        }
    }
    total_up_down
}

#[test]
fn quality_of_life_change_is_each_carers_latest_reading_less_their_first() {
    let (plan, repo) = generated(900, 31);
    let mut quality = CarersQualityOfLife::new();
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut quality)
        .expect("caught up");
    let readings = readings(&plan, plan.spec.until());
    let (up, down) = check(&quality.change(), &readings);
    let twice = readings.iter().filter(|r| r.len() >= 2).count();
    let thrice = readings.iter().filter(|r| r.len() >= 3).count();
    // Enough carers read twice, some three times (the latest is not the
    // second), some better and some worse, for the comparison to bite.
    assert!(
        twice >= 30 && thrice >= 5 && up > 0 && down > 0,
        "{twice} {thrice} {up} {down}"
    );
}

#[test]
fn quality_of_life_as_of_a_day_counts_the_readings_recorded_by_then() {
    let (plan, repo) = generated(900, 31);
    let runner = ProjectionRunner::default();
    let day = plan.spec.from + chrono::Days::new(240);
    let then = runner
        .as_of(repo.store(), CarersQualityOfLife::new(), noon(day))
        .expect("built");
    let readings = readings(&plan, day);
    check(&then.change(), &readings);
    let all = readings_count(&plan, plan.spec.until());
    assert!(
        readings.iter().filter(|r| r.len() >= 2).count() < all,
        "fewer by then"
    );
}

fn readings_count(plan: &Plan, today: NaiveDate) -> usize {
    readings(plan, today)
        .iter()
        .filter(|r| r.len() >= 2)
        .count()
}

#[test]
fn evidence_recorded_again_replaces_its_assessments_reading() {
    let assessment = AssessmentId::new();
    let score = |v| Score::new(v).expect("0..=2");
    let reading = |v| QualityOfLife {
        occupation: score(v),
        control: score(v),
        personal_care: score(v),
        safety: score(v),
        social_participation: score(v),
        encouragement_and_support: score(v),
    };
    let read = |q| AssessmentEvidence {
        quality_of_life: Some(q),
        ..evidence(eligible_needs())
    };
    let mut events = adult_carer_in_assessment(assessment);
    let carer = match &events[0] {
        CaseEvent::CarerIdentified { carer, .. } => *carer,
        other => panic!("identified first: {other:?}"),
    };
    events.push(evidence_recorded(assessment, read(reading(2))));
    events.push(evidence_recorded(assessment, read(reading(0))));
    let build = |events: &[CaseEvent]| {
        let store = MemoryStore::new();
        append_sealed(&store, &carer.stream(), events);
        let mut quality = CarersQualityOfLife::new();
        ProjectionRunner::default()
            .catch_up(&store, &mut quality)
            .expect("caught up");
        quality.change()
    };
    // One assessment, one reading: nobody read twice.
    assert_eq!(count(&build(&events), "Safety", "carers"), 0);
    events.push(CaseEvent::PlanReviewed {
        plan: PlanId::new(),
        review: Box::new(Review {
            on: NaiveDate::from_ymd_opt(2027, 1, 5).expect("a date after the evidence"),
            what_changed: Personal::new("better".into()),
            decision: ReviewDecision::Continue,
            quality_of_life: Some(reading(1)),
        }),
        next_review_due: None,
    });
    let change = build(&events);
    // From the second evidence's 0 (not the first's 2) to 1: up a point.
    assert_eq!(count(&change, "Safety", "improved"), 1);
    assert_eq!(number(&change, "Safety", "average_change"), 1.0);
    assert_eq!(number(&change, "Total score", "average_change"), 6.0);
    assert_eq!(number(&change, "Total score", "improved_percent"), 100.0);
}
