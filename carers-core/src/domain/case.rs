//! [`CarerCase`]: the carer's case as an aggregate, one stream per carer. It only
//! routes and composes: each command goes to the part of the law that owns it
//! (identity, consent, roles and the journey, assessments, safeguarding, plans),
//! which decides over a read-only [`CaseView`] of the rest; each event is folded
//! by the part that owns it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::es::{Aggregate, Context};

use super::allocation::{self, Allocation};
use super::assessment::{Assessment, Assessments};
use super::calendar::{self, local_day};
use super::circumstances::{self, Changes};
use super::command::CaseCommand;
use super::consent::{ConsentPurpose, Consents, Processing};
use super::contact::{ContactPurpose, Contacts};
use super::correction::{Correction, Records};
use super::delivered::Services;
use super::emergency::EmergencyPlans;
use super::erasure::{self, Erasure};
use super::error::CaseError;
use super::event::CaseEvent;
use super::identity::{self, Identity};
use super::ids::{AssessmentId, CaredForId, CarerId, ConcernId, PlanId};
use super::journey::{self, Stage};
use super::merge::Merges;
use super::person::{CarerKind, IdentificationSource, TransitionPolicy, check_date_of_birth};
use super::policy::CasePolicy;
use super::referral::Referrals;
use super::retention;
use super::role::{CaringRole, Roles};
use super::safeguarding::{Concern, Overdue, Safeguarding, SafeguardingPolicy};
use super::support_plan::{
    Plans, ReviewTrigger, SupportFacts, SupportPlan, SupportType, support_type,
};
use super::view::CaseView;
use super::waiting::WaitingLists;

/// A carer's case: its state is the fold of its events, one part per part of the law.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarerCase {
    /// The identified carer.
    pub identity: Option<Identity>,
    /// Consents and what is held on them.
    pub consents: Consents,
    /// Caring roles and where each is in the journey.
    pub roles: Roles,
    /// Assessments.
    pub assessments: Assessments,
    /// Safeguarding concerns.
    pub safeguarding: Safeguarding,
    /// Support plans.
    pub plans: Plans,
    /// The erasure of the carer's personal data, once recorded.
    #[serde(default)]
    pub erasure: Option<Erasure>,
    /// Contacts and case notes.
    #[serde(default)]
    pub contacts: Contacts,
    /// Services delivered.
    #[serde(default)]
    pub services: Services,
    /// Emergency plans.
    #[serde(default)]
    pub emergency_plans: EmergencyPlans,
    /// Referrals of the carer, received and made.
    #[serde(default)]
    pub referrals: Referrals,
    /// The worker the case is allocated to, if any.
    #[serde(default)]
    pub allocation: Option<Allocation>,
    /// What changes of circumstances left to do.
    #[serde(default)]
    pub changes: Changes,
    /// Waiting lists the carer is or was on.
    #[serde(default)]
    pub waiting: WaitingLists,
    /// The events counted, and which recorded what a correction may name. Never
    /// defaulted: a state without it would count versions from 0.
    pub records: Records,
    /// The case that superseded this one, or the duplicates linked to it.
    #[serde(default)]
    pub merges: Merges,
}

impl CarerCase {
    /// The read-only view the parts decide over.
    pub fn view(&self) -> CaseView<'_> {
        CaseView::new(
            self.identity.as_ref(),
            &self.roles,
            &self.assessments,
            &self.consents,
            &self.plans,
        )
    }

    /// How the carer came to the service: the source of the earliest referral
    /// received on or before the day they were identified, else the source
    /// recorded when they were identified. `None` before identification.
    pub fn identification_source(&self) -> Option<IdentificationSource> {
        let identity = self.identity.as_ref()?;
        Some(
            self.referrals
                .first_source(identity.identified_on)
                .unwrap_or(identity.source),
        )
    }

    /// The roles a change of circumstances made a reassessment due for
    /// (s.27(4)(a)), with the day, while no assessment for the role has been
    /// requested since and the role goes on.
    pub fn reassessments_due(&self) -> Vec<(CaredForId, NaiveDate)> {
        self.changes
            .reassessment_due
            .iter()
            .map(|(c, d)| (*c, *d))
            .collect()
    }

    /// The carer, once identified.
    pub fn carer(&self) -> Option<CarerId> {
        self.identity.as_ref().map(|i| i.carer)
    }

    /// The caring role for `cared_for`.
    pub fn role(&self, cared_for: CaredForId) -> Option<&CaringRole> {
        self.roles.get(cared_for)
    }

    /// The assessment with `id`.
    pub fn assessment(&self, id: AssessmentId) -> Option<&Assessment> {
        self.assessments.get(id)
    }

    /// The concern with `id`.
    pub fn concern(&self, id: ConcernId) -> Option<&Concern> {
        self.safeguarding.concern(id)
    }

    /// The plan with `id`.
    pub fn plan(&self, id: PlanId) -> Option<&SupportPlan> {
        self.plans.plan(id)
    }

    /// Whether a consent is currently given.
    pub fn consented(&self, purpose: ConsentPurpose) -> bool {
        self.consents.given(purpose)
    }

    /// The carer's overall journey stage, derived from their roles.
    pub fn overall_stage(&self) -> Option<Stage> {
        Stage::overall(self.roles.all().iter().map(|r| r.stage))
    }

    /// The roles the law counts as caring (s.10(9)–(10)).
    pub fn caring_roles(&self) -> impl Iterator<Item = &CaringRole> {
        self.roles.caring()
    }

    /// The carer kind on `on`, if the case is open.
    pub fn kind_on(&self, on: NaiveDate) -> Option<CarerKind> {
        self.view().kind_on(on)
    }

    /// The transition assessment's due date, for a carer who is a young carer on `on`.
    pub fn transition_assessment_due(
        &self,
        policy: &TransitionPolicy,
        on: NaiveDate,
    ) -> Option<NaiveDate> {
        if self.kind_on(on)? != CarerKind::YoungCarer {
            return None;
        }
        policy.due_date(self.view().carer_born()?)
    }

    /// The transition assessments due on `today` (Care Act 2014 s.63, CSSG
    /// ch. 16; the law sets no day, so `policy` says how long before the 18th
    /// birthday): for a young carer, each role they give care in now to an
    /// adult (a young carer under s.63(6) cares for an adult) with no
    /// transition assessment requested for it, with the day it fell due. None
    /// once the carer is 18, or when their date of birth reads as erased.
    pub fn transition_assessments_due(
        &self,
        policy: &TransitionPolicy,
        today: NaiveDate,
    ) -> Vec<(CaredForId, NaiveDate)> {
        let Some(born) = self.view().carer_born() else {
            return Vec::new();
        };
        let Some(due) = policy.due_date(born).filter(|_| policy.is_due(born, today)) else {
            return Vec::new();
        };
        let requested = |role: CaredForId| {
            self.assessments
                .list
                .iter()
                .any(|(_, a)| a.kind == super::AssessmentKind::Transition && a.cared_for == role)
        };
        self.caring_roles()
            .filter(|r| matches!(r.stage, Stage::BecomingACarer | Stage::LivingAsACarer))
            .filter(|r| r.cared_for_is_child_on(today) == Some(false))
            .filter(|r| !requested(r.cared_for))
            .map(|r| (r.cared_for, due))
            .collect()
    }

    /// Everything on the case's concerns whose due instant is strictly before `now`
    /// and is not done, under `policy`.
    ///
    /// ```
    /// # use carers_core::es::*;
    /// # use carers_core::domain::*;
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let at = |secs| Context::new(
    ///     Actor::new("staff-1", "carers-hub", "support-worker"),
    ///     chrono::DateTime::from_timestamp(secs, 0).expect("an instant"),
    /// );
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let carer = CarerId::new();
    /// let concern = ConcernId::new();
    /// repo.execute_all(&carer.stream(), &[
    ///     CaseCommand::IdentifyCarer {
    ///         carer, details, source: IdentificationSource::Gp,
    ///         lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    ///     },
    ///     CaseCommand::RaiseConcern { concern, details: ConcernDetails {
    ///         person_at_risk: PersonAtRisk::Carer, carer_alleged_to_cause_harm: false,
    ///         categories: vec![AbuseCategory::Psychological], immediate_risk: true,
    ///         desired_outcomes: Personal::new("to be safe".into()),
    ///         sharing: SharingBasis::Consent, children_in_household: false,
    ///     }},
    /// ], &at(1_764_000_000), None)?; // Monday 24 November 2025, 16:00 UTC
    /// let case = repo.load(&carer.stream())?.state;
    /// let policy = SafeguardingPolicy::default();
    /// // With immediate risk the referral is due the same day, so not yet overdue...
    /// assert!(case.overdue(&policy, at(1_764_010_000).now).is_empty());
    /// // ...and overdue the next morning.
    /// assert!(matches!(
    ///     case.overdue(&policy, at(1_764_060_000).now)[..],
    ///     [Overdue::Referral { concern: c, .. }] if c == concern
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn overdue(&self, policy: &SafeguardingPolicy, now: DateTime<Utc>) -> Vec<Overdue> {
        self.safeguarding.overdue(policy, now)
    }

    /// The emergency plans whose review is due on or before `on`, for roles
    /// still caring, with the day each was due, earliest first.
    pub fn emergency_plans_due_for_review(
        &self,
        on: NaiveDate,
    ) -> Vec<(super::ids::EmergencyPlanId, NaiveDate)> {
        self.emergency_plans.due_for_review(&self.view(), on)
    }

    /// The active plans whose review is due on or before `on`.
    pub fn plans_due_for_review(&self, on: NaiveDate) -> Vec<PlanId> {
        self.plans.plans_due_for_review(on)
    }

    /// The moving-on follow-ups due on or before `on`: for each role whose
    /// caring ended with a follow-up offered (`MovingOnPolicy`), the day it was
    /// due, while no contact for a follow-up has been recorded since caring
    /// ended (a contact is about the carer, so one follow-up answers every role
    /// that ended before it).
    pub fn follow_ups_due(&self, on: NaiveDate) -> Vec<(CaredForId, NaiveDate)> {
        let followed_up_since = |ended: NaiveDate| {
            self.contacts
                .list
                .iter()
                .any(|(_, c)| c.purpose == ContactPurpose::FollowUp && c.on >= ended)
        };
        self.roles
            .all()
            .iter()
            .filter_map(|r| {
                let moved_on = r.moved_on.as_ref()?;
                let due = moved_on.offer.follow_up_due?;
                (due <= on && !followed_up_since(moved_on.on)).then_some((r.cared_for, due))
            })
            .collect()
    }

    /// The carer's support type for statutory returns (SALT LTS003), counted once:
    /// the active plans' support together with information and advice given at an
    /// assessment (s.13(5)), which counts with or without a plan. `None` for a
    /// carer given neither.
    pub fn support_type(&self) -> Option<SupportType> {
        let advised = self.assessments.information_and_advice_given();
        let advice = SupportFacts {
            universal: advised,
            ..SupportFacts::default()
        };
        match self.plans.support_facts() {
            Some(plans) => Some(support_type(plans.and(advice))),
            None => advised.then(|| support_type(advice)),
        }
    }

    /// What the case holds now in the field `correction` corrects, as a
    /// correction of it: a correction to the same value changes nothing.
    fn current(&self, correction: &Correction) -> Option<Correction> {
        let details = self.identity.as_ref().map(|i| &i.details);
        Some(match correction {
            Correction::CarerName(_) => Correction::CarerName(details?.name.clone()),
            Correction::CarerDateOfBirth(_) => {
                Correction::CarerDateOfBirth(details?.date_of_birth.clone())
            }
            Correction::CaredForDateOfBirth { cared_for, .. } => Correction::CaredForDateOfBirth {
                cared_for: *cared_for,
                born: self.roles.get(*cared_for)?.cared_for_born.clone(),
            },
            Correction::ContactDay { contact, .. } => Correction::ContactDay {
                contact: *contact,
                on: self.contacts.get(*contact)?.on,
            },
            Correction::ContactOutcome { contact, .. } => Correction::ContactOutcome {
                contact: *contact,
                outcome: self.contacts.get(*contact)?.outcome.clone(),
            },
        })
    }

    /// Folds a correction into the part that holds the field.
    fn correct(&mut self, correction: &Correction) {
        match correction {
            Correction::CarerName(name) => {
                if let Some(identity) = &mut self.identity {
                    identity.details.name = name.clone();
                }
            }
            Correction::CarerDateOfBirth(born) => {
                if let Some(identity) = &mut self.identity {
                    identity.details.date_of_birth = born.clone();
                }
            }
            Correction::CaredForDateOfBirth { cared_for, born } => {
                self.roles.correct_born(*cared_for, born);
            }
            Correction::ContactDay { .. } | Correction::ContactOutcome { .. } => {
                self.contacts.correct(correction);
            }
        }
    }

    /// Routes a command about the carer themselves: identity, consent, roles and
    /// the journey.
    fn route_carer(
        &self,
        command: &CaseCommand,
        ctx: &Context,
        today: NaiveDate,
        policy: &CasePolicy,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        use CaseCommand as C;
        match command {
            C::IdentifyCarer {
                carer,
                details,
                source,
                lawful_basis,
                consent_to_hold_data,
            } => {
                let born = details.date_of_birth.reveal();
                check_date_of_birth(*born.ok_or(CaseError::PersonalDataErased)?, today)?;
                details.check_name()?;
                let mut events = identity::decide_identify(
                    self.identity.as_ref(),
                    *carer,
                    details,
                    *source,
                    today,
                )?;
                events.extend(self.consents.decide_open(
                    *lawful_basis,
                    *consent_to_hold_data,
                    today,
                )?);
                Ok(events)
            }
            C::RecordConsent { purpose, given } => {
                self.consents.decide_record(*purpose, *given, today)
            }
            C::RecordEqualityMonitoring {
                monitoring,
                consent_given,
            } => self.consents.decide_equality(monitoring, *consent_given),
            C::AddCaringRole(new) => {
                let born = new.cared_for_born.reveal();
                check_date_of_birth(*born.ok_or(CaseError::PersonalDataErased)?, today)?;
                self.roles.decide_add(new.to_role())
            }
            C::TreatAsCarer { cared_for, reason } => {
                self.roles.decide_treat_as_carer(*cared_for, reason)
            }
            C::ChangeStage { cared_for, to, on } => {
                calendar::happened(*on, today)?;
                journey::decide_change_stage(&self.roles, *cared_for, *to, *on)
            }
            C::MoveOn {
                cared_for,
                reason,
                on,
            } => {
                calendar::happened(*on, today)?;
                journey::decide_move_on(&self.roles, *cared_for, *reason, *on, &policy.moving_on)
            }
            C::ChangeCircumstances(change) => circumstances::decide_change(
                &self.roles,
                &self.changes,
                change,
                &ctx.actor.organisation,
                today,
            ),
            C::ChangeContactDetails {
                contact,
                address,
                reason,
            } => circumstances::decide_contact_details(
                self.identity.as_ref().map(|i| &i.details),
                contact.as_ref(),
                address.as_ref(),
                reason,
                &ctx.actor.organisation,
                today,
            ),
            C::CorrectRecord {
                corrects,
                correction,
                reason,
            } => self.records.decide_correct(
                *corrects,
                correction,
                self.current(correction),
                reason,
                &ctx.actor.organisation,
                today,
            ),
            C::MarkSuperseded { by, reason } => Merges::decide_supersede(
                self.carer().ok_or(CaseError::NotIdentified)?,
                *by,
                reason,
                &ctx.actor.organisation,
                today,
            ),
            C::LinkDuplicate { duplicate } => self.merges.decide_link(
                self.carer().ok_or(CaseError::NotIdentified)?,
                *duplicate,
                today,
            ),
            C::ErasePersonalData { basis } => Ok(erasure::decide_erase(
                *basis,
                &ctx.actor.organisation,
                today,
            )),
            C::KeepRecord(keep) => retention::decide_keep(keep, &ctx.actor.organisation, today),
            _ => unreachable!("route sends only the carer's own commands here"),
        }
    }

    /// Routes a command about an emergency plan.
    fn route_emergency(
        &self,
        command: &CaseCommand,
        view: &CaseView,
        ctx: &Context,
        today: NaiveDate,
        policy: &CasePolicy,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        use CaseCommand as C;
        let plans = &self.emergency_plans;
        let by = &ctx.actor.organisation;
        match command {
            C::RegisterEmergencyPlan(new) => {
                plans.decide_register(new, view, &policy.emergency_plans, by, today)
            }
            C::IssueEmergencyCard { plan, number } => plans.decide_card(*plan, number, by, today),
            C::ReviewEmergencyPlan {
                plan,
                on,
                arrangements,
            } => plans.decide_review(
                *plan,
                *on,
                arrangements.as_ref(),
                &policy.emergency_plans,
                by,
                today,
            ),
            C::ActivateEmergencyPlan {
                plan,
                at,
                reason,
                replacement_care,
            } => plans.decide_activate(*plan, *at, *reason, replacement_care, view, by, ctx.now),
            C::EndEmergencyActivation { plan, at } => plans.decide_end(*plan, *at, ctx.now),
            _ => unreachable!("route sends only emergency plan commands here"),
        }
    }

    /// Routes a command to the part of the law that owns it.
    fn route(
        &self,
        command: &CaseCommand,
        ctx: &Context,
        today: NaiveDate,
        policy: &CasePolicy,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        let view = self.view();
        match Part::of(command) {
            Part::Carer => self.route_carer(command, ctx, today, policy),
            Part::Assessments => {
                self.assessments
                    .decide(command, &view, today, &ctx.actor.organisation)
            }
            Part::Safeguarding => self.safeguarding.decide(command, &view, ctx, today),
            Part::Plans => self.plans.decide(command, &view, ctx, policy),
            Part::Casework => match command {
                CaseCommand::RecordContact(new) => {
                    self.contacts
                        .decide_record(new, &ctx.actor.organisation, today)
                }
                CaseCommand::AddNote { note, about, text } => {
                    self.contacts
                        .decide_note(*note, *about, text, &ctx.actor.organisation, today)
                }
                CaseCommand::RecordService(new) => {
                    self.services
                        .decide_record(new, &view, &ctx.actor.organisation, today)
                }
                _ => unreachable!("route sends only contacts, notes and services here"),
            },
            Part::Emergency => self.route_emergency(command, &view, ctx, today, policy),
            Part::Referrals => {
                let by = &ctx.actor.organisation;
                match command {
                    CaseCommand::ReceiveReferral(new) => {
                        self.referrals.decide_receive(new, by, today)
                    }
                    CaseCommand::MakeReferral(new) => {
                        self.referrals.decide_make(new, &view, by, today)
                    }
                    CaseCommand::AnswerReferral {
                        referral,
                        answer,
                        on,
                    } => self.referrals.decide_answer(*referral, answer, *on, today),
                    _ => unreachable!("route sends only referrals here"),
                }
            }
            Part::Waiting => match command {
                CaseCommand::JoinWaitingList(new) => self.waiting.decide_join(new, today),
                CaseCommand::RecordWaitingStep { entry, step, on } => {
                    self.waiting.decide_step(*entry, *step, *on, today)
                }
                _ => unreachable!("route sends only waiting lists here"),
            },
            Part::Allocation => match command {
                CaseCommand::AllocateCase { worker } => {
                    allocation::decide_allocate(self.allocation.as_ref(), worker, today)
                }
                CaseCommand::UnallocateCase { reason } => {
                    allocation::decide_unallocate(self.allocation.as_ref(), *reason, today)
                }
                _ => unreachable!("route sends only allocations here"),
            },
        }
    }
}

/// What every command's dates and organisations must be to be recorded, whatever
/// part of the law decides it: dates within the carer's life as a record holds it
/// (from their birth to the end of 2199, the clock's range), organisations named
/// as actors' are (`MAX_ACTOR_FIELD_LEN`). Each part still applies its own date
/// rules (not in the future, not before a referral or a plan).
fn check_recorded_fields(command: &CaseCommand, born: Option<NaiveDate>) -> Result<(), CaseError> {
    let last = NaiveDate::from_ymd_opt(2199, 12, 31).expect("31 December 2199 is a date");
    let first = born.unwrap_or(NaiveDate::MIN);
    if command.dates().iter().any(|d| *d < first || *d > last) {
        return Err(CaseError::DateOutOfRange);
    }
    if command
        .organisations()
        .iter()
        .any(|o| o.0.trim().is_empty() || o.0.len() > crate::es::MAX_ACTOR_FIELD_LEN)
    {
        return Err(CaseError::InvalidOrganisation);
    }
    Ok(())
}

/// The part of the law a command belongs to: the one classification of commands,
/// for routing and for the lawful basis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// The carer themselves: identity, consent, roles and the journey.
    Carer,
    /// Assessments.
    Assessments,
    /// Safeguarding.
    Safeguarding,
    /// Support plans.
    Plans,
    /// Contacts and case notes.
    Casework,
    /// Emergency plans.
    Emergency,
    /// Referrals of the carer, in and out.
    Referrals,
    /// Allocation to a worker.
    Allocation,
    /// Waiting lists.
    Waiting,
}

impl Part {
    fn of(command: &CaseCommand) -> Part {
        use CaseCommand as C;
        match command {
            C::IdentifyCarer { .. }
            | C::RecordConsent { .. }
            | C::RecordEqualityMonitoring { .. }
            | C::AddCaringRole(_)
            | C::TreatAsCarer { .. }
            | C::ChangeStage { .. }
            | C::MoveOn { .. }
            | C::ChangeCircumstances(_)
            | C::ChangeContactDetails { .. }
            | C::CorrectRecord { .. }
            | C::MarkSuperseded { .. }
            | C::LinkDuplicate { .. }
            | C::ErasePersonalData { .. }
            | C::KeepRecord(_) => Part::Carer,
            C::RequestAssessment(_)
            | C::RefuseAssessment { .. }
            | C::ReviveAssessmentDuty { .. }
            | C::StartAssessment { .. }
            | C::RecordEvidence { .. }
            | C::RecordChildrenActEvidence { .. }
            | C::EscalateAsComplex { .. }
            | C::AcceptEscalation { .. }
            | C::DeclineEscalation { .. }
            | C::CompleteAssessment { .. }
            | C::RecordInformationAndAdvice { .. }
            | C::GiveWrittenRecord { .. }
            | C::CloseAssessment { .. }
            | C::DecideTransitionAt18 { .. } => Part::Assessments,
            C::RaiseConcern { .. }
            | C::ReferConcern { .. }
            | C::ShareInformation { .. }
            | C::DecideS42 { .. }
            | C::AgreeAction { .. }
            | C::CompleteAction { .. }
            | C::CloseConcern { .. }
            | C::CloseBelowThreshold { .. }
            | C::RecordStrategyMeeting { .. } => Part::Safeguarding,
            C::AgreePlan { .. }
            | C::AgreeDirectPayment { .. }
            | C::RecordDirectPaymentMade { .. }
            | C::RecordDirectPaymentEvidence { .. }
            | C::RequestReview { .. }
            | C::ReviewPlan { .. }
            | C::GivePlanCopy { .. }
            | C::ReviewDirectPayment { .. } => Part::Plans,
            C::RecordContact(_) | C::AddNote { .. } | C::RecordService(_) => Part::Casework,
            C::RegisterEmergencyPlan(_)
            | C::IssueEmergencyCard { .. }
            | C::ReviewEmergencyPlan { .. }
            | C::ActivateEmergencyPlan { .. }
            | C::EndEmergencyActivation { .. } => Part::Emergency,
            C::ReceiveReferral(_) | C::MakeReferral(_) | C::AnswerReferral { .. } => {
                Part::Referrals
            }
            C::AllocateCase { .. } | C::UnallocateCase { .. } => Part::Allocation,
            C::JoinWaitingList(_) | C::RecordWaitingStep { .. } => Part::Waiting,
        }
    }
}

/// What a command does, for the lawful basis: safeguarding never rests on consent.
fn processing(command: &CaseCommand) -> Processing {
    match (command, Part::of(command)) {
        (CaseCommand::RecordConsent { .. }, _) => Processing::ConsentChange,
        (CaseCommand::ErasePersonalData { .. } | CaseCommand::KeepRecord(_), _) => {
            Processing::Erasure
        }
        (CaseCommand::CorrectRecord { .. }, _) => Processing::Rectification,
        (_, Part::Safeguarding) => Processing::Safeguarding,
        (
            CaseCommand::UnallocateCase { .. }
            | CaseCommand::EndEmergencyActivation { .. }
            | CaseCommand::RecordWaitingStep {
                step: super::waiting::WaitingStep::Left(_),
                ..
            },
            _,
        ) => Processing::EndingWork,
        // A contact for a safeguarding matter, and a note about one, are
        // safeguarding too: they never rest on consent either.
        (
            CaseCommand::RecordContact(super::contact::NewContact {
                purpose: super::contact::ContactPurpose::Safeguarding,
                ..
            }),
            _,
        ) => Processing::Safeguarding,
        _ => Processing::Casework,
    }
}

/// s.27: a change in the carer's circumstances makes a review of every active plan
/// due at once. These are the events that record such a change.
fn review_trigger(event: &CaseEvent) -> Option<ReviewTrigger> {
    match event {
        CaseEvent::CaringRoleAdded { .. } => Some(ReviewTrigger::NewCaringRole),
        CaseEvent::MovedOnFromCaring { .. } => Some(ReviewTrigger::MovedOnFromCaring),
        CaseEvent::ConcernClosed { .. } => Some(ReviewTrigger::SafeguardingOutcome),
        CaseEvent::CircumstancesChanged { consequence, .. } => (*consequence
            != super::circumstances::ChangeConsequence::NothingFollows)
            .then_some(ReviewTrigger::ChangeOfCircumstances),
        _ => None,
    }
}

impl Aggregate for CarerCase {
    type Command = CaseCommand;
    type Event = CaseEvent;
    type Error = CaseError;
    type Policy = CasePolicy;
    const CATEGORY: &'static str = "carer";
    // The read audit's streams were `audit-<uuid>` before each aggregate had its own.
    const AUDIT_CATEGORY: Option<&'static str> = Some(crate::es::audit::AUDIT_CATEGORY);
    // 4: personal values sealed, and the erasure; 5: contacts, notes, services;
    // 6: emergency plans, referrals, allocation, changes of circumstances,
    // waiting lists; 7: corrections (the event count, which a snapshot without
    // it would restart from 0), merges.
    const SNAPSHOT_SCHEMA: u32 = 7;

    /// The partnership's rules, with no partners: every actor is refused until
    /// the repository is given a [`Partnership`](super::Partnership) that lists
    /// the service's organisations (`Repository::with_access`).
    fn default_access() -> std::sync::Arc<dyn crate::es::AccessPolicy<Self>> {
        std::sync::Arc::new(super::partnership::Partnership::default())
    }

    fn erases(command: &CaseCommand) -> bool {
        matches!(command, CaseCommand::ErasePersonalData { .. })
    }

    /// `IdentifyCarer` opens the case of the carer it names: only on that carer's stream.
    fn entity_of(command: &CaseCommand) -> Option<uuid::Uuid> {
        match command {
            CaseCommand::IdentifyCarer { carer, .. } => Some(carer.0),
            _ => None,
        }
    }

    fn decide(
        &self,
        command: &CaseCommand,
        ctx: &Context,
        policy: &CasePolicy,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        calendar::check_clock(ctx.now)?;
        if self.erasure.is_some() {
            return Err(CaseError::PersonalDataErased);
        }
        if self.identity.is_none() && !matches!(command, CaseCommand::IdentifyCarer { .. }) {
            return Err(CaseError::NotIdentified);
        }
        // A superseded case takes no more casework; its record is still governed.
        if self.merges.superseded_by.is_some()
            && !matches!(
                command,
                CaseCommand::ErasePersonalData { .. } | CaseCommand::KeepRecord(_)
            )
        {
            return Err(CaseError::CaseSuperseded);
        }
        self.consents.check_processing(processing(command))?;
        check_recorded_fields(command, self.view().carer_born())?;
        let today = local_day(ctx.now);
        let mut events = self.route(command, ctx, today, policy)?;
        let triggers: Vec<ReviewTrigger> = events.iter().filter_map(review_trigger).collect();
        for trigger in triggers {
            events.extend(self.plans.reviews_due_now(today, trigger));
        }
        Ok(events)
    }

    fn erased(&self) -> bool {
        self.erasure.is_some()
    }

    fn superseded_by(&self) -> Option<crate::es::StreamId> {
        self.merges.superseded_by.as_ref().map(|s| s.by.stream())
    }

    fn apply(&mut self, event: &CaseEvent) {
        use CaseEvent as E;
        self.records.count(event);
        match event {
            E::CarerIdentified { .. } => identity::apply(&mut self.identity, event),
            E::ConsentRecorded { .. }
            | E::EqualityMonitoringRecorded { .. }
            | E::LawfulBasisRecorded { .. }
            | E::EqualityMonitoringRemoved { .. } => self.consents.apply(event),
            E::CaringRoleAdded { .. }
            | E::TreatedAsCarer { .. }
            | E::StageChanged { .. }
            | E::MovedOnFromCaring { .. } => {
                self.changes.apply(event);
                self.roles.apply(event)
            }
            E::AssessmentRequested { .. }
            | E::AssessmentRefused { .. }
            | E::AssessmentDutyRevived { .. }
            | E::AssessmentStarted { .. }
            | E::AssessmentEvidenceRecorded { .. }
            | E::ChildrenActEvidenceRecorded { .. }
            | E::AssessmentEscalated { .. }
            | E::EscalationAccepted { .. }
            | E::EscalationDeclined { .. }
            | E::AssessmentCompleted { .. }
            | E::InformationAndAdviceRecorded { .. }
            | E::WrittenRecordGiven { .. }
            | E::AssessmentClosed { .. }
            | E::TransitionDecidedAt18 { .. } => {
                self.changes.apply(event);
                self.assessments.apply(event)
            }
            E::ConcernRaised { .. }
            | E::ConcernReferred { .. }
            | E::InformationShared { .. }
            | E::S42Decided { .. }
            | E::SafeguardingActionAgreed { .. }
            | E::SafeguardingActionCompleted { .. }
            | E::ConcernClosed { .. }
            | E::ConcernClosedBelowThreshold { .. }
            | E::StrategyMeetingRecorded { .. } => self.safeguarding.apply(event),
            E::PlanAgreed { .. }
            | E::DirectPaymentAgreed { .. }
            | E::DirectPaymentMade { .. }
            | E::DirectPaymentUseChecked { .. }
            | E::ReviewDue { .. }
            | E::PlanReviewed { .. }
            | E::PlanCopyGiven { .. }
            | E::DirectPaymentReviewed { .. } => self.plans.apply(event),
            E::PersonalDataErased { .. } => erasure::apply(&mut self.erasure, event),
            // Read by the retention schedule; the case's own state does not change.
            E::RetentionDecided { .. } => {}
            E::ContactRecorded { .. } | E::NoteAdded { .. } => self.contacts.apply(event),
            E::ServiceDelivered { .. } => self.services.apply(event),
            E::EmergencyPlanRegistered { .. }
            | E::EmergencyCardIssued { .. }
            | E::EmergencyPlanReviewed { .. }
            | E::EmergencyPlanActivated { .. }
            | E::EmergencyActivationEnded { .. } => self.emergency_plans.apply(event),
            E::ReferralReceived { .. } | E::ReferralMade { .. } | E::ReferralAnswered { .. } => {
                self.referrals.apply(event)
            }
            E::CaseAllocated { .. } | E::CaseUnallocated { .. } => {
                allocation::apply(&mut self.allocation, event)
            }
            E::CircumstancesChanged { .. } => {
                self.roles.apply(event);
                self.changes.apply(event);
            }
            E::ContactDetailsChanged { .. } => identity::apply(&mut self.identity, event),
            E::WaitingListJoined { .. }
            | E::PlaceOffered { .. }
            | E::PlaceTaken { .. }
            | E::WaitingListLeft { .. } => self.waiting.apply(event),
            E::RecordCorrected { correction, .. } => self.correct(correction),
            E::CaseSuperseded { .. } | E::DuplicateLinked { .. } => self.merges.apply(event),
        }
    }
}
