//! Work queues: what is due across the cases at an instant, per worker and per
//! organisation, ordered by when it is due. Each case's state is folded from the
//! log here (the case's own rules decide what is due, so the queue never differs
//! from the case), and each item names the case, the reason and the instant by
//! which it should be done: the end of its due day, or a safeguarding timescale's
//! instant.
//!
//! Listed: safeguarding responses overdue (referral, strategy meeting, decision,
//! actions, under `SafeguardingPolicy`); emergency plans and support plans whose
//! review day has come; reassessments a change of circumstances made due
//! (s.27(4)); referrals received and not acknowledged, and referrals made that the partner
//! has not acknowledged; assessments not completed within the policy's time;
//! direct payments due a review; moving-on (and bereavement) follow-ups due;
//! transition assessments due (s.63, young carers of adults approaching 18).
//! Erased and superseded cases have no work, and an erased case's folded state
//! is dropped at its erasure.
//!
//! The items hold ids, days and instants only; the folded cases stay inside.
//! One due instant is personal: a transition assessment's comes from the
//! carer's date of birth (a fixed time before their 18th birthday), so a
//! [`WorkItem`]'s JSON withholds it as it would a [`Personal`] value
//! (`"<personal>"`, written in clear only inside
//! [`revealed`](crate::domain::personal::revealed) or the stored form), and
//! its `Debug` always does; the field itself holds it, for code that reads it
//! on purpose. The withholding is of the value only: the queue is ordered by
//! it, and the day an item first appears is its due day, so a queue shown
//! day by day still narrows down the date of birth. Show transition items
//! only to those who may see the case.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::cases::Cases;
use crate::domain::calendar::{end_of, local_day};
use crate::domain::{
    AssessmentId, CaredForId, CarerCase, CasePolicy, DirectPaymentId, EmergencyPlanId, Overdue,
    Personal, PlanId, ReferralId, Worker,
};
use crate::es::{Aggregate, OrganisationId, Projection, ProjectionError, RecordedEvent, StreamId};

/// Why a case is in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Reason {
    /// A safeguarding response is overdue.
    Safeguarding(Overdue),
    /// An emergency plan's review is due.
    EmergencyPlanReview(EmergencyPlanId),
    /// A support plan's review is due.
    SupportPlanReview(PlanId),
    /// A change of circumstances made a reassessment of this role due.
    Reassessment(CaredForId),
    /// A referral received waits to be acknowledged.
    AcknowledgeReferral(ReferralId),
    /// A referral made waits for the partner's acknowledgement.
    ReferralUnacknowledged(ReferralId),
    /// An assessment requested is not completed within the policy's time
    /// (`AssessmentPolicy`, default 28 days from the request).
    AssessmentWaiting(AssessmentId),
    /// A direct payment's review is due (Direct Payments Regulations 2014).
    DirectPaymentReview(PlanId, DirectPaymentId),
    /// A follow-up contact is due after caring for this person ended
    /// (`MovingOnPolicy`, default three months; a bereavement follow-up when
    /// they died).
    MovingOnFollowUp(CaredForId),
    /// A transition assessment of the young carer's care for this adult is
    /// due (Care Act 2014 s.63; `TransitionPolicy`, default six months before
    /// the 18th birthday). The item's due instant is personal (see the module
    /// docs).
    TransitionAssessment(CaredForId),
}

impl Reason {
    /// Whether the item's due instant comes from personal data (the carer's
    /// date of birth), and so is withheld from its JSON (unless revealed) and
    /// its `Debug`.
    pub fn due_is_personal(&self) -> bool {
        matches!(self, Reason::TransitionAssessment(_))
    }
}

/// One thing due on one case. Serialised with its due instant withheld
/// unless revealed, and shown by `Debug` without it, when that is personal
/// ([`Reason::due_is_personal`]).
#[derive(Clone, PartialEq, Eq)]
pub struct WorkItem {
    /// The case.
    pub case: StreamId,
    /// By when it should be done.
    pub due: DateTime<Utc>,
    /// What is due.
    pub reason: Reason,
    /// The worker the case is allocated to, if any.
    pub worker: Option<Worker>,
}

impl WorkItem {
    /// The due instant as it may be shown: personal when it comes from the
    /// carer's date of birth.
    fn shown_due(&self) -> Personal<DateTime<Utc>> {
        Personal::new(self.due)
    }
}

impl Serialize for WorkItem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut item = s.serialize_struct("WorkItem", 4)?;
        item.serialize_field("case", &self.case)?;
        if self.reason.due_is_personal() {
            item.serialize_field("due", &self.shown_due())?;
        } else {
            item.serialize_field("due", &self.due)?;
        }
        item.serialize_field("reason", &self.reason)?;
        item.serialize_field("worker", &self.worker)?;
        item.end()
    }
}

impl fmt::Debug for WorkItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut item = f.debug_struct("WorkItem");
        item.field("case", &self.case);
        if self.reason.due_is_personal() {
            item.field("due", &self.shown_due());
        } else {
            item.field("due", &self.due);
        }
        item.field("reason", &self.reason)
            .field("worker", &self.worker)
            .finish()
    }
}

/// The work queues read model.
#[derive(Debug, Default)]
pub struct WorkQueue {
    policy: CasePolicy,
    cases: Cases,
    position: u64,
}

impl WorkQueue {
    /// An empty read model, deciding what is due under `policy` (the policy the
    /// service's repository decides with).
    pub fn new(policy: CasePolicy) -> Self {
        Self {
            policy,
            ..Self::default()
        }
    }

    /// Everything due at `at` across the cases, by due instant (then case).
    ///
    /// ```
    /// use carers_core::domain::*;
    /// use carers_core::es::{Actor, Context, MemoryStore, ProjectionRunner, Repository};
    /// use carers_core::projections::WorkQueue;
    /// use carers_core::projections::work_queue::Reason;
    ///
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("a day");
    /// let noon = |d| day(d).and_hms_opt(12, 0, 0).expect("noon").and_utc();
    /// let hub = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), noon(2));
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let (carer, mother, assessment) = (CarerId::new(), CaredForId::new(), AssessmentId::new());
    /// repo.execute(&carer.stream(), &CaseCommand::IdentifyCarer {
    ///     carer, details, source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// }, &hub, None)?;
    /// repo.execute(&carer.stream(), &CaseCommand::AddCaringRole(NewCaringRole {
    ///     cared_for: mother,
    ///     cared_for_born: Personal::new(chrono::NaiveDate::from_ymd_opt(1940, 1, 1).expect("a day")),
    ///     relationship: Relationship::Child, parental_responsibility: false,
    ///     conditions: vec![ConditionCategory::Dementia], hours: HoursBand::From50,
    ///     lives_with_carer: false, basis: CareBasis::Unpaid, stage: Stage::LivingAsACarer,
    /// }), &hub, None)?;
    /// repo.execute(&carer.stream(), &CaseCommand::RequestAssessment(AssessmentRequest::new(
    ///     assessment, AssessmentKind::CarersAssessment, mother, Route::RequestedByCarer,
    /// )), &hub, None)?;
    ///
    /// let mut queue = WorkQueue::new(CasePolicy::default());
    /// ProjectionRunner::default().catch_up(repo.store(), &mut queue)?;
    /// // Requested on 2 November: not completed 28 days on, it is due.
    /// assert!(queue.due(noon(29)).is_empty());
    /// let due = queue.due(noon(30));
    /// assert_eq!(due.len(), 1);
    /// assert_eq!(due[0].reason, Reason::AssessmentWaiting(assessment));
    /// assert_eq!(due[0].case, carer.stream());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn due(&self, at: DateTime<Utc>) -> Vec<WorkItem> {
        let today = local_day(at);
        let mut items: Vec<WorkItem> = self
            .cases
            .live()
            // An erased case is not among the live cases.
            .filter(|(_, case)| case.superseded_by().is_none())
            .flat_map(|(stream, case)| self.of_case(stream, case, at, today))
            .collect();
        items.sort_by(|a, b| (a.due, &a.case).cmp(&(b.due, &b.case)));
        items
    }

    /// What is due at `at` on the cases allocated to `worker`.
    pub fn for_worker(&self, worker: &Worker, at: DateTime<Utc>) -> Vec<WorkItem> {
        self.due(at)
            .into_iter()
            .filter(|i| i.worker.as_ref() == Some(worker))
            .collect()
    }

    /// What is due at `at` on the cases allocated within `organisation`.
    pub fn for_organisation(
        &self,
        organisation: &OrganisationId,
        at: DateTime<Utc>,
    ) -> Vec<WorkItem> {
        self.due(at)
            .into_iter()
            .filter(|i| {
                i.worker
                    .as_ref()
                    .is_some_and(|w| w.organisation == *organisation)
            })
            .collect()
    }

    /// What is due at `at` on cases allocated to nobody.
    pub fn unallocated(&self, at: DateTime<Utc>) -> Vec<WorkItem> {
        self.due(at)
            .into_iter()
            .filter(|i| i.worker.is_none())
            .collect()
    }

    fn of_case(
        &self,
        stream: &StreamId,
        case: &CarerCase,
        at: DateTime<Utc>,
        today: NaiveDate,
    ) -> Vec<WorkItem> {
        let by_day = |day: NaiveDate| end_of(day).unwrap_or(DateTime::<Utc>::MAX_UTC);
        let mut due: Vec<(DateTime<Utc>, Reason)> = case
            .overdue(&self.policy.safeguarding, at)
            .into_iter()
            .map(|o| (overdue_due(&o), Reason::Safeguarding(o)))
            .collect();
        due.extend(
            case.emergency_plans_due_for_review(today)
                .into_iter()
                .map(|(plan, day)| (by_day(day), Reason::EmergencyPlanReview(plan))),
        );
        due.extend(
            case.plans_due_for_review(today)
                .into_iter()
                .filter_map(|plan| {
                    let day = case.plan(plan)?.review_due;
                    Some((by_day(day), Reason::SupportPlanReview(plan)))
                }),
        );
        due.extend(
            case.reassessments_due()
                .into_iter()
                .filter(|(_, day)| *day <= today)
                .map(|(role, day)| (by_day(day), Reason::Reassessment(role))),
        );
        due.extend(
            case.referrals
                .unacknowledged_received()
                .into_iter()
                .filter(|(_, day)| *day <= today)
                .map(|(r, day)| (by_day(day), Reason::AcknowledgeReferral(r))),
        );
        due.extend(
            case.referrals
                .unacknowledged_made()
                .into_iter()
                .filter(|(_, day)| *day <= today)
                .map(|(r, day)| (by_day(day), Reason::ReferralUnacknowledged(r))),
        );
        due.extend(
            case.assessments
                .waiting_past(&self.policy.assessments, today)
                .into_iter()
                .map(|(a, day)| (by_day(day), Reason::AssessmentWaiting(a))),
        );
        due.extend(
            case.plans
                .direct_payment_reviews_due(today)
                .into_iter()
                .map(|(plan, dp, day)| (by_day(day), Reason::DirectPaymentReview(plan, dp))),
        );
        due.extend(
            case.follow_ups_due(today)
                .into_iter()
                .map(|(role, day)| (by_day(day), Reason::MovingOnFollowUp(role))),
        );
        due.extend(
            case.transition_assessments_due(&self.policy.transition, today)
                .into_iter()
                .map(|(role, day)| (by_day(day), Reason::TransitionAssessment(role))),
        );
        let worker = case.allocation.as_ref().map(|a| a.worker.clone());
        due.into_iter()
            .map(|(due, reason)| WorkItem {
                case: stream.clone(),
                due,
                reason,
                worker: worker.clone(),
            })
            .collect()
    }
}

fn overdue_due(overdue: &Overdue) -> DateTime<Utc> {
    match overdue {
        Overdue::Referral { due, .. }
        | Overdue::StrategyMeeting { due, .. }
        | Overdue::Decision { due, .. }
        | Overdue::Action { due, .. } => *due,
    }
}

impl Projection for WorkQueue {
    fn name(&self) -> &str {
        "work-queue"
    }

    fn position(&self) -> Option<u64> {
        Some(self.position)
    }

    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        // An erased case has no more work, and its folded state goes with it.
        self.cases.fold(event)?;
        self.position = event.position;
        Ok(())
    }

    fn reset(&mut self) {
        let policy = std::mem::take(&mut self.policy);
        *self = Self::new(policy);
    }
}
