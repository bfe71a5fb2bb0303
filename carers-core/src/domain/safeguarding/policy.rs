//! The pathway's local time rules and what is overdue under them. The law sets no
//! timescales (CSSG ch. 14): these are configurable policy.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::{WorkingCalendar, end_of, local_day};
use crate::domain::ids::{ActionId, ConcernId};

use super::concern::{Agency, Concern, ConcernStatus, Referral};

/// Local time rules for the pathway. The law sets none (CSSG ch. 14); these are
/// common local defaults (DOMAIN.md, Safeguarding: the same day or 24 hours to
/// respond to a concern, 5 working days from the referral to a strategy meeting).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeguardingPolicy {
    /// Working days from the concern to the referral (default 1).
    pub referral_working_days: u32,
    /// With immediate risk, refer the same day (default true).
    pub same_day_if_immediate_risk: bool,
    /// Working days from the referral to Adult Social Care to a strategy meeting
    /// (default 5).
    #[serde(alias = "decision_working_days")]
    pub strategy_meeting_working_days: u32,
    /// Working days from the referral to the s.42 decision, if the service sets a
    /// timescale for it (default none).
    #[serde(default)]
    pub s42_decision_working_days: Option<u32>,
    /// Weekends and bank holidays.
    pub calendar: WorkingCalendar,
}

impl Default for SafeguardingPolicy {
    fn default() -> Self {
        Self {
            referral_working_days: 1,
            same_day_if_immediate_risk: true,
            strategy_meeting_working_days: 5,
            s42_decision_working_days: None,
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
    /// The strategy meeting was due at this instant.
    StrategyMeeting {
        /// The concern.
        concern: ConcernId,
        /// When it was due.
        due: DateTime<Utc>,
    },
    /// The s.42 decision was due at this instant (only under a policy that sets a
    /// timescale for it).
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

impl SafeguardingPolicy {
    /// When the referral of a concern raised at `raised_at` is due: at the end of
    /// the UK local day it was raised (local midnight) for "the same day" (with
    /// `immediate_risk`), else at the end of the working day that many working
    /// days after it. Days are UK local days (DOMAIN.md, Safeguarding), never UTC
    /// days.
    pub fn referral_due(
        &self,
        raised_at: DateTime<Utc>,
        immediate_risk: bool,
    ) -> Option<DateTime<Utc>> {
        let raised = local_day(raised_at);
        let day = if immediate_risk && self.same_day_if_immediate_risk {
            raised
        } else {
            self.calendar
                .add_working_days(raised, self.referral_working_days)?
        };
        end_of(day)
    }

    /// The end of the UK local day `n` working days after the lead referral
    /// `lead`, if it went to Adult Social Care (the steps a s.42 pathway times).
    fn after_adult_referral(&self, lead: &Referral, n: u32) -> Option<DateTime<Utc>> {
        if lead.to != Agency::AdultSocialCare {
            return None;
        }
        end_of(self.calendar.add_working_days(local_day(lead.at), n)?)
    }

    /// When the strategy meeting is due after the lead referral `lead`: local
    /// procedure, not law (CSSG ch. 14 sets no timescale), counts its working
    /// days from the referral of an adult concern to Adult Social Care; `None`
    /// for a referral to the Children's Trust.
    pub fn strategy_meeting_due(&self, lead: &Referral) -> Option<DateTime<Utc>> {
        self.after_adult_referral(lead, self.strategy_meeting_working_days)
    }

    /// When the s.42 decision is due after the lead referral `lead`, if this
    /// policy sets a timescale for it (the law sets none) and the referral went
    /// to Adult Social Care.
    pub fn decision_due(&self, lead: &Referral) -> Option<DateTime<Utc>> {
        self.after_adult_referral(lead, self.s42_decision_working_days?)
    }
}

impl Concern {
    /// When the referral is due under `policy`
    /// ([`SafeguardingPolicy::referral_due`]).
    pub fn referral_due(&self, policy: &SafeguardingPolicy) -> Option<DateTime<Utc>> {
        policy.referral_due(self.raised_at, self.details.immediate_risk)
    }

    /// When the strategy meeting is due under `policy`, once referred to Adult
    /// Social Care ([`SafeguardingPolicy::strategy_meeting_due`]).
    pub fn strategy_meeting_due(&self, policy: &SafeguardingPolicy) -> Option<DateTime<Utc>> {
        policy.strategy_meeting_due(self.lead_referral()?)
    }

    /// When the s.42 decision is due, if `policy` sets a timescale for it
    /// ([`SafeguardingPolicy::decision_due`]).
    pub fn decision_due(&self, policy: &SafeguardingPolicy) -> Option<DateTime<Utc>> {
        policy.decision_due(self.lead_referral()?)
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
        if self.strategy_meeting.is_none()
            && let Some(due) = self.strategy_meeting_due(policy).filter(|due| *due < now)
        {
            out.push(Overdue::StrategyMeeting { concern: id, due });
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
