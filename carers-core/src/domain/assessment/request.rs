//! Asking for an assessment, refusing it, and reviving a duty a refusal ended
//! (Care Act 2014 s.10–12, s.63; Children Act 1989 s.17ZA, s.17ZD).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::error::CaseError;
use crate::domain::event::CaseEvent;
use crate::domain::ids::{AssessmentId, CaredForId};
use crate::domain::personal::Personal;
use crate::domain::view::CaseView;

use super::kinds::{AssessmentKind, Duty, Route, check_kind};
use super::lifecycle::{AssessmentStatus, Assessments};
use super::refusal::Revival;
use super::transition::{S63Override, TransitionGrounds};

/// A request for, or offer of, an assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRequest {
    /// The new assessment's id.
    pub assessment: AssessmentId,
    /// Its kind.
    pub kind: AssessmentKind,
    /// The caring role it concerns: the law that applies is judged on it.
    pub cared_for: CaredForId,
    /// Who asked, or an offer.
    pub route: Route,
    /// The carer agrees (needed for a combined assessment, s.12(5)).
    pub carer_agrees: bool,
    /// The adult needing care agrees (combined assessments only, s.12(5)).
    pub cared_for_agrees: Option<bool>,
    /// A transition assessment's grounds (s.63(1), (3)–(4)); none for other kinds.
    pub transition: Option<TransitionGrounds>,
}

impl AssessmentRequest {
    /// A request of `kind` for the role of `cared_for`, by `route`, with the carer
    /// agreeing, no answer yet from the adult needing care (set `cared_for_agrees`
    /// for a combined assessment) and, for a transition assessment, both s.63(1)
    /// conditions met and the young carer's consent (set `transition` otherwise).
    pub fn new(
        assessment: AssessmentId,
        kind: AssessmentKind,
        cared_for: CaredForId,
        route: Route,
    ) -> Self {
        Self {
            assessment,
            kind,
            cared_for,
            route,
            carer_agrees: true,
            cared_for_agrees: None,
            transition: (kind == AssessmentKind::Transition).then(TransitionGrounds::consented),
        }
    }

    /// s.12(5), s.63: the consents and grounds the kind needs, and only for it.
    fn check_grounds(&self) -> Result<(), CaseError> {
        if self.kind == AssessmentKind::Combined
            && !(self.carer_agrees && self.cared_for_agrees == Some(true))
        {
            return Err(CaseError::CombinedNeedsBothConsents);
        }
        match (self.kind, &self.transition) {
            (AssessmentKind::Transition, Some(grounds)) => grounds.check(),
            (AssessmentKind::Transition, None) => Err(CaseError::TransitionConditionsNotMet),
            (_, Some(_)) => Err(CaseError::TransitionGroundsOnlyForTransition),
            (_, None) => Ok(()),
        }
    }
}

impl Assessments {
    /// Requests or offers an assessment: the kind must be the one the law gives the
    /// carer for the role, with its consents and grounds, and a duty ended by
    /// refusal revives only on the carer's own request (s.11(6)).
    pub(crate) fn decide_request(
        &self,
        request: &AssessmentRequest,
        view: &CaseView,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        if self.get(request.assessment).is_some() {
            return Err(CaseError::AssessmentExists);
        }
        // s.10(4): finances and the cared-for person's eligibility play no part.
        check_kind(view, request.kind, request.cared_for, today)?;
        request.check_grounds()?;
        let duty_revived = self
            .refusals
            .check_request(request.kind.duty(), request.route)?;
        Ok(vec![CaseEvent::AssessmentRequested {
            assessment: request.assessment,
            kind: request.kind,
            cared_for: request.cared_for,
            route: request.route,
            transition: request.transition,
            on: today,
            duty_revived,
        }])
    }

    /// The carer refuses an assessment (s.11(5)): the duty it was made under ends.
    /// s.63(4): a transition assessment goes ahead despite refusal where an override
    /// applies; no other assessment has that override.
    pub(crate) fn decide_refuse(
        &self,
        assessment: AssessmentId,
        s63_override: Option<S63Override>,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let a = self.in_status(assessment, AssessmentStatus::Pending, "refuse")?;
        if s63_override.is_some() && a.kind != AssessmentKind::Transition {
            return Err(CaseError::S63OverrideOnlyForTransition);
        }
        Ok(vec![CaseEvent::AssessmentRefused {
            assessment,
            overridden: s63_override,
            on: today,
        }])
    }

    /// s.11(7): the authority records that it thinks the carer's needs or
    /// circumstances have changed, which revives a duty their refusal ended.
    pub(crate) fn decide_revive(
        &self,
        duty: Duty,
        reason: &Personal<String>,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        self.refusals.check_revival(duty)?;
        Ok(vec![CaseEvent::AssessmentDutyRevived {
            duty,
            ground: Revival::NeedsOrCircumstancesChanged,
            reason: reason.clone(),
            on: today,
        }])
    }
}
