//! Tables: a read model's figures as named columns of typed cells, exported as
//! CSV ([`Table::to_csv`]) or JSON (`Serialize`: the table's name, its columns,
//! and each row as an object keyed by column).
//!
//! Cells hold labels, months, counts and money only: a table never holds a
//! personal value. Small counts can still point to a person: a table meant for
//! publication must be suppressed first (a suppressed count is
//! [`Cell::Suppressed`]); the dashboard's tables are not (management figures).
//!
//! CSV: RFC 4180 quoting, `\n` line endings.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::domain::{
    CarerKind, Channel, ConditionCategory, HoursBand, IdentificationSource, MovingOnReason, Stage,
};

/// What a suppressed count reads as: a count of 1 to 4, or a cell from which
/// one could be worked out.
pub const SUPPRESSED: &str = "<5";

/// The label of a table's total row.
pub const TOTAL: &str = "Total";

/// A calendar month (UK local days are grouped by it), written `2025-04`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    /// The month `day` falls in.
    pub fn of(day: NaiveDate) -> Self {
        Self {
            first: day.with_day(1).unwrap_or(day),
        }
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        self.first
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.first.year(), self.first.month())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One cell of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// A label (a stage, a source, a band).
    Label(&'static str),
    /// A month.
    Month(Month),
    /// A count.
    Count(u64),
    /// A count withheld by small-number suppression ([`SUPPRESSED`]).
    Suppressed,
    /// An amount of money, in pence.
    Pence(i64),
    /// A number with two decimal places (an average, a percentage), in
    /// hundredths: `Hundredths(-25)` is `-0.25`.
    Hundredths(i64),
}

/// What a cell holds where there is no value to show (an average of no
/// one): empty, in CSV and JSON alike.
pub const NO_VALUE: &str = "";

impl Cell {
    /// `numerator / denominator` to two decimal places, rounded half away from
    /// zero ([`Cell::Hundredths`]); [`NO_VALUE`] when `denominator` is 0.
    ///
    /// ```
    /// use carers_core::projections::table::Cell;
    ///
    /// assert_eq!(Cell::ratio(1, 8).to_string(), "0.13");
    /// assert_eq!(Cell::ratio(-1, 8).to_string(), "-0.13");
    /// assert_eq!(Cell::ratio(2, 3).to_string(), "0.67");
    /// assert_eq!(Cell::ratio(1, 0).to_string(), "");
    /// ```
    pub fn ratio(numerator: i64, denominator: u64) -> Cell {
        let d = i128::from(denominator);
        if d == 0 {
            return Cell::Label(NO_VALUE);
        }
        let n = i128::from(numerator) * 100;
        // Half away from zero: add half the denominator to the magnitude.
        let magnitude = (n.abs() * 2 + d) / (d * 2);
        let h = if n < 0 { -magnitude } else { magnitude };
        // |numerator / denominator| * 100 fits: |h| <= |numerator| * 100.
        Cell::Hundredths(i64::try_from(h).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX }))
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Label(l) => f.write_str(l),
            Cell::Month(m) => m.fmt(f),
            Cell::Count(n) => n.fmt(f),
            Cell::Suppressed => f.write_str(SUPPRESSED),
            Cell::Pence(p) => p.fmt(f),
            Cell::Hundredths(h) => {
                let sign = if *h < 0 { "-" } else { "" };
                let a = h.unsigned_abs();
                write!(f, "{sign}{}.{:02}", a / 100, a % 100)
            }
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Label(l) => s.serialize_str(l),
            Cell::Month(m) => m.serialize(s),
            Cell::Count(n) => s.serialize_u64(*n),
            Cell::Suppressed => s.serialize_str(SUPPRESSED),
            Cell::Pence(p) => s.serialize_i64(*p),
            // A JSON number (`-0.25`), as in CSV.
            Cell::Hundredths(h) => s.serialize_f64(*h as f64 / 100.0),
        }
    }
}

/// A table of figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// A stable name (`carers_by_stage`): a file name, a JSON key.
    pub name: &'static str,
    /// The columns' names.
    pub columns: Vec<&'static str>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table named `name` with `columns`.
    pub fn new(name: &'static str, columns: &[&'static str]) -> Self {
        Self {
            name,
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// The cell in the row whose first cell is `key`, under `column`.
    pub fn cell(&self, key: Cell, column: &str) -> Option<Cell> {
        let at = self.columns.iter().position(|c| *c == column)?;
        let row = self.rows.iter().find(|r| r.first() == Some(&key))?;
        row.get(at).copied()
    }

    /// The table as CSV (UTF-8, a header row, then one record per row).
    ///
    /// ```
    /// use carers_core::projections::table::{Cell, Table};
    ///
    /// let mut table = Table::new("carers_by_stage", &["stage", "carers"]);
    /// table.rows.push(vec![Cell::Label("Living as a carer"), Cell::Count(12)]);
    /// assert_eq!(table.to_csv(), b"stage,carers\nLiving as a carer,12\n");
    /// ```
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail: the csv writer's only errors are the
        // underlying writer's, and a Vec's writes never fail.
        out.write_record(&self.columns)
            .expect("writing CSV to memory cannot fail");
        for row in &self.rows {
            out.write_record(row.iter().map(|c| c.to_string()))
                .expect("writing CSV to memory cannot fail");
        }
        out.into_inner()
            .expect("flushing CSV to memory cannot fail")
    }
}

/// `{"name": …, "columns": […], "rows": [{column: cell, …}, …]}`.
impl Serialize for Table {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Row<'a>(&'a [&'static str], &'a [Cell]);
        impl Serialize for Row<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (column, cell) in self.0.iter().zip(self.1) {
                    map.serialize_entry(column, cell)?;
                }
                map.end()
            }
        }
        let rows: Vec<Row<'_>> = self.rows.iter().map(|r| Row(&self.columns, r)).collect();
        let mut t = s.serialize_struct("Table", 3)?;
        t.serialize_field("name", self.name)?;
        t.serialize_field("columns", &self.columns)?;
        t.serialize_field("rows", &rows)?;
        t.end()
    }
}

/// A value's label in a table: plain words, stable across versions (a
/// commissioner's spreadsheet keys on them).
pub trait Label: Copy + 'static {
    /// Every value, in the order a table lists them.
    const ALL: &'static [Self];
    /// The label.
    fn label(self) -> &'static str;
}

impl Label for Stage {
    const ALL: &'static [Self] = &Stage::ALL;
    fn label(self) -> &'static str {
        match self {
            Stage::BeforeCaring => "Before caring",
            Stage::BecomingACarer => "Becoming a carer",
            Stage::LivingAsACarer => "Living as a carer",
            Stage::MovingOn => "Moving on from caring",
        }
    }
}

impl Label for CarerKind {
    const ALL: &'static [Self] = &CarerKind::ALL;
    fn label(self) -> &'static str {
        match self {
            CarerKind::YoungCarer => "Young carer (under 18)",
            CarerKind::YoungAdultCarer => "Young adult carer (18 to 25)",
            CarerKind::AdultCarer => "Adult carer",
            CarerKind::ParentCarer => "Parent carer",
        }
    }
}

impl Label for HoursBand {
    const ALL: &'static [Self] = &HoursBand::ALL;
    fn label(self) -> &'static str {
        match self {
            HoursBand::UpTo9 => "9 hours or less",
            HoursBand::From10To19 => "10 to 19 hours",
            HoursBand::From20To34 => "20 to 34 hours",
            HoursBand::From35To49 => "35 to 49 hours",
            HoursBand::From50 => "50 hours or more",
        }
    }
}

impl Label for IdentificationSource {
    const ALL: &'static [Self] = &IdentificationSource::ALL;
    fn label(self) -> &'static str {
        use IdentificationSource as I;
        match self {
            I::Gp => "GP practice",
            I::HospitalDischarge => "Hospital discharge",
            I::School => "School or college",
            I::SelfReferral => "Self-referral",
            I::SocialCare => "Social care",
            I::CarersCard => "Carers card",
            I::Pharmacy => "Pharmacy",
            I::Employer => "Employer",
            I::ChildrensTrust => "Children's Trust",
            I::Other => "Other",
        }
    }
}

impl Label for ConditionCategory {
    const ALL: &'static [Self] = &ConditionCategory::ALL;
    fn label(self) -> &'static str {
        use ConditionCategory as C;
        match self {
            C::Dementia => "Dementia",
            C::MentalHealth => "Mental health",
            C::SubstanceMisuse => "Substance misuse",
            C::LearningDisability => "Learning disability",
            C::PhysicalDisability => "Physical disability",
            C::LongTermIllness => "Long-term illness",
            C::Frailty => "Frailty",
            C::TerminalIllness => "Terminal illness",
            C::Other => "Other",
        }
    }
}

impl Label for MovingOnReason {
    const ALL: &'static [Self] = &MovingOnReason::ALL;
    fn label(self) -> &'static str {
        use MovingOnReason as M;
        match self {
            M::Died => "The person cared for died",
            M::MovedIntoResidentialCare => "Moved into residential care",
            M::Recovered => "Recovered",
            M::SomeoneElseTookOver => "Someone else took over",
            M::RelationshipEnded => "Relationship ended",
        }
    }
}

impl Label for Channel {
    const ALL: &'static [Self] = &Channel::ALL;
    fn label(self) -> &'static str {
        match self {
            Channel::Call => "Call",
            Channel::Visit => "Visit",
            Channel::Email => "Email",
            Channel::Letter => "Letter",
            Channel::GroupSession => "Group session",
            Channel::DropIn => "Drop-in",
        }
    }
}
