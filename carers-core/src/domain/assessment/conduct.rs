//! Carrying out an assessment: starting it, recording evidence, escalating it as
//! complex, completing it with the result the law gives, the written record and
//! advice, closing it, and a transition assessment's decision at 18.

use chrono::NaiveDate;

use crate::domain::calendar::happened;
use crate::domain::error::CaseError;
use crate::domain::event::CaseEvent;
use crate::domain::ids::AssessmentId;
use crate::domain::personal::Personal;
use crate::domain::view::CaseView;
use crate::es::OrganisationId;

use super::escalation::Escalation;
use super::evidence::{AssessmentEvidence, ChildrenActEvidence};
use super::kinds::AssessmentKind;
use super::lifecycle::{Assessment, AssessmentStatus as S, Assessments};
use super::result::{AssessmentResult, result_of};

impl Assessments {
    /// Starts a pending assessment.
    pub(crate) fn decide_start(
        &self,
        assessment: AssessmentId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.in_status(assessment, S::Pending, "start")?;
        Ok(vec![CaseEvent::AssessmentStarted {
            assessment,
            on: today,
        }])
    }

    /// Records Care Act evidence (s.10(5)–(6), reg. 3) on a Care Act assessment in
    /// progress.
    pub(crate) fn decide_evidence(
        &self,
        assessment: AssessmentId,
        evidence: &AssessmentEvidence,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let a = self.in_status(assessment, S::InProgress, "record evidence on")?;
        if !matches!(
            a.kind,
            AssessmentKind::CarersAssessment
                | AssessmentKind::Combined
                | AssessmentKind::Transition
        ) {
            return Err(CaseError::EvidenceDoesNotFitKind { kind: a.kind });
        }
        if let Some(period) = evidence.fluctuating_needs_considered_over {
            happened(period.to(), today)?;
        }
        Ok(vec![CaseEvent::AssessmentEvidenceRecorded {
            assessment,
            evidence: Box::new(evidence.clone()),
        }])
    }

    /// Records Children Act evidence on the assessment of its kind.
    pub(crate) fn decide_children_act_evidence(
        &self,
        assessment: AssessmentId,
        evidence: &ChildrenActEvidence,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let a = self.in_status(assessment, S::InProgress, "record evidence on")?;
        let fits = matches!(
            (a.kind, evidence),
            (
                AssessmentKind::YoungCarersNeedsAssessment,
                ChildrenActEvidence::YoungCarer(_)
            ) | (
                AssessmentKind::ParentCarersNeedsAssessment,
                ChildrenActEvidence::ParentCarer(_)
            )
        );
        if !fits {
            return Err(CaseError::EvidenceDoesNotFitKind { kind: a.kind });
        }
        Ok(vec![CaseEvent::ChildrenActEvidenceRecorded {
            assessment,
            evidence: Box::new(evidence.clone()),
        }])
    }

    /// Hands an assessment in progress to another organisation as complex.
    pub(crate) fn decide_escalate(
        &self,
        assessment: AssessmentId,
        escalation: &Escalation,
        by: &OrganisationId,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.in_status(assessment, S::InProgress, "escalate")?;
        if escalation.to == *by {
            return Err(CaseError::EscalationToOwnOrganisation);
        }
        Ok(vec![CaseEvent::AssessmentEscalated {
            assessment,
            escalation: escalation.clone(),
            by: by.clone(),
        }])
    }

    /// The receiving organisation answers an escalation: accepts it, or declines it
    /// with reasons. The organisation that escalated it never answers it.
    pub(crate) fn decide_answer_escalation(
        &self,
        assessment: AssessmentId,
        declined_because: Option<&Personal<String>>,
        by: &OrganisationId,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let a = self.in_status(assessment, S::Escalated, "answer the escalation of")?;
        a.escalation
            .as_ref()
            .ok_or(CaseError::UnknownAssessment)?
            .check_answerer(by)?;
        let by = by.clone();
        Ok(vec![match declined_because {
            None => CaseEvent::EscalationAccepted { assessment, by },
            Some(reasons) => CaseEvent::EscalationDeclined {
                assessment,
                by,
                reasons: reasons.clone(),
            },
        }])
    }

    /// Completes an assessment: the result follows from the evidence by the law the
    /// assessment is made under.
    pub(crate) fn decide_complete(
        &self,
        assessment: AssessmentId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let a = self.in_status(assessment, S::InProgress, "complete")?;
        let (result, needs) = result_of(a.kind, a.evidence.as_ref())?;
        Ok(vec![CaseEvent::AssessmentCompleted {
            assessment,
            result,
            needs,
            on: today,
        }])
    }

    /// Records the written information and advice given (s.13(5); s.64 for a
    /// transition assessment).
    pub(crate) fn decide_advice(
        &self,
        assessment: AssessmentId,
        advice: &Personal<String>,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.in_status(assessment, S::Completed, "record advice on")?;
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
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.in_status(assessment, S::Completed, "give the written record of")?;
        happened(on, today)?;
        Ok(vec![CaseEvent::WrittenRecordGiven { assessment, on }])
    }

    /// Closes a completed assessment once the law's record and advice are given.
    pub(crate) fn decide_close(
        &self,
        assessment: AssessmentId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let a = self.in_status(assessment, S::Completed, "close")?;
        if a.written_record_given.is_none() {
            return Err(CaseError::WrittenRecordNotGiven);
        }
        if advice_required(a) && a.information_and_advice.is_none() {
            return Err(if a.kind == AssessmentKind::Transition {
                CaseError::TransitionAdviceRequired
            } else {
                CaseError::InformationAndAdviceRequired
            });
        }
        Ok(vec![CaseEvent::AssessmentClosed {
            assessment,
            on: today,
        }])
    }

    /// CSSG ch. 16: once the young carer is 18, the authority records whether it
    /// treats the transition assessment's indication as a carer's assessment.
    pub(crate) fn decide_at_18(
        &self,
        assessment: AssessmentId,
        treat_as_carers_assessment: bool,
        view: &CaseView,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let a = self.known(assessment)?;
        if a.kind != AssessmentKind::Transition {
            return Err(CaseError::NotATransitionAssessment);
        }
        if !matches!(a.status, S::Completed | S::Closed) {
            return Err(CaseError::WrongAssessmentStatus {
                action: "decide at 18 on",
                status: a.status,
            });
        }
        if a.decision_at_18.is_some() {
            return Err(CaseError::AlreadyDecidedAt18);
        }
        if view.carer_age_on(today).is_none_or(|age| age < 18) {
            return Err(CaseError::NotYetEighteen);
        }
        Ok(vec![CaseEvent::TransitionDecidedAt18 {
            assessment,
            treated_as_carers_assessment: treat_as_carers_assessment,
            on: today,
        }])
    }
}

/// Written information and advice is required before closing: s.13(5) where needs
/// were determined not eligible, and s.64 after every transition assessment (the
/// indication comes with advice on meeting, reducing, preventing or delaying needs).
fn advice_required(a: &Assessment) -> bool {
    a.kind == AssessmentKind::Transition
        || a.result
            .as_ref()
            .is_some_and(AssessmentResult::not_eligible)
}
