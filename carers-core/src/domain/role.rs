//! Caring roles: who a carer cares for, how much, and whether the law counts them
//! as a carer for that role (Care Act 2014 s.10(3), (9), (10)).

use serde::{Deserialize, Serialize};

use super::ids::CaredForId;
use super::journey::Stage;
use super::personal::Personal;

/// The cared-for person's age band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CaredForAge {
    /// Under 18.
    Child,
    /// 18 to 64.
    Adult,
    /// 65 or over.
    OlderAdult,
}

impl CaredForAge {
    /// Whether the cared-for person is an adult (Care Act s.10(3): "another adult").
    pub fn is_adult(self) -> bool {
        !matches!(self, CaredForAge::Child)
    }
}

/// The carer's relationship to the cared-for person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Relationship {
    /// The carer is the cared-for person's parent (with parental responsibility).
    Parent,
    /// The cared-for person is the carer's parent.
    Child,
    /// Spouse or partner.
    Partner,
    /// Brother or sister.
    Sibling,
    /// Another relative.
    OtherRelative,
    /// Friend or neighbour.
    FriendOrNeighbour,
    /// Another relationship.
    Other,
}

/// The cared-for person's condition, by category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConditionCategory {
    /// Dementia.
    Dementia,
    /// Mental health.
    MentalHealth,
    /// Substance misuse.
    SubstanceMisuse,
    /// Learning disability.
    LearningDisability,
    /// Physical disability.
    PhysicalDisability,
    /// Long-term illness.
    LongTermIllness,
    /// Frailty.
    Frailty,
    /// Terminal illness.
    TerminalIllness,
    /// Another condition.
    Other,
}

/// Hours of care a week, in the census bands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum HoursBand {
    /// 19 hours or less.
    UpTo19,
    /// 20 to 49 hours.
    From20To49,
    /// 50 hours or more.
    From50,
}

/// On what footing the care is given (s.10(9)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CareBasis {
    /// Unpaid care.
    Unpaid,
    /// Under or by virtue of a contract (paid care work): not a carer, s.10(9)(a).
    UnderContract,
    /// As voluntary work: not a carer, s.10(9)(b).
    VoluntaryWork,
}

/// One caring role of a carer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaringRole {
    /// The person cared for.
    pub cared_for: CaredForId,
    /// Their age band.
    pub age: CaredForAge,
    /// The carer's relationship to them.
    pub relationship: Relationship,
    /// Their conditions (one or more categories).
    pub conditions: Vec<ConditionCategory>,
    /// Hours of care a week.
    pub hours: HoursBand,
    /// Whether they live together.
    pub lives_with_carer: bool,
    /// Paid, voluntary or unpaid.
    pub basis: CareBasis,
    /// The s.10(10) decision to treat the person as a carer despite s.10(9), if made.
    pub treated_as_carer: Option<TreatAsCarer>,
    /// Where the carer is in the caring journey for this role.
    pub stage: Stage,
}

/// The authority's decision under s.10(10): "the local authority may treat the
/// person as a carer … if it considers that the relationship between the adult
/// needing care and the person is such that it would be appropriate to do so".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatAsCarer {
    /// Why the relationship makes it appropriate (free text: personal).
    pub reason: Personal<String>,
}

impl CaringRole {
    /// Whether the law counts this role as caring: unpaid, or treated as a carer
    /// under s.10(10), in which case s.10(9) is disregarded.
    pub fn counts_as_caring(&self) -> bool {
        self.basis == CareBasis::Unpaid || self.treated_as_carer.is_some()
    }

    /// Whether this is a parent caring for their disabled child (Children Act s.17ZD).
    pub fn is_parent_of_disabled_child(&self) -> bool {
        self.age == CaredForAge::Child && self.relationship == Relationship::Parent
    }
}
