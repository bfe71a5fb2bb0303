//! An assessment's lifecycle from request to closure, and the case's assessments
//! as a part of the case: their state, decisions and folding.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::command::AssessmentRequest;
use crate::domain::eligibility::{Determination, determine};
use crate::domain::error::CaseError;
use crate::domain::event::CaseEvent;
use crate::domain::ids::AssessmentId;
use crate::domain::personal::Personal;
use crate::domain::view::CaseView;
use crate::es::Context;

use super::evidence::AssessmentEvidence;
use super::kinds::{AssessmentKind, Route, check_kind};
use super::result::AssessmentResult;

/// Why the Hub hands an assessment to Adult Social Care as complex.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// The reason, in the Hub's words.
    pub reason: Personal<String>,
}

/// Where an assessment is in its lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssessmentStatus {
    /// Requested or offered, not yet started.
    Pending,
    /// Refused by the carer (s.11(5)): the duty ended.
    Refused,
    /// Being carried out.
    InProgress,
    /// Handed to Adult Social Care as complex, awaiting acceptance.
    Escalated,
    /// Completed with a result.
    Completed,
    /// Closed: the written record was given and, where not eligible, advice recorded.
    Closed,
}

/// One assessment on a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Its kind.
    pub kind: AssessmentKind,
    /// How it came about.
    pub route: Route,
    /// Its status.
    pub status: AssessmentStatus,
    /// The evidence recorded so far.
    pub evidence: Option<AssessmentEvidence>,
    /// Whether it was escalated as complex, and accepted.
    pub escalation: Option<(Escalation, bool)>,
    /// The result, once completed.
    pub result: Option<AssessmentResult>,
    /// Written information and advice given (s.13(5)), if any.
    pub information_and_advice: Option<Personal<String>>,
    /// When the written record was given to the carer (s.13(2)).
    pub written_record_given: Option<NaiveDate>,
}

/// The case's assessments, and the assessment duty's refusal state (s.11(5)).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessments {
    /// Assessments, in the order requested.
    pub list: Vec<(AssessmentId, Assessment)>,
    /// The carer refused an assessment and the duty has not revived (s.11(5)).
    pub duty_ended_by_refusal: bool,
}

fn wrong(action: &'static str, status: AssessmentStatus) -> CaseError {
    CaseError::WrongAssessmentStatus { action, status }
}

impl Assessments {
    /// The assessment with `id`.
    pub fn get(&self, id: AssessmentId) -> Option<&Assessment> {
        self.list.iter().find(|(a, _)| *a == id).map(|(_, a)| a)
    }

    fn get_mut(&mut self, id: AssessmentId) -> Option<&mut Assessment> {
        self.list.iter_mut().find(|(a, _)| *a == id).map(|(_, a)| a)
    }

    fn known(&self, id: AssessmentId) -> Result<&Assessment, CaseError> {
        self.get(id).ok_or(CaseError::UnknownAssessment)
    }

    /// The assessment with `id` when it is in `status`, else the refusal to `action` it.
    fn in_status(
        &self,
        id: AssessmentId,
        status: AssessmentStatus,
        action: &'static str,
    ) -> Result<&Assessment, CaseError> {
        let a = self.known(id)?;
        if a.status != status {
            return Err(wrong(action, a.status));
        }
        Ok(a)
    }

    /// The Care Act determination a support plan may follow.
    pub(crate) fn determination_for_plan(
        &self,
        id: AssessmentId,
    ) -> Result<&Determination, CaseError> {
        self.known(id)?
            .result
            .as_ref()
            .and_then(AssessmentResult::determination)
            .ok_or(CaseError::NoDetermination)
    }

    /// Requests or offers an assessment.
    pub(crate) fn decide_request(
        &self,
        request: &AssessmentRequest,
        view: &CaseView,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let AssessmentRequest {
            assessment,
            kind,
            route,
            circumstances_changed,
            carer_agrees,
            cared_for_agrees,
        } = *request;
        if self.get(assessment).is_some() {
            return Err(CaseError::AssessmentExists);
        }
        // s.10(3), (9): a carer provides or intends to provide unpaid care. Finances
        // and the cared-for person's eligibility play no part (s.10(4)).
        if view.caring_roles().next().is_none() {
            return Err(CaseError::NotACarer);
        }
        check_kind(view, kind, today)?;
        if let AssessmentKind::Combined { .. } = kind
            && !(carer_agrees && cared_for_agrees == Some(true))
        {
            return Err(CaseError::CombinedNeedsBothConsents);
        }
        let duty_revived = self.duty_ended_by_refusal;
        if duty_revived && route != Route::RequestedByCarer && !circumstances_changed {
            return Err(CaseError::DutyEndedByRefusal);
        }
        Ok(vec![CaseEvent::AssessmentRequested {
            assessment,
            kind,
            route,
            on: today,
            duty_revived,
        }])
    }

    /// The carer refuses an assessment (s.11(5)).
    pub(crate) fn decide_refuse(
        &self,
        assessment: AssessmentId,
        at_risk_of_abuse_or_neglect: bool,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let a = self.in_status(assessment, AssessmentStatus::Pending, "refuse")?;
        // s.63(4): a young carer at risk of abuse or neglect is assessed despite refusal.
        let young = matches!(
            a.kind,
            AssessmentKind::Transition | AssessmentKind::YoungCarersNeedsAssessment
        );
        Ok(vec![CaseEvent::AssessmentRefused {
            assessment,
            duty_continues: young && at_risk_of_abuse_or_neglect,
            on: today,
        }])
    }

    /// Starts a pending assessment.
    pub(crate) fn decide_start(
        &self,
        assessment: AssessmentId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.in_status(assessment, AssessmentStatus::Pending, "start")?;
        Ok(vec![CaseEvent::AssessmentStarted {
            assessment,
            on: today,
        }])
    }

    /// Records evidence on an assessment in progress.
    pub(crate) fn decide_evidence(
        &self,
        assessment: AssessmentId,
        evidence: &AssessmentEvidence,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.in_status(
            assessment,
            AssessmentStatus::InProgress,
            "record evidence on",
        )?;
        Ok(vec![CaseEvent::AssessmentEvidenceRecorded {
            assessment,
            evidence: Box::new(evidence.clone()),
        }])
    }

    /// Escalates an assessment in progress as complex.
    pub(crate) fn decide_escalate(
        &self,
        assessment: AssessmentId,
        escalation: &Escalation,
        ctx: &Context,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.in_status(assessment, AssessmentStatus::InProgress, "escalate")?;
        Ok(vec![CaseEvent::AssessmentEscalated {
            assessment,
            escalation: escalation.clone(),
            by: ctx.actor.organisation.clone(),
        }])
    }

    /// Accepts an escalated assessment.
    pub(crate) fn decide_accept_escalation(
        &self,
        assessment: AssessmentId,
        ctx: &Context,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.in_status(
            assessment,
            AssessmentStatus::Escalated,
            "accept the escalation of",
        )?;
        Ok(vec![CaseEvent::EscalationAccepted {
            assessment,
            by: ctx.actor.organisation.clone(),
        }])
    }

    /// Completes an assessment: the result follows from the evidence by law.
    pub(crate) fn decide_complete(
        &self,
        assessment: AssessmentId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let a = self.in_status(assessment, AssessmentStatus::InProgress, "complete")?;
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
                    excessive_or_inappropriate_tasks: evidence.excessive_or_inappropriate_tasks,
                }
            }
        };
        Ok(vec![CaseEvent::AssessmentCompleted {
            assessment,
            result,
            on: today,
        }])
    }

    /// Records the written information and advice given (s.13(5)).
    pub(crate) fn decide_advice(
        &self,
        assessment: AssessmentId,
        advice: &Personal<String>,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.in_status(assessment, AssessmentStatus::Completed, "record advice on")?;
        Ok(vec![CaseEvent::InformationAndAdviceRecorded {
            assessment,
            advice: advice.clone(),
        }])
    }

    /// Records that the written record was given (s.13(2)).
    pub(crate) fn decide_written_record(
        &self,
        assessment: AssessmentId,
        on: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.in_status(
            assessment,
            AssessmentStatus::Completed,
            "give the written record of",
        )?;
        Ok(vec![CaseEvent::WrittenRecordGiven { assessment, on }])
    }

    /// Closes a completed assessment once its record and advice are given.
    pub(crate) fn decide_close(
        &self,
        assessment: AssessmentId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let a = self.in_status(assessment, AssessmentStatus::Completed, "close")?;
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
        Ok(vec![CaseEvent::AssessmentClosed {
            assessment,
            on: today,
        }])
    }

    /// Folds assessment events.
    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        use AssessmentStatus as S;
        match event {
            CaseEvent::CaringRoleAdded { .. } | CaseEvent::MovedOnFromCaring { .. } => {
                // s.11(7): a change in circumstances revives a duty ended by refusal.
                self.duty_ended_by_refusal = false;
            }
            CaseEvent::AssessmentRequested {
                assessment,
                kind,
                route,
                ..
            } => {
                self.duty_ended_by_refusal = false;
                self.list.push((
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
                duty_continues: false,
                ..
            } => {
                self.duty_ended_by_refusal = true;
                if let Some(a) = self.get_mut(*assessment) {
                    a.status = S::Refused;
                }
            }
            CaseEvent::AssessmentStarted { assessment, .. } => {
                if let Some(a) = self.get_mut(*assessment) {
                    a.status = S::InProgress;
                }
            }
            CaseEvent::AssessmentEvidenceRecorded {
                assessment,
                evidence,
            } => {
                if let Some(a) = self.get_mut(*assessment) {
                    a.evidence = Some((**evidence).clone());
                }
            }
            CaseEvent::AssessmentEscalated {
                assessment,
                escalation,
                ..
            } => {
                if let Some(a) = self.get_mut(*assessment) {
                    a.status = S::Escalated;
                    a.escalation = Some((escalation.clone(), false));
                }
            }
            CaseEvent::EscalationAccepted { assessment, .. } => {
                if let Some(a) = self.get_mut(*assessment) {
                    a.status = S::InProgress;
                    if let Some(e) = a.escalation.as_mut() {
                        e.1 = true;
                    }
                }
            }
            CaseEvent::AssessmentCompleted {
                assessment, result, ..
            } => {
                if let Some(a) = self.get_mut(*assessment) {
                    a.status = S::Completed;
                    a.result = Some(result.clone());
                }
            }
            CaseEvent::InformationAndAdviceRecorded { assessment, advice } => {
                if let Some(a) = self.get_mut(*assessment) {
                    a.information_and_advice = Some(advice.clone());
                }
            }
            CaseEvent::WrittenRecordGiven { assessment, on } => {
                if let Some(a) = self.get_mut(*assessment) {
                    a.written_record_given = Some(*on);
                }
            }
            CaseEvent::AssessmentClosed { assessment, .. } => {
                if let Some(a) = self.get_mut(*assessment) {
                    a.status = S::Closed;
                }
            }
            _ => {}
        }
    }
}
