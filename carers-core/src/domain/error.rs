//! Why a carer's case refuses a command. Variants name the rule, never personal data.

use super::assessment::{ApplicableRoute, AssessmentKind, AssessmentStatus};
use super::eligibility::NeedArea;
use super::journey::JourneyError;
use super::safeguarding::{Agency, ConcernStatus};
use super::support_plan::{DirectPaymentCondition, DirectPaymentStatus, DutyCondition, PlanParty};
use crate::es::{ErrorKind, ServiceError};

/// A refused command on a carer's case; nothing was recorded.
///
/// Every variant has a stable code and a kind ([`ServiceError`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
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
    /// UK GDPR art. 6(1)(a): a case held on consent is not opened without it.
    #[error("the case's lawful basis is consent: it is not opened without the carer's consent")]
    ConsentRequiredToOpen,
    /// UK GDPR art. 7(3): the carer withdrew the consent the case rests on.
    #[error(
        "the carer withdrew the consent this case rests on: only consent and safeguarding may be recorded"
    )]
    ConsentWithdrawn,
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
    /// The assessment kind does not fit the carer's age or the role it concerns
    /// (Care Act s.10(3), s.63(6); Children Act s.17ZA, s.17ZD).
    #[error(
        "a {requested:?} does not fit this carer and role: the route that applies is {applies:?}"
    )]
    WrongAssessmentKind {
        /// What was asked for.
        requested: AssessmentKind,
        /// What the law gives this carer for this role.
        applies: ApplicableRoute,
    },
    /// Care Act s.12(5): a combined assessment needs both to agree.
    #[error(
        "a combined assessment needs the agreement of both the carer and the adult needing care (s.12(5))"
    )]
    CombinedNeedsBothConsents,
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
    /// Care Act s.63(1): the transition duty arises only where the young carer is
    /// likely to have needs after 18 and assessing would be of significant benefit.
    #[error(
        "a transition assessment needs both s.63(1) conditions: likely needs after 18 and significant benefit"
    )]
    TransitionConditionsNotMet,
    /// s.63 grounds belong to transition assessments only.
    #[error("s.63 grounds are recorded only on a transition assessment")]
    TransitionGroundsOnlyForTransition,
    /// Care Act s.63(4): the override of a refusal applies to transition assessments only.
    #[error("the s.63(4) override applies only to a transition assessment")]
    S63OverrideOnlyForTransition,
    /// Care Act s.11(7): only a duty ended by refusal revives.
    #[error("that duty was not ended by a refusal")]
    DutyNotEndedByRefusal,
    /// The evidence is for another kind of assessment.
    #[error("this evidence does not fit a {kind:?}")]
    EvidenceDoesNotFitKind {
        /// The assessment's kind.
        kind: AssessmentKind,
    },
    /// Children Act s.17ZA(7): a young carer's needs assessment records whether it is
    /// appropriate for them to care.
    #[error(
        "record whether it is appropriate for the young carer to care (s.17ZA(7)) before completing"
    )]
    AppropriatenessNotRecorded,
    /// Children Act s.17ZD: a parent carer's needs assessment records their needs for support.
    #[error("record the parent carer's needs for support (s.17ZD) before completing")]
    ParentCarerNeedsNotRecorded,
    /// Care Act s.64: a transition assessment comes with advice and information.
    #[error("a transition assessment closes only with its advice and information (s.64)")]
    TransitionAdviceRequired,
    /// The step is for transition assessments.
    #[error("that step is for transition assessments")]
    NotATransitionAssessment,
    /// CSSG ch. 16: the decision at 18 is made once.
    #[error("the decision at 18 on this transition assessment is already recorded")]
    AlreadyDecidedAt18,
    /// CSSG ch. 16: the decision is made once the young carer is 18.
    #[error("the young carer is not yet 18")]
    NotYetEighteen,
    /// CSSG ch. 16: an indication is not a determination until treated as a carer's assessment.
    #[error(
        "a transition indication supports a plan only once treated as a carer's assessment at 18"
    )]
    IndicationNotTreatedAsAssessment,
    /// An organisation escalates to another, never to itself.
    #[error("an assessment is escalated to another organisation")]
    EscalationToOwnOrganisation,
    /// Only the organisation an assessment was escalated to answers the escalation.
    #[error("only the organisation the assessment was escalated to may accept or decline it")]
    NotTheReceivingOrganisation,
    /// A period's first day is after its last.
    #[error("a period's first day is after its last")]
    PeriodReversed,
    /// A thing that happened is not dated after today (the UK local day of the
    /// clock reading); planned dates are named as such (e.g. `due`).
    #[error("the date of something that happened is after today")]
    DateInTheFuture,
    /// The clock reading is outside 2000–2199: a broken clock or a forged context.
    #[error("the clock reading the command was decided at is outside 2000 to 2199")]
    ClockOutOfRange,
    /// A person is recorded with a name.
    #[error("a person is recorded with a name that is not blank")]
    NameRequired,
    /// A date on the case lies within the carer's life as a record can hold it:
    /// not before the carer was born, not after the end of 2199 (the last year a
    /// clock reading may be in).
    #[error("a date on the case is before the carer was born or after 2199")]
    DateOutOfRange,
    /// An organisation a command names (escalated to, shared with, owning an
    /// action) is an id of 1 to 256 bytes, not blank.
    #[error("an organisation is named by an id of 1 to 256 bytes, not blank")]
    InvalidOrganisation,
    /// A service with this id is already recorded.
    #[error("a service with this id is already recorded")]
    ServiceExists,
    /// A service names an item its plan does not have.
    #[error("the plan has no such item")]
    UnknownPlanItem,
    /// A break ends before it starts, not on the day it is recorded as delivered,
    /// or has more hours than its days hold.
    #[error(
        "a break ends after it starts, on the day it is recorded, with no more hours than its days hold"
    )]
    BreakDatesInvalid,
    /// A service records nothing delivered (no hours, no sessions, no card number).
    #[error("a service records what was delivered")]
    NothingDelivered,
    /// An amount here is below zero.
    #[error("the amount must not be below zero")]
    NegativeAmount,
    /// A contact with this id is already recorded.
    #[error("a contact with this id is already recorded")]
    ContactExists,
    /// A contact's outcome is blank: a contact records what came of it.
    #[error("a contact records its outcome")]
    ContactOutcomeRequired,
    /// A note names a contact the case does not hold.
    #[error("no such contact on this case")]
    UnknownContact,
    /// A note with this id is already recorded.
    #[error("a note with this id is already recorded")]
    NoteExists,
    /// A note's text is blank.
    #[error("a note has text")]
    NoteRequired,
    /// The cared-for person's death is recorded: no carer is linked after it.
    #[error("the cared-for person's death is recorded")]
    CaredForDied,
    /// A death is recorded on the person's record (RecordDeath), which ends every link, not as one carer's unlinking.
    #[error("a death is recorded on the person's record, ending every link")]
    DeathEndsEveryLink,
    /// A carer linked again is linked from no earlier than their last link ended.
    #[error("a carer's links do not overlap")]
    LinksOverlap,
    /// The household is not formed.
    #[error("no such household is formed")]
    UnknownHousehold,
    /// The household is already formed.
    #[error("the household is already formed")]
    HouseholdExists,
    /// The person already lives in the household.
    #[error("the person is already a member of the household")]
    AlreadyAMember,
    /// The person does not live in the household.
    #[error("the person is not a member of the household")]
    UnknownMember,
    /// The cared-for person's record is not registered.
    #[error("no such cared-for person is registered")]
    UnknownCaredFor,
    /// The cared-for person's record is already registered.
    #[error("the cared-for person is already registered")]
    CaredForExists,
    /// An NHS number is ten digits whose last is the modulus 11 check digit of the nine before it.
    #[error("an NHS number is ten digits with a valid check digit")]
    NhsNumberInvalid,
    /// The carer is already linked to the cared-for person.
    #[error("the carer is already linked to the cared-for person")]
    CarerAlreadyLinked,
    /// The carer is not linked to the cared-for person.
    #[error("the carer is not linked to the cared-for person")]
    UnknownCarerLink,
    /// The consent is already given.
    #[error("the consent is already given")]
    ConsentAlreadyGiven,
    /// A consent not given cannot be withdrawn.
    #[error("the consent is not given")]
    ConsentNotGiven,
    /// A caring role's date of birth of the cared-for person is not the one their record holds.
    #[error("the caring role's date of birth differs from the cared-for person's record")]
    DateOfBirthDiffers,
    /// A carer's link ends no earlier than it began.
    #[error("the link cannot end before it began")]
    DateBeforeLink,
    /// The case is superseded by another case of the same carer: it takes no more casework (work on the case that continues).
    #[error("the case is superseded by another case of the same carer")]
    CaseSuperseded,
    /// A case is superseded by, or linked to, another case, not itself.
    #[error("a case is linked to another case, not itself")]
    LinkedToItself,
    /// The duplicate is already linked to this case.
    #[error("the duplicate is already linked to this case")]
    AlreadyLinked,
    /// A correction names an event that did not record the field it corrects.
    #[error("the event named did not record what the correction corrects")]
    NotTheRecordCorrected,
    /// A waiting list entry the case does not hold.
    #[error("no such waiting list entry on this case")]
    UnknownWaitingEntry,
    /// A waiting list entry with this id is already recorded.
    #[error("a waiting list entry with this id is already recorded")]
    WaitingEntryExists,
    /// The carer is already on the list for that service from that provider.
    #[error("the carer is already on that waiting list")]
    AlreadyWaiting,
    /// A waiting list step out of order: an offer to a carer not waiting, a place taken that was not offered, leaving a list already left.
    #[error("that step does not follow where the waiting list entry stands")]
    WaitingOutOfOrder,
    /// The date is before the step it follows.
    #[error("the date is before the step it follows")]
    DateBeforeLastStep,
    /// A self-referral names no referring organisation.
    #[error("a self-referral names no referring organisation")]
    SelfReferralWithReferrer,
    /// A change of circumstances or of contact details says why.
    #[error("a change says why")]
    ChangeReasonRequired,
    /// The change gives nothing a value it does not already have.
    #[error("the change changes nothing")]
    NothingChanged,
    /// A caring role's cared-for person has one or more conditions.
    #[error("a role's cared-for person has one or more conditions")]
    ConditionsRequired,
    /// A worker's account is empty, blank or longer than an actor's may be.
    #[error("a worker's account is 1 to 256 bytes and not blank")]
    InvalidWorker,
    /// The case is already allocated to that worker.
    #[error("the case is already allocated to that worker")]
    AlreadyAllocated,
    /// The case is not allocated, so there is nothing to unallocate.
    #[error("the case is not allocated")]
    NotAllocated,
    /// A referral the case does not hold.
    #[error("no such referral on this case")]
    UnknownReferral,
    /// A referral with this id is already recorded.
    #[error("a referral with this id is already recorded")]
    ReferralExists,
    /// A referral says why the carer is referred, and a decline why it is declined.
    #[error("a referral, and a decline, says why")]
    ReferralReasonRequired,
    /// A referral out goes to another organisation than the one making it.
    #[error("a referral goes to another organisation")]
    ReferralToOwnOrganisation,
    /// The referral is already acknowledged or decided.
    #[error("the referral is already answered that far")]
    ReferralAlreadyAnswered,
    /// An emergency plan the case does not hold.
    #[error("no such emergency plan on this case")]
    UnknownEmergencyPlan,
    /// An emergency plan with this id, or for this caring role, is already registered.
    #[error("an emergency plan with this id, or for this caring role, is already registered")]
    EmergencyPlanExists,
    /// The emergency plan is already active: end the activation first.
    #[error("the emergency plan is already active")]
    EmergencyPlanActive,
    /// The emergency plan is not active, so there is no activation to end.
    #[error("the emergency plan is not active")]
    EmergencyPlanNotActive,
    /// An emergency plan says who steps in, what is needed and whom to call, and an activation the replacement care arranged.
    #[error(
        "an emergency plan says who steps in, what is needed, whom to call and the care arranged"
    )]
    EmergencyArrangementsRequired,
    /// An emergency card is issued with its number.
    #[error("an emergency card is issued with its number")]
    CardNumberRequired,
    /// The caring role has ended (the carer moved on from it).
    #[error("the caring role has ended")]
    RoleEnded,
    /// Information is to be shared on the carer's consent, and the case records no
    /// consent to share with that organisation (`ConsentPurpose::ShareWith` of
    /// `PartnerId::of` it). Sharing without consent needs its lawful reason
    /// recorded (`SharingBasis::WithoutConsent`).
    #[error("no consent to share with that organisation is recorded")]
    NoConsentToShare,
    /// The carer's personal data is erased (or a personal value a decision needs
    /// is): the case takes no more commands.
    #[error("the case's personal data is erased: it takes no more commands")]
    PersonalDataErased,
    /// A decision to keep a case past its retention period keeps it until a day
    /// after today.
    #[error("a case is kept until a day after today")]
    RetentionNotInTheFuture,
    /// A decision to keep a case past its retention period gives its reason.
    #[error("a decision to keep a case gives its reason")]
    RetentionReasonRequired,
    /// A date of birth before 1900 is a typing error, not a person.
    #[error("a date of birth is on or after 1 January 1900")]
    DateOfBirthOutOfRange,
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
        "the s.42 decision contradicts its conditions: the duty arises exactly when there is reasonable cause to suspect all three limbs"
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
    /// The concern has been referred to that agency already.
    #[error("the concern has already been referred to {agency:?}")]
    AlreadyReferredTo {
        /// The agency.
        agency: Agency,
    },
    /// An additional referral to the Children's Trust (Children Act 1989 s.47) is for
    /// an adult concern with children in the household.
    #[error("an additional referral to the Children's Trust needs children in the household")]
    NoChildrenInHousehold,
    /// The step is for an adult concern referred to Adult Social Care (Care Act 2014
    /// s.42); a child's concern goes to the Children's Trust (Children Act 1989 s.47).
    #[error("this step is for an adult concern referred to Adult Social Care")]
    NotAnAdultConcern,
    /// The concern's strategy meeting is already recorded.
    #[error("the strategy meeting is already recorded")]
    StrategyMeetingAlreadyRecorded,
    /// A thing that follows a referral (a concern's, or the carer's) is not dated before it.
    #[error("the date is before the referral")]
    DateBeforeReferral,
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
    /// What is done with a plan cannot predate the plan.
    #[error("the date is before the plan was agreed")]
    DateBeforePlan,
    /// s.31: a condition of making direct payments is not met.
    #[error("a direct payment needs {condition:?} (s.31)")]
    DirectPaymentConditionNotMet {
        /// The condition.
        condition: DirectPaymentCondition,
    },
    /// s.31: a direct payment, and the total paid, stay within the
    /// authority's part of the budget for the items it pays for.
    #[error("a direct payment exceeds the authority's part of the budget for its items (s.31)")]
    DirectPaymentExceedsBudget,
    /// A direct payment names at least one of its plan's items, and only those.
    #[error("a direct payment pays for one or more of the plan's items")]
    DirectPaymentItemsUnknown,
}

/// Codes are the variant's name in snake_case (a `Journey` refusal has the journey
/// error's code); each code names one rule and is never reused. Kinds: what the
/// command names is missing (`NotFound`); the case is not in a state for the step
/// now, or a step must come first (`Conflict`); the command breaks a rule as sent
/// (`Invalid`); the lawful basis or the acting organisation does not allow it
/// (`Forbidden`). See [`crate::es::error`] for the HTTP statuses.
impl ServiceError for CaseError {
    fn code(&self) -> &'static str {
        // Exhaustive, no wildcard: a new variant does not compile without its code.
        match self {
            Self::NotIdentified => "not_identified",
            Self::AlreadyIdentified => "already_identified",
            Self::ConsentRequired => "consent_required",
            Self::ConsentRequiredToOpen => "consent_required_to_open",
            Self::ConsentWithdrawn => "consent_withdrawn",
            Self::UnknownRole => "unknown_role",
            Self::RoleExists => "role_exists",
            Self::AlreadyCountsAsCarer => "already_counts_as_carer",
            Self::Journey(e) => e.code(),
            Self::NotACarer => "not_a_carer",
            Self::WrongAssessmentKind { .. } => "wrong_assessment_kind",
            Self::CombinedNeedsBothConsents => "combined_needs_both_consents",
            Self::DutyEndedByRefusal => "duty_ended_by_refusal",
            Self::UnknownAssessment => "unknown_assessment",
            Self::AssessmentExists => "assessment_exists",
            Self::WrongAssessmentStatus { .. } => "wrong_assessment_status",
            Self::EvidenceMissing => "evidence_missing",
            Self::InformationAndAdviceRequired => "information_and_advice_required",
            Self::WrittenRecordNotGiven => "written_record_not_given",
            Self::TransitionConditionsNotMet => "transition_conditions_not_met",
            Self::TransitionGroundsOnlyForTransition => "transition_grounds_only_for_transition",
            Self::S63OverrideOnlyForTransition => "s63_override_only_for_transition",
            Self::DutyNotEndedByRefusal => "duty_not_ended_by_refusal",
            Self::EvidenceDoesNotFitKind { .. } => "evidence_does_not_fit_kind",
            Self::AppropriatenessNotRecorded => "appropriateness_not_recorded",
            Self::ParentCarerNeedsNotRecorded => "parent_carer_needs_not_recorded",
            Self::TransitionAdviceRequired => "transition_advice_required",
            Self::NotATransitionAssessment => "not_a_transition_assessment",
            Self::AlreadyDecidedAt18 => "already_decided_at_18",
            Self::NotYetEighteen => "not_yet_eighteen",
            Self::IndicationNotTreatedAsAssessment => "indication_not_treated_as_assessment",
            Self::EscalationToOwnOrganisation => "escalation_to_own_organisation",
            Self::NotTheReceivingOrganisation => "not_the_receiving_organisation",
            Self::PeriodReversed => "period_reversed",
            Self::DateInTheFuture => "date_in_the_future",
            Self::UnknownConcern => "unknown_concern",
            Self::ConcernExists => "concern_exists",
            Self::NoCategory => "no_category",
            Self::UnknownPersonAtRisk => "unknown_person_at_risk",
            Self::WrongAgency { .. } => "wrong_agency",
            Self::NoS42ForAChild => "no_s42_for_a_child",
            Self::WrongConcernStatus { .. } => "wrong_concern_status",
            Self::S42DecisionContradictsConditions => "s42_decision_contradicts_conditions",
            Self::OpenActions => "open_actions",
            Self::UnknownAction => "unknown_action",
            Self::ActionExists => "action_exists",
            Self::ActionAlreadyCompleted => "action_already_completed",
            Self::AlreadyReferredTo { .. } => "already_referred_to",
            Self::NoChildrenInHousehold => "no_children_in_household",
            Self::NotAnAdultConcern => "not_an_adult_concern",
            Self::StrategyMeetingAlreadyRecorded => "strategy_meeting_already_recorded",
            Self::DateBeforeReferral => "date_before_referral",
            Self::NeedsNotEligible => "needs_not_eligible",
            Self::NoDetermination => "no_determination",
            Self::UnknownPlan => "unknown_plan",
            Self::PlanExists => "plan_exists",
            Self::PlanEnded => "plan_ended",
            Self::ReplacementCareCharged => "replacement_care_charged",
            Self::UnknownDirectPayment => "unknown_direct_payment",
            Self::DirectPaymentExists => "direct_payment_exists",
            Self::WrongDirectPaymentStatus { .. } => "wrong_direct_payment_status",
            Self::NonPositiveAmount => "non_positive_amount",
            Self::ReviewOutOfOrder => "review_out_of_order",
            Self::NeedNotEligible { .. } => "need_not_eligible",
            Self::DutyConditionNotMet { .. } => "duty_condition_not_met",
            Self::PlanPartyNotInvolved { .. } => "plan_party_not_involved",
            Self::DateOfBirthOutOfRange => "date_of_birth_out_of_range",
            Self::ClockOutOfRange => "clock_out_of_range",
            Self::NameRequired => "name_required",
            Self::DateBeforePlan => "date_before_plan",
            Self::DateOutOfRange => "date_out_of_range",
            Self::InvalidOrganisation => "invalid_organisation",
            Self::NoConsentToShare => "no_consent_to_share",
            Self::ContactExists => "contact_exists",
            Self::ServiceExists => "service_exists",
            Self::UnknownPlanItem => "unknown_plan_item",
            Self::BreakDatesInvalid => "break_dates_invalid",
            Self::NothingDelivered => "nothing_delivered",
            Self::NegativeAmount => "negative_amount",
            Self::ContactOutcomeRequired => "contact_outcome_required",
            Self::UnknownContact => "unknown_contact",
            Self::NoteExists => "note_exists",
            Self::NoteRequired => "note_required",
            Self::CaredForDied => "cared_for_died",
            Self::DeathEndsEveryLink => "death_ends_every_link",
            Self::LinksOverlap => "links_overlap",
            Self::UnknownHousehold => "unknown_household",
            Self::HouseholdExists => "household_exists",
            Self::AlreadyAMember => "already_a_member",
            Self::UnknownMember => "unknown_member",
            Self::UnknownCaredFor => "unknown_cared_for",
            Self::CaredForExists => "cared_for_exists",
            Self::NhsNumberInvalid => "nhs_number_invalid",
            Self::CarerAlreadyLinked => "carer_already_linked",
            Self::UnknownCarerLink => "unknown_carer_link",
            Self::ConsentAlreadyGiven => "consent_already_given",
            Self::ConsentNotGiven => "consent_not_given",
            Self::DateOfBirthDiffers => "date_of_birth_differs",
            Self::DateBeforeLink => "date_before_link",
            Self::PersonalDataErased => "personal_data_erased",
            Self::RetentionNotInTheFuture => "retention_not_in_the_future",
            Self::RetentionReasonRequired => "retention_reason_required",
            Self::DirectPaymentConditionNotMet { .. } => "direct_payment_condition_not_met",
            Self::DirectPaymentExceedsBudget => "direct_payment_exceeds_budget",
            Self::DirectPaymentItemsUnknown => "direct_payment_items_unknown",
            Self::CaseSuperseded => "case_superseded",
            Self::LinkedToItself => "linked_to_itself",
            Self::AlreadyLinked => "already_linked",
            Self::NotTheRecordCorrected => "not_the_record_corrected",
            Self::UnknownWaitingEntry => "unknown_waiting_entry",
            Self::WaitingEntryExists => "waiting_entry_exists",
            Self::AlreadyWaiting => "already_waiting",
            Self::WaitingOutOfOrder => "waiting_out_of_order",
            Self::DateBeforeLastStep => "date_before_last_step",
            Self::SelfReferralWithReferrer => "self_referral_with_referrer",
            Self::ChangeReasonRequired => "change_reason_required",
            Self::NothingChanged => "nothing_changed",
            Self::ConditionsRequired => "conditions_required",
            Self::InvalidWorker => "invalid_worker",
            Self::AlreadyAllocated => "already_allocated",
            Self::NotAllocated => "not_allocated",
            Self::UnknownReferral => "unknown_referral",
            Self::ReferralExists => "referral_exists",
            Self::ReferralReasonRequired => "referral_reason_required",
            Self::ReferralToOwnOrganisation => "referral_to_own_organisation",
            Self::ReferralAlreadyAnswered => "referral_already_answered",
            Self::UnknownEmergencyPlan => "unknown_emergency_plan",
            Self::EmergencyPlanExists => "emergency_plan_exists",
            Self::EmergencyPlanActive => "emergency_plan_active",
            Self::EmergencyPlanNotActive => "emergency_plan_not_active",
            Self::EmergencyArrangementsRequired => "emergency_arrangements_required",
            Self::CardNumberRequired => "card_number_required",
            Self::RoleEnded => "role_ended",
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::Journey(e) => e.kind(),
            Self::CaredForDied => ErrorKind::Conflict,
            Self::DeathEndsEveryLink => ErrorKind::Invalid,
            Self::LinksOverlap => ErrorKind::Invalid,
            Self::UnknownHousehold => ErrorKind::NotFound,
            Self::HouseholdExists => ErrorKind::Conflict,
            Self::AlreadyAMember => ErrorKind::Conflict,
            Self::UnknownMember => ErrorKind::NotFound,
            Self::UnknownCaredFor => ErrorKind::NotFound,
            Self::CaredForExists => ErrorKind::Conflict,
            Self::NhsNumberInvalid => ErrorKind::Invalid,
            Self::CarerAlreadyLinked => ErrorKind::Conflict,
            Self::UnknownCarerLink => ErrorKind::NotFound,
            Self::ConsentAlreadyGiven => ErrorKind::Conflict,
            Self::ConsentNotGiven => ErrorKind::Conflict,
            Self::DateOfBirthDiffers => ErrorKind::Invalid,
            Self::DateBeforeLink => ErrorKind::Invalid,
            Self::CaseSuperseded => ErrorKind::Conflict,
            Self::LinkedToItself => ErrorKind::Invalid,
            Self::AlreadyLinked => ErrorKind::Conflict,
            Self::NotTheRecordCorrected => ErrorKind::Invalid,
            Self::UnknownWaitingEntry => ErrorKind::NotFound,
            Self::WaitingEntryExists => ErrorKind::Conflict,
            Self::AlreadyWaiting => ErrorKind::Conflict,
            Self::WaitingOutOfOrder => ErrorKind::Conflict,
            Self::DateBeforeLastStep => ErrorKind::Invalid,
            Self::SelfReferralWithReferrer => ErrorKind::Invalid,
            Self::ChangeReasonRequired => ErrorKind::Invalid,
            Self::NothingChanged => ErrorKind::Invalid,
            Self::ConditionsRequired => ErrorKind::Invalid,
            Self::InvalidWorker => ErrorKind::Invalid,
            Self::AlreadyAllocated => ErrorKind::Conflict,
            Self::NotAllocated => ErrorKind::Conflict,
            Self::UnknownReferral => ErrorKind::NotFound,
            Self::ReferralExists => ErrorKind::Conflict,
            Self::ReferralReasonRequired => ErrorKind::Invalid,
            Self::ReferralToOwnOrganisation => ErrorKind::Invalid,
            Self::ReferralAlreadyAnswered => ErrorKind::Conflict,
            Self::UnknownEmergencyPlan => ErrorKind::NotFound,
            Self::EmergencyPlanExists => ErrorKind::Conflict,
            Self::EmergencyPlanActive => ErrorKind::Conflict,
            Self::EmergencyPlanNotActive => ErrorKind::Conflict,
            Self::EmergencyArrangementsRequired => ErrorKind::Invalid,
            Self::CardNumberRequired => ErrorKind::Invalid,
            Self::RoleEnded => ErrorKind::Conflict,
            Self::NotIdentified
            | Self::UnknownRole
            | Self::UnknownAssessment
            | Self::UnknownContact
            | Self::UnknownPlanItem
            | Self::UnknownConcern
            | Self::UnknownAction
            | Self::UnknownPlan
            | Self::UnknownDirectPayment => ErrorKind::NotFound,
            Self::AlreadyIdentified
            | Self::RoleExists
            | Self::AlreadyCountsAsCarer
            | Self::DutyEndedByRefusal
            | Self::AssessmentExists
            | Self::WrongAssessmentStatus { .. }
            | Self::EvidenceMissing
            | Self::InformationAndAdviceRequired
            | Self::WrittenRecordNotGiven
            | Self::DutyNotEndedByRefusal
            | Self::AppropriatenessNotRecorded
            | Self::ParentCarerNeedsNotRecorded
            | Self::TransitionAdviceRequired
            | Self::AlreadyDecidedAt18
            | Self::NotYetEighteen
            | Self::IndicationNotTreatedAsAssessment
            | Self::ConcernExists
            | Self::WrongConcernStatus { .. }
            | Self::OpenActions
            | Self::ActionExists
            | Self::ActionAlreadyCompleted
            | Self::AlreadyReferredTo { .. }
            | Self::StrategyMeetingAlreadyRecorded
            | Self::NoDetermination
            | Self::PlanExists
            | Self::PlanEnded
            | Self::DirectPaymentExists
            | Self::WrongDirectPaymentStatus { .. }
            | Self::ContactExists
            | Self::ServiceExists
            | Self::NoteExists
            | Self::PersonalDataErased => ErrorKind::Conflict,
            Self::NotACarer
            | Self::WrongAssessmentKind { .. }
            | Self::CombinedNeedsBothConsents
            | Self::TransitionConditionsNotMet
            | Self::TransitionGroundsOnlyForTransition
            | Self::S63OverrideOnlyForTransition
            | Self::EvidenceDoesNotFitKind { .. }
            | Self::NotATransitionAssessment
            | Self::EscalationToOwnOrganisation
            | Self::PeriodReversed
            | Self::DateInTheFuture
            | Self::NoCategory
            | Self::UnknownPersonAtRisk
            | Self::WrongAgency { .. }
            | Self::NoS42ForAChild
            | Self::S42DecisionContradictsConditions
            | Self::NoChildrenInHousehold
            | Self::NotAnAdultConcern
            | Self::DateBeforeReferral
            | Self::NeedsNotEligible
            | Self::ReplacementCareCharged
            | Self::NonPositiveAmount
            | Self::ReviewOutOfOrder
            | Self::NeedNotEligible { .. }
            | Self::DutyConditionNotMet { .. }
            | Self::PlanPartyNotInvolved { .. }
            | Self::DateOfBirthOutOfRange
            | Self::ClockOutOfRange
            | Self::NameRequired
            | Self::DateBeforePlan
            | Self::DateOutOfRange
            | Self::InvalidOrganisation
            | Self::ContactOutcomeRequired
            | Self::BreakDatesInvalid
            | Self::NothingDelivered
            | Self::NegativeAmount
            | Self::NoteRequired
            | Self::RetentionNotInTheFuture
            | Self::RetentionReasonRequired
            | Self::DirectPaymentConditionNotMet { .. }
            | Self::DirectPaymentExceedsBudget
            | Self::DirectPaymentItemsUnknown => ErrorKind::Invalid,
            Self::ConsentRequired
            | Self::ConsentRequiredToOpen
            | Self::ConsentWithdrawn
            | Self::NotTheReceivingOrganisation
            | Self::NoConsentToShare => ErrorKind::Forbidden,
        }
    }
}

#[cfg(any(test, feature = "testkit"))]
impl CaseError {
    /// One value of every variant (and of every journey refusal), for tests of
    /// codes, kinds and messages. The unit tests check that none is missing.
    pub fn one_of_each() -> Vec<CaseError> {
        use super::journey::Stage;
        vec![
            Self::NotIdentified,
            Self::AlreadyIdentified,
            Self::ConsentRequired,
            Self::ConsentRequiredToOpen,
            Self::ConsentWithdrawn,
            Self::UnknownRole,
            Self::RoleExists,
            Self::AlreadyCountsAsCarer,
            Self::Journey(JourneyError::ForbiddenTransition {
                from: Stage::BeforeCaring,
                to: Stage::LivingAsACarer,
            }),
            Self::Journey(JourneyError::MovingOnNeedsAReason),
            Self::NotACarer,
            Self::WrongAssessmentKind {
                requested: AssessmentKind::CarersAssessment,
                applies: ApplicableRoute::ChildInNeedAssessment,
            },
            Self::CombinedNeedsBothConsents,
            Self::DutyEndedByRefusal,
            Self::UnknownAssessment,
            Self::AssessmentExists,
            Self::WrongAssessmentStatus {
                action: "start",
                status: AssessmentStatus::Refused,
            },
            Self::EvidenceMissing,
            Self::InformationAndAdviceRequired,
            Self::WrittenRecordNotGiven,
            Self::TransitionConditionsNotMet,
            Self::TransitionGroundsOnlyForTransition,
            Self::S63OverrideOnlyForTransition,
            Self::DutyNotEndedByRefusal,
            Self::EvidenceDoesNotFitKind {
                kind: AssessmentKind::Transition,
            },
            Self::AppropriatenessNotRecorded,
            Self::ParentCarerNeedsNotRecorded,
            Self::TransitionAdviceRequired,
            Self::NotATransitionAssessment,
            Self::AlreadyDecidedAt18,
            Self::NotYetEighteen,
            Self::IndicationNotTreatedAsAssessment,
            Self::EscalationToOwnOrganisation,
            Self::NotTheReceivingOrganisation,
            Self::PeriodReversed,
            Self::DateInTheFuture,
            Self::UnknownConcern,
            Self::ConcernExists,
            Self::NoCategory,
            Self::UnknownPersonAtRisk,
            Self::WrongAgency {
                expected: Agency::ChildrensTrust,
            },
            Self::NoS42ForAChild,
            Self::WrongConcernStatus {
                action: "refer",
                status: ConcernStatus::Decided,
            },
            Self::S42DecisionContradictsConditions,
            Self::OpenActions,
            Self::UnknownAction,
            Self::ActionExists,
            Self::ActionAlreadyCompleted,
            Self::AlreadyReferredTo {
                agency: Agency::AdultSocialCare,
            },
            Self::NoChildrenInHousehold,
            Self::NotAnAdultConcern,
            Self::StrategyMeetingAlreadyRecorded,
            Self::DateBeforeReferral,
            Self::NeedsNotEligible,
            Self::NoDetermination,
            Self::UnknownPlan,
            Self::PlanExists,
            Self::PlanEnded,
            Self::ReplacementCareCharged,
            Self::UnknownDirectPayment,
            Self::DirectPaymentExists,
            Self::WrongDirectPaymentStatus {
                action: "check the use of",
                status: DirectPaymentStatus::Agreed,
            },
            Self::NonPositiveAmount,
            Self::ReviewOutOfOrder,
            Self::NeedNotEligible {
                need: NeedArea::Health,
            },
            Self::DutyConditionNotMet {
                condition: DutyCondition::OrdinaryResidence,
            },
            Self::PlanPartyNotInvolved {
                party: PlanParty::Carer,
            },
            Self::DateOfBirthOutOfRange,
            Self::ClockOutOfRange,
            Self::NameRequired,
            Self::DateBeforePlan,
            Self::DateOutOfRange,
            Self::InvalidOrganisation,
            Self::PersonalDataErased,
            Self::RetentionNotInTheFuture,
            Self::RetentionReasonRequired,
            Self::NoConsentToShare,
            Self::ContactExists,
            Self::ContactOutcomeRequired,
            Self::UnknownContact,
            Self::NoteExists,
            Self::NoteRequired,
            Self::CaredForDied,
            Self::DeathEndsEveryLink,
            Self::LinksOverlap,
            Self::UnknownHousehold,
            Self::HouseholdExists,
            Self::AlreadyAMember,
            Self::UnknownMember,
            Self::UnknownCaredFor,
            Self::CaredForExists,
            Self::NhsNumberInvalid,
            Self::CarerAlreadyLinked,
            Self::UnknownCarerLink,
            Self::ConsentAlreadyGiven,
            Self::ConsentNotGiven,
            Self::DateOfBirthDiffers,
            Self::DateBeforeLink,
            Self::ServiceExists,
            Self::UnknownPlanItem,
            Self::BreakDatesInvalid,
            Self::NothingDelivered,
            Self::NegativeAmount,
            Self::DirectPaymentConditionNotMet {
                condition: DirectPaymentCondition::Requested,
            },
            Self::DirectPaymentExceedsBudget,
            Self::DirectPaymentItemsUnknown,
            Self::UnknownEmergencyPlan,
            Self::EmergencyPlanExists,
            Self::EmergencyPlanActive,
            Self::EmergencyPlanNotActive,
            Self::EmergencyArrangementsRequired,
            Self::CardNumberRequired,
            Self::RoleEnded,
            Self::UnknownReferral,
            Self::ReferralExists,
            Self::ReferralReasonRequired,
            Self::ReferralToOwnOrganisation,
            Self::ReferralAlreadyAnswered,
            Self::InvalidWorker,
            Self::AlreadyAllocated,
            Self::NotAllocated,
            Self::ChangeReasonRequired,
            Self::NothingChanged,
            Self::ConditionsRequired,
            Self::SelfReferralWithReferrer,
            Self::UnknownWaitingEntry,
            Self::WaitingEntryExists,
            Self::AlreadyWaiting,
            Self::WaitingOutOfOrder,
            Self::DateBeforeLastStep,
            Self::NotTheRecordCorrected,
            Self::CaseSuperseded,
            Self::LinkedToItself,
            Self::AlreadyLinked,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The variant's place in the enum: exhaustive, so a new variant does not
    /// compile until it is listed here, and then fails the test until it is in
    /// [`CaseError::one_of_each`].
    fn index(e: &CaseError) -> usize {
        match e {
            CaseError::NotIdentified => 0,
            CaseError::AlreadyIdentified => 1,
            CaseError::ConsentRequired => 2,
            CaseError::ConsentRequiredToOpen => 3,
            CaseError::ConsentWithdrawn => 4,
            CaseError::UnknownRole => 5,
            CaseError::RoleExists => 6,
            CaseError::AlreadyCountsAsCarer => 7,
            CaseError::Journey(_) => 8,
            CaseError::NotACarer => 9,
            CaseError::WrongAssessmentKind { .. } => 10,
            CaseError::CombinedNeedsBothConsents => 11,
            CaseError::DutyEndedByRefusal => 12,
            CaseError::UnknownAssessment => 13,
            CaseError::AssessmentExists => 14,
            CaseError::WrongAssessmentStatus { .. } => 15,
            CaseError::EvidenceMissing => 16,
            CaseError::InformationAndAdviceRequired => 17,
            CaseError::WrittenRecordNotGiven => 18,
            CaseError::TransitionConditionsNotMet => 19,
            CaseError::TransitionGroundsOnlyForTransition => 20,
            CaseError::S63OverrideOnlyForTransition => 21,
            CaseError::DutyNotEndedByRefusal => 22,
            CaseError::EvidenceDoesNotFitKind { .. } => 23,
            CaseError::AppropriatenessNotRecorded => 24,
            CaseError::ParentCarerNeedsNotRecorded => 25,
            CaseError::TransitionAdviceRequired => 26,
            CaseError::NotATransitionAssessment => 27,
            CaseError::AlreadyDecidedAt18 => 28,
            CaseError::NotYetEighteen => 29,
            CaseError::IndicationNotTreatedAsAssessment => 30,
            CaseError::EscalationToOwnOrganisation => 31,
            CaseError::NotTheReceivingOrganisation => 32,
            CaseError::PeriodReversed => 33,
            CaseError::DateInTheFuture => 34,
            CaseError::UnknownConcern => 35,
            CaseError::ConcernExists => 36,
            CaseError::NoCategory => 37,
            CaseError::UnknownPersonAtRisk => 38,
            CaseError::WrongAgency { .. } => 39,
            CaseError::NoS42ForAChild => 40,
            CaseError::WrongConcernStatus { .. } => 41,
            CaseError::S42DecisionContradictsConditions => 42,
            CaseError::OpenActions => 43,
            CaseError::UnknownAction => 44,
            CaseError::ActionExists => 45,
            CaseError::ActionAlreadyCompleted => 46,
            CaseError::AlreadyReferredTo { .. } => 47,
            CaseError::NoChildrenInHousehold => 48,
            CaseError::NotAnAdultConcern => 49,
            CaseError::StrategyMeetingAlreadyRecorded => 50,
            CaseError::DateBeforeReferral => 51,
            CaseError::NeedsNotEligible => 52,
            CaseError::NoDetermination => 53,
            CaseError::UnknownPlan => 54,
            CaseError::PlanExists => 55,
            CaseError::PlanEnded => 56,
            CaseError::ReplacementCareCharged => 57,
            CaseError::UnknownDirectPayment => 58,
            CaseError::DirectPaymentExists => 59,
            CaseError::WrongDirectPaymentStatus { .. } => 60,
            CaseError::NonPositiveAmount => 61,
            CaseError::ReviewOutOfOrder => 62,
            CaseError::NeedNotEligible { .. } => 63,
            CaseError::DutyConditionNotMet { .. } => 64,
            CaseError::PlanPartyNotInvolved { .. } => 65,
            CaseError::DateOfBirthOutOfRange => 66,
            CaseError::DateBeforePlan => 67,
            CaseError::DirectPaymentConditionNotMet { .. } => 68,
            CaseError::DirectPaymentExceedsBudget => 69,
            CaseError::DirectPaymentItemsUnknown => 70,
            CaseError::ClockOutOfRange => 71,
            CaseError::NameRequired => 72,
            CaseError::DateOutOfRange => 73,
            CaseError::InvalidOrganisation => 74,
            CaseError::PersonalDataErased => 75,
            CaseError::RetentionNotInTheFuture => 76,
            CaseError::RetentionReasonRequired => 77,
            CaseError::NoConsentToShare => 78,
            CaseError::ContactExists => 79,
            CaseError::ContactOutcomeRequired => 80,
            CaseError::UnknownContact => 81,
            CaseError::NoteExists => 82,
            CaseError::NoteRequired => 83,
            CaseError::CaredForDied => 130,
            CaseError::DeathEndsEveryLink => 131,
            CaseError::LinksOverlap => 132,
            CaseError::UnknownHousehold => 126,
            CaseError::HouseholdExists => 127,
            CaseError::AlreadyAMember => 128,
            CaseError::UnknownMember => 129,
            CaseError::UnknownCaredFor => 117,
            CaseError::CaredForExists => 118,
            CaseError::NhsNumberInvalid => 119,
            CaseError::CarerAlreadyLinked => 120,
            CaseError::UnknownCarerLink => 121,
            CaseError::ConsentAlreadyGiven => 122,
            CaseError::ConsentNotGiven => 123,
            CaseError::DateOfBirthDiffers => 124,
            CaseError::DateBeforeLink => 125,
            CaseError::ServiceExists => 84,
            CaseError::UnknownPlanItem => 85,
            CaseError::BreakDatesInvalid => 86,
            CaseError::NothingDelivered => 87,
            CaseError::NegativeAmount => 88,
            CaseError::UnknownEmergencyPlan => 89,
            CaseError::EmergencyPlanExists => 90,
            CaseError::EmergencyPlanActive => 91,
            CaseError::EmergencyPlanNotActive => 92,
            CaseError::EmergencyArrangementsRequired => 93,
            CaseError::CardNumberRequired => 94,
            CaseError::RoleEnded => 95,
            CaseError::UnknownReferral => 96,
            CaseError::ReferralExists => 97,
            CaseError::ReferralReasonRequired => 98,
            CaseError::ReferralToOwnOrganisation => 99,
            CaseError::ReferralAlreadyAnswered => 100,
            CaseError::InvalidWorker => 101,
            CaseError::AlreadyAllocated => 102,
            CaseError::NotAllocated => 103,
            CaseError::ChangeReasonRequired => 104,
            CaseError::NothingChanged => 105,
            CaseError::ConditionsRequired => 106,
            CaseError::SelfReferralWithReferrer => 107,
            CaseError::UnknownWaitingEntry => 108,
            CaseError::WaitingEntryExists => 109,
            CaseError::AlreadyWaiting => 110,
            CaseError::WaitingOutOfOrder => 111,
            CaseError::DateBeforeLastStep => 112,
            CaseError::NotTheRecordCorrected => 113,
            CaseError::CaseSuperseded => 114,
            CaseError::LinkedToItself => 115,
            CaseError::AlreadyLinked => 116,
        }
    }

    const VARIANTS: usize = 133;

    #[test]
    fn one_of_each_has_every_variant() {
        let seen: BTreeSet<usize> = CaseError::one_of_each().iter().map(index).collect();
        assert_eq!(seen, (0..VARIANTS).collect());
    }

    #[test]
    fn codes_are_unique_and_snake_case() {
        let all = CaseError::one_of_each();
        let codes: BTreeSet<&str> = all.iter().map(ServiceError::code).collect();
        assert_eq!(codes.len(), all.len(), "a code is used twice");
        for code in codes {
            let snake = !code.is_empty()
                && code.starts_with(|c: char| c.is_ascii_lowercase())
                && !code.contains("__")
                && !code.ends_with('_')
                && code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            assert!(snake, "{code} is not snake_case");
        }
    }

    #[test]
    fn kinds_follow_the_documented_groups() {
        use ErrorKind::*;
        for (e, kind) in [
            (CaseError::UnknownPlan, NotFound),
            (CaseError::PlanExists, Conflict),
            (CaseError::DateInTheFuture, Invalid),
            (CaseError::ConsentWithdrawn, Forbidden),
            (CaseError::NotTheReceivingOrganisation, Forbidden),
            (CaseError::NoConsentToShare, Forbidden),
        ] {
            assert_eq!(e.kind(), kind, "{e:?}");
        }
        for e in CaseError::one_of_each() {
            let expected = e.code().starts_with("unknown_") && e.code() != "unknown_person_at_risk";
            assert_eq!(
                e.kind() == NotFound,
                expected || e == CaseError::NotIdentified,
                "{e:?}"
            );
        }
    }
}
