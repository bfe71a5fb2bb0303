//! The carers' domain: a carer's case, their caring roles and journey, assessments
//! and Care Act eligibility. Each module owns one part of the law and cites it.
//!
//! Eligibility is a pure function of the three conditions of reg. 3 (Care and
//! Support (Eligibility Criteria) Regulations 2015):
//!
//! ```
//! use carers_core::domain::{Achievement, AssessedNeeds, Inability, Outcome, determine};
//!
//! // A carer whose only difficulty is distress at managing nutrition.
//! let needs = AssessedNeeds {
//!     from_necessary_care_for_an_adult: true,
//!     significant_impact_on_wellbeing: true,
//!     ..AssessedNeeds::default()
//! }
//! .with_outcome(Outcome::ManagingNutrition, Achievement::Unachievable(Inability::SignificantPainDistressOrAnxiety));
//! let determination = determine(&needs);
//! assert!(determination.eligible); // one outcome is enough for a carer
//! assert_eq!(determination.reasons.unachievable_outcomes.len(), 1);
//! ```
//!
//! The case itself is the [`CarerCase`] aggregate: see the crate docs of `carers`
//! for a command executed on a store.

pub mod allocation;
pub mod assessment;
mod by_id;
mod by_outcome;
pub mod calendar;
pub mod cared_for;
pub mod case;
pub mod circumstances;
pub mod command;
pub mod consent;
pub mod contact;
pub mod correction;
pub mod delivered;
pub mod eligibility;
pub mod emergency;
pub mod equality;
pub mod erasure;
pub mod error;
pub mod event;
mod event_types;
mod history;
pub mod household;
pub mod identity;
pub mod ids;
pub mod journey;
pub mod merge;
pub mod money;
pub mod partnership;
pub mod person;
pub mod personal;
pub mod policy;
pub mod referral;
pub mod retention;
pub mod role;
pub mod safeguarding;
pub mod subject_access;
pub mod support_plan;
pub mod view;
pub mod waiting;

pub use allocation::{Allocation, UnallocationReason, Worker};
pub use assessment::{
    ApplicableRoute, Assessment, AssessmentEvidence, AssessmentKind, AssessmentPolicy,
    AssessmentResult, AssessmentStatus, Assessments, ChildrenActEvidence, DecisionAt18, Duty,
    Escalation, EscalationAnswer, EscalationRecord, Evidence, IdentifiedNeed, NeedFinding,
    ParentCarerEvidence, Period, QualityOfLife, Refusals, Revival, Route, S63Override, Score,
    TransitionConsent, TransitionGrounds, WellbeingArea, WorkAndLife, YoungCarerEvidence,
};
pub use calendar::WorkingCalendar;
pub use cared_for::{CaredForCommand, CaredForConsent, CaredForEvent, CaredForPerson, NhsNumber};
pub use case::CarerCase;
pub use circumstances::{ChangeConsequence, Changes, CircumstanceChange};
pub use command::{AssessmentRequest, CaseCommand, NewCaringRole};
pub use consent::{ConsentPurpose, Consents, LawfulBasis, Processing};
pub use contact::{CaseNote, Channel, Contact, ContactPurpose, Contacts, NewContact};
pub use correction::{Correctable, Correction, Records};
pub use delivered::{Course, Delivered, NewService, PlanItem, Service, Services};
pub use eligibility::{
    Achievement, AssessedNeeds, Determination, Inability, NeedArea, Outcome, Reasons, determine,
};
pub use emergency::{
    Activation, EmergencyArrangements, EmergencyPlan, EmergencyPlanPolicy, EmergencyPlans,
    EmergencyReason, NewEmergencyPlan,
};
pub use equality::{
    AnswersInOwnWords, Disability, EqualityMonitoring, EthnicGroup, GenderIdentity, Religion, Sex,
    SexualOrientation, WorkingStatus,
};
pub use erasure::{Erasure, ErasureBasis};
pub use error::CaseError;
pub use event::CaseEvent;
pub use household::{Household, HouseholdCommand, HouseholdEvent, Member};
pub use identity::Identity;
pub use ids::{
    ActionId, AssessmentId, CaredForId, CarerId, ConcernId, ContactId, DirectPaymentId,
    EmergencyPlanId, HouseholdId, NoteId, PartnerId, PlanId, ReferralId, ServiceId, WaitingEntryId,
};
pub use journey::{JourneyError, MovingOnOffer, MovingOnPolicy, MovingOnReason, Stage};
pub use merge::{Merges, Supersession};
pub use money::Pence;
pub use partnership::{Act, PartnerKind, Partnership, StaffRole};
pub use person::{
    CarerKind, IdentificationSource, PersonalDetails, ReportingAgeBand, TransitionPolicy,
};
pub use personal::Personal;
pub use policy::CasePolicy;
pub use referral::{
    CarerReferral, ReferralAnswer, ReferralDirection, ReferralIn, ReferralOut, ReferralStatus,
    Referrals,
};
pub use retention::KeepDecision;
pub use role::{
    CareBasis, CaredForAge, CaringRole, ConditionCategory, HoursBand, MovedOn, Relationship,
    RoleChange, Roles,
};
pub use safeguarding::{
    AbuseCategory, Agency, BelowThreshold, Closure, Concern, ConcernDetails, ConcernStatus,
    DesiredOutcomesMet, Overdue, PersonAtRisk, Referral, RiskOutcome, S42Conditions, S42Outcome,
    Safeguarding, SafeguardingAction, SafeguardingPolicy, SharingBasis,
};
pub use support_plan::{
    BreakLength, BudgetDoesNotAddUp, ContingencyPlan, DirectPayment, DirectPaymentCondition,
    DirectPaymentConditions, DirectPaymentPolicy, DirectPaymentStatus, DirectPaymentUse,
    DutyCondition, DutyConditions, Involvement, ItemChargeInvalid, ManagingCapability,
    PaymentFrequency, PersonalBudget, PlanBasis, PlanMatters, PlanParty, PlanReviewPolicy,
    PlanStatus, PlanSupport, PlanSupportInvalid, PlannedSupport, Plans, Review, ReviewDecision,
    ReviewTrigger, SupportFacts, SupportMethod, SupportPlan, SupportType,
};
pub use view::CaseView;
pub use waiting::{
    LeftBecause, NewWaitingEntry, WaitedService, WaitingEntry, WaitingLists, WaitingStatus,
    WaitingStep,
};
