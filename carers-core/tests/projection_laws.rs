//! The read models' engine guarantee: a read model caught up in steps (from where
//! it stopped, however the log was paged) is exactly the read model rebuilt from
//! the start of the log, for any history the domain accepts and any split point.

mod support;

use carers_core::domain::*;
use carers_core::es::{MemoryStore, ProjectionRunner, Repository, StreamId};
use carers_core::projections::{Caseload, RetentionSchedule, SafeguardingTrends, WorkQueue};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use support::*;

#[derive(Clone, Debug)]
enum Step {
    Identify,
    Allocate(usize, usize),
    Unallocate(usize, bool),
    RaiseConcern(usize),
    Erase(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => Just(Step::Identify),
        3 => (0..6usize, 0..3usize).prop_map(|(c, w)| Step::Allocate(c, w)),
        2 => (0..6usize, any::<bool>()).prop_map(|(c, left)| Step::Unallocate(c, left)),
        2 => (0..6usize).prop_map(Step::RaiseConcern),
        1 => (0..6usize).prop_map(Step::Erase),
    ]
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 6, 10, 0, 0)
        .single()
        .expect("valid instant")
}

fn worker(w: usize) -> Worker {
    Worker::new(&format!("hub-worker-{w}"), "carers-hub")
}

/// Runs `step` at `at`: accepted or refused, whatever the domain decides (a
/// refusal appends nothing, so the log is always one the domain accepted).
fn run(
    repo: &Repository<CarerCase, MemoryStore>,
    cases: &mut Vec<CarerId>,
    step: &Step,
    at: DateTime<Utc>,
) {
    let manager = acting_at(hub_manager(), at);
    let worker_ctx = acting_at(hub(), at);
    let case = |i: usize, cases: &Vec<CarerId>| cases.get(i % cases.len().max(1)).copied();
    match step {
        Step::Identify => {
            let carer = CarerId::new();
            let identify = identify_carer(
                carer,
                date(1970, 2, 2),
                IdentificationSource::Gp,
                LawfulBasis::PublicTask,
            );
            repo.execute(&carer.stream(), &identify, &worker_ctx, None)
                .expect("identified");
            cases.push(carer);
        }
        Step::Allocate(i, w) => {
            if let Some(carer) = case(*i, cases) {
                let _ = repo.execute(
                    &carer.stream(),
                    &CaseCommand::AllocateCase { worker: worker(*w) },
                    &manager,
                    None,
                );
            }
        }
        Step::Unallocate(i, left) => {
            if let Some(carer) = case(*i, cases) {
                let reason = if *left {
                    UnallocationReason::CarerLeft
                } else {
                    UnallocationReason::WorkComplete
                };
                let _ = repo.execute(
                    &carer.stream(),
                    &CaseCommand::UnallocateCase { reason },
                    &manager,
                    None,
                );
            }
        }
        Step::RaiseConcern(i) => {
            if let Some(carer) = case(*i, cases) {
                let raise = CaseCommand::RaiseConcern {
                    concern: ConcernId::new(),
                    details: concern_details(PersonAtRisk::Carer, false),
                };
                let _ = repo.execute(&carer.stream(), &raise, &worker_ctx, None);
            }
        }
        Step::Erase(i) => {
            if let Some(carer) = case(*i, cases) {
                let erase = CaseCommand::ErasePersonalData {
                    basis: ErasureBasis::SubjectRequest,
                };
                let _ = repo.erase(&carer.stream(), &erase, &manager);
            }
        }
    }
}

/// Everything each read model answers, for comparison.
fn answers(
    caseload: &Caseload,
    trends: &SafeguardingTrends,
    retention: &RetentionSchedule,
    queue: &WorkQueue,
    streams: &[StreamId],
) -> String {
    let workers: Vec<_> = (0..3).map(|w| caseload.cases_of(&worker(w))).collect();
    let due: Vec<Option<NaiveDate>> = streams.iter().map(|s| retention.due_on(s)).collect();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?} {:?} {} {}\n{:?} {:?}\n{:?}",
        caseload.sizes(),
        caseload.per_organisation(),
        caseload.unallocated(),
        workers,
        trends.per_category_month,
        trends.per_partner,
        trends.repeat_concerns,
        trends.actions_overdue(start() + Duration::days(400)),
        due,
        retention.due(date(2040, 1, 1)),
        queue.due(start() + Duration::days(400)),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Incremental equals rebuild: the caseload, safeguarding trends and
    /// retention schedule caught up once at `split` and again at the end (pages of
    /// `page` events) answer exactly as the same read models built from nothing at
    /// the end.
    #[test]
    fn incremental_equals_rebuild(
        steps in proptest::collection::vec(step(), 1..30),
        split in 0..30usize,
        page in 1..6usize,
    ) {
        let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
        let runner = ProjectionRunner::new(page);
        let (mut caseload, mut trends, mut retention) =
            (Caseload::new(), SafeguardingTrends::new(), RetentionSchedule::default());
        let mut queue = WorkQueue::new(CasePolicy::default());
        let mut cases = Vec::new();
        for (n, step) in steps.iter().enumerate() {
            if n == split {
                runner.catch_up(repo.store(), &mut caseload).expect("caught up");
                runner.catch_up(repo.store(), &mut trends).expect("caught up");
                runner.catch_up(repo.store(), &mut retention).expect("caught up");
                runner.catch_up(repo.store(), &mut queue).expect("caught up");
            }
            let at = start() + Duration::days(n as i64 * 9);
            run(&repo, &mut cases, step, at);
        }
        runner.catch_up(repo.store(), &mut caseload).expect("caught up");
        runner.catch_up(repo.store(), &mut trends).expect("caught up");
        runner.catch_up(repo.store(), &mut retention).expect("caught up");
        runner.catch_up(repo.store(), &mut queue).expect("caught up");

        let (mut fresh_caseload, mut fresh_trends, mut fresh_retention) =
            (Caseload::new(), SafeguardingTrends::new(), RetentionSchedule::default());
        let mut fresh_queue = WorkQueue::new(CasePolicy::default());
        let whole = ProjectionRunner::default();
        whole.catch_up(repo.store(), &mut fresh_caseload).expect("built");
        whole.catch_up(repo.store(), &mut fresh_trends).expect("built");
        whole.catch_up(repo.store(), &mut fresh_retention).expect("built");
        whole.catch_up(repo.store(), &mut fresh_queue).expect("built");

        let streams: Vec<StreamId> = cases.iter().map(CarerId::stream).collect();
        prop_assert_eq!(
            answers(&caseload, &trends, &retention, &queue, &streams),
            answers(&fresh_caseload, &fresh_trends, &fresh_retention, &fresh_queue, &streams)
        );
        // And a rebuild of the incremental ones gives the same again.
        runner.rebuild(repo.store(), &mut caseload).expect("rebuilt");
        prop_assert_eq!(
            answers(&caseload, &trends, &retention, &queue, &streams),
            answers(&fresh_caseload, &fresh_trends, &fresh_retention, &fresh_queue, &streams)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// As of: the read models built as of an instant answer exactly as the same
    /// read models caught up at that instant did, whatever was recorded after.
    #[test]
    fn as_of_an_instant_is_what_was_known_then(
        steps in proptest::collection::vec(step(), 1..30),
        split in 0..30usize,
        page in 1..6usize,
    ) {
        let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
        let runner = ProjectionRunner::new(page);
        let (mut caseload, mut trends, mut retention) =
            (Caseload::new(), SafeguardingTrends::new(), RetentionSchedule::default());
        let mut queue = WorkQueue::new(CasePolicy::default());
        let mut cases = Vec::new();
        let instant = start() + Duration::days(split as i64 * 9) - Duration::hours(1);
        for (n, step) in steps.iter().enumerate() {
            if n == split {
                runner.catch_up(repo.store(), &mut caseload).expect("caught up");
                runner.catch_up(repo.store(), &mut trends).expect("caught up");
                runner.catch_up(repo.store(), &mut retention).expect("caught up");
                runner.catch_up(repo.store(), &mut queue).expect("caught up");
            }
            run(&repo, &mut cases, step, start() + Duration::days(n as i64 * 9));
        }
        if split >= steps.len() {
            runner.catch_up(repo.store(), &mut caseload).expect("caught up");
            runner.catch_up(repo.store(), &mut trends).expect("caught up");
            runner.catch_up(repo.store(), &mut retention).expect("caught up");
            runner.catch_up(repo.store(), &mut queue).expect("caught up");
        }
        let then_caseload = runner.as_of(repo.store(), Caseload::new(), instant).expect("built");
        let then_trends = runner.as_of(repo.store(), SafeguardingTrends::new(), instant).expect("built");
        let then_retention = runner.as_of(repo.store(), RetentionSchedule::default(), instant).expect("built");
        let then_queue = runner.as_of(repo.store(), WorkQueue::new(CasePolicy::default()), instant).expect("built");
        let streams: Vec<StreamId> = cases.iter().map(CarerId::stream).collect();
        prop_assert_eq!(
            answers(&then_caseload, &then_trends, &then_retention, &then_queue, &streams),
            answers(&caseload, &trends, &retention, &queue, &streams)
        );
    }
}

#[test]
fn the_generated_histories_reach_the_read_models() {
    // The property above is worth something only if histories allocate, raise
    // concerns and erase: one fixed history shows each read model sees work.
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let mut cases = Vec::new();
    let steps = [
        Step::Identify,
        Step::Identify,
        Step::Allocate(0, 1),
        Step::RaiseConcern(1),
        Step::Erase(1),
    ];
    for (n, step) in steps.iter().enumerate() {
        run(
            &repo,
            &mut cases,
            step,
            start() + Duration::days(n as i64 * 9),
        );
    }
    let (mut caseload, mut trends, mut retention) = (
        Caseload::new(),
        SafeguardingTrends::new(),
        RetentionSchedule::default(),
    );
    let runner = ProjectionRunner::default();
    runner.catch_up(repo.store(), &mut caseload).expect("built");
    runner.catch_up(repo.store(), &mut trends).expect("built");
    runner
        .catch_up(repo.store(), &mut retention)
        .expect("built");
    assert_eq!(caseload.cases_of(&worker(1)).len(), 1);
    assert_eq!(trends.per_partner.values().sum::<u32>(), 1);
    assert!(retention.due_on(&cases[0].stream()).is_some());
    assert_eq!(
        retention.due_on(&cases[1].stream()),
        None,
        "an erased case is due for nothing"
    );
}
