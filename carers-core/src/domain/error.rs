//! Why a carer's case refuses a command. Variants name the rule, never personal data.

use super::assessment::{AssessmentKind, AssessmentStatus};
use super::journey::JourneyError;

/// A refused command on a carer's case; nothing was recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    /// The case has not been opened.
    #[error("no carer has been identified on this case")]
    NotIdentified,
    /// The case is already open.
    #[error("the carer is already identified")]
    AlreadyIdentified,
    /// Equality monitoring is held only with consent.
    #[error("equality monitoring needs the carer's consent")]
    ConsentRequired,
    /// No such caring role.
    #[error("the carer has no caring role for that person")]
    UnknownRole,
    /// The role exists already.
    #[error("the carer already has a caring role for that person")]
    RoleExists,
    /// s.10(10) is only for roles that s.10(9) excludes.
    #[error("the role is unpaid care: the person is a carer without a s.10(10) decision")]
    AlreadyCountsAsCarer,
    /// A journey rule.
    #[error(transparent)]
    Journey(#[from] JourneyError),
    /// Care Act s.10(9): paid or voluntary care alone does not make a carer.
    #[error(
        "no caring role counts as caring (s.10(9)): paid or voluntary care needs a s.10(10) decision"
    )]
    NotACarer,
    /// The assessment kind does not fit the carer's age or role.
    #[error("a {requested:?} does not fit this carer: the right kind is {expected:?}")]
    WrongAssessmentKind {
        /// What was asked for.
        requested: AssessmentKind,
        /// What the law gives this carer.
        expected: AssessmentKind,
    },
    /// Care Act s.12(5): a combined assessment needs both to agree.
    #[error(
        "a combined assessment needs the agreement of both the carer and the adult needing care (s.12(5))"
    )]
    CombinedNeedsBothConsents,
    /// A combined assessment names a person the carer does not care for as an adult.
    #[error("a combined assessment is with an adult the carer cares for")]
    CombinedWithUnknownAdult,
    /// Care Act s.11(5): after a refusal the duty revives only on the carer's request
    /// (s.11(6)) or a change of circumstances (s.11(7)).
    #[error(
        "the carer refused an assessment (s.11(5)): only their request or a change of circumstances revives the duty"
    )]
    DutyEndedByRefusal,
    /// No such assessment.
    #[error("no such assessment on this case")]
    UnknownAssessment,
    /// The id is taken.
    #[error("an assessment with that id exists")]
    AssessmentExists,
    /// The step does not fit the assessment's status.
    #[error("cannot {action} an assessment that is {status:?}")]
    WrongAssessmentStatus {
        /// What was attempted.
        action: &'static str,
        /// The assessment's status.
        status: AssessmentStatus,
    },
    /// Completion needs recorded evidence.
    #[error("the assessment has no recorded evidence to decide on")]
    EvidenceMissing,
    /// Care Act s.13(5): not eligible needs require written information and advice.
    #[error(
        "needs were found not eligible: record the information and advice given (s.13(5)) before closing"
    )]
    InformationAndAdviceRequired,
    /// Care Act s.13(2): the carer is given a written record.
    #[error("give the carer the written record (s.13(2)) before closing")]
    WrittenRecordNotGiven,
}
