//! Referrals of the carer: received from whoever identified them (a GP, a
//! hospital discharge team, a school, a pharmacy, an employer, the Children's
//! Trust, the carer themselves), and made to a partner for help the service does
//! not give itself. Each is acknowledged, then accepted or declined with a reason;
//! the days each step took are measurable. Not a safeguarding referral: that is a
//! concern's, under its own law (`safeguarding`).
//!
//! A referral made shares the carer's data with the organisation it goes to, so it
//! rests on the carer's consent to share with that organisation (UK GDPR art.
//! 6(1)(a), 9(2)(a); `ConsentPurpose::ShareWith`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::happened;
use super::consent::ConsentPurpose;
use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::{PartnerId, ReferralId};
use super::person::IdentificationSource;
use super::personal::Personal;
use super::view::CaseView;
use crate::es::OrganisationId;

/// Which way a referral went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReferralDirection {
    /// Received by the service.
    In {
        /// Where it came from.
        from: IdentificationSource,
        /// The referring organisation, when there is one (not for a self-referral).
        referrer: Option<OrganisationId>,
    },
    /// Made by the service to another organisation.
    Out {
        /// The organisation referred to.
        to: OrganisationId,
    },
}

/// Where a referral stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReferralStatus {
    /// Received or sent, not yet acknowledged.
    Open,
    /// Acknowledged, not yet decided.
    Acknowledged,
    /// Accepted.
    Accepted,
    /// Declined, with a reason.
    Declined,
}

/// A referral of the carer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarerReferral {
    /// In or out, and from or to whom.
    pub direction: ReferralDirection,
    /// Why the carer was referred.
    pub reason: Personal<String>,
    /// The UK local day it was received or sent.
    pub on: NaiveDate,
    /// The organisation that recorded it.
    pub by: OrganisationId,
    /// Where it stands.
    pub status: ReferralStatus,
    /// The day it was acknowledged (an acceptance or decline acknowledges it).
    pub acknowledged_on: Option<NaiveDate>,
    /// The day it was accepted or declined.
    pub decided_on: Option<NaiveDate>,
    /// Why it was declined.
    pub declined_because: Option<Personal<String>>,
}

impl CarerReferral {
    /// Days from receipt or sending to acknowledgement, once acknowledged.
    pub fn days_to_acknowledge(&self) -> Option<i64> {
        self.acknowledged_on.map(|d| (d - self.on).num_days())
    }

    /// Days from receipt or sending to acceptance or decline, once decided.
    pub fn days_to_decision(&self) -> Option<i64> {
        self.decided_on.map(|d| (d - self.on).num_days())
    }
}

/// A referral received, to record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralIn {
    /// Its id.
    pub referral: ReferralId,
    /// Where it came from.
    pub from: IdentificationSource,
    /// The referring organisation, if any.
    pub referrer: Option<OrganisationId>,
    /// The UK local day it was received.
    pub received_on: NaiveDate,
    /// Why the carer was referred.
    pub reason: Personal<String>,
}

/// A referral made, to record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralOut {
    /// Its id.
    pub referral: ReferralId,
    /// The organisation referred to.
    pub to: OrganisationId,
    /// The UK local day it was sent.
    pub sent_on: NaiveDate,
    /// What the carer is referred for.
    pub reason: Personal<String>,
}

/// How a referral was answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReferralAnswer {
    /// Acknowledged (received and being considered).
    Acknowledged,
    /// Accepted.
    Accepted,
    /// Declined, with the reason.
    Declined(Personal<String>),
}

/// A case's referrals, in the order recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referrals {
    /// The referrals.
    #[serde(with = "crate::domain::by_id")]
    pub list: Vec<(ReferralId, CarerReferral)>,
}

impl Referrals {
    /// The referral with `id`.
    pub fn get(&self, id: ReferralId) -> Option<&CarerReferral> {
        crate::domain::by_id::find(&self.list, &id)
    }

    fn get_mut(&mut self, id: ReferralId) -> Option<&mut CarerReferral> {
        crate::domain::by_id::find_mut(&mut self.list, &id)
    }

    /// The referrals received and not yet acknowledged (the service's to
    /// answer), with the day each was received, earliest first.
    pub fn unacknowledged_received(&self) -> Vec<(ReferralId, NaiveDate)> {
        self.unacknowledged(|d| matches!(d, ReferralDirection::In { .. }))
    }

    /// The referrals made and not yet acknowledged (waiting on the organisation
    /// referred to), with the day each was sent, earliest first.
    pub fn unacknowledged_made(&self) -> Vec<(ReferralId, NaiveDate)> {
        self.unacknowledged(|d| matches!(d, ReferralDirection::Out { .. }))
    }

    fn unacknowledged(
        &self,
        direction: impl Fn(&ReferralDirection) -> bool,
    ) -> Vec<(ReferralId, NaiveDate)> {
        let mut open: Vec<(ReferralId, NaiveDate)> = self
            .list
            .iter()
            .filter(|(_, r)| r.status == ReferralStatus::Open && direction(&r.direction))
            .map(|(id, r)| (*id, r.on))
            .collect();
        open.sort_by_key(|(id, on)| (*on, *id));
        open
    }

    /// The organisations the carer was referred to.
    pub fn made_to(&self) -> impl Iterator<Item = &OrganisationId> {
        self.list.iter().filter_map(|(_, r)| match &r.direction {
            ReferralDirection::Out { to } => Some(to),
            ReferralDirection::In { .. } => None,
        })
    }

    /// Where the carer first came from: the earliest referral received on or
    /// before `identified_on`, if any.
    pub fn first_source(&self, identified_on: NaiveDate) -> Option<IdentificationSource> {
        self.list
            .iter()
            .filter(|(_, r)| r.on <= identified_on)
            .filter_map(|(_, r)| match r.direction {
                ReferralDirection::In { from, .. } => Some((r.on, from)),
                ReferralDirection::Out { .. } => None,
            })
            .min_by_key(|(on, _)| *on)
            .map(|(_, from)| from)
    }

    fn check_new(&self, id: ReferralId, reason: &Personal<String>) -> Result<(), CaseError> {
        if self.get(id).is_some() {
            return Err(CaseError::ReferralExists);
        }
        if !reason.is_said() {
            return Err(CaseError::ReferralReasonRequired);
        }
        Ok(())
    }

    /// Records a referral received: a new id, a reason, a day not after today.
    pub(crate) fn decide_receive(
        &self,
        new: &ReferralIn,
        by: &OrganisationId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.check_new(new.referral, &new.reason)?;
        happened(new.received_on, today)?;
        if new.from == IdentificationSource::SelfReferral && new.referrer.is_some() {
            return Err(CaseError::SelfReferralWithReferrer);
        }
        Ok(vec![CaseEvent::ReferralReceived {
            referral: new.referral,
            from: new.from,
            referrer: new.referrer.clone(),
            received_on: new.received_on,
            reason: new.reason.clone(),
            by: by.clone(),
        }])
    }

    /// Records a referral made: a new id, a reason, a day not after today, to
    /// another organisation, with the carer's consent to share with it.
    pub(crate) fn decide_make(
        &self,
        new: &ReferralOut,
        view: &CaseView,
        by: &OrganisationId,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.check_new(new.referral, &new.reason)?;
        happened(new.sent_on, today)?;
        if &new.to == by {
            return Err(CaseError::ReferralToOwnOrganisation);
        }
        if !view.consented(ConsentPurpose::ShareWith(PartnerId::of(&new.to))) {
            return Err(CaseError::NoConsentToShare);
        }
        Ok(vec![CaseEvent::ReferralMade {
            referral: new.referral,
            to: new.to.clone(),
            sent_on: new.sent_on,
            reason: new.reason.clone(),
            by: by.clone(),
        }])
    }

    /// Records an answer: an acknowledgement of an open referral, or a decision
    /// on one not yet decided, on a day not after today nor before the referral
    /// or its acknowledgement; a decline says why.
    pub(crate) fn decide_answer(
        &self,
        id: ReferralId,
        answer: &ReferralAnswer,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let referral = self.get(id).ok_or(CaseError::UnknownReferral)?;
        happened(on, today)?;
        if on < referral.acknowledged_on.unwrap_or(referral.on) {
            return Err(CaseError::DateBeforeReferral);
        }
        let allowed = match answer {
            ReferralAnswer::Acknowledged => referral.status == ReferralStatus::Open,
            ReferralAnswer::Accepted | ReferralAnswer::Declined(_) => matches!(
                referral.status,
                ReferralStatus::Open | ReferralStatus::Acknowledged
            ),
        };
        if !allowed {
            return Err(CaseError::ReferralAlreadyAnswered);
        }
        if let ReferralAnswer::Declined(reason) = answer
            && !reason.is_said()
        {
            return Err(CaseError::ReferralReasonRequired);
        }
        Ok(vec![CaseEvent::ReferralAnswered {
            referral: id,
            answer: answer.clone(),
            on,
        }])
    }

    /// Folds a referral event.
    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        use CaseEvent as E;
        let new = |direction, reason: &Personal<String>, on: &NaiveDate, by: &OrganisationId| {
            CarerReferral {
                direction,
                reason: reason.clone(),
                on: *on,
                by: by.clone(),
                status: ReferralStatus::Open,
                acknowledged_on: None,
                decided_on: None,
                declined_because: None,
            }
        };
        match event {
            E::ReferralReceived {
                referral,
                from,
                referrer,
                received_on,
                reason,
                by,
            } => {
                let direction = ReferralDirection::In {
                    from: *from,
                    referrer: referrer.clone(),
                };
                self.list
                    .push((*referral, new(direction, reason, received_on, by)));
            }
            E::ReferralMade {
                referral,
                to,
                sent_on,
                reason,
                by,
            } => {
                let direction = ReferralDirection::Out { to: to.clone() };
                self.list
                    .push((*referral, new(direction, reason, sent_on, by)));
            }
            E::ReferralAnswered {
                referral,
                answer,
                on,
            } => {
                if let Some(r) = self.get_mut(*referral) {
                    r.acknowledged_on.get_or_insert(*on);
                    match answer {
                        ReferralAnswer::Acknowledged => r.status = ReferralStatus::Acknowledged,
                        ReferralAnswer::Accepted => {
                            r.status = ReferralStatus::Accepted;
                            r.decided_on = Some(*on);
                        }
                        ReferralAnswer::Declined(reason) => {
                            r.status = ReferralStatus::Declined;
                            r.decided_on = Some(*on);
                            r.declined_because = Some(reason.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
