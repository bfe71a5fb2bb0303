//! The engine's traces hold ids, versions, counts and codes, never personal data
//! (issue 10 item 9).
//!
//! One test in its own binary: it installs the process-wide subscriber, which
//! tracing caches per call site, so sharing a binary with other tests (whose
//! threads hit the same call sites first) made captures miss events.

mod markers;
mod support;

use std::fmt::{Debug, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use carers_core::domain::*;
use carers_core::es::{
    IdempotencyKey, MemoryStore, ProjectionRunner, RepoError, Repository, SnapshotPolicy, StreamId,
};
use carers_core::projections::SafeguardingTrends;
use markers::*;
use support::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};

/// A subscriber that writes every span's and event's name and fields as text.
struct Capture {
    text: Arc<Mutex<String>>,
    next_id: AtomicU64,
}

impl Capture {
    fn write(&self, f: impl FnOnce(&mut String)) {
        f(&mut self.text.lock().unwrap_or_else(PoisonError::into_inner));
    }
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.write(|text| {
            let _ = write!(text, "\nspan {}", span.metadata().name());
            span.record(&mut Fields(text));
        });
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        self.write(|text| {
            text.push_str("\n  record");
            values.record(&mut Fields(text));
        });
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        self.write(|text| {
            let _ = write!(text, "\n  {}", event.metadata().level());
            event.record(&mut Fields(text));
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[test]
fn traces_of_a_whole_case_hold_ids_and_counts_never_personal_data() {
    let text = Arc::new(Mutex::new(String::new()));
    tracing::subscriber::set_global_default(Capture {
        text: Arc::clone(&text),
        next_id: AtomicU64::new(1),
    })
    .expect("the only subscriber of this binary");

    let ids = ids();
    let stream = ids.carer.stream();
    // A snapshot after every command, so that path is traced too.
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
        .with_access(support::partnership())
        .with_snapshots(SnapshotPolicy::EveryNEvents(1));
    let mut executed = 0;
    let mut refused = 0;
    for (n, command) in commands(&ids).iter().enumerate() {
        let key = IdempotencyKey::new(format!("request-{n}")).expect("a valid key");
        match repo.execute(&stream, command, &asc(), Some(&key)) {
            Ok(_) => {
                executed += 1;
                // A retried request: replayed, not decided again.
                let retry = repo.execute(&stream, command, &asc(), Some(&key));
                assert!(retry.expect("the same command replays").replayed);
            }
            Err(_) => refused += 1,
        }
    }
    // Guards the assertions below: both outcomes are traced.
    assert!(
        executed >= 3 && refused >= 1,
        "{executed} executed, {refused} refused"
    );
    let wrong = StreamId::parse("carer-not-a-uuid").expect("a well-formed stream id");
    assert!(
        repo.execute(&wrong, &commands(&ids)[0], &hub(), None)
            .is_err()
    );
    let loaded = repo.load(&stream).expect("loads");
    repo.timeline(&stream).expect("reads");
    // A case whose history holds every marker, loaded, read and decided on.
    let full = markers::ids();
    let full_stream = full.carer.stream();
    append_sealed(repo.store(), &full_stream, &history(&full));
    repo.load(&full_stream).expect("loads");
    repo.timeline(&full_stream).expect("reads");
    for command in commands(&full) {
        // Refused or not, each is decided (a denial would skip the decision).
        let done = repo.execute(&full_stream, &command, &asc_manager(), None);
        assert!(!matches!(done, Err(RepoError::Denied(_))));
    }
    let mut trends = SafeguardingTrends::new();
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut trends)
        .expect("catches up");

    let traces = text.lock().unwrap_or_else(PoisonError::into_inner).clone();
    for expected in [
        "span execute",
        "span load",
        "span append",
        "span catch_up",
        "deciding",
        "replaying",
        "outcome=\"refused\"",
        "outcome=\"wrong_stream\"",
        &format!("version={}", loaded.version),
        &format!("stream={stream}"),
    ] {
        assert!(
            traces.contains(expected),
            "no {expected:?} in traces:\n{traces}"
        );
    }
    assert_no_marker("the traces", &traces);
}
