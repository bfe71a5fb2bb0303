//! Assessments of a carer: their kinds and the law behind each (Care Act 2014
//! s.10–13, s.63–64; Children Act 1989 s.17ZA, s.17ZD), what is recorded, their
//! results, refusal and revival of the duty, escalation between partners, and their
//! lifecycle from request to closure.

mod conduct;
mod escalation;
mod evidence;
mod kinds;
mod lifecycle;
mod refusal;
mod request;
mod result;
mod routing;
mod transition;
mod waiting;

pub use escalation::{Escalation, EscalationAnswer, EscalationRecord};
pub use evidence::{
    AssessmentEvidence, ChildrenActEvidence, Evidence, IdentifiedNeed, ParentCarerEvidence, Period,
    QualityOfLife, Score, ScoreOutOfRange, WellbeingArea, WorkAndLife, YoungCarerEvidence,
};
pub use kinds::{ApplicableRoute, AssessmentKind, Duty, Route};
pub use lifecycle::{Assessment, AssessmentStatus, Assessments};
pub use refusal::{Refusals, Revival};
pub use request::AssessmentRequest;
pub use result::{AssessmentResult, NeedFinding};
pub use transition::{DecisionAt18, S63Override, TransitionConsent, TransitionGrounds};
pub use waiting::AssessmentPolicy;
