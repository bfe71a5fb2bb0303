//! [`CarerCase`]: the carer's case as an aggregate, one stream per carer. It routes
//! each command to the rule that owns it (journey, assessment, eligibility) and
//! folds the events into the case's state.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::es::{Aggregate, Context};

use super::assessment::{Assessment, AssessmentKind, AssessmentResult, AssessmentStatus, Route};
use super::command::{AssessmentRequest, CaseCommand};
use super::consent::{ConsentPurpose, EqualityMonitoring};
use super::eligibility::determine;
use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::{AssessmentId, CaredForId, CarerId, ConcernId, PlanId};
use super::journey::{JourneyError, MovingOnOffer, Stage};
use super::person::{
    CarerKind, IdentificationSource, PersonalDetails, TransitionPolicy, carer_kind,
};
use super::role::CaringRole;
use super::safeguarding::{Concern, SafeguardingAction};
use super::support_plan::{ReviewTrigger, SupportPlan};

/// A carer's case: its state is the fold of its events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarerCase {
    /// The carer, once identified.
    pub carer: Option<CarerId>,
    /// Personal details.
    pub details: Option<PersonalDetails>,
    /// How the carer was identified.
    pub source: Option<IdentificationSource>,
    /// When the case opened.
    pub identified_on: Option<NaiveDate>,
    /// The latest answer for each consent purpose.
    pub consents: Vec<(ConsentPurpose, bool)>,
    /// Equality monitoring, if the carer consented.
    pub equality: Option<EqualityMonitoring>,
    /// Caring roles, in the order added.
    pub roles: Vec<CaringRole>,
    /// Assessments, in the order requested.
    pub assessments: Vec<(AssessmentId, Assessment)>,
    /// The carer refused an assessment and the duty has not revived (s.11(5)).
    pub duty_ended_by_refusal: bool,
    /// Safeguarding concerns, in the order raised.
    pub concerns: Vec<(ConcernId, Concern)>,
    /// Support plans, in the order agreed.
    pub plans: Vec<(PlanId, SupportPlan)>,
}

impl CarerCase {
    /// The caring role for `cared_for`.
    pub fn role(&self, cared_for: CaredForId) -> Option<&CaringRole> {
        self.roles.iter().find(|r| r.cared_for == cared_for)
    }

    fn role_mut(&mut self, cared_for: CaredForId) -> Option<&mut CaringRole> {
        self.roles.iter_mut().find(|r| r.cared_for == cared_for)
    }

    /// The assessment with `id`.
    pub fn assessment(&self, id: AssessmentId) -> Option<&Assessment> {
        self.assessments
            .iter()
            .find(|(a, _)| *a == id)
            .map(|(_, a)| a)
    }

    fn assessment_mut(&mut self, id: AssessmentId) -> Option<&mut Assessment> {
        self.assessments
            .iter_mut()
            .find(|(a, _)| *a == id)
            .map(|(_, a)| a)
    }

    /// Whether a consent is currently given.
    pub fn consented(&self, purpose: ConsentPurpose) -> bool {
        self.consents
            .iter()
            .any(|(p, given)| *p == purpose && *given)
    }

    /// The carer's overall journey stage, derived from their roles.
    pub fn overall_stage(&self) -> Option<Stage> {
        Stage::overall(self.roles.iter().map(|r| r.stage))
    }

    /// The roles the law counts as caring (s.10(9)–(10)).
    pub fn caring_roles(&self) -> impl Iterator<Item = &CaringRole> {
        self.roles.iter().filter(|r| r.counts_as_caring())
    }

    /// The carer kind on `on`, if the case is open.
    pub fn kind_on(&self, on: NaiveDate) -> Option<CarerKind> {
        let dob = *self.details.as_ref()?.date_of_birth.reveal();
        let parent = self.caring_roles().any(|r| r.is_parent_of_disabled_child());
        Some(carer_kind(dob, on, parent))
    }

    /// The transition assessment's due date, for a carer who is a young carer on `on`.
    pub fn transition_assessment_due(
        &self,
        policy: &TransitionPolicy,
        on: NaiveDate,
    ) -> Option<NaiveDate> {
        if self.kind_on(on)? != CarerKind::YoungCarer {
            return None;
        }
        policy.due_date(*self.details.as_ref()?.date_of_birth.reveal())
    }

    /// The assessment kinds the law gives this carer on `on`, the first being the
    /// one to name when another is asked for.
    fn kinds_allowed(&self, on: NaiveDate) -> Vec<AssessmentKind> {
        let adults = self.caring_roles().filter(|r| r.age.is_adult());
        let combined = adults.map(|r| AssessmentKind::Combined {
            cared_for: r.cared_for,
        });
        match self.kind_on(on) {
            Some(CarerKind::YoungCarer) => {
                vec![
                    AssessmentKind::YoungCarersNeedsAssessment,
                    AssessmentKind::Transition,
                ]
            }
            Some(CarerKind::ParentCarer) => {
                let mut kinds = vec![AssessmentKind::ParentCarersNeedsAssessment];
                if self.caring_roles().any(|r| r.age.is_adult()) {
                    kinds.push(AssessmentKind::CarersAssessment);
                    kinds.extend(combined);
                }
                kinds
            }
            _ => std::iter::once(AssessmentKind::CarersAssessment)
                .chain(combined)
                .collect(),
        }
    }

    fn decide_request(
        &self,
        request: &AssessmentRequest,
        on: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let AssessmentRequest {
            assessment,
            kind,
            route,
            circumstances_changed,
            carer_agrees,
            cared_for_agrees,
        } = *request;
        if self.assessment(assessment).is_some() {
            return Err(CaseError::AssessmentExists);
        }
        // s.10(3), (9): a carer provides or intends to provide unpaid care. Finances
        // and the cared-for person's eligibility play no part (s.10(4)).
        if self.caring_roles().next().is_none() {
            return Err(CaseError::NotACarer);
        }
        let allowed = self.kinds_allowed(on);
        if let AssessmentKind::Combined { .. } = kind {
            if !allowed.contains(&kind) {
                return Err(match self.kind_on(on) {
                    Some(CarerKind::YoungCarer) => CaseError::WrongAssessmentKind {
                        requested: kind,
                        expected: allowed[0],
                    },
                    _ => CaseError::CombinedWithUnknownAdult,
                });
            }
            if !(carer_agrees && cared_for_agrees == Some(true)) {
                return Err(CaseError::CombinedNeedsBothConsents);
            }
        } else if !allowed.contains(&kind) {
            return Err(CaseError::WrongAssessmentKind {
                requested: kind,
                expected: allowed[0],
            });
        }
        let duty_revived = self.duty_ended_by_refusal;
        if duty_revived && route != Route::RequestedByCarer && !circumstances_changed {
            return Err(CaseError::DutyEndedByRefusal);
        }
        Ok(vec![CaseEvent::AssessmentRequested {
            assessment,
            kind,
            route,
            on,
            duty_revived,
        }])
    }

    fn status_of(&self, id: AssessmentId) -> Result<(&Assessment, AssessmentStatus), CaseError> {
        let a = self.assessment(id).ok_or(CaseError::UnknownAssessment)?;
        Ok((a, a.status))
    }
}

fn wrong(action: &'static str, status: AssessmentStatus) -> CaseError {
    CaseError::WrongAssessmentStatus { action, status }
}

impl Aggregate for CarerCase {
    type Command = CaseCommand;
    type Event = CaseEvent;
    type Error = CaseError;
    const CATEGORY: &'static str = "carer";

    fn decide(&self, command: &CaseCommand, ctx: &Context) -> Result<Vec<CaseEvent>, CaseError> {
        use AssessmentStatus as S;
        use CaseCommand as C;
        let today = ctx.now.date_naive();
        if self.carer.is_none() && !matches!(command, C::IdentifyCarer { .. }) {
            return Err(CaseError::NotIdentified);
        }
        let events = match command {
            C::IdentifyCarer {
                carer,
                details,
                source,
                consent_to_hold_data,
            } => {
                if self.carer.is_some() {
                    return Err(CaseError::AlreadyIdentified);
                }
                vec![
                    CaseEvent::CarerIdentified {
                        carer: *carer,
                        details: details.clone(),
                        source: *source,
                        on: today,
                    },
                    CaseEvent::ConsentRecorded {
                        purpose: ConsentPurpose::HoldData,
                        given: *consent_to_hold_data,
                        on: today,
                    },
                ]
            }
            C::RecordConsent { purpose, given } => {
                vec![CaseEvent::ConsentRecorded {
                    purpose: *purpose,
                    given: *given,
                    on: today,
                }]
            }
            C::RecordEqualityMonitoring {
                monitoring,
                consent_given,
            } => {
                if !consent_given {
                    return Err(CaseError::ConsentRequired);
                }
                vec![CaseEvent::EqualityMonitoringRecorded {
                    monitoring: monitoring.clone(),
                }]
            }
            C::AddCaringRole(new) => {
                if self.role(new.cared_for).is_some() {
                    return Err(CaseError::RoleExists);
                }
                if new.stage == Stage::MovingOn {
                    return Err(JourneyError::MovingOnNeedsAReason.into());
                }
                let role = new.to_role();
                let mut events = vec![CaseEvent::CaringRoleAdded { role }];
                events.extend(self.reviews_due_now(today, ReviewTrigger::NewCaringRole));
                events
            }
            C::TreatAsCarer { cared_for, reason } => {
                let role = self.role(*cared_for).ok_or(CaseError::UnknownRole)?;
                if role.counts_as_caring() {
                    return Err(CaseError::AlreadyCountsAsCarer);
                }
                vec![CaseEvent::TreatedAsCarer {
                    cared_for: *cared_for,
                    reason: reason.clone(),
                }]
            }
            C::ChangeStage { cared_for, to, on } => {
                let role = self.role(*cared_for).ok_or(CaseError::UnknownRole)?;
                let to = role.stage.step_to(*to)?;
                vec![CaseEvent::StageChanged {
                    cared_for: *cared_for,
                    from: role.stage,
                    to,
                    on: *on,
                }]
            }
            C::MoveOn {
                cared_for,
                reason,
                on,
            } => {
                let role = self.role(*cared_for).ok_or(CaseError::UnknownRole)?;
                if !role.stage.may_move_to(Stage::MovingOn) {
                    return Err(JourneyError::ForbiddenTransition {
                        from: role.stage,
                        to: Stage::MovingOn,
                    }
                    .into());
                }
                let mut events = vec![CaseEvent::MovedOnFromCaring {
                    cared_for: *cared_for,
                    from: role.stage,
                    reason: *reason,
                    on: *on,
                    offer: MovingOnOffer::for_ending(*reason, *on),
                }];
                events.extend(self.reviews_due_now(today, ReviewTrigger::MovedOnFromCaring));
                events
            }
            C::RequestAssessment(request) => self.decide_request(request, today)?,
            C::RefuseAssessment {
                assessment,
                at_risk_of_abuse_or_neglect,
            } => {
                let (a, status) = self.status_of(*assessment)?;
                if status != S::Pending {
                    return Err(wrong("refuse", status));
                }
                // s.63(4): a young carer at risk of abuse or neglect is assessed despite refusal.
                let young = matches!(
                    a.kind,
                    AssessmentKind::Transition | AssessmentKind::YoungCarersNeedsAssessment
                );
                let duty_continues = young && *at_risk_of_abuse_or_neglect;
                vec![CaseEvent::AssessmentRefused {
                    assessment: *assessment,
                    duty_continues,
                    on: today,
                }]
            }
            C::StartAssessment { assessment } => match self.status_of(*assessment)?.1 {
                S::Pending => vec![CaseEvent::AssessmentStarted {
                    assessment: *assessment,
                    on: today,
                }],
                status => return Err(wrong("start", status)),
            },
            C::RecordEvidence {
                assessment,
                evidence,
            } => match self.status_of(*assessment)?.1 {
                S::InProgress => vec![CaseEvent::AssessmentEvidenceRecorded {
                    assessment: *assessment,
                    evidence: evidence.clone(),
                }],
                status => return Err(wrong("record evidence on", status)),
            },
            C::EscalateAsComplex {
                assessment,
                escalation,
            } => match self.status_of(*assessment)?.1 {
                S::InProgress => vec![CaseEvent::AssessmentEscalated {
                    assessment: *assessment,
                    escalation: escalation.clone(),
                    by: ctx.actor.organisation.clone(),
                }],
                status => return Err(wrong("escalate", status)),
            },
            C::AcceptEscalation { assessment } => match self.status_of(*assessment)?.1 {
                S::Escalated => vec![CaseEvent::EscalationAccepted {
                    assessment: *assessment,
                    by: ctx.actor.organisation.clone(),
                }],
                status => return Err(wrong("accept the escalation of", status)),
            },
            C::CompleteAssessment { assessment } => {
                let (a, status) = self.status_of(*assessment)?;
                if status != S::InProgress {
                    return Err(wrong("complete", status));
                }
                let evidence = a.evidence.as_ref().ok_or(CaseError::EvidenceMissing)?;
                let determination = determine(&evidence.needs_assessed);
                let result = match a.kind {
                    AssessmentKind::CarersAssessment | AssessmentKind::Combined { .. } => {
                        AssessmentResult::Determination(determination)
                    }
                    AssessmentKind::Transition => AssessmentResult::Indication(determination),
                    AssessmentKind::YoungCarersNeedsAssessment
                    | AssessmentKind::ParentCarersNeedsAssessment => {
                        AssessmentResult::ChildrenActFindings {
                            needs_for_support: determination.reasons.effect_on_health_or_outcomes(),
                            appropriate_to_care: evidence.appropriate_to_care,
                            excessive_or_inappropriate_tasks: evidence
                                .excessive_or_inappropriate_tasks,
                        }
                    }
                };
                vec![CaseEvent::AssessmentCompleted {
                    assessment: *assessment,
                    result,
                    on: today,
                }]
            }
            C::RecordInformationAndAdvice { assessment, advice } => {
                match self.status_of(*assessment)?.1 {
                    S::Completed => vec![CaseEvent::InformationAndAdviceRecorded {
                        assessment: *assessment,
                        advice: advice.clone(),
                    }],
                    status => return Err(wrong("record advice on", status)),
                }
            }
            C::GiveWrittenRecord { assessment, on } => match self.status_of(*assessment)?.1 {
                S::Completed => vec![CaseEvent::WrittenRecordGiven {
                    assessment: *assessment,
                    on: *on,
                }],
                status => return Err(wrong("give the written record of", status)),
            },
            C::CloseAssessment { assessment } => {
                let (a, status) = self.status_of(*assessment)?;
                if status != S::Completed {
                    return Err(wrong("close", status));
                }
                if a.written_record_given.is_none() {
                    return Err(CaseError::WrittenRecordNotGiven);
                }
                if a.result
                    .as_ref()
                    .is_some_and(AssessmentResult::not_eligible)
                    && a.information_and_advice.is_none()
                {
                    return Err(CaseError::InformationAndAdviceRequired);
                }
                vec![CaseEvent::AssessmentClosed {
                    assessment: *assessment,
                    on: today,
                }]
            }
            C::RaiseConcern { concern, details } => self.decide_raise(*concern, details, ctx)?,
            C::ReferConcern { concern, to } => self.decide_refer(*concern, *to, ctx)?,
            C::ShareInformation {
                concern,
                with,
                basis,
            } => self.decide_share(*concern, with, basis)?,
            C::DecideS42 {
                concern,
                conditions,
                outcome,
            } => self.decide_s42(*concern, *conditions, outcome)?,
            C::AgreeAction {
                concern,
                action,
                owner,
                description,
                due,
            } => self.decide_agree_action(
                *concern,
                SafeguardingAction {
                    id: *action,
                    owner: owner.clone(),
                    description: description.clone(),
                    due: *due,
                    completed: None,
                },
            )?,
            C::CompleteAction {
                concern,
                action,
                on,
            } => self.decide_complete_action(*concern, *action, *on)?,
            C::CloseConcern {
                concern,
                risk,
                desired_outcomes,
            } => self.decide_close_concern(*concern, *risk, *desired_outcomes, ctx)?,
            C::AgreePlan { .. }
            | C::AgreeDirectPayment { .. }
            | C::RecordDirectPaymentMade { .. }
            | C::RecordDirectPaymentEvidence { .. }
            | C::RequestReview { .. }
            | C::ReviewPlan { .. } => self.decide_plan(command, ctx)?,
        };
        Ok(events)
    }

    fn apply(&mut self, event: &CaseEvent) {
        use AssessmentStatus as S;
        match event {
            CaseEvent::CarerIdentified {
                carer,
                details,
                source,
                on,
            } => {
                self.carer = Some(*carer);
                self.details = Some(details.clone());
                self.source = Some(*source);
                self.identified_on = Some(*on);
            }
            CaseEvent::ConsentRecorded { purpose, given, .. } => {
                match self.consents.iter_mut().find(|(p, _)| p == purpose) {
                    Some(entry) => entry.1 = *given,
                    None => self.consents.push((*purpose, *given)),
                }
            }
            CaseEvent::EqualityMonitoringRecorded { monitoring } => {
                self.equality = Some(monitoring.clone())
            }
            CaseEvent::CaringRoleAdded { role } => {
                self.roles.push(role.clone());
                // s.11(7): a change in circumstances revives a duty ended by refusal.
                self.duty_ended_by_refusal = false;
            }
            CaseEvent::TreatedAsCarer { cared_for, reason } => {
                if let Some(role) = self.role_mut(*cared_for) {
                    role.treated_as_carer = Some(super::role::TreatAsCarer {
                        reason: reason.clone(),
                    });
                }
            }
            CaseEvent::StageChanged { cared_for, to, .. } => {
                if let Some(role) = self.role_mut(*cared_for) {
                    role.stage = *to;
                }
            }
            CaseEvent::MovedOnFromCaring { cared_for, .. } => {
                if let Some(role) = self.role_mut(*cared_for) {
                    role.stage = Stage::MovingOn;
                }
                self.duty_ended_by_refusal = false;
            }
            CaseEvent::AssessmentRequested {
                assessment,
                kind,
                route,
                ..
            } => {
                self.duty_ended_by_refusal = false;
                self.assessments.push((
                    *assessment,
                    Assessment {
                        kind: *kind,
                        route: *route,
                        status: S::Pending,
                        evidence: None,
                        escalation: None,
                        result: None,
                        information_and_advice: None,
                        written_record_given: None,
                    },
                ));
            }
            CaseEvent::AssessmentRefused {
                assessment,
                duty_continues,
                ..
            } => {
                if !duty_continues {
                    self.duty_ended_by_refusal = true;
                    if let Some(a) = self.assessment_mut(*assessment) {
                        a.status = S::Refused;
                    }
                }
            }
            CaseEvent::AssessmentStarted { assessment, .. } => {
                if let Some(a) = self.assessment_mut(*assessment) {
                    a.status = S::InProgress;
                }
            }
            CaseEvent::AssessmentEvidenceRecorded {
                assessment,
                evidence,
            } => {
                if let Some(a) = self.assessment_mut(*assessment) {
                    a.evidence = Some((**evidence).clone());
                }
            }
            CaseEvent::AssessmentEscalated {
                assessment,
                escalation,
                ..
            } => {
                if let Some(a) = self.assessment_mut(*assessment) {
                    a.status = S::Escalated;
                    a.escalation = Some((escalation.clone(), false));
                }
            }
            CaseEvent::EscalationAccepted { assessment, .. } => {
                if let Some(a) = self.assessment_mut(*assessment) {
                    a.status = S::InProgress;
                    if let Some(e) = a.escalation.as_mut() {
                        e.1 = true;
                    }
                }
            }
            CaseEvent::AssessmentCompleted {
                assessment, result, ..
            } => {
                if let Some(a) = self.assessment_mut(*assessment) {
                    a.status = S::Completed;
                    a.result = Some(result.clone());
                }
            }
            CaseEvent::InformationAndAdviceRecorded { assessment, advice } => {
                if let Some(a) = self.assessment_mut(*assessment) {
                    a.information_and_advice = Some(advice.clone());
                }
            }
            CaseEvent::WrittenRecordGiven { assessment, on } => {
                if let Some(a) = self.assessment_mut(*assessment) {
                    a.written_record_given = Some(*on);
                }
            }
            CaseEvent::AssessmentClosed { assessment, .. } => {
                if let Some(a) = self.assessment_mut(*assessment) {
                    a.status = S::Closed;
                }
            }
            CaseEvent::ConcernRaised { .. }
            | CaseEvent::ConcernReferred { .. }
            | CaseEvent::InformationShared { .. }
            | CaseEvent::S42Decided { .. }
            | CaseEvent::SafeguardingActionAgreed { .. }
            | CaseEvent::SafeguardingActionCompleted { .. }
            | CaseEvent::ConcernClosed { .. } => self.apply_safeguarding(event),
            CaseEvent::PlanAgreed { .. }
            | CaseEvent::DirectPaymentAgreed { .. }
            | CaseEvent::DirectPaymentMade { .. }
            | CaseEvent::DirectPaymentUseChecked { .. }
            | CaseEvent::ReviewDue { .. }
            | CaseEvent::PlanReviewed { .. } => self.apply_plan(event),
        }
    }
}
