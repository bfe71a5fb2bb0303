//! Why a carer's case refuses a command. Variants name the rule, never personal data.

use super::assessment::{AssessmentKind, AssessmentStatus};
use super::eligibility::NeedArea;
use super::journey::JourneyError;
use super::safeguarding::{Agency, ConcernStatus};
use super::support_plan::{DirectPaymentCondition, DirectPaymentStatus, DutyCondition, PlanParty};

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
    /// No such concern.
    #[error("no such safeguarding concern on this case")]
    UnknownConcern,
    /// The id is taken.
    #[error("a concern with that id exists")]
    ConcernExists,
    /// A concern names at least one category of abuse or neglect.
    #[error("a concern names at least one category of abuse or neglect")]
    NoCategory,
    /// The person at risk is not the carer nor someone they care for.
    #[error("the person at risk is not on this case")]
    UnknownPersonAtRisk,
    /// Routing is a rule: an adult to Adult Social Care, a child to the Children's Trust.
    #[error("this concern must be referred to {expected:?}")]
    WrongAgency {
        /// Where the law routes it.
        expected: Agency,
    },
    /// A child at risk goes to children's services (Children Act s.47), not a s.42 enquiry.
    #[error("a child at risk is not the subject of a s.42 decision (Children Act s.47 applies)")]
    NoS42ForAChild,
    /// The step does not fit the concern's status.
    #[error("cannot {action} a concern that is {status:?}")]
    WrongConcernStatus {
        /// What was attempted.
        action: &'static str,
        /// The concern's status.
        status: ConcernStatus,
    },
    /// The decision contradicts the s.42(1) conditions recorded with it.
    #[error(
        "the s.42 decision contradicts its conditions: the duty arises exactly when all three hold"
    )]
    S42DecisionContradictsConditions,
    /// A concern closes only when every action is completed.
    #[error("the concern has actions still open")]
    OpenActions,
    /// No such action.
    #[error("no such action on this concern")]
    UnknownAction,
    /// The id is taken.
    #[error("an action with that id exists")]
    ActionExists,
    /// Already completed.
    #[error("the action is already completed")]
    ActionAlreadyCompleted,
    /// s.20: a plan meets needs determined eligible, or uses the recorded power to
    /// meet other needs.
    #[error(
        "the assessment did not determine these needs eligible: record the s.20(6) power to meet them"
    )]
    NeedsNotEligible,
    /// A plan follows a completed assessment with a Care Act determination.
    #[error("a support plan follows a completed Care Act assessment")]
    NoDetermination,
    /// No such plan.
    #[error("no such support plan on this case")]
    UnknownPlan,
    /// The id is taken.
    #[error("a plan with that id exists")]
    PlanExists,
    /// The plan has ended.
    #[error("the plan has ended")]
    PlanEnded,
    /// s.14(3): replacement care is never charged to the carer.
    #[error("replacement care for the cared-for person is never charged to the carer (s.14(3))")]
    ReplacementCareCharged,
    /// No such direct payment.
    #[error("no such direct payment under this plan")]
    UnknownDirectPayment,
    /// The id is taken.
    #[error("a direct payment with that id exists")]
    DirectPaymentExists,
    /// The step does not fit the payment's status.
    #[error("cannot {action} a direct payment that is {status:?}")]
    WrongDirectPaymentStatus {
        /// What was attempted.
        action: &'static str,
        /// The payment's status.
        status: DirectPaymentStatus,
    },
    /// Money amounts here are positive.
    #[error("the amount must be more than zero")]
    NonPositiveAmount,
    /// A review cannot predate the plan or the last review.
    #[error("a review is dated on or after the plan and its last review")]
    ReviewOutOfOrder,
    /// s.20(1), s.25(1)(b): on the duty, each item meets a need the determination
    /// found eligible; others need the recorded s.20(6) power.
    #[error(
        "the plan meets a need ({need:?}) not determined eligible: record the s.20(6) power to meet it"
    )]
    NeedNotEligible {
        /// The need.
        need: NeedArea,
    },
    /// s.20(1)–(5): a condition of the duty to meet eligible needs is not met (the
    /// recorded s.20(6) power may still be used).
    #[error(
        "the duty to meet eligible needs (s.20(1)) needs {condition:?}: record the s.20(6) power to meet them"
    )]
    DutyConditionNotMet {
        /// The condition.
        condition: DutyCondition,
    },
    /// s.25(4): the authority involves the carer, and the adult needing care if the
    /// carer asks.
    #[error("a support plan is prepared involving {party:?} (s.25(4))")]
    PlanPartyNotInvolved {
        /// Who was left out.
        party: PlanParty,
    },
    /// What is recorded as done cannot be dated after today.
    #[error("the date is after today")]
    DateAfterToday,
    /// What is done with a plan cannot predate the plan.
    #[error("the date is before the plan was agreed")]
    DateBeforePlan,
    /// s.31: a condition of making direct payments is not met.
    #[error("a direct payment needs {condition:?} (s.31)")]
    DirectPaymentConditionNotMet {
        /// The condition.
        condition: DirectPaymentCondition,
    },
    /// s.31(1)(a), s.31(2): a direct payment, and the total paid, stay within the
    /// authority's part of the budget for the items it pays for.
    #[error("a direct payment exceeds the authority's part of the budget for its items (s.31)")]
    DirectPaymentExceedsBudget,
    /// A direct payment names at least one of its plan's items, and only those.
    #[error("a direct payment pays for one or more of the plan's items")]
    DirectPaymentItemsUnknown,
}
