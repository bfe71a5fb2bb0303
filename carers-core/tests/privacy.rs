//! Personal data never leaves in clear by accident: the default serialisation of
//! every public state, event, command and read model holds no personal value, the
//! stored form (events, snapshots) keeps every one, and redacted output is never
//! read back as data.

mod markers;
mod support;

use carers_core::domain::personal::{ERASED, REDACTED, revealed, stored_form};
use carers_core::domain::*;
use carers_core::es::payload::WITHHELD;
use carers_core::es::seal::{KeyStore, SEALED_PREFIX, with_key};
use carers_core::es::{
    Aggregate, EventStore, ExpectedVersion, MemoryStore, Projection, ProjectionRunner,
    RecordedEvent, Repository, SnapshotPolicy, SnapshotStore,
};
use carers_core::projections::SafeguardingTrends;
use markers::*;
use support::*;

#[test]
fn the_fixtures_hold_every_marker_in_clear_when_revealed() {
    // Guards the tests below: a marker missing here would pass them vacuously.
    let ids = ids();
    let state = CarerCase::replay(&history(&ids));
    assert_every_marker_of_the_state("the revealed state", &revealed(|| json(&state)));
    assert_every_marker("the revealed history", &revealed(|| json(&history(&ids))));
    assert_every_marker("the revealed commands", &revealed(|| json(&commands(&ids))));
}

#[test]
fn states_events_and_commands_serialise_without_personal_data_by_default() {
    let ids = ids();
    let history = history(&ids);
    let state = CarerCase::replay(&history);

    let shown = json(&state);
    assert_no_marker("the case", &shown);
    assert!(
        shown.contains(REDACTED),
        "the case shows the redaction marker"
    );
    for (what, part) in [
        ("identity", json(&state.identity)),
        ("consents", json(&state.consents)),
        ("roles", json(&state.roles)),
        ("assessments", json(&state.assessments)),
        ("safeguarding", json(&state.safeguarding)),
        ("plans", json(&state.plans)),
    ] {
        assert_no_marker(what, &part);
    }
    for event in &history {
        assert_no_marker("an event", &json(event));
    }
    for command in commands(&ids) {
        assert_no_marker("a command", &json(&command));
    }
    // And through serde_json's other entry points.
    assert_no_marker(
        "the case as a value",
        &json(&serde_json::to_value(&state).unwrap()),
    );
    assert_no_marker(
        "the case pretty",
        &serde_json::to_string_pretty(&history).unwrap(),
    );
}

#[test]
fn redacted_output_is_never_read_back_as_data() {
    let ids = ids();
    let redacted = json(&commands(&ids));
    let err = serde_json::from_str::<Vec<CaseCommand>>(&redacted).unwrap_err();
    assert!(err.to_string().contains("not data"), "{err}");
    let redacted = json(&CarerCase::replay(&history(&ids)));
    assert!(serde_json::from_str::<CarerCase>(&redacted).is_err());
    // The revealed form is what a client sends: it reads.
    let sent = revealed(|| json(&commands(&ids)));
    let read: Vec<CaseCommand> = serde_json::from_str(&sent).unwrap();
    assert_eq!(read, commands(&ids));
}

#[test]
fn events_and_snapshots_keep_every_personal_value_through_a_repository() {
    let ids = ids();
    let history = history(&ids);
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
        .with_access(support::partnership())
        .with_snapshots(SnapshotPolicy::EveryNEvents(1));
    let stream = ids.carer.stream();
    let events = stored_events(repo.store(), &stream, &history, true);
    repo.store()
        .append(&stream, ExpectedVersion::NoStream, events, None)
        .unwrap();

    // The stored payloads hold every value, sealed: none in clear.
    let recorded = repo.store().read_stream(&stream, 1, 1000).unwrap();
    let payloads: String = recorded
        .iter()
        .map(|e| String::from_utf8_lossy(&e.payload).into_owned())
        .collect();
    assert_no_marker("the stored events", &payloads);
    assert!(payloads.contains(SEALED_PREFIX) && !payloads.contains(REDACTED));

    // Decoding gives the same events and the same state.
    let decoded: Vec<CaseEvent> = recorded.iter().map(|e| repo.decode(e).unwrap()).collect();
    assert_eq!(decoded, history);
    let expected = CarerCase::replay(&history);
    assert_eq!(repo.load(&stream).unwrap().state, expected);

    // A command through the repository saves a snapshot in the stored form, sealed...
    let command = CaseCommand::RecordConsent {
        purpose: ConsentPurpose::ShareWith(PartnerId::new()),
        given: true,
    };
    let done = repo.execute(&stream, &command, &hub(), None).unwrap();
    assert!(done.snapshot_error.is_none());
    let snapshot = repo.store().load_snapshot(&stream).unwrap().expect("saved");
    let snapshot_text = String::from_utf8_lossy(&snapshot.state);
    assert_no_marker("the snapshot", &snapshot_text);
    assert!(snapshot_text.contains(SEALED_PREFIX) && !snapshot_text.contains(REDACTED));
    let key = repo.store().key_state(&stream).unwrap();
    let from_snapshot: CarerCase = with_key(key, || {
        stored_form(|| serde_json::from_slice(&snapshot.state))
    })
    .unwrap();
    assert_eq!(from_snapshot, done.state);
    assert_every_marker_of_the_state("the opened snapshot", &revealed(|| json(&from_snapshot)));
    // ...and a load from it keeps every value.
    let loaded = repo.load(&stream).unwrap();
    assert_eq!(loaded.state, done.state);
    let identity = loaded.state.identity.expect("identified");
    assert_eq!(
        identity.details.name.reveal().map(String::as_str),
        Some("MARKER-NAME")
    );
    assert_eq!(
        identity
            .details
            .date_of_birth
            .reveal()
            .map(|d| d.to_string()),
        Some(CARER_BORN.to_owned())
    );
    // The state the repository returns still serialises redacted.
    assert_no_marker("the executed state", &json(&done.state));
    assert_no_marker("the executed events", &json(&done.events));
}

#[test]
fn the_safeguarding_trends_read_model_holds_no_personal_data() {
    let ids = ids();
    let history = history(&ids);
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let stream = ids.carer.stream();
    let events = stored_events(repo.store(), &stream, &history, true);
    repo.store()
        .append(&stream, ExpectedVersion::NoStream, events, None)
        .unwrap();
    let mut trends = SafeguardingTrends::new();
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut trends)
        .unwrap();
    assert_eq!(trends.per_partner.values().sum::<u32>(), 2);
    // The read model is not `Serialize` (its keys are tuples): what a service would
    // serialise is its public figures, and its `Debug` shows everything it holds.
    let figures = json(&(
        trends.per_category_month.iter().collect::<Vec<_>>(),
        &trends.per_partner,
        trends.repeat_concerns,
        trends.actions_overdue(now()),
    ));
    let shown = revealed(|| format!("{figures} {trends:?}"));
    assert_no_marker("the safeguarding trends", &shown);
    assert_eq!(trends.name(), "safeguarding-trends");
}

#[test]
fn redaction_is_in_serialisation_only() {
    // Deciding and folding see the values; `Personal::reveal` reads them.
    let ids = ids();
    let state = CarerCase::replay(&history(&ids));
    let born = state
        .roles
        .all()
        .first()
        .and_then(|r| r.cared_for_born.reveal().map(|d| d.to_string()));
    assert_eq!(born.as_deref(), Some(CARED_FOR_BORN));
}

#[test]
fn recorded_events_withhold_their_payload_unless_stored_or_revealed() {
    let ids = ids();
    let history = history(&ids);
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let stream = ids.carer.stream();
    let events = stored_events(repo.store(), &stream, &history, true);
    assert_no_marker("an event to append", &json(&events));
    repo.store()
        .append(&stream, ExpectedVersion::NoStream, events, None)
        .unwrap();
    let recorded = repo.store().read_stream(&stream, 1, 1000).unwrap();

    // By default the stored payload (personal values in clear) is withheld...
    let shown = json(&recorded);
    assert_no_marker("the recorded events", &shown);
    assert!(shown.contains(WITHHELD), "{shown}");
    // Nor does `Debug` show it (of an event, a store, or a snapshot).
    assert_no_marker("the recorded events' Debug", &format!("{recorded:?}"));
    assert_no_marker("the store's Debug", &format!("{:?}", repo.store()));
    // ...and the marker is not read back as a payload.
    assert!(serde_json::from_str::<Vec<RecordedEvent>>(&shown).is_err());

    // Revealed, the payload is the JSON it is (not an array of byte values), its
    // personal values still sealed (only decoding opens them), and it reads back
    // to the same events.
    let clear = revealed(|| json(&recorded));
    assert_no_marker("the revealed recorded events", &clear);
    let value: serde_json::Value = serde_json::from_str(&clear).unwrap();
    assert!(value[0]["payload"].is_object(), "{}", value[0]["payload"]);
    let back: Vec<RecordedEvent> = serde_json::from_str(&clear).unwrap();
    let decoded: Vec<CaseEvent> = back.iter().map(|e| repo.decode(e).unwrap()).collect();
    assert_eq!(decoded, history);

    // The timeline is the decoded events, redacted by default.
    let timeline = repo.timeline(&stream).unwrap();
    let events: Vec<CaseEvent> = timeline.iter().map(|t| t.event.clone()).collect();
    assert_eq!(events, history);
    assert_eq!(
        timeline.iter().map(|t| t.version).collect::<Vec<_>>(),
        (1..=history.len() as u64).collect::<Vec<_>>()
    );
    assert_no_marker("the timeline", &json(&timeline));
    assert_every_marker("the revealed timeline", &revealed(|| json(&timeline)));

    // What the repository returns serialises redacted too.
    assert_no_marker("a loaded case", &json(&repo.load(&stream).unwrap()));
    let command = CaseCommand::RecordConsent {
        purpose: ConsentPurpose::ShareWith(PartnerId::new()),
        given: true,
    };
    let done = repo.execute(&stream, &command, &hub(), None).unwrap();
    let shown = json(&done);
    assert_no_marker("an execution", &shown);
    let value: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(value["replayed"], false);
    assert_eq!(value["snapshot_error"], serde_json::Value::Null);
    assert_eq!(value["append"]["stream"], stream.as_str());
}

#[test]
fn events_stored_in_clear_before_sealing_still_read() {
    let ids = ids();
    let history = history(&ids);
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let stream = ids.carer.stream();
    let events = stored_events(repo.store(), &stream, &history, false);
    repo.store()
        .append(&stream, ExpectedVersion::NoStream, events, None)
        .unwrap();
    assert_eq!(
        repo.load(&stream).unwrap().state,
        CarerCase::replay(&history)
    );
    // A stream that never had a key gets one on its next command; both read.
    let command = CaseCommand::RecordConsent {
        purpose: ConsentPurpose::ShareWith(PartnerId::new()),
        given: true,
    };
    let done = repo.execute(&stream, &command, &hub(), None).unwrap();
    assert_eq!(repo.load(&stream).unwrap().state, done.state);
}

/// The codec seals an event's personal values as one blob bound to the event's
/// type (one AES-GCM open per event, not per value): the payload holds no value
/// in clear, reads back whole under the key, reads as erased once the key is
/// gone, and does not read as an event of another type.
#[test]
fn an_events_personal_values_are_sealed_as_one_blob_bound_to_its_type() {
    use carers_core::es::seal::KeyState;
    use carers_core::es::{Codec, DataKey};
    let ids = ids();
    let codec = Codec::<CaseEvent>::new();
    let key = DataKey::generate();
    let active = || Some(KeyState::Active(key.clone()));
    for event in history(&ids) {
        let encoded = with_key(active(), || codec.encode(&event)).expect("encodes");
        let payload = String::from_utf8(encoded.payload.clone()).expect("JSON");
        assert_no_marker(&encoded.event_type, &payload);
        assert!(
            payload.matches(SEALED_PREFIX).count() <= 1,
            "one blob per event: {payload}"
        );
        let decode = |event_type: &str| {
            codec.decode(event_type, encoded.schema_version, &encoded.payload, 1)
        };
        let back = with_key(active(), || decode(&encoded.event_type)).expect("decodes");
        assert_eq!(
            revealed(|| serde_json::to_value(&back).expect("JSON")),
            revealed(|| serde_json::to_value(&event).expect("JSON"))
        );
        if payload.contains(SEALED_PREFIX) {
            // The same payload written otherwise (spaced, as a JSON store may
            // give it back) takes the codec's JSON path, and reads the same.
            let spaced = serde_json::to_vec_pretty(
                &serde_json::from_slice::<serde_json::Value>(&encoded.payload).expect("JSON"),
            )
            .expect("JSON");
            assert_ne!(spaced, encoded.payload);
            let back_spaced = with_key(active(), || {
                codec.decode(&encoded.event_type, encoded.schema_version, &spaced, 1)
            })
            .expect("decodes from the JSON path");
            assert_eq!(back_spaced, back);
            // Moved to an event of another type (same version), it does not open.
            let other = codec
                .event_types()
                .find(|t| {
                    *t != encoded.event_type
                        && <CaseEvent as carers_core::es::DomainEvent>::schema_version(t)
                            == encoded.schema_version
                })
                .expect("another type");
            assert!(with_key(active(), || decode(other)).is_err());
            let erased = with_key(Some(KeyState::Destroyed), || decode(&encoded.event_type))
                .expect("an erased event still decodes");
            let text = revealed(|| serde_json::to_string(&erased).expect("JSON"));
            assert_no_marker("the erased event", &text);
            // Each personal value reads as erased, not as a default or as garbage:
            // the erased marker stands where every marker stood.
            let markers_held = revealed(|| serde_json::to_string(&event).expect("JSON"))
                .matches("MARKER-")
                .count();
            assert!(
                text.matches(ERASED).count() >= markers_held,
                "{}: {text}",
                encoded.event_type
            );
        }
    }
}
