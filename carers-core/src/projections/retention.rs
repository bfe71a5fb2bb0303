//! The retention schedule across all cases (UK GDPR art. 5(1)(e)): which cases
//! are due for a retention decision on a day. A case is due when its period has
//! run since its last activity (any event but a retention decision) and any
//! decision to keep it has run out; an erased case is never due again.
//!
//! Holds no personal data: stream ids and UK local days only.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};

use crate::domain::calendar::local_day;
use crate::domain::{CarerCase, CaseEvent};
use crate::es::{Aggregate, Codec, Projection, ProjectionError, RecordedEvent, StreamId};

/// Where one case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Held {
    last_activity: NaiveDate,
    kept_until: Option<NaiveDate>,
    erased: bool,
}

/// The retention schedule read model.
#[derive(Debug)]
pub struct RetentionSchedule {
    codec: Codec<CaseEvent>,
    period: Months,
    cases: BTreeMap<StreamId, Held>,
    /// The global position of the last event handled.
    position: u64,
}

impl Default for RetentionSchedule {
    /// Six years after the last activity.
    fn default() -> Self {
        Self::after_years(6)
    }
}

impl RetentionSchedule {
    /// A schedule that brings a case up `years` after its last activity (local
    /// policy sets the period).
    pub fn after_years(years: u32) -> Self {
        Self {
            codec: Codec::new(),
            period: Months::new(years.saturating_mul(12)),
            cases: BTreeMap::new(),
            position: 0,
        }
    }

    /// The day `stream` comes up for a retention decision; `None` for a case not
    /// seen, or erased.
    pub fn due_on(&self, stream: &StreamId) -> Option<NaiveDate> {
        let held = self.cases.get(stream).filter(|h| !h.erased)?;
        // At the end of chrono's calendar a period cannot run out.
        let after_period = held.last_activity.checked_add_months(self.period)?;
        Some(
            held.kept_until
                .map_or(after_period, |k| k.max(after_period)),
        )
    }

    /// The cases due for a retention decision on `today`, in stream order (none
    /// until a case's period has run: six years after its last activity by
    /// default).
    ///
    /// ```
    /// use carers_core::domain::*;
    /// use carers_core::es::{Actor, Context, MemoryStore, ProjectionRunner, Repository};
    /// use carers_core::projections::RetentionSchedule;
    ///
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a day");
    /// let noon = day(2026, 11, 2).and_hms_opt(12, 0, 0).expect("noon").and_utc();
    /// let hub = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), noon);
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let carer = CarerId::new();
    /// repo.execute(&carer.stream(), &CaseCommand::IdentifyCarer {
    ///     carer, details, source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// }, &hub, None)?;
    ///
    /// let mut schedule = RetentionSchedule::default();
    /// ProjectionRunner::default().catch_up(repo.store(), &mut schedule)?;
    /// // Last active on 2 November 2026: due six years on, not the day before.
    /// assert!(schedule.due(day(2032, 11, 1)).is_empty());
    /// assert_eq!(schedule.due(day(2032, 11, 2)), vec![carer.stream()]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn due(&self, today: NaiveDate) -> Vec<StreamId> {
        self.cases
            .keys()
            .filter(|s| self.due_on(s).is_some_and(|due| due <= today))
            .cloned()
            .collect()
    }
}

impl Projection for RetentionSchedule {
    fn name(&self) -> &str {
        "retention-schedule"
    }

    fn position(&self) -> Option<u64> {
        Some(self.position)
    }

    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        // Held in memory: where it is, so a new model catches up from the start.
        self.position = event.position;
        if event.stream.category() != CarerCase::CATEGORY {
            return Ok(());
        }
        let day = local_day(event.recorded_at);
        let kind = &*event.event_type;
        let decided = if kind == CaseEvent::RETENTION_DECIDED {
            match self
                .codec
                .decode(kind, event.schema_version, &event.payload, event.position)?
            {
                CaseEvent::RetentionDecided { keep, .. } => Some(keep.until),
                _ => None,
            }
        } else {
            None
        };
        let held = self.cases.entry(event.stream.clone()).or_insert(Held {
            last_activity: day,
            kept_until: None,
            erased: false,
        });
        match decided {
            Some(until) => held.kept_until = Some(until),
            None => held.last_activity = held.last_activity.max(day),
        }
        if kind == CaseEvent::PERSONAL_DATA_ERASED {
            held.erased = true;
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.cases.clear();
        self.position = 0;
    }
}
