//! The safeguarding pathway between partners (Care Act 2014 s.42; Care and Support
//! Statutory Guidance ch. 14): a concern is raised, referred to the agency the law
//! routes it to, information shared, the s.42 duty decided, actions agreed and
//! completed, and the concern closed with its outcome.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::es::OrganisationId;

use super::calendar::{WorkingCalendar, end_of};
use super::ids::{ActionId, CaredForId, ConcernId};
use super::personal::Personal;

/// CSSG 14.17: the categories of abuse and neglect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AbuseCategory {
    /// Physical abuse.
    Physical,
    /// Domestic abuse.
    Domestic,
    /// Sexual abuse.
    Sexual,
    /// Psychological abuse.
    Psychological,
    /// Financial or material abuse.
    FinancialOrMaterial,
    /// Modern slavery.
    ModernSlavery,
    /// Discriminatory abuse.
    Discriminatory,
    /// Organisational abuse.
    Organisational,
    /// Neglect and acts of omission.
    NeglectAndActsOfOmission,
    /// Self-neglect.
    SelfNeglect,
}

impl AbuseCategory {
    /// All ten.
    pub const ALL: [AbuseCategory; 10] = [
        AbuseCategory::Physical,
        AbuseCategory::Domestic,
        AbuseCategory::Sexual,
        AbuseCategory::Psychological,
        AbuseCategory::FinancialOrMaterial,
        AbuseCategory::ModernSlavery,
        AbuseCategory::Discriminatory,
        AbuseCategory::Organisational,
        AbuseCategory::NeglectAndActsOfOmission,
        AbuseCategory::SelfNeglect,
    ];
}

/// Who is at risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PersonAtRisk {
    /// The carer.
    Carer,
    /// A person the carer cares for.
    CaredFor(CaredForId),
}

/// The lawful footing for sharing information.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SharingBasis {
    /// The person at risk consents.
    Consent,
    /// Shared without consent, for this lawful reason (e.g. risk to others, a crime,
    /// the person lacks capacity).
    WithoutConsent(Personal<String>),
}

/// The agency a referral goes to. The law routes it: a child at risk goes to
/// children's services (Children Act 1989 s.47), an adult to Adult Social Care (s.42).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Agency {
    /// Adult Social Care, for an adult at risk.
    AdultSocialCare,
    /// The Children's Trust, for a child at risk.
    ChildrensTrust,
}

impl Agency {
    /// The agency for a person at risk who is (or is not) under 18.
    pub fn for_person(under_18: bool) -> Agency {
        if under_18 {
            Agency::ChildrensTrust
        } else {
            Agency::AdultSocialCare
        }
    }
}

/// What a concern records when it is raised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcernDetails {
    /// Who is at risk.
    pub person_at_risk: PersonAtRisk,
    /// The carer is the person alleged to cause harm.
    pub carer_alleged_to_cause_harm: bool,
    /// The categories (one or more).
    pub categories: Vec<AbuseCategory>,
    /// Whether there is immediate risk.
    pub immediate_risk: bool,
    /// Making Safeguarding Personal (CSSG 14.15): what the person at risk wants to happen.
    pub desired_outcomes: Personal<String>,
    /// Consent to share, or the lawful reason to share without it.
    pub sharing: SharingBasis,
}

/// The three conditions of s.42(1), as found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct S42Conditions {
    /// (a) the adult has needs for care and support (whether or not met).
    pub needs_care_and_support: bool,
    /// (b) the adult is experiencing, or at risk of, abuse or neglect.
    pub experiencing_or_at_risk: bool,
    /// (c) as a result of those needs the adult is unable to protect themselves.
    pub unable_to_protect_themselves: bool,
}

impl S42Conditions {
    /// All three hold: the enquiry duty arises.
    pub fn duty_arises(&self) -> bool {
        self.needs_care_and_support
            && self.experiencing_or_at_risk
            && self.unable_to_protect_themselves
    }
}

/// The decision on the s.42 duty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum S42Outcome {
    /// The duty to make enquiries arises: all three conditions hold.
    DutyMet,
    /// The duty does not arise, with the reasons.
    DutyNotMet(Personal<String>),
    /// Not a s.42 enquiry, but an "other" safeguarding enquiry at the authority's discretion.
    OtherEnquiry,
}

/// An agreed action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeguardingAction {
    /// Its id.
    pub id: ActionId,
    /// The organisation that owns it.
    pub owner: OrganisationId,
    /// What is to be done.
    pub description: Personal<String>,
    /// When it is due.
    pub due: NaiveDate,
    /// When it was completed.
    pub completed: Option<NaiveDate>,
}

/// The risk when a concern closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RiskOutcome {
    /// Risk removed.
    Removed,
    /// Risk reduced.
    Reduced,
    /// Risk remains.
    Remains,
}

/// Making Safeguarding Personal: whether the person's desired outcomes were met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DesiredOutcomesMet {
    /// Fully.
    Met,
    /// In part.
    PartlyMet,
    /// Not.
    NotMet,
    /// The person did not express any.
    NoneExpressed,
}

/// Where a concern is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConcernStatus {
    /// Raised, not yet referred.
    Raised,
    /// Referred to the agency.
    Referred,
    /// The s.42 duty decided (adults).
    Decided,
    /// Closed.
    Closed,
}

/// One safeguarding concern on a carer's case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concern {
    /// What was raised.
    pub details: ConcernDetails,
    /// Whether the person at risk was under 18 when it was raised: derived from the
    /// case (the carer's age, or the caring role's age band), never chosen, since
    /// it decides the routing.
    pub at_risk_is_child: bool,
    /// Who raised it.
    pub raised_by: OrganisationId,
    /// When.
    pub raised_at: DateTime<Utc>,
    /// Where it stands.
    pub status: ConcernStatus,
    /// Referred to whom, when.
    pub referral: Option<(Agency, DateTime<Utc>)>,
    /// Information shared: with whom, on what basis.
    pub shared: Vec<(OrganisationId, SharingBasis)>,
    /// The s.42 decision.
    pub decision: Option<(S42Conditions, S42Outcome)>,
    /// Agreed actions.
    pub actions: Vec<SafeguardingAction>,
    /// The outcome at closure.
    pub closure: Option<(RiskOutcome, DesiredOutcomesMet)>,
}

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
    /// When the referral is due under `policy`.
    pub fn referral_due(&self, policy: &SafeguardingPolicy) -> Option<DateTime<Utc>> {
        let raised = self.raised_at.date_naive();
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
        let (agency, at) = self.referral?;
        if agency != Agency::AdultSocialCare {
            return None;
        }
        end_of(
            policy
                .calendar
                .add_working_days(at.date_naive(), policy.decision_working_days)?,
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
        if self.referral.is_none()
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

    /// Whether every agreed action is completed.
    pub fn actions_complete(&self) -> bool {
        self.actions.iter().all(|a| a.completed.is_some())
    }
}

use super::case::CarerCase;
use super::error::CaseError;
use super::event::CaseEvent;
use super::person::CarerKind;
use super::support_plan::ReviewTrigger;
use crate::es::Context;

fn wrong(action: &'static str, status: ConcernStatus) -> CaseError {
    CaseError::WrongConcernStatus { action, status }
}

/// The pathway's rules, as decisions on the case.
impl CarerCase {
    /// The concern with `id`.
    pub fn concern(&self, id: ConcernId) -> Option<&Concern> {
        self.concerns.iter().find(|(c, _)| *c == id).map(|(_, c)| c)
    }

    pub(super) fn concern_mut(&mut self, id: ConcernId) -> Option<&mut Concern> {
        self.concerns
            .iter_mut()
            .find(|(c, _)| *c == id)
            .map(|(_, c)| c)
    }

    fn open_concern(&self, id: ConcernId) -> Result<&Concern, CaseError> {
        self.concern(id).ok_or(CaseError::UnknownConcern)
    }

    /// Everything on the case's concerns whose due instant is strictly before `now`
    /// and is not done, under `policy`.
    pub fn overdue(&self, policy: &SafeguardingPolicy, now: DateTime<Utc>) -> Vec<Overdue> {
        self.concerns
            .iter()
            .flat_map(|(id, c)| c.overdue(*id, policy, now))
            .collect()
    }

    pub(super) fn decide_raise(
        &self,
        id: ConcernId,
        details: &ConcernDetails,
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
        let at_risk_is_child = match details.person_at_risk {
            PersonAtRisk::Carer => {
                self.kind_on(ctx.now.date_naive()) == Some(CarerKind::YoungCarer)
            }
            PersonAtRisk::CaredFor(id) => !self
                .role(id)
                .ok_or(CaseError::UnknownPersonAtRisk)?
                .age
                .is_adult(),
        };
        Ok(vec![CaseEvent::ConcernRaised {
            concern: id,
            details,
            at_risk_is_child,
            by: ctx.actor.organisation.clone(),
            at: ctx.now,
        }])
    }

    pub(super) fn decide_refer(
        &self,
        id: ConcernId,
        to: Agency,
        ctx: &Context,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
        if c.status != ConcernStatus::Raised {
            return Err(wrong("refer", c.status));
        }
        let expected = Agency::for_person(c.at_risk_is_child);
        if to != expected {
            return Err(CaseError::WrongAgency { expected });
        }
        Ok(vec![CaseEvent::ConcernReferred {
            concern: id,
            to,
            at: ctx.now,
        }])
    }

    pub(super) fn decide_share(
        &self,
        id: ConcernId,
        with: &OrganisationId,
        basis: &SharingBasis,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
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

    pub(super) fn decide_s42(
        &self,
        id: ConcernId,
        conditions: S42Conditions,
        outcome: &S42Outcome,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let c = self.open_concern(id)?;
        if c.at_risk_is_child {
            return Err(CaseError::NoS42ForAChild);
        }
        if c.status != ConcernStatus::Referred {
            return Err(wrong("decide the s.42 duty on", c.status));
        }
        // s.42(1): the duty arises exactly when all three conditions hold.
        if (*outcome == S42Outcome::DutyMet) != conditions.duty_arises() {
            return Err(CaseError::S42DecisionContradictsConditions);
        }
        Ok(vec![CaseEvent::S42Decided {
            concern: id,
            conditions,
            outcome: outcome.clone(),
        }])
    }

    /// The status at which actions are agreed and the concern can close: after the
    /// s.42 decision for an adult, after the referral for a child.
    fn ready_for_actions(c: &Concern) -> bool {
        c.status
            == if c.at_risk_is_child {
                ConcernStatus::Referred
            } else {
                ConcernStatus::Decided
            }
    }

    pub(super) fn decide_agree_action(
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

    pub(super) fn decide_complete_action(
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

    pub(super) fn decide_close_concern(
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
        let today = ctx.now.date_naive();
        let mut events = vec![CaseEvent::ConcernClosed {
            concern: id,
            risk,
            desired_outcomes,
            on: today,
        }];
        events.extend(self.reviews_due_now(today, ReviewTrigger::SafeguardingOutcome));
        Ok(events)
    }

    pub(super) fn apply_safeguarding(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::ConcernRaised {
                concern,
                details,
                at_risk_is_child,
                by,
                at,
            } => self.concerns.push((
                *concern,
                Concern {
                    details: details.clone(),
                    at_risk_is_child: *at_risk_is_child,
                    raised_by: by.clone(),
                    raised_at: *at,
                    status: ConcernStatus::Raised,
                    referral: None,
                    shared: Vec::new(),
                    decision: None,
                    actions: Vec::new(),
                    closure: None,
                },
            )),
            CaseEvent::ConcernReferred { concern, to, at } => {
                if let Some(c) = self.concern_mut(*concern) {
                    c.status = ConcernStatus::Referred;
                    c.referral = Some((*to, *at));
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
                    c.closure = Some((*risk, *desired_outcomes));
                }
            }
            _ => {}
        }
    }
}
