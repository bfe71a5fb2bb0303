//! Retention (UK GDPR art. 5(1)(e)): the schedule lists exactly the cases whose
//! period has run since their last activity and whose keep decision has run out,
//! never an erased one; a keep decision is recorded with a later day and a reason.

mod support;

use carers_core::domain::*;
use carers_core::es::{
    Actor, Context, MemoryStore, ProjectionRunner, RepoError, Repository, StreamId,
};
use carers_core::projections::RetentionSchedule;
use chrono::{Days, Months, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use support::*;

fn day(offset: u64) -> NaiveDate {
    date(2001, 1, 1) + Days::new(offset)
}

/// Noon UTC on `on`: the same UK local day all year.
fn at(on: NaiveDate) -> Context {
    let noon = on.and_hms_opt(12, 0, 0).expect("noon");
    Context::new(
        Actor::new("asc-manager-1", "adult-social-care", "manager"),
        Utc.from_utc_datetime(&noon),
    )
}

fn identify(carer: CarerId) -> CaseCommand {
    CaseCommand::IdentifyCarer {
        carer,
        details: details(date(1960, 1, 1)),
        source: IdentificationSource::Gp,
        lawful_basis: LawfulBasis::PublicTask,
        consent_to_hold_data: true,
    }
}

fn activity() -> CaseCommand {
    CaseCommand::RecordEqualityMonitoring {
        monitoring: EqualityMonitoring::default(),
        consent_given: true,
    }
}

fn keep(until: NaiveDate) -> CaseCommand {
    CaseCommand::KeepRecord(KeepDecision {
        until,
        reason: Personal::new("an open complaint".into()),
    })
}

/// One case's life: identified, perhaps active later, perhaps kept, perhaps erased.
#[derive(Clone, Debug)]
struct Life {
    identified: u64,
    later_activity: Option<u64>,
    kept: Option<(u64, u64)>,
    erased: bool,
}

fn life() -> impl Strategy<Value = Life> {
    (
        0u64..20_000,
        proptest::option::of(0u64..4_000),
        proptest::option::of((0u64..4_000, 1u64..4_000)),
        any::<bool>(),
    )
        .prop_map(|(identified, later_activity, kept, erased)| Life {
            identified,
            later_activity,
            kept,
            erased,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The schedule is exactly the oracle's list: cases not erased whose last
    /// activity was six years or more before, and whose keep decision (if any) ends
    /// on or before the day.
    #[test]
    fn the_schedule_lists_exactly_the_cases_due_for_a_retention_decision(
        lives in proptest::collection::vec(life(), 1..6),
        today in 0u64..40_000,
    ) {
        let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
        let mut expected = Vec::new();
        for life in &lives {
            let carer = CarerId::new();
            let stream = carer.stream();
            let first = day(life.identified);
            repo.execute(&stream, &identify(carer), &at(first), None).expect("identified");
            let mut last = first;
            if let Some(gap) = life.later_activity {
                last = first + Days::new(gap);
                repo.execute(&stream, &activity(), &at(last), None).expect("recorded");
            }
            let mut kept_until = None;
            if let Some((gap, extra)) = life.kept {
                let decided = last + Days::new(gap);
                let until = decided + Days::new(extra);
                repo.execute(&stream, &keep(until), &at(decided), None).expect("kept");
                kept_until = Some(until);
            }
            if life.erased {
                let erase = CaseCommand::ErasePersonalData { basis: ErasureBasis::RetentionPeriodEnded };
                repo.erase(&stream, &erase, &at(last)).expect("erased");
            }
            let due = (last + Months::new(72)).max(kept_until.unwrap_or(NaiveDate::MIN));
            if !life.erased && due <= day(today) {
                expected.push(stream);
            }
        }
        let mut schedule = RetentionSchedule::default();
        ProjectionRunner::default().catch_up(repo.store(), &mut schedule).expect("catches up");
        expected.sort();
        prop_assert_eq!(schedule.due(day(today)), expected);
    }
}

#[test]
fn a_keep_decision_names_a_later_day_and_a_reason() {
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let carer = CarerId::new();
    let stream: StreamId = carer.stream();
    let on = date(2026, 11, 23);
    repo.execute(&stream, &identify(carer), &at(on), None)
        .expect("identified");
    for (command, refusal) in [
        (keep(on), CaseError::RetentionNotInTheFuture),
        (
            CaseCommand::KeepRecord(KeepDecision {
                until: date(2030, 1, 1),
                reason: Personal::new("  ".into()),
            }),
            CaseError::RetentionReasonRequired,
        ),
    ] {
        match repo.execute(&stream, &command, &at(on), None) {
            Err(RepoError::Domain(e)) => assert_eq!(e, refusal),
            other => panic!("expected {refusal:?}, got {other:?}"),
        }
    }
    repo.execute(&stream, &keep(date(2030, 1, 1)), &at(on), None)
        .expect("kept");
}

#[test]
fn a_new_in_memory_schedule_catches_up_from_the_start_whatever_was_saved() {
    // A process restarts: the checkpoint an earlier schedule saved must not make
    // a new, empty one skip the cases (found by a new-user probe).
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let carer = CarerId::new();
    repo.execute(
        &carer.stream(),
        &identify(carer),
        &at(date(2010, 1, 1)),
        None,
    )
    .expect("identified");
    let runner = ProjectionRunner::default();
    let mut before = RetentionSchedule::default();
    runner
        .catch_up(repo.store(), &mut before)
        .expect("catches up");
    let mut after_restart = RetentionSchedule::default();
    let caught = runner
        .catch_up(repo.store(), &mut after_restart)
        .expect("catches up");
    assert!(caught.handled > 0);
    assert_eq!(after_restart.due(date(2026, 1, 1)), vec![carer.stream()]);
    assert_eq!(
        after_restart.due(date(2026, 1, 1)),
        before.due(date(2026, 1, 1))
    );
}
