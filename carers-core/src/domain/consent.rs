//! Consent records and optional equality monitoring.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::equality::EqualityMonitoring;
use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::PartnerId;

/// What a consent is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConsentPurpose {
    /// To hold the carer's data.
    HoldData,
    /// To share the carer's data with a named partner.
    ShareWith(PartnerId),
}

/// UK GDPR art. 6(1), with the art. 9(2) condition for health data that goes with
/// it: the basis on which a case holds the carer's data. A council meeting its Care
/// Act duties holds it as a public task; a charity's service often on consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LawfulBasis {
    /// Art. 6(1)(e) public task, with art. 9(2)(h) health or social care.
    PublicTask,
    /// Art. 6(1)(a) and art. 9(2)(a): the carer's explicit consent. The case is not
    /// opened without it, and its withdrawal stops further processing.
    Consent,
    /// Art. 6(1)(f) legitimate interests, with art. 9(2)(h) health or social care.
    LegitimateInterests,
    /// Art. 6(1)(c) a legal obligation, with art. 9(2)(b) or (h).
    LegalObligation,
}

/// What a command does, as far as the lawful basis is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Processing {
    /// Changes consent itself: always allowed, so a withdrawal can be reversed.
    ConsentChange,
    /// Safeguarding: lawful without consent (DPA 2018 sch. 1 para. 18, safeguarding
    /// of individuals at risk), so never stopped by a withdrawal.
    Safeguarding,
    /// Any other casework: records new data about the carer.
    Casework,
    /// Corrects a mistaken record (UK GDPR art. 16, rectification): the
    /// carer's right while the data is held, consent or not.
    Rectification,
    /// Ends work on the case (unallocating it, recording that an emergency
    /// ended, taking the carer off a waiting list): records nothing new about
    /// the carer, so a withdrawal of consent never leaves work open.
    EndingWork,
    /// Erasing the carer's personal data, or deciding to keep it past its retention
    /// period: always allowed (UK GDPR art. 17(1)(b): a withdrawn consent is a
    /// ground for erasure, and deciding on retention is what storage limitation asks).
    Erasure,
}

/// The consents the carer has given, the basis the case holds data on, and what is
/// held on consent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consents {
    /// The lawful basis the case holds data on, once recorded.
    #[serde(default)]
    pub basis: Option<LawfulBasis>,
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

    /// Opens the case's data processing on `basis`: on consent, only with it.
    pub(super) fn decide_open(
        &self,
        basis: LawfulBasis,
        consent_to_hold_data: bool,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if basis == LawfulBasis::Consent && !consent_to_hold_data {
            return Err(CaseError::ConsentRequiredToOpen);
        }
        let mut events = vec![CaseEvent::LawfulBasisRecorded { basis, on: today }];
        events.extend(self.decide_record(ConsentPurpose::HoldData, consent_to_hold_data, today)?);
        Ok(events)
    }

    /// Whether the carer has withdrawn the consent the case's processing rests on.
    pub fn consent_withdrawn(&self) -> bool {
        self.basis == Some(LawfulBasis::Consent) && !self.given(ConsentPurpose::HoldData)
    }

    /// UK GDPR art. 7(3), art. 17(1)(b): where the case holds data on consent and
    /// the carer withdraws it, no new processing follows, except changes of consent
    /// and safeguarding, which do not rest on consent.
    pub(super) fn check_processing(&self, what: Processing) -> Result<(), CaseError> {
        match what {
            Processing::Casework if self.consent_withdrawn() => Err(CaseError::ConsentWithdrawn),
            _ => Ok(()),
        }
    }

    /// Records a consent given or withdrawn. Withdrawing the consent the case rests
    /// on also removes what is held on consent only (equality monitoring); the
    /// record of what was decided stays, as the legal record of the service.
    pub(super) fn decide_record(
        &self,
        purpose: ConsentPurpose,
        given: bool,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let mut events = vec![CaseEvent::ConsentRecorded {
            purpose,
            given,
            on: today,
        }];
        let withdraws_basis = purpose == ConsentPurpose::HoldData
            && !given
            && self.basis == Some(LawfulBasis::Consent);
        if withdraws_basis && self.equality.is_some() {
            events.push(CaseEvent::EqualityMonitoringRemoved { on: today });
        }
        Ok(events)
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
            CaseEvent::EqualityMonitoringRemoved { .. } => self.equality = None,
            CaseEvent::LawfulBasisRecorded { basis, .. } => self.basis = Some(*basis),
            _ => {}
        }
    }
}
