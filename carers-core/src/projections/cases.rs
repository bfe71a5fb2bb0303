//! The carers' cases folded from the global log: what the read models that
//! count by a case's own rules (the dashboard, the work queue, equality reach)
//! hold, written once so that each folds a case the same way and drops an
//! erased case's state at its erasure in the same way.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::domain::{CarerCase, CaseEvent};
use crate::es::{Aggregate, Codec, ProjectionError, RecordedEvent, StreamId};

/// Every carer's case, folded; an erased case's state is gone.
#[derive(Debug, Default)]
pub(crate) struct Cases {
    codec: Codec<CaseEvent>,
    live: BTreeMap<StreamId, CarerCase>,
    erased: BTreeSet<StreamId>,
}

/// What one event did to the cases.
pub(crate) enum Folded {
    /// Not a carer's case event, or an event after the case's erasure (an
    /// erased case takes no more commands, so none should come: any that did
    /// would be skipped, not decoded).
    Skipped,
    /// The event was applied to its case.
    Applied(CaseEvent),
    /// The case was erased on the day `on`: its state after the erasure
    /// event, taken out of the cases (keep what figures are needed from it,
    /// then drop it).
    Erased {
        /// The day of the erasure.
        on: NaiveDate,
        /// The case's state after it.
        case: Box<CarerCase>,
    },
}

impl Cases {
    /// Folds `event` into its case and says what it did, with the decoded
    /// event.
    pub(crate) fn fold(&mut self, event: &RecordedEvent) -> Result<Folded, ProjectionError> {
        if event.stream.category() != CarerCase::CATEGORY || self.erased.contains(&event.stream) {
            return Ok(Folded::Skipped);
        }
        let case_event = self.codec.decode_recorded(event)?;
        if let CaseEvent::PersonalDataErased { on, .. } = case_event {
            let mut case = self.live.remove(&event.stream).unwrap_or_default();
            case.apply(&case_event);
            self.erased.insert(event.stream.clone());
            return Ok(Folded::Erased {
                on,
                case: Box::new(case),
            });
        }
        self.live
            .entry(event.stream.clone())
            .or_default()
            .apply(&case_event);
        Ok(Folded::Applied(case_event))
    }

    /// The case of `stream`, unless it is erased (or unknown).
    pub(crate) fn get(&self, stream: &StreamId) -> Option<&CarerCase> {
        self.live.get(stream)
    }

    /// The cases not erased.
    pub(crate) fn live(&self) -> impl Iterator<Item = (&StreamId, &CarerCase)> {
        self.live.iter()
    }
}
