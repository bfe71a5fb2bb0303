//! What a carer's case can be asked to do.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::es::OrganisationId;

pub use super::assessment::AssessmentRequest;
use super::assessment::{AssessmentEvidence, ChildrenActEvidence, Duty, Escalation, S63Override};
use super::consent::{ConsentPurpose, LawfulBasis};
use super::equality::EqualityMonitoring;
use super::ids::{ActionId, AssessmentId, CaredForId, CarerId, ConcernId, DirectPaymentId, PlanId};
use super::journey::{MovingOnReason, Stage};
use super::money::Pence;
use super::person::{IdentificationSource, PersonalDetails};
use super::personal::Personal;
use super::role::{CareBasis, CaringRole, ConditionCategory, HoursBand, Relationship};
use super::safeguarding::{
    Agency, BelowThreshold, ConcernDetails, DesiredOutcomesMet, RiskOutcome, S42Conditions,
    S42Outcome, SharingBasis,
};
use super::support_plan::{
    ContingencyPlan, DirectPaymentConditions, DirectPaymentUse, Involvement, PaymentFrequency,
    PlanBasis, PlanMatters, PlanSupport, Review,
};

/// A new caring role, as reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCaringRole {
    /// The person cared for.
    pub cared_for: CaredForId,
    /// Their date of birth.
    pub cared_for_born: Personal<NaiveDate>,
    /// The carer's relationship to them.
    pub relationship: Relationship,
    /// The carer has parental responsibility for them (Children Act 1989 s.3).
    pub parental_responsibility: bool,
    /// Their conditions.
    pub conditions: Vec<ConditionCategory>,
    /// Hours of care a week.
    pub hours: HoursBand,
    /// Whether they live together.
    pub lives_with_carer: bool,
    /// Paid, voluntary or unpaid.
    pub basis: CareBasis,
    /// Where the carer is in the journey for this role now.
    pub stage: Stage,
}

impl NewCaringRole {
    /// The role as the case holds it: no s.10(10) decision yet (that is its own
    /// recorded command), at the reported stage.
    pub fn to_role(&self) -> CaringRole {
        CaringRole {
            cared_for: self.cared_for,
            cared_for_born: self.cared_for_born.clone(),
            relationship: self.relationship,
            parental_responsibility: self.parental_responsibility,
            conditions: self.conditions.clone(),
            hours: self.hours,
            lives_with_carer: self.lives_with_carer,
            basis: self.basis,
            treated_as_carer: None,
            stage: self.stage,
            moved_on: None,
        }
    }
}

/// A command on a carer's case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseCommand {
    /// Opens the case of a newly identified carer.
    IdentifyCarer {
        /// The carer's id (the case's stream).
        carer: CarerId,
        /// Personal details.
        details: PersonalDetails,
        /// How the carer was identified.
        source: IdentificationSource,
        /// The lawful basis the case will hold the carer's data on.
        lawful_basis: LawfulBasis,
        /// Consent to hold the carer's data (required where the basis is consent).
        consent_to_hold_data: bool,
    },
    /// Records a consent given or withdrawn.
    RecordConsent {
        /// What for.
        purpose: ConsentPurpose,
        /// Given (true) or withdrawn/refused (false).
        given: bool,
    },
    /// Records equality monitoring; refused without the carer's consent.
    RecordEqualityMonitoring {
        /// The answers the carer chose to give.
        monitoring: EqualityMonitoring,
        /// The carer consents to their holding.
        consent_given: bool,
    },
    /// Adds a caring role.
    AddCaringRole(NewCaringRole),
    /// Care Act s.10(10): treat the person as a carer for a paid or voluntary role.
    TreatAsCarer {
        /// The role's cared-for person.
        cared_for: CaredForId,
        /// Why the relationship makes it appropriate.
        reason: Personal<String>,
    },
    /// Moves a role to another stage of the journey (not moving on: see `MoveOn`).
    ChangeStage {
        /// The role's cared-for person.
        cared_for: CaredForId,
        /// The new stage.
        to: Stage,
        /// When it happened.
        on: NaiveDate,
    },
    /// Records that caring ended for a role, and why.
    MoveOn {
        /// The role's cared-for person.
        cared_for: CaredForId,
        /// Why.
        reason: MovingOnReason,
        /// When.
        on: NaiveDate,
    },
    /// Requests or offers an assessment.
    RequestAssessment(AssessmentRequest),
    /// The carer refuses an assessment (s.11(5)).
    RefuseAssessment {
        /// The assessment.
        assessment: AssessmentId,
        /// s.63(4), transition assessments only: the override under which the
        /// assessment goes ahead despite the refusal.
        s63_override: Option<S63Override>,
    },
    /// s.11(7): the authority thinks the carer's needs or circumstances have
    /// changed, which revives a duty their refusal ended.
    ReviveAssessmentDuty {
        /// The duty.
        duty: Duty,
        /// What changed.
        reason: Personal<String>,
    },
    /// Starts an assessment.
    StartAssessment {
        /// The assessment.
        assessment: AssessmentId,
    },
    /// Records a Care Act assessment's evidence (replacing earlier evidence whole).
    RecordEvidence {
        /// The assessment.
        assessment: AssessmentId,
        /// What was found.
        evidence: Box<AssessmentEvidence>,
    },
    /// Records a Children Act assessment's evidence (replacing earlier evidence whole).
    RecordChildrenActEvidence {
        /// The assessment.
        assessment: AssessmentId,
        /// What was found.
        evidence: Box<ChildrenActEvidence>,
    },
    /// Hands the assessment to another organisation as complex (e.g. the Carers Hub
    /// to Adult Social Care).
    EscalateAsComplex {
        /// The assessment.
        assessment: AssessmentId,
        /// Why.
        escalation: Escalation,
    },
    /// The organisation an assessment was escalated to takes it on.
    AcceptEscalation {
        /// The assessment.
        assessment: AssessmentId,
    },
    /// The organisation an assessment was escalated to declines it, with reasons.
    DeclineEscalation {
        /// The assessment.
        assessment: AssessmentId,
        /// Why.
        reasons: Personal<String>,
    },
    /// Completes the assessment: the result follows from the evidence by law.
    CompleteAssessment {
        /// The assessment.
        assessment: AssessmentId,
    },
    /// Records the written information and advice given (s.13(5)).
    RecordInformationAndAdvice {
        /// The assessment.
        assessment: AssessmentId,
        /// What was given.
        advice: Personal<String>,
    },
    /// Records that the written record was given to the carer (s.13(2)).
    GiveWrittenRecord {
        /// The assessment.
        assessment: AssessmentId,
        /// When.
        on: NaiveDate,
    },
    /// Closes a completed assessment.
    CloseAssessment {
        /// The assessment.
        assessment: AssessmentId,
    },
    /// CSSG ch. 16: at 18, whether the transition assessment's indication is treated
    /// as a carer's assessment.
    DecideTransitionAt18 {
        /// The transition assessment.
        assessment: AssessmentId,
        /// Treat it as a carer's assessment (s.10).
        treat_as_carers_assessment: bool,
    },
    /// Raises a safeguarding concern.
    RaiseConcern {
        /// The concern's id.
        concern: ConcernId,
        /// What is raised.
        details: ConcernDetails,
    },
    /// Refers the concern: first (the lead referral) to the agency the law routes
    /// the person at risk to on the day; then, for an adult concern with children in
    /// the household, to the Children's Trust as well.
    ReferConcern {
        /// The concern.
        concern: ConcernId,
        /// The agency.
        to: Agency,
    },
    /// Records information shared about the concern.
    ShareInformation {
        /// The concern.
        concern: ConcernId,
        /// With whom.
        with: OrganisationId,
        /// On what footing.
        basis: SharingBasis,
    },
    /// Decides the s.42 enquiry duty (adults): whether the authority has reasonable
    /// cause to suspect each limb of s.42(1) (not whether they are found).
    DecideS42 {
        /// The concern.
        concern: ConcernId,
        /// For each limb of s.42(1), whether there is reasonable cause to suspect it.
        conditions: S42Conditions,
        /// The decision.
        outcome: S42Outcome,
    },
    /// Agrees an action.
    AgreeAction {
        /// The concern.
        concern: ConcernId,
        /// The action's id.
        action: ActionId,
        /// Who owns it.
        owner: OrganisationId,
        /// What is to be done.
        description: Personal<String>,
        /// When it is due.
        due: NaiveDate,
    },
    /// Records an action done.
    CompleteAction {
        /// The concern.
        concern: ConcernId,
        /// The action.
        action: ActionId,
        /// When.
        on: NaiveDate,
    },
    /// Closes the concern with its outcome.
    CloseConcern {
        /// The concern.
        concern: ConcernId,
        /// The risk at closure.
        risk: RiskOutcome,
        /// Whether the person's desired outcomes were met.
        desired_outcomes: DesiredOutcomesMet,
    },
    /// Closes a concern not yet referred as below the threshold for a referral, a
    /// recorded decision with its reason (CSSG ch. 14, proportionality).
    CloseBelowThreshold {
        /// The concern.
        concern: ConcernId,
        /// Advice given, or no further action.
        outcome: BelowThreshold,
        /// Why the concern is below the threshold.
        reason: Personal<String>,
    },
    /// Records the strategy meeting on an adult concern referred to Adult Social
    /// Care, before or after the s.42 decision.
    RecordStrategyMeeting {
        /// The concern.
        concern: ConcernId,
        /// The UK local day it was held.
        held_on: NaiveDate,
    },
    /// Agrees a support plan.
    AgreePlan {
        /// The plan's id.
        plan: PlanId,
        /// Why the authority meets these needs.
        basis: PlanBasis,
        /// The needs met and how, each with its cost: the personal budget (s.26)
        /// is derived from them.
        support: PlanSupport,
        /// The s.10(5)–(6) matters the support relates to (s.25(1)(d)).
        matters: PlanMatters,
        /// The advice and information given (s.25(1)).
        advice: Personal<String>,
        /// Who was involved in preparing it (s.25(4)).
        involvement: Involvement,
        /// Who steps in in an emergency.
        contingency: ContingencyPlan,
    },
    /// Agrees a direct payment under a plan (s.31).
    AgreeDirectPayment {
        /// The plan.
        plan: PlanId,
        /// The payment's id.
        payment: DirectPaymentId,
        /// The s.31 conditions as found.
        conditions: DirectPaymentConditions,
        /// The plan items it pays for, numbered from 0 in the plan's order.
        items: BTreeSet<usize>,
        /// The amount of each payment.
        amount: Pence,
        /// What it is for.
        uses: Vec<DirectPaymentUse>,
        /// What it is for, in the carer's words.
        description: Personal<String>,
        /// One-off or recurring.
        frequency: PaymentFrequency,
    },
    /// Records a direct payment made.
    RecordDirectPaymentMade {
        /// The plan.
        plan: PlanId,
        /// The payment.
        payment: DirectPaymentId,
        /// When.
        on: NaiveDate,
        /// How much.
        amount: Pence,
    },
    /// Records whether a paid direct payment's use was evidenced (else it is
    /// flagged for follow-up).
    RecordDirectPaymentEvidence {
        /// The plan.
        plan: PlanId,
        /// The payment.
        payment: DirectPaymentId,
        /// Evidenced (true) or to follow up (false).
        evidenced: bool,
    },
    /// Someone asks for a review (s.27(1)(b)): it becomes due at once.
    RequestReview {
        /// The plan.
        plan: PlanId,
    },
    /// Reviews a plan (s.27).
    ReviewPlan {
        /// The plan.
        plan: PlanId,
        /// The review.
        review: Review,
    },
    /// Records that a copy of the plan was given to the carer (s.25(9)).
    GivePlanCopy {
        /// The plan.
        plan: PlanId,
        /// When.
        on: NaiveDate,
    },
    /// Records a review of a direct payment (Direct Payments Regulations 2014).
    ReviewDirectPayment {
        /// The plan.
        plan: PlanId,
        /// The payment.
        payment: DirectPaymentId,
        /// When.
        on: NaiveDate,
    },
    /// Records a contact with the carer: when, how, why and what came of it.
    RecordContact(super::contact::NewContact),
    /// Records a service delivered to the carer, and the plan item it delivers.
    RecordService(super::delivered::NewService),
    /// Adds a case note, about the case or one of its contacts.
    AddNote {
        /// The note's id.
        note: super::ids::NoteId,
        /// The contact it is about, if any.
        about: Option<super::ids::ContactId>,
        /// The note.
        text: Personal<String>,
    },
    /// Registers an emergency plan for a caring role.
    RegisterEmergencyPlan(super::emergency::NewEmergencyPlan),
    /// Issues the carer an emergency card for a plan (a new card replaces the last).
    IssueEmergencyCard {
        /// The plan.
        plan: super::ids::EmergencyPlanId,
        /// The card's number.
        number: Personal<String>,
    },
    /// Reviews an emergency plan, changing its arrangements or keeping them.
    ReviewEmergencyPlan {
        /// The plan.
        plan: super::ids::EmergencyPlanId,
        /// The UK local day of the review.
        on: NaiveDate,
        /// The arrangements as changed (`None`: kept).
        arrangements: Option<super::emergency::EmergencyArrangements>,
    },
    /// Activates an emergency plan: the carer cannot care.
    ActivateEmergencyPlan {
        /// The plan.
        plan: super::ids::EmergencyPlanId,
        /// When the emergency began.
        at: chrono::DateTime<chrono::Utc>,
        /// Why.
        reason: super::emergency::EmergencyReason,
        /// The replacement care arranged.
        replacement_care: Personal<String>,
    },
    /// Records that the emergency a plan was activated for ended.
    EndEmergencyActivation {
        /// The plan.
        plan: super::ids::EmergencyPlanId,
        /// When.
        at: chrono::DateTime<chrono::Utc>,
    },
    /// Records a referral of the carer received (from a GP, a hospital, a school...).
    ReceiveReferral(super::referral::ReferralIn),
    /// Records a referral of the carer made to another organisation, on the
    /// carer's consent to share with it.
    MakeReferral(super::referral::ReferralOut),
    /// Records a referral acknowledged, accepted or declined.
    AnswerReferral {
        /// The referral.
        referral: super::ids::ReferralId,
        /// The answer.
        answer: super::referral::ReferralAnswer,
        /// The UK local day.
        on: NaiveDate,
    },
    /// Allocates the case to a worker, or reassigns it to another.
    AllocateCase {
        /// The worker.
        worker: super::allocation::Worker,
    },
    /// Unallocates the case.
    UnallocateCase {
        /// Why.
        reason: super::allocation::UnallocationReason,
    },
    /// Records a change in a caring role's circumstances, and what follows.
    ChangeCircumstances(super::circumstances::CircumstanceChange),
    /// Records the carer's new contact details or address.
    ChangeContactDetails {
        /// The new contact details, if they changed.
        contact: Option<Personal<String>>,
        /// The new address, if it changed.
        address: Option<Personal<String>>,
        /// Why.
        reason: Personal<String>,
    },
    /// Puts the carer on a waiting list for a service with limited places.
    JoinWaitingList(super::waiting::NewWaitingEntry),
    /// Records a place offered or taken, or the carer leaving the list.
    RecordWaitingStep {
        /// The entry.
        entry: super::ids::WaitingEntryId,
        /// What happened.
        step: super::waiting::WaitingStep,
        /// The UK local day.
        on: NaiveDate,
    },
    /// Corrects a mistaken record: names the event that recorded it (by its
    /// version), the field's right value, and why (UK GDPR art. 16).
    CorrectRecord {
        /// The version of the event corrected.
        corrects: u64,
        /// The field and its right value.
        correction: super::correction::Correction,
        /// Why.
        reason: Personal<String>,
    },
    /// Marks this case as a duplicate superseded by another case of the same
    /// carer (link the duplicate on that case with `LinkDuplicate`).
    MarkSuperseded {
        /// The carer's case that continues.
        by: CarerId,
        /// Why the two are the same carer.
        reason: Personal<String>,
    },
    /// Links a duplicate case of the same carer to this one, which continues.
    LinkDuplicate {
        /// The duplicate.
        duplicate: CarerId,
    },
    /// Erases the carer's personal data (UK GDPR art. 17, or at the end of the
    /// retention period): send it through
    /// [`Repository::erase`](crate::es::Repository::erase), which destroys the
    /// carer's data key once the erasure is recorded.
    ErasePersonalData {
        /// Why.
        basis: super::erasure::ErasureBasis,
    },
    /// Keeps the case past its retention period, until a later day, for a reason
    /// (the other decision is [`CaseCommand::ErasePersonalData`]).
    KeepRecord(super::retention::KeepDecision),
}

impl CaseCommand {
    /// Every date the command records (of something that happened, or planned,
    /// like an action's `due`), except dates of birth, which have their own rule
    /// (`person::check_date_of_birth`).
    pub fn dates(&self) -> Vec<NaiveDate> {
        use CaseCommand as C;
        match self {
            C::ChangeStage { on, .. }
            | C::MoveOn { on, .. }
            | C::GiveWrittenRecord { on, .. }
            | C::CompleteAction { on, .. }
            | C::RecordDirectPaymentMade { on, .. }
            | C::GivePlanCopy { on, .. }
            | C::ReviewDirectPayment { on, .. } => vec![*on],
            C::AgreeAction { due, .. } => vec![*due],
            C::KeepRecord(keep) => vec![keep.until],
            C::RecordContact(contact) => vec![contact.on],
            C::RecordService(service) => match service.delivered {
                super::delivered::Service::ShortBreak { from, to, .. } => {
                    vec![service.on, from, to]
                }
                _ => vec![service.on],
            },
            C::RecordStrategyMeeting { held_on, .. } => vec![*held_on],
            C::ReviewEmergencyPlan { on, .. } | C::AnswerReferral { on, .. } => vec![*on],
            C::ReceiveReferral(r) => vec![r.received_on],
            C::ChangeCircumstances(c) => vec![c.on],
            C::JoinWaitingList(w) => vec![w.on],
            C::CorrectRecord {
                correction: super::correction::Correction::ContactDay { on, .. },
                ..
            } => vec![*on],
            C::RecordWaitingStep { on, .. } => vec![*on],
            C::MakeReferral(r) => vec![r.sent_on],
            C::ActivateEmergencyPlan { at, .. } | C::EndEmergencyActivation { at, .. } => {
                vec![super::calendar::local_day(*at)]
            }
            C::ReviewPlan { review, .. } => vec![review.on],
            C::RecordEvidence { evidence, .. } => evidence
                .fluctuating_needs_considered_over
                .iter()
                .flat_map(|p| [p.from(), p.to()])
                .collect(),
            // No date recorded (dates of birth have their own rule). Exhaustive: a new
            // command must say whether it records a date.
            C::IdentifyCarer { .. }
            | C::RecordConsent { .. }
            | C::RecordEqualityMonitoring { .. }
            | C::AddCaringRole(_)
            | C::TreatAsCarer { .. }
            | C::RequestAssessment(_)
            | C::RefuseAssessment { .. }
            | C::ReviveAssessmentDuty { .. }
            | C::StartAssessment { .. }
            | C::RecordChildrenActEvidence { .. }
            | C::EscalateAsComplex { .. }
            | C::AcceptEscalation { .. }
            | C::DeclineEscalation { .. }
            | C::CompleteAssessment { .. }
            | C::RecordInformationAndAdvice { .. }
            | C::CloseAssessment { .. }
            | C::DecideTransitionAt18 { .. }
            | C::RaiseConcern { .. }
            | C::ReferConcern { .. }
            | C::ShareInformation { .. }
            | C::DecideS42 { .. }
            | C::CloseConcern { .. }
            | C::CloseBelowThreshold { .. }
            | C::AgreePlan { .. }
            | C::AgreeDirectPayment { .. }
            | C::RecordDirectPaymentEvidence { .. }
            | C::RequestReview { .. }
            | C::AddNote { .. }
            | C::RegisterEmergencyPlan(_)
            | C::IssueEmergencyCard { .. }
            | C::AllocateCase { .. }
            | C::UnallocateCase { .. }
            | C::ChangeContactDetails { .. }
            | C::CorrectRecord { .. }
            | C::MarkSuperseded { .. }
            | C::LinkDuplicate { .. }
            | C::ErasePersonalData { .. } => Vec::new(),
        }
    }

    /// Every organisation the command names (escalated to, shared with, owning an
    /// action): recorded, so held to the same form as an actor's organisation.
    pub fn organisations(&self) -> Vec<&OrganisationId> {
        use CaseCommand as C;
        match self {
            C::EscalateAsComplex { escalation, .. } => vec![&escalation.to],
            C::ShareInformation { with, .. } => vec![with],
            C::ReceiveReferral(r) => r.referrer.iter().collect(),
            C::AllocateCase { worker } => vec![&worker.organisation],
            C::JoinWaitingList(w) => vec![&w.provider],
            C::MakeReferral(r) => vec![&r.to],
            C::AgreeAction { owner, .. } => vec![owner],
            C::RecordService(service) => match &service.delivered {
                super::delivered::Service::ShortBreak { provider, .. } => vec![provider],
                _ => Vec::new(),
            },
            // Names no organisation. Exhaustive, as for `dates`.
            C::IdentifyCarer { .. }
            | C::RecordConsent { .. }
            | C::RecordEqualityMonitoring { .. }
            | C::AddCaringRole(_)
            | C::TreatAsCarer { .. }
            | C::ChangeStage { .. }
            | C::MoveOn { .. }
            | C::RequestAssessment(_)
            | C::RefuseAssessment { .. }
            | C::ReviveAssessmentDuty { .. }
            | C::StartAssessment { .. }
            | C::RecordEvidence { .. }
            | C::RecordChildrenActEvidence { .. }
            | C::AcceptEscalation { .. }
            | C::DeclineEscalation { .. }
            | C::CompleteAssessment { .. }
            | C::RecordInformationAndAdvice { .. }
            | C::GiveWrittenRecord { .. }
            | C::CloseAssessment { .. }
            | C::DecideTransitionAt18 { .. }
            | C::RaiseConcern { .. }
            | C::ReferConcern { .. }
            | C::DecideS42 { .. }
            | C::CompleteAction { .. }
            | C::CloseConcern { .. }
            | C::CloseBelowThreshold { .. }
            | C::RecordStrategyMeeting { .. }
            | C::AgreePlan { .. }
            | C::AgreeDirectPayment { .. }
            | C::RecordDirectPaymentMade { .. }
            | C::RecordDirectPaymentEvidence { .. }
            | C::RequestReview { .. }
            | C::ReviewPlan { .. }
            | C::GivePlanCopy { .. }
            | C::ReviewDirectPayment { .. }
            | C::RecordContact(_)
            | C::AddNote { .. }
            | C::RegisterEmergencyPlan(_)
            | C::IssueEmergencyCard { .. }
            | C::ReviewEmergencyPlan { .. }
            | C::ActivateEmergencyPlan { .. }
            | C::EndEmergencyActivation { .. }
            | C::AnswerReferral { .. }
            | C::UnallocateCase { .. }
            | C::ChangeCircumstances(_)
            | C::ChangeContactDetails { .. }
            | C::RecordWaitingStep { .. }
            | C::CorrectRecord { .. }
            | C::MarkSuperseded { .. }
            | C::LinkDuplicate { .. }
            | C::ErasePersonalData { .. }
            | C::KeepRecord(_) => Vec::new(),
        }
    }
}
