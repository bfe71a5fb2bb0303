//! Safeguarding trends across all cases, so that preventive action can be planned:
//! concerns per category per month, per referring partner, repeat concerns about
//! the same person within 12 months, and actions overdue.
//!
//! Holds no personal data: ids, categories, organisations and dates only. Days and
//! months are UK local ones (Europe/London).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use crate::domain::calendar::{end_of, local_day};
use crate::domain::{AbuseCategory, ActionId, CaseEvent, ConcernId, PersonAtRisk};
use crate::es::{Codec, OrganisationId, Projection, ProjectionError, RecordedEvent, StreamId};

/// A month, as (year, month 1–12).
pub type Month = (i32, u32);

/// The trends read model.
#[derive(Debug, Default)]
pub struct SafeguardingTrends {
    codec: Codec<CaseEvent>,
    /// Concerns raised, per category and month (a concern in two categories counts in both).
    pub per_category_month: BTreeMap<(AbuseCategory, Month), u32>,
    /// Concerns raised, per raising partner.
    pub per_partner: BTreeMap<OrganisationId, u32>,
    /// Concerns raised about a person who was the subject of another concern in the
    /// 12 months before.
    pub repeat_concerns: u32,
    /// The last concern's date for each person at risk (case stream + person).
    last_concern: HashMap<(StreamId, PersonAtRisk), NaiveDate>,
    /// Open actions: due date, by concern and action.
    open_actions: HashMap<(ConcernId, ActionId), NaiveDate>,
    /// The global position of the last event handled.
    position: u64,
}

impl SafeguardingTrends {
    /// An empty read model.
    pub fn new() -> Self {
        Self::default()
    }

    /// Actions not completed whose due day ended before `now`.
    pub fn actions_overdue(&self, now: DateTime<Utc>) -> usize {
        self.open_actions
            .values()
            .filter(|due| end_of(**due).is_some_and(|end| end < now))
            .count()
    }
}

impl Projection for SafeguardingTrends {
    fn name(&self) -> &str {
        "safeguarding-trends"
    }

    fn position(&self) -> Option<u64> {
        Some(self.position)
    }

    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        // Held in memory: where it is, so a new model catches up from the start.
        self.position = event.position;
        // Only three event types matter here: skip the others by their stored type
        // name rather than decoding every payload of every case.
        const HANDLED: [&str; 3] = [
            CaseEvent::CONCERN_RAISED,
            CaseEvent::SAFEGUARDING_ACTION_AGREED,
            CaseEvent::SAFEGUARDING_ACTION_COMPLETED,
        ];
        if !super::handles(event, &HANDLED) {
            return Ok(());
        }
        let decoded = self.codec.decode_recorded(event)?;
        match decoded {
            CaseEvent::ConcernRaised {
                details, by, at, ..
            } => {
                // The UK local day (Europe/London), so a month is a UK month.
                let day = local_day(at);
                for category in &details.categories {
                    *self
                        .per_category_month
                        .entry((*category, (day.year(), day.month())))
                        .or_default() += 1;
                }
                *self.per_partner.entry(by).or_default() += 1;
                let person = (event.stream.clone(), details.person_at_risk);
                if let Some(previous) = self.last_concern.get(&person)
                    && previous
                        .checked_add_months(Months::new(12))
                        .is_some_and(|limit| day <= limit)
                {
                    self.repeat_concerns += 1;
                }
                self.last_concern.insert(person, day);
            }
            CaseEvent::SafeguardingActionAgreed { concern, action } => {
                self.open_actions.insert((concern, action.id), action.due);
            }
            CaseEvent::SafeguardingActionCompleted {
                concern, action, ..
            } => {
                self.open_actions.remove(&(concern, action));
            }
            _ => {}
        }
        Ok(())
    }

    fn reset(&mut self) {
        *self = Self::default();
    }
}
