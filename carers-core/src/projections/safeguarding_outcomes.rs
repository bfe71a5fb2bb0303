//! Safeguarding outcomes and timeliness across all cases, beside the
//! [trends](super::safeguarding_trends):
//!
//! - Making Safeguarding Personal (CSSG 14.15): of the concerns closed after a
//!   referral in a year, how many had the person's desired outcomes fully,
//!   partly or not met, and how many expressed none. Every concern has a field
//!   for what the person wants, filled when it is raised (the domain does not
//!   check that it is not empty), so the table does not count who was asked.
//! - Timeliness against the local policy (the law sets no timescales, CSSG
//!   ch. 14): of the concerns raised in a year, each step (the referral, the
//!   strategy meeting, the s.42 decision where the policy times it, the agreed
//!   actions) done on time, done late, overdue (not done and its due instant
//!   passed) or not yet due, by the same due rules as the work queue
//!   ([`SafeguardingPolicy`]). A concern closed below the threshold needs no
//!   referral, and a step a closed concern never took is no longer due: neither
//!   is counted. A step not taken on a case erased or merged into another
//!   (neither takes commands any more; the work queue lists neither) stands
//!   as it stood then (overdue or not yet due): an erasure changes no figure,
//!   and nothing falls overdue after it.
//!   The s.42 decision is timed by when it was recorded (the event carries no
//!   other instant).
//!
//! Holds no personal data: ids, instants, agencies and outcomes only, so an
//! erasure changes none of its figures. The figures are management ones, not
//! suppressed.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::carers_supported::FinancialYear;
use super::table::{Cell, Label, TOTAL, Table};
use crate::domain::SafeguardingPolicy;
use crate::domain::calendar::{end_of, local_day};
use crate::domain::{ActionId, CaseEvent, ConcernId, DesiredOutcomesMet, Referral};
use crate::es::{Codec, Projection, ProjectionError, RecordedEvent, StreamId};

/// The read model.
#[derive(Debug, Default)]
pub struct SafeguardingOutcomes {
    codec: Codec<CaseEvent>,
    policy: SafeguardingPolicy,
    concerns: BTreeMap<(StreamId, ConcernId), ConcernFacts>,
    position: u64,
}

/// What timeliness and outcomes need of one concern.
#[derive(Debug)]
struct ConcernFacts {
    raised_at: DateTime<Utc>,
    immediate_risk: bool,
    lead_referral: Option<Referral>,
    strategy_meeting: Option<NaiveDate>,
    decided_at: Option<DateTime<Utc>>,
    /// Due day and the day done, by action.
    actions: BTreeMap<ActionId, (NaiveDate, Option<NaiveDate>)>,
    /// The day it closed, with the Making Safeguarding Personal outcome if it
    /// closed after a referral (none below the threshold).
    closed: Option<(NaiveDate, Option<DesiredOutcomesMet>)>,
    /// When its case was erased or merged into another, if it was: it takes
    /// no more steps from then.
    ended: Option<DateTime<Utc>>,
}

/// The rows of [`SafeguardingOutcomes::timeliness`], in order.
pub const STEPS: [&str; 4] = ["Referral", "Strategy meeting", "s.42 decision", "Actions"];

/// Where one step of one concern stands against its due instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standing {
    OnTime,
    Late,
    Overdue,
    NotYetDue,
}

impl Standing {
    /// A step done at `done` (if it was) against its due instant `due`, as of `now`.
    fn of(done: Option<DateTime<Utc>>, due: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        match done {
            Some(done) if done <= due => Standing::OnTime,
            Some(_) => Standing::Late,
            None if due < now => Standing::Overdue,
            None => Standing::NotYetDue,
        }
    }

    fn column(self) -> usize {
        match self {
            Standing::OnTime => 1,
            Standing::Late => 2,
            Standing::Overdue => 3,
            Standing::NotYetDue => 4,
        }
    }
}

impl SafeguardingOutcomes {
    /// An empty read model timing steps by `policy` (the same policy the
    /// cases' work queue uses: `CasePolicy::safeguarding`).
    pub fn new(policy: SafeguardingPolicy) -> Self {
        Self {
            policy,
            ..Self::default()
        }
    }

    /// Making Safeguarding Personal for `year`: the concerns closed after a
    /// referral on a UK local day of it, by whether the person's desired
    /// outcomes were met (rows: fully, partly, not met, none expressed, then
    /// `Total`; column `concerns`).
    ///
    /// ```
    /// use carers_core::domain::SafeguardingPolicy;
    /// use carers_core::es::{MemoryStore, ProjectionRunner};
    /// use carers_core::projections::SafeguardingOutcomes;
    /// use carers_core::projections::carers_supported::FinancialYear;
    /// use carers_core::projections::table::Cell;
    ///
    /// let store = MemoryStore::new();
    /// let mut outcomes = SafeguardingOutcomes::new(SafeguardingPolicy::default());
    /// ProjectionRunner::default().catch_up(&store, &mut outcomes)?;
    /// let year = FinancialYear::starting(2025).expect("a year in the calendar");
    /// let table = outcomes.making_safeguarding_personal(year);
    /// assert_eq!(table.cell(Cell::Label("Fully met"), "concerns"), Some(Cell::Count(0)));
    /// # Ok::<(), carers_core::es::ProjectionError>(())
    /// ```
    pub fn making_safeguarding_personal(&self, year: FinancialYear) -> Table {
        let closed: Vec<DesiredOutcomesMet> = self
            .concerns
            .values()
            .filter_map(|f| match f.closed {
                Some((on, Some(met))) if year.contains(on) => Some(met),
                _ => None,
            })
            .collect();
        let mut table = Table::new("making_safeguarding_personal", &["outcomes", "concerns"]);
        for met in DesiredOutcomesMet::ALL {
            let n = closed.iter().filter(|m| *m == met).count() as u64;
            table
                .rows
                .push(vec![Cell::Label(met.label()), Cell::Count(n)]);
        }
        let total = closed.len() as u64;
        table
            .rows
            .push(vec![Cell::Label(TOTAL), Cell::Count(total)]);
        table
    }

    /// Timeliness for the concerns raised on a UK local day of `year`, as of
    /// `now`: per step ([`STEPS`]), how many were done on time, done late,
    /// overdue, and not yet due. Pass the instant the model was built to (the
    /// present, or the instant given to
    /// [`ProjectionRunner::as_of`](crate::es::ProjectionRunner::as_of)): a step
    /// recorded after `now` would otherwise count as done.
    ///
    /// ```
    /// use carers_core::domain::SafeguardingPolicy;
    /// use carers_core::es::{MemoryStore, ProjectionRunner};
    /// use carers_core::projections::SafeguardingOutcomes;
    /// use carers_core::projections::carers_supported::FinancialYear;
    /// use carers_core::projections::table::Cell;
    ///
    /// let store = MemoryStore::new();
    /// let mut outcomes = SafeguardingOutcomes::new(SafeguardingPolicy::default());
    /// ProjectionRunner::default().catch_up(&store, &mut outcomes)?;
    /// let year = FinancialYear::starting(2025).expect("a year in the calendar");
    /// let now = year.last_day().and_hms_opt(12, 0, 0).expect("noon exists").and_utc();
    /// let table = outcomes.timeliness(year, now);
    /// assert_eq!(table.cell(Cell::Label("Referral"), "overdue"), Some(Cell::Count(0)));
    /// # Ok::<(), carers_core::es::ProjectionError>(())
    /// ```
    pub fn timeliness(&self, year: FinancialYear, now: DateTime<Utc>) -> Table {
        let mut counts = [[0u64; 5]; STEPS.len()];
        let mut count = |step: usize, standing: Standing| counts[step][standing.column()] += 1;
        for f in self.concerns.values() {
            if !year.contains(local_day(f.raised_at)) {
                continue;
            }
            let closed = f.closed.is_some();
            let mut step = |i: usize, done: Option<DateTime<Utc>>, due: Option<DateTime<Utc>>| {
                let Some(due) = due else {
                    return;
                };
                match (done, closed, f.ended) {
                    (Some(_), _, _) => count(i, Standing::of(done, due, now)),
                    // A step a closed concern never took is no longer due.
                    (None, true, _) => {}
                    // One its case, erased or merged, can no longer take
                    // stands as it stood then: an erasure changes no figure,
                    // and nothing falls overdue after it.
                    (None, false, Some(ended)) => {
                        count(i, Standing::of(None, due, ended.min(now)));
                    }
                    (None, false, None) => count(i, Standing::of(None, due, now)),
                }
            };
            step(
                0,
                f.lead_referral.map(|r| r.at),
                self.policy.referral_due(f.raised_at, f.immediate_risk),
            );
            if let Some(lead) = &f.lead_referral {
                step(
                    1,
                    f.strategy_meeting.and_then(end_of),
                    self.policy.strategy_meeting_due(lead),
                );
                step(2, f.decided_at, self.policy.decision_due(lead));
            }
            for (due, done) in f.actions.values() {
                step(3, done.and_then(end_of), end_of(*due));
            }
        }
        let mut table = Table::new(
            "safeguarding_timeliness",
            &["step", "on_time", "late", "overdue", "not_yet_due"],
        );
        for (name, row) in STEPS.iter().zip(counts) {
            let mut cells = vec![Cell::Label(name)];
            cells.extend(row[1..].iter().map(|n| Cell::Count(*n)));
            table.rows.push(cells);
        }
        table
    }
}

impl Label for DesiredOutcomesMet {
    const ALL: &'static [Self] = &[
        DesiredOutcomesMet::Met,
        DesiredOutcomesMet::PartlyMet,
        DesiredOutcomesMet::NotMet,
        DesiredOutcomesMet::NoneExpressed,
    ];
    fn label(self) -> &'static str {
        match self {
            DesiredOutcomesMet::Met => "Fully met",
            DesiredOutcomesMet::PartlyMet => "Partly met",
            DesiredOutcomesMet::NotMet => "Not met",
            DesiredOutcomesMet::NoneExpressed => "None expressed",
        }
    }
}

impl Projection for SafeguardingOutcomes {
    fn name(&self) -> &str {
        "safeguarding-outcomes"
    }

    fn position(&self) -> Option<u64> {
        Some(self.position)
    }

    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        self.position = event.position;
        const HANDLED: [&str; 10] = [
            CaseEvent::PERSONAL_DATA_ERASED,
            CaseEvent::CASE_SUPERSEDED,
            CaseEvent::CONCERN_RAISED,
            CaseEvent::CONCERN_REFERRED,
            CaseEvent::STRATEGY_MEETING_RECORDED,
            CaseEvent::S42_DECIDED,
            CaseEvent::SAFEGUARDING_ACTION_AGREED,
            CaseEvent::SAFEGUARDING_ACTION_COMPLETED,
            CaseEvent::CONCERN_CLOSED,
            CaseEvent::CONCERN_CLOSED_BELOW_THRESHOLD,
        ];
        if !super::handles(event, &HANDLED) {
            return Ok(());
        }
        let kind = &*event.event_type;
        if kind == CaseEvent::PERSONAL_DATA_ERASED || kind == CaseEvent::CASE_SUPERSEDED {
            // Rare events: a scan of the concerns is cheap enough.
            for ((stream, _), f) in &mut self.concerns {
                if *stream == event.stream {
                    f.ended.get_or_insert(event.recorded_at);
                }
            }
            return Ok(());
        }
        let decoded = self.codec.decode_recorded(event)?;
        let stream = event.stream.clone();
        if let CaseEvent::ConcernRaised {
            concern,
            details,
            at,
            ..
        } = &decoded
        {
            let facts = ConcernFacts {
                raised_at: *at,
                immediate_risk: details.immediate_risk,
                lead_referral: None,
                strategy_meeting: None,
                decided_at: None,
                actions: BTreeMap::new(),
                closed: None,
                ended: None,
            };
            self.concerns.insert((stream, *concern), facts);
            return Ok(());
        }
        let Some(concern) = concern_of(&decoded) else {
            return Ok(());
        };
        // A step on a concern never raised cannot be timed: the domain refuses
        // one, so none comes.
        let Some(f) = self.concerns.get_mut(&(stream, concern)) else {
            return Ok(());
        };
        match decoded {
            CaseEvent::ConcernReferred { to, at, .. } => {
                f.lead_referral.get_or_insert(Referral { to, at });
            }
            CaseEvent::StrategyMeetingRecorded { held_on, .. } => {
                f.strategy_meeting = Some(held_on);
            }
            CaseEvent::S42Decided { .. } => f.decided_at = Some(event.recorded_at),
            CaseEvent::SafeguardingActionAgreed { action, .. } => {
                f.actions.insert(action.id, (action.due, None));
            }
            CaseEvent::SafeguardingActionCompleted { action, on, .. } => {
                if let Some((_, done)) = f.actions.get_mut(&action) {
                    *done = Some(on);
                }
            }
            CaseEvent::ConcernClosed {
                desired_outcomes,
                on,
                ..
            } => f.closed = Some((on, Some(desired_outcomes))),
            CaseEvent::ConcernClosedBelowThreshold { on, .. } => f.closed = Some((on, None)),
            _ => {}
        }
        Ok(())
    }

    fn reset(&mut self) {
        *self = Self::new(std::mem::take(&mut self.policy));
    }
}

/// The concern a pathway step is on.
fn concern_of(event: &CaseEvent) -> Option<ConcernId> {
    match event {
        CaseEvent::ConcernReferred { concern, .. }
        | CaseEvent::StrategyMeetingRecorded { concern, .. }
        | CaseEvent::S42Decided { concern, .. }
        | CaseEvent::SafeguardingActionAgreed { concern, .. }
        | CaseEvent::SafeguardingActionCompleted { concern, .. }
        | CaseEvent::ConcernClosed { concern, .. }
        | CaseEvent::ConcernClosedBelowThreshold { concern, .. } => Some(*concern),
        _ => None,
    }
}
