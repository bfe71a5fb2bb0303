//! Services delivered, recorded as they happen: the short breaks taken, grants
//! spent, carers' cards issued, sessions attended, training done, benefits checks
//! and what they gained, the GP carers' register flag. Each may name the plan item
//! it delivers (Care Act 2014 s.25: the plan says how needs are met; this says
//! that they were), so that what was planned and what was done can be compared.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::happened;
use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::{PlanId, ServiceId};
use super::money::Pence;
use super::personal::Personal;
use super::view::CaseView;
use crate::es::OrganisationId;

/// A training course for carers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Course {
    /// Moving and handling.
    MovingAndHandling,
    /// First aid.
    FirstAid,
    /// Managing medication.
    Medication,
    /// Understanding a condition (e.g. dementia awareness).
    ConditionAwareness,
    /// Looking after one's own wellbeing.
    CarerWellbeing,
}

/// What was delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Service {
    /// A short break or replacement care used, from one day to another.
    ShortBreak {
        /// The first day.
        from: NaiveDate,
        /// The last day.
        to: NaiveDate,
        /// The hours of replacement care.
        hours: u32,
        /// Who provided it.
        provider: OrganisationId,
    },
    /// A carers' grant or personal budget spent.
    Spend {
        /// How much (more than nothing).
        amount: Pence,
    },
    /// A carers' card issued.
    CarersCard {
        /// Its number (personal: it identifies the carer).
        number: Personal<String>,
    },
    /// Counselling sessions attended.
    Counselling {
        /// How many (at least one).
        sessions: u32,
    },
    /// Peer-support sessions attended.
    PeerSupport {
        /// How many (at least one).
        sessions: u32,
    },
    /// A training course done.
    Training {
        /// Which.
        course: Course,
    },
    /// A benefits check, and the yearly income it gained (nothing is an outcome).
    BenefitsCheck {
        /// The yearly income gained, not less than nothing.
        income_gained: Pence,
    },
    /// The carer flagged on their GP practice's carers' register.
    GpCarersRegister,
}

/// The plan item a service delivers: the plan and the item's number, from 0 in
/// the plan's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlanItem {
    /// The plan.
    pub plan: PlanId,
    /// The item's number in it.
    pub item: usize,
}

/// A service delivered, to record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewService {
    /// Its id.
    pub service: ServiceId,
    /// The UK local day it was delivered (a break: the day it ended).
    pub on: NaiveDate,
    /// What.
    pub delivered: Service,
    /// The plan item it delivers, if any.
    pub plan_item: Option<PlanItem>,
}

/// A recorded service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivered {
    /// The UK local day.
    pub on: NaiveDate,
    /// What.
    pub delivered: Service,
    /// The plan item it delivers, if any.
    pub plan_item: Option<PlanItem>,
    /// The organisation that recorded it.
    pub by: OrganisationId,
}

/// A case's services delivered, in the order recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Services {
    /// The services.
    #[serde(with = "crate::domain::by_id")]
    pub list: Vec<(ServiceId, Delivered)>,
}

impl Services {
    /// The service with `id`.
    pub fn get(&self, id: ServiceId) -> Option<&Delivered> {
        crate::domain::by_id::find(&self.list, &id)
    }

    /// The services that deliver an item of `plan`.
    pub fn delivering(&self, plan: PlanId) -> impl Iterator<Item = &Delivered> {
        self.list
            .iter()
            .map(|(_, s)| s)
            .filter(move |s| s.plan_item.is_some_and(|i| i.plan == plan))
    }

    /// Records a service: a new id, a day not after today, what was delivered
    /// as it can be (counts and amounts that mean something; a break that ends
    /// after it starts and by the day recorded), and a plan item the case holds.
    pub(crate) fn decide_record(
        &self,
        new: &NewService,
        view: &CaseView,
        by: &OrganisationId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if self.get(new.service).is_some() {
            return Err(CaseError::ServiceExists);
        }
        happened(new.on, today)?;
        check(&new.delivered, new.on)?;
        if let Some(PlanItem { plan, item }) = new.plan_item {
            // Only an active plan is delivered, and not before it was agreed.
            let (items, agreed_on) = view.plan_items(plan).ok_or(CaseError::UnknownPlan)?;
            if item >= items {
                return Err(CaseError::UnknownPlanItem);
            }
            let first_day = match &new.delivered {
                Service::ShortBreak { from, .. } => *from,
                _ => new.on,
            };
            if first_day < agreed_on {
                return Err(CaseError::DateBeforePlan);
            }
        }
        Ok(vec![CaseEvent::ServiceDelivered {
            service: new.service,
            on: new.on,
            delivered: new.delivered.clone(),
            plan_item: new.plan_item,
            by: by.clone(),
        }])
    }

    /// Folds a service event.
    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        if let CaseEvent::ServiceDelivered {
            service,
            on,
            delivered,
            plan_item,
            by,
        } = event
        {
            self.list.push((
                *service,
                Delivered {
                    on: *on,
                    delivered: delivered.clone(),
                    plan_item: *plan_item,
                    by: by.clone(),
                },
            ));
        }
    }
}

/// What a service must be to be recorded as delivered on `on`.
fn check(service: &Service, on: NaiveDate) -> Result<(), CaseError> {
    match service {
        Service::ShortBreak {
            from, to, hours, ..
        } => {
            if from > to || *to != on {
                return Err(CaseError::BreakDatesInvalid);
            }
            if *hours == 0 {
                return Err(CaseError::NothingDelivered);
            }
            // No more hours than the break's days hold.
            let days = (*to - *from).num_days() + 1;
            if i64::from(*hours) > days.saturating_mul(24) {
                return Err(CaseError::BreakDatesInvalid);
            }
        }
        Service::Spend { amount } => {
            if amount.0 <= 0 {
                return Err(CaseError::NonPositiveAmount);
            }
        }
        Service::BenefitsCheck { income_gained } => {
            if income_gained.0 < 0 {
                return Err(CaseError::NegativeAmount);
            }
        }
        Service::Counselling { sessions } | Service::PeerSupport { sessions } => {
            if *sessions == 0 {
                return Err(CaseError::NothingDelivered);
            }
        }
        Service::CarersCard { number } => {
            if !number.is_said() {
                return Err(CaseError::NothingDelivered);
            }
        }
        Service::Training { .. } | Service::GpCarersRegister => {}
    }
    Ok(())
}
