//! The support type of the statutory return SALT LTS003 (carers supported in the
//! year): what a carer received, and the one order of precedence that counts it.

use serde::{Deserialize, Serialize};

use crate::domain::money::Pence;

use super::budget::{PlanSupport, SupportMethod};
use super::direct_payment::DirectPayment;

/// The statutory-returns support type (SALT LTS003), counted once per carer in
/// this order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SupportType {
    /// Direct payment only.
    DirectPaymentOnly,
    /// Part direct payment.
    PartDirectPayment,
    /// Council-managed personal budget.
    CouncilManagedPersonalBudget,
    /// Council-commissioned support only.
    CommissionedSupportOnly,
    /// Information, advice and other universal services / signposting.
    InformationAndAdviceOnly,
    /// No direct support to the carer (e.g. replacement care for the cared-for person).
    NoDirectSupport,
}

impl SupportType {
    /// Every support type, in the return's order of precedence.
    pub const ALL: [SupportType; 6] = [
        SupportType::DirectPaymentOnly,
        SupportType::PartDirectPayment,
        SupportType::CouncilManagedPersonalBudget,
        SupportType::CommissionedSupportOnly,
        SupportType::InformationAndAdviceOnly,
        SupportType::NoDirectSupport,
    ];
}

/// What a carer received, in the terms of SALT LTS003. Facts from several plans
/// and the carer's assessments combine with [`SupportFacts::and`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SupportFacts {
    /// A direct payment was agreed, or an item is met by one.
    pub direct_payment: bool,
    /// Support to the carer not paid for by a direct payment (services, equipment,
    /// breaks for the carer): universal services and replacement care are not.
    pub other_support: bool,
    /// The authority pays towards that other support: a council-managed personal budget.
    pub authority_pays_for_other_support: bool,
    /// Information and advice or another universal service (peer support, a carers
    /// card), in a plan or given at assessment.
    pub universal: bool,
}

impl SupportFacts {
    /// Both sets of facts together.
    pub fn and(self, other: SupportFacts) -> SupportFacts {
        SupportFacts {
            direct_payment: self.direct_payment || other.direct_payment,
            other_support: self.other_support || other.other_support,
            authority_pays_for_other_support: self.authority_pays_for_other_support
                || other.authority_pays_for_other_support,
            universal: self.universal || other.universal,
        }
    }

    /// The facts of one plan: its items and the direct payments agreed under it.
    /// An agreed direct payment counts whether or not an item names it; the items
    /// it pays for are paid by direct payment.
    pub fn of_plan<'a>(
        support: &PlanSupport,
        payments: impl IntoIterator<Item = &'a DirectPayment>,
    ) -> SupportFacts {
        let payments: Vec<&DirectPayment> = payments.into_iter().collect();
        let mut facts = SupportFacts {
            direct_payment: !payments.is_empty(),
            ..SupportFacts::default()
        };
        for (i, item) in support.items().iter().enumerate() {
            let method = item.method();
            if method.is_universal() {
                facts.universal = true;
            } else if method.is_replacement_care() {
                // Support to the adult needing care, not to the carer.
            } else if matches!(method, SupportMethod::DirectPayment)
                || payments.iter().any(|d| d.pays_for.contains(&i))
            {
                facts.direct_payment = true;
            } else {
                facts.other_support = true;
                facts.authority_pays_for_other_support |= item.authority_pays() > Pence::ZERO;
            }
        }
        facts
    }
}

/// SALT LTS003 precedence, the one place it is encoded: direct payment only (no
/// other support to the carer besides universal services, which are not part of a
/// personal budget); part direct payment; a council-managed personal budget; council
/// commissioned support only; information, advice and other universal services;
/// else no direct support to the carer (e.g. replacement care only).
pub fn support_type(f: SupportFacts) -> SupportType {
    match f {
        SupportFacts {
            direct_payment: true,
            other_support: false,
            ..
        } => SupportType::DirectPaymentOnly,
        SupportFacts {
            direct_payment: true,
            ..
        } => SupportType::PartDirectPayment,
        SupportFacts {
            other_support: true,
            authority_pays_for_other_support: true,
            ..
        } => SupportType::CouncilManagedPersonalBudget,
        SupportFacts {
            other_support: true,
            ..
        } => SupportType::CommissionedSupportOnly,
        SupportFacts {
            universal: true, ..
        } => SupportType::InformationAndAdviceOnly,
        _ => SupportType::NoDirectSupport,
    }
}
