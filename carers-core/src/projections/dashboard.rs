//! The caseload dashboard: the carers known to the service, by journey stage,
//! carer kind, Census 2021 hours band, identification source, living with the
//! person cared for, number of people cared for and their conditions; and per
//! month, new carers identified (by source), carers who moved on (by reason)
//! and contacts (by channel).
//!
//! Counted: every identified carer whose case is not superseded by a merge (a
//! duplicate is counted once, as the case it was merged into; the duplicate's
//! own contacts and moving on are not counted, which can lower a past month's
//! figures once a merge is recorded). The stage is the case's overall stage,
//! over every role recorded (a paid role's too). A role is
//! *caring now* when the law counts it as caring (unpaid, or treated as a
//! carer: s.10(9)–(10)) and it is becoming or living as a carer; the hours
//! band is the most any such role gives, the living-with and people-cared-for
//! figures count those roles, and a condition is counted once per carer.
//!
//! Erasure changes one figure only: the carer kind, which comes from the date
//! of birth, reads *not known*; every other figure stays. An erased case's
//! state is reduced to its figures at its erasure (no personal value is held
//! after it).
//!
//! Each case's state is folded from the log here, so the figures follow the
//! case's own rules (its stage, its identification source after referrals).
//! Moving on is counted from the events, in the month of the day it happened,
//! so a carer who later starts caring again still counts in that month.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::cases::{Cases, Folded};
use super::table::{Cell, Label, Month, Table};
use crate::domain::{
    CarerCase, CarerKind, CaseEvent, Channel, ConditionCategory, HoursBand, IdentificationSource,
    MovingOnReason, Stage,
};
use crate::es::{Aggregate, Projection, ProjectionError, RecordedEvent, StreamId};

/// The dashboard read model.
#[derive(Debug, Default)]
pub struct Dashboard {
    /// The cases, folded.
    cases: Cases,
    /// The erased cases' figures, as at their erasure.
    erased: BTreeMap<StreamId, Figures>,
    /// Who moved on from caring, by month and reason.
    moved_on: BTreeMap<(Month, MovingOnReason), BTreeSet<StreamId>>,
    position: u64,
}

/// One carer's figures.
#[derive(Clone, Debug, Default)]
struct Figures {
    superseded: bool,
    identified: Option<(NaiveDate, IdentificationSource)>,
    stage: Option<Stage>,
    kind: Option<CarerKind>,
    hours: Option<HoursBand>,
    lives_with: bool,
    people: usize,
    conditions: BTreeSet<ConditionCategory>,
    contacts: Vec<(NaiveDate, Channel)>,
}

impl Figures {
    fn of(case: &CarerCase, day: NaiveDate) -> Self {
        let now: Vec<_> = case
            .caring_roles()
            .filter(|r| matches!(r.stage, Stage::BecomingACarer | Stage::LivingAsACarer))
            .collect();
        Self {
            superseded: case.superseded_by().is_some(),
            identified: case
                .identity
                .as_ref()
                .zip(case.identification_source())
                .map(|(i, source)| (i.identified_on, source)),
            stage: case.overall_stage(),
            kind: case.kind_on(day),
            hours: now.iter().map(|r| r.hours).max(),
            lives_with: now.iter().any(|r| r.lives_with_carer),
            people: now.len(),
            conditions: now
                .iter()
                .flat_map(|r| r.conditions.iter().copied())
                .collect(),
            contacts: case
                .contacts
                .list
                .iter()
                .map(|(_, c)| (c.on, c.channel))
                .collect(),
        }
    }
}

/// The dashboard's tables on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DashboardTables {
    /// The day the figures are for: carers identified by then, their kind on it.
    pub on: NaiveDate,
    /// The carers counted.
    pub carers: u64,
    /// Carers by overall journey stage (`No caring role` for none recorded).
    pub by_stage: Table,
    /// Carers by kind on the day (`Not known` once the date of birth is erased).
    pub by_kind: Table,
    /// Carers by the most hours any role caring now gives (`Not caring now`).
    pub by_hours: Table,
    /// Carers by how they came to the service.
    pub by_source: Table,
    /// Carers living with a person they care for now, and not.
    pub by_living_with: Table,
    /// Carers by how many people they care for now.
    pub by_people_cared_for: Table,
    /// Carers caring now for someone with each condition (a carer counts once
    /// per condition, so the column sums to more than the carers).
    pub by_condition: Table,
    /// New carers identified per month, by source.
    pub identified_per_month: Table,
    /// Carers who moved on from caring per month, by reason (a carer who moved
    /// on from two roles in a month for two reasons counts under each).
    pub moved_on_per_month: Table,
    /// Contacts per month, by channel.
    pub contacts_per_month: Table,
}

impl DashboardTables {
    /// Every table, in the order above.
    pub fn all(&self) -> [&Table; 10] {
        [
            &self.by_stage,
            &self.by_kind,
            &self.by_hours,
            &self.by_source,
            &self.by_living_with,
            &self.by_people_cared_for,
            &self.by_condition,
            &self.identified_per_month,
            &self.moved_on_per_month,
            &self.contacts_per_month,
        ]
    }
}

impl Dashboard {
    /// An empty read model.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tables for `day`: the carers identified on or before it, each kind
    /// as on that day; everything else is what the events handled say (for what
    /// was known on a past day, build the dashboard `as_of` that day's end).
    /// Small numbers are not suppressed: these are management figures.
    ///
    /// ```
    /// use carers_core::es::{MemoryStore, ProjectionRunner};
    /// use carers_core::projections::Dashboard;
    /// use carers_core::projections::table::Cell;
    ///
    /// let store = MemoryStore::new();
    /// let mut dashboard = Dashboard::new();
    /// ProjectionRunner::default().catch_up(&store, &mut dashboard)?;
    /// let tables = dashboard.on(chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
    /// assert_eq!(tables.carers, 0);
    /// assert_eq!(tables.by_stage.cell(Cell::Label("Living as a carer"), "carers"), Some(Cell::Count(0)));
    /// # Ok::<(), carers_core::es::ProjectionError>(())
    /// ```
    pub fn on(&self, day: NaiveDate) -> DashboardTables {
        let figures: Vec<(&StreamId, Figures)> = self
            .cases
            .live()
            .map(|(s, c)| (s, Figures::of(c, day)))
            .chain(self.erased.iter().map(|(s, f)| (s, f.clone())))
            .filter(|(_, f)| !f.superseded && f.identified.is_some_and(|(on, _)| on <= day))
            .collect();
        let counted: BTreeSet<&StreamId> = figures.iter().map(|(s, _)| *s).collect();
        let all: Vec<Figures> = figures.into_iter().map(|(_, f)| f).collect();
        let count = |keep: &dyn Fn(&Figures) -> bool| all.iter().filter(|f| keep(f)).count() as u64;
        DashboardTables {
            on: day,
            carers: all.len() as u64,
            by_stage: by(
                &all,
                "carers_by_stage",
                "stage",
                |f| f.stage,
                "No caring role",
            ),
            by_kind: by(&all, "carers_by_kind", "kind", |f| f.kind, "Not known"),
            by_hours: by(
                &all,
                "carers_by_hours",
                "hours",
                |f| f.hours,
                "Not caring now",
            ),
            by_source: by(
                &all,
                "carers_by_source",
                "source",
                |f| f.identified.map(|(_, s)| s),
                "Not known",
            ),
            by_living_with: rows(
                "carers_by_living_with",
                "lives_with_a_person_cared_for",
                [
                    ("Yes", count(&|f| f.lives_with)),
                    ("No", count(&|f| !f.lives_with)),
                ],
            ),
            by_people_cared_for: rows(
                "carers_by_people_cared_for",
                "people_cared_for_now",
                [
                    ("0", count(&|f| f.people == 0)),
                    ("1", count(&|f| f.people == 1)),
                    ("2", count(&|f| f.people == 2)),
                    ("3 or more", count(&|f| f.people >= 3)),
                ],
            ),
            by_condition: rows(
                "carers_by_condition",
                "condition",
                ConditionCategory::ALL.map(|c| (c.label(), count(&|f| f.conditions.contains(&c)))),
            ),
            identified_per_month: per_month(
                "identified_per_month",
                all.iter()
                    .filter_map(|f| f.identified)
                    .map(|(on, source)| (Month::of(on), source)),
            ),
            moved_on_per_month: per_month(
                "moved_on_per_month",
                self.moved_on.iter().flat_map(|((month, reason), who)| {
                    let n = who.iter().filter(|s| counted.contains(s)).count();
                    std::iter::repeat_n((*month, *reason), n)
                }),
            ),
            contacts_per_month: per_month(
                "contacts_per_month",
                all.iter()
                    .flat_map(|f| f.contacts.iter())
                    .map(|(on, channel)| (Month::of(*on), *channel)),
            ),
        }
    }
}

/// A table of carers by one value, every value listed (zeros too), then
/// `missing` for carers without one.
fn by<T: Label + PartialEq>(
    all: &[Figures],
    name: &'static str,
    column: &'static str,
    value: impl Fn(&Figures) -> Option<T>,
    missing: &'static str,
) -> Table {
    let count = |v: Option<T>| all.iter().filter(|f| value(f) == v).count() as u64;
    let mut table = rows(
        name,
        column,
        T::ALL.iter().map(|v| (v.label(), count(Some(*v)))),
    );
    table
        .rows
        .push(vec![Cell::Label(missing), Cell::Count(count(None))]);
    table
}

/// A two-column table: `column`, then `carers`.
fn rows(
    name: &'static str,
    column: &'static str,
    counts: impl IntoIterator<Item = (&'static str, u64)>,
) -> Table {
    let mut table = Table::new(name, &[column, "carers"]);
    table.rows = counts
        .into_iter()
        .map(|(label, n)| vec![Cell::Label(label), Cell::Count(n)])
        .collect();
    table
}

/// A table with a row per month from the first to the last with any entry
/// (months between with none are listed with zeros), a column per value, and
/// a total.
fn per_month<T: Label + Ord>(
    name: &'static str,
    entries: impl Iterator<Item = (Month, T)>,
) -> Table {
    let mut counts: BTreeMap<Month, BTreeMap<T, u64>> = BTreeMap::new();
    for (month, value) in entries {
        *counts.entry(month).or_default().entry(value).or_default() += 1;
    }
    let mut columns = vec!["month"];
    columns.extend(T::ALL.iter().map(|v| v.label()));
    columns.push("total");
    let mut table = Table::new(name, &columns);
    let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return table;
    };
    let mut month = *first;
    let empty = BTreeMap::new();
    while month <= *last {
        let of = counts.get(&month).unwrap_or(&empty);
        let mut row = vec![Cell::Month(month)];
        row.extend(
            T::ALL
                .iter()
                .map(|v| Cell::Count(of.get(v).copied().unwrap_or(0))),
        );
        row.push(Cell::Count(of.values().sum()));
        table.rows.push(row);
        match month.first_day().checked_add_months(chrono::Months::new(1)) {
            Some(next) => month = Month::of(next),
            None => break,
        }
    }
    table
}

impl Projection for Dashboard {
    fn name(&self) -> &str {
        "dashboard"
    }

    fn position(&self) -> Option<u64> {
        Some(self.position)
    }

    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        match self.cases.fold(event)? {
            Folded::Skipped => {}
            Folded::Applied(CaseEvent::MovedOnFromCaring { reason, on, .. }) => {
                self.moved_on
                    .entry((Month::of(on), reason))
                    .or_default()
                    .insert(event.stream.clone());
            }
            Folded::Applied(..) => {}
            Folded::Erased { on, case } => {
                // Keep the figures, drop the personal values with the state: the
                // kind needs the date of birth, which is erased.
                let mut figures = Figures::of(&case, on);
                figures.kind = None;
                self.erased.insert(event.stream.clone(), figures);
            }
        }
        self.position = event.position;
        Ok(())
    }

    fn reset(&mut self) {
        *self = Self::default();
    }
}
