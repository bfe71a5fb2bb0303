//! Refusal and revival of the duty to assess (Care Act 2014 s.11(5)–(7)), per duty.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::domain::error::CaseError;

use super::kinds::{Duty, Route};

/// The duties the carer's refusal has ended (s.11(5)): only the duty the refused
/// assessment was made under, never every regime.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Refusals(BTreeSet<Duty>);

/// Why a duty ended by refusal revived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Revival {
    /// s.11(6): the carer later requests an assessment.
    CarerRequested,
    /// s.11(7): the authority thinks the carer's needs or circumstances have changed.
    NeedsOrCircumstancesChanged,
}

impl Refusals {
    /// Whether a refusal has ended `duty`.
    pub fn ended(&self, duty: Duty) -> bool {
        self.0.contains(&duty)
    }

    /// The one rule of revival: a request for an assessment under a duty ended by
    /// refusal is refused, unless the carer makes it (s.11(6)), which revives the
    /// duty. The s.11(7) ground is its own recorded decision ([`Refusals::check_revival`]).
    /// Returns whether the request revives the duty.
    pub(super) fn check_request(&self, duty: Duty, route: Route) -> Result<bool, CaseError> {
        match (self.ended(duty), route) {
            (false, _) => Ok(false),
            (true, Route::RequestedByCarer) => Ok(true),
            (true, _) => Err(CaseError::DutyEndedByRefusal),
        }
    }

    /// s.11(7): the authority may record that a duty ended by refusal revives
    /// because it thinks the needs or circumstances have changed; only a duty that
    /// a refusal ended can revive.
    pub(super) fn check_revival(&self, duty: Duty) -> Result<(), CaseError> {
        if self.ended(duty) {
            Ok(())
        } else {
            Err(CaseError::DutyNotEndedByRefusal)
        }
    }

    pub(super) fn end(&mut self, duty: Duty) {
        self.0.insert(duty);
    }

    pub(super) fn revive(&mut self, duty: Duty) {
        self.0.remove(&duty);
    }
}
