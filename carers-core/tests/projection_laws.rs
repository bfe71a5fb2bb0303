//! The read models' engine guarantee: a read model caught up in steps (from where
//! it stopped, however the log was paged) is exactly the read model rebuilt from
//! the start of the log, for any history the domain accepts and any split point.

mod support;

use carers_core::domain::equality::{EqualityMonitoring, EthnicGroup, Sex};
use carers_core::domain::*;
use carers_core::es::{EventStore, MemoryStore, ProjectionRunner, Repository, StreamId};
use carers_core::projections::carers_supported::FinancialYear;
use carers_core::projections::table::{Cell, Table};
use carers_core::projections::{
    CarersQualityOfLife, CarersSupported, Caseload, ClientLevelData, Dashboard, EqualityReach,
    RetentionSchedule, SafeguardingOutcomes, SafeguardingTrends, WorkQueue,
};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use support::*;

#[derive(Clone, Debug)]
enum Step {
    Identify,
    Allocate(usize, usize),
    Unallocate(usize, bool),
    /// A concern about the carer: raised only (0), then referred (1), or
    /// closed below the threshold (2).
    RaiseConcern(usize, u8),
    AddRole(usize),
    MoveOn(usize),
    Contact(usize),
    RecordEquality(usize),
    Erase(usize),
    /// A carer's assessment of the first role, completed: 0 not eligible
    /// (with written advice), else eligible with a plan of commissioned
    /// support (1), a direct payment paid once (2), or information and
    /// advice (3).
    Assess(usize, u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => Just(Step::Identify),
        3 => (0..6usize, 0..3usize).prop_map(|(c, w)| Step::Allocate(c, w)),
        2 => (0..6usize, any::<bool>()).prop_map(|(c, left)| Step::Unallocate(c, left)),
        2 => (0..6usize, 0..3u8).prop_map(|(c, path)| Step::RaiseConcern(c, path)),
        2 => (0..6usize).prop_map(Step::AddRole),
        1 => (0..6usize).prop_map(Step::MoveOn),
        2 => (0..6usize).prop_map(Step::Contact),
        3 => (0..6usize).prop_map(Step::RecordEquality),
        2 => (0..6usize).prop_map(Step::Erase),
        3 => (0..6usize, 0..4u8).prop_map(|(c, shape)| Step::Assess(c, shape)),
    ]
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 6, 10, 0, 0)
        .single()
        .expect("valid instant")
}

/// The financial years the histories span (from January 2025, steps nine
/// days apart).
fn years() -> [FinancialYear; 3] {
    [2024, 2025, 2026].map(|y| FinancialYear::starting(y).expect("a year in the calendar"))
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
        Step::RaiseConcern(i, path) => {
            if let Some(carer) = case(*i, cases) {
                let concern = ConcernId::new();
                let raise = CaseCommand::RaiseConcern {
                    concern,
                    details: concern_details(PersonAtRisk::Carer, false),
                };
                let _ = repo.execute(&carer.stream(), &raise, &worker_ctx, None);
                // The law routes the carer by their age: one of the two is refused.
                let next = match path {
                    1 => [Agency::AdultSocialCare, Agency::ChildrensTrust]
                        .map(|to| CaseCommand::ReferConcern { concern, to })
                        .to_vec(),
                    2 => vec![CaseCommand::CloseBelowThreshold {
                        concern,
                        outcome: BelowThreshold::NoFurtherAction,
                        reason: Personal::new("no risk".into()),
                    }],
                    _ => Vec::new(),
                };
                for command in next {
                    let _ = repo.execute(&carer.stream(), &command, &worker_ctx, None);
                }
            }
        }
        Step::AddRole(i) => {
            if let Some(carer) = case(*i, cases) {
                let role =
                    CaseCommand::AddCaringRole(new_role(CaredForId::new(), date(1940, 3, 3)));
                let _ = repo.execute(&carer.stream(), &role, &worker_ctx, None);
            }
        }
        Step::MoveOn(i) => {
            if let Some(carer) = case(*i, cases)
                && let Ok(loaded) = repo.load(&carer.stream())
                && let Some(role) = loaded.state.roles.all().first()
            {
                let move_on = CaseCommand::MoveOn {
                    cared_for: role.cared_for,
                    reason: MovingOnReason::Died,
                    on: at.date_naive(),
                };
                let _ = repo.execute(&carer.stream(), &move_on, &worker_ctx, None);
            }
        }
        Step::Contact(i) => {
            if let Some(carer) = case(*i, cases) {
                let contact = CaseCommand::RecordContact(NewContact {
                    contact: ContactId::new(),
                    on: at.date_naive(),
                    channel: Channel::Call,
                    purpose: ContactPurpose::FollowUp,
                    outcome: Personal::new("called back".into()),
                });
                let _ = repo.execute(&carer.stream(), &contact, &worker_ctx, None);
            }
        }
        Step::RecordEquality(i) => {
            if !cases.is_empty() {
                let at_index = i % cases.len();
                let record = CaseCommand::RecordEqualityMonitoring {
                    monitoring: answers_of(at_index),
                    consent_given: true,
                };
                let _ = repo.execute(&cases[at_index].stream(), &record, &worker_ctx, None);
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
        Step::Assess(i, shape) => {
            if let Some(carer) = case(*i, cases) {
                assess(repo, carer, *shape, at);
            }
        }
    }
}

/// Step::Assess: each command accepted or refused as the domain decides; a
/// refused one stops the step.
fn assess(repo: &Repository<CarerCase, MemoryStore>, carer: CarerId, shape: u8, at: DateTime<Utc>) {
    let stream = carer.stream();
    let Ok(case) = repo.load(&stream) else { return };
    let Some(role) = case.state.roles.all().first() else {
        return;
    };
    let (a, plan, payment) = (AssessmentId::new(), PlanId::new(), DirectPaymentId::new());
    let needs = if shape == 0 {
        needs(true, false, false)
    } else {
        eligible_needs()
    };
    let mut commands = vec![
        (
            CaseCommand::RequestAssessment(AssessmentRequest::new(
                a,
                AssessmentKind::CarersAssessment,
                role.cared_for,
                Route::RequestedByCarer,
            )),
            hub(),
        ),
        (CaseCommand::StartAssessment { assessment: a }, hub()),
        (
            CaseCommand::RecordEvidence {
                assessment: a,
                evidence: Box::new(evidence(needs)),
            },
            hub(),
        ),
        (CaseCommand::CompleteAssessment { assessment: a }, hub()),
    ];
    match shape {
        0 => commands.push((
            CaseCommand::RecordInformationAndAdvice {
                assessment: a,
                advice: Personal::new("advice".into()),
            },
            hub(),
        )),
        1 => commands.push((
            agree_plan(
                plan,
                eligible(a),
                vec![support(SupportMethod::CommissionedService)],
            ),
            hub(),
        )),
        2 => {
            commands.push((
                agree_plan(
                    plan,
                    eligible(a),
                    vec![item(NeedArea::Health, SupportMethod::Equipment, 5_000, 0)],
                ),
                hub(),
            ));
            commands.push((agree_dp(plan, payment, &[0], 5_000), asc()));
            let on = at.date_naive();
            let paid = CaseCommand::RecordDirectPaymentMade {
                plan,
                payment,
                on,
                amount: Pence(5_000),
            };
            commands.push((paid, asc()));
        }
        _ => commands.push((
            agree_plan(
                plan,
                eligible(a),
                vec![support(SupportMethod::InformationAndAdvice)],
            ),
            hub(),
        )),
    }
    for (command, ctx) in commands {
        if repo
            .execute(&stream, &command, &acting_at(ctx, at), None)
            .is_err()
        {
            return;
        }
    }
}

/// The equality monitoring the carer identified `n`th gives: a woman if `n` is
/// even, a man if odd.
fn answers_of(n: usize) -> EqualityMonitoring {
    let sex = if n % 2 == 0 { Sex::Female } else { Sex::Male };
    EqualityMonitoring {
        sex: Some(Personal::new(sex)),
        ethnic_group: Some(Personal::new(EthnicGroup::White)),
        ..EqualityMonitoring::default()
    }
}

/// Every cross-case read model, held in memory.
struct Models {
    caseload: Caseload,
    trends: SafeguardingTrends,
    retention: RetentionSchedule,
    queue: WorkQueue,
    dashboard: Dashboard,
    reach: EqualityReach,
    supported: CarersSupported,
    outcomes: SafeguardingOutcomes,
    quality: CarersQualityOfLife,
    cld: ClientLevelData,
}

impl Models {
    fn new() -> Self {
        Self {
            caseload: Caseload::new(),
            trends: SafeguardingTrends::new(),
            retention: RetentionSchedule::default(),
            queue: WorkQueue::new(CasePolicy::default()),
            dashboard: Dashboard::new(),
            reach: EqualityReach::new(),
            supported: CarersSupported::new(),
            outcomes: SafeguardingOutcomes::new(SafeguardingPolicy::default()),
            quality: CarersQualityOfLife::new(),
            cld: ClientLevelData::new(),
        }
    }

    fn catch_up(&mut self, runner: &ProjectionRunner, store: &MemoryStore) {
        runner
            .catch_up(store, &mut self.caseload)
            .expect("caught up");
        runner.catch_up(store, &mut self.trends).expect("caught up");
        runner
            .catch_up(store, &mut self.retention)
            .expect("caught up");
        runner.catch_up(store, &mut self.queue).expect("caught up");
        runner
            .catch_up(store, &mut self.dashboard)
            .expect("caught up");
        runner.catch_up(store, &mut self.reach).expect("caught up");
        runner
            .catch_up(store, &mut self.supported)
            .expect("caught up");
        runner
            .catch_up(store, &mut self.outcomes)
            .expect("caught up");
        runner
            .catch_up(store, &mut self.quality)
            .expect("caught up");
        runner.catch_up(store, &mut self.cld).expect("caught up");
    }

    fn rebuild(&mut self, runner: &ProjectionRunner, store: &MemoryStore) {
        runner.rebuild(store, &mut self.caseload).expect("rebuilt");
        runner.rebuild(store, &mut self.trends).expect("rebuilt");
        runner.rebuild(store, &mut self.retention).expect("rebuilt");
        runner.rebuild(store, &mut self.queue).expect("rebuilt");
        runner.rebuild(store, &mut self.dashboard).expect("rebuilt");
        runner.rebuild(store, &mut self.reach).expect("rebuilt");
        runner.rebuild(store, &mut self.supported).expect("rebuilt");
        runner.rebuild(store, &mut self.outcomes).expect("rebuilt");
        runner.rebuild(store, &mut self.quality).expect("rebuilt");
        runner.rebuild(store, &mut self.cld).expect("rebuilt");
    }

    /// Everything each read model answers, for comparison.
    fn answers(&self, streams: &[StreamId]) -> String {
        let all = answers(
            &self.caseload,
            &self.trends,
            &self.retention,
            &self.queue,
            &self.dashboard,
            streams,
            true,
        );
        let later = start() + Duration::days(400);
        format!(
            "{all}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            self.reach.unsuppressed_tables(),
            self.reach.tables(),
            years().map(|y| self.supported.lts003(y)),
            years().map(|y| self.outcomes.making_safeguarding_personal(y)),
            years().map(|y| self.outcomes.timeliness(y, later)),
            self.quality.change(),
            self.cld.extract(start().date_naive(), later.date_naive()),
        )
    }
}

/// Everything each read model answers, for comparison.
fn answers(
    caseload: &Caseload,
    trends: &SafeguardingTrends,
    retention: &RetentionSchedule,
    queue: &WorkQueue,
    dashboard: &Dashboard,
    streams: &[StreamId],
    kinds: bool,
) -> String {
    let workers: Vec<_> = (0..3).map(|w| caseload.cases_of(&worker(w))).collect();
    let due: Vec<Option<NaiveDate>> = streams.iter().map(|s| retention.due_on(s)).collect();
    let later = start() + Duration::days(400);
    let mut tables = dashboard.on(later.date_naive());
    if !kinds {
        tables.by_kind.rows.clear();
    }
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?} {:?} {} {}\n{:?} {:?}\n{:?}\n{:?}",
        caseload.sizes(),
        caseload.per_organisation(),
        caseload.unallocated(),
        workers,
        trends.per_category_month,
        trends.per_partner,
        trends.repeat_concerns,
        trends.actions_overdue(later),
        due,
        retention.due(date(2040, 1, 1)),
        queue.due(later),
        tables,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Incremental equals rebuild: every read model caught up once at `split`
    /// and again at the end (pages of `page` events) answers exactly as the same
    /// read model built from nothing at the end, and as itself rebuilt.
    #[test]
    fn incremental_equals_rebuild(
        steps in proptest::collection::vec(step(), 1..30),
        split in 0..30usize,
        page in 1..6usize,
    ) {
        let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
        let runner = ProjectionRunner::new(page);
        let mut models = Models::new();
        let mut cases = Vec::new();
        for (n, step) in steps.iter().enumerate() {
            if n == split {
                models.catch_up(&runner, repo.store());
            }
            let at = start() + Duration::days(n as i64 * 9);
            run(&repo, &mut cases, step, at);
        }
        models.catch_up(&runner, repo.store());
        let mut fresh = Models::new();
        fresh.catch_up(&ProjectionRunner::default(), repo.store());

        let streams: Vec<StreamId> = cases.iter().map(CarerId::stream).collect();
        prop_assert_eq!(models.answers(&streams), fresh.answers(&streams));
        // And a rebuild of the incremental ones gives the same again.
        models.rebuild(&runner, repo.store());
        prop_assert_eq!(models.answers(&streams), fresh.answers(&streams));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// As of: the read models built as of an instant answer exactly as the same
    /// read models caught up at that instant did, whatever was recorded after,
    /// but for one thing: personal values read as held now, so a carer erased
    /// since has no carer kind (the dashboard's kind table is compared apart).
    #[test]
    fn as_of_an_instant_is_what_was_known_then(
        steps in proptest::collection::vec(step(), 1..30),
        split in 0..30usize,
        page in 1..6usize,
    ) {
        let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
        let runner = ProjectionRunner::new(page);
        let mut models = Models::new();
        let mut cases = Vec::new();
        let instant = start() + Duration::days(split as i64 * 9) - Duration::hours(1);
        for (n, step) in steps.iter().enumerate() {
            if n == split {
                models.catch_up(&runner, repo.store());
            }
            run(&repo, &mut cases, step, start() + Duration::days(n as i64 * 9));
        }
        if split >= steps.len() {
            models.catch_up(&runner, repo.store());
        }
        let store = repo.store();
        let streams: Vec<StreamId> = cases.iter().map(CarerId::stream).collect();
        let dashboard = runner.as_of(store, Dashboard::new(), instant).expect("built");
        let then = answers(
            &runner.as_of(store, Caseload::new(), instant).expect("built"),
            &runner.as_of(store, SafeguardingTrends::new(), instant).expect("built"),
            &runner.as_of(store, RetentionSchedule::default(), instant).expect("built"),
            &runner.as_of(store, WorkQueue::new(CasePolicy::default()), instant).expect("built"),
            &dashboard,
            &streams,
            false,
        );
        let m = &models;
        let known_then = answers(&m.caseload, &m.trends, &m.retention, &m.queue, &m.dashboard, &streams, false);
        prop_assert_eq!(then, known_then);
        // Each carer erased since moved from their kind to "Not known".
        let day = (start() + Duration::days(400)).date_naive();
        let (was, is) = (m.dashboard.on(day).by_kind, dashboard.on(day).by_kind);
        let not_known = |t: &carers_core::projections::table::Table| t.rows.last().cloned();
        let erased_since = cases
            .iter()
            .filter(|c| {
                let log = EventStore::read_stream(store, &c.stream(), 1, usize::MAX).expect("reads");
                let known = log.first().is_some_and(|e| e.recorded_at <= instant);
                known && log.iter().any(|e| {
                    &*e.event_type == CaseEvent::PERSONAL_DATA_ERASED && e.recorded_at > instant
                })
            })
            .count() as u64;
        let count = |cell: Option<Vec<carers_core::projections::table::Cell>>| match cell.as_deref() {
            Some([_, carers_core::projections::table::Cell::Count(n)]) => *n,
            other => panic!("no count: {other:?}"),
        };
        prop_assert_eq!(count(not_known(&is)), count(not_known(&was)) + erased_since);

        // Equality reach: a carer erased since, counted then, is not counted
        // now (their answers read as erased); every other count is as it was.
        let reach = runner.as_of(store, EqualityReach::new(), instant).expect("built");
        let gone: Vec<usize> = (0..cases.len())
            .filter(|n| {
                let log = EventStore::read_stream(store, &cases[*n].stream(), 1, usize::MAX).expect("reads");
                let counted_then = log.iter().any(|e| {
                    &*e.event_type == CaseEvent::EQUALITY_MONITORING_RECORDED && e.recorded_at <= instant
                });
                counted_then && log.iter().any(|e| {
                    &*e.event_type == CaseEvent::PERSONAL_DATA_ERASED && e.recorded_at > instant
                })
            })
            .collect();
        let (was, is) = (m.reach.unsuppressed_tables(), reach.unsuppressed_tables());
        let women = gone.iter().filter(|n| *n % 2 == 0).count() as u64;
        let men = gone.len() as u64 - women;
        let at = |t: &Table, row| match t.cell(Cell::Label(row), "carers") {
            Some(Cell::Count(n)) => n,
            other => panic!("{} {row}: {other:?}", t.name),
        };
        prop_assert_eq!(at(&is.sex, "Female"), at(&was.sex, "Female") - women);
        prop_assert_eq!(at(&is.sex, "Male"), at(&was.sex, "Male") - men);
        prop_assert_eq!(at(&is.ethnic_group, "White"), at(&was.ethnic_group, "White") - gone.len() as u64);

        // SALT LTS003: the same carers by support type, the same assessments
        // and payments; only a carer erased since has their age not known.
        let supported = runner.as_of(store, CarersSupported::new(), instant).expect("built");
        for y in years() {
            let (was, is) = (m.supported.lts003(y), supported.lts003(y));
            prop_assert_eq!(&was.assessments, &is.assessments);
            prop_assert_eq!(&was.direct_payments, &is.direct_payments);
            let carers = |t: &Table| t.rows.iter().map(|r| r.last().copied()).collect::<Vec<_>>();
            prop_assert_eq!(carers(&was.by_support_type), carers(&is.by_support_type));
        }
        for (then, now) in was.all().into_iter().zip(is.all()) {
            prop_assert_eq!(at(now, "Total"), at(then, "Total") - gone.len() as u64);
            let unasked = if [was.sex.name, was.ethnic_group.name].contains(&then.name) { 0 } else { gone.len() as u64 };
            prop_assert_eq!(at(now, "Not answered"), at(then, "Not answered") - unasked);
        }
    }
}

#[test]
fn the_generated_histories_reach_the_read_models() {
    // The property above is worth something only if histories allocate, raise
    // concerns, erase and assess: one fixed history shows each read model sees
    // work.
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let mut cases = Vec::new();
    let steps = [
        Step::Identify,
        Step::Identify,
        Step::Allocate(0, 1),
        Step::RaiseConcern(1, 1),
        Step::AddRole(0),
        Step::Contact(0),
        Step::MoveOn(0),
        Step::RecordEquality(0),
        Step::RecordEquality(1),
        Step::Erase(1),
        Step::Identify,
        Step::AddRole(2),
        Step::Assess(2, 2),
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
    let mut dashboard = Dashboard::new();
    runner
        .catch_up(repo.store(), &mut dashboard)
        .expect("built");
    let tables = dashboard.on(start().date_naive() + Duration::days(60));
    let carers = |table: &carers_core::projections::table::Table, row| {
        table.cell(Cell::Label(row), "carers")
    };
    assert_eq!(
        carers(&tables.by_stage, "Moving on from caring"),
        Some(Cell::Count(1)),
        "one carer moved on"
    );
    assert_eq!(tables.contacts_per_month.rows.len(), 1);
    assert_eq!(
        tables.contacts_per_month.rows[0].last(),
        Some(&Cell::Count(1)),
        "one contact"
    );
    assert_eq!(
        carers(&tables.by_kind, "Not known"),
        Some(Cell::Count(1)),
        "the erased carer's kind is not known"
    );
    let mut reach = EqualityReach::new();
    runner.catch_up(repo.store(), &mut reach).expect("built");
    assert_eq!(
        reach.unsuppressed_tables().carers,
        Cell::Count(1),
        "two gave equality monitoring; one was erased since"
    );
    let mut supported = CarersSupported::new();
    runner
        .catch_up(repo.store(), &mut supported)
        .expect("built");
    let lts003 = supported.lts003(years()[1]);
    assert_eq!(
        lts003
            .by_support_type
            .cell(Cell::Label("Direct Payment only"), "carers"),
        Some(Cell::Count(1)),
        "the third carer was assessed and given a direct payment"
    );
    assert_eq!(
        lts003.direct_payments.rows[0].last(),
        Some(&Cell::Pence(5_000))
    );
    assert_eq!(caseload.cases_of(&worker(1)).len(), 1);
    assert_eq!(trends.per_partner.values().sum::<u32>(), 1);
    assert!(retention.due_on(&cases[0].stream()).is_some());
    assert_eq!(
        retention.due_on(&cases[1].stream()),
        None,
        "an erased case is due for nothing"
    );
}
