//! A copy of the sled store's files reveals nothing personal (issue 11): cases with
//! a marker in every personal field, written through the repository (events,
//! snapshots, idempotency keys, a read model's checkpoint), flushed and closed;
//! every byte of every file the store wrote is scanned, and no marker is there in
//! plain. Erased, the same holds with the key gone.

#[path = "../carers-core/tests/markers/mod.rs"]
mod markers;
#[path = "../carers-core/tests/support/mod.rs"]
mod support;

use carers::core::domain::*;
use carers::core::es::{IdempotencyKey, ProjectionRunner, RepoError, Repository, SnapshotPolicy};
use carers::core::projections::SafeguardingTrends;
use carers::sled_store::{Config, SledStore};
use markers::*;
use support::*;

/// Every byte of every file under `dir`.
fn every_byte(dir: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        for entry in std::fs::read_dir(&path).expect("reads the directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                bytes.extend(std::fs::read(&path).expect("reads a file"));
            }
        }
    }
    bytes
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

/// Writes a marker-laden case through a repository on a sled store in `dir`,
/// erasing it when `erase`.
fn write_case(config: Config, erase: bool) {
    let store = SledStore::open_with(config).expect("opens");
    let repo = Repository::<CarerCase, _>::new(store.clone())
        .with_access(partnership())
        .with_snapshots(SnapshotPolicy::EveryNEvents(1));
    let ids = ids();
    let stream = ids.carer.stream();
    // The full history (every marker), sealed as the repository seals...
    append_sealed(&store, &stream, &history(&ids));
    // ...and every marker-bearing command through the repository, with keys (so
    // fingerprints are stored) and a snapshot after each.
    for (n, command) in commands(&ids).iter().enumerate() {
        let key = IdempotencyKey::new(format!("request-{n}")).expect("a key");
        // Refusals are expected (the history is already there); a denial is not:
        // it would keep the command's markers out of the files.
        let done = repo.execute(&stream, command, &asc_manager(), Some(&key));
        assert!(
            !matches!(done, Err(RepoError::Denied(_))),
            "command {n} denied"
        );
    }
    ProjectionRunner::default()
        .catch_up(&store, &mut SafeguardingTrends::new())
        .expect("catches up");
    if erase {
        let erase = CaseCommand::ErasePersonalData {
            basis: ErasureBasis::RetentionPeriodEnded,
        };
        repo.erase(&stream, &erase, &asc_manager()).expect("erased");
    }
    store.flush().expect("flushes");
}

#[test]
fn no_personal_marker_is_in_any_byte_of_the_store_s_files() {
    for (kek, erase) in [(true, false), (false, false), (true, true)] {
        let dir = tempfile::tempdir().expect("a directory");
        let mut config = Config::new(dir.path());
        if kek {
            config = config.key_encryption_key(carers::core::es::DataKey::generate());
        }
        write_case(config, erase);
        let bytes = every_byte(dir.path());
        // Guards the scan: what is not personal is there in plain, so a marker
        // would be found if it were.
        assert!(
            holds(&bytes, CaseEvent::CARER_IDENTIFIED),
            "the scan reads nothing"
        );
        assert!(holds(&bytes, "adult-social-care"), "the scan reads nothing");
        for marker in markers() {
            assert!(
                !holds(&bytes, &marker),
                "{marker} is in the store's files in plain (kek {kek}, erased {erase})"
            );
        }
    }
}
