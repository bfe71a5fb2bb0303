//! Emergency (contingency) plans: what happens to the person cared for if the
//! carer suddenly cannot care (a hospital admission, an accident, a crisis). A
//! plan is registered for one caring role, on its own or beside a support plan
//! (Care Act 2014 s.25 asks a support plan to say who steps in; many carers have an
//! emergency plan and no support plan). The carer may be given an emergency card
//! that names the plan; the plan is reviewed on a cycle the service sets (yearly
//! by default); and it is activated when the emergency comes, recording when, the
//! replacement care arranged, and when the emergency ended.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::calendar::{happened, local_day};
use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::{CaredForId, EmergencyPlanId};
use super::personal::Personal;
use super::support_plan::months_after;
use super::view::CaseView;
use crate::es::OrganisationId;

/// What the plan says: who steps in, what the person cared for needs, whom to call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyArrangements {
    /// Who steps in, and how to reach them.
    pub who_steps_in: Personal<String>,
    /// What the person cared for needs (medication, routines, access to the home).
    pub needs: Personal<String>,
    /// Whom to call (family, GP, the emergency response service).
    pub who_to_call: Personal<String>,
}

impl EmergencyArrangements {
    /// Every part is said: a plan with a blank part fails when it is needed.
    fn check(&self) -> Result<(), CaseError> {
        if self.who_steps_in.is_said() && self.needs.is_said() && self.who_to_call.is_said() {
            Ok(())
        } else {
            Err(CaseError::EmergencyArrangementsRequired)
        }
    }
}

/// Why a plan was activated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EmergencyReason {
    /// The carer was admitted to hospital.
    HospitalAdmission,
    /// The carer is ill or injured at home.
    CarerIllOrInjured,
    /// A crisis in the family (a bereavement, a breakdown of the caring role).
    Crisis,
    /// Another reason.
    Other,
}

/// When the plans are reviewed: every `review_every_months` (1–12; default 12,
/// as carers' emergency card schemes do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "EmergencyPolicyRecord")]
pub struct EmergencyPlanPolicy {
    review_every_months: u32,
}

#[derive(Deserialize)]
struct EmergencyPolicyRecord {
    review_every_months: u32,
}

impl EmergencyPlanPolicy {
    /// A review every `review_every_months` (1–12).
    ///
    /// # Errors
    /// [`ReviewPeriodOutOfRange`](super::support_plan::ReviewPeriodOutOfRange)
    /// outside those bounds: an emergency plan unreviewed for more than a year is
    /// one nobody can rely on.
    pub fn new(
        review_every_months: u32,
    ) -> Result<Self, super::support_plan::ReviewPeriodOutOfRange> {
        if (1..=12).contains(&review_every_months) {
            Ok(Self {
                review_every_months,
            })
        } else {
            Err(super::support_plan::ReviewPeriodOutOfRange)
        }
    }

    /// Months from one review to the next.
    pub fn review_every_months(&self) -> u32 {
        self.review_every_months
    }
}

impl Default for EmergencyPlanPolicy {
    fn default() -> Self {
        Self {
            review_every_months: 12,
        }
    }
}

impl TryFrom<EmergencyPolicyRecord> for EmergencyPlanPolicy {
    type Error = super::support_plan::ReviewPeriodOutOfRange;
    fn try_from(r: EmergencyPolicyRecord) -> Result<Self, Self::Error> {
        Self::new(r.review_every_months)
    }
}

/// One activation of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activation {
    /// When it began.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: EmergencyReason,
    /// The replacement care arranged.
    pub replacement_care: Personal<String>,
    /// When the emergency ended, once it has.
    pub ended: Option<DateTime<Utc>>,
    /// The organisation that activated it.
    pub by: OrganisationId,
}

/// A registered emergency plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyPlan {
    /// The role it covers: the person cared for.
    pub cared_for: CaredForId,
    /// What it says now (as registered, or as last reviewed).
    pub arrangements: EmergencyArrangements,
    /// The UK local day it was registered.
    pub registered_on: NaiveDate,
    /// The emergency card's number, once a card is issued (the latest card).
    pub card: Option<Personal<String>>,
    /// The days it was reviewed.
    pub reviewed_on: Vec<NaiveDate>,
    /// When the next review is due.
    pub review_due: NaiveDate,
    /// Its activations, in order; only the last may be open.
    pub activations: Vec<Activation>,
}

impl EmergencyPlan {
    /// The activation still open, if the emergency is going on.
    pub fn active(&self) -> Option<&Activation> {
        self.activations.last().filter(|a| a.ended.is_none())
    }
}

/// An emergency plan to register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEmergencyPlan {
    /// Its id.
    pub plan: EmergencyPlanId,
    /// The role it covers.
    pub cared_for: CaredForId,
    /// What it says.
    pub arrangements: EmergencyArrangements,
}

/// A case's emergency plans, in the order registered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyPlans {
    /// The plans.
    #[serde(with = "crate::domain::by_id")]
    pub list: Vec<(EmergencyPlanId, EmergencyPlan)>,
}

impl EmergencyPlans {
    /// The plan with `id`.
    pub fn get(&self, id: EmergencyPlanId) -> Option<&EmergencyPlan> {
        crate::domain::by_id::find(&self.list, &id)
    }

    fn get_mut(&mut self, id: EmergencyPlanId) -> Option<&mut EmergencyPlan> {
        crate::domain::by_id::find_mut(&mut self.list, &id)
    }

    fn known(&self, id: EmergencyPlanId) -> Result<&EmergencyPlan, CaseError> {
        self.get(id).ok_or(CaseError::UnknownEmergencyPlan)
    }

    /// The plans whose review is due on or before `on`, for roles still caring,
    /// with the day each was due, earliest first.
    pub fn due_for_review(
        &self,
        view: &CaseView,
        on: NaiveDate,
    ) -> Vec<(EmergencyPlanId, NaiveDate)> {
        let mut due: Vec<(EmergencyPlanId, NaiveDate)> = self
            .list
            .iter()
            .filter(|(_, p)| p.review_due <= on)
            .filter(|(_, p)| view.role(p.cared_for).is_some_and(|r| r.moved_on.is_none()))
            .map(|(id, p)| (*id, p.review_due))
            .collect();
        due.sort_by_key(|(id, day)| (*day, *id));
        due
    }

    /// Registers a plan: a new id, a role the carer still has, every part said.
    pub(crate) fn decide_register(
        &self,
        new: &NewEmergencyPlan,
        view: &CaseView,
        policy: &EmergencyPlanPolicy,
        by: &OrganisationId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if self.get(new.plan).is_some() {
            return Err(CaseError::EmergencyPlanExists);
        }
        let role = view.role(new.cared_for).ok_or(CaseError::UnknownRole)?;
        if role.moved_on.is_some() {
            return Err(CaseError::RoleEnded);
        }
        // One plan per role: two could both be active, or both fall due.
        if self.list.iter().any(|(_, p)| p.cared_for == new.cared_for) {
            return Err(CaseError::EmergencyPlanExists);
        }
        new.arrangements.check()?;
        Ok(vec![CaseEvent::EmergencyPlanRegistered {
            plan: new.plan,
            cared_for: new.cared_for,
            arrangements: new.arrangements.clone(),
            on: today,
            review_due: months_after(today, policy.review_every_months),
            by: by.clone(),
        }])
    }

    /// Issues an emergency card for a plan (a new card replaces the last).
    pub(crate) fn decide_card(
        &self,
        plan: EmergencyPlanId,
        number: &Personal<String>,
        by: &OrganisationId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.known(plan)?;
        if !number.is_said() {
            return Err(CaseError::CardNumberRequired);
        }
        Ok(vec![CaseEvent::EmergencyCardIssued {
            plan,
            number: number.clone(),
            on: today,
            by: by.clone(),
        }])
    }

    /// Reviews a plan on a day not after today nor before it was registered or
    /// last reviewed, with its arrangements changed or kept; the next review
    /// falls due a cycle after.
    pub(crate) fn decide_review(
        &self,
        plan: EmergencyPlanId,
        on: NaiveDate,
        changed: Option<&EmergencyArrangements>,
        policy: &EmergencyPlanPolicy,
        by: &OrganisationId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let current = self.known(plan)?;
        happened(on, today)?;
        let last = current
            .reviewed_on
            .last()
            .copied()
            .unwrap_or(current.registered_on);
        if on < last {
            return Err(CaseError::ReviewOutOfOrder);
        }
        if let Some(arrangements) = changed {
            arrangements.check()?;
        }
        Ok(vec![CaseEvent::EmergencyPlanReviewed {
            plan,
            on,
            arrangements: changed.cloned(),
            next_review_due: months_after(on, policy.review_every_months),
            by: by.clone(),
        }])
    }

    /// Activates a plan of a role still caring: at an instant not after now nor
    /// before the day it was registered, while it is not already active.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn decide_activate(
        &self,
        plan: EmergencyPlanId,
        at: DateTime<Utc>,
        reason: EmergencyReason,
        replacement_care: &Personal<String>,
        view: &CaseView,
        by: &OrganisationId,
        now: DateTime<Utc>,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let current = self.known(plan)?;
        if view
            .role(current.cared_for)
            .is_none_or(|r| r.moved_on.is_some())
        {
            return Err(CaseError::RoleEnded);
        }
        if at > now {
            return Err(CaseError::DateInTheFuture);
        }
        if local_day(at) < current.registered_on {
            return Err(CaseError::DateBeforePlan);
        }
        if current.active().is_some() {
            return Err(CaseError::EmergencyPlanActive);
        }
        // An activation that began before the last one ended is a mistake in
        // the times, not a second emergency.
        if current
            .activations
            .last()
            .and_then(|a| a.ended)
            .is_some_and(|ended| at < ended)
        {
            return Err(CaseError::PeriodReversed);
        }
        if !replacement_care.is_said() {
            return Err(CaseError::EmergencyArrangementsRequired);
        }
        Ok(vec![CaseEvent::EmergencyPlanActivated {
            plan,
            at,
            reason,
            replacement_care: replacement_care.clone(),
            by: by.clone(),
        }])
    }

    /// Ends the plan's open activation, at an instant not after now nor before
    /// it began.
    pub(crate) fn decide_end(
        &self,
        plan: EmergencyPlanId,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let current = self.known(plan)?;
        let active = current.active().ok_or(CaseError::EmergencyPlanNotActive)?;
        if at > now {
            return Err(CaseError::DateInTheFuture);
        }
        if at < active.at {
            return Err(CaseError::PeriodReversed);
        }
        Ok(vec![CaseEvent::EmergencyActivationEnded { plan, at }])
    }

    /// Folds an emergency plan event.
    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        use CaseEvent as E;
        match event {
            E::EmergencyPlanRegistered {
                plan,
                cared_for,
                arrangements,
                on,
                review_due,
                ..
            } => self.list.push((
                *plan,
                EmergencyPlan {
                    cared_for: *cared_for,
                    arrangements: arrangements.clone(),
                    registered_on: *on,
                    card: None,
                    reviewed_on: Vec::new(),
                    review_due: *review_due,
                    activations: Vec::new(),
                },
            )),
            E::EmergencyCardIssued { plan, number, .. } => {
                if let Some(p) = self.get_mut(*plan) {
                    p.card = Some(number.clone());
                }
            }
            E::EmergencyPlanReviewed {
                plan,
                on,
                arrangements,
                next_review_due,
                ..
            } => {
                if let Some(p) = self.get_mut(*plan) {
                    p.reviewed_on.push(*on);
                    p.review_due = *next_review_due;
                    if let Some(a) = arrangements {
                        p.arrangements = a.clone();
                    }
                }
            }
            E::EmergencyPlanActivated {
                plan,
                at,
                reason,
                replacement_care,
                by,
            } => {
                if let Some(p) = self.get_mut(*plan) {
                    p.activations.push(Activation {
                        at: *at,
                        reason: *reason,
                        replacement_care: replacement_care.clone(),
                        ended: None,
                        by: by.clone(),
                    });
                }
            }
            E::EmergencyActivationEnded { plan, at } => {
                if let Some(a) = self.get_mut(*plan).and_then(|p| p.activations.last_mut()) {
                    a.ended = Some(*at);
                }
            }
            _ => {}
        }
    }
}
