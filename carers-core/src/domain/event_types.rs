//! The stored type names of the case's events, as constants on [`CaseEvent`]
//! (`CaseEvent::CONCERN_RAISED`), so that code filtering the log by type name
//! (projections skipping events they do not handle) names no string that could
//! drift from the variant it means.
//!
//! The unit tests check that the constants are exactly the variant names the
//! codec knows, each once.

use super::event::CaseEvent;

macro_rules! event_types {
    ($($constant:ident = $variant:ident;)*) => {
        /// The stored type name of each event (the serde variant name, which the
        /// codec stores); `TYPES` lists them all.
        impl CaseEvent {
            $(
                #[doc = concat!("The stored type name of [`CaseEvent::", stringify!($variant), "`].")]
                pub const $constant: &'static str = stringify!($variant);
            )*
            /// Every event type name, in declaration order.
            pub const TYPES: &'static [&'static str] = &[$(Self::$constant),*];
        }
    };
}

event_types! {
    CARER_IDENTIFIED = CarerIdentified;
    CONSENT_RECORDED = ConsentRecorded;
    EQUALITY_MONITORING_RECORDED = EqualityMonitoringRecorded;
    LAWFUL_BASIS_RECORDED = LawfulBasisRecorded;
    EQUALITY_MONITORING_REMOVED = EqualityMonitoringRemoved;
    CARING_ROLE_ADDED = CaringRoleAdded;
    TREATED_AS_CARER = TreatedAsCarer;
    STAGE_CHANGED = StageChanged;
    MOVED_ON_FROM_CARING = MovedOnFromCaring;
    ASSESSMENT_REQUESTED = AssessmentRequested;
    ASSESSMENT_REFUSED = AssessmentRefused;
    ASSESSMENT_DUTY_REVIVED = AssessmentDutyRevived;
    ASSESSMENT_STARTED = AssessmentStarted;
    ASSESSMENT_EVIDENCE_RECORDED = AssessmentEvidenceRecorded;
    CHILDREN_ACT_EVIDENCE_RECORDED = ChildrenActEvidenceRecorded;
    ASSESSMENT_ESCALATED = AssessmentEscalated;
    ESCALATION_ACCEPTED = EscalationAccepted;
    ESCALATION_DECLINED = EscalationDeclined;
    ASSESSMENT_COMPLETED = AssessmentCompleted;
    INFORMATION_AND_ADVICE_RECORDED = InformationAndAdviceRecorded;
    WRITTEN_RECORD_GIVEN = WrittenRecordGiven;
    ASSESSMENT_CLOSED = AssessmentClosed;
    TRANSITION_DECIDED_AT_18 = TransitionDecidedAt18;
    CONCERN_RAISED = ConcernRaised;
    CONCERN_REFERRED = ConcernReferred;
    INFORMATION_SHARED = InformationShared;
    S42_DECIDED = S42Decided;
    SAFEGUARDING_ACTION_AGREED = SafeguardingActionAgreed;
    SAFEGUARDING_ACTION_COMPLETED = SafeguardingActionCompleted;
    CONCERN_CLOSED = ConcernClosed;
    CONCERN_CLOSED_BELOW_THRESHOLD = ConcernClosedBelowThreshold;
    STRATEGY_MEETING_RECORDED = StrategyMeetingRecorded;
    PLAN_AGREED = PlanAgreed;
    DIRECT_PAYMENT_AGREED = DirectPaymentAgreed;
    DIRECT_PAYMENT_MADE = DirectPaymentMade;
    DIRECT_PAYMENT_USE_CHECKED = DirectPaymentUseChecked;
    REVIEW_DUE = ReviewDue;
    PLAN_REVIEWED = PlanReviewed;
    PLAN_COPY_GIVEN = PlanCopyGiven;
    DIRECT_PAYMENT_REVIEWED = DirectPaymentReviewed;
    PERSONAL_DATA_ERASED = PersonalDataErased;
    RETENTION_DECIDED = RetentionDecided;
    CONTACT_RECORDED = ContactRecorded;
    NOTE_ADDED = NoteAdded;
    SERVICE_DELIVERED = ServiceDelivered;
    EMERGENCY_PLAN_REGISTERED = EmergencyPlanRegistered;
    EMERGENCY_CARD_ISSUED = EmergencyCardIssued;
    EMERGENCY_PLAN_REVIEWED = EmergencyPlanReviewed;
    EMERGENCY_PLAN_ACTIVATED = EmergencyPlanActivated;
    EMERGENCY_ACTIVATION_ENDED = EmergencyActivationEnded;
    REFERRAL_RECEIVED = ReferralReceived;
    REFERRAL_MADE = ReferralMade;
    REFERRAL_ANSWERED = ReferralAnswered;
    CASE_ALLOCATED = CaseAllocated;
    CASE_UNALLOCATED = CaseUnallocated;
    CIRCUMSTANCES_CHANGED = CircumstancesChanged;
    CONTACT_DETAILS_CHANGED = ContactDetailsChanged;
    WAITING_LIST_JOINED = WaitingListJoined;
    PLACE_OFFERED = PlaceOffered;
    PLACE_TAKEN = PlaceTaken;
    WAITING_LIST_LEFT = WaitingListLeft;
    RECORD_CORRECTED = RecordCorrected;
    CASE_SUPERSEDED = CaseSuperseded;
    DUPLICATE_LINKED = DuplicateLinked;
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::es::Codec;

    #[test]
    fn the_constants_are_exactly_the_variant_names_the_codec_knows() {
        crate::es::codec::assert_lists_every_type::<CaseEvent>(CaseEvent::TYPES);
        let codec = Codec::<CaseEvent>::new();
        assert!(codec.knows(CaseEvent::CONCERN_RAISED));
    }
}
