//! Fixtures with a marker string (or marker date) in every personal field: a
//! marker found in output is personal data shown in clear. Shared by the privacy
//! and tracing tests (separate binaries: tracing's global subscriber wants one).
#![allow(dead_code)]

use std::collections::BTreeSet;

use carers_core::domain::*;
use carers_core::es::OrganisationId;
use chrono::NaiveDate;
use serde::Serialize;

use crate::support::*;

/// The marker dates: a personal date in clear shows as one of these.
pub const CARER_BORN: &str = "1903-04-05";
pub const CARED_FOR_BORN: &str = "1904-05-06";

pub fn m(what: &str) -> Personal<String> {
    Personal::new(format!("MARKER-{what}"))
}

pub fn marker_date(iso: &str) -> Personal<NaiveDate> {
    Personal::new(iso.parse().expect("a marker date"))
}

/// Every marker the fixtures below put in a personal field.
pub fn markers() -> Vec<String> {
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
        "CONTACT-OUTCOME",
        "CASE-NOTE",
        "CARD-NUMBER",
        "EP-STEPS-IN",
        "EP-NEEDS",
        "EP-CALL",
        "EP-CARD",
        "EP-REPLACEMENT",
        "REFERRAL-IN",
        "REFERRAL-OUT",
        "REFERRAL-DECLINED",
        "CHANGE-REASON",
        "NEW-ADDRESS",
        "DETAILS-REASON",
        "MISTAKEN-OUTCOME",
        "CORRECTED-OUTCOME",
        "CORRECTION-REASON",
    ]
    .iter()
    .map(|w| format!("MARKER-{w}"))
    .collect();
    all.extend([CARER_BORN.to_owned(), CARED_FOR_BORN.to_owned()]);
    all
}

pub fn details() -> PersonalDetails {
    PersonalDetails {
        name: m("NAME"),
        date_of_birth: marker_date(CARER_BORN),
        contact: m("CONTACT"),
        address: m("ADDRESS"),
        notes: m("NOTE"),
    }
}

pub fn monitoring() -> EqualityMonitoring {
    // The coded answers are sealed like any other (no marker can sit in a
    // code); the answers in the carer's own words carry the markers.
    EqualityMonitoring {
        ethnic_group: Some(Personal::new(EthnicGroup::Other)),
        sex: Some(Personal::new(Sex::Female)),
        gender_identity: Some(Personal::new(GenderIdentity::PreferNotToSay)),
        sexual_orientation: Some(Personal::new(SexualOrientation::Bisexual)),
        disability: Some(Personal::new(Disability::LimitedALot)),
        religion: Some(Personal::new(Religion::Sikh)),
        working_status: Some(Personal::new(WorkingStatus::Retired)),
        in_own_words: Some(Box::new(AnswersInOwnWords {
            ethnicity: Some(m("ETHNICITY")),
            sex: Some(m("SEX")),
            gender_identity: Some(m("GENDER")),
            sexual_orientation: Some(m("ORIENTATION")),
            disability: Some(m("DISABILITY")),
            religion: Some(m("RELIGION")),
            working_status: Some(m("WORK")),
        })),
    }
}

pub fn care_act_evidence() -> AssessmentEvidence {
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

pub fn young_carer() -> ChildrenActEvidence {
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

pub fn parent_carer() -> ChildrenActEvidence {
    ChildrenActEvidence::ParentCarer(ParentCarerEvidence {
        needs_for_support: true,
        needs: m("PC-NEEDS"),
        regard_to_wellbeing_and_child_welfare: m("PC-REGARD"),
    })
}

pub fn concern() -> ConcernDetails {
    ConcernDetails {
        desired_outcomes: m("DESIRED-OUTCOMES"),
        sharing: SharingBasis::WithoutConsent(m("SHARE-WITHOUT-CONSENT")),
        ..concern_details(PersonAtRisk::Carer, false)
    }
}

pub fn plan_items() -> Vec<PlannedSupport> {
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

pub fn contingency_plan() -> ContingencyPlan {
    ContingencyPlan {
        who_steps_in: m("WHO-STEPS-IN"),
        arrangements: m("ARRANGEMENTS"),
    }
}

pub fn plan_review() -> Review {
    Review {
        what_changed: m("WHAT-CHANGED"),
        ..revise(plan_items())
    }
}

pub fn direct_payment() -> DirectPayment {
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

pub struct Ids {
    pub carer: CarerId,
    pub mother: CaredForId,
    pub care_act: AssessmentId,
    pub young: AssessmentId,
    pub parent: AssessmentId,
    pub concern: ConcernId,
    pub below: ConcernId,
    pub action: ActionId,
    pub plan: PlanId,
    pub payment: DirectPaymentId,
    pub contact: ContactId,
    pub later_contact: ContactId,
    pub note: NoteId,
    pub service: ServiceId,
    pub emergency: EmergencyPlanId,
    pub referral_in: ReferralId,
    pub referral_out: ReferralId,
    pub mistaken_contact: ContactId,
}

pub fn ids() -> Ids {
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
        contact: ContactId::new(),
        later_contact: ContactId::new(),
        note: NoteId::new(),
        service: ServiceId::new(),
        emergency: EmergencyPlanId::new(),
        referral_in: ReferralId::new(),
        referral_out: ReferralId::new(),
        mistaken_contact: ContactId::new(),
    }
}

pub fn emergency_arrangements() -> EmergencyArrangements {
    EmergencyArrangements {
        who_steps_in: m("EP-STEPS-IN"),
        needs: m("EP-NEEDS"),
        who_to_call: m("EP-CALL"),
    }
}

/// A history that puts every marker in the case's state.
pub fn history(ids: &Ids) -> Vec<CaseEvent> {
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
        CaseEvent::ContactRecorded {
            contact: ids.contact,
            on: today,
            channel: Channel::Call,
            purpose: ContactPurpose::EmotionalSupport,
            outcome: m("CONTACT-OUTCOME"),
            by: org("carers-hub"),
        },
        CaseEvent::ServiceDelivered {
            service: ServiceId::new(),
            on: today,
            delivered: Service::CarersCard {
                number: m("CARD-NUMBER"),
            },
            plan_item: None,
            by: org("carers-hub"),
        },
        CaseEvent::NoteAdded {
            note: NoteId::new(),
            about: Some(ids.contact),
            text: m("CASE-NOTE"),
            on: today,
            by: org("carers-hub"),
        },
        CaseEvent::EmergencyPlanRegistered {
            plan: ids.emergency,
            cared_for: ids.mother,
            arrangements: emergency_arrangements(),
            on: today,
            review_due: today,
            by: org("carers-hub"),
        },
        CaseEvent::EmergencyCardIssued {
            plan: ids.emergency,
            number: m("EP-CARD"),
            on: today,
            by: org("carers-hub"),
        },
        CaseEvent::EmergencyPlanActivated {
            plan: ids.emergency,
            at: now(),
            reason: EmergencyReason::HospitalAdmission,
            replacement_care: m("EP-REPLACEMENT"),
            by: org("carers-hub"),
        },
        CaseEvent::ReferralReceived {
            referral: ids.referral_in,
            from: IdentificationSource::Pharmacy,
            referrer: Some(org("high-street-pharmacy")),
            received_on: today,
            reason: m("REFERRAL-IN"),
            by: org("carers-hub"),
        },
        CaseEvent::ReferralMade {
            referral: ids.referral_out,
            to: org("counselling-service"),
            sent_on: today,
            reason: m("REFERRAL-OUT"),
            by: org("carers-hub"),
        },
        CaseEvent::ReferralAnswered {
            referral: ids.referral_out,
            answer: ReferralAnswer::Declined(m("REFERRAL-DECLINED")),
            on: today,
        },
        CaseEvent::CircumstancesChanged {
            cared_for: ids.mother,
            change: RoleChange::Hours(HoursBand::From50),
            on: today,
            reason: m("CHANGE-REASON"),
            consequence: ChangeConsequence::ReviewPlans,
            by: org("carers-hub"),
        },
        CaseEvent::ContactDetailsChanged {
            contact: None,
            address: Some(m("NEW-ADDRESS")),
            reason: m("DETAILS-REASON"),
            on: today,
            by: org("carers-hub"),
        },
        CaseEvent::DuplicateLinked {
            duplicate: CarerId::new(),
            on: today,
        },
        CaseEvent::ContactRecorded {
            contact: ids.mistaken_contact,
            on: today,
            channel: Channel::Call,
            purpose: ContactPurpose::FollowUp,
            outcome: m("MISTAKEN-OUTCOME"),
            by: org("carers-hub"),
        },
    ]
    .into_iter()
    .collect::<Vec<_>>()
    .with_correction(ids)
}

trait WithCorrection {
    fn with_correction(self, ids: &Ids) -> Vec<CaseEvent>;
}

impl WithCorrection for Vec<CaseEvent> {
    /// The history with its last contact's outcome corrected: the correction
    /// names that contact's version.
    fn with_correction(mut self, ids: &Ids) -> Vec<CaseEvent> {
        let corrects = self.len() as u64;
        self.push(CaseEvent::RecordCorrected {
            corrects,
            correction: Correction::ContactOutcome {
                contact: ids.mistaken_contact,
                outcome: m("CORRECTED-OUTCOME"),
            },
            reason: m("CORRECTION-REASON"),
            on: now().date_naive(),
            by: OrganisationId("carers-hub".into()),
        });
        self
    }
}

/// Every command that carries personal data, with markers in it.
pub fn commands(ids: &Ids) -> Vec<CaseCommand> {
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
            cared_for_born: marker_date(CARED_FOR_BORN),
            stage: Stage::LivingAsACarer,
            ..new_role(ids.mother, date(1940, 1, 1))
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
        CaseCommand::RecordContact(NewContact {
            contact: ids.later_contact,
            on: now().date_naive(),
            channel: Channel::Visit,
            purpose: ContactPurpose::InformationAndAdvice,
            outcome: m("CONTACT-OUTCOME"),
        }),
        CaseCommand::RecordService(NewService {
            service: ids.service,
            on: now().date_naive(),
            delivered: Service::CarersCard {
                number: m("CARD-NUMBER"),
            },
            plan_item: None,
        }),
        CaseCommand::AddNote {
            note: ids.note,
            about: None,
            text: m("CASE-NOTE"),
        },
        CaseCommand::RegisterEmergencyPlan(NewEmergencyPlan {
            plan: ids.emergency,
            cared_for: ids.mother,
            arrangements: emergency_arrangements(),
        }),
        CaseCommand::IssueEmergencyCard {
            plan: ids.emergency,
            number: m("EP-CARD"),
        },
        CaseCommand::ActivateEmergencyPlan {
            plan: ids.emergency,
            at: now(),
            reason: EmergencyReason::Crisis,
            replacement_care: m("EP-REPLACEMENT"),
        },
        CaseCommand::ReceiveReferral(ReferralIn {
            referral: ids.referral_in,
            from: IdentificationSource::Pharmacy,
            referrer: None,
            received_on: now().date_naive(),
            reason: m("REFERRAL-IN"),
        }),
        CaseCommand::MakeReferral(ReferralOut {
            referral: ids.referral_out,
            to: OrganisationId("counselling-service".into()),
            sent_on: now().date_naive(),
            reason: m("REFERRAL-OUT"),
        }),
        CaseCommand::AnswerReferral {
            referral: ids.referral_out,
            answer: ReferralAnswer::Declined(m("REFERRAL-DECLINED")),
            on: now().date_naive(),
        },
        CaseCommand::ChangeCircumstances(CircumstanceChange {
            cared_for: ids.mother,
            change: RoleChange::LivesWithCarer(false),
            on: now().date_naive(),
            reason: m("CHANGE-REASON"),
            consequence: ChangeConsequence::Reassess,
        }),
        CaseCommand::ChangeContactDetails {
            contact: None,
            address: Some(m("NEW-ADDRESS")),
            reason: m("DETAILS-REASON"),
        },
        CaseCommand::RecordContact(NewContact {
            contact: ids.mistaken_contact,
            on: now().date_naive(),
            channel: Channel::Call,
            purpose: ContactPurpose::FollowUp,
            outcome: m("MISTAKEN-OUTCOME"),
        }),
        CaseCommand::CorrectRecord {
            corrects: 1,
            correction: Correction::ContactOutcome {
                contact: ids.mistaken_contact,
                outcome: m("CORRECTED-OUTCOME"),
            },
            reason: m("CORRECTION-REASON"),
        },
    ]
}

pub fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("serialises")
}

pub fn assert_no_marker(what: &str, shown: &str) {
    for marker in markers() {
        assert!(
            !shown.contains(&marker),
            "{what} shows {marker} by default: {shown}"
        );
    }
}

pub fn assert_every_marker(what: &str, shown: &str) {
    for marker in markers() {
        assert!(shown.contains(&marker), "{what} lost {marker}");
    }
}

/// Markers the case's state does not keep (only its events do).
pub const NOT_IN_STATE: [&str; 6] = [
    "MARKER-REVIVED",
    // The reasons for changes are in the events only; the new address replaces
    // the first one in the state.
    "MARKER-CHANGE-REASON",
    "MARKER-DETAILS-REASON",
    "MARKER-ADDRESS",
    // The mistaken outcome is corrected in the state; the reason is the event's.
    "MARKER-MISTAKEN-OUTCOME",
    "MARKER-CORRECTION-REASON",
];

pub fn assert_every_marker_of_the_state(what: &str, shown: &str) {
    for marker in markers() {
        if !NOT_IN_STATE.contains(&marker.as_str()) {
            assert!(shown.contains(&marker), "{what} lost {marker}");
        }
    }
}
