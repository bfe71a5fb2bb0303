//! Waiting lists (issue 12), through the repository: a carer joins a list for a
//! service with limited places, is offered a place, takes it or leaves; the wait
//! is measured from the day they joined.

mod support;

use carers_core::domain::*;
use carers_core::es::{OrganisationId, RepoError};
use chrono::{Days, NaiveDate};
use support::*;

fn days_ago(n: u64) -> NaiveDate {
    now()
        .date_naive()
        .checked_sub_days(Days::new(n))
        .expect("a day")
}

fn join(entry: WaitingEntryId, on: NaiveDate) -> CaseCommand {
    CaseCommand::JoinWaitingList(NewWaitingEntry {
        entry,
        service: WaitedService::Counselling,
        provider: OrganisationId("counselling-service".into()),
        on,
    })
}

fn step(entry: WaitingEntryId, step: WaitingStep, on: NaiveDate) -> CaseCommand {
    CaseCommand::RecordWaitingStep { entry, step, on }
}

#[test]
fn a_carer_joins_is_offered_and_takes_a_place_and_the_wait_is_measured() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let entry = WaitingEntryId::new();
    repo.execute(&stream, &join(entry, days_ago(40)), &hub(), None)
        .expect("joined");
    let waiting = repo.load(&stream).expect("loads").state;
    let held = waiting.waiting.get(entry).expect("held");
    assert_eq!(held.status, WaitingStatus::Waiting);
    assert_eq!(held.days_waited(now().date_naive()), Some(40));
    repo.execute(
        &stream,
        &step(entry, WaitingStep::Offered, days_ago(12)),
        &hub(),
        None,
    )
    .expect("offered");
    repo.execute(
        &stream,
        &step(entry, WaitingStep::Taken, days_ago(10)),
        &hub(),
        None,
    )
    .expect("taken");
    let case = repo.load(&stream).expect("loads").state;
    let held = case.waiting.get(entry).expect("held");
    assert_eq!(held.status, WaitingStatus::Taken(days_ago(10)));
    assert_eq!(held.offered_on, Some(days_ago(12)));
    // The wait is to the offer, whenever it is asked.
    assert_eq!(held.days_waited(now().date_naive()), Some(28));
    assert!(!held.is_open());
}

#[test]
fn a_carer_leaves_a_list_waiting_or_offered_and_an_unoffered_wait_has_no_length() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let (first, second) = (WaitingEntryId::new(), WaitingEntryId::new());
    repo.execute(&stream, &join(first, days_ago(5)), &hub(), None)
        .expect("joined");
    repo.execute(
        &stream,
        &step(
            first,
            WaitingStep::Left(LeftBecause::NoLongerNeeded),
            days_ago(1),
        ),
        &hub(),
        None,
    )
    .expect("left");
    // Off the list, the carer may join it again.
    repo.execute(&stream, &join(second, days_ago(1)), &hub(), None)
        .expect("joined again");
    repo.execute(
        &stream,
        &step(second, WaitingStep::Offered, days_ago(0)),
        &hub(),
        None,
    )
    .expect("offered");
    repo.execute(
        &stream,
        &step(
            second,
            WaitingStep::Left(LeftBecause::DeclinedOffer),
            days_ago(0),
        ),
        &hub(),
        None,
    )
    .expect("declined");
    let case = repo.load(&stream).expect("loads").state;
    let today = now().date_naive();
    assert_eq!(
        case.waiting.get(first).expect("held").days_waited(today),
        None
    );
    assert_eq!(
        case.waiting.get(second).expect("held").days_waited(today),
        Some(1)
    );
    assert_eq!(
        case.waiting.get(second).expect("held").status,
        WaitingStatus::Left(today, LeftBecause::DeclinedOffer)
    );
}

#[test]
fn each_step_follows_where_the_entry_stands_on_a_day_not_before_the_last() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let entry = WaitingEntryId::new();
    repo.execute(&stream, &join(entry, days_ago(5)), &hub(), None)
        .expect("joined");
    let refuse = |command: CaseCommand| refused_by(&repo, carer, &command, &hub());
    assert!(matches!(
        refuse(join(WaitingEntryId::new(), days_ago(0))),
        RepoError::Domain(CaseError::AlreadyWaiting)
    ));
    assert!(matches!(
        refuse(join(entry, days_ago(0))),
        RepoError::Domain(CaseError::WaitingEntryExists)
    ));
    assert!(matches!(
        refuse(step(entry, WaitingStep::Taken, days_ago(0))),
        RepoError::Domain(CaseError::WaitingOutOfOrder)
    ));
    assert!(matches!(
        refuse(step(entry, WaitingStep::Offered, days_ago(6))),
        RepoError::Domain(CaseError::DateBeforeLastStep)
    ));
    assert!(matches!(
        refuse(step(
            entry,
            WaitingStep::Offered,
            now().date_naive().succ_opt().expect("a day")
        )),
        RepoError::Domain(CaseError::DateInTheFuture)
    ));
    assert!(matches!(
        refuse(step(
            WaitingEntryId::new(),
            WaitingStep::Offered,
            days_ago(0)
        )),
        RepoError::Domain(CaseError::UnknownWaitingEntry)
    ));
    repo.execute(
        &stream,
        &step(entry, WaitingStep::Offered, days_ago(2)),
        &hub(),
        None,
    )
    .expect("offered");
    assert!(matches!(
        refuse(step(entry, WaitingStep::Offered, days_ago(1))),
        RepoError::Domain(CaseError::WaitingOutOfOrder)
    ));
    assert!(matches!(
        refuse(step(entry, WaitingStep::Taken, days_ago(3))),
        RepoError::Domain(CaseError::DateBeforeLastStep)
    ));
    repo.execute(
        &stream,
        &step(entry, WaitingStep::Taken, days_ago(1)),
        &hub(),
        None,
    )
    .expect("taken");
    assert!(matches!(
        refuse(step(
            entry,
            WaitingStep::Left(LeftBecause::Withdrew),
            days_ago(0)
        )),
        RepoError::Domain(CaseError::WaitingOutOfOrder)
    ));
    assert!(matches!(
        refuse(join(
            WaitingEntryId::new(),
            days_ago(7).checked_add_days(Days::new(8)).expect("a day")
        )),
        RepoError::Domain(CaseError::DateInTheFuture)
    ));
}

#[test]
fn a_carer_leaves_a_waiting_list_even_after_withdrawing_consent() {
    let repo =
        carers_core::es::Repository::<CarerCase, _>::new(carers_core::es::MemoryStore::new())
            .with_access(partnership());
    let carer = CarerId::new();
    let entry = WaitingEntryId::new();
    repo.execute_all(
        &carer.stream(),
        &[
            identify_carer(
                carer,
                date(1965, 1, 1),
                IdentificationSource::SelfReferral,
                LawfulBasis::Consent,
            ),
            join(entry, days_ago(3)),
            CaseCommand::RecordConsent {
                purpose: ConsentPurpose::HoldData,
                given: false,
            },
        ],
        &hub(),
        None,
    )
    .expect("joined, then consent withdrawn");
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &step(entry, WaitingStep::Offered, days_ago(0)),
            &hub()
        ),
        RepoError::Domain(CaseError::ConsentWithdrawn)
    ));
    repo.execute(
        &carer.stream(),
        &step(entry, WaitingStep::Left(LeftBecause::Withdrew), days_ago(0)),
        &hub(),
        None,
    )
    .expect("off the list");
}

/// The waiting list as a model: where an entry stands after each step the
/// repository accepted (days counted back from today: larger is earlier).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Model {
    Waiting { since: i64 },
    Offered { on: i64 },
    Closed,
}

fn step_of(kind: u8) -> WaitingStep {
    match kind % 3 {
        0 => WaitingStep::Offered,
        1 => WaitingStep::Taken,
        _ => WaitingStep::Left(LeftBecause::Withdrew),
    }
}

/// The day `ago` days before today (after it, for a negative `ago`).
fn day(ago: i64) -> NaiveDate {
    now().date_naive() - chrono::Duration::days(ago)
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// For any steps on any days, the case accepts exactly the steps that follow
    /// where the entry stands (an offer to a carer waiting, a place taken that was
    /// offered, leaving while on the list), never dated before the step before
    /// nor in the future; every refusal appends nothing; the wait measured is from
    /// joining to the offer. Each step's day is near the last one's (a day or two
    /// either side), so the same-day and next-day edges are tried often.
    #[test]
    fn a_waiting_list_entry_moves_only_forward_and_its_wait_is_to_the_offer(
        joined_ago in 0i64..5,
        steps in proptest::collection::vec((0u8..3, -2i64..=2), 0..6),
    ) {
        let (repo, carer) = identified_case();
        let stream = carer.stream();
        let entry = WaitingEntryId::new();
        repo.execute(&stream, &join(entry, day(joined_ago)), &hub(), None)
            .expect("joined");
        let mut model = Model::Waiting { since: joined_ago };
        let mut last = joined_ago;
        let mut offered_ago = None;
        for (kind, shift) in steps {
            let step = step_of(kind);
            let ago = last - shift;
            let before = log_of(&repo);
            let done = repo.execute(&stream, &CaseCommand::RecordWaitingStep {
                entry, step, on: day(ago),
            }, &hub(), None);
            let dated = ago >= 0;
            let next = match (model, step) {
                (Model::Waiting { since }, WaitingStep::Offered) if dated && ago <= since => {
                    Some(Model::Offered { on: ago })
                }
                (Model::Waiting { since }, WaitingStep::Left(_)) if dated && ago <= since => {
                    Some(Model::Closed)
                }
                (Model::Offered { on }, WaitingStep::Taken | WaitingStep::Left(_))
                    if dated && ago <= on => Some(Model::Closed),
                _ => None,
            };
            match next {
                Some(m) => {
                    prop_assert!(done.is_ok(), "{step:?} {ago} from {model:?}: {done:?}");
                    if let Model::Offered { on } = m {
                        offered_ago = Some(on);
                    }
                    model = m;
                    last = ago;
                }
                None => {
                    prop_assert!(done.is_err(), "{step:?} {ago} from {model:?} accepted");
                    prop_assert_eq!(log_of(&repo), before);
                }
            }
        }
        let case = repo.load(&stream).expect("loads").state;
        let held = case.waiting.get(entry).expect("held");
        let expected = match (offered_ago, model) {
            (Some(offered), _) => Some(joined_ago - offered),
            (None, Model::Waiting { .. }) => Some(joined_ago),
            (None, _) => None,
        };
        prop_assert_eq!(held.days_waited(now().date_naive()), expected);
        prop_assert_eq!(held.is_open(), model != Model::Closed);
    }
}
