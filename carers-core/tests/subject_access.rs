//! The right of access (UK GDPR art. 15): a full journey exported holds every
//! personal value of the carer in clear and withholds third parties' data (DPA
//! 2018 Sch. 2 Part 3 para. 16).

mod markers;
mod support;

use carers_core::domain::subject_access::{WITHHELD_THIRD_PARTY, export};
use carers_core::domain::*;
use carers_core::es::{MemoryStore, Repository};
use markers::*;
use support::*;

#[test]
fn a_subject_access_export_holds_the_carers_data_and_withholds_third_parties() {
    let ids = ids();
    // The second concern is about the cared-for person: its data is theirs.
    let mut history = history(&ids);
    for event in &mut history {
        if let CaseEvent::ConcernRaised {
            concern,
            details: raised,
            ..
        } = event
            && *concern == ids.below
        {
            raised.person_at_risk = PersonAtRisk::CaredFor(ids.mother);
            raised.desired_outcomes = Personal::new("THIRD-PARTY-OUTCOMES".into());
            raised.sharing =
                SharingBasis::WithoutConsent(Personal::new("THIRD-PARTY-SHARING".into()));
        }
    }
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    let stream = ids.carer.stream();
    append_sealed(repo.store(), &stream, &history);

    let timeline = repo.timeline(&stream).expect("reads");
    let state = repo.load(&stream).expect("loads").state;
    let document = export(&timeline, &state);
    let text = serde_json::to_string(&document).expect("serialises");

    // Every record, in plain words, with when and by whom.
    let records = document["records"].as_array().expect("records");
    assert_eq!(records.len(), history.len());
    for record in records {
        assert!(
            record["what"].as_str().is_some_and(|w| w.ends_with('.')),
            "{record}"
        );
        assert_eq!(record["recorded_by"]["organisation"], "carers-hub");
        assert!(record["recorded_at"].is_string());
    }
    assert_eq!(document["about"], serde_json::json!(ids.carer));
    // The carer's own data, in clear...
    for own in [
        "MARKER-NAME",
        "MARKER-CONTACT",
        "MARKER-ADDRESS",
        "MARKER-NEEDS",
        "MARKER-DESIRED-OUTCOMES",
        "MARKER-EP-CARD",
        "MARKER-REFERRAL-IN",
        "MARKER-NEW-ADDRESS",
        CARER_BORN,
    ] {
        assert!(text.contains(own), "the export lost {own}");
    }
    // ...and no third party's: the cared-for person's date of birth, the concern
    // about them and what followed it.
    for theirs in [
        "THIRD-PARTY-OUTCOMES",
        "THIRD-PARTY-SHARING",
        "MARKER-BELOW-THRESHOLD",
        // An emergency plan's arrangements and the care arranged in an emergency.
        "MARKER-EP-STEPS-IN",
        "MARKER-EP-NEEDS",
        "MARKER-EP-CALL",
        "MARKER-EP-REPLACEMENT",
        CARED_FOR_BORN,
    ] {
        assert!(
            !text.contains(theirs),
            "the export shows a third party's {theirs}"
        );
    }
    assert!(text.contains(WITHHELD_THIRD_PARTY));
    // Nothing redacted stands in for data the carer is owed.
    assert!(!text.contains(carers_core::domain::personal::REDACTED));
}
