//! The safeguarding pathway between partners (Care Act 2014 s.42; Care and Support
//! Statutory Guidance ch. 14): a concern is raised, and either closed below the
//! threshold or referred to the agency the law routes it to (and, for an adult
//! with children in the household, to the Children's Trust too), information
//! shared, the s.42 duty decided, actions agreed and completed, and the concern
//! closed with its outcome.

mod concern;
mod pathway;
mod policy;
mod routing;

pub use concern::{
    AbuseCategory, Agency, BelowThreshold, Closure, Concern, ConcernDetails, ConcernStatus,
    DesiredOutcomesMet, PersonAtRisk, Referral, RiskOutcome, S42Conditions, S42Outcome,
    SafeguardingAction, SharingBasis,
};
pub use pathway::Safeguarding;
pub use policy::{Overdue, SafeguardingPolicy};
