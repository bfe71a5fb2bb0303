//! What a carer's case can be asked to do.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::es::OrganisationId;

use super::assessment::{AssessmentEvidence, AssessmentKind, Escalation, Route};
use super::consent::{ConsentPurpose, EqualityMonitoring};
use super::ids::{ActionId, AssessmentId, CaredForId, CarerId, ConcernId, DirectPaymentId, PlanId};
use super::journey::{MovingOnReason, Stage};
use super::money::Pence;
use super::person::{IdentificationSource, PersonalDetails};
use super::personal::Personal;
use super::role::{CareBasis, CaringRole, ConditionCategory, HoursBand, Relationship};
use super::safeguarding::{
    Agency, ConcernDetails, DesiredOutcomesMet, RiskOutcome, S42Conditions, S42Outcome,
    SharingBasis,
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

/// A request for, or offer of, an assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRequest {
    /// The new assessment's id.
    pub assessment: AssessmentId,
    /// Its kind.
    pub kind: AssessmentKind,
    /// Who asked, or an offer.
    pub route: Route,
    /// The carer's or cared-for person's circumstances changed since a refusal (s.11(7)).
    pub circumstances_changed: bool,
    /// The carer agrees (needed for a combined assessment, s.12(5)).
    pub carer_agrees: bool,
    /// The cared-for adult agrees (combined assessments only).
    pub cared_for_agrees: Option<bool>,
}

impl AssessmentRequest {
    /// A request of `kind` by `route`, with the carer agreeing, no change of
    /// circumstances claimed and, for a combined assessment, no answer yet from the
    /// adult needing care (set `cared_for_agrees` for that).
    pub fn new(assessment: AssessmentId, kind: AssessmentKind, route: Route) -> Self {
        Self {
            assessment,
            kind,
            route,
            circumstances_changed: false,
            carer_agrees: true,
            cared_for_agrees: None,
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
        /// Consent to hold the carer's data.
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
        /// The young carer is experiencing, or at risk of, abuse or neglect (s.63(4)).
        at_risk_of_abuse_or_neglect: bool,
    },
    /// Starts an assessment.
    StartAssessment {
        /// The assessment.
        assessment: AssessmentId,
    },
    /// Records the assessment's evidence (replacing earlier evidence whole).
    RecordEvidence {
        /// The assessment.
        assessment: AssessmentId,
        /// What was found.
        evidence: Box<AssessmentEvidence>,
    },
    /// The Hub hands the assessment to Adult Social Care as complex.
    EscalateAsComplex {
        /// The assessment.
        assessment: AssessmentId,
        /// Why.
        escalation: Escalation,
    },
    /// Adult Social Care accepts an escalated assessment.
    AcceptEscalation {
        /// The assessment.
        assessment: AssessmentId,
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
    /// Raises a safeguarding concern.
    RaiseConcern {
        /// The concern's id.
        concern: ConcernId,
        /// What is raised.
        details: ConcernDetails,
    },
    /// Refers the concern to the agency the law routes it to.
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
    /// Decides the s.42 enquiry duty (adults).
    DecideS42 {
        /// The concern.
        concern: ConcernId,
        /// The three conditions as found.
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
        /// The advice and information given (s.25(1)(g)).
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
}
