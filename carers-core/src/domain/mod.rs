//! The carers' domain: a carer's case, their caring roles and journey, assessments
//! and Care Act eligibility. Each module owns one part of the law and cites it.

pub mod assessment;
pub mod case;
pub mod command;
pub mod consent;
pub mod eligibility;
pub mod error;
pub mod event;
pub mod ids;
pub mod journey;
pub mod person;
pub mod personal;
pub mod role;

pub use assessment::{
    Assessment, AssessmentEvidence, AssessmentKind, AssessmentResult, AssessmentStatus, Escalation,
    QualityOfLife, Route, Score, WorkAndLife,
};
pub use case::CarerCase;
pub use command::{AssessmentRequest, CaseCommand, NewCaringRole};
pub use consent::{ConsentPurpose, EqualityMonitoring};
pub use eligibility::{
    Achievement, AssessedNeeds, Determination, Inability, Outcome, Reasons, determine,
};
pub use error::CaseError;
pub use event::CaseEvent;
pub use ids::{AssessmentId, CaredForId, CarerId, PartnerId};
pub use journey::{JourneyError, MovingOnOffer, MovingOnReason, Stage};
pub use person::{
    CarerKind, IdentificationSource, PersonalDetails, ReportingAgeBand, TransitionPolicy,
};
pub use personal::Personal;
pub use role::{CareBasis, CaredForAge, CaringRole, ConditionCategory, HoursBand, Relationship};
