//! SALT LTS003, carers supported in a financial year: each carer counted once,
//! by the support type of [`support_type`] (the
//! return's order of precedence) and by the return's age bands; with the
//! carers' assessments started and completed in the year (eligible or not),
//! and the direct payments paid in it.
//!
//! Supported in the year: a carer with a support plan in force on some day of
//! it, or given written information and advice at an assessment in it
//! (s.13(5), dated by the assessment's completion). The support type combines
//! what every plan provided on the days of the year it was in force (a plan
//! revised at a review, or given a direct payment later, provided one thing
//! before and another after: each counts for its own days) and that advice.
//! The age band is the carer's age on the year's last day; *not known* once
//! their date of birth is erased (an erased carer's figures stay, their age
//! does not). A carer recorded twice and merged counts once, with the support
//! of both cases. Assessments counted are the Care Act's (carer's, combined,
//! transition); Children Act assessments are the Children's Trust's to report.
//!
//! Paid workers are never counted: the domain refuses to assess a role that is
//! not caring (s.10(9)), support follows an assessment, and a case is counted
//! only with a role the law counts as caring.
//!
//! Built [`as of`] a past instant, the return is what was recorded by then.
//!
//! The counts are not suppressed: the return goes to NHS England, which
//! publishes it; a table shown beyond the service should go through
//! [`suppression`](super::suppression) first.
//!
//! [`as of`]: crate::es::ProjectionRunner::as_of

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::cases::{Cases, Folded};
use super::table::{Cell, Label, Table};
use crate::domain::calendar::local_day;
use crate::domain::support_plan::support_type;
use crate::domain::{
    AssessmentId, AssessmentKind, CarerCase, CaseEvent, Pence, PlanId, PlanStatus, ReviewDecision,
    SupportFacts, SupportType,
};
use crate::es::{Aggregate, Projection, ProjectionError, RecordedEvent, StreamId};

/// A financial year: 1 April to 31 March.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FinancialYear {
    starting: i32,
}

impl FinancialYear {
    /// The year from 1 April of `year` to 31 March of the next (`None` beyond
    /// the calendar's range).
    pub fn starting(year: i32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, 4, 1)?;
        NaiveDate::from_ymd_opt(year + 1, 3, 31)?;
        Some(Self { starting: year })
    }

    /// The financial year `day` falls in.
    pub fn of(day: NaiveDate) -> Self {
        let starting = if day.month() >= 4 {
            day.year()
        } else {
            day.year() - 1
        };
        Self { starting }
    }

    /// Its first day, 1 April.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.starting, 4, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Its last day, 31 March.
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.starting + 1, 3, 31).unwrap_or(NaiveDate::MAX)
    }

    /// The calendar year it starts in.
    pub fn starting_year(self) -> i32 {
        self.starting
    }

    /// The year after (`None` beyond the calendar's range).
    pub fn next(self) -> Option<Self> {
        Self::starting(self.starting.checked_add(1)?)
    }

    /// Whether `day` falls in it.
    pub fn contains(self, day: NaiveDate) -> bool {
        (self.first_day()..=self.last_day()).contains(&day)
    }
}

impl fmt::Display for FinancialYear {
    /// `2025-26`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{:02}",
            self.starting,
            (self.starting + 1).rem_euclid(100)
        )
    }
}

impl Serialize for FinancialYear {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The return's age bands, by the carer's age on the year's last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeBand {
    /// Under 18.
    Under18,
    /// 18 to 25.
    From18To25,
    /// 26 to 64.
    From26To64,
    /// 65 to 84.
    From65To84,
    /// 85 and over.
    From85,
    /// Not known: the date of birth was erased (or is not held).
    NotKnown,
}

impl AgeBand {
    /// The band of someone born on `born`, on `day` (a birth after `day`, which
    /// identification refuses, reads as under 18).
    pub fn of(born: NaiveDate, day: NaiveDate) -> Self {
        match crate::domain::person::age_on(born, day) {
            0..=17 => Self::Under18,
            18..=25 => Self::From18To25,
            26..=64 => Self::From26To64,
            65..=84 => Self::From65To84,
            _ => Self::From85,
        }
    }

    /// The band's column in [`Lts003::by_support_type`].
    pub fn column(self) -> &'static str {
        match self {
            Self::Under18 => "under_18",
            Self::From18To25 => "18_to_25",
            Self::From26To64 => "26_to_64",
            Self::From65To84 => "65_to_84",
            Self::From85 => "85_and_over",
            Self::NotKnown => "age_not_known",
        }
    }

    /// Every band, in the return's order.
    pub const ALL: [AgeBand; 6] = [
        Self::Under18,
        Self::From18To25,
        Self::From26To64,
        Self::From65To84,
        Self::From85,
        Self::NotKnown,
    ];
}

/// The read model: each carer's figures for the return.
#[derive(Debug, Default)]
pub struct CarersSupported {
    cases: Cases,
    carers: BTreeMap<StreamId, Figures>,
    position: u64,
}

/// One case's figures, nothing personal: days, support facts and amounts.
#[derive(Clone, Debug, Default)]
struct Figures {
    /// Identified, with a role the law counts as caring.
    counted: bool,
    /// The case this one was merged into, if it was.
    merged_into: Option<StreamId>,
    plans: BTreeMap<PlanId, PlanPieces>,
    /// The days written information and advice was given: the assessment's
    /// completion, or the day it was recorded if later completed.
    advice: Vec<NaiveDate>,
    /// Care Act assessments started, by day.
    started: Vec<NaiveDate>,
    /// Care Act assessments completed: the day, and for a determination
    /// whether the needs were eligible.
    completed: BTreeMap<AssessmentId, (NaiveDate, Option<bool>)>,
    paid: Vec<(NaiveDate, Pence)>,
}

/// A plan's support over time: what it provided from each day (agreed, then
/// each change at a review or a direct payment), and its last day if it ended.
#[derive(Clone, Debug)]
struct PlanPieces {
    pieces: Vec<(NaiveDate, SupportFacts)>,
    reviews: usize,
    ended: Option<NaiveDate>,
}

impl PlanPieces {
    /// What the plan provided on some day of `year` (`None` if not in force
    /// in it).
    fn in_year(&self, year: FinancialYear) -> Option<SupportFacts> {
        let last = self.ended.unwrap_or(NaiveDate::MAX).min(year.last_day());
        self.pieces
            .iter()
            .enumerate()
            .filter(|(i, (from, _))| {
                // A piece runs to the day before the next one starts.
                let to = self
                    .pieces
                    .get(i + 1)
                    .map_or(last, |(next, _)| next.pred_opt().unwrap_or(*next));
                *from <= last && to.min(last) >= year.first_day() && *from <= to
            })
            .map(|(_, (_, facts))| *facts)
            .reduce(SupportFacts::and)
    }
}

impl Figures {
    /// Brings the figures the case's state holds up to date after an event
    /// recorded on `day`: a plan's support that changed is a new piece from
    /// that day (a review's own day, for a review).
    fn refresh(&mut self, case: &CarerCase, day: NaiveDate) {
        self.counted = case.identity.is_some() && case.caring_roles().next().is_some();
        self.merged_into = case.superseded_by();
        for (id, plan) in case.plans.iter() {
            let facts = plan.support_facts();
            let reviewed_on = plan.reviews.last().map(|r| r.on);
            let pieces = self.plans.entry(id).or_insert_with(|| PlanPieces {
                pieces: vec![(plan.agreed_on, facts)],
                reviews: 0,
                ended: None,
            });
            let from = match reviewed_on {
                Some(on) if plan.reviews.len() > pieces.reviews => on,
                _ => day,
            };
            pieces.reviews = plan.reviews.len();
            if pieces.pieces.last().is_some_and(|(_, last)| *last != facts) {
                pieces.pieces.push((from, facts));
            }
            pieces.ended = (plan.status == PlanStatus::Ended).then(|| {
                plan.reviews
                    .iter()
                    .rev()
                    .find(|r| matches!(r.decision, ReviewDecision::End))
                    .map_or(plan.agreed_on, |r| r.on)
            });
        }
        self.paid = case
            .plans
            .iter()
            .flat_map(|(_, plan)| &plan.direct_payments)
            .flat_map(|(_, dp)| dp.payments.iter().copied())
            .collect();
    }

    /// What the case provided the carer in `year`, if anything.
    fn support_in(&self, year: FinancialYear) -> Option<SupportFacts> {
        let advised = self.advice.iter().any(|d| year.contains(*d));
        let advice = advised.then(|| SupportFacts {
            universal: true,
            ..SupportFacts::default()
        });
        self.plans
            .values()
            .filter_map(|p| p.in_year(year))
            .chain(advice)
            .reduce(SupportFacts::and)
    }
}

/// The return for one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lts003 {
    /// The year.
    pub year: FinancialYear,
    /// Carers supported, by support type (rows, in the return's order, then
    /// `Total`) and age band (columns, then `carers`).
    pub by_support_type: Table,
    /// Carers' assessments in the year: started, completed, and of those
    /// completed with a Care Act determination, eligible and not eligible.
    pub assessments: Table,
    /// Direct payments paid in the year, in pence.
    pub direct_payments: Table,
}

impl Lts003 {
    /// Every table.
    pub fn all(&self) -> [&Table; 3] {
        [
            &self.by_support_type,
            &self.assessments,
            &self.direct_payments,
        ]
    }
}

pub use super::table::TOTAL;

/// The labels of [`Lts003::assessments`]' rows, in order.
pub const ASSESSMENTS: [&str; 4] = ["Started", "Completed", "Eligible", "Not eligible"];

/// The label of [`Lts003::direct_payments`]' row.
pub const DIRECT_PAYMENTS_PAID: &str = "Direct payments paid";

impl CarersSupported {
    /// An empty read model.
    pub fn new() -> Self {
        Self::default()
    }

    /// The return for `year`.
    ///
    /// ```
    /// use carers_core::es::{MemoryStore, ProjectionRunner};
    /// use carers_core::projections::CarersSupported;
    /// use carers_core::projections::carers_supported::FinancialYear;
    /// use carers_core::projections::table::Cell;
    ///
    /// let store = MemoryStore::new();
    /// let mut supported = CarersSupported::new();
    /// ProjectionRunner::default().catch_up(&store, &mut supported)?;
    /// let year = FinancialYear::starting(2025).expect("a year in the calendar");
    /// let lts003 = supported.lts003(year);
    /// assert_eq!(lts003.by_support_type.cell(Cell::Label("Total"), "carers"), Some(Cell::Count(0)));
    /// # Ok::<(), carers_core::es::ProjectionError>(())
    /// ```
    pub fn lts003(&self, year: FinancialYear) -> Lts003 {
        // A carer recorded twice counts once: a merged duplicate's support
        // counts with the case it was merged into.
        let mut support: BTreeMap<&StreamId, SupportFacts> = BTreeMap::new();
        let mut assessments = [0u64; 4];
        let mut spend = Pence::ZERO;
        for (stream, figures) in &self.carers {
            if let Some(facts) = figures.support_in(year) {
                let carer = self.surviving(stream);
                let combined = support.get(carer).map_or(facts, |f| f.and(facts));
                support.insert(carer, combined);
            }
            let in_year = |d: &NaiveDate| year.contains(*d);
            assessments[0] += figures.started.iter().filter(|d| in_year(d)).count() as u64;
            for (_, eligible) in figures.completed.values().filter(|(d, _)| in_year(d)) {
                assessments[1] += 1;
                match eligible {
                    Some(true) => assessments[2] += 1,
                    Some(false) => assessments[3] += 1,
                    None => {}
                }
            }
            for (_, amount) in figures.paid.iter().filter(|(d, _)| in_year(d)) {
                // Saturates at i64::MAX pence (£92 trillion): never reached.
                spend = Pence(spend.0.saturating_add(amount.0));
            }
        }
        let mut counts: BTreeMap<(SupportType, AgeBand), u64> = BTreeMap::new();
        for (carer, facts) in support {
            let counted = self.carers.get(carer).is_some_and(|f| f.counted);
            if !counted {
                continue;
            }
            let born = self
                .cases
                .get(carer)
                .and_then(|c| c.identity.as_ref())
                .and_then(|i| i.details.date_of_birth.reveal().copied());
            let band = born.map_or(AgeBand::NotKnown, |b| AgeBand::of(b, year.last_day()));
            *counts.entry((support_type(facts), band)).or_default() += 1;
        }
        Lts003 {
            year,
            by_support_type: by_support_type(&counts),
            assessments: assessment_table(assessments),
            direct_payments: spend_table(spend),
        }
    }

    /// The case `stream` was merged into, following merges (a chain ends at
    /// a case not merged; a cycle, which merging refuses, stops where it
    /// began).
    fn surviving<'a>(&'a self, stream: &'a StreamId) -> &'a StreamId {
        let mut at = stream;
        for _ in 0..self.carers.len() {
            match self.carers.get(at).and_then(|f| f.merged_into.as_ref()) {
                Some(next) if next != stream => at = next,
                _ => break,
            }
        }
        at
    }
}

// The return's own wording.
impl Label for SupportType {
    const ALL: &'static [Self] = &SupportType::ALL;
    fn label(self) -> &'static str {
        match self {
            SupportType::DirectPaymentOnly => "Direct Payment only",
            SupportType::PartDirectPayment => "Part Direct Payment",
            SupportType::CouncilManagedPersonalBudget => "CASSR Managed Personal Budget",
            SupportType::CommissionedSupportOnly => "CASSR Commissioned support only",
            SupportType::InformationAndAdviceOnly => {
                "Information, Advice and Other Universal Services / Signposting"
            }
            SupportType::NoDirectSupport => "No Direct Support Provided to Carer",
        }
    }
}

fn by_support_type(counts: &BTreeMap<(SupportType, AgeBand), u64>) -> Table {
    let mut columns = vec!["support_type"];
    columns.extend(AgeBand::ALL.iter().map(|b| b.column()));
    columns.push("carers");
    let mut table = Table::new("lts003_carers_by_support_type", &columns);
    let count = |kind: Option<SupportType>, band: Option<AgeBand>| -> u64 {
        counts
            .iter()
            .filter(|((k, b), _)| kind.is_none_or(|x| x == *k) && band.is_none_or(|x| x == *b))
            .map(|(_, n)| n)
            .sum()
    };
    let kinds = SupportType::ALL.iter().map(|k| (Some(*k), k.label()));
    for (kind, label) in kinds.chain([(None, TOTAL)]) {
        let mut row = vec![Cell::Label(label)];
        row.extend(
            AgeBand::ALL
                .iter()
                .map(|b| Cell::Count(count(kind, Some(*b)))),
        );
        row.push(Cell::Count(count(kind, None)));
        table.rows.push(row);
    }
    table
}

fn assessment_table(counts: [u64; 4]) -> Table {
    let mut table = Table::new("lts003_assessments", &["assessments", "count"]);
    table.rows = ASSESSMENTS
        .iter()
        .zip(counts)
        .map(|(label, n)| vec![Cell::Label(label), Cell::Count(n)])
        .collect();
    table
}

fn spend_table(spend: Pence) -> Table {
    let mut table = Table::new("lts003_direct_payments", &["spend", "pence"]);
    table.rows.push(vec![
        Cell::Label(DIRECT_PAYMENTS_PAID),
        Cell::Pence(spend.0),
    ]);
    table
}

impl Projection for CarersSupported {
    fn name(&self) -> &str {
        "carers-supported"
    }

    fn position(&self) -> Option<u64> {
        Some(self.position)
    }

    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        self.position = event.position;
        let day = local_day(event.recorded_at);
        let (case_event, erased) = match self.cases.fold(event)? {
            Folded::Skipped => return Ok(()),
            Folded::Applied(case_event) => (Some(case_event), None),
            // Keep the figures (nothing personal); the state goes.
            Folded::Erased { case, .. } => (None, Some(case)),
        };
        let case = match (&erased, self.cases.get(&event.stream)) {
            (Some(case), _) => &**case,
            (None, Some(case)) => case,
            (None, None) => return Ok(()),
        };
        let figures = self.carers.entry(event.stream.clone()).or_default();
        let care_act = |a: &AssessmentId| {
            case.assessment(*a).is_some_and(|a| {
                matches!(
                    a.kind,
                    AssessmentKind::CarersAssessment
                        | AssessmentKind::Combined
                        | AssessmentKind::Transition
                )
            })
        };
        match case_event {
            Some(CaseEvent::AssessmentStarted { assessment, on }) if care_act(&assessment) => {
                figures.started.push(on);
            }
            Some(CaseEvent::AssessmentCompleted {
                assessment,
                result,
                on,
                ..
            }) if care_act(&assessment) => {
                let eligible = result.determination().map(|d| d.eligible);
                figures.completed.insert(assessment, (on, eligible));
            }
            Some(CaseEvent::InformationAndAdviceRecorded { assessment, .. }) => {
                let completed = figures.completed.get(&assessment).map(|(on, _)| *on);
                figures.advice.push(completed.map_or(day, |on| on.min(day)));
            }
            _ => {}
        }
        figures.refresh(case, day);
        Ok(())
    }

    fn reset(&mut self) {
        *self = Self::default();
    }
}
