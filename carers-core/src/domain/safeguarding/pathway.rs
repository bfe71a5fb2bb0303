//! The safeguarding pathway as a part of the case: the concerns, and each step's
//! decision and folding.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::{happened, local_day};
use crate::domain::consent::ConsentPurpose;
use crate::domain::error::CaseError;
use crate::domain::event::CaseEvent;
use crate::domain::ids::{ActionId, ConcernId, PartnerId};
use crate::domain::personal::Personal;
use crate::domain::view::CaseView;
use crate::es::{Context, OrganisationId};

use super::concern::{
    Agency, BelowThreshold, Closure, Concern, ConcernDetails, ConcernStatus, DesiredOutcomesMet,
    PersonAtRisk, Referral, RiskOutcome, S42Conditions, S42Outcome, SafeguardingAction,
    SharingBasis,
};
use super::policy::{Overdue, SafeguardingPolicy};

fn wrong(action: &'static str, status: ConcernStatus) -> CaseError {
    CaseError::WrongConcernStatus { action, status }
}

/// Children Act 1989 s.105(1): a "child" is a person under the age of eighteen.
/// Whether the person at risk is one on `day` comes from their date of birth: the
/// carer's own, or the cared-for person's on the caring role.
fn is_child_on(person: PersonAtRisk, view: &CaseView, day: NaiveDate) -> Result<bool, CaseError> {
    match person {
        PersonAtRisk::Carer => view
            .carer_age_on(day)
            .map(|age| age < 18)
            .ok_or(CaseError::NotIdentified),
        PersonAtRisk::CaredFor(id) => view
            .role(id)
            .ok_or(CaseError::UnknownPersonAtRisk)?
            .cared_for_is_child_on(day)
            .ok_or(CaseError::PersonalDataErased),
    }
}

/// The case's safeguarding concerns, in the order raised.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Safeguarding(#[serde(with = "crate::domain::by_id")] Vec<(ConcernId, Concern)>);

/// The pathway's rules.
impl Safeguarding {
    /// The concern with `id`.
    pub fn concern(&self, id: ConcernId) -> Option<&Concern> {
        crate::domain::by_id::find(&self.0, &id)
    }

    /// Every concern, in the order raised.
    pub fn concerns(&self) -> &[(ConcernId, Concern)] {
        &self.0
    }

    fn concern_mut(&mut self, id: ConcernId) -> Option<&mut Concern> {
        crate::domain::by_id::find_mut(&mut self.0, &id)
    }

    fn open_concern(&self, id: ConcernId) -> Result<&Concern, CaseError> {
        self.concern(id).ok_or(CaseError::UnknownConcern)
    }

    /// Everything on the case's concerns whose due instant is strictly before `now`
    /// and is not done, under `policy`.
    pub fn overdue(&self, policy: &SafeguardingPolicy, now: DateTime<Utc>) -> Vec<Overdue> {
        self.0
            .iter()
            .flat_map(|(id, c)| c.overdue(*id, policy, now))
            .collect()
    }

    /// Raises a concern dated by the UK local day, recording whether the person at
    /// risk was then a child from their date of birth.
    pub(crate) fn decide_raise(
        &self,
        id: ConcernId,
        details: &ConcernDetails,
        view: &CaseView,
        ctx: &Context,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if self.concern(id).is_some() {
            return Err(CaseError::ConcernExists);
        }
        let mut details = details.clone();
        details.categories.sort();
        details.categories.dedup();
        if details.categories.is_empty() {
            return Err(CaseError::NoCategory);
        }
        let at_risk_is_child = is_child_on(details.person_at_risk, view, local_day(ctx.now))?;
        Ok(vec![CaseEvent::ConcernRaised {
            concern: id,
            details,
            at_risk_is_child,
            by: ctx.actor.organisation.clone(),
            at: ctx.now,
        }])
    }

    /// Refers a concern. The first referral is the lead: it goes to the agency the
    /// law routes the person at risk to (Children Act 1989 s.47 for a child, Care Act
    /// 2014 s.42 for an adult), judged on the UK local day of the referral. A later
    /// one is an additional referral.
    pub(crate) fn decide_refer(
        &self,
        id: ConcernId,
        to: Agency,
        view: &CaseView,
        ctx: &Context,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
        match c.status {
            ConcernStatus::Raised => {
                let child = is_child_on(c.details.person_at_risk, view, local_day(ctx.now))?;
                let expected = Agency::for_person(child);
                if to != expected {
                    return Err(CaseError::WrongAgency { expected });
                }
            }
            ConcernStatus::Referred | ConcernStatus::Decided => Self::additional_referral(c, to)?,
            ConcernStatus::Closed => return Err(wrong("refer", c.status)),
        }
        Ok(vec![CaseEvent::ConcernReferred {
            concern: id,
            to,
            at: ctx.now,
        }])
    }

    /// A child at risk goes to children's services (Children Act 1989 s.47; CSSG
    /// ch. 14): an adult concern with children in the household may also be referred
    /// to the Children's Trust, once, after its lead referral.
    fn additional_referral(c: &Concern, to: Agency) -> Result<(), CaseError> {
        if c.referred_to(to) {
            return Err(CaseError::AlreadyReferredTo { agency: to });
        }
        if to != Agency::ChildrensTrust {
            return Err(CaseError::WrongAgency {
                expected: Agency::ChildrensTrust,
            });
        }
        if !c.details.children_in_household {
            return Err(CaseError::NoChildrenInHousehold);
        }
        Ok(())
    }

    pub(crate) fn decide_share(
        &self,
        id: ConcernId,
        with: &OrganisationId,
        basis: &SharingBasis,
        view: &CaseView,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
        // What is shared comes from the carer's case: on consent, the carer's own
        // to share with that partner must be on record. Without it, sharing needs
        // its lawful reason recorded (UK GDPR art. 9(2)(g) with DPA 2018 Sch. 1
        // para. 18, safeguarding of children and of individuals at risk).
        if matches!(basis, SharingBasis::Consent)
            && !view.consented(ConsentPurpose::ShareWith(PartnerId::of(with)))
        {
            return Err(CaseError::NoConsentToShare);
        }
        match c.status {
            ConcernStatus::Referred | ConcernStatus::Decided => {
                Ok(vec![CaseEvent::InformationShared {
                    concern: id,
                    with: with.clone(),
                    basis: basis.clone(),
                }])
            }
            status => Err(wrong("share information on", status)),
        }
    }

    /// Care Act 2014 s.42(1): decides the enquiry duty for an adult once referred;
    /// the duty arises exactly when the authority has reasonable cause to suspect
    /// all three limbs, and a decision that says otherwise is refused.
    pub(crate) fn decide_s42(
        &self,
        id: ConcernId,
        conditions: S42Conditions,
        outcome: &S42Outcome,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
        if c.lead_agency() == Some(Agency::ChildrensTrust) {
            return Err(CaseError::NoS42ForAChild);
        }
        if c.status != ConcernStatus::Referred {
            return Err(wrong("decide the s.42 duty on", c.status));
        }
        // s.42(1): the duty arises exactly when there is reasonable cause to suspect
        // all three limbs.
        if (*outcome == S42Outcome::DutyMet) != conditions.duty_arises() {
            return Err(CaseError::S42DecisionContradictsConditions);
        }
        Ok(vec![CaseEvent::S42Decided {
            concern: id,
            conditions,
            outcome: outcome.clone(),
        }])
    }

    /// The status at which actions are agreed and the concern can close, as its lead
    /// agency decides: after the s.42 decision for Adult Social Care (Care Act 2014
    /// s.42), after the referral for the Children's Trust (Children Act 1989 s.47).
    fn ready_for_actions(c: &Concern) -> bool {
        match c.lead_agency() {
            Some(Agency::AdultSocialCare) => c.status == ConcernStatus::Decided,
            Some(Agency::ChildrensTrust) => c.status == ConcernStatus::Referred,
            None => false,
        }
    }

    pub(crate) fn decide_agree_action(
        &self,
        id: ConcernId,
        action: SafeguardingAction,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
        if !Self::ready_for_actions(c) {
            return Err(wrong("agree actions on", c.status));
        }
        if c.actions.iter().any(|a| a.id == action.id) {
            return Err(CaseError::ActionExists);
        }
        Ok(vec![CaseEvent::SafeguardingActionAgreed {
            concern: id,
            action,
        }])
    }

    pub(crate) fn decide_complete_action(
        &self,
        id: ConcernId,
        action: ActionId,
        on: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
        if c.status == ConcernStatus::Closed {
            return Err(wrong("complete actions on", c.status));
        }
        let a = c
            .actions
            .iter()
            .find(|a| a.id == action)
            .ok_or(CaseError::UnknownAction)?;
        if a.completed.is_some() {
            return Err(CaseError::ActionAlreadyCompleted);
        }
        Ok(vec![CaseEvent::SafeguardingActionCompleted {
            concern: id,
            action,
            on,
        }])
    }

    /// Closes a concern once ready and every action is done, recording the outcome
    /// (Making Safeguarding Personal, CSSG 14.15) on the UK local day.
    pub(crate) fn decide_close_concern(
        &self,
        id: ConcernId,
        risk: RiskOutcome,
        desired_outcomes: DesiredOutcomesMet,
        ctx: &Context,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
        if !Self::ready_for_actions(c) {
            return Err(wrong("close", c.status));
        }
        if !c.actions_complete() {
            return Err(CaseError::OpenActions);
        }
        Ok(vec![CaseEvent::ConcernClosed {
            concern: id,
            risk,
            desired_outcomes,
            on: local_day(ctx.now),
        }])
    }

    /// CSSG ch. 14 (proportionality): a concern not yet referred may close below the
    /// threshold for a referral, advice given or no further action, as a recorded
    /// decision with its reason.
    pub(crate) fn decide_close_below_threshold(
        &self,
        id: ConcernId,
        outcome: BelowThreshold,
        reason: &Personal<String>,
        ctx: &Context,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
        if c.status != ConcernStatus::Raised {
            return Err(wrong("close below threshold", c.status));
        }
        Ok(vec![CaseEvent::ConcernClosedBelowThreshold {
            concern: id,
            outcome,
            reason: reason.clone(),
            on: local_day(ctx.now),
        }])
    }

    /// Records the strategy meeting of an adult concern referred to Adult Social Care
    /// (Care Act 2014 s.42), once, before or after the s.42 decision; the local
    /// timescale runs from the referral to it (CSSG ch. 14: policy, not law). It
    /// happened: it is dated neither before the referral nor after `today`, the UK
    /// local day of the clock reading.
    pub(crate) fn decide_strategy_meeting(
        &self,
        id: ConcernId,
        held_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
        let referral = match (c.status, c.lead_referral()) {
            (ConcernStatus::Referred | ConcernStatus::Decided, Some(r)) => r,
            (status, _) => return Err(wrong("record a strategy meeting on", status)),
        };
        if referral.to != Agency::AdultSocialCare {
            return Err(CaseError::NotAnAdultConcern);
        }
        if c.strategy_meeting.is_some() {
            return Err(CaseError::StrategyMeetingAlreadyRecorded);
        }
        happened(held_on, today)?;
        if held_on < local_day(referral.at) {
            return Err(CaseError::DateBeforeReferral);
        }
        Ok(vec![CaseEvent::StrategyMeetingRecorded {
            concern: id,
            held_on,
        }])
    }

    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::ConcernRaised {
                concern,
                details,
                at_risk_is_child,
                by,
                at,
            } => self.0.push((
                *concern,
                Concern {
                    details: details.clone(),
                    child_when_raised: *at_risk_is_child,
                    raised_by: by.clone(),
                    raised_at: *at,
                    status: ConcernStatus::Raised,
                    referrals: Vec::new(),
                    strategy_meeting: None,
                    shared: Vec::new(),
                    decision: None,
                    actions: Vec::new(),
                    closure: None,
                },
            )),
            CaseEvent::ConcernReferred { concern, to, at } => {
                if let Some(c) = self.concern_mut(*concern) {
                    if c.status == ConcernStatus::Raised {
                        c.status = ConcernStatus::Referred;
                    }
                    c.referrals.push(Referral { to: *to, at: *at });
                }
            }
            CaseEvent::InformationShared {
                concern,
                with,
                basis,
            } => {
                if let Some(c) = self.concern_mut(*concern) {
                    c.shared.push((with.clone(), basis.clone()));
                }
            }
            CaseEvent::S42Decided {
                concern,
                conditions,
                outcome,
            } => {
                if let Some(c) = self.concern_mut(*concern) {
                    c.status = ConcernStatus::Decided;
                    c.decision = Some((*conditions, outcome.clone()));
                }
            }
            CaseEvent::StrategyMeetingRecorded { concern, held_on } => {
                if let Some(c) = self.concern_mut(*concern) {
                    c.strategy_meeting = Some(*held_on);
                }
            }
            CaseEvent::SafeguardingActionAgreed { concern, action } => {
                if let Some(c) = self.concern_mut(*concern) {
                    c.actions.push(action.clone());
                }
            }
            CaseEvent::SafeguardingActionCompleted {
                concern,
                action,
                on,
            } => {
                if let Some(a) = self
                    .concern_mut(*concern)
                    .and_then(|c| c.actions.iter_mut().find(|a| a.id == *action))
                {
                    a.completed = Some(*on);
                }
            }
            CaseEvent::ConcernClosed {
                concern,
                risk,
                desired_outcomes,
                ..
            } => {
                if let Some(c) = self.concern_mut(*concern) {
                    c.status = ConcernStatus::Closed;
                    c.closure = Some(Closure::WithOutcome {
                        risk: *risk,
                        desired_outcomes: *desired_outcomes,
                    });
                }
            }
            CaseEvent::ConcernClosedBelowThreshold {
                concern,
                outcome,
                reason,
                ..
            } => {
                if let Some(c) = self.concern_mut(*concern) {
                    c.status = ConcernStatus::Closed;
                    c.closure = Some(Closure::BelowThreshold {
                        outcome: *outcome,
                        reason: reason.clone(),
                    });
                }
            }
            _ => {}
        }
    }
}
