//! Carers' quality of life, on the six domains of the Survey of Adult Carers in
//! England (each scored 0 to 2, DOMAIN.md): how it changed for each carer
//! between their first reading and their latest. A reading is taken with an
//! assessment's evidence (dated by the day it was recorded; evidence recorded
//! again replaces its assessment's reading) or at a review of a plan (dated by
//! the review's day), so reviews can show whether support helps.
//!
//! For each domain, and for the total (0 to 12): the carers with two readings
//! or more, how many improved, stayed the same or got worse, their average
//! change (in points, two decimal places) and the share who improved (a
//! percentage). Built [`as of`] a past instant, the readings are those
//! recorded by then.
//!
//! The scores are stored in clear, not as sealed personal values (a gap: they
//! are wellbeing data about a carer, see SECURITY.md), which is why an erasure
//! changes none of these figures. A carer recorded twice and merged is counted
//! per case (not joined). Management figures, not suppressed: with few carers
//! read twice, a row can describe one person's change; suppress before
//! showing it beyond the service.
//!
//! [`as of`]: crate::es::ProjectionRunner::as_of

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::table::{Cell, Table};
use crate::domain::calendar::local_day;
use crate::domain::{AssessmentId, CaseEvent, QualityOfLife};
use crate::es::{Codec, Projection, ProjectionError, RecordedEvent, StreamId};

/// The domains' labels, in the survey's order ([`QualityOfLife::scores`]):
/// the rows of [`CarersQualityOfLife::change`], then [`TOTAL_SCORE`].
pub const DOMAINS: [&str; 6] = [
    "Occupation",
    "Control over daily life",
    "Looking after yourself",
    "Safety",
    "Social participation",
    "Encouragement and support",
];

/// The label of the total score's row (0 to 12).
pub const TOTAL_SCORE: &str = "Total score";

/// The columns of [`CarersQualityOfLife::change`].
pub const COLUMNS: [&str; 7] = [
    "domain",
    "carers",
    "improved",
    "unchanged",
    "worse",
    "average_change",
    "improved_percent",
];

/// Where a reading was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Taken {
    Assessment(AssessmentId),
    /// A review, by its event's log position (two reviews of a plan on one
    /// day are two readings).
    Review(u64),
}

/// One reading: its order (the day, then the log position) and the scores.
#[derive(Clone, Copy, Debug)]
struct Reading {
    order: (NaiveDate, u64),
    scores: QualityOfLife,
}

/// The read model.
#[derive(Debug, Default)]
pub struct CarersQualityOfLife {
    codec: Codec<CaseEvent>,
    /// Each case's readings, by where taken.
    readings: BTreeMap<StreamId, BTreeMap<Taken, Reading>>,
    position: u64,
}

impl CarersQualityOfLife {
    /// An empty read model.
    pub fn new() -> Self {
        Self::default()
    }

    /// Each carer's first and latest readings, for the carers with two or more.
    fn first_and_latest(&self) -> impl Iterator<Item = (QualityOfLife, QualityOfLife)> + '_ {
        self.readings.values().filter_map(|taken| {
            let first = taken.values().min_by_key(|r| r.order)?;
            let latest = taken.values().max_by_key(|r| r.order)?;
            (taken.len() >= 2).then_some((first.scores, latest.scores))
        })
    }

    /// The change between each carer's first and latest reading, per domain
    /// (rows, [`DOMAINS`] then [`TOTAL_SCORE`]; columns [`COLUMNS`]). With no
    /// carer read twice, the average and the share hold no value.
    ///
    /// ```
    /// use carers_core::es::{MemoryStore, ProjectionRunner};
    /// use carers_core::projections::CarersQualityOfLife;
    /// use carers_core::projections::table::Cell;
    ///
    /// let store = MemoryStore::new();
    /// let mut quality = CarersQualityOfLife::new();
    /// ProjectionRunner::default().catch_up(&store, &mut quality)?;
    /// let change = quality.change();
    /// assert_eq!(change.cell(Cell::Label("Safety"), "carers"), Some(Cell::Count(0)));
    /// # Ok::<(), carers_core::es::ProjectionError>(())
    /// ```
    pub fn change(&self) -> Table {
        let pairs: Vec<_> = self.first_and_latest().collect();
        let total = |q: &QualityOfLife| i64::from(q.total());
        let rows = DOMAINS
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let score = |q: &QualityOfLife| i64::from(q.scores()[i].value());
                row(label, pairs.iter().map(|(a, b)| score(b) - score(a)))
            })
            .chain(std::iter::once(row(
                TOTAL_SCORE,
                pairs.iter().map(|(a, b)| total(b) - total(a)),
            )));
        let mut table = Table::new("quality_of_life_change", &COLUMNS);
        table.rows.extend(rows);
        table
    }
}

/// One row: the carers, improved, unchanged, worse, average change, share improved.
fn row(label: &'static str, diffs: impl Iterator<Item = i64>) -> Vec<Cell> {
    let (mut n, mut up, mut same, mut down, mut sum) = (0u64, 0u64, 0u64, 0u64, 0i64);
    for d in diffs {
        n += 1;
        sum += d;
        match d.signum() {
            1 => up += 1,
            0 => same += 1,
            _ => down += 1,
        }
    }
    let percent = i64::try_from(up).unwrap_or(i64::MAX).saturating_mul(100);
    vec![
        Cell::Label(label),
        Cell::Count(n),
        Cell::Count(up),
        Cell::Count(same),
        Cell::Count(down),
        Cell::ratio(sum, n),
        Cell::ratio(percent, n),
    ]
}

impl Projection for CarersQualityOfLife {
    fn name(&self) -> &str {
        "carers-quality-of-life"
    }

    fn position(&self) -> Option<u64> {
        Some(self.position)
    }

    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        self.position = event.position;
        const HANDLED: [&str; 2] = [
            CaseEvent::ASSESSMENT_EVIDENCE_RECORDED,
            CaseEvent::PLAN_REVIEWED,
        ];
        if !super::handles(event, &HANDLED) {
            return Ok(());
        }
        let (taken, day, reading) = match self.codec.decode_recorded(event)? {
            CaseEvent::AssessmentEvidenceRecorded {
                assessment,
                evidence,
            } => (
                Taken::Assessment(assessment),
                local_day(event.recorded_at),
                evidence.quality_of_life,
            ),
            CaseEvent::PlanReviewed { review, .. } => (
                Taken::Review(event.position),
                review.on,
                review.quality_of_life,
            ),
            _ => return Ok(()),
        };
        let readings = self.readings.entry(event.stream.clone()).or_default();
        match reading {
            Some(q) => {
                let order = (day, event.position);
                readings.insert(taken, Reading { order, scores: q });
            }
            // Evidence recorded again without a reading takes its assessment's away.
            None => {
                readings.remove(&taken);
            }
        }
        Ok(())
    }

    fn reset(&mut self) {
        *self = Self::default();
    }
}
