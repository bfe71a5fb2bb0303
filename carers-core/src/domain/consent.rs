//! Consent records and optional equality monitoring.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::PartnerId;
use super::personal::Personal;

/// What a consent is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConsentPurpose {
    /// To hold the carer's data.
    HoldData,
    /// To share the carer's data with a named partner.
    ShareWith(PartnerId),
}

/// Equality monitoring, every field optional: the groups a carers' service must
/// reach. Held only with the carer's consent, and personal throughout.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EqualityMonitoring {
    /// Ethnicity, as the carer describes it.
    pub ethnicity: Option<Personal<String>>,
    /// Sex.
    pub sex: Option<Personal<String>>,
    /// Gender identity.
    pub gender_identity: Option<Personal<String>>,
    /// Sexual orientation.
    pub sexual_orientation: Option<Personal<String>>,
    /// Disability.
    pub disability: Option<Personal<String>>,
    /// Religion or belief.
    pub religion: Option<Personal<String>>,
    /// Working status.
    pub working_status: Option<Personal<String>>,
}

/// The consents the carer has given, and what is held on them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consents {
    /// The latest answer for each purpose.
    pub answers: Vec<(ConsentPurpose, bool)>,
    /// Equality monitoring, if the carer consented.
    pub equality: Option<EqualityMonitoring>,
}

impl Consents {
    /// Whether a consent is currently given.
    pub fn given(&self, purpose: ConsentPurpose) -> bool {
        self.answers.iter().any(|(p, g)| *p == purpose && *g)
    }

    /// Records a consent given or withdrawn.
    pub(super) fn decide_record(
        &self,
        purpose: ConsentPurpose,
        given: bool,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        Ok(vec![CaseEvent::ConsentRecorded {
            purpose,
            given,
            on: today,
        }])
    }

    /// Equality monitoring is held only with the carer's consent.
    pub(super) fn decide_equality(
        &self,
        monitoring: &EqualityMonitoring,
        consent_given: bool,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if !consent_given {
            return Err(CaseError::ConsentRequired);
        }
        Ok(vec![CaseEvent::EqualityMonitoringRecorded {
            monitoring: monitoring.clone(),
        }])
    }

    /// Folds consent events.
    pub(super) fn apply(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::ConsentRecorded { purpose, given, .. } => {
                match self.answers.iter_mut().find(|(p, _)| p == purpose) {
                    Some(entry) => entry.1 = *given,
                    None => self.answers.push((*purpose, *given)),
                }
            }
            CaseEvent::EqualityMonitoringRecorded { monitoring } => {
                self.equality = Some(monitoring.clone())
            }
            _ => {}
        }
    }
}
