//! Allocation (issue 12), through the repository: a case allocated to a worker,
//! reassigned and unallocated, who may allocate and to whom, and the caseload
//! read model over every case.

mod support;

use carers_core::domain::*;
use carers_core::es::{
    Actor, Context, MemoryStore, ProjectionRunner, RepoError, Repository, StreamId,
};
use carers_core::projections::Caseload;
use support::*;

fn allocate(worker: &Worker) -> CaseCommand {
    CaseCommand::AllocateCase {
        worker: worker.clone(),
    }
}

fn unallocate() -> CaseCommand {
    CaseCommand::UnallocateCase {
        reason: UnallocationReason::WorkComplete,
    }
}

fn support_worker(id: &str) -> Worker {
    Worker::new(id, "carers-hub")
}

fn identify(repo: &Repository<CarerCase, MemoryStore>) -> CarerId {
    let carer = CarerId::new();
    repo.execute(
        &carer.stream(),
        &identify_carer(
            carer,
            date(1965, 1, 1),
            IdentificationSource::SelfReferral,
            LawfulBasis::PublicTask,
        ),
        &hub(),
        None,
    )
    .expect("identified");
    carer
}

#[test]
fn a_case_is_allocated_reassigned_and_unallocated_each_on_the_record() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let (ana, ben) = (support_worker("ana"), support_worker("ben"));
    repo.execute(&stream, &allocate(&ana), &hub_manager(), None)
        .expect("allocated");
    let case = repo.load(&stream).expect("loads").state;
    let allocation = case.allocation.expect("allocated");
    assert_eq!(
        (allocation.worker, allocation.since),
        (ana.clone(), now().date_naive())
    );
    let done = repo
        .execute(&stream, &allocate(&ben), &hub_manager(), None)
        .expect("reassigned");
    assert_eq!(
        done.events,
        vec![CaseEvent::CaseAllocated {
            worker: ben.clone(),
            previous: Some(ana),
            on: now().date_naive(),
        }]
    );
    repo.execute(&stream, &unallocate(), &hub_manager(), None)
        .expect("unallocated");
    assert!(
        repo.load(&stream)
            .expect("loads")
            .state
            .allocation
            .is_none()
    );
}

#[test]
fn a_case_is_not_allocated_twice_to_one_worker_nor_unallocated_when_it_is_not() {
    let (repo, carer) = identified_case();
    let ana = support_worker("ana");
    assert!(matches!(
        refused_by(&repo, carer, &unallocate(), &hub_manager()),
        RepoError::Domain(CaseError::NotAllocated)
    ));
    repo.execute(&carer.stream(), &allocate(&ana), &hub_manager(), None)
        .expect("allocated");
    assert!(matches!(
        refused_by(&repo, carer, &allocate(&ana), &hub_manager()),
        RepoError::Domain(CaseError::AlreadyAllocated)
    ));
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &allocate(&support_worker("  ")),
            &hub_manager()
        ),
        RepoError::Domain(CaseError::InvalidWorker)
    ));
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &allocate(&support_worker(&"x".repeat(257))),
            &hub_manager()
        ),
        RepoError::Domain(CaseError::InvalidWorker)
    ));
}

#[test]
fn only_a_manager_allocates_and_only_to_a_worker_of_their_own_organisation() {
    let (repo, carer) = identified_case();
    let ana = support_worker("ana");
    assert!(matches!(
        refused_by(&repo, carer, &allocate(&ana), &hub()),
        RepoError::Denied(_)
    ));
    let social_worker = Worker::new("sw-22", "adult-social-care");
    match refused_by(&repo, carer, &allocate(&social_worker), &hub_manager()) {
        RepoError::Denied(d) => assert_eq!(d.rule, partnership::rules::OTHER_ORGANISATION),
        other => panic!("allocated to another organisation's worker: {other:?}"),
    }
    repo.execute(
        &carer.stream(),
        &allocate(&social_worker),
        &asc_manager(),
        None,
    )
    .expect("ASC's manager allocates to ASC's social worker");
}

fn caught_up(repo: &Repository<CarerCase, MemoryStore>) -> Caseload {
    let mut caseload = Caseload::new();
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut caseload)
        .expect("caught up");
    caseload
}

fn snapshot(
    caseload: &Caseload,
    workers: &[Worker],
) -> (Vec<Vec<(StreamId, chrono::NaiveDate)>>, Vec<StreamId>) {
    (
        workers.iter().map(|w| caseload.cases_of(w)).collect(),
        caseload.unallocated(),
    )
}

#[test]
fn the_caseload_lists_each_workers_cases_and_the_open_cases_allocated_to_nobody() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let (a, b, c) = (identify(&repo), identify(&repo), identify(&repo));
    let (ana, ben) = (support_worker("ana"), support_worker("ben"));
    let sw = Worker::new("sw-22", "adult-social-care");
    let mut incremental = caught_up(&repo);
    for (carer, command, ctx) in [
        (a, allocate(&ana), hub_manager()),
        (b, allocate(&ana), hub_manager()),
        (c, allocate(&sw), asc_manager()),
        (b, allocate(&ben), hub_manager()),
        (a, unallocate(), hub_manager()),
    ] {
        repo.execute(&carer.stream(), &command, &ctx, None)
            .expect("recorded");
        ProjectionRunner::default()
            .catch_up(repo.store(), &mut incremental)
            .expect("caught up");
    }
    let today = now().date_naive();
    let caseload = caught_up(&repo);
    assert!(caseload.cases_of(&ana).is_empty());
    assert_eq!(caseload.cases_of(&ben), vec![(b.stream(), today)]);
    assert_eq!(caseload.cases_of(&sw), vec![(c.stream(), today)]);
    assert_eq!(caseload.unallocated(), vec![a.stream()]);
    assert_eq!(caseload.sizes().len(), 2);
    assert_eq!(
        caseload.per_organisation().into_iter().collect::<Vec<_>>(),
        vec![
            (
                carers_core::es::OrganisationId("adult-social-care".into()),
                1
            ),
            (carers_core::es::OrganisationId("carers-hub".into()), 1),
        ]
    );
    // Caught up event by event, it equals the fold of the whole log.
    let workers = [ana, ben, sw.clone()];
    assert_eq!(
        snapshot(&incremental, &workers),
        snapshot(&caseload, &workers)
    );
    // An erased case leaves every list.
    repo.erase(
        &c.stream(),
        &CaseCommand::ErasePersonalData {
            basis: ErasureBasis::SubjectRequest,
        },
        &Context::new(
            Actor::new("asc-manager-1", "adult-social-care", "manager"),
            now(),
        ),
    )
    .expect("erased");
    let caseload = caught_up(&repo);
    assert!(caseload.cases_of(&sw).is_empty());
    assert_eq!(caseload.unallocated(), vec![a.stream()]);
}

#[test]
fn a_manager_does_not_take_a_case_from_another_organisations_worker() {
    let (repo, carer) = identified_case();
    let social_worker = Worker::new("sw-22", "adult-social-care");
    repo.execute(
        &carer.stream(),
        &allocate(&social_worker),
        &asc_manager(),
        None,
    )
    .expect("allocated within ASC");
    for command in [allocate(&support_worker("ana")), unallocate()] {
        match refused_by(&repo, carer, &command, &hub_manager()) {
            RepoError::Denied(d) => assert_eq!(d.rule, partnership::rules::OTHER_ORGANISATION),
            other => panic!("the Hub took ASC's case: {other:?}"),
        }
    }
    // ASC releases it; then the Hub may allocate it.
    repo.execute(&carer.stream(), &unallocate(), &asc_manager(), None)
        .expect("unallocated by ASC");
    repo.execute(
        &carer.stream(),
        &allocate(&support_worker("ana")),
        &hub_manager(),
        None,
    )
    .expect("allocated within the Hub");
}

#[test]
fn a_case_unallocated_because_the_carer_left_is_not_waiting_for_a_worker() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let (a, b) = (identify(&repo), identify(&repo));
    let ana = support_worker("ana");
    for carer in [a, b] {
        repo.execute(&carer.stream(), &allocate(&ana), &hub_manager(), None)
            .expect("allocated");
    }
    repo.execute(
        &a.stream(),
        &CaseCommand::UnallocateCase {
            reason: UnallocationReason::CarerLeft,
        },
        &hub_manager(),
        None,
    )
    .expect("unallocated");
    repo.execute(&b.stream(), &unallocate(), &hub_manager(), None)
        .expect("unallocated");
    assert_eq!(caught_up(&repo).unallocated(), vec![b.stream()]);
    // Allocated again, it is a case like any other.
    repo.execute(&a.stream(), &allocate(&ana), &hub_manager(), None)
        .expect("allocated again");
    repo.execute(&a.stream(), &unallocate(), &hub_manager(), None)
        .expect("unallocated");
    let mut waiting = caught_up(&repo).unallocated();
    waiting.sort();
    let mut expected = vec![a.stream(), b.stream()];
    expected.sort();
    assert_eq!(waiting, expected);
}

#[test]
fn a_case_is_unallocated_even_after_the_carer_withdraws_consent() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let carer = CarerId::new();
    repo.execute_all(
        &carer.stream(),
        &[
            identify_carer(
                carer,
                date(1965, 1, 1),
                IdentificationSource::SelfReferral,
                LawfulBasis::Consent,
            ),
            allocate(&support_worker("ana")),
            CaseCommand::RecordConsent {
                purpose: ConsentPurpose::HoldData,
                given: false,
            },
        ],
        &hub_manager(),
        None,
    )
    .expect("allocated, then consent withdrawn");
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &allocate(&support_worker("ben")),
            &hub_manager()
        ),
        RepoError::Domain(CaseError::ConsentWithdrawn)
    ));
    repo.execute(&carer.stream(), &unallocate(), &hub_manager(), None)
        .expect("unallocated");
}
