//! Assessments of a carer: their kinds and the law behind each, what is recorded
//! (Care Act 2014 s.10(5)–(6)), their results, and their lifecycle from request
//! to closure.

mod evidence;
mod kinds;
mod lifecycle;
mod result;

pub use evidence::{
    AssessmentEvidence, QualityOfLife, Score, ScoreOutOfRange, WellbeingArea, WorkAndLife,
};
pub use kinds::{AssessmentKind, Route};
pub use lifecycle::{Assessment, AssessmentStatus, Assessments, Escalation};
pub use result::AssessmentResult;
