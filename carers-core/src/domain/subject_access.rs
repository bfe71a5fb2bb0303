//! The right of access (UK GDPR art. 15): everything held about a carer as one
//! JSON document, for a subject access request.
//!
//! Each event is given in plain words with its time, version and the actor who
//! recorded it, and its data in clear, except data about third parties, which is
//! withheld (Data Protection Act 2018 Sch. 2 Part 3 para. 16): the cared-for
//! person's date of birth on a caring role, an emergency plan's arrangements and
//! the replacement care arranged when it is activated (the cared-for person's
//! needs, and whoever steps in), and every record of a safeguarding concern about
//! a cared-for person or alleging that the carer caused harm (which hold the
//! person at risk's data, and may identify who raised it). The current
//! state follows, withheld in the same way. Pure: give it what
//! [`Repository::timeline`](crate::es::Repository::timeline) and
//! [`Repository::read`](crate::es::Repository::read) (with
//! `ReadPurpose::SubjectAccess`, so the export is audited) return.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::case::CarerCase;
use super::contact::ContactPurpose;
use super::event::CaseEvent;
use super::ids::{ConcernId, ContactId};
use super::personal::revealed;
use super::safeguarding::PersonAtRisk;
use crate::es::TimelineEntry;

/// What replaces withheld third-party data in the export.
pub const WITHHELD_THIRD_PARTY: &str =
    "withheld: data about another person (DPA 2018 Sch. 2 Part 3 para. 16)";

/// The export of everything held about the carer whose case `state` is, from its
/// `timeline`.
///
/// ```
/// # use carers_core::es::*;
/// # use carers_core::domain::*;
/// # let ctx = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap());
/// # let details = PersonalDetails {
/// #     name: Personal::new("A Carer".into()),
/// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
/// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
/// # };
/// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
/// let carer = CarerId::new();
/// repo.execute(&carer.stream(), &CaseCommand::IdentifyCarer {
///     carer, details, source: IdentificationSource::Gp,
///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
/// }, &ctx, None)?;
/// let stream = carer.stream();
/// // Read through the checked, audited reads, so the export is on the record too.
/// let state = repo.read(&stream, &ctx, ReadPurpose::SubjectAccess)?.state;
/// let timeline = repo.read_timeline(&stream, &ctx, ReadPurpose::SubjectAccess)?;
/// let export = subject_access::export(&timeline, &state);
/// let manager = Context::new(Actor::new("staff-2", "carers-hub", "manager"), ctx.now);
/// assert_eq!(repo.reads_of(&stream, &manager)?[0].purpose, ReadPurpose::SubjectAccess);
/// assert_eq!(export["records"][0]["what"], "The carer was identified as a carer.");
/// assert_eq!(export["records"][0]["data"]["CarerIdentified"]["details"]["name"], "A Carer");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn export(timeline: &[TimelineEntry<CaseEvent>], state: &CarerCase) -> Value {
    let third_party = third_party_concerns(state);
    let records: Vec<Value> = timeline
        .iter()
        .map(|entry| {
            let withheld = is_third_party(&entry.event, &third_party)
                || is_safeguarding_contact(&entry.event, state);
            let data = if withheld {
                json!(WITHHELD_THIRD_PARTY)
            } else {
                let mut data = revealed(|| serde_json::to_value(&entry.event))
                    .unwrap_or_else(|_| json!("this record could not be written out"));
                withhold_fields(&entry.event, &mut data);
                data
            };
            json!({
                "what": describe(&entry.event),
                "recorded_at": entry.recorded_at,
                "version": entry.version,
                "recorded_by": {
                    "organisation": entry.actor.organisation.0,
                    "role": entry.actor.role.0,
                    "id": entry.actor.id.0,
                },
                "data": data,
            })
        })
        .collect();
    json!({
        "about": state.carer(),
        "records": records,
        "now": current_state(state, &third_party),
    })
}

/// Withholds, within a record the carer sees, the fields that are another
/// person's: an emergency plan's arrangements (the cared-for person's needs,
/// whoever steps in) and the replacement care arranged when it is activated. The
/// rest (when, why, the card) is the carer's own.
fn withhold_fields(event: &CaseEvent, data: &mut Value) {
    let (variant, field) = match event {
        CaseEvent::EmergencyPlanRegistered { .. } => {
            (CaseEvent::EMERGENCY_PLAN_REGISTERED, "arrangements")
        }
        CaseEvent::EmergencyPlanReviewed {
            arrangements: Some(_),
            ..
        } => (CaseEvent::EMERGENCY_PLAN_REVIEWED, "arrangements"),
        CaseEvent::EmergencyPlanActivated { .. } => {
            (CaseEvent::EMERGENCY_PLAN_ACTIVATED, "replacement_care")
        }
        // A cared-for person's date of birth, corrected, is still theirs.
        CaseEvent::RecordCorrected {
            correction: super::correction::Correction::CaredForDateOfBirth { .. },
            ..
        } => {
            if let Some(born) = data
                .get_mut(CaseEvent::RECORD_CORRECTED)
                .and_then(|v| v.get_mut("correction"))
                .and_then(|c| c.get_mut("CaredForDateOfBirth"))
                .and_then(|c| c.get_mut("born"))
            {
                *born = json!(WITHHELD_THIRD_PARTY);
            }
            return;
        }
        _ => return,
    };
    if let Some(held) = data.get_mut(variant).and_then(|v| v.get_mut(field)) {
        *held = json!(WITHHELD_THIRD_PARTY);
    }
}

/// The concerns that hold a third party's data: about a cared-for person, or
/// alleging that the carer caused harm.
fn third_party_concerns(state: &CarerCase) -> BTreeSet<ConcernId> {
    state
        .safeguarding
        .concerns()
        .iter()
        .filter(|(_, c)| {
            matches!(c.details.person_at_risk, PersonAtRisk::CaredFor(_))
                || c.details.carer_alleged_to_cause_harm
        })
        .map(|(id, _)| *id)
        .collect()
}

/// A contact made for a safeguarding matter, or a note about one: it may hold
/// what a concern holds of others (a cared-for person, an informant), so it is
/// withheld by the same rule as third-party concerns.
fn is_safeguarding_contact(event: &CaseEvent, state: &CarerCase) -> bool {
    let safeguarding = |id: &ContactId| {
        state
            .contacts
            .get(*id)
            .is_some_and(|c| c.purpose == ContactPurpose::Safeguarding)
    };
    use super::correction::Correction;
    match event {
        CaseEvent::ContactRecorded { purpose, .. } => *purpose == ContactPurpose::Safeguarding,
        CaseEvent::NoteAdded { about, .. } => about.as_ref().is_some_and(safeguarding),
        CaseEvent::RecordCorrected {
            correction:
                Correction::ContactDay { contact, .. } | Correction::ContactOutcome { contact, .. },
            ..
        } => safeguarding(contact),
        _ => false,
    }
}

fn is_third_party(event: &CaseEvent, concerns: &BTreeSet<ConcernId>) -> bool {
    use CaseEvent as E;
    match event {
        // The cared-for person's date of birth: theirs, not the carer's (Sch. 2
        // Part 3 para. 16). Emergency plans keep the carer's part: see
        // `withhold_fields`.
        E::CaringRoleAdded { .. } => true,
        E::ConcernRaised { concern, .. }
        | E::ConcernReferred { concern, .. }
        | E::InformationShared { concern, .. }
        | E::S42Decided { concern, .. }
        | E::SafeguardingActionAgreed { concern, .. }
        | E::SafeguardingActionCompleted { concern, .. }
        | E::ConcernClosed { concern, .. }
        | E::ConcernClosedBelowThreshold { concern, .. }
        | E::StrategyMeetingRecorded { concern, .. } => concerns.contains(concern),
        _ => false,
    }
}

/// The state in clear, with the cared-for people's dates of birth, the
/// third-party concerns and safeguarding contacts, and the emergency plans'
/// arrangements and replacement care withheld.
fn current_state(state: &CarerCase, concerns: &BTreeSet<ConcernId>) -> Value {
    let mut now = revealed(|| serde_json::to_value(state)).unwrap_or(Value::Null);
    if let Some(roles) = now.get_mut("roles").and_then(Value::as_array_mut) {
        for role in roles {
            role["cared_for_born"] = json!(WITHHELD_THIRD_PARTY);
        }
    }
    let safeguarding_contacts: BTreeSet<ContactId> = state
        .contacts
        .list
        .iter()
        .filter(|(_, c)| c.purpose == ContactPurpose::Safeguarding)
        .map(|(id, _)| *id)
        .collect();
    if let Some(contacts) = now.get_mut("contacts") {
        for id in &safeguarding_contacts {
            if let Some(contact) = contacts
                .get_mut("list")
                .and_then(|l| l.get_mut(id.0.to_string()))
            {
                *contact = json!(WITHHELD_THIRD_PARTY);
            }
        }
        for (id, note) in &state.contacts.notes {
            if note
                .about
                .is_some_and(|c| safeguarding_contacts.contains(&c))
                && let Some(held) = contacts
                    .get_mut("notes")
                    .and_then(|n| n.get_mut(id.0.to_string()))
            {
                *held = json!(WITHHELD_THIRD_PARTY);
            }
        }
    }
    // An emergency plan's arrangements and the care arranged in an emergency
    // are about the person cared for and whoever steps in; the card is the carer's.
    if let Some(plans) = now
        .get_mut("emergency_plans")
        .and_then(|p| p.get_mut("list"))
        .and_then(Value::as_object_mut)
    {
        for plan in plans.values_mut() {
            plan["arrangements"] = json!(WITHHELD_THIRD_PARTY);
            if let Some(activations) = plan.get_mut("activations").and_then(Value::as_array_mut) {
                for activation in activations {
                    activation["replacement_care"] = json!(WITHHELD_THIRD_PARTY);
                }
            }
        }
    }
    if let Some(held) = now.get_mut("safeguarding").and_then(Value::as_object_mut) {
        for id in concerns {
            if let Some(concern) = held.get_mut(&id.0.to_string()) {
                *concern = json!(WITHHELD_THIRD_PARTY);
            }
        }
    }
    now
}

/// The record in plain words.
pub fn describe(event: &CaseEvent) -> &'static str {
    use CaseEvent as E;
    match event {
        E::CarerIdentified { .. } => "The carer was identified as a carer.",
        E::ConsentRecorded { .. } => "The carer gave or withdrew a consent.",
        E::EqualityMonitoringRecorded { .. } => {
            "The carer's equality monitoring answers were recorded."
        }
        E::LawfulBasisRecorded { .. } => {
            "The lawful basis for holding the carer's data was recorded."
        }
        E::EqualityMonitoringRemoved { .. } => {
            "The carer's equality monitoring answers were removed."
        }
        E::CaringRoleAdded { .. } => "A person the carer cares for was recorded.",
        E::TreatedAsCarer { .. } => {
            "The carer was treated as a carer although the care is not unpaid (Care Act s.10(10))."
        }
        E::StageChanged { .. } => "The stage of the carer's caring journey changed.",
        E::MovedOnFromCaring { .. } => "The carer moved on from caring for a person.",
        E::AssessmentRequested { .. } => "An assessment was requested or offered.",
        E::AssessmentRefused { .. } => "The carer refused an assessment.",
        E::AssessmentDutyRevived { .. } => {
            "The duty to assess the carer was revived because their circumstances changed."
        }
        E::AssessmentStarted { .. } => "An assessment was started.",
        E::AssessmentEvidenceRecorded { .. } => "What the assessment found was recorded.",
        E::ChildrenActEvidenceRecorded { .. } => {
            "What the Children Act assessment found was recorded."
        }
        E::AssessmentEscalated { .. } => {
            "The assessment was passed to another organisation as complex."
        }
        E::EscalationAccepted { .. } => "The other organisation took the assessment on.",
        E::EscalationDeclined { .. } => "The other organisation declined the assessment.",
        E::AssessmentCompleted { .. } => "The assessment was completed, with its result.",
        E::InformationAndAdviceRecorded { .. } => "The information and advice given were recorded.",
        E::WrittenRecordGiven { .. } => "The carer was given the written record of the assessment.",
        E::AssessmentClosed { .. } => "The assessment was closed.",
        E::TransitionDecidedAt18 { .. } => {
            "At 18, it was decided whether the transition assessment counts as a carer's assessment."
        }
        E::ConcernRaised { .. } => "A safeguarding concern was raised.",
        E::ConcernReferred { .. } => "The safeguarding concern was referred.",
        E::InformationShared { .. } => {
            "Information about the concern was shared with another organisation."
        }
        E::S42Decided { .. } => {
            "It was decided whether a safeguarding enquiry (Care Act s.42) is needed."
        }
        E::SafeguardingActionAgreed { .. } => "An action on the concern was agreed.",
        E::SafeguardingActionCompleted { .. } => "An action on the concern was completed.",
        E::ConcernClosed { .. } => "The safeguarding concern was closed.",
        E::ConcernClosedBelowThreshold { .. } => {
            "The concern was closed as below the threshold for a referral."
        }
        E::StrategyMeetingRecorded { .. } => "A strategy meeting on the concern was held.",
        E::PlanAgreed { .. } => "A support plan was agreed.",
        E::DirectPaymentAgreed { .. } => "A direct payment was agreed.",
        E::DirectPaymentMade { .. } => "A direct payment was made.",
        E::DirectPaymentUseChecked { .. } => "The use of a direct payment was checked.",
        E::ReviewDue { .. } => "A review of the support plan became due.",
        E::PlanReviewed { .. } => "The support plan was reviewed.",
        E::PlanCopyGiven { .. } => "The carer was given a copy of the support plan.",
        E::DirectPaymentReviewed { .. } => "A direct payment was reviewed.",
        E::PersonalDataErased { .. } => "The carer's personal data was erased.",
        E::ContactRecorded { .. } => "A contact with the carer was recorded.",
        E::ServiceDelivered { .. } => "A service delivered to the carer was recorded.",
        E::NoteAdded { .. } => "A note was added to the carer's case.",
        E::EmergencyPlanRegistered { .. } => "An emergency plan was registered.",
        E::EmergencyCardIssued { .. } => "The carer was issued an emergency card.",
        E::EmergencyPlanReviewed { .. } => "An emergency plan was reviewed.",
        E::EmergencyPlanActivated { .. } => "An emergency plan was activated.",
        E::EmergencyActivationEnded { .. } => {
            "The emergency an emergency plan was activated for ended."
        }
        E::ReferralReceived { .. } => "A referral of the carer was received.",
        E::ReferralMade { .. } => "The carer was referred to another organisation.",
        E::ReferralAnswered { .. } => "A referral was acknowledged, accepted or declined.",
        E::CaseAllocated { .. } => "The case was allocated to a worker.",
        E::CaseUnallocated { .. } => "The case was unallocated.",
        E::CircumstancesChanged { .. } => "A change in a caring role's circumstances was recorded.",
        E::ContactDetailsChanged { .. } => "The carer's contact details were changed.",
        E::WaitingListJoined { .. } => "The carer joined a waiting list.",
        E::PlaceOffered { .. } => "The carer was offered a place from a waiting list.",
        E::PlaceTaken { .. } => "The carer took a place from a waiting list.",
        E::WaitingListLeft { .. } => "The carer left a waiting list.",
        E::RecordCorrected { .. } => "A mistaken record was corrected.",
        E::CaseSuperseded { .. } => {
            "The case was found to be a duplicate and superseded by another case."
        }
        E::DuplicateLinked { .. } => "A duplicate case of the carer was linked to this case.",
        E::RetentionDecided { .. } => {
            "It was decided to keep the carer's record for longer, with the reason."
        }
    }
}
