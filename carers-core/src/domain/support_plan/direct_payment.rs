//! Direct payments (Care Act 2014 s.31–33).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::money::Pence;
use crate::domain::personal::Personal;

/// What a direct payment may be used for: the service values flexible uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DirectPaymentUse {
    /// A break.
    Break,
    /// Leisure.
    Leisure,
    /// Health and wellbeing.
    HealthAndWellbeing,
    /// Education.
    Education,
    /// Travel.
    Travel,
    /// Equipment.
    Equipment,
    /// Something else.
    Other,
}

/// How often a direct payment is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentFrequency {
    /// Once.
    OneOff,
    /// Every so many weeks.
    EveryWeeks(u16),
}

/// Where a direct payment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DirectPaymentStatus {
    /// Agreed, not yet paid.
    Agreed,
    /// Paid; evidence of use awaited.
    Paid,
    /// Use evidenced.
    Evidenced,
    /// Flagged for follow-up (no or unclear evidence).
    FollowUp,
}

/// A direct payment (s.31): made only on the carer's request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectPayment {
    /// The amount of each payment.
    pub amount: Pence,
    /// What it is for.
    pub uses: Vec<DirectPaymentUse>,
    /// What it is for, in the carer's words.
    pub description: Personal<String>,
    /// One-off or recurring.
    pub frequency: PaymentFrequency,
    /// Payments made: when, and how much.
    pub payments: Vec<(NaiveDate, Pence)>,
    /// Where it stands.
    pub status: DirectPaymentStatus,
}

impl DirectPayment {
    /// The exact total paid so far (`None` only on overflow).
    pub fn total_paid(&self) -> Option<Pence> {
        Pence::sum(self.payments.iter().map(|(_, p)| *p))
    }
}
