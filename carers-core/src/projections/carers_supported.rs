//! SALT LTS003, carers supported in a financial year: each carer counted once,
//! by the support type of [`support_type`] (the
//! return's order of precedence) and by the return's age bands; with the
//! carers' assessments started and completed in the year (eligible or not),
//! and the direct payments paid in it.
//!
//! Supported in the year: a carer with a support plan in force on some day of
//! it, or given written information and advice at an assessment in it
//! (s.13(5)). The support type combines every plan in force in the year (each
//! plan's support as it stands now: build the return [`as of`] the year's end
//! for the figures as they stood then) and that advice. The age band is the
//! carer's age on the year's last day; *not known* once their date of birth is
//! erased (an erased carer's figures stay, their age does not).
//!
//! Paid workers are never counted: the domain refuses to assess a role that is
//! not caring (s.10(9)), and support follows an assessment. A case merged into
//! another is not counted (the surviving case is).
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
    CarerCase, CaseEvent, Pence, PlanStatus, ReviewDecision, SupportFacts, SupportType,
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
    /// Not known: the date of birth was erased.
    NotKnown,
}

impl AgeBand {
    /// The band of someone born on `born`, on `day`.
    pub fn of(born: NaiveDate, day: NaiveDate) -> Self {
        match day.years_since(born).unwrap_or(0) {
            0..=17 => Self::Under18,
            18..=25 => Self::From18To25,
            26..=64 => Self::From26To64,
            65..=84 => Self::From65To84,
            _ => Self::From85,
        }
    }

    /// The column of the band.
    fn column(self) -> &'static str {
        match self {
            Self::Under18 => "under_18",
            Self::From18To25 => "18_to_25",
            Self::From26To64 => "26_to_64",
            Self::From65To84 => "65_to_84",
            Self::From85 => "85_and_over",
            Self::NotKnown => "age_not_known",
        }
    }

    const ALL: [AgeBand; 6] = [
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

/// One carer's figures (nothing personal but the date of birth, held while it
/// is not erased, to band the age).
#[derive(Clone, Debug, Default)]
struct Figures {
    born: Option<NaiveDate>,
    counted: bool,
    plans: Vec<PlanPeriod>,
    advice: Vec<NaiveDate>,
    started: Vec<NaiveDate>,
    /// The day, and for a Care Act determination whether the needs were eligible.
    completed: Vec<(NaiveDate, Option<bool>)>,
    paid: Vec<(NaiveDate, Pence)>,
}

/// A plan's days in force (`to` is its last, for a plan ended at a review) and
/// what it provides.
#[derive(Clone, Copy, Debug)]
struct PlanPeriod {
    from: NaiveDate,
    to: Option<NaiveDate>,
    facts: SupportFacts,
}

impl Figures {
    /// The figures the case's state holds (its event-derived ones kept).
    fn refresh(&mut self, case: &CarerCase) {
        self.born = case
            .identity
            .as_ref()
            .and_then(|i| i.details.date_of_birth.reveal().copied());
        self.counted = case.identity.is_some() && case.superseded_by().is_none();
        self.plans = case
            .plans
            .iter()
            .map(|(_, plan)| PlanPeriod {
                from: plan.agreed_on,
                to: (plan.status == PlanStatus::Ended).then(|| {
                    plan.reviews
                        .iter()
                        .rev()
                        .find(|r| matches!(r.decision, ReviewDecision::End))
                        .map_or(plan.agreed_on, |r| r.on)
                }),
                facts: plan.support_facts(),
            })
            .collect();
        self.paid = case
            .plans
            .iter()
            .flat_map(|(_, plan)| &plan.direct_payments)
            .flat_map(|(_, dp)| dp.payments.iter().copied())
            .collect();
    }

    /// The carer's support type in `year`, if they were supported in it.
    fn support_in(&self, year: FinancialYear) -> Option<SupportType> {
        let advised = self.advice.iter().any(|d| year.contains(*d));
        let plans = self
            .plans
            .iter()
            .filter(|p| p.from <= year.last_day() && p.to.is_none_or(|to| to >= year.first_day()))
            .map(|p| p.facts)
            .reduce(SupportFacts::and);
        let advice = SupportFacts {
            universal: advised,
            ..SupportFacts::default()
        };
        match plans {
            Some(plans) => Some(support_type(plans.and(advice))),
            None => advised.then(|| support_type(advice)),
        }
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

/// The label of the total row.
pub const TOTAL: &str = "Total";

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
        let mut counts: BTreeMap<(SupportType, AgeBand), u64> = BTreeMap::new();
        let mut assessments = [0u64; 4];
        let mut spend = Pence::ZERO;
        for figures in self.carers.values().filter(|f| f.counted) {
            if let Some(kind) = figures.support_in(year) {
                let band = figures
                    .born
                    .map_or(AgeBand::NotKnown, |b| AgeBand::of(b, year.last_day()));
                *counts.entry((kind, band)).or_default() += 1;
            }
            let in_year = |d: &NaiveDate| year.contains(*d);
            assessments[0] += figures.started.iter().filter(|d| in_year(d)).count() as u64;
            for (_, eligible) in figures.completed.iter().filter(|(d, _)| in_year(d)) {
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
        Lts003 {
            year,
            by_support_type: by_support_type(&counts),
            assessments: assessment_table(assessments),
            direct_payments: spend_table(spend),
        }
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
    let labels = ["Started", "Completed", "Eligible", "Not eligible"];
    table.rows = labels
        .iter()
        .zip(counts)
        .map(|(label, n)| vec![Cell::Label(label), Cell::Count(n)])
        .collect();
    table
}

fn spend_table(spend: Pence) -> Table {
    let mut table = Table::new("lts003_direct_payments", &["spend", "pence"]);
    table.rows.push(vec![
        Cell::Label("Direct payments paid"),
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
        let (case_event, erased) = match self.cases.fold(event)? {
            Folded::Skipped => {
                self.position = event.position;
                return Ok(());
            }
            Folded::Applied(case_event) => (Some(case_event), None),
            Folded::Erased { case, .. } => (None, Some(case)),
        };
        let figures = self.carers.entry(event.stream.clone()).or_default();
        match case_event {
            Some(CaseEvent::AssessmentStarted { on, .. }) => figures.started.push(on),
            Some(CaseEvent::AssessmentCompleted { result, on, .. }) => {
                let eligible = result.determination().map(|d| d.eligible);
                figures.completed.push((on, eligible));
            }
            Some(CaseEvent::InformationAndAdviceRecorded { .. }) => {
                figures.advice.push(local_day(event.recorded_at));
            }
            _ => {}
        }
        match (erased, self.cases.get(&event.stream)) {
            (Some(case), _) => {
                figures.refresh(&case);
                figures.born = None;
            }
            (None, Some(case)) => figures.refresh(case),
            (None, None) => {}
        }
        self.position = event.position;
        Ok(())
    }

    fn reset(&mut self) {
        *self = Self::default();
    }
}
