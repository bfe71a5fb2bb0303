//! Retention (UK GDPR art. 5(1)(e), storage limitation): a case is kept no longer
//! than it is needed. The service's schedule sets how long after a case's last
//! activity it comes up for a retention decision
//! ([`RetentionSchedule`](crate::projections::RetentionSchedule), 6 years by
//! default, the period local policy usually sets for adult social care records);
//! the decision is recorded: keep it until a later day, with the reason, or erase
//! it ([`CaseCommand::ErasePersonalData`](super::CaseCommand::ErasePersonalData)
//! with [`ErasureBasis::RetentionPeriodEnded`](super::ErasureBasis::RetentionPeriodEnded)).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::CaseError;
use super::event::CaseEvent;
use super::personal::Personal;
use crate::es::OrganisationId;

/// A decision to keep a case past its retention period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepDecision {
    /// Until when it is kept; it comes up for a decision again then.
    pub until: NaiveDate,
    /// Why it is still needed (e.g. an open complaint, a safeguarding matter).
    pub reason: Personal<String>,
}

/// Records a decision to keep the case: `until` is after today, and there is a
/// reason.
pub(crate) fn decide_keep(
    decision: &KeepDecision,
    by: &OrganisationId,
    today: NaiveDate,
) -> Result<Vec<CaseEvent>, CaseError> {
    if decision.until <= today {
        return Err(CaseError::RetentionNotInTheFuture);
    }
    if !decision.reason.is_said() {
        return Err(CaseError::RetentionReasonRequired);
    }
    Ok(vec![CaseEvent::RetentionDecided {
        keep: decision.clone(),
        by: by.clone(),
        on: today,
    }])
}
