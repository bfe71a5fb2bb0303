//! Equality reach: whom the service reaches, by each characteristic its
//! equality monitoring asks about (Equality Act 2010 s.149), in the coded
//! Census 2021 answers of [`equality`](crate::domain::equality).
//!
//! Counted: each identified carer, not superseded by a merge and not erased,
//! who consented to equality monitoring and has answers recorded (answers are
//! removed when that consent is withdrawn, and then the carer is not counted).
//! A question the carer left unanswered counts as *Not answered*; answers in
//! the carer's own words (recorded before answers were coded) are never
//! counted. A carer whose answers read as erased (built [`as of`] a past
//! instant, for a carer erased since) is not counted either: what they said
//! is gone.
//!
//! [`EqualityReach::tables`] gives the tables with small-number suppression
//! ([`suppression`](super::suppression)): the figures are about protected
//! characteristics, and go to boards, commissioners and the public.
//!
//! [`as of`]: crate::es::ProjectionRunner::as_of

use serde::Serialize;

use super::cases::Cases;
use super::suppression::{Suppressed, suppress};
use super::table::{Cell, Label, Table};
use crate::domain::equality::{
    Disability, EqualityMonitoring, EthnicGroup, GenderIdentity, Religion, Sex, SexualOrientation,
    WorkingStatus,
};
use crate::domain::{CarerCase, Personal};
use crate::es::{Aggregate, Projection, ProjectionError, RecordedEvent};

/// The equality reach read model.
#[derive(Debug, Default)]
pub struct EqualityReach {
    cases: Cases,
    position: u64,
}

/// Equality reach tables: one per characteristic, each with a row per answer,
/// then `Not answered`, then `Total` (the carers counted, the same in every
/// table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EqualityTables {
    /// The carers counted: those who consented and have answers recorded.
    pub carers: Cell,
    /// By ethnic group.
    pub ethnic_group: Table,
    /// By sex.
    pub sex: Table,
    /// By gender identity.
    pub gender_identity: Table,
    /// By sexual orientation.
    pub sexual_orientation: Table,
    /// By disability.
    pub disability: Table,
    /// By religion or belief.
    pub religion: Table,
    /// By working status.
    pub working_status: Table,
}

impl EqualityTables {
    /// Every table, in the order above.
    pub fn all(&self) -> [&Table; 7] {
        [
            &self.ethnic_group,
            &self.sex,
            &self.gender_identity,
            &self.sexual_orientation,
            &self.disability,
            &self.religion,
            &self.working_status,
        ]
    }
}

/// The label of the row for a question left unanswered.
pub const NOT_ANSWERED: &str = "Not answered";

pub use super::table::TOTAL;

impl EqualityReach {
    /// An empty read model.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tables, with small-number suppression: a count of 1 to 4, and any
    /// cell or total from which one could be worked out, reads `<5`. When any
    /// table must suppress its total, every table does (it is the same count).
    ///
    /// ```
    /// use carers_core::es::{MemoryStore, ProjectionRunner};
    /// use carers_core::projections::EqualityReach;
    /// use carers_core::projections::table::Cell;
    ///
    /// let store = MemoryStore::new();
    /// let mut reach = EqualityReach::new();
    /// ProjectionRunner::default().catch_up(&store, &mut reach)?;
    /// let tables = reach.tables();
    /// assert_eq!(tables.carers, Cell::Count(0));
    /// assert_eq!(tables.sex.cell(Cell::Label("Female"), "carers"), Some(Cell::Count(0)));
    /// # Ok::<(), carers_core::es::ProjectionError>(())
    /// ```
    pub fn tables(&self) -> EqualityTables {
        self.build(true)
    }

    /// The tables without suppression: for the service's own equality
    /// analysis, never for publication (a count of 1 can point to a person).
    pub fn unsuppressed_tables(&self) -> EqualityTables {
        self.build(false)
    }

    fn build(&self, suppressed: bool) -> EqualityTables {
        let counted: Vec<&EqualityMonitoring> = self
            .cases
            .live()
            .filter_map(|(_, case)| counted(case))
            .collect();
        let questions = [
            (
                "equality_by_ethnic_group",
                "ethnic_group",
                counts(&counted, |m| m.ethnic_group.as_ref()),
            ),
            (
                "equality_by_sex",
                "sex",
                counts(&counted, |m| m.sex.as_ref()),
            ),
            (
                "equality_by_gender_identity",
                "gender_identity",
                counts(&counted, |m| m.gender_identity.as_ref()),
            ),
            (
                "equality_by_sexual_orientation",
                "sexual_orientation",
                counts(&counted, |m| m.sexual_orientation.as_ref()),
            ),
            (
                "equality_by_disability",
                "disability",
                counts(&counted, |m| m.disability.as_ref()),
            ),
            (
                "equality_by_religion",
                "religion",
                counts(&counted, |m| m.religion.as_ref()),
            ),
            (
                "equality_by_working_status",
                "working_status",
                counts(&counted, |m| m.working_status.as_ref()),
            ),
        ];
        let cells = questions.each_ref().map(|(_, _, rows)| {
            let numbers: Vec<u64> = rows.iter().map(|(_, n)| *n).collect();
            if suppressed {
                suppress(&numbers)
            } else {
                Suppressed {
                    total: Cell::Count(numbers.iter().sum()),
                    cells: numbers.into_iter().map(Cell::Count).collect(),
                }
            }
        });
        // Every table's total is the carers counted: suppressed in one table,
        // it is suppressed in all.
        let carers = if cells.iter().any(|t| t.total == Cell::Suppressed) {
            Cell::Suppressed
        } else {
            Cell::Count(counted.len() as u64)
        };
        let [
            ethnic_group,
            sex,
            gender_identity,
            sexual_orientation,
            disability,
            religion,
            working_status,
        ] = std::array::from_fn(|i| {
            let (name, column, rows) = &questions[i];
            characteristic(name, column, rows, &cells[i].cells, carers)
        });
        EqualityTables {
            carers,
            ethnic_group,
            sex,
            gender_identity,
            sexual_orientation,
            disability,
            religion,
            working_status,
        }
    }
}

/// The carer's answers, if the carer is counted (an erased carer's case is
/// not among the live cases at all).
fn counted(case: &CarerCase) -> Option<&EqualityMonitoring> {
    let answers = case.consents.equality.as_ref()?;
    let erased = [
        answers.ethnic_group.as_ref().map(Personal::is_erased),
        answers.sex.as_ref().map(Personal::is_erased),
        answers.gender_identity.as_ref().map(Personal::is_erased),
        answers.sexual_orientation.as_ref().map(Personal::is_erased),
        answers.disability.as_ref().map(Personal::is_erased),
        answers.religion.as_ref().map(Personal::is_erased),
        answers.working_status.as_ref().map(Personal::is_erased),
    ]
    .contains(&Some(true));
    let known = case.identity.is_some() && case.superseded_by().is_none();
    (known && !erased).then_some(answers)
}

/// Each answer's count, in the question's order, then the unanswered.
fn counts<T: Label + PartialEq>(
    counted: &[&EqualityMonitoring],
    answer: impl Fn(&EqualityMonitoring) -> Option<&Personal<T>>,
) -> Vec<(&'static str, u64)> {
    let given = |m: &EqualityMonitoring| answer(m).and_then(Personal::reveal).copied();
    let count = |v: Option<T>| counted.iter().filter(|m| given(m) == v).count() as u64;
    let mut rows: Vec<(&'static str, u64)> = T::ALL
        .iter()
        .map(|v| (v.label(), count(Some(*v))))
        .collect();
    rows.push((NOT_ANSWERED, count(None)));
    rows
}

/// A characteristic's table: a row per answer with its cell, then the total.
fn characteristic(
    name: &'static str,
    column: &'static str,
    rows: &[(&'static str, u64)],
    cells: &[Cell],
    total: Cell,
) -> Table {
    let mut table = Table::new(name, &[column, "carers"]);
    table.rows = rows
        .iter()
        .zip(cells)
        .map(|((label, _), cell)| vec![Cell::Label(label), *cell])
        .collect();
    table.rows.push(vec![Cell::Label(TOTAL), total]);
    table
}

impl Projection for EqualityReach {
    fn name(&self) -> &str {
        "equality-reach"
    }

    fn position(&self) -> Option<u64> {
        Some(self.position)
    }

    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        // An erased carer is not counted, and their folded state goes.
        self.cases.fold(event)?;
        self.position = event.position;
        Ok(())
    }

    fn reset(&mut self) {
        *self = Self::default();
    }
}

macro_rules! labels {
    ($($t:ty { $($v:ident => $l:literal,)* })*) => {$(
        impl Label for $t {
            const ALL: &'static [Self] = <$t>::ALL;
            fn label(self) -> &'static str {
                match self {
                    $(<$t>::$v => $l,)*
                }
            }
        }
    )*};
}

// Census 2021's own wording, so the tables read as the questions did.
labels! {
    EthnicGroup {
        Asian => "Asian, Asian British or Asian Welsh",
        Black => "Black, Black British, Black Welsh, Caribbean or African",
        Mixed => "Mixed or Multiple ethnic groups",
        White => "White",
        Other => "Other ethnic group",
        PreferNotToSay => "Prefer not to say",
    }
    Sex {
        Female => "Female",
        Male => "Male",
        PreferNotToSay => "Prefer not to say",
    }
    GenderIdentity {
        SameAsSexRegisteredAtBirth => "Same as sex registered at birth",
        DifferentFromSexRegisteredAtBirth => "Different from sex registered at birth",
        PreferNotToSay => "Prefer not to say",
    }
    SexualOrientation {
        StraightOrHeterosexual => "Straight or heterosexual",
        GayOrLesbian => "Gay or lesbian",
        Bisexual => "Bisexual",
        Other => "Another sexual orientation",
        PreferNotToSay => "Prefer not to say",
    }
    Disability {
        LimitedALot => "Disabled: limited a lot",
        LimitedALittle => "Disabled: limited a little",
        NotDisabled => "Not disabled",
        PreferNotToSay => "Prefer not to say",
    }
    Religion {
        NoReligion => "No religion",
        Christian => "Christian",
        Buddhist => "Buddhist",
        Hindu => "Hindu",
        Jewish => "Jewish",
        Muslim => "Muslim",
        Sikh => "Sikh",
        Other => "Any other religion",
        PreferNotToSay => "Prefer not to say",
    }
    WorkingStatus {
        WorkingFullTime => "Working full time",
        WorkingPartTime => "Working part time",
        Unemployed => "Unemployed",
        Retired => "Retired",
        Student => "Student",
        LookingAfterHomeOrFamily => "Looking after home or family",
        LongTermSickOrDisabled => "Long-term sick or disabled",
        Other => "Other",
        PreferNotToSay => "Prefer not to say",
    }
}
