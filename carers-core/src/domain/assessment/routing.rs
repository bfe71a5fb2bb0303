//! Which assessment decision each assessment command asks for.

use chrono::NaiveDate;

use crate::domain::command::CaseCommand;
use crate::domain::error::CaseError;
use crate::domain::event::CaseEvent;
use crate::domain::view::CaseView;
use crate::es::OrganisationId;

use super::lifecycle::Assessments;

impl Assessments {
    /// Decides an assessment command (the case routes only these here).
    pub(crate) fn decide(
        &self,
        command: &CaseCommand,
        view: &CaseView,
        today: NaiveDate,
        org: &OrganisationId,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        match command {
            CaseCommand::RequestAssessment(request) => self.decide_request(request, view, today),
            CaseCommand::RefuseAssessment {
                assessment,
                s63_override,
            } => self.decide_refuse(*assessment, *s63_override, today),
            CaseCommand::ReviveAssessmentDuty { duty, reason } => {
                self.decide_revive(*duty, reason, today)
            }
            CaseCommand::StartAssessment { assessment } => self.decide_start(*assessment, today),
            CaseCommand::RecordEvidence {
                assessment,
                evidence,
            } => self.decide_evidence(*assessment, evidence, today),
            CaseCommand::RecordChildrenActEvidence {
                assessment,
                evidence,
            } => self.decide_children_act_evidence(*assessment, evidence),
            CaseCommand::EscalateAsComplex {
                assessment,
                escalation,
            } => self.decide_escalate(*assessment, escalation, org),
            CaseCommand::AcceptEscalation { assessment } => {
                self.decide_answer_escalation(*assessment, None, org)
            }
            CaseCommand::DeclineEscalation {
                assessment,
                reasons,
            } => self.decide_answer_escalation(*assessment, Some(reasons), org),
            CaseCommand::CompleteAssessment { assessment } => {
                self.decide_complete(*assessment, today)
            }
            CaseCommand::RecordInformationAndAdvice { assessment, advice } => {
                self.decide_advice(*assessment, advice)
            }
            CaseCommand::GiveWrittenRecord { assessment, on } => {
                self.decide_written_record(*assessment, *on, today)
            }
            CaseCommand::CloseAssessment { assessment } => self.decide_close(*assessment, today),
            CaseCommand::DecideTransitionAt18 {
                assessment,
                treat_as_carers_assessment,
            } => self.decide_at_18(*assessment, *treat_as_carers_assessment, view, today),
            _ => unreachable!("the case routes only assessment commands to the assessments"),
        }
    }
}
