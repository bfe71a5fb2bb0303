//! An assessment's lifecycle from request to closure, and the case's assessments
//! as a part of the case: their state, and the folding of their events.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::eligibility::Determination;
use crate::domain::error::CaseError;
use crate::domain::event::CaseEvent;
use crate::domain::ids::{AssessmentId, CaredForId};
use crate::domain::personal::Personal;

use super::escalation::{EscalationAnswer, EscalationRecord};
use super::evidence::{ChildrenActEvidence, Evidence};
use super::kinds::{AssessmentKind, Route};
use super::refusal::Refusals;
use super::result::{AssessmentResult, NeedFinding};
use super::transition::{DecisionAt18, S63Override, TransitionGrounds};

/// Where an assessment is in its lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssessmentStatus {
    /// Requested or offered, not yet started.
    Pending,
    /// Refused by the carer (s.11(5)): the duty it was made under ended.
    Refused,
    /// Being carried out.
    InProgress,
    /// Escalated as complex to another organisation, awaiting its answer.
    Escalated,
    /// Completed with a result.
    Completed,
    /// Closed: the written record was given and, where the law asks, advice recorded.
    Closed,
}

/// One assessment on a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Its kind.
    pub kind: AssessmentKind,
    /// The caring role it concerns.
    pub cared_for: CaredForId,
    /// How it came about.
    pub route: Route,
    /// Its status.
    pub status: AssessmentStatus,
    /// A transition assessment's grounds (s.63(1), (3)–(4)).
    pub transition: Option<TransitionGrounds>,
    /// The evidence recorded so far.
    pub evidence: Option<Evidence>,
    /// The latest escalation as complex, and its answer.
    pub escalation: Option<EscalationRecord>,
    /// The result, once completed.
    pub result: Option<AssessmentResult>,
    /// s.13(1): for each need identified, whether it meets the eligibility criteria.
    pub needs: Vec<NeedFinding>,
    /// Written information and advice given (s.13(5), s.64), if any.
    pub information_and_advice: Option<Personal<String>>,
    /// When the written record was given to the carer (s.13(2)).
    pub written_record_given: Option<NaiveDate>,
    /// A transition assessment's decision at 18 (CSSG ch. 16).
    pub decision_at_18: Option<DecisionAt18>,
    /// s.63(4): the young carer refused, and the assessment went ahead under this
    /// override.
    #[serde(default)]
    pub refusal_overridden: Option<S63Override>,
    /// The day it was requested (absent from states snapshotted before it was
    /// kept: such an assessment is never listed as waiting).
    #[serde(default)]
    pub requested_on: Option<NaiveDate>,
}

impl Assessment {
    /// The Care Act determination a support plan may follow (s.24–25): a carer's
    /// assessment's determination, or a transition assessment's indication once the
    /// authority treats it as a carer's assessment at 18 (CSSG ch. 16).
    ///
    /// # Errors
    /// `IndicationNotTreatedAsAssessment` for an indication not (yet) so treated;
    /// `NoDetermination` for anything else.
    pub fn determination_for_plan(&self) -> Result<&Determination, CaseError> {
        match &self.result {
            Some(AssessmentResult::Determination(d)) => Ok(d),
            Some(AssessmentResult::Indication(d)) => match self.decision_at_18 {
                Some(DecisionAt18 {
                    treated_as_carers_assessment: true,
                    ..
                }) => Ok(d),
                _ => Err(CaseError::IndicationNotTreatedAsAssessment),
            },
            _ => Err(CaseError::NoDetermination),
        }
    }
}

/// The case's assessments, and the duties the carer's refusals have ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessments {
    /// Assessments, in the order requested.
    #[serde(with = "crate::domain::by_id")]
    pub list: Vec<(AssessmentId, Assessment)>,
    /// The duties ended by refusal (s.11(5)).
    pub refusals: Refusals,
}

impl Assessments {
    /// The assessment with `id`.
    pub fn get(&self, id: AssessmentId) -> Option<&Assessment> {
        crate::domain::by_id::find(&self.list, &id)
    }

    fn get_mut(&mut self, id: AssessmentId) -> Option<&mut Assessment> {
        crate::domain::by_id::find_mut(&mut self.list, &id)
    }

    pub(super) fn known(&self, id: AssessmentId) -> Result<&Assessment, CaseError> {
        self.get(id).ok_or(CaseError::UnknownAssessment)
    }

    /// The assessment with `id` when it is in `status`, else the refusal to `action` it.
    pub(super) fn in_status(
        &self,
        id: AssessmentId,
        status: AssessmentStatus,
        action: &'static str,
    ) -> Result<&Assessment, CaseError> {
        let a = self.known(id)?;
        if a.status != status {
            return Err(CaseError::WrongAssessmentStatus {
                action,
                status: a.status,
            });
        }
        Ok(a)
    }

    /// The Care Act determination a support plan may follow.
    pub(crate) fn determination_for_plan(
        &self,
        id: AssessmentId,
    ) -> Result<&Determination, CaseError> {
        self.known(id)?.determination_for_plan()
    }

    /// The assessments requested and not yet completed (pending, in progress
    /// or escalated) whose day to be completed by, under `policy`, is on or
    /// before `on`, with that day.
    pub fn waiting_past(
        &self,
        policy: &super::AssessmentPolicy,
        on: NaiveDate,
    ) -> Vec<(AssessmentId, NaiveDate)> {
        use AssessmentStatus as S;
        self.list
            .iter()
            .filter(|(_, a)| matches!(a.status, S::Pending | S::InProgress | S::Escalated))
            .filter_map(|(id, a)| Some((*id, policy.due(a.requested_on?))))
            .filter(|(_, due)| *due <= on)
            .collect()
    }

    /// Whether written information and advice was given on any assessment.
    pub fn information_and_advice_given(&self) -> bool {
        self.list
            .iter()
            .any(|(_, a)| a.information_and_advice.is_some())
    }

    fn update(&mut self, id: AssessmentId, change: impl FnOnce(&mut Assessment)) {
        if let Some(a) = self.get_mut(id) {
            change(a);
        }
    }

    /// Folds assessment events.
    pub(crate) fn apply(&mut self, event: &CaseEvent) {
        use AssessmentStatus as S;
        use CaseEvent as E;
        match event {
            E::AssessmentRequested {
                assessment,
                kind,
                cared_for,
                route,
                transition,
                duty_revived,
                on,
            } => {
                if *duty_revived {
                    self.refusals.revive(kind.duty());
                }
                self.list.push((
                    *assessment,
                    Assessment {
                        kind: *kind,
                        cared_for: *cared_for,
                        route: *route,
                        status: S::Pending,
                        transition: *transition,
                        evidence: None,
                        escalation: None,
                        result: None,
                        needs: Vec::new(),
                        information_and_advice: None,
                        written_record_given: None,
                        decision_at_18: None,
                        refusal_overridden: None,
                        requested_on: Some(*on),
                    },
                ));
            }
            E::AssessmentRefused {
                assessment,
                overridden: None,
                ..
            } => {
                let kind = self.get(*assessment).map(|a| a.kind);
                if let Some(kind) = kind {
                    self.refusals.end(kind.duty());
                }
                self.update(*assessment, |a| a.status = S::Refused);
            }
            E::AssessmentRefused {
                assessment,
                overridden: Some(how),
                ..
            } => self.update(*assessment, |a| a.refusal_overridden = Some(*how)),
            E::AssessmentDutyRevived { duty, .. } => self.refusals.revive(*duty),
            E::AssessmentStarted { assessment, .. } => {
                self.update(*assessment, |a| a.status = S::InProgress)
            }
            E::AssessmentEvidenceRecorded {
                assessment,
                evidence,
            } => self.update(*assessment, |a| {
                a.evidence = Some(Evidence::CareAct((**evidence).clone()))
            }),
            E::ChildrenActEvidenceRecorded {
                assessment,
                evidence,
            } => self.update(*assessment, |a| {
                a.evidence = Some(Evidence::ChildrenAct(ChildrenActEvidence::clone(evidence)))
            }),
            E::AssessmentEscalated {
                assessment,
                escalation,
                by,
            } => self.update(*assessment, |a| {
                a.status = S::Escalated;
                a.escalation = Some(EscalationRecord {
                    escalation: escalation.clone(),
                    by: by.clone(),
                    answer: None,
                });
            }),
            E::EscalationAccepted { assessment, .. } => self.update(*assessment, |a| {
                a.status = S::InProgress;
                if let Some(e) = a.escalation.as_mut() {
                    e.answer = Some(EscalationAnswer::Accepted);
                }
            }),
            E::EscalationDeclined {
                assessment,
                reasons,
                ..
            } => self.update(*assessment, |a| {
                a.status = S::InProgress;
                if let Some(e) = a.escalation.as_mut() {
                    e.answer = Some(EscalationAnswer::Declined(reasons.clone()));
                }
            }),
            E::AssessmentCompleted {
                assessment,
                result,
                needs,
                ..
            } => self.update(*assessment, |a| {
                a.status = S::Completed;
                a.result = Some(result.clone());
                a.needs = needs.clone();
            }),
            E::InformationAndAdviceRecorded { assessment, advice } => self
                .update(*assessment, |a| {
                    a.information_and_advice = Some(advice.clone())
                }),
            E::WrittenRecordGiven { assessment, on } => {
                self.update(*assessment, |a| a.written_record_given = Some(*on))
            }
            E::AssessmentClosed { assessment, .. } => {
                self.update(*assessment, |a| a.status = S::Closed)
            }
            E::TransitionDecidedAt18 {
                assessment,
                treated_as_carers_assessment,
                on,
            } => self.update(*assessment, |a| {
                a.decision_at_18 = Some(DecisionAt18 {
                    treated_as_carers_assessment: *treated_as_carers_assessment,
                    on: *on,
                })
            }),
            _ => {}
        }
    }
}
