//! The pathway's local time rules and what is overdue under them. The law sets no
//! timescales (CSSG ch. 14): these are configurable policy.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::{WorkingCalendar, end_of, local_day};
use crate::domain::ids::{ActionId, ConcernId};

use super::concern::{Agency, Concern, ConcernStatus, Referral};

/// Local time rules for the pathway. The law sets none (CSSG ch. 14); these are
/// common local defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeguardingPolicy {
    /// Working days from the concern to the referral (default 1).
    pub referral_working_days: u32,
    /// With immediate risk, refer the same day (default true).
    pub same_day_if_immediate_risk: bool,
    /// Working days from referral to the s.42 decision (default 5).
    pub decision_working_days: u32,
    /// Weekends and bank holidays.
    pub calendar: WorkingCalendar,
}

impl Default for SafeguardingPolicy {
    fn default() -> Self {
        Self {
            referral_working_days: 1,
            same_day_if_immediate_risk: true,
            decision_working_days: 5,
            calendar: WorkingCalendar::default(),
        }
    }
}

/// Something on a concern whose due instant has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Overdue {
    /// The referral was due at this instant.
    Referral {
        /// The concern.
        concern: ConcernId,
        /// When it was due.
        due: DateTime<Utc>,
    },
    /// The s.42 decision was due at this instant.
    Decision {
        /// The concern.
        concern: ConcernId,
        /// When it was due.
        due: DateTime<Utc>,
    },
    /// An action was due at this instant.
    Action {
        /// The concern.
        concern: ConcernId,
        /// The action.
        action: ActionId,
        /// When it was due.
        due: DateTime<Utc>,
    },
}

impl Concern {
    /// When the referral is due under `policy`: at the end of the UK local day the
    /// concern was raised (local midnight) for "the same day", else at the end of
    /// the working day that many working days after it. Days are UK local days
    /// (DOMAIN.md, Safeguarding), never UTC days.
    pub fn referral_due(&self, policy: &SafeguardingPolicy) -> Option<DateTime<Utc>> {
        let raised = local_day(self.raised_at);
        let day = if self.details.immediate_risk && policy.same_day_if_immediate_risk {
            raised
        } else {
            policy
                .calendar
                .add_working_days(raised, policy.referral_working_days)?
        };
        end_of(day)
    }

    /// When the s.42 decision is due under `policy` (adults, once referred).
    pub fn decision_due(&self, policy: &SafeguardingPolicy) -> Option<DateTime<Utc>> {
        let Referral { to, at } = *self.lead_referral()?;
        if to != Agency::AdultSocialCare {
            return None;
        }
        end_of(
            policy
                .calendar
                .add_working_days(local_day(at), policy.decision_working_days)?,
        )
    }

    /// Everything on this concern that is due strictly before `now` and not done.
    pub fn overdue(
        &self,
        id: ConcernId,
        policy: &SafeguardingPolicy,
        now: DateTime<Utc>,
    ) -> Vec<Overdue> {
        let mut out = Vec::new();
        if self.status == ConcernStatus::Closed {
            return out;
        }
        if self.referrals.is_empty()
            && let Some(due) = self.referral_due(policy).filter(|due| *due < now)
        {
            out.push(Overdue::Referral { concern: id, due });
        }
        if self.decision.is_none()
            && let Some(due) = self.decision_due(policy).filter(|due| *due < now)
        {
            out.push(Overdue::Decision { concern: id, due });
        }
        for action in self.actions.iter().filter(|a| a.completed.is_none()) {
            if let Some(due) = end_of(action.due).filter(|due| *due < now) {
                out.push(Overdue::Action {
                    concern: id,
                    action: action.id,
                    due,
                });
            }
        }
        out
    }
}
