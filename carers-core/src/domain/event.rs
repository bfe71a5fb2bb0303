//! What is recorded on a carer's case. Each variant's name is its stored type name:
//! renaming one needs `#[serde(rename = "...")]` to keep reading history.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::es::OrganisationId;

use chrono::{DateTime, Utc};

use super::assessment::{
    AssessmentEvidence, AssessmentKind, AssessmentResult, ChildrenActEvidence, Duty, Escalation,
    NeedFinding, Revival, Route, S63Override, TransitionGrounds,
};
use super::consent::{ConsentPurpose, LawfulBasis};
use super::equality::EqualityMonitoring;
use super::ids::{ActionId, AssessmentId, CaredForId, CarerId, ConcernId, DirectPaymentId, PlanId};
use super::journey::{MovingOnOffer, MovingOnReason, Stage};
use super::money::Pence;
use super::person::{IdentificationSource, PersonalDetails};
use super::personal::Personal;
use super::role::CaringRole;
use super::safeguarding::{
    Agency, BelowThreshold, ConcernDetails, DesiredOutcomesMet, RiskOutcome, S42Conditions,
    S42Outcome, SafeguardingAction, SharingBasis,
};
use super::support_plan::{DirectPayment, Review, ReviewTrigger, SupportPlan};

/// An event on a carer's case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseEvent {
    /// A carer was identified and their case opened.
    CarerIdentified {
        /// The carer.
        carer: CarerId,
        /// Personal details.
        details: PersonalDetails,
        /// How they were identified.
        source: IdentificationSource,
        /// When.
        on: NaiveDate,
    },
    /// A consent was given or withdrawn.
    ConsentRecorded {
        /// What for.
        purpose: ConsentPurpose,
        /// Given or not.
        given: bool,
        /// When.
        on: NaiveDate,
    },
    /// Equality monitoring was recorded with consent.
    EqualityMonitoringRecorded {
        /// The answers.
        monitoring: EqualityMonitoring,
    },
    /// The lawful basis the case holds data on was recorded (UK GDPR art. 6, 9).
    LawfulBasisRecorded {
        /// The basis.
        basis: LawfulBasis,
        /// When.
        on: NaiveDate,
    },
    /// Equality monitoring held on consent was removed when consent was withdrawn.
    EqualityMonitoringRemoved {
        /// When.
        on: NaiveDate,
    },
    /// A caring role was added.
    CaringRoleAdded {
        /// The role.
        role: CaringRole,
    },
    /// The authority decided to treat the person as a carer (s.10(10)).
    TreatedAsCarer {
        /// The role's cared-for person.
        cared_for: CaredForId,
        /// Why.
        reason: Personal<String>,
    },
    /// A role moved to another stage of the journey.
    StageChanged {
        /// The role's cared-for person.
        cared_for: CaredForId,
        /// The stage before.
        from: Stage,
        /// The stage after.
        to: Stage,
        /// When.
        on: NaiveDate,
    },
    /// Caring ended for a role; the moving-on offer opened.
    MovedOnFromCaring {
        /// The role's cared-for person.
        cared_for: CaredForId,
        /// The stage before.
        from: Stage,
        /// Why.
        reason: MovingOnReason,
        /// When.
        on: NaiveDate,
        /// Bereavement support and follow-up.
        offer: MovingOnOffer,
    },
    /// An assessment was requested or offered.
    AssessmentRequested {
        /// The assessment.
        assessment: AssessmentId,
        /// Its kind.
        kind: AssessmentKind,
        /// The caring role it concerns.
        cared_for: CaredForId,
        /// Who asked.
        route: Route,
        /// A transition assessment's grounds (s.63).
        transition: Option<TransitionGrounds>,
        /// When.
        on: NaiveDate,
        /// The carer's request revived a duty ended by refusal (s.11(6)).
        duty_revived: bool,
    },
    /// The carer refused the assessment.
    AssessmentRefused {
        /// The assessment.
        assessment: AssessmentId,
        /// s.63(4): the override under which a transition assessment goes ahead
        /// despite the refusal; none when the refusal ends the duty (s.11(5)).
        overridden: Option<S63Override>,
        /// When.
        on: NaiveDate,
    },
    /// A duty ended by refusal revived (s.11(7)).
    AssessmentDutyRevived {
        /// The duty.
        duty: Duty,
        /// On what ground.
        ground: Revival,
        /// What changed.
        reason: Personal<String>,
        /// When.
        on: NaiveDate,
    },
    /// The assessment started.
    AssessmentStarted {
        /// The assessment.
        assessment: AssessmentId,
        /// When.
        on: NaiveDate,
    },
    /// Care Act evidence was recorded.
    AssessmentEvidenceRecorded {
        /// The assessment.
        assessment: AssessmentId,
        /// The evidence.
        evidence: Box<AssessmentEvidence>,
    },
    /// Children Act evidence was recorded.
    ChildrenActEvidenceRecorded {
        /// The assessment.
        assessment: AssessmentId,
        /// The evidence.
        evidence: Box<ChildrenActEvidence>,
    },
    /// The assessment was escalated as complex.
    AssessmentEscalated {
        /// The assessment.
        assessment: AssessmentId,
        /// Why.
        escalation: Escalation,
        /// The organisation that escalated it.
        by: OrganisationId,
    },
    /// The escalation was accepted.
    EscalationAccepted {
        /// The assessment.
        assessment: AssessmentId,
        /// The organisation that accepted it.
        by: OrganisationId,
    },
    /// The escalation was declined, with reasons.
    EscalationDeclined {
        /// The assessment.
        assessment: AssessmentId,
        /// The organisation that declined it.
        by: OrganisationId,
        /// Why.
        reasons: Personal<String>,
    },
    /// The assessment was completed with its result.
    AssessmentCompleted {
        /// The assessment.
        assessment: AssessmentId,
        /// The result.
        result: AssessmentResult,
        /// s.13(1): for each need identified, whether it meets the criteria.
        #[serde(default)]
        needs: Vec<NeedFinding>,
        /// When.
        on: NaiveDate,
    },
    /// Written information and advice was given (s.13(5)).
    InformationAndAdviceRecorded {
        /// The assessment.
        assessment: AssessmentId,
        /// What was given.
        advice: Personal<String>,
    },
    /// The written record was given to the carer (s.13(2)).
    WrittenRecordGiven {
        /// The assessment.
        assessment: AssessmentId,
        /// When.
        on: NaiveDate,
    },
    /// The assessment was closed.
    AssessmentClosed {
        /// The assessment.
        assessment: AssessmentId,
        /// When.
        on: NaiveDate,
    },
    /// CSSG ch. 16: at 18, the authority decided whether the transition assessment's
    /// indication is treated as a carer's assessment.
    TransitionDecidedAt18 {
        /// The transition assessment.
        assessment: AssessmentId,
        /// Treated as a carer's assessment (s.10).
        treated_as_carers_assessment: bool,
        /// When.
        on: NaiveDate,
    },
    /// A safeguarding concern was raised.
    ConcernRaised {
        /// The concern.
        concern: ConcernId,
        /// What was raised.
        details: ConcernDetails,
        /// Whether the person at risk was under 18 on the local day it was raised
        /// (derived by the case from their date of birth; the routing is judged
        /// again on the day of the referral).
        at_risk_is_child: bool,
        /// The organisation that raised it.
        by: OrganisationId,
        /// When.
        at: DateTime<Utc>,
    },
    /// The concern was referred. A concern's first referral is its lead referral; a
    /// later one is an additional referral (children in the household).
    ConcernReferred {
        /// The concern.
        concern: ConcernId,
        /// To whom.
        to: Agency,
        /// When.
        at: DateTime<Utc>,
    },
    /// Information was shared.
    InformationShared {
        /// The concern.
        concern: ConcernId,
        /// With whom.
        with: OrganisationId,
        /// On what footing.
        basis: SharingBasis,
    },
    /// The s.42 duty was decided.
    S42Decided {
        /// The concern.
        concern: ConcernId,
        /// For each limb of s.42(1), whether there was reasonable cause to suspect it.
        conditions: S42Conditions,
        /// The decision.
        outcome: S42Outcome,
    },
    /// An action was agreed.
    SafeguardingActionAgreed {
        /// The concern.
        concern: ConcernId,
        /// The action.
        action: SafeguardingAction,
    },
    /// An action was completed.
    SafeguardingActionCompleted {
        /// The concern.
        concern: ConcernId,
        /// The action.
        action: ActionId,
        /// When.
        on: NaiveDate,
    },
    /// The concern was closed.
    ConcernClosed {
        /// The concern.
        concern: ConcernId,
        /// The risk at closure.
        risk: RiskOutcome,
        /// Whether the desired outcomes were met.
        desired_outcomes: DesiredOutcomesMet,
        /// When.
        on: NaiveDate,
    },
    /// The concern was closed below the threshold for a referral, without one.
    ConcernClosedBelowThreshold {
        /// The concern.
        concern: ConcernId,
        /// Advice given, or no further action.
        outcome: BelowThreshold,
        /// Why.
        reason: Personal<String>,
        /// When (the UK local day).
        on: NaiveDate,
    },
    /// A strategy meeting was held on an adult concern.
    StrategyMeetingRecorded {
        /// The concern.
        concern: ConcernId,
        /// The UK local day it was held.
        held_on: NaiveDate,
    },
    /// A support plan was agreed.
    PlanAgreed {
        /// The plan's id.
        plan: PlanId,
        /// The plan.
        details: Box<SupportPlan>,
    },
    /// A direct payment was agreed.
    DirectPaymentAgreed {
        /// The plan.
        plan: PlanId,
        /// The payment's id.
        payment: DirectPaymentId,
        /// The payment.
        details: DirectPayment,
    },
    /// A direct payment was made.
    DirectPaymentMade {
        /// The plan.
        plan: PlanId,
        /// The payment.
        payment: DirectPaymentId,
        /// When.
        on: NaiveDate,
        /// How much.
        amount: Pence,
        /// The first review's due date, set by the first payment (absent in events
        /// recorded before reviews were kept).
        #[serde(default)]
        review_due: Option<NaiveDate>,
    },
    /// A direct payment's use was checked.
    DirectPaymentUseChecked {
        /// The plan.
        plan: PlanId,
        /// The payment.
        payment: DirectPaymentId,
        /// Evidenced, or flagged for follow-up.
        evidenced: bool,
    },
    /// A review became due before its date.
    ReviewDue {
        /// The plan.
        plan: PlanId,
        /// Due from.
        on: NaiveDate,
        /// Why.
        trigger: ReviewTrigger,
    },
    /// A plan was reviewed.
    PlanReviewed {
        /// The plan.
        plan: PlanId,
        /// The review.
        review: Box<Review>,
        /// The next review's date (none if the plan ended).
        next_review_due: Option<NaiveDate>,
    },
    /// A copy of the plan was given to the carer (s.25(9)).
    PlanCopyGiven {
        /// The plan.
        plan: PlanId,
        /// When.
        on: NaiveDate,
    },
    /// A direct payment was reviewed (Direct Payments Regulations 2014).
    DirectPaymentReviewed {
        /// The plan.
        plan: PlanId,
        /// The payment.
        payment: DirectPaymentId,
        /// When.
        on: NaiveDate,
        /// The next review's due date.
        next_review_due: NaiveDate,
    },
    /// The carer's personal data was erased (its data key is destroyed next): the
    /// case takes no more commands.
    PersonalDataErased {
        /// Why.
        basis: super::erasure::ErasureBasis,
        /// The organisation that erased it.
        by: OrganisationId,
        /// The UK local day.
        on: NaiveDate,
    },
    /// A contact with the carer was recorded.
    ContactRecorded {
        /// The contact.
        contact: super::ids::ContactId,
        /// The UK local day it happened.
        on: NaiveDate,
        /// How.
        channel: super::contact::Channel,
        /// Why.
        purpose: super::contact::ContactPurpose,
        /// What came of it.
        outcome: Personal<String>,
        /// The organisation that made it.
        by: OrganisationId,
    },
    /// A service was delivered to the carer.
    ServiceDelivered {
        /// The service.
        service: super::ids::ServiceId,
        /// The UK local day.
        on: NaiveDate,
        /// What.
        delivered: super::delivered::Service,
        /// The plan item it delivers, if any.
        plan_item: Option<super::delivered::PlanItem>,
        /// The organisation that recorded it.
        by: OrganisationId,
    },
    /// A case note was added.
    NoteAdded {
        /// The note.
        note: super::ids::NoteId,
        /// The contact it is about, if any.
        about: Option<super::ids::ContactId>,
        /// The note.
        text: Personal<String>,
        /// The UK local day it was written.
        on: NaiveDate,
        /// The organisation that wrote it.
        by: OrganisationId,
    },
    /// An emergency plan was registered for a caring role.
    EmergencyPlanRegistered {
        /// The plan.
        plan: super::ids::EmergencyPlanId,
        /// The role it covers.
        cared_for: CaredForId,
        /// What it says.
        arrangements: super::emergency::EmergencyArrangements,
        /// The UK local day.
        on: NaiveDate,
        /// When its first review is due.
        review_due: NaiveDate,
        /// The organisation that registered it.
        by: OrganisationId,
    },
    /// An emergency card was issued for a plan.
    EmergencyCardIssued {
        /// The plan.
        plan: super::ids::EmergencyPlanId,
        /// The card's number.
        number: Personal<String>,
        /// The UK local day.
        on: NaiveDate,
        /// The organisation that issued it.
        by: OrganisationId,
    },
    /// An emergency plan was reviewed, and changed or kept.
    EmergencyPlanReviewed {
        /// The plan.
        plan: super::ids::EmergencyPlanId,
        /// The UK local day of the review.
        on: NaiveDate,
        /// The arrangements as changed (`None`: kept as they were).
        arrangements: Option<super::emergency::EmergencyArrangements>,
        /// When the next review is due.
        next_review_due: NaiveDate,
        /// The organisation that reviewed it.
        by: OrganisationId,
    },
    /// An emergency plan was activated: the carer cannot care.
    EmergencyPlanActivated {
        /// The plan.
        plan: super::ids::EmergencyPlanId,
        /// When the emergency began.
        at: DateTime<Utc>,
        /// Why.
        reason: super::emergency::EmergencyReason,
        /// The replacement care arranged.
        replacement_care: Personal<String>,
        /// The organisation that activated it.
        by: OrganisationId,
    },
    /// The emergency a plan was activated for ended.
    EmergencyActivationEnded {
        /// The plan.
        plan: super::ids::EmergencyPlanId,
        /// When.
        at: DateTime<Utc>,
    },
    /// A referral of the carer was received.
    ReferralReceived {
        /// The referral.
        referral: super::ids::ReferralId,
        /// Where it came from.
        from: IdentificationSource,
        /// The referring organisation, if any.
        referrer: Option<OrganisationId>,
        /// The UK local day it was received.
        received_on: NaiveDate,
        /// Why the carer was referred.
        reason: Personal<String>,
        /// The organisation that received it.
        by: OrganisationId,
    },
    /// A referral of the carer was made to another organisation.
    ReferralMade {
        /// The referral.
        referral: super::ids::ReferralId,
        /// The organisation referred to.
        to: OrganisationId,
        /// The UK local day it was sent.
        sent_on: NaiveDate,
        /// What the carer is referred for.
        reason: Personal<String>,
        /// The organisation that made it.
        by: OrganisationId,
    },
    /// A referral was acknowledged, accepted or declined.
    ReferralAnswered {
        /// The referral.
        referral: super::ids::ReferralId,
        /// The answer.
        answer: super::referral::ReferralAnswer,
        /// The UK local day.
        on: NaiveDate,
    },
    /// The case was allocated to a worker (reassigned, when `previous` is some).
    CaseAllocated {
        /// The worker.
        worker: super::allocation::Worker,
        /// The worker it was allocated to before, if any.
        previous: Option<super::allocation::Worker>,
        /// The UK local day.
        on: NaiveDate,
    },
    /// The case was unallocated.
    CaseUnallocated {
        /// The worker it was allocated to.
        worker: super::allocation::Worker,
        /// Why.
        reason: super::allocation::UnallocationReason,
        /// The UK local day.
        on: NaiveDate,
    },
    /// A caring role's circumstances changed, with what the authority decided follows.
    CircumstancesChanged {
        /// The role.
        cared_for: CaredForId,
        /// What changed, and to what.
        change: super::role::RoleChange,
        /// The UK local day it changed.
        on: NaiveDate,
        /// Why, or what happened.
        reason: Personal<String>,
        /// What follows (a review of the plans is recorded by its own events).
        consequence: super::circumstances::ChangeConsequence,
        /// The organisation that recorded it.
        by: OrganisationId,
    },
    /// The carer's contact details changed.
    ContactDetailsChanged {
        /// The new contact details, if they changed.
        contact: Option<Personal<String>>,
        /// The new address, if it changed.
        address: Option<Personal<String>>,
        /// Why.
        reason: Personal<String>,
        /// The UK local day.
        on: NaiveDate,
        /// The organisation that recorded it.
        by: OrganisationId,
    },
    /// The carer joined a waiting list.
    WaitingListJoined {
        /// The entry.
        entry: super::ids::WaitingEntryId,
        /// The service.
        service: super::waiting::WaitedService,
        /// Its provider.
        provider: OrganisationId,
        /// The UK local day.
        on: NaiveDate,
    },
    /// The carer was offered a place.
    PlaceOffered {
        /// The entry.
        entry: super::ids::WaitingEntryId,
        /// The UK local day.
        on: NaiveDate,
    },
    /// The carer took the place offered.
    PlaceTaken {
        /// The entry.
        entry: super::ids::WaitingEntryId,
        /// The UK local day.
        on: NaiveDate,
    },
    /// The carer left the waiting list without taking a place.
    WaitingListLeft {
        /// The entry.
        entry: super::ids::WaitingEntryId,
        /// Why.
        because: super::waiting::LeftBecause,
        /// The UK local day.
        on: NaiveDate,
    },
    /// A mistaken record was corrected.
    RecordCorrected {
        /// The version of the event corrected.
        corrects: u64,
        /// The field and its right value.
        correction: super::correction::Correction,
        /// Why.
        reason: Personal<String>,
        /// The UK local day.
        on: NaiveDate,
        /// The organisation that corrected it.
        by: OrganisationId,
    },
    /// The case was found to be a duplicate and superseded by another case of
    /// the same carer.
    CaseSuperseded {
        /// The carer's case that continues.
        by: CarerId,
        /// Why the two are the same carer.
        reason: Personal<String>,
        /// The UK local day.
        on: NaiveDate,
        /// The organisation that decided.
        organisation: OrganisationId,
    },
    /// A duplicate case of the same carer was linked to this one.
    DuplicateLinked {
        /// The duplicate.
        duplicate: CarerId,
        /// The UK local day.
        on: NaiveDate,
    },
    /// A decision to keep the case past its retention period was recorded.
    RetentionDecided {
        /// Until when, and why.
        keep: super::retention::KeepDecision,
        /// The organisation that decided.
        by: OrganisationId,
        /// The UK local day.
        on: NaiveDate,
    },
}
