//! What a plan provides and what it costs: the support for each need (s.25(1)),
//! the personal budget (s.26) and the contingency plan.

use serde::{Deserialize, Serialize};

use crate::domain::eligibility::NeedArea;
use crate::domain::money::Pence;
use crate::domain::personal::Personal;

/// How long a short break lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BreakLength {
    /// A few hours.
    Hours(u16),
    /// A day.
    Day,
    /// Several days.
    Days(u16),
}

/// How a need is met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SupportMethod {
    /// A short break for the carer.
    ShortBreak {
        /// Its length.
        length: BreakLength,
        /// Met by replacement care for the cared-for person (never charged to the
        /// carer, s.14(3)), rather than a service to the carer.
        replacement_care: bool,
    },
    /// A direct payment (s.31).
    DirectPayment,
    /// A service the authority commissions.
    CommissionedService,
    /// Information and advice.
    InformationAndAdvice,
    /// Equipment.
    Equipment,
    /// Peer support.
    PeerSupport,
    /// Counselling.
    Counselling,
    /// A carers card.
    CarersCard,
    /// Something else.
    Other(Personal<String>),
}

impl SupportMethod {
    /// A universal service (information and advice, peer support, a carers card):
    /// open to all and not part of a personal budget (SALT LTS003).
    pub fn is_universal(&self) -> bool {
        matches!(
            self,
            SupportMethod::InformationAndAdvice
                | SupportMethod::PeerSupport
                | SupportMethod::CarersCard
        )
    }

    /// Replacement care: care provided to the adult needing care so that the carer
    /// has a break. s.14(3): never charged to the carer.
    pub fn is_replacement_care(&self) -> bool {
        matches!(
            self,
            SupportMethod::ShortBreak {
                replacement_care: true,
                ..
            }
        )
    }
}

/// One item of a plan: the need it meets and how (s.25(1)(c)), what it costs and
/// what the carer pays towards it (s.26(1)). Invariants: 0 <= carer pays <= cost,
/// and a universal service costs nothing (it is not part of a personal budget,
/// SALT LTS003); checked also when an item is deserialised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PlannedSupportRecord")]
pub struct PlannedSupport {
    need: NeedArea,
    method: SupportMethod,
    cost: Pence,
    carer_pays: Pence,
}

/// A plan item as stored, before its invariant is checked.
#[derive(Deserialize)]
struct PlannedSupportRecord {
    need: NeedArea,
    method: SupportMethod,
    cost: Pence,
    carer_pays: Pence,
}

/// An item's charge is negative or more than its cost, or a universal service is costed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a plan item satisfies 0 <= carer pays <= cost, and a universal service costs nothing")]
pub struct ItemChargeInvalid;

impl PlannedSupport {
    /// An item meeting `need` by `method`, costing `cost` of which the carer pays
    /// `carer_pays` (s.26(1)(b)).
    ///
    /// # Errors
    /// `ItemChargeInvalid` unless 0 <= `carer_pays` <= `cost`, and `cost` is zero
    /// for a universal service.
    pub fn new(
        need: NeedArea,
        method: SupportMethod,
        cost: Pence,
        carer_pays: Pence,
    ) -> Result<Self, ItemChargeInvalid> {
        let universal_costed = method.is_universal() && cost != Pence::ZERO;
        if carer_pays < Pence::ZERO || carer_pays > cost || universal_costed {
            return Err(ItemChargeInvalid);
        }
        Ok(Self {
            need,
            method,
            cost,
            carer_pays,
        })
    }
    /// The need the item meets (s.25(1)(c)).
    pub fn need(&self) -> NeedArea {
        self.need
    }
    /// How it is met.
    pub fn method(&self) -> &SupportMethod {
        &self.method
    }
    /// What it costs the authority (s.26(1)(a)).
    pub fn cost(&self) -> Pence {
        self.cost
    }
    /// What the carer pays towards it (s.26(1)(b)).
    pub fn carer_pays(&self) -> Pence {
        self.carer_pays
    }
    /// What the authority pays towards it (s.26(1)(c)): never negative, never
    /// overflows, since 0 <= carer pays <= cost.
    pub fn authority_pays(&self) -> Pence {
        Pence(self.cost.0 - self.carer_pays.0)
    }
}

impl TryFrom<PlannedSupportRecord> for PlannedSupport {
    type Error = ItemChargeInvalid;
    fn try_from(r: PlannedSupportRecord) -> Result<Self, Self::Error> {
        Self::new(r.need, r.method, r.cost, r.carer_pays)
    }
}

/// What a plan provides (s.25(1)(c)) and the personal budget it makes (s.26): at
/// least one item, and a budget that is exactly the sums of the items, so the two
/// cannot disagree. Stored as the items alone; the budget is derived again, and the
/// invariants checked, when it is deserialised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<PlannedSupport>", into = "Vec<PlannedSupport>")]
pub struct PlanSupport {
    items: Vec<PlannedSupport>,
    budget: PersonalBudget,
}

/// Why items do not make a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanSupportInvalid {
    /// A plan meets at least one need.
    #[error("a plan meets at least one need")]
    NoItems,
    /// The sums of the items do not fit in an amount of money.
    #[error("the plan's costs do not sum within the range of an amount")]
    Overflow,
}

impl PlanSupport {
    /// The items, with the s.26 personal budget as their exact sums.
    ///
    /// # Errors
    /// `NoItems` for no items; `Overflow` when a sum does not fit.
    pub fn new(items: Vec<PlannedSupport>) -> Result<Self, PlanSupportInvalid> {
        if items.is_empty() {
            return Err(PlanSupportInvalid::NoItems);
        }
        let sum = |part: fn(&PlannedSupport) -> Pence| {
            Pence::sum(items.iter().map(part)).ok_or(PlanSupportInvalid::Overflow)
        };
        let budget = PersonalBudget::new(
            sum(PlannedSupport::cost)?,
            sum(PlannedSupport::carer_pays)?,
            sum(PlannedSupport::authority_pays)?,
        )
        // Each item's parts are non-negative and sum to its cost, so the sums of
        // the parts make the sum of the costs whenever all three fit.
        .map_err(|_| PlanSupportInvalid::Overflow)?;
        Ok(Self { items, budget })
    }
    /// The items.
    pub fn items(&self) -> &[PlannedSupport] {
        &self.items
    }
    /// The personal budget (s.26), derived from the items.
    pub fn budget(&self) -> PersonalBudget {
        self.budget
    }
}

impl TryFrom<Vec<PlannedSupport>> for PlanSupport {
    type Error = PlanSupportInvalid;
    fn try_from(items: Vec<PlannedSupport>) -> Result<Self, Self::Error> {
        Self::new(items)
    }
}

impl From<PlanSupport> for Vec<PlannedSupport> {
    fn from(s: PlanSupport) -> Self {
        s.items
    }
}

/// The personal budget (s.26): what meeting the needs costs, what the carer pays
/// and what the authority pays; the two parts sum exactly to the cost. Checked also
/// when deserialised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "BudgetRecord")]
pub struct PersonalBudget {
    cost: Pence,
    carer_pays: Pence,
    authority_pays: Pence,
}

/// A budget as stored, before its invariant is checked.
#[derive(Deserialize)]
struct BudgetRecord {
    cost: Pence,
    carer_pays: Pence,
    authority_pays: Pence,
}

impl TryFrom<BudgetRecord> for PersonalBudget {
    type Error = BudgetDoesNotAddUp;
    fn try_from(r: BudgetRecord) -> Result<Self, Self::Error> {
        Self::new(r.cost, r.carer_pays, r.authority_pays)
    }
}

/// The parts of a budget do not make its cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a personal budget's parts must be non-negative and sum exactly to its cost")]
pub struct BudgetDoesNotAddUp;

impl PersonalBudget {
    /// A budget whose parts are non-negative and sum exactly to `cost`.
    ///
    /// # Errors
    /// `BudgetDoesNotAddUp` when a part is negative or the parts do not sum to `cost`.
    pub fn new(
        cost: Pence,
        carer_pays: Pence,
        authority_pays: Pence,
    ) -> Result<Self, BudgetDoesNotAddUp> {
        let sums = carer_pays.checked_add(authority_pays) == Some(cost);
        if sums && carer_pays.0 >= 0 && authority_pays.0 >= 0 {
            Ok(Self {
                cost,
                carer_pays,
                authority_pays,
            })
        } else {
            Err(BudgetDoesNotAddUp)
        }
    }
    /// The cost to the authority of meeting the needs.
    pub fn cost(&self) -> Pence {
        self.cost
    }
    /// The amount the carer pays.
    pub fn carer_pays(&self) -> Pence {
        self.carer_pays
    }
    /// The amount the authority pays.
    pub fn authority_pays(&self) -> Pence {
        self.authority_pays
    }
}

/// The carer-breakdown pathway: who steps in if the carer cannot care.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContingencyPlan {
    /// Who steps in, and how to reach them.
    pub who_steps_in: Personal<String>,
    /// What they need to know.
    pub arrangements: Personal<String>,
}
