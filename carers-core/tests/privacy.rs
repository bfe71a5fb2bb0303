//! Personal data never leaves in clear by accident: the default serialisation of
//! every public state, event, command and read model holds no personal value, the
//! stored form (events, snapshots) keeps every one, and redacted output is never
//! read back as data.

mod support;

use std::collections::BTreeSet;

use carers_core::domain::personal::{REDACTED, revealed, stored_form};
use carers_core::domain::*;
use carers_core::es::payload::WITHHELD;
use carers_core::es::{
    Aggregate, EventStore, ExpectedVersion, MemoryStore, Metadata, NewEvent, OrganisationId,
    Projection, ProjectionRunner, RecordedEvent, Repository, SnapshotPolicy, SnapshotStore,
};
use carers_core::projections::SafeguardingTrends;
use chrono::NaiveDate;
use serde::Serialize;
use support::*;
use uuid::Uuid;

/// The marker dates: a personal date in clear shows as one of these.
const CARER_BORN: &str = "1903-04-05";
const CARED_FOR_BORN: &str = "1904-05-06";

fn m(what: &str) -> Personal<String> {
    Personal::new(format!("MARKER-{what}"))
}

fn marker_date(iso: &str) -> Personal<NaiveDate> {
    Personal::new(iso.parse().expect("a marker date"))
}

/// Every marker the fixtures below put in a personal field.
fn markers() -> Vec<String> {
    let mut all: Vec<String> = [
        "NAME",
        "CONTACT",
        "ADDRESS",
        "NOTE",
        "ETHNICITY",
        "SEX",
        "GENDER",
        "ORIENTATION",
        "DISABILITY",
        "RELIGION",
        "WORK",
        "TREATED-AS-CARER",
        "REVIVED",
        "NEEDS",
        "WISHED",
        "CARERS-FINANCES",
        "CARED-FOR-FINANCES",
        "NEED-DESCRIPTION",
        "ESCALATION",
        "DECLINED",
        "ADVICE",
        "YC-NEEDS-WISHES",
        "YC-CARE",
        "YC-RELY",
        "YC-IMPACT",
        "PC-NEEDS",
        "PC-REGARD",
        "DESIRED-OUTCOMES",
        "SHARE-WITHOUT-CONSENT",
        "S42-NOT-MET",
        "ACTION",
        "BELOW-THRESHOLD",
        "POWER-REASON",
        "OTHER-SUPPORT",
        "PLAN-ADVICE",
        "WHO-STEPS-IN",
        "ARRANGEMENTS",
        "DP-DESCRIPTION",
        "WHAT-CHANGED",
    ]
    .iter()
    .map(|w| format!("MARKER-{w}"))
    .collect();
    all.extend([CARER_BORN.to_owned(), CARED_FOR_BORN.to_owned()]);
    all
}

fn details() -> PersonalDetails {
    PersonalDetails {
        name: m("NAME"),
        date_of_birth: marker_date(CARER_BORN),
        contact: m("CONTACT"),
        address: m("ADDRESS"),
        notes: m("NOTE"),
    }
}

fn monitoring() -> EqualityMonitoring {
    EqualityMonitoring {
        ethnicity: Some(m("ETHNICITY")),
        sex: Some(m("SEX")),
        gender_identity: Some(m("GENDER")),
        sexual_orientation: Some(m("ORIENTATION")),
        disability: Some(m("DISABILITY")),
        religion: Some(m("RELIGION")),
        working_status: Some(m("WORK")),
    }
}

fn care_act_evidence() -> AssessmentEvidence {
    AssessmentEvidence {
        needs: m("NEEDS"),
        wished_outcomes: m("WISHED"),
        carers_finances: Some(m("CARERS-FINANCES")),
        cared_for_finances: Some(m("CARED-FOR-FINANCES")),
        needs_identified: vec![IdentifiedNeed {
            area: NeedArea::Health,
            description: m("NEED-DESCRIPTION"),
        }],
        ..evidence(eligible_needs())
    }
}

fn young_carer() -> ChildrenActEvidence {
    ChildrenActEvidence::YoungCarer(YoungCarerEvidence {
        needs_for_support: true,
        needs_and_wishes: m("YC-NEEDS-WISHES"),
        appropriate_to_care: true,
        amount_nature_and_type_of_care: m("YC-CARE"),
        extent_others_rely_on_it: m("YC-RELY"),
        excessive_or_inappropriate_tasks: false,
        impact_on_education_wellbeing_and_development: m("YC-IMPACT"),
    })
}

fn parent_carer() -> ChildrenActEvidence {
    ChildrenActEvidence::ParentCarer(ParentCarerEvidence {
        needs_for_support: true,
        needs: m("PC-NEEDS"),
        regard_to_wellbeing_and_child_welfare: m("PC-REGARD"),
    })
}

fn concern() -> ConcernDetails {
    ConcernDetails {
        desired_outcomes: m("DESIRED-OUTCOMES"),
        sharing: SharingBasis::WithoutConsent(m("SHARE-WITHOUT-CONSENT")),
        ..concern_details(PersonAtRisk::Carer, false)
    }
}

fn plan_items() -> Vec<PlannedSupport> {
    vec![
        item(
            NeedArea::Health,
            SupportMethod::Other(m("OTHER-SUPPORT")),
            10_000,
            0,
        ),
        support(SupportMethod::Counselling),
    ]
}

fn contingency_plan() -> ContingencyPlan {
    ContingencyPlan {
        who_steps_in: m("WHO-STEPS-IN"),
        arrangements: m("ARRANGEMENTS"),
    }
}

fn plan_review() -> Review {
    Review {
        what_changed: m("WHAT-CHANGED"),
        ..revise(plan_items())
    }
}

fn direct_payment() -> DirectPayment {
    DirectPayment {
        conditions: dp_conditions(),
        pays_for: BTreeSet::from([0]),
        amount: Pence(5_000),
        uses: vec![DirectPaymentUse::Break],
        description: m("DP-DESCRIPTION"),
        frequency: PaymentFrequency::EveryWeeks(4),
        payments: Vec::new(),
        status: DirectPaymentStatus::Agreed,
        review_due: None,
        reviews: Vec::new(),
    }
}

struct Ids {
    carer: CarerId,
    mother: CaredForId,
    care_act: AssessmentId,
    young: AssessmentId,
    parent: AssessmentId,
    concern: ConcernId,
    below: ConcernId,
    action: ActionId,
    plan: PlanId,
    payment: DirectPaymentId,
}

fn ids() -> Ids {
    Ids {
        carer: CarerId::new(),
        mother: CaredForId::new(),
        care_act: AssessmentId::new(),
        young: AssessmentId::new(),
        parent: AssessmentId::new(),
        concern: ConcernId::new(),
        below: ConcernId::new(),
        action: ActionId::new(),
        plan: PlanId::new(),
        payment: DirectPaymentId::new(),
    }
}

/// A history that puts every marker in the case's state.
fn history(ids: &Ids) -> Vec<CaseEvent> {
    let today = now().date_naive();
    let org = |name: &str| OrganisationId(name.into());
    let mut mother = role(
        ids.mother,
        CaredForAge::OlderAdult,
        Relationship::Child,
        CareBasis::Unpaid,
    );
    mother.cared_for_born = marker_date(CARED_FOR_BORN);
    vec![
        CaseEvent::CarerIdentified {
            carer: ids.carer,
            details: details(),
            source: IdentificationSource::Gp,
            on: today,
        },
        CaseEvent::ConsentRecorded {
            purpose: ConsentPurpose::HoldData,
            given: true,
            on: today,
        },
        CaseEvent::EqualityMonitoringRecorded {
            monitoring: monitoring(),
        },
        CaseEvent::CaringRoleAdded { role: mother },
        CaseEvent::TreatedAsCarer {
            cared_for: ids.mother,
            reason: m("TREATED-AS-CARER"),
        },
        CaseEvent::AssessmentDutyRevived {
            duty: Duty::CarersAssessment,
            ground: Revival::NeedsOrCircumstancesChanged,
            reason: m("REVIVED"),
            on: today,
        },
        requested(ids.care_act, AssessmentKind::CarersAssessment, ids.mother),
        started(ids.care_act),
        evidence_recorded(ids.care_act, care_act_evidence()),
        CaseEvent::AssessmentEscalated {
            assessment: ids.care_act,
            escalation: Escalation {
                reason: m("ESCALATION"),
                to: org("adult-social-care"),
            },
            by: org("carers-hub"),
        },
        CaseEvent::EscalationDeclined {
            assessment: ids.care_act,
            by: org("adult-social-care"),
            reasons: m("DECLINED"),
        },
        CaseEvent::AssessmentCompleted {
            assessment: ids.care_act,
            result: AssessmentResult::Determination(determine(&eligible_needs())),
            needs: Vec::new(),
            on: today,
        },
        CaseEvent::InformationAndAdviceRecorded {
            assessment: ids.care_act,
            advice: m("ADVICE"),
        },
        requested(
            ids.young,
            AssessmentKind::YoungCarersNeedsAssessment,
            ids.mother,
        ),
        started(ids.young),
        CaseEvent::ChildrenActEvidenceRecorded {
            assessment: ids.young,
            evidence: Box::new(young_carer()),
        },
        requested(
            ids.parent,
            AssessmentKind::ParentCarersNeedsAssessment,
            ids.mother,
        ),
        started(ids.parent),
        CaseEvent::ChildrenActEvidenceRecorded {
            assessment: ids.parent,
            evidence: Box::new(parent_carer()),
        },
        CaseEvent::ConcernRaised {
            concern: ids.concern,
            details: concern(),
            at_risk_is_child: false,
            by: org("carers-hub"),
            at: now(),
        },
        CaseEvent::ConcernReferred {
            concern: ids.concern,
            to: Agency::AdultSocialCare,
            at: now(),
        },
        CaseEvent::InformationShared {
            concern: ids.concern,
            with: org("gp-surgery"),
            basis: SharingBasis::WithoutConsent(m("SHARE-WITHOUT-CONSENT")),
        },
        CaseEvent::S42Decided {
            concern: ids.concern,
            conditions: S42Conditions::default(),
            outcome: S42Outcome::DutyNotMet(m("S42-NOT-MET")),
        },
        CaseEvent::SafeguardingActionAgreed {
            concern: ids.concern,
            action: SafeguardingAction {
                id: ids.action,
                owner: org("carers-hub"),
                description: m("ACTION"),
                due: today,
                completed: None,
            },
        },
        CaseEvent::ConcernRaised {
            concern: ids.below,
            details: concern(),
            at_risk_is_child: false,
            by: org("carers-hub"),
            at: now(),
        },
        CaseEvent::ConcernClosedBelowThreshold {
            concern: ids.below,
            outcome: BelowThreshold::AdviceGiven,
            reason: m("BELOW-THRESHOLD"),
            on: today,
        },
        CaseEvent::PlanAgreed {
            plan: ids.plan,
            details: Box::new(SupportPlan {
                basis: PlanBasis::PowerToMeetOtherNeeds {
                    assessment: ids.care_act,
                    reason: m("POWER-REASON"),
                },
                support: plan_support(plan_items()),
                matters: matters(),
                advice: m("PLAN-ADVICE"),
                involvement: involvement(),
                contingency: contingency_plan(),
                direct_payments: Vec::new(),
                agreed_on: today,
                copy_given: None,
                review_due: today,
                reviews: Vec::new(),
                status: PlanStatus::Active,
            }),
        },
        CaseEvent::DirectPaymentAgreed {
            plan: ids.plan,
            payment: ids.payment,
            details: direct_payment(),
        },
        CaseEvent::PlanReviewed {
            plan: ids.plan,
            review: Box::new(plan_review()),
            next_review_due: None,
        },
    ]
}

/// Every command that carries personal data, with markers in it.
fn commands(ids: &Ids) -> Vec<CaseCommand> {
    let org = OrganisationId("adult-social-care".into());
    vec![
        CaseCommand::IdentifyCarer {
            carer: ids.carer,
            details: details(),
            source: IdentificationSource::Gp,
            lawful_basis: LawfulBasis::Consent,
            consent_to_hold_data: true,
        },
        CaseCommand::RecordEqualityMonitoring {
            monitoring: monitoring(),
            consent_given: true,
        },
        CaseCommand::AddCaringRole(NewCaringRole {
            cared_for: ids.mother,
            cared_for_born: marker_date(CARED_FOR_BORN),
            relationship: Relationship::Child,
            parental_responsibility: false,
            conditions: vec![ConditionCategory::Dementia],
            hours: HoursBand::From50,
            lives_with_carer: true,
            basis: CareBasis::Unpaid,
            stage: Stage::LivingAsACarer,
        }),
        CaseCommand::TreatAsCarer {
            cared_for: ids.mother,
            reason: m("TREATED-AS-CARER"),
        },
        CaseCommand::ReviveAssessmentDuty {
            duty: Duty::CarersAssessment,
            reason: m("REVIVED"),
        },
        CaseCommand::RecordEvidence {
            assessment: ids.care_act,
            evidence: Box::new(care_act_evidence()),
        },
        CaseCommand::RecordChildrenActEvidence {
            assessment: ids.young,
            evidence: Box::new(young_carer()),
        },
        CaseCommand::RecordChildrenActEvidence {
            assessment: ids.parent,
            evidence: Box::new(parent_carer()),
        },
        CaseCommand::EscalateAsComplex {
            assessment: ids.care_act,
            escalation: Escalation {
                reason: m("ESCALATION"),
                to: org.clone(),
            },
        },
        CaseCommand::DeclineEscalation {
            assessment: ids.care_act,
            reasons: m("DECLINED"),
        },
        CaseCommand::RecordInformationAndAdvice {
            assessment: ids.care_act,
            advice: m("ADVICE"),
        },
        CaseCommand::RaiseConcern {
            concern: ids.concern,
            details: concern(),
        },
        CaseCommand::ShareInformation {
            concern: ids.concern,
            with: org.clone(),
            basis: SharingBasis::WithoutConsent(m("SHARE-WITHOUT-CONSENT")),
        },
        CaseCommand::DecideS42 {
            concern: ids.concern,
            conditions: S42Conditions::default(),
            outcome: S42Outcome::DutyNotMet(m("S42-NOT-MET")),
        },
        CaseCommand::AgreeAction {
            concern: ids.concern,
            action: ids.action,
            owner: org,
            description: m("ACTION"),
            due: now().date_naive(),
        },
        CaseCommand::CloseBelowThreshold {
            concern: ids.below,
            outcome: BelowThreshold::AdviceGiven,
            reason: m("BELOW-THRESHOLD"),
        },
        CaseCommand::AgreePlan {
            plan: ids.plan,
            basis: PlanBasis::PowerToMeetOtherNeeds {
                assessment: ids.care_act,
                reason: m("POWER-REASON"),
            },
            support: plan_support(plan_items()),
            matters: matters(),
            advice: m("PLAN-ADVICE"),
            involvement: involvement(),
            contingency: contingency_plan(),
        },
        CaseCommand::AgreeDirectPayment {
            plan: ids.plan,
            payment: ids.payment,
            conditions: dp_conditions(),
            items: BTreeSet::from([0]),
            amount: Pence(5_000),
            uses: vec![DirectPaymentUse::Break],
            description: m("DP-DESCRIPTION"),
            frequency: PaymentFrequency::EveryWeeks(4),
        },
        CaseCommand::ReviewPlan {
            plan: ids.plan,
            review: plan_review(),
        },
    ]
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("serialises")
}

fn assert_no_marker(what: &str, shown: &str) {
    for marker in markers() {
        assert!(
            !shown.contains(&marker),
            "{what} shows {marker} by default: {shown}"
        );
    }
}

fn assert_every_marker(what: &str, shown: &str) {
    for marker in markers() {
        assert!(shown.contains(&marker), "{what} lost {marker}");
    }
}

/// Markers the case's state does not keep (only its events do).
const NOT_IN_STATE: [&str; 1] = ["MARKER-REVIVED"];

fn assert_every_marker_of_the_state(what: &str, shown: &str) {
    for marker in markers() {
        if !NOT_IN_STATE.contains(&marker.as_str()) {
            assert!(shown.contains(&marker), "{what} lost {marker}");
        }
    }
}

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

fn stored(repo: &Repository<CarerCase, MemoryStore>, event: &CaseEvent) -> NewEvent {
    let encoded = repo.codec().encode(event).expect("encodes");
    NewEvent {
        event_id: Uuid::now_v7(),
        event_type: encoded.event_type.into(),
        schema_version: encoded.schema_version,
        payload: encoded.payload,
        recorded_at: now(),
        metadata: Metadata::from_context(&hub(), Uuid::now_v7()),
    }
}

#[test]
fn events_and_snapshots_keep_every_personal_value_through_a_repository() {
    let ids = ids();
    let history = history(&ids);
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
        .with_snapshots(SnapshotPolicy::EveryNEvents(1));
    let stream = ids.carer.stream();
    let events: Vec<NewEvent> = history.iter().map(|e| stored(&repo, e)).collect();
    repo.store()
        .append(&stream, ExpectedVersion::NoStream, events, None)
        .unwrap();

    // The stored payloads hold the values in clear.
    let recorded = repo.store().read_stream(&stream, 1, 1000).unwrap();
    let payloads: String = recorded
        .iter()
        .map(|e| String::from_utf8_lossy(&e.payload).into_owned())
        .collect();
    assert_every_marker("the stored events", &payloads);
    assert!(!payloads.contains(REDACTED));

    // Decoding gives the same events and the same state.
    let decoded: Vec<CaseEvent> = recorded.iter().map(|e| repo.decode(e).unwrap()).collect();
    assert_eq!(decoded, history);
    let expected = CarerCase::replay(&history);
    assert_eq!(repo.load(&stream).unwrap().state, expected);

    // A command through the repository saves a snapshot in the stored form...
    let command = CaseCommand::RecordConsent {
        purpose: ConsentPurpose::ShareWith(PartnerId::new()),
        given: true,
    };
    let done = repo.execute(&stream, &command, &hub(), None).unwrap();
    assert!(done.snapshot_error.is_none());
    let snapshot = repo.store().load_snapshot(&stream).unwrap().expect("saved");
    let snapshot_text = String::from_utf8_lossy(&snapshot.state);
    assert_every_marker_of_the_state("the snapshot", &snapshot_text);
    assert!(!snapshot_text.contains(REDACTED));
    let from_snapshot: CarerCase = stored_form(|| serde_json::from_slice(&snapshot.state)).unwrap();
    assert_eq!(from_snapshot, done.state);
    // ...and a load from it keeps every value.
    let loaded = repo.load(&stream).unwrap();
    assert_eq!(loaded.state, done.state);
    let identity = loaded.state.identity.expect("identified");
    assert_eq!(identity.details.name.reveal(), "MARKER-NAME");
    assert_eq!(
        identity.details.date_of_birth.reveal().to_string(),
        CARER_BORN
    );
    // The state the repository returns still serialises redacted.
    assert_no_marker("the executed state", &json(&done.state));
    assert_no_marker("the executed events", &json(&done.events));
}

#[test]
fn the_safeguarding_trends_read_model_holds_no_personal_data() {
    let ids = ids();
    let history = history(&ids);
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new());
    let stream = ids.carer.stream();
    let events: Vec<NewEvent> = history.iter().map(|e| stored(&repo, e)).collect();
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
        .map(|r| r.cared_for_born.reveal().to_string());
    assert_eq!(born.as_deref(), Some(CARED_FOR_BORN));
}

#[test]
fn recorded_events_withhold_their_payload_unless_stored_or_revealed() {
    let ids = ids();
    let history = history(&ids);
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new());
    let stream = ids.carer.stream();
    let events: Vec<NewEvent> = history.iter().map(|e| stored(&repo, e)).collect();
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

    // Revealed, the payload is the JSON it is (not an array of byte values), and
    // it reads back to the same events.
    let clear = revealed(|| json(&recorded));
    assert_every_marker("the revealed recorded events", &clear);
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
