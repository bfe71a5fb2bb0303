//! Erasure (UK GDPR art. 17) by destroying a carer's data key: every personal value
//! of the case reads as erased, and nothing else changes (issue 11).

mod markers;
mod support;

use carers_core::domain::personal::revealed;
use carers_core::domain::*;
use carers_core::es::seal::KeyState;
use carers_core::es::{
    EventStore, ExpectedVersion, KeyStore, MemoryStore, ProjectionRunner, RepoError, Repository,
    SnapshotPolicy, StoreError, StreamId,
};
use carers_core::projections::carers_supported::FinancialYear;
use carers_core::projections::{SafeguardingOutcomes, SafeguardingTrends};
use markers::*;
use proptest::prelude::*;
use serde_json::Value;
use support::*;

type Repo = Repository<CarerCase, MemoryStore>;

fn erase_command() -> CaseCommand {
    CaseCommand::ErasePersonalData {
        basis: ErasureBasis::SubjectRequest,
    }
}

/// What a case is, personal data aside: its default JSON (every personal value,
/// erased or not, is the same marker there) without the erasure record itself.
fn without_personal_data(case: &CarerCase) -> Value {
    let mut json = serde_json::to_value(case).expect("serialises");
    json.as_object_mut().expect("an object").remove("erasure");
    // The erasure is itself an event, and so is counted.
    json["records"]
        .as_object_mut()
        .expect("the records")
        .remove("events");
    json
}

/// The trends read model's public figures.
fn figures(trends: &SafeguardingTrends) -> String {
    format!(
        "{:?} {:?} {} {}",
        trends.per_category_month,
        trends.per_partner,
        trends.repeat_concerns,
        trends.actions_overdue(now())
    )
}

/// The safeguarding read models' figures: trends, and Making Safeguarding
/// Personal and timeliness for the years around now.
fn trends_of(repo: &Repo) -> String {
    let runner = ProjectionRunner::default();
    let mut trends = SafeguardingTrends::new();
    runner.rebuild(repo.store(), &mut trends).expect("rebuilds");
    let mut outcomes = SafeguardingOutcomes::new(SafeguardingPolicy::default());
    runner
        .rebuild(repo.store(), &mut outcomes)
        .expect("rebuilds");
    let this = FinancialYear::of(now().date_naive());
    let years = [this.starting_year() - 1, this.starting_year()]
        .map(|y| FinancialYear::starting(y).expect("a year in the calendar"));
    format!(
        "{} {:?} {:?}",
        figures(&trends),
        years.map(|y| outcomes.making_safeguarding_personal(y)),
        years.map(|y| outcomes.timeliness(y, now())),
    )
}

#[test]
fn an_erased_case_holds_no_personal_value_and_keeps_its_record() {
    let ids = ids();
    let history = history(&ids);
    let repo = Repo::new(MemoryStore::new())
        .with_access(partnership())
        .with_snapshots(SnapshotPolicy::EveryNEvents(1));
    let stream = ids.carer.stream();
    append_sealed(repo.store(), &stream, &history);
    // A command, so a sealed snapshot exists too.
    repo.execute(
        &stream,
        &CaseCommand::RecordConsent {
            purpose: ConsentPurpose::ShareWith(PartnerId::new()),
            given: true,
        },
        &hub(),
        None,
    )
    .expect("accepted");
    let before = repo.load(&stream).expect("loads").state;
    assert_every_marker_of_the_state("the case before", &revealed(|| json(&before)));

    let after = repo
        .erase(&stream, &erase_command(), &asc_manager())
        .expect("erased");
    // Even revealed, nothing personal is left: in the state, the timeline or a
    // replay from the first event (no snapshot).
    assert_no_marker("the erased case", &revealed(|| json(&after.state)));
    let timeline = repo.timeline(&stream).expect("reads");
    assert_no_marker("the erased timeline", &revealed(|| json(&timeline)));
    let replayed = repo.load_as_of(&stream, chrono::DateTime::<chrono::Utc>::MAX_UTC);
    assert_no_marker(
        "a replay",
        &revealed(|| json(&replayed.expect("replays").state)),
    );
    // What was decided stays: the same case, personal data aside.
    assert_eq!(
        without_personal_data(&after.state),
        without_personal_data(&before)
    );
    let erasure = after
        .state
        .erasure
        .as_ref()
        .expect("the erasure is recorded");
    assert_eq!(
        (erasure.basis, erasure.by.0.as_ref()),
        (ErasureBasis::SubjectRequest, "adult-social-care")
    );
    assert!(matches!(
        repo.store().key_state(&stream),
        Ok(Some(KeyState::Destroyed))
    ));
}

#[test]
fn an_erased_case_refuses_every_command_and_appends_nothing() {
    let ids = ids();
    let repo = Repo::new(MemoryStore::new()).with_access(partnership());
    let stream = ids.carer.stream();
    append_sealed(repo.store(), &stream, &history(&ids));
    repo.erase(&stream, &erase_command(), &asc_manager())
        .expect("erased");
    let head = repo.store().head_position().expect("head");
    for command in commands(&ids).into_iter().skip(1).chain([erase_command()]) {
        match repo.execute(&stream, &command, &asc_manager(), None) {
            Err(RepoError::Domain(CaseError::PersonalDataErased)) => {}
            other => panic!("an erased case took a command: {other:?}"),
        }
    }
    assert_eq!(repo.store().head_position().expect("head"), head);
    // A retried erasure succeeds and records nothing more.
    repo.erase(&stream, &erase_command(), &asc_manager())
        .expect("idempotent");
    assert_eq!(repo.store().head_position().expect("head"), head);
}

#[test]
fn erase_refuses_a_command_that_is_not_an_erasure_and_destroys_nothing() {
    let ids = ids();
    let repo = Repo::new(MemoryStore::new()).with_access(partnership());
    let stream = ids.carer.stream();
    append_sealed(repo.store(), &stream, &history(&ids));
    let head = repo.store().head_position().expect("head");
    let not_erasure = CaseCommand::RecordConsent {
        purpose: ConsentPurpose::ShareWith(PartnerId::new()),
        given: true,
    };
    assert!(matches!(
        repo.erase(&stream, &not_erasure, &asc_manager()),
        Err(RepoError::NotAnErasure)
    ));
    assert_eq!(repo.store().head_position().expect("head"), head);
    assert!(matches!(
        repo.store().key_state(&stream),
        Ok(Some(KeyState::Active(_)))
    ));
    // Nothing more is sealed for an erased subject.
    repo.erase(&stream, &erase_command(), &asc_manager())
        .expect("erased");
    assert!(matches!(
        repo.store().data_key(&stream),
        Err(StoreError::KeyDestroyed { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// For any caseload (each carer's history a prefix of the full marker history)
    /// and any set of erased carers, every case and the trends read model are the
    /// same before and after, personal fields aside; the erased cases hold no
    /// personal value, the others every one they held.
    #[test]
    fn erasure_changes_nothing_but_the_erased_carers_personal_fields(
        caseload in proptest::collection::vec((1usize..=40, any::<bool>()), 1..5),
    ) {
        let repo = Repo::new(MemoryStore::new()).with_access(partnership());
        let cases: Vec<(StreamId, bool)> = caseload
            .iter()
            .map(|(len, erase)| {
                let ids = ids();
                let history = history(&ids);
                let stream = ids.carer.stream();
                append_sealed(repo.store(), &stream, &history[..(*len).min(history.len())]);
                (stream, *erase)
            })
            .collect();
        let load = |s: &StreamId| repo.load(s).expect("loads").state;
        let before: Vec<CarerCase> = cases.iter().map(|(s, _)| load(s)).collect();
        let trends_before = trends_of(&repo);
        for (stream, erase) in &cases {
            if *erase {
                repo.erase(stream, &erase_command(), &asc_manager()).expect("erased");
            }
        }
        prop_assert_eq!(trends_of(&repo), trends_before);
        for ((stream, erased), was) in cases.iter().zip(&before) {
            let now = load(stream);
            prop_assert_eq!(without_personal_data(&now), without_personal_data(was));
            let shown = revealed(|| json(&now));
            if *erased {
                assert_no_marker("an erased case", &shown);
            } else {
                prop_assert_eq!(&shown, &revealed(|| json(was)));
            }
        }
    }
}

#[test]
fn an_erasure_sent_through_execute_destroys_the_key_too() {
    // The obvious way (a service's generic command endpoint) must erase as well.
    let ids = ids();
    let repo = Repo::new(MemoryStore::new()).with_access(partnership());
    let stream = ids.carer.stream();
    append_sealed(repo.store(), &stream, &history(&ids));
    repo.execute(&stream, &erase_command(), &asc_manager(), None)
        .expect("erased");
    assert!(matches!(
        repo.store().key_state(&stream),
        Ok(Some(KeyState::Destroyed))
    ));
    let case = repo.load(&stream).expect("loads").state;
    assert_no_marker("the erased case", &revealed(|| json(&case)));
}

#[test]
fn values_stored_in_clear_before_sealing_read_as_erased_too() {
    let ids = ids();
    let repo = Repo::new(MemoryStore::new()).with_access(partnership());
    let stream = ids.carer.stream();
    // Encoded with no key set: personal values in clear, as before sealing.
    let clear = stored_events(repo.store(), &stream, &history(&ids), false);
    repo.store()
        .append(&stream, ExpectedVersion::NoStream, clear, None)
        .expect("appends");
    let before = repo.load(&stream).expect("loads").state;
    let after = repo
        .erase(&stream, &erase_command(), &asc_manager())
        .expect("erased");
    assert_no_marker("the erased case", &revealed(|| json(&after.state)));
    assert_eq!(
        without_personal_data(&after.state),
        without_personal_data(&before)
    );
}
