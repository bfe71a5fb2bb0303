//! Two cases found to be the same carer: the duplicate is marked as superseded
//! by the case that continues, which links the duplicate. Both histories are
//! kept whole (the legal record of what each said); the superseded case takes no
//! more casework, and a read that follows links
//! ([`Repository::read_following`](crate::es::Repository::read_following)) ends
//! on the case that continues.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::CarerId;
use super::personal::Personal;
use crate::es::OrganisationId;

/// The case that superseded this one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supersession {
    /// The carer's case that continues.
    pub by: CarerId,
    /// Why the two are the same carer.
    pub reason: Personal<String>,
    /// The UK local day.
    pub on: NaiveDate,
}

/// What merging left on a case: the case that superseded it, or the duplicates
/// it superseded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merges {
    /// Set once the case is superseded: it takes no more casework.
    pub superseded_by: Option<Supersession>,
    /// The duplicate cases linked to this one, with the day each was linked.
    pub duplicates: Vec<(CarerId, NaiveDate)>,
}

impl Merges {
    /// Marks the case (of `own`) superseded by `by`: another carer's case, for a
    /// reason.
    pub(crate) fn decide_supersede(
        own: CarerId,
        by: CarerId,
        reason: &Personal<String>,
        organisation: &OrganisationId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if by == own {
            return Err(CaseError::LinkedToItself);
        }
        if !reason.is_said() {
            return Err(CaseError::ChangeReasonRequired);
        }
        Ok(vec![CaseEvent::CaseSuperseded {
            by,
            reason: reason.clone(),
            on: today,
            organisation: organisation.clone(),
        }])
    }

    /// Links the duplicate case of `duplicate` to this one (of `own`).
    pub(crate) fn decide_link(
        &self,
        own: CarerId,
        duplicate: CarerId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if duplicate == own {
            return Err(CaseError::LinkedToItself);
        }
        if self.duplicates.iter().any(|(d, _)| *d == duplicate) {
            return Err(CaseError::AlreadyLinked);
        }
        Ok(vec![CaseEvent::DuplicateLinked {
            duplicate,
            on: today,
        }])
    }

    /// Folds a merge event.
    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::CaseSuperseded { by, reason, on, .. } => {
                self.superseded_by = Some(Supersession {
                    by: *by,
                    reason: reason.clone(),
                    on: *on,
                });
            }
            CaseEvent::DuplicateLinked { duplicate, on } => self.duplicates.push((*duplicate, *on)),
            _ => {}
        }
    }
}
