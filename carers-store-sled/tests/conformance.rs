//! The core's conformance kit, one test per law, against `SledStore` (both
//! durabilities).

use carers_core::testkit;
use carers_store_sled::{Config, Durability, SledStore};

fn flushed() -> SledStore {
    SledStore::temporary().expect("open a temporary store")
}

fn buffered() -> SledStore {
    SledStore::open_with(Config::temporary().durability(Durability::Buffered))
        .expect("open a temporary store")
}

#[test]
fn stale_expected_version_is_rejected_and_writes_nothing() {
    testkit::stale_expected_version_is_rejected_and_writes_nothing(&flushed);
}
#[test]
fn batches_are_atomic_and_contiguous() {
    testkit::batches_are_atomic_and_contiguous(&flushed);
}
#[test]
fn empty_appends_are_refused() {
    testkit::empty_appends_are_refused(&flushed);
}
#[test]
fn global_order_is_gap_free_across_streams() {
    testkit::global_order_is_gap_free_across_streams(&flushed);
}
#[test]
fn reads_start_at_any_version_or_position() {
    testkit::reads_start_at_any_version_or_position(&flushed);
}
#[test]
fn events_round_trip_bit_for_bit() {
    testkit::events_round_trip_bit_for_bit(&flushed);
}
#[test]
fn idempotency_keys_append_once() {
    testkit::idempotency_keys_append_once(&flushed);
}
#[test]
fn a_key_reused_for_another_command_is_refused_and_appends_nothing() {
    testkit::a_key_reused_for_another_command_is_refused_and_appends_nothing(&flushed);
}
#[test]
fn a_replayed_result_says_it_was_replayed() {
    testkit::a_replayed_result_says_it_was_replayed(&flushed);
}
#[test]
fn a_create_retried_by_its_key_finds_its_stream() {
    testkit::a_create_retried_by_its_key_finds_its_stream(&flushed);
}
#[test]
fn stream_reads_page_through_the_whole_stream() {
    testkit::stream_reads_page_through_the_whole_stream(&flushed);
}
#[test]
fn snapshots_and_checkpoints_round_trip() {
    testkit::snapshots_and_checkpoints_round_trip(&flushed);
}
#[test]
fn racing_appends_have_one_winner_per_version() {
    testkit::racing_appends_have_one_winner_per_version(&flushed);
}
#[test]
fn random_operations_behave_as_the_model() {
    testkit::random_operations_behave_as_the_model(&flushed);
}
#[test]
fn the_whole_kit_passes_with_buffered_durability() {
    testkit::run_all(buffered);
}
#[test]
fn data_keys_are_kept_and_destroyed_for_good() {
    testkit::data_keys_are_kept_and_destroyed_for_good(&flushed);
}
