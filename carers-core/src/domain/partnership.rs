//! Who may do what on a carer's case: the [`Partnership`], the access policy a
//! repository of [`CarerCase`]s enforces.
//!
//! The partners of a carers' service share one record of the carer but not every
//! power over it. The law gives some decisions to one partner: the s.42 enquiry
//! duty and direct payments (Care Act 2014 s.42, s.31) are the local authority's,
//! so Adult Social Care's; child protection is children's services' (Children Act
//! 1989 s.47), so the Children's Trust sees a carer's case only once a concern or
//! an assessment is referred to it (UK GDPR art. 5(1)(c), data minimisation). The
//! rest is the partnership's local agreement, encoded here as a default a service
//! can replace with its own [`AccessPolicy`]:
//!
//! | act | who (role) | which partners |
//! | --- | --- | --- |
//! | [`Act::Identify`] | every role but auditor | all |
//! | [`Act::RaiseConcern`] | every role but auditor | all |
//! | [`Act::Contact`] (contacts, case notes, referrals received and acknowledged) | volunteer, support worker, social worker, manager | Hub, ASC, Children's Trust |
//! | [`Act::Journey`], [`Act::Assess`], [`Act::Safeguard`], [`Act::Plan`] | support worker, social worker, manager | Hub, ASC, Children's Trust |
//! | [`Act::AnswerEscalation`] | social worker, manager | ASC, Children's Trust |
//! | [`Act::DecideS42`], [`Act::DirectPayment`] | social worker, manager | ASC |
//! | [`Act::Govern`] (erasure, retention, merging duplicates) | manager | Hub, ASC |
//! | [`Act::Allocate`] (within the manager's own organisation) | manager | Hub, ASC, Children's Trust |
//! | read a case | every role but clinician | Hub, ASC, Children's Trust |
//! | see who read a case | manager, auditor | Hub, ASC, Children's Trust |
//!
//! The Children's Trust, whatever the act, only on a case referred to it: a
//! concern referred to the Children's Trust (by kind: the law routes a referral to
//! an agency, not an organisation), an assessment escalated to an organisation
//! of that kind, or the carer referred to one. It cannot open a case, nor raise a concern on one not referred.
//!
//! An organisation the partnership does not list, or a role it does not know, may
//! do nothing: a repository built with `Repository::new` and no partnership
//! refuses every actor (private by default).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::case::CarerCase;
use super::command::CaseCommand;
use super::referral::ReferralAnswer;
use super::safeguarding::Agency;
use crate::es::{AccessPolicy, Actor, Denied, OrganisationId, Request, Role};

/// The kind of partner an organisation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PartnerKind {
    /// A Carers Hub: a charity commissioned to identify and support carers.
    CarersHub,
    /// The council's Adult Social Care: the local authority under the Care Act.
    AdultSocialCare,
    /// The Children's Trust: children's services under the Children Act 1989.
    ChildrensTrust,
    /// The NHS (a GP practice, a hospital): identifies carers and raises concerns.
    Nhs,
}

impl PartnerKind {
    /// Every kind.
    pub const ALL: [PartnerKind; 4] = [
        PartnerKind::CarersHub,
        PartnerKind::AdultSocialCare,
        PartnerKind::ChildrensTrust,
        PartnerKind::Nhs,
    ];

    /// Whether a partner of this kind may do `act` at all (its roles then decide).
    pub fn may(self, act: Act) -> bool {
        use Act as A;
        match self {
            Self::AdultSocialCare => true,
            Self::CarersHub => {
                !matches!(act, A::AnswerEscalation | A::DecideS42 | A::DirectPayment)
            }
            Self::ChildrensTrust => !matches!(act, A::DecideS42 | A::DirectPayment | A::Govern),
            Self::Nhs => matches!(act, A::Identify | A::RaiseConcern),
        }
    }

    /// Whether a partner of this kind may read a carer's case at all.
    pub fn may_read(self) -> bool {
        self != Self::Nhs
    }
}

/// The roles the partnership knows, by the name an [`Actor`]'s role carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StaffRole {
    /// `"volunteer"`: identifies carers, records contacts, raises concerns.
    Volunteer,
    /// `"support-worker"`: a carers' support worker; assesses and plans.
    SupportWorker,
    /// `"social-worker"`: a registered social worker; makes the statutory decisions.
    SocialWorker,
    /// `"manager"`: a team manager; everything their partner may do, and governance.
    Manager,
    /// `"auditor"`: reads, never writes.
    Auditor,
    /// `"clinician"`: a GP or other NHS clinician; identifies carers, raises concerns.
    Clinician,
}

impl StaffRole {
    /// Every role.
    pub const ALL: [StaffRole; 6] = [
        StaffRole::Volunteer,
        StaffRole::SupportWorker,
        StaffRole::SocialWorker,
        StaffRole::Manager,
        StaffRole::Auditor,
        StaffRole::Clinician,
    ];

    /// The name an actor's role carries.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Volunteer => "volunteer",
            Self::SupportWorker => "support-worker",
            Self::SocialWorker => "social-worker",
            Self::Manager => "manager",
            Self::Auditor => "auditor",
            Self::Clinician => "clinician",
        }
    }

    /// The role named `role`, if the partnership knows it.
    pub fn of(role: &Role) -> Option<StaffRole> {
        Self::ALL.into_iter().find(|r| r.as_str() == role.as_str())
    }

    /// Whether this role may do `act` (where its partner may).
    pub fn may(self, act: Act) -> bool {
        use Act as A;
        match self {
            Self::Volunteer => matches!(act, A::Identify | A::RaiseConcern | A::Contact),
            Self::Clinician => matches!(act, A::Identify | A::RaiseConcern),
            Self::SupportWorker => matches!(
                act,
                A::Identify
                    | A::RaiseConcern
                    | A::Contact
                    | A::Journey
                    | A::Assess
                    | A::Safeguard
                    | A::Plan
            ),
            Self::SocialWorker => !matches!(act, A::Govern | A::Allocate),
            Self::Manager => true,
            Self::Auditor => false,
        }
    }

    /// Whether this role may read a case.
    pub fn may_read(self) -> bool {
        self != Self::Clinician
    }

    /// Whether this role may see who read a case.
    pub fn may_read_audit(self) -> bool {
        matches!(self, Self::Manager | Self::Auditor)
    }
}

/// What a command does, as far as who may send it is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Act {
    /// Record a contact with the carer or a case note, a referral received, or
    /// the answer to a referral.
    Contact,
    /// Identify a carer (with the consent to hold their data the identification
    /// records) and record the equality monitoring they choose to give.
    Identify,
    /// Keep the carer's consents, caring roles and journey: what changes what may
    /// be done with the record (a consent to share, a withdrawal) or ends a role.
    Journey,
    /// Raise a safeguarding concern: anyone working with carers must be able to.
    RaiseConcern,
    /// Assess: request, carry out and complete assessments, escalate them.
    Assess,
    /// Answer an escalation (accept or decline a complex assessment).
    AnswerEscalation,
    /// Respond to a concern: refer, share, agree and complete actions, close.
    Safeguard,
    /// Decide the s.42 enquiry duty (Care Act 2014 s.42: the local authority's).
    DecideS42,
    /// Agree and review support plans and emergency plans (and activate them),
    /// record the services delivered, refer the carer to another organisation,
    /// and accept or decline a referral.
    Plan,
    /// Agree, record and review direct payments (s.31: the local authority's).
    DirectPayment,
    /// Erase the carer's personal data, keep the record past its period, or
    /// merge a duplicate case into another.
    Govern,
    /// Allocate the case to a worker, reassign or unallocate it.
    Allocate,
}

impl Act {
    /// Every act.
    pub const ALL: [Act; 12] = [
        Act::Contact,
        Act::Identify,
        Act::Journey,
        Act::RaiseConcern,
        Act::Assess,
        Act::AnswerEscalation,
        Act::Safeguard,
        Act::DecideS42,
        Act::Plan,
        Act::DirectPayment,
        Act::Govern,
        Act::Allocate,
    ];

    /// The act `command` is. Exhaustive by name, so a new command must be
    /// classified to compile.
    pub fn of(command: &CaseCommand) -> Act {
        use CaseCommand as C;
        match command {
            C::IdentifyCarer { .. } | C::RecordEqualityMonitoring { .. } => Act::Identify,
            C::RecordConsent { .. }
            | C::AddCaringRole(_)
            | C::ChangeStage { .. }
            | C::MoveOn { .. }
            | C::ChangeCircumstances(_)
            | C::ChangeContactDetails { .. }
            | C::CorrectRecord { .. } => Act::Journey,
            C::TreatAsCarer { .. }
            | C::RequestAssessment(_)
            | C::RefuseAssessment { .. }
            | C::ReviveAssessmentDuty { .. }
            | C::StartAssessment { .. }
            | C::RecordEvidence { .. }
            | C::RecordChildrenActEvidence { .. }
            | C::EscalateAsComplex { .. }
            | C::CompleteAssessment { .. }
            | C::RecordInformationAndAdvice { .. }
            | C::GiveWrittenRecord { .. }
            | C::CloseAssessment { .. }
            | C::DecideTransitionAt18 { .. } => Act::Assess,
            C::AcceptEscalation { .. } | C::DeclineEscalation { .. } => Act::AnswerEscalation,
            C::RaiseConcern { .. } => Act::RaiseConcern,
            C::ReferConcern { .. }
            | C::ShareInformation { .. }
            | C::AgreeAction { .. }
            | C::CompleteAction { .. }
            | C::CloseConcern { .. }
            | C::CloseBelowThreshold { .. }
            | C::RecordStrategyMeeting { .. } => Act::Safeguard,
            C::DecideS42 { .. } => Act::DecideS42,
            C::AgreePlan { .. }
            | C::RequestReview { .. }
            | C::ReviewPlan { .. }
            | C::GivePlanCopy { .. } => Act::Plan,
            C::AgreeDirectPayment { .. }
            | C::RecordDirectPaymentMade { .. }
            | C::RecordDirectPaymentEvidence { .. }
            | C::ReviewDirectPayment { .. } => Act::DirectPayment,
            C::ErasePersonalData { .. }
            | C::KeepRecord(_)
            | C::MarkSuperseded { .. }
            | C::LinkDuplicate { .. } => Act::Govern,
            C::RecordContact(_)
            | C::AddNote { .. }
            | C::ReceiveReferral(_)
            | C::AnswerReferral {
                answer: ReferralAnswer::Acknowledged,
                ..
            } => Act::Contact,
            // Accepting or declining a referral decides what the service does.
            C::AnswerReferral { .. } => Act::Plan,
            C::RecordService(_)
            | C::RegisterEmergencyPlan(_)
            | C::IssueEmergencyCard { .. }
            | C::ReviewEmergencyPlan { .. }
            | C::ActivateEmergencyPlan { .. }
            | C::EndEmergencyActivation { .. }
            | C::MakeReferral(_)
            | C::JoinWaitingList(_)
            | C::RecordWaitingStep { .. } => Act::Plan,
            C::AllocateCase { .. } | C::UnallocateCase { .. } => Act::Allocate,
        }
    }
}

/// The rules a denial names: fixed texts, none of which depends on the case.
pub mod rules {
    /// The actor's organisation is not listed in the partnership.
    pub const NOT_A_PARTNER: &str = "the actor's organisation is not a partner";
    /// The actor's role is not one the partnership knows.
    pub const UNKNOWN_ROLE: &str = "the actor's role is not one the partnership knows";
    /// The role may not make this request.
    pub const ROLE: &str = "the actor's role may not do this";
    /// The kind of partner may not make this request.
    pub const PARTNER: &str = "the actor's organisation may not do this";
    /// A manager allocates a case only to a worker of their own organisation, and
    /// reassigns or unallocates only a case allocated within it.
    pub const OTHER_ORGANISATION: &str =
        "a case is allocated, reassigned and unallocated within the actor's organisation";
    /// The Children's Trust sees only cases referred to it.
    pub const NOT_REFERRED: &str = "the case is not referred to the Children's Trust";
}

/// The partnership's organisations, each with its kind, and the default rules of
/// who may do what (see the [module docs](self)).
///
/// ```
/// use carers_core::domain::{CarerCase, CarerId, Partnership, PartnerKind, StaffRole};
/// use carers_core::es::{Actor, Context, MemoryStore, ReadPurpose, RepoError, Repository};
///
/// let partnership = Partnership::new()
///     .with("carers-hub", PartnerKind::CarersHub)
///     .with("birmingham-asc", PartnerKind::AdultSocialCare);
/// let repo = Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership);
/// let now = chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap();
/// let worker = Context::new(Actor::new("w-1", "carers-hub", StaffRole::SupportWorker.as_str()), now);
/// let stranger = Context::new(Actor::new("x-1", "unknown-org", "support-worker"), now);
/// let carer = CarerId::new();
/// assert!(repo.read(&carer.stream(), &worker, ReadPurpose::Casework).is_ok());
/// assert!(matches!(
///     repo.read(&carer.stream(), &stranger, ReadPurpose::Casework),
///     Err(RepoError::Denied(_))
/// ));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partnership {
    partners: BTreeMap<OrganisationId, PartnerKind>,
}

impl Partnership {
    /// A partnership of no organisations: it refuses every actor.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same partnership with `organisation` as a partner of `kind`.
    pub fn with(mut self, organisation: &str, kind: PartnerKind) -> Self {
        self.partners
            .insert(OrganisationId(organisation.into()), kind);
        self
    }

    /// The kind of partner `organisation` is, if it is one.
    pub fn kind_of(&self, organisation: &OrganisationId) -> Option<PartnerKind> {
        self.partners.get(organisation).copied()
    }

    /// Whether `case` is referred to the Children's Trust: a concern on it was
    /// referred there, an assessment escalated to an organisation of that kind,
    /// or the carer referred to one.
    /// A case that does not exist is not.
    pub fn referred_to_childrens_trust(&self, case: &CarerCase) -> bool {
        case.safeguarding
            .concerns()
            .iter()
            .any(|(_, c)| c.referred_to(Agency::ChildrensTrust))
            || case.assessments.list.iter().any(|(_, a)| {
                a.escalation.as_ref().is_some_and(|e| {
                    self.kind_of(&e.escalation.to) == Some(PartnerKind::ChildrensTrust)
                })
            })
            || case
                .referrals
                .made_to()
                .any(|to| self.kind_of(to) == Some(PartnerKind::ChildrensTrust))
    }
}

/// A manager allocates to a worker of their own organisation, and takes a case
/// from a worker only of their own organisation.
fn allocation_within(actor: &Actor, case: &CarerCase, command: &CaseCommand) -> Result<(), Denied> {
    let holder = case.allocation.as_ref().map(|a| &a.worker.organisation);
    let within = match command {
        CaseCommand::AllocateCase { worker } => {
            worker.organisation == actor.organisation
                && holder.is_none_or(|h| *h == actor.organisation)
        }
        CaseCommand::UnallocateCase { .. } => holder.is_none_or(|h| *h == actor.organisation),
        _ => true,
    };
    if within {
        Ok(())
    } else {
        Err(Denied::by(rules::OTHER_ORGANISATION))
    }
}

impl Partnership {
    /// The table's answer for `actor` asking `request`, whose commands are the
    /// acts `act_of` says: the kind of partner they act for, when the
    /// organisation is a partner, the role one the partnership knows, and both the
    /// role and the kind may. Every aggregate's policy starts here, then adds its
    /// own rules on the state.
    ///
    /// # Errors
    /// [`Denied`] with the first rule that refuses.
    pub fn permits<C>(
        &self,
        actor: &Actor,
        request: Request<'_, C>,
        act_of: impl FnOnce(&C) -> Act,
    ) -> Result<PartnerKind, Denied> {
        let kind = self
            .kind_of(&actor.organisation)
            .ok_or(Denied::by(rules::NOT_A_PARTNER))?;
        let role = StaffRole::of(&actor.role).ok_or(Denied::by(rules::UNKNOWN_ROLE))?;
        let (role_may, kind_may) = match request {
            Request::Execute(command) => {
                let act = act_of(command);
                (role.may(act), kind.may(act))
            }
            Request::Read(_) => (role.may_read(), kind.may_read()),
            Request::ReadAudit => (role.may_read_audit(), kind.may_read()),
        };
        if !role_may {
            return Err(Denied::by(rules::ROLE));
        }
        if !kind_may {
            return Err(Denied::by(rules::PARTNER));
        }
        Ok(kind)
    }
}

impl AccessPolicy<CarerCase> for Partnership {
    fn check(
        &self,
        actor: &Actor,
        case: &CarerCase,
        request: Request<'_, CaseCommand>,
    ) -> Result<(), Denied> {
        let kind = self.permits(actor, request, Act::of)?;
        if let Request::Execute(command) = request {
            allocation_within(actor, case, command)?;
        }
        // Decided on the state, but a case that does not exist is refused by the
        // same rule as one not referred: the answer reveals nothing.
        if kind == PartnerKind::ChildrensTrust && !self.referred_to_childrens_trust(case) {
            return Err(Denied::by(rules::NOT_REFERRED));
        }
        Ok(())
    }
}
