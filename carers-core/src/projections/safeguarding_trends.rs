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
    ///
    /// ```
    /// use carers_core::domain::*;
    /// use carers_core::es::{Actor, Context, MemoryStore, ProjectionRunner, Repository};
    /// use carers_core::projections::SafeguardingTrends;
    ///
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let noon = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("a day")
    ///     .and_hms_opt(12, 0, 0).expect("noon").and_utc();
    /// let hub = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), noon(2));
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let carer = CarerId::new();
    /// repo.execute(&carer.stream(), &CaseCommand::IdentifyCarer {
    ///     carer, details, source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// }, &hub, None)?;
    /// repo.execute(&carer.stream(), &CaseCommand::RaiseConcern {
    ///     concern: ConcernId::new(),
    ///     details: ConcernDetails {
    ///         person_at_risk: PersonAtRisk::Carer,
    ///         carer_alleged_to_cause_harm: false,
    ///         categories: vec![AbuseCategory::FinancialOrMaterial],
    ///         immediate_risk: false,
    ///         desired_outcomes: Personal::new("to keep my savings".into()),
    ///         sharing: SharingBasis::Consent,
    ///         children_in_household: false,
    ///     },
    /// }, &hub, None)?;
    ///
    /// let mut trends = SafeguardingTrends::new();
    /// ProjectionRunner::default().catch_up(repo.store(), &mut trends)?;
    /// let november = (AbuseCategory::FinancialOrMaterial, (2026, 11));
    /// assert_eq!(trends.per_category_month.get(&november), Some(&1));
    /// assert_eq!(trends.actions_overdue(noon(30)), 0, "no action agreed yet");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
