//! Escalation of a complex assessment between partners (Birmingham action plan: the
//! Carers Hub hands assessments too complex for it to Adult Social Care): only the
//! organisation it was escalated to answers it, accepting or declining with reasons.

use serde::{Deserialize, Serialize};

use crate::domain::error::CaseError;
use crate::domain::personal::Personal;
use crate::es::OrganisationId;

/// Why an assessment is handed on as complex, and to whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// The reason, in the escalating organisation's words.
    pub reason: Personal<String>,
    /// The organisation asked to take the assessment on.
    pub to: OrganisationId,
}

/// The receiving organisation's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EscalationAnswer {
    /// It takes the assessment on.
    Accepted,
    /// It declines, with its reasons; the assessment stays with the escalating organisation.
    Declined(Personal<String>),
}

/// An escalation as recorded on the assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationRecord {
    /// What was asked, and of whom.
    pub escalation: Escalation,
    /// The organisation that escalated it.
    pub by: OrganisationId,
    /// The receiving organisation's answer, once given.
    pub answer: Option<EscalationAnswer>,
}

impl EscalationRecord {
    /// Only the organisation it was escalated to may answer.
    pub(super) fn check_answerer(&self, answerer: &OrganisationId) -> Result<(), CaseError> {
        if *answerer == self.escalation.to {
            Ok(())
        } else {
            Err(CaseError::NotTheReceivingOrganisation)
        }
    }
}
