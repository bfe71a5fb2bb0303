//! Store and repository handles are cheap clones of one store, `Debug` without
//! personal data, and usable from threads and async tasks.

use std::sync::{Arc, Mutex};

use carers::asynchronous::{AsyncRepository, catch_up, rebuild};
use carers::chrono::{NaiveDate, Utc};
use carers::domain::*;
use carers::es::{
    Actor, CheckpointStore, Context, EventStore, MemoryStore, Projection, ProjectionError,
    ProjectionRunner, Repository,
};
use carers::projections::SafeguardingTrends;
use carers::sled_store::SledStore;

const NAME: &str = "MARKER-Handle-Carer";

fn ctx() -> Context {
    Context::new(
        Actor::new("worker-1", "carers-hub", "support-worker"),
        Utc::now(),
    )
}

fn identify(carer: CarerId) -> CaseCommand {
    CaseCommand::IdentifyCarer {
        carer,
        details: PersonalDetails {
            name: Personal::new(NAME.into()),
            date_of_birth: Personal::new(
                NaiveDate::from_ymd_opt(1970, 1, 1).expect("a calendar date"),
            ),
            contact: Personal::new(String::new()),
            address: Personal::new(String::new()),
            notes: Personal::new(String::new()),
        },
        source: IdentificationSource::Gp,
        lawful_basis: LawfulBasis::PublicTask,
        consent_to_hold_data: true,
    }
}

#[test]
fn clones_of_a_sled_store_are_one_store_and_the_last_drop_closes_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = SledStore::open(dir.path()).expect("opens");
    let other = store.clone();
    let repo = Repository::<CarerCase, _>::new(store.clone()).with_access(partnership());
    let carer = CarerId::new();
    repo.execute(&carer.stream(), &identify(carer), &ctx(), None)
        .expect("identifies");
    // Written through one clone, read through another.
    assert_eq!(other.stream_version(&carer.stream()).expect("reads"), 3);
    drop(store);
    assert_eq!(other.head_position().expect("still open"), 3);
    // While a clone lives, the directory stays locked to other opens...
    assert!(SledStore::open(dir.path()).is_err());
    drop((repo, other));
    // ...and once the last one drops, it reopens with everything in it.
    let reopened = SledStore::open(dir.path()).expect("reopens");
    assert_eq!(reopened.head_position().expect("reads"), 3);
}

#[test]
fn a_cloned_repository_serves_many_threads_on_one_store() {
    let repo = Repository::<CarerCase, _>::new(SledStore::temporary().expect("a store"))
        .with_access(partnership());
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let repo = repo.clone();
            std::thread::spawn(move || {
                for _ in 0..5 {
                    let carer = CarerId::new();
                    repo.execute(&carer.stream(), &identify(carer), &ctx(), None)
                        .expect("identifies");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("the thread completes");
    }
    assert_eq!(repo.store().head_position().expect("reads"), 4 * 5 * 3);
}

#[test]
fn handles_debug_without_personal_data() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    let carer = CarerId::new();
    repo.execute(&carer.stream(), &identify(carer), &ctx(), None)
        .expect("identifies");
    let sled = SledStore::temporary().expect("a store");
    let shown = format!(
        "{repo:?} {:?} {sled:?} {:?}",
        repo.clone(),
        AsyncRepository::new(repo.clone())
    );
    assert!(shown.contains("Repository") && shown.contains("SledStore"));
    assert!(!shown.contains("MARKER"), "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_twins_answer_as_the_sync_api_does() {
    let store = SledStore::temporary().expect("a store");
    let repo = AsyncRepository::new(
        Repository::<CarerCase, _>::new(store.clone()).with_access(partnership()),
    );
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let repo = repo.clone();
            tokio::spawn(async move {
                let carer = CarerId::new();
                repo.execute(carer.stream(), identify(carer), ctx(), None)
                    .await
                    .expect("identifies");
                carer
            })
        })
        .collect();
    let mut carers = Vec::new();
    for t in tasks {
        carers.push(t.await.expect("the task completes"));
    }
    for carer in &carers {
        let loaded = repo.load(carer.stream()).await.expect("loads");
        assert_eq!(
            loaded,
            repo.blocking().load(&carer.stream()).expect("loads")
        );
        assert_eq!(loaded.version, 3);
        let timeline = repo.timeline(carer.stream()).await.expect("reads");
        assert_eq!(timeline.len(), 3);
    }
    // A refusal is the same typed error.
    let refused = repo
        .execute(carers[0].stream(), identify(carers[1]), ctx(), None)
        .await;
    assert!(matches!(
        refused,
        Err(carers::es::RepoError::WrongStream { .. })
    ));

    // Catch-up and rebuild of a shared read model.
    let trends = Arc::new(Mutex::new(SafeguardingTrends::new()));
    let runner = ProjectionRunner::default();
    let done = catch_up(runner, store.clone(), Arc::clone(&trends))
        .await
        .expect("catches up");
    assert_eq!(done.handled, 8 * 3);
    let again = catch_up(runner, store.clone(), Arc::clone(&trends))
        .await
        .expect("catches up");
    assert_eq!(again.handled, 0);
    let name = trends.lock().expect("not poisoned").name().to_owned();
    assert_eq!(store.load_checkpoint(&name).expect("reads"), Some(8 * 3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poisoned_read_model_is_refused_until_rebuilt() {
    let store = MemoryStore::new();
    let repo = Repository::<CarerCase, _>::new(store.clone()).with_access(partnership());
    let carer = CarerId::new();
    repo.execute(&carer.stream(), &identify(carer), &ctx(), None)
        .expect("identifies");
    let trends = Arc::new(Mutex::new(SafeguardingTrends::new()));
    let poisoner = Arc::clone(&trends);
    let _ = std::thread::spawn(move || {
        let _guard = poisoner.lock();
        panic!("a handler panicked while holding the read model");
    })
    .join();
    assert!(trends.is_poisoned());
    let refused = catch_up(
        ProjectionRunner::default(),
        store.clone(),
        Arc::clone(&trends),
    )
    .await;
    assert!(matches!(refused, Err(ProjectionError::Poisoned)));
    let rebuilt = rebuild(
        ProjectionRunner::default(),
        store.clone(),
        Arc::clone(&trends),
    )
    .await
    .expect("rebuilds");
    assert_eq!(rebuilt.handled, 3);
    assert!(!trends.is_poisoned());
}

/// The partnership these tests act in.
fn partnership() -> Partnership {
    Partnership::new()
        .with("carers-hub", PartnerKind::CarersHub)
        .with("adult-social-care", PartnerKind::AdultSocialCare)
}
