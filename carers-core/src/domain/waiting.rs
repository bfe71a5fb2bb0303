//! Waiting lists for services with a limited number of places (a counselling
//! service, a short-breaks scheme, a peer-support group, a training course): the
//! carer joins, is offered a place, takes it, or leaves the list with a reason.
//! How long the carer waited is measured from the day they joined.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::happened;
use super::delivered::Course;
use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::WaitingEntryId;
use crate::es::OrganisationId;

/// A service with a limited number of places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WaitedService {
    /// Short breaks or replacement care.
    ShortBreaks,
    /// Counselling.
    Counselling,
    /// A peer-support group.
    PeerSupportGroup,
    /// A training course.
    Training(Course),
}

/// Why a carer left a waiting list without taking a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LeftBecause {
    /// The carer withdrew.
    Withdrew,
    /// The carer declined the place offered.
    DeclinedOffer,
    /// The carer no longer needs it (caring ended, other help found).
    NoLongerNeeded,
    /// Another reason.
    Other,
}

/// Where an entry on a waiting list stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WaitingStatus {
    /// Waiting for a place.
    Waiting,
    /// Offered a place, on a day.
    Offered(NaiveDate),
    /// Took a place, on a day.
    Taken(NaiveDate),
    /// Left the list, on a day, for a reason.
    Left(NaiveDate, LeftBecause),
}

/// A carer's entry on a waiting list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingEntry {
    /// The service waited for.
    pub service: WaitedService,
    /// The organisation that provides it.
    pub provider: OrganisationId,
    /// The UK local day the carer joined.
    pub joined_on: NaiveDate,
    /// The day a place was offered, once it was.
    pub offered_on: Option<NaiveDate>,
    /// Where it stands.
    pub status: WaitingStatus,
}

impl WaitingEntry {
    /// Whether the carer is still on the list (waiting, or offered a place).
    pub fn is_open(&self) -> bool {
        matches!(
            self.status,
            WaitingStatus::Waiting | WaitingStatus::Offered(_)
        )
    }

    /// Days waited for an offer: from joining to the offer, or to `today`
    /// while still waiting; `None` for an entry that left the list unoffered.
    pub fn days_waited(&self, today: NaiveDate) -> Option<i64> {
        let until = match (self.offered_on, self.status) {
            (Some(offered), _) => offered,
            (None, WaitingStatus::Waiting) => today,
            (None, _) => return None,
        };
        Some((until - self.joined_on).num_days())
    }
}

/// A place to wait for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWaitingEntry {
    /// The entry's id.
    pub entry: WaitingEntryId,
    /// The service.
    pub service: WaitedService,
    /// Its provider.
    pub provider: OrganisationId,
    /// The UK local day the carer joined.
    pub on: NaiveDate,
}

/// What happens to an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitingStep {
    /// A place is offered (to a carer waiting).
    Offered,
    /// The place offered is taken.
    Taken,
    /// The carer leaves the list (waiting, or offered a place).
    Left(LeftBecause),
}

/// A case's waiting list entries, in the order joined.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingLists {
    /// The entries.
    #[serde(with = "crate::domain::by_id")]
    pub list: Vec<(WaitingEntryId, WaitingEntry)>,
}

impl WaitingLists {
    /// The entry with `id`.
    pub fn get(&self, id: WaitingEntryId) -> Option<&WaitingEntry> {
        crate::domain::by_id::find(&self.list, &id)
    }

    fn get_mut(&mut self, id: WaitingEntryId) -> Option<&mut WaitingEntry> {
        crate::domain::by_id::find_mut(&mut self.list, &id)
    }

    /// Joins a list: a new id, a day not after today, and not while already on
    /// the list for the same service from the same provider.
    pub(crate) fn decide_join(
        &self,
        new: &NewWaitingEntry,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if self.get(new.entry).is_some() {
            return Err(CaseError::WaitingEntryExists);
        }
        happened(new.on, today)?;
        if self
            .list
            .iter()
            .any(|(_, e)| e.is_open() && e.service == new.service && e.provider == new.provider)
        {
            return Err(CaseError::AlreadyWaiting);
        }
        Ok(vec![CaseEvent::WaitingListJoined {
            entry: new.entry,
            service: new.service,
            provider: new.provider.clone(),
            on: new.on,
        }])
    }

    /// Records a step: an offer to a carer waiting, a place taken that was
    /// offered, or leaving while on the list; on a day not after today nor
    /// before the step it follows.
    pub(crate) fn decide_step(
        &self,
        id: WaitingEntryId,
        step: WaitingStep,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let entry = self.get(id).ok_or(CaseError::UnknownWaitingEntry)?;
        happened(on, today)?;
        let last = match (entry.status, step) {
            // An offer is declined only once it is made.
            (WaitingStatus::Waiting, WaitingStep::Left(LeftBecause::DeclinedOffer)) => {
                return Err(CaseError::WaitingOutOfOrder);
            }
            (WaitingStatus::Waiting, WaitingStep::Offered | WaitingStep::Left(_)) => {
                entry.joined_on
            }
            (WaitingStatus::Offered(offered), WaitingStep::Taken | WaitingStep::Left(_)) => offered,
            _ => return Err(CaseError::WaitingOutOfOrder),
        };
        if on < last {
            return Err(CaseError::DateBeforeLastStep);
        }
        Ok(vec![match step {
            WaitingStep::Offered => CaseEvent::PlaceOffered { entry: id, on },
            WaitingStep::Taken => CaseEvent::PlaceTaken { entry: id, on },
            WaitingStep::Left(because) => CaseEvent::WaitingListLeft {
                entry: id,
                because,
                on,
            },
        }])
    }

    /// Folds a waiting list event.
    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::WaitingListJoined {
                entry,
                service,
                provider,
                on,
            } => self.list.push((
                *entry,
                WaitingEntry {
                    service: *service,
                    provider: provider.clone(),
                    joined_on: *on,
                    offered_on: None,
                    status: WaitingStatus::Waiting,
                },
            )),
            CaseEvent::PlaceOffered { entry, on } => {
                if let Some(e) = self.get_mut(*entry) {
                    e.offered_on = Some(*on);
                    e.status = WaitingStatus::Offered(*on);
                }
            }
            CaseEvent::PlaceTaken { entry, on } => {
                if let Some(e) = self.get_mut(*entry) {
                    e.status = WaitingStatus::Taken(*on);
                }
            }
            CaseEvent::WaitingListLeft { entry, because, on } => {
                if let Some(e) = self.get_mut(*entry) {
                    e.status = WaitingStatus::Left(*on, *because);
                }
            }
            _ => {}
        }
    }
}
