//! The core's conformance kit, one test per law, against PostgreSQL (each
//! store in a fresh schema, dropped after).

mod support;

use carers_core::testkit;

macro_rules! laws {
    ($($law:ident),* $(,)?) => {$(
        #[test]
        fn $law() {
            let Some(fresh) = support::Fresh::new() else { return };
            testkit::$law(&|| fresh.store());
        }
    )*};
}

laws!(
    stale_expected_version_is_rejected_and_writes_nothing,
    batches_are_atomic_and_contiguous,
    empty_appends_are_refused,
    global_order_is_gap_free_across_streams,
    reads_start_at_any_version_or_position,
    events_round_trip_bit_for_bit,
    idempotency_keys_append_once,
    a_key_reused_for_another_command_is_refused_and_appends_nothing,
    a_replayed_result_says_it_was_replayed,
    a_create_retried_by_its_key_finds_its_stream,
    stream_reads_page_through_the_whole_stream,
    snapshots_and_checkpoints_round_trip,
    racing_appends_have_one_winner_per_version,
    random_operations_behave_as_the_model,
    data_keys_are_kept_and_destroyed_for_good,
);

/// A server that cannot be reached is `Unavailable` on open, never a panic.
#[test]
fn a_server_that_cannot_be_reached_is_unavailable() {
    use carers_core::es::StoreError;
    use carers_store_postgres::{Config, PostgresStore};
    // Port 1 on the loopback: nothing listens there.
    let config = Config::new("postgres://postgres@127.0.0.1:1/test")
        .connect_timeout(std::time::Duration::from_millis(500));
    let err = PostgresStore::open(config).expect_err("nothing listens");
    assert!(matches!(err, StoreError::Unavailable { .. }), "{err:?}");
}

/// A schema migrated by newer code is refused with the version found.
#[test]
fn a_schema_migrated_by_newer_code_is_refused() {
    use carers_core::es::StoreError;
    use carers_store_postgres::{Config, PostgresStore};
    let Some(fresh) = support::Fresh::new() else {
        return;
    };
    let schema = fresh.schema();
    fresh.open(&schema);
    let mut client = postgres::Client::connect(fresh.url(), postgres::NoTls).expect("connects");
    client
        .execute(
            &format!("update {schema}.meta set value = '99' where key = 'schema_version'"),
            &[],
        )
        .expect("updated");
    let err = PostgresStore::open(Config::new(fresh.url()).schema(schema)).expect_err("newer");
    assert!(
        matches!(
            err,
            StoreError::UnsupportedFormat {
                found: 99,
                supported: 1
            }
        ),
        "{err:?}"
    );
}

/// Two instances opened on one schema share the log: what one appends, the
/// other reads, in the same global order.
#[test]
fn two_instances_on_one_schema_share_one_log() {
    use carers_core::es::{EventStore, ExpectedVersion};

    let Some(fresh) = support::Fresh::new() else {
        return;
    };
    let schema = fresh.schema();
    let open = || fresh.open(&schema);
    let (a, b) = (open(), open());
    let s = testkit::stream("shared");
    a.append(&s, ExpectedVersion::NoStream, testkit::events(0, 2), None)
        .expect("a appends");
    b.append(&s, ExpectedVersion::Exact(2), testkit::events(2, 1), None)
        .expect("b appends after a");
    assert_eq!(a.stream_version(&s).expect("version"), 3);
    let positions: Vec<u64> = a
        .read_all(1, 10)
        .expect("reads")
        .iter()
        .map(|e| e.position)
        .collect();
    assert_eq!(positions, vec![1, 2, 3]);
}

/// LISTEN/NOTIFY: a tail sleeps while the store is idle, wakes with the last
/// position of an append committed by another instance, and hears nothing of
/// an append that was refused (its transaction rolled back).
#[test]
fn a_tail_wakes_on_a_commit_from_another_instance_and_not_otherwise() {
    use carers_core::es::{EventStore, ExpectedVersion};

    use std::time::Duration;
    let Some(fresh) = support::Fresh::new() else {
        return;
    };
    let schema = fresh.schema();
    let open = || fresh.open(&schema);
    let (reader, writer) = (open(), open());
    let mut tail = reader.tail().expect("listens");
    assert_eq!(tail.wait(Duration::from_millis(200)).expect("waits"), None);
    let s = testkit::stream("tailed");
    writer
        .append(&s, ExpectedVersion::NoStream, testkit::events(0, 2), None)
        .expect("appends");
    assert_eq!(tail.wait(Duration::from_secs(10)).expect("waits"), Some(2));
    let refused = writer.append(&s, ExpectedVersion::Exact(9), testkit::events(2, 1), None);
    assert!(refused.is_err());
    assert_eq!(tail.wait(Duration::from_millis(300)).expect("waits"), None);
    // Two appends before the next wait: one wake-up or two (a notification
    // may still be on its way when the first is taken), the last with the
    // later position, never one beyond it.
    for n in 0..2 {
        writer
            .append(&s, ExpectedVersion::Any, testkit::events(10 + n, 1), None)
            .expect("appends");
    }
    let mut woke = Vec::new();
    while woke.last() != Some(&4) && woke.len() < 2 {
        woke.extend(tail.wait(Duration::from_secs(10)).expect("waits"));
    }
    assert!(matches!(woke[..], [4] | [3, 4]), "{woke:?}");
    assert_eq!(tail.wait(Duration::from_millis(200)).expect("waits"), None);
}

/// With a key-encryption key, data keys are stored wrapped: the row holds no
/// key bytes, the same key reads back through another instance with the same
/// key-encryption key, and without it (or with another) reading it is
/// `Unavailable`, never a wrong key.
#[test]
fn data_keys_are_wrapped_under_the_key_encryption_key() {
    use carers_core::es::StoreError;
    use carers_core::es::seal::{DataKey, KeyState, KeyStore};
    use carers_store_postgres::{Config, PostgresStore};
    let Some(fresh) = support::Fresh::new() else {
        return;
    };
    let schema = fresh.schema();
    let kek = DataKey::generate();
    let open = |kek: Option<&DataKey>| {
        let config = Config::new(fresh.url()).schema(schema.clone());
        let config = match kek {
            Some(k) => config.key_encryption_key(k.clone()),
            None => config,
        };
        PostgresStore::open(config).expect("opens")
    };
    let subject = testkit::stream("wrapped");
    let key = open(Some(&kek)).data_key(&subject).expect("made");
    let mut client = postgres::Client::connect(fresh.url(), postgres::NoTls).expect("connects");
    let row = client
        .query_one(&format!("select value from {schema}.data_keys"), &[])
        .expect("one key");
    let stored: Vec<u8> = row.get(0);
    assert!(
        !stored.windows(32).any(|w| w == key.as_bytes()),
        "the key's bytes are not in the row"
    );
    let again = open(Some(&kek)).key_state(&subject).expect("reads");
    assert!(matches!(again, Some(KeyState::Active(k)) if k.as_bytes() == key.as_bytes()));
    for other in [None, Some(&DataKey::generate())] {
        let err = open(other).key_state(&subject).expect_err("cannot open it");
        assert!(matches!(err, StoreError::Unavailable { .. }), "{err:?}");
    }
}
