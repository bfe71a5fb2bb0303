//! Work queues across cases (issue 13): what is due at an instant, per worker,
//! per organisation and unallocated, ordered by when it is due.

mod support;

use carers_core::domain::*;
use carers_core::es::{MemoryStore, OrganisationId, ProjectionRunner, Repository};
use carers_core::projections::work_queue::Reason;
use carers_core::projections::{WorkItem, WorkQueue};
use chrono::Duration;
use support::*;

fn identified(repo: &Repository<CarerCase, MemoryStore>) -> CarerId {
    identify_on(repo, date(1970, 2, 2))
}

fn concern(repo: &Repository<CarerCase, MemoryStore>, carer: CarerId) {
    repo.execute(
        &carer.stream(),
        &CaseCommand::RaiseConcern {
            concern: ConcernId::new(),
            details: concern_details(PersonAtRisk::Carer, true),
        },
        &hub(),
        None,
    )
    .expect("raised");
}

#[test]
fn the_queue_lists_what_each_case_says_is_due_by_worker_and_unallocated() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let worker = Worker::new("hub-worker-1", "carers-hub");
    // Allocated, with a concern at immediate risk (its referral due the same day).
    let allocated = identified(&repo);
    repo.execute(
        &allocated.stream(),
        &CaseCommand::AllocateCase {
            worker: worker.clone(),
        },
        &hub_manager(),
        None,
    )
    .expect("allocated");
    concern(&repo, allocated);
    // Unallocated, with a referral received and not acknowledged.
    let waiting = identified(&repo);
    let referral = ReferralId::new();
    repo.execute(
        &waiting.stream(),
        &CaseCommand::ReceiveReferral(ReferralIn {
            referral,
            from: IdentificationSource::Pharmacy,
            referrer: Some(OrganisationId("moseley-pharmacy".into())),
            received_on: date(2026, 11, 20),
            reason: Personal::new("seems worn out".into()),
        }),
        &hub(),
        None,
    )
    .expect("received");
    // Erased: whatever was due goes with it.
    let erased = identified(&repo);
    concern(&repo, erased);
    repo.erase(
        &erased.stream(),
        &CaseCommand::ErasePersonalData {
            basis: ErasureBasis::SubjectRequest,
        },
        &hub_manager(),
    )
    .expect("erased");

    let mut queue = WorkQueue::new(CasePolicy::default());
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut queue)
        .expect("caught up");
    let at = now() + Duration::days(2);

    // Expected, independently of the read model: each case loaded and asked.
    let policy = CasePolicy::default();
    let case = |carer: CarerId| repo.load(&carer.stream()).expect("loads").state;
    let overdue = case(allocated).overdue(&policy.safeguarding, at);
    assert_eq!(
        overdue.len(),
        1,
        "the referral of a concern at immediate risk is overdue two days on"
    );
    let mut expected: Vec<WorkItem> = overdue
        .iter()
        .map(|o| WorkItem {
            case: allocated.stream(),
            due: match o {
                Overdue::Referral { due, .. } => *due,
                other => panic!("unexpected {other:?}"),
            },
            reason: Reason::Safeguarding(*o),
            worker: Some(worker.clone()),
        })
        .collect();
    expected.push(WorkItem {
        case: waiting.stream(),
        due: carers_core::domain::calendar::end_of(date(2026, 11, 20)).expect("a day"),
        reason: Reason::AcknowledgeReferral(referral),
        worker: None,
    });
    expected.sort_by(|a, b| (a.due, &a.case).cmp(&(b.due, &b.case)));

    assert_eq!(queue.due(at), expected);
    assert_eq!(
        queue.for_worker(&worker, at),
        expected
            .iter()
            .filter(|i| i.case == allocated.stream())
            .cloned()
            .collect::<Vec<_>>()
    );
    assert_eq!(queue.for_organisation(&worker.organisation, at).len(), 1);
    assert_eq!(queue.unallocated(at).len(), 1);
    assert!(
        queue.due(at).iter().all(|i| i.case != erased.stream()),
        "an erased case has work"
    );
    // Before the concern's referral was due, only the referral waits.
    assert_eq!(queue.due(now()).len(), 1);
    // The items hold no personal data: ids, instants and reasons.
    let json = serde_json::to_string(&queue.due(at)).expect("serialises");
    assert!(
        !json.contains("worn out") && !json.contains("Alex"),
        "{json}"
    );
}

#[test]
fn an_acknowledged_referral_leaves_the_queue() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let carer = identified(&repo);
    let referral = ReferralId::new();
    repo.execute(
        &carer.stream(),
        &CaseCommand::ReceiveReferral(ReferralIn {
            referral,
            from: IdentificationSource::SelfReferral,
            referrer: None,
            received_on: date(2026, 11, 20),
            reason: Personal::new("asked for help".into()),
        }),
        &hub(),
        None,
    )
    .expect("received");
    let runner = ProjectionRunner::default();
    let mut queue = WorkQueue::new(CasePolicy::default());
    runner
        .catch_up(repo.store(), &mut queue)
        .expect("caught up");
    assert_eq!(queue.due(now()).len(), 1);
    repo.execute(
        &carer.stream(),
        &CaseCommand::AnswerReferral {
            referral,
            answer: ReferralAnswer::Acknowledged,
            on: date(2026, 11, 23),
        },
        &hub(),
        None,
    )
    .expect("acknowledged");
    runner
        .catch_up(repo.store(), &mut queue)
        .expect("caught up");
    assert!(queue.due(now()).is_empty());
}

#[test]
fn as_of_stops_each_stream_at_its_first_event_recorded_after_the_instant() {
    // A service's clock set back: the case's allocation is recorded at an instant
    // before its identification. As of between the two, the case did not exist
    // (as `load_as_of` says), so the allocation must not come in alone.
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let carer = CarerId::new();
    let later = now() + Duration::days(10);
    repo.execute(
        &carer.stream(),
        &identify_carer(
            carer,
            date(1970, 2, 2),
            IdentificationSource::Gp,
            LawfulBasis::PublicTask,
        ),
        &acting_at(hub(), later),
        None,
    )
    .expect("identified");
    let worker = Worker::new("hub-worker-1", "carers-hub");
    repo.execute(
        &carer.stream(),
        &CaseCommand::AllocateCase {
            worker: worker.clone(),
        },
        &acting_at(hub_manager(), now() + Duration::days(5)),
        None,
    )
    .expect("allocated");
    let between = now() + Duration::days(7);
    assert_eq!(
        repo.load_as_of(&carer.stream(), between)
            .expect("as of")
            .version,
        0
    );
    let then = ProjectionRunner::default()
        .as_of(
            repo.store(),
            carers_core::projections::Caseload::new(),
            between,
        )
        .expect("built");
    assert!(
        then.cases_of(&worker).is_empty(),
        "an allocation came in without its case"
    );
    assert_eq!(then.handled(), 0);
}

#[test]
fn a_support_plan_enters_the_queue_on_its_review_day_and_not_before() {
    let (repo, carer, plan, _) = planned_case();
    let mut queue = WorkQueue::new(CasePolicy::default());
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut queue)
        .expect("caught up");
    // Expected from the case itself: its plan's review day.
    let review_due = repo
        .load(&carer.stream())
        .expect("loads")
        .state
        .plan(plan)
        .expect("the plan")
        .review_due;
    let noon = |day: chrono::NaiveDate| day.and_hms_opt(12, 0, 0).expect("noon").and_utc();
    let reviews = |at| {
        queue
            .due(at)
            .into_iter()
            .filter(|i| i.reason == Reason::SupportPlanReview(plan))
            .collect::<Vec<_>>()
    };
    assert!(
        reviews(noon(review_due - Duration::days(1))).is_empty(),
        "listed before its day"
    );
    let listed = reviews(noon(review_due));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].case, carer.stream());
    assert_eq!(
        listed[0].due,
        carers_core::domain::calendar::end_of(review_due).expect("a day")
    );
}

fn queue_of(repo: &Repository<CarerCase, MemoryStore>, policy: CasePolicy) -> WorkQueue {
    let mut queue = WorkQueue::new(policy);
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut queue)
        .expect("caught up");
    queue
}

fn noon(day: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_hms_opt(12, 0, 0).expect("noon").and_utc()
}

fn listed(queue: &WorkQueue, day: chrono::NaiveDate, reason: Reason) -> Vec<WorkItem> {
    queue
        .due(noon(day))
        .into_iter()
        .filter(|i| i.reason == reason)
        .collect()
}

/// A carer (born 1970) caring for their mother (born 1940), identified now.
fn carer_of_mother(repo: &Repository<CarerCase, MemoryStore>) -> (CarerId, CaredForId) {
    let carer = identified(repo);
    let mother = CaredForId::new();
    repo.execute(
        &carer.stream(),
        &CaseCommand::AddCaringRole(new_role(mother, date(1940, 3, 3))),
        &hub(),
        None,
    )
    .expect("role added");
    (carer, mother)
}

#[test]
fn an_assessment_not_completed_within_the_policys_time_is_listed_until_completed() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let (carer, mother) = carer_of_mother(&repo);
    let assessment = AssessmentId::new();
    let request = CaseCommand::RequestAssessment(AssessmentRequest::new(
        assessment,
        AssessmentKind::CarersAssessment,
        mother,
        Route::RequestedByCarer,
    ));
    repo.execute(&carer.stream(), &request, &hub(), None)
        .expect("requested");
    // Requested on 23 November 2026: 28 days later is 21 December.
    let due = date(2026, 12, 21);
    let reason = Reason::AssessmentWaiting(assessment);
    let queue = queue_of(&repo, CasePolicy::default());
    assert!(listed(&queue, date(2026, 12, 20), reason).is_empty());
    let items = listed(&queue, due, reason);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].case, carer.stream());
    assert_eq!(
        items[0].due,
        carers_core::domain::calendar::end_of(due).expect("a day")
    );
    // The service's own time: ten days.
    let ten_days = CasePolicy {
        assessments: AssessmentPolicy { waiting_days: 10 },
        ..CasePolicy::default()
    };
    let queue = queue_of(&repo, ten_days);
    assert!(listed(&queue, date(2026, 12, 2), reason).is_empty());
    assert_eq!(listed(&queue, date(2026, 12, 3), reason).len(), 1);
    // Started, it still waits; completed, it leaves the queue.
    let later = acting_at(hub(), noon(date(2026, 12, 22)));
    for command in [
        CaseCommand::StartAssessment { assessment },
        CaseCommand::RecordEvidence {
            assessment,
            evidence: Box::new(evidence(eligible_needs())),
        },
    ] {
        repo.execute(&carer.stream(), &command, &later, None)
            .expect("accepted");
    }
    let queue = queue_of(&repo, CasePolicy::default());
    assert_eq!(listed(&queue, date(2026, 12, 22), reason).len(), 1);
    repo.execute(
        &carer.stream(),
        &CaseCommand::CompleteAssessment { assessment },
        &later,
        None,
    )
    .expect("completed");
    let queue = queue_of(&repo, CasePolicy::default());
    assert!(listed(&queue, date(2026, 12, 22), reason).is_empty());
}

#[test]
fn a_direct_payment_is_listed_when_its_review_is_due_until_reviewed() {
    let (repo, carer, plan, _) = planned_case();
    let payment = DirectPaymentId::new();
    repo.execute(
        &carer.stream(),
        &agree_dp(plan, payment, &[0], 500),
        &asc(),
        None,
    )
    .expect("agreed");
    let paid = CaseCommand::RecordDirectPaymentMade {
        plan,
        payment,
        on: date(2026, 11, 23),
        amount: Pence(500),
    };
    repo.execute(&carer.stream(), &paid, &asc(), None)
        .expect("paid");
    // The Direct Payments Regulations 2014: within six months of the first
    // payment (the default policy's period).
    let due = date(2027, 5, 23);
    let reason = Reason::DirectPaymentReview(plan, payment);
    let queue = queue_of(&repo, CasePolicy::default());
    assert!(listed(&queue, date(2027, 5, 22), reason).is_empty());
    let items = listed(&queue, due, reason);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].case, carer.stream());
    let review = CaseCommand::ReviewDirectPayment {
        plan,
        payment,
        on: due,
    };
    repo.execute(&carer.stream(), &review, &acting_at(asc(), noon(due)), None)
        .expect("reviewed");
    let queue = queue_of(&repo, CasePolicy::default());
    assert!(listed(&queue, due, reason).is_empty());
}

#[test]
fn a_follow_up_is_due_after_caring_ends_until_a_follow_up_contact_since() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let (carer, mother) = carer_of_mother(&repo);
    let contact = |on, at| {
        let record = CaseCommand::RecordContact(NewContact {
            contact: ContactId::new(),
            on,
            channel: Channel::Call,
            purpose: ContactPurpose::FollowUp,
            outcome: Personal::new("called".into()),
        });
        repo.execute(&carer.stream(), &record, &acting_at(hub(), at), None)
            .expect("recorded");
    };
    // A follow-up before caring ended does not count.
    contact(date(2026, 11, 10), now());
    let ended = CaseCommand::MoveOn {
        cared_for: mother,
        reason: MovingOnReason::Died,
        on: date(2026, 11, 20),
    };
    repo.execute(&carer.stream(), &ended, &hub(), None)
        .expect("moved on");
    // Three months after caring ended (the default policy).
    let due = date(2027, 2, 20);
    let reason = Reason::MovingOnFollowUp(mother);
    let queue = queue_of(&repo, CasePolicy::default());
    assert!(listed(&queue, date(2027, 2, 19), reason).is_empty());
    assert_eq!(listed(&queue, due, reason).len(), 1);
    contact(date(2027, 2, 21), noon(date(2027, 2, 21)));
    let queue = queue_of(&repo, CasePolicy::default());
    assert!(listed(&queue, date(2027, 3, 1), reason).is_empty());
}

/// Care Act 2014 s.63 with the default policy (six months before 18): a young
/// carer born on 15 June 2009, caring for their mother (an adult) and their
/// brother (a child), is due a transition assessment of their care for their
/// mother from 15 December 2026, until one is requested or they turn 18; the
/// item's due instant, which gives their date of birth away, is withheld
/// from its JSON unless revealed, and from its Debug.
#[test]
fn a_young_carer_of_an_adult_is_due_a_transition_assessment_before_18() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let carer = identify_on(&repo, date(2009, 6, 15));
    let (mother, brother) = (CaredForId::new(), CaredForId::new());
    for (role, born) in [(mother, date(1975, 1, 1)), (brother, date(2015, 1, 1))] {
        let mut new = new_role(role, born);
        new.relationship = Relationship::Child;
        repo.execute(
            &carer.stream(),
            &CaseCommand::AddCaringRole(new),
            &hub(),
            None,
        )
        .expect("role added");
    }
    let due = date(2026, 12, 15);
    let queue = queue_of(&repo, CasePolicy::default());
    let transitions = |day| {
        let all = queue.due(noon(day));
        all.into_iter()
            .filter(|i| matches!(i.reason, Reason::TransitionAssessment(_)))
            .collect::<Vec<_>>()
    };
    assert!(transitions(date(2026, 12, 14)).is_empty());
    let items = transitions(due);
    assert_eq!(items.len(), 1, "the mother only: the brother is a child");
    assert_eq!(items[0].reason, Reason::TransitionAssessment(mother));
    assert_eq!(
        items[0].due,
        carers_core::domain::calendar::end_of(due).expect("a day")
    );
    // At 18 it is no longer a transition assessment.
    assert_eq!(transitions(date(2027, 6, 14)).len(), 1);
    assert!(transitions(date(2027, 6, 15)).is_empty());

    // Withheld by default; revealed on purpose.
    let json = serde_json::to_value(&items[0]).expect("serialises");
    assert_eq!(json["due"], carers_core::domain::personal::REDACTED);
    let shown = format!("{:?}", items[0]);
    assert!(!shown.contains(&format!("{:?}", items[0].due)) && !shown.contains("2026-12-1"));
    let revealed = carers_core::domain::personal::revealed(|| {
        serde_json::to_value(&items[0]).expect("serialises")
    });
    assert_eq!(
        revealed["due"],
        serde_json::to_value(items[0].due).expect("an instant")
    );
    // Other items keep their due instant in JSON.
    let other = WorkItem {
        reason: Reason::Reassessment(mother),
        ..items[0].clone()
    };
    assert_eq!(
        serde_json::to_value(&other).expect("serialises")["due"],
        serde_json::to_value(items[0].due).expect("an instant")
    );

    // Requested: it leaves the queue.
    let request = CaseCommand::RequestAssessment(AssessmentRequest::new(
        AssessmentId::new(),
        AssessmentKind::Transition,
        mother,
        Route::Offered,
    ));
    repo.execute(&carer.stream(), &request, &hub(), None)
        .expect("requested");
    let queue = queue_of(&repo, CasePolicy::default());
    let left: Vec<_> = queue
        .due(noon(due))
        .into_iter()
        .filter(|i| matches!(i.reason, Reason::TransitionAssessment(_)))
        .collect();
    assert!(left.is_empty());
}
