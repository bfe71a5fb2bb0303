//! Caring roles: who a carer cares for, how much, and whether the law counts them
//! as a carer for that role (Care Act 2014 s.10(3), (9), (10)).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::CaredForId;
use super::journey::{MovingOnOffer, MovingOnReason, Stage};
use super::person::age_on;
use super::personal::Personal;

/// The cared-for person's age band for reports, derived from their date of birth
/// on a day (never recorded: a child becomes an adult on their 18th birthday).
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
    /// The band of a person born on `born`, on `day`.
    pub fn on(born: NaiveDate, day: NaiveDate) -> Self {
        match age_on(born, day) {
            0..=17 => CaredForAge::Child,
            18..=64 => CaredForAge::Adult,
            _ => CaredForAge::OlderAdult,
        }
    }

    /// Whether the band is an adult one (Care Act s.10(3): "another adult").
    pub fn is_adult(self) -> bool {
        !matches!(self, CaredForAge::Child)
    }
}

/// The carer's relationship to the cared-for person. Parental responsibility is a
/// separate fact ([`CaringRole::parental_responsibility`]): a special guardian
/// has it without being a parent, and a grandparent usually does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Relationship {
    /// The carer is the cared-for person's parent.
    Parent,
    /// The cared-for person is the carer's parent.
    Child,
    /// The carer is the cared-for person's grandparent.
    Grandparent,
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

impl ConditionCategory {
    /// Every category, in the order declared.
    pub const ALL: [ConditionCategory; 9] = [
        ConditionCategory::Dementia,
        ConditionCategory::MentalHealth,
        ConditionCategory::SubstanceMisuse,
        ConditionCategory::LearningDisability,
        ConditionCategory::PhysicalDisability,
        ConditionCategory::LongTermIllness,
        ConditionCategory::Frailty,
        ConditionCategory::TerminalIllness,
        ConditionCategory::Other,
    ];
}

/// Hours of care a week, in the Census 2021 bands (Census 2011 used 1–19, 20–49, 50+).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum HoursBand {
    /// 9 hours or less.
    UpTo9,
    /// 10 to 19 hours.
    From10To19,
    /// 20 to 34 hours.
    From20To34,
    /// 35 to 49 hours.
    From35To49,
    /// 50 hours or more.
    From50,
}

impl HoursBand {
    /// Every band, from the fewest hours.
    pub const ALL: [HoursBand; 5] = [
        HoursBand::UpTo9,
        HoursBand::From10To19,
        HoursBand::From20To34,
        HoursBand::From35To49,
        HoursBand::From50,
    ];
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

/// The authority's decision under s.10(10): "the local authority may treat the
/// person as a carer … if it considers that the relationship between the adult
/// needing care and the person is such that it would be appropriate to do so".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatAsCarer {
    /// Why the relationship makes it appropriate (free text: personal).
    pub reason: Personal<String>,
}

/// How caring ended for a role, and what the service offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedOn {
    /// Why caring ended.
    pub reason: MovingOnReason,
    /// When.
    pub on: NaiveDate,
    /// The moving-on offer made then.
    pub offer: MovingOnOffer,
}

/// One caring role of a carer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaringRole {
    /// The person cared for.
    pub cared_for: CaredForId,
    /// Their date of birth: whether they are a child or an adult on a given day
    /// decides which law applies (Care Act s.10(3), Children Act s.17ZD) and where a
    /// safeguarding concern goes.
    pub cared_for_born: Personal<NaiveDate>,
    /// The carer's relationship to them.
    pub relationship: Relationship,
    /// The carer has parental responsibility for them (Children Act 1989 s.3):
    /// with a disabled child, this makes a parent carer (s.17ZD), whatever the
    /// relationship (a special guardian has it; a grandparent usually does not).
    pub parental_responsibility: bool,
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
    /// How caring ended, while the role is moving on.
    #[serde(default)]
    pub moved_on: Option<MovedOn>,
}

impl CaringRole {
    /// Whether the law counts this role as caring: unpaid, or treated as a carer
    /// under s.10(10), in which case s.10(9) is disregarded.
    pub fn counts_as_caring(&self) -> bool {
        self.basis == CareBasis::Unpaid || self.treated_as_carer.is_some()
    }

    /// Whether the cared-for person is under 18 on `day`; `None` once their date
    /// of birth is erased.
    pub fn cared_for_is_child_on(&self, day: NaiveDate) -> Option<bool> {
        Some(age_on(*self.cared_for_born.reveal()?, day) < 18)
    }

    /// The cared-for person's age band on `day`; `None` once their date of birth
    /// is erased.
    pub fn cared_for_age_on(&self, day: NaiveDate) -> Option<CaredForAge> {
        Some(CaredForAge::on(*self.cared_for_born.reveal()?, day))
    }

    /// Children Act 1989 s.17ZD: caring on `day` for a (disabled) child the carer
    /// has parental responsibility for. The relationship alone never decides it.
    pub fn is_parent_carer_role_on(&self, day: NaiveDate) -> bool {
        self.parental_responsibility && self.cared_for_is_child_on(day) == Some(true)
    }
}

/// The carer's caring roles, in the order added.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Roles(Vec<CaringRole>);

impl Roles {
    /// The role for `cared_for`.
    pub fn get(&self, cared_for: CaredForId) -> Option<&CaringRole> {
        self.0.iter().find(|r| r.cared_for == cared_for)
    }

    fn get_mut(&mut self, cared_for: CaredForId) -> Option<&mut CaringRole> {
        self.0.iter_mut().find(|r| r.cared_for == cared_for)
    }

    /// Folds a correction of a cared-for person's date of birth.
    pub(super) fn correct_born(&mut self, cared_for: CaredForId, born: &Personal<NaiveDate>) {
        if let Some(role) = self.get_mut(cared_for) {
            role.cared_for_born = born.clone();
        }
    }

    /// Every role, in the order added.
    pub fn all(&self) -> &[CaringRole] {
        &self.0
    }

    /// The roles the law counts as caring (s.10(9)–(10)).
    pub fn caring(&self) -> impl Iterator<Item = &CaringRole> {
        self.0.iter().filter(|r| r.counts_as_caring())
    }

    /// The role for `cared_for`, or the refusal naming its absence.
    ///
    /// # Errors
    /// `CaseError::UnknownRole` when the carer has no role for `cared_for`.
    pub fn known(&self, cared_for: CaredForId) -> Result<&CaringRole, CaseError> {
        self.get(cared_for).ok_or(CaseError::UnknownRole)
    }

    /// Adds a role at its reported stage (not moving on: that carries a reason).
    pub(super) fn decide_add(&self, role: CaringRole) -> Result<Vec<CaseEvent>, CaseError> {
        if self.get(role.cared_for).is_some() {
            return Err(CaseError::RoleExists);
        }
        if role.stage == Stage::MovingOn {
            return Err(super::journey::JourneyError::MovingOnNeedsAReason.into());
        }
        Ok(vec![CaseEvent::CaringRoleAdded { role }])
    }

    /// s.10(10): only a role that s.10(9) excludes needs the decision.
    pub(super) fn decide_treat_as_carer(
        &self,
        cared_for: CaredForId,
        reason: &Personal<String>,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if self.known(cared_for)?.counts_as_caring() {
            return Err(CaseError::AlreadyCountsAsCarer);
        }
        Ok(vec![CaseEvent::TreatedAsCarer {
            cared_for,
            reason: reason.clone(),
        }])
    }

    /// Folds role and journey events.
    pub(super) fn apply(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::CaringRoleAdded { role } => self.0.push(role.clone()),
            CaseEvent::TreatedAsCarer { cared_for, reason } => {
                if let Some(role) = self.get_mut(*cared_for) {
                    role.treated_as_carer = Some(TreatAsCarer {
                        reason: reason.clone(),
                    });
                }
            }
            CaseEvent::StageChanged { cared_for, to, .. } => {
                if let Some(role) = self.get_mut(*cared_for) {
                    role.stage = *to;
                    role.moved_on = None;
                }
            }
            CaseEvent::MovedOnFromCaring {
                cared_for,
                reason,
                on,
                offer,
                ..
            } => {
                if let Some(role) = self.get_mut(*cared_for) {
                    role.stage = Stage::MovingOn;
                    role.moved_on = Some(MovedOn {
                        reason: *reason,
                        on: *on,
                        offer: *offer,
                    });
                }
            }
            CaseEvent::CircumstancesChanged {
                cared_for, change, ..
            } => {
                if let Some(role) = self.get_mut(*cared_for) {
                    change.apply_to(role);
                }
            }
            _ => {}
        }
    }
}

/// A change in a caring role's circumstances: the field and its new value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleChange {
    /// The hours of care a week.
    Hours(HoursBand),
    /// The carer's relationship to the person cared for.
    Relationship(Relationship),
    /// Whether they live together.
    LivesWithCarer(bool),
    /// The person cared for's conditions (one or more).
    Conditions(Vec<ConditionCategory>),
}

impl RoleChange {
    /// Whether the change gives `role` a value it does not already have.
    pub fn changes(&self, role: &CaringRole) -> bool {
        match self {
            Self::Hours(h) => *h != role.hours,
            Self::Relationship(r) => *r != role.relationship,
            Self::LivesWithCarer(l) => *l != role.lives_with_carer,
            Self::Conditions(c) => {
                let set = |v: &[ConditionCategory]| v.iter().copied().collect::<BTreeSet<_>>();
                set(c) != set(&role.conditions)
            }
        }
    }

    /// The change with conditions as a sorted set (no order, no repeats).
    pub fn normalised(&self) -> Self {
        match self {
            Self::Conditions(c) => {
                let set: BTreeSet<ConditionCategory> = c.iter().copied().collect();
                Self::Conditions(set.into_iter().collect())
            }
            other => other.clone(),
        }
    }

    fn apply_to(&self, role: &mut CaringRole) {
        match self {
            Self::Hours(h) => role.hours = *h,
            Self::Relationship(r) => role.relationship = *r,
            Self::LivesWithCarer(l) => role.lives_with_carer = *l,
            Self::Conditions(c) => role.conditions.clone_from(c),
        }
    }
}
