//! A realistic caseload, generated from a seed (feature `generator`): the fixture
//! of the read models' tests, the benches and `examples/caseload.rs`.
//!
//! [`plan`] draws a [`Plan`] (pure: the same [`Spec`] gives the same plan, on
//! every machine, since the draws come from ChaCha8, whose stream is fixed for a
//! seed); [`Plan::drive`] then records it through a [`Repository`], command by
//! command in the order of their instants, so every history it leaves is one the
//! domain accepted. A refusal is a bug in the generator and stops the drive
//! with [`GenerateError`].
//!
//! The plan keeps what it recorded (who was identified when and how, their
//! roles, stages, contacts, allocations, concerns), so a test can compute a read
//! model's expected figures from the plan, independently of the read model.
//!
//! The distributions are rough readings of published figures (Census 2021,
//! Carers UK's State of Caring, the Survey of Adult Carers in England), not a
//! model of any one area: most carers known to services give 50 or more hours a
//! week; about 30% are 50–64 and a third 65 or older; a quarter live with the
//! person they care for; young carers and parent carers are present; some care
//! for two people; some journeys end in bereavement; a few have safeguarding
//! concerns; more carers are women than men, except among those of 75 or
//! older; most give equality monitoring, in Census 2021's categories.
//! Everything personal is synthetic (`"Carer 17"`).

mod assessments;
mod draw;
mod monitoring;
mod quality_of_life;
mod safeguarding;

pub use assessments::ItemKind;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::domain::equality::{EqualityMonitoring, Sex};
use crate::domain::{
    ActionId, Agency, AssessmentId, CaredForId, CarerCase, CarerId, CaseCommand, CaseError,
    Channel, ConcernId, ConditionCategory, ContactId, ContactPurpose, DesiredOutcomesMet,
    DirectPaymentId, HoursBand, IdentificationSource, LawfulBasis, MovingOnReason, PartnerKind,
    Partnership, Pence, PlanId, QualityOfLife, Relationship, RiskOutcome, Stage, Worker,
};
use crate::es::{Actor, Context, EventStore, KeyStore, RepoError, Repository, SnapshotStore};

/// The organisation most generated commands are recorded by: a Carers Hub.
pub const HUB: &str = "carers-hub";

/// The council's Adult Social Care: it agrees and pays the direct payments
/// (s.31 is the local authority's).
pub const COUNCIL: &str = "adult-social-care";

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// How many carers.
    pub carers: usize,
    /// The seed: the same seed gives the same plan.
    pub seed: u64,
    /// The first day carers are identified on.
    pub from: NaiveDate,
    /// How many months the caseload spans (at least one): carers are identified
    /// over them, and everything recorded happens before their end.
    pub months: u32,
    /// How many Hub workers cases are allocated to.
    pub workers: usize,
}

impl Default for Spec {
    /// 200 carers identified over the twelve months from 1 April 2025, four workers.
    fn default() -> Self {
        Self {
            carers: 200,
            seed: 1,
            from: NaiveDate::from_ymd_opt(2025, 4, 1).expect("1 April 2025 is a calendar date"),
            months: 12,
            workers: 4,
        }
    }
}

impl Spec {
    /// The day after the last day anything is recorded on.
    pub fn until(&self) -> NaiveDate {
        self.from
            .checked_add_months(chrono::Months::new(self.months.max(1)))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// The partnership the generated commands are recorded in: the Hub ([`HUB`])
/// and Adult Social Care ([`COUNCIL`]).
pub fn partnership() -> Partnership {
    Partnership::new()
        .with(HUB, PartnerKind::CarersHub)
        .with(COUNCIL, PartnerKind::AdultSocialCare)
}

/// The Hub worker numbered `n` (cases are allocated to `hub-worker-0` …).
pub fn worker(n: usize) -> Worker {
    Worker::new(&format!("hub-worker-{n}"), HUB)
}

/// A generated caseload: what [`Plan::drive`] records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// What it was drawn from.
    pub spec: Spec,
    /// The carers, in the order drawn.
    pub carers: Vec<PlannedCarer>,
}

/// One generated carer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedCarer {
    /// The carer (and their case's stream).
    pub carer: CarerId,
    /// The day they were identified (their case opened).
    pub identified_on: NaiveDate,
    /// How they came to the service.
    pub source: IdentificationSource,
    /// Their date of birth.
    pub born: NaiveDate,
    /// Their sex (recorded only in their equality monitoring, if they give it).
    pub sex: Sex,
    /// The equality monitoring they consented to and gave, and when, if they did.
    pub monitoring: Option<(NaiveDate, EqualityMonitoring)>,
    /// Their caring roles, in the order added (all on the day identified).
    pub roles: Vec<PlannedRole>,
    /// Their contacts, by day.
    pub contacts: Vec<PlannedContact>,
    /// The worker their case was allocated to (numbered as in [`worker`]), and when.
    pub allocated: Option<(usize, NaiveDate)>,
    /// The safeguarding concern about them and its way through the pathway, if
    /// one was raised.
    pub concern: Option<PlannedConcern>,
    /// Their carer's assessment and what came of it, if they were assessed.
    pub assessment: Option<PlannedAssessment>,
}

/// One generated safeguarding concern about the carer (Care Act 2014 s.42),
/// raised by the Hub, and each step it took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedConcern {
    /// The concern.
    pub concern: ConcernId,
    /// The day it was raised.
    pub raised_on: NaiveDate,
    /// The day it closed below the threshold for a referral, if it did.
    pub below_threshold_on: Option<NaiveDate>,
    /// The day of its (lead) referral and the agency, if it was referred.
    pub referred: Option<(NaiveDate, Agency)>,
    /// The day of its strategy meeting, if one was held.
    pub strategy_meeting_on: Option<NaiveDate>,
    /// The day of the s.42 decision and whether the duty arose, if decided.
    pub decided: Option<(NaiveDate, bool)>,
    /// Its actions, in the order agreed.
    pub actions: Vec<PlannedAction>,
    /// The day it closed after its referral, the risk then and whether the
    /// person's desired outcomes were met, if it did.
    pub closed: Option<(NaiveDate, RiskOutcome, DesiredOutcomesMet)>,
}

/// One action agreed on a generated concern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedAction {
    /// The action.
    pub action: ActionId,
    /// The day it was agreed.
    pub agreed_on: NaiveDate,
    /// The day it was due.
    pub due: NaiveDate,
    /// The day it was done, if it was.
    pub completed_on: Option<NaiveDate>,
}

/// One generated carer's assessment (Care Act 2014 s.10), recorded by the Hub.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedAssessment {
    /// The assessment.
    pub assessment: AssessmentId,
    /// The caring role it concerns.
    pub cared_for: CaredForId,
    /// The day it was requested (by the carer).
    pub requested_on: NaiveDate,
    /// The day it started, if it did.
    pub started_on: Option<NaiveDate>,
    /// The day it was completed and whether the needs were eligible (reg. 3),
    /// if it was.
    pub completed: Option<(NaiveDate, bool)>,
    /// The day written information and advice was recorded (s.13(5), for
    /// needs not eligible), if it was.
    pub advice_on: Option<NaiveDate>,
    /// The support plan agreed on the eligible needs, if one was.
    pub plan: Option<PlannedPlan>,
    /// The carer's quality of life recorded with the evidence, if it was.
    pub quality_of_life: Option<QualityOfLife>,
}

/// One generated support plan (s.25), reviewed but never revised or ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedPlan {
    /// The plan.
    pub plan: PlanId,
    /// The day it was agreed.
    pub agreed_on: NaiveDate,
    /// Its items, in order.
    pub items: Vec<PlannedItem>,
    /// The direct payment agreed under it, paying for the items marked so.
    pub direct_payment: Option<PlannedDirectPayment>,
    /// Its reviews (s.27), in order, each continuing it.
    pub reviews: Vec<PlannedReview>,
}

/// One review of a generated plan (s.27): the plan continues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedReview {
    /// The day of the review.
    pub on: NaiveDate,
    /// The carer's quality of life then, if recorded.
    pub quality_of_life: Option<QualityOfLife>,
}

/// One item of a generated plan, meeting the carer's health need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedItem {
    /// How it is met.
    pub kind: ItemKind,
    /// Its cost.
    pub cost: Pence,
    /// What the carer pays towards it (the authority pays the rest).
    pub carer_pays: Pence,
    /// Paid for by the plan's direct payment.
    pub by_direct_payment: bool,
}

/// A generated direct payment (s.31), agreed with its plan by Adult Social Care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedDirectPayment {
    /// The payment.
    pub payment: DirectPaymentId,
    /// The amount of each payment.
    pub amount: Pence,
    /// The days it was paid, every four weeks from the plan's day.
    pub paid: Vec<NaiveDate>,
}

/// One generated caring role (unpaid).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedRole {
    /// The person cared for.
    pub cared_for: CaredForId,
    /// Their date of birth.
    pub cared_for_born: NaiveDate,
    /// The carer's relationship to them.
    pub relationship: Relationship,
    /// The carer has parental responsibility for them.
    pub parental_responsibility: bool,
    /// Their conditions.
    pub conditions: Vec<ConditionCategory>,
    /// Hours of care a week.
    pub hours: HoursBand,
    /// Whether they live together.
    pub lives_with_carer: bool,
    /// The stage the role was added at (becoming a carer, or living as one).
    pub first_stage: Stage,
    /// The day the role moved to living as a carer, if it did after being added.
    pub living_on: Option<NaiveDate>,
    /// Why and when caring ended, if it did.
    pub moved_on: Option<(MovingOnReason, NaiveDate)>,
}

impl PlannedRole {
    /// The role's stage at the end of `day`.
    pub fn stage_on(&self, day: NaiveDate) -> Stage {
        match (self.moved_on, self.living_on) {
            (Some((_, on)), _) if on <= day => Stage::MovingOn,
            (_, Some(on)) if on <= day => Stage::LivingAsACarer,
            _ => self.first_stage,
        }
    }
}

/// One generated contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedContact {
    /// The contact.
    pub contact: ContactId,
    /// The day it happened.
    pub on: NaiveDate,
    /// How.
    pub channel: Channel,
    /// Why.
    pub purpose: ContactPurpose,
}

/// Why a drive stopped: the repository refused or failed one of the plan's
/// commands. Names the carer (an id) and the command's kind, nothing personal.
#[derive(Debug, thiserror::Error)]
#[error("generated command {command} on {carer} was not recorded")]
pub struct GenerateError {
    /// The carer whose case the command was for.
    pub carer: CarerId,
    /// The command's kind (its variant's name).
    pub command: &'static str,
    /// What the repository said.
    #[source]
    pub error: RepoError<CaseError>,
}

/// Draws the plan for `spec` (no I/O).
///
/// ```
/// use carers_core::generator::{Spec, plan};
///
/// let spec = Spec { carers: 20, ..Spec::default() };
/// let drawn = plan(&spec);
/// assert_eq!(drawn.carers.len(), 20);
/// assert_eq!(drawn, plan(&spec)); // the same seed, the same caseload
/// ```
pub fn plan(spec: &Spec) -> Plan {
    draw::plan(spec)
}

/// One command of the plan, at its instant.
struct Scheduled {
    at: DateTime<Utc>,
    carer: usize,
    command: CaseCommand,
    by: By,
}

/// Who sends a generated command.
#[derive(Clone, Copy, PartialEq, Eq)]
enum By {
    /// A Hub support worker.
    Staff,
    /// The Hub's manager (allocations).
    Manager,
    /// A social worker of Adult Social Care (direct payments).
    Council,
}

impl Plan {
    /// How many commands [`drive`](Self::drive) records.
    pub fn commands(&self) -> usize {
        self.schedule().len()
    }

    /// Records the plan through `repo`, every command in the order of its instant
    /// (as a Hub support worker, the Hub's manager for allocations, or a social
    /// worker of Adult Social Care for direct payments), calling
    /// `progress(done, total)` after each.
    ///
    /// `repo` must let the Hub and the council act: build it with
    /// [`partnership()`] (or a partnership that lists [`HUB`] as a Carers Hub
    /// and [`COUNCIL`] as Adult Social Care).
    ///
    /// ```
    /// use carers_core::domain::CarerCase;
    /// use carers_core::es::{MemoryStore, Repository};
    /// use carers_core::generator::{Spec, partnership, plan};
    ///
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership());
    /// let drawn = plan(&Spec { carers: 5, ..Spec::default() });
    /// drawn.drive(&repo, |_, _| {})?;
    /// let first = repo.load(&drawn.carers[0].carer.stream())?;
    /// assert_eq!(first.state.roles.all().len(), drawn.carers[0].roles.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`GenerateError`] when a command is refused or the store fails; what was
    /// recorded before it stays.
    pub fn drive<S>(
        &self,
        repo: &Repository<CarerCase, S>,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<(), GenerateError>
    where
        S: EventStore + SnapshotStore + KeyStore,
    {
        let schedule = self.schedule();
        let total = schedule.len();
        let staff = Actor::new("hub-worker-0", HUB, "support-worker");
        let manager = Actor::new("hub-manager", HUB, "manager");
        let council = Actor::new("asc-social-worker", COUNCIL, "social-worker");
        for (done, step) in schedule.into_iter().enumerate() {
            let who = match step.by {
                By::Staff => &staff,
                By::Manager => &manager,
                By::Council => &council,
            };
            let ctx = Context::new(who.clone(), step.at);
            let carer = self.carers[step.carer].carer;
            repo.execute(&carer.stream(), &step.command, &ctx, None)
                .map_err(|error| GenerateError {
                    carer,
                    command: kind_of(&step.command),
                    error,
                })?;
            progress(done + 1, total);
        }
        Ok(())
    }

    /// Every command, by instant (then carer, then the order planned).
    fn schedule(&self) -> Vec<Scheduled> {
        let mut all = Vec::new();
        for (i, c) in self.carers.iter().enumerate() {
            let mut at = |day: NaiveDate, minute: u32, command: CaseCommand, by: By| {
                all.push(Scheduled {
                    at: instant(day, minute),
                    carer: i,
                    command,
                    by,
                });
            };
            let staff = By::Staff;
            at(c.identified_on, 0, draw::identify(c), staff);
            for role in &c.roles {
                at(c.identified_on, 1, draw::add_role(role), staff);
                if let Some(on) = role.living_on {
                    let to = Stage::LivingAsACarer;
                    let cared_for = role.cared_for;
                    at(on, 2, CaseCommand::ChangeStage { cared_for, to, on }, staff);
                }
                if let Some((reason, on)) = role.moved_on {
                    let cared_for = role.cared_for;
                    at(
                        on,
                        3,
                        CaseCommand::MoveOn {
                            cared_for,
                            reason,
                            on,
                        },
                        staff,
                    );
                }
            }
            if let Some((n, on)) = c.allocated {
                let worker = worker(n);
                at(on, 4, CaseCommand::AllocateCase { worker }, By::Manager);
            }
            for contact in &c.contacts {
                at(contact.on, 5, draw::record_contact(contact), staff);
            }
            // A concern's steps, in order, from minute 40 of their days (after
            // an assessment's).
            if let Some(concern) = &c.concern {
                for (step, (on, command, council)) in
                    safeguarding::commands(concern).into_iter().enumerate()
                {
                    let by = if council { By::Council } else { staff };
                    let minute = 40 + u32::try_from(step).unwrap_or(u32::MAX - 40);
                    at(on, minute, command, by);
                }
            }
            if let Some((on, monitoring)) = &c.monitoring {
                let monitoring = monitoring.clone();
                at(
                    *on,
                    7,
                    CaseCommand::RecordEqualityMonitoring {
                        monitoring,
                        consent_given: true,
                    },
                    staff,
                );
            }
            // An assessment's steps, in order, from minute 8 of their days.
            if let Some(assessment) = &c.assessment {
                for (step, (on, command, council)) in
                    assessments::commands(assessment).into_iter().enumerate()
                {
                    let by = if council { By::Council } else { staff };
                    let minute = 8 + u32::try_from(step).unwrap_or(u32::MAX - 8);
                    at(on, minute, command, by);
                }
            }
        }
        // Stable: a carer's commands on one instant keep the order planned.
        all.sort_by_key(|s| (s.at, s.carer));
        all
    }
}

/// An instant on `day` (10:00 UTC, `minute`s later): within the UK day in summer
/// and winter alike.
fn instant(day: NaiveDate, minute: u32) -> DateTime<Utc> {
    let ten = NaiveTime::from_hms_opt(10, 0, 0).expect("10:00 is a time of day");
    day.and_time(ten).and_utc() + chrono::Duration::minutes(i64::from(minute))
}

fn kind_of(command: &CaseCommand) -> &'static str {
    match command {
        CaseCommand::IdentifyCarer { .. } => "IdentifyCarer",
        CaseCommand::AddCaringRole(_) => "AddCaringRole",
        CaseCommand::ChangeStage { .. } => "ChangeStage",
        CaseCommand::MoveOn { .. } => "MoveOn",
        CaseCommand::AllocateCase { .. } => "AllocateCase",
        CaseCommand::RecordContact(_) => "RecordContact",
        CaseCommand::RaiseConcern { .. } => "RaiseConcern",
        CaseCommand::RecordEqualityMonitoring { .. } => "RecordEqualityMonitoring",
        CaseCommand::RequestAssessment(_) => "RequestAssessment",
        CaseCommand::StartAssessment { .. } => "StartAssessment",
        CaseCommand::RecordEvidence { .. } => "RecordEvidence",
        CaseCommand::CompleteAssessment { .. } => "CompleteAssessment",
        CaseCommand::RecordInformationAndAdvice { .. } => "RecordInformationAndAdvice",
        CaseCommand::AgreePlan { .. } => "AgreePlan",
        CaseCommand::AgreeDirectPayment { .. } => "AgreeDirectPayment",
        CaseCommand::RecordDirectPaymentMade { .. } => "RecordDirectPaymentMade",
        CaseCommand::CloseBelowThreshold { .. } => "CloseBelowThreshold",
        CaseCommand::ReferConcern { .. } => "ReferConcern",
        CaseCommand::RecordStrategyMeeting { .. } => "RecordStrategyMeeting",
        CaseCommand::DecideS42 { .. } => "DecideS42",
        CaseCommand::AgreeAction { .. } => "AgreeAction",
        CaseCommand::CompleteAction { .. } => "CompleteAction",
        CaseCommand::CloseConcern { .. } => "CloseConcern",
        _ => "other",
    }
}

/// The lawful basis every generated case is opened on: a council's public task.
const BASIS: LawfulBasis = LawfulBasis::PublicTask;
