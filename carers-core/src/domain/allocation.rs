//! Allocation: the worker a case is allocated to, in their organisation. A case
//! is allocated, reassigned (allocated to another worker) and unallocated, each
//! a recorded event with the day and, for an unallocation, the reason. Who may
//! allocate, and to whom, is the access policy's (`partnership`); a worker's
//! caseload is a read model over every case (`projections::caseload`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::CaseError;
use super::event::CaseEvent;
use crate::es::{ActorId, MAX_ACTOR_FIELD_LEN, OrganisationId};

/// A worker: an actor's account, in its organisation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Worker {
    /// The worker's account (as the actor's id).
    pub id: ActorId,
    /// The organisation they work in.
    pub organisation: OrganisationId,
}

impl Worker {
    /// The worker with account `id` in `organisation`.
    pub fn new(id: &str, organisation: &str) -> Self {
        Self {
            id: ActorId(id.into()),
            organisation: OrganisationId(organisation.into()),
        }
    }
}

/// Why a case was unallocated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UnallocationReason {
    /// The work is done for now; the case stays open.
    WorkComplete,
    /// The worker left or is away.
    WorkerUnavailable,
    /// The carer moved on or left the service.
    CarerLeft,
    /// Another reason.
    Other,
}

/// The case's allocation now, and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// The worker.
    pub worker: Worker,
    /// The UK local day it was allocated to them.
    pub since: NaiveDate,
}

/// Allocates the case to `worker` (a reassignment when it is allocated to
/// someone else): refused to the worker it is already allocated to, or to a
/// worker whose account is not one an actor could have.
pub(crate) fn decide_allocate(
    current: Option<&Allocation>,
    worker: &Worker,
    today: NaiveDate,
) -> Result<Vec<CaseEvent>, CaseError> {
    let id = worker.id.as_str();
    if id.trim().is_empty() || id.len() > MAX_ACTOR_FIELD_LEN {
        return Err(CaseError::InvalidWorker);
    }
    if current.is_some_and(|a| &a.worker == worker) {
        return Err(CaseError::AlreadyAllocated);
    }
    Ok(vec![CaseEvent::CaseAllocated {
        worker: worker.clone(),
        previous: current.map(|a| a.worker.clone()),
        on: today,
    }])
}

/// Unallocates the case, which must be allocated.
pub(crate) fn decide_unallocate(
    current: Option<&Allocation>,
    reason: UnallocationReason,
    today: NaiveDate,
) -> Result<Vec<CaseEvent>, CaseError> {
    let current = current.ok_or(CaseError::NotAllocated)?;
    Ok(vec![CaseEvent::CaseUnallocated {
        worker: current.worker.clone(),
        reason,
        on: today,
    }])
}

/// Folds an allocation event.
pub(crate) fn apply(allocation: &mut Option<Allocation>, event: &CaseEvent) {
    match event {
        CaseEvent::CaseAllocated { worker, on, .. } => {
            *allocation = Some(Allocation {
                worker: worker.clone(),
                since: *on,
            });
        }
        CaseEvent::CaseUnallocated { .. } => *allocation = None,
        _ => {}
    }
}
