//! Erasure of a carer's personal data: UK GDPR art. 17 (the right to erasure) and
//! the end of a retention period (art. 5(1)(e), storage limitation).
//!
//! Erasure is recorded, then done by destroying the carer's data key
//! ([`Repository::erase`](crate::es::Repository::erase)): every personal value of
//! the case was sealed under it, so all of them, in every event and snapshot, read
//! as erased from then on, while the record of what was decided, when and by whom
//! (stages, assessments, determinations, plans, money, safeguarding) stays whole.
//! An erased case takes no more commands.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::event::CaseEvent;
use crate::es::OrganisationId;

/// Why a carer's personal data is erased.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErasureBasis {
    /// The carer asked (UK GDPR art. 17(1)).
    SubjectRequest,
    /// The retention period ended and the retention decision was to erase
    /// (art. 5(1)(e)).
    RetentionPeriodEnded,
}

/// The recorded erasure of a case's personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    /// Why.
    pub basis: ErasureBasis,
    /// The organisation that erased it.
    pub by: OrganisationId,
    /// The UK local day it was recorded.
    pub on: NaiveDate,
}

/// Records the erasure. (An erased case is refused before any part decides, so
/// an erasure is never recorded twice.)
pub(crate) fn decide_erase(
    basis: ErasureBasis,
    by: &OrganisationId,
    today: NaiveDate,
) -> Vec<CaseEvent> {
    vec![CaseEvent::PersonalDataErased {
        basis,
        by: by.clone(),
        on: today,
    }]
}

/// Folds the erasure event.
pub(crate) fn apply(erasure: &mut Option<Erasure>, event: &CaseEvent) {
    if let CaseEvent::PersonalDataErased { basis, by, on } = event {
        *erasure = Some(Erasure {
            basis: *basis,
            by: by.clone(),
            on: *on,
        });
    }
}
