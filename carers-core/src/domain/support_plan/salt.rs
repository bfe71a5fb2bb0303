//! The support type of the statutory return SALT LTS003, derived from a plan.

use serde::{Deserialize, Serialize};

use crate::domain::money::Pence;

use super::budget::{PersonalBudget, PlannedSupport, SupportMethod};

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

/// SALT LTS003 precedence: a direct payment outranks everything; then a personal
/// budget the council manages; then commissioned services to the carer; then
/// information, advice and universal services; else no direct support (support
/// given to the cared-for person, such as replacement care, only).
pub fn support_type(support: &[PlannedSupport], budget: &PersonalBudget) -> SupportType {
    use SupportMethod as M;
    let direct = |m: &M| matches!(m, M::DirectPayment);
    let service_to_carer = |m: &M| {
        matches!(
            m,
            M::ShortBreak {
                replacement_care: false,
                ..
            } | M::CommissionedService
                | M::Equipment
                | M::Counselling
                | M::Other(_)
        )
    };
    let universal = |m: &M| matches!(m, M::InformationAndAdvice | M::PeerSupport | M::CarersCard);
    let methods: Vec<&M> = support.iter().map(|s| s.method()).collect();
    if methods.iter().any(|m| direct(m)) {
        if methods.iter().all(|m| direct(m)) {
            SupportType::DirectPaymentOnly
        } else {
            SupportType::PartDirectPayment
        }
    } else if methods.iter().any(|m| service_to_carer(m)) {
        if budget.authority_pays() > Pence::ZERO {
            SupportType::CouncilManagedPersonalBudget
        } else {
            SupportType::CommissionedSupportOnly
        }
    } else if methods.iter().any(|m| universal(m)) {
        SupportType::InformationAndAdviceOnly
    } else {
        SupportType::NoDirectSupport
    }
}
