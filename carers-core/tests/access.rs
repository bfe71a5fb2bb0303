//! Who may do what (issue 11): the partnership's access policy, through the
//! repository, over every role of every kind of partner and every command.

mod support;

use std::collections::BTreeSet;

use carers_core::domain::*;
use carers_core::es::{
    Actor, Context, EventStore, IdempotencyKey, KeyStore, MemoryStore, OrganisationId, ReadPurpose,
    RecordedEvent, RepoError, Repository, ServiceError,
};
use proptest::prelude::*;
use support::*;

/// The organisations of the test partnership, in the table's column order.
const ORGANISATIONS: [&str; 4] = [
    "carers-hub",
    "adult-social-care",
    "childrens-trust",
    "gp-practice",
];
/// The roles, in the order of each group of the table.
const ROLES: [&str; 6] = [
    "volunteer",
    "support-worker",
    "social-worker",
    "manager",
    "auditor",
    "clinician",
];

// Who may: one group per partner (Hub, ASC, Children's Trust, NHS), one letter per
// role (volunteer, support worker, social worker, manager, auditor, clinician).
const IDENTIFY: &str = "YYYY.Y YYYY.Y YYYY.Y YYYY.Y";
const PROFESSIONAL: &str = ".YYY.. .YYY.. .YYY.. ......";
const CONTACT: &str = "YYYY.. YYYY.. YYYY.. ......";
const ANSWER: &str = "...... ..YY.. ..YY.. ......";
const LOCAL_AUTHORITY: &str = "...... ..YY.. ...... ......";
const GOVERN: &str = "...Y.. ...Y.. ...... ......";
// Allocation to a Hub worker: only the Hub's manager (a manager allocates to a
// worker of their own organisation; `allocation.rs` tests the others').
const ALLOCATE_TO_HUB: &str = "...Y.. ...... ...... ......";
const ALLOCATE: &str = "...Y.. ...Y.. ...Y.. ......";
const READ: &str = "YYYYY. YYYYY. YYYYY. ......";
const READ_AUDIT: &str = "...YY. ...YY. ...YY. ......";

struct Case {
    carer: CarerId,
    child: CaredForId,
    concern: ConcernId,
    assessment: AssessmentId,
    plan: PlanId,
    payment: DirectPaymentId,
    emergency: EmergencyPlanId,
}

impl Case {
    fn new() -> Self {
        Self {
            carer: CarerId::new(),
            child: CaredForId::new(),
            concern: ConcernId::new(),
            assessment: AssessmentId::new(),
            plan: PlanId::new(),
            payment: DirectPaymentId::new(),
            emergency: EmergencyPlanId::new(),
        }
    }

    /// The commands that open the case, with (when `referred`) a concern about
    /// the child cared for referred to the Children's Trust.
    fn opening(&self, referred: bool) -> Vec<CaseCommand> {
        let mut commands = vec![
            CaseCommand::IdentifyCarer {
                carer: self.carer,
                details: details(date(1980, 3, 3)),
                source: IdentificationSource::Gp,
                lawful_basis: LawfulBasis::PublicTask,
                consent_to_hold_data: true,
            },
            CaseCommand::AddCaringRole(new_role(self.child, date(2016, 6, 1))),
            CaseCommand::RaiseConcern {
                concern: self.concern,
                details: concern_details(PersonAtRisk::CaredFor(self.child), false),
            },
        ];
        commands.push(CaseCommand::RegisterEmergencyPlan(NewEmergencyPlan {
            plan: self.emergency,
            cared_for: self.child,
            arrangements: arrangements(),
        }));
        if referred {
            commands.push(CaseCommand::ReferConcern {
                concern: self.concern,
                to: Agency::ChildrensTrust,
            });
        }
        commands
    }

    /// One command of every kind, each with the row of the table that says who may send it.
    fn every_command(&self) -> Vec<(CaseCommand, &'static str)> {
        let (a, c, p, d) = (self.assessment, self.concern, self.plan, self.payment);
        let text = |t: &str| Personal::new(t.to_string());
        let today = now().date_naive();
        vec![
            (
                CaseCommand::IdentifyCarer {
                    carer: self.carer,
                    details: details(date(1980, 3, 3)),
                    source: IdentificationSource::SelfReferral,
                    lawful_basis: LawfulBasis::PublicTask,
                    consent_to_hold_data: true,
                },
                IDENTIFY,
            ),
            (
                CaseCommand::RecordConsent {
                    purpose: ConsentPurpose::HoldData,
                    given: true,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::RecordEqualityMonitoring {
                    monitoring: EqualityMonitoring::default(),
                    consent_given: true,
                },
                IDENTIFY,
            ),
            (
                CaseCommand::AddCaringRole(new_role(CaredForId::new(), date(1950, 1, 1))),
                PROFESSIONAL,
            ),
            (
                CaseCommand::ChangeStage {
                    cared_for: self.child,
                    to: Stage::LivingAsACarer,
                    on: today,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::MoveOn {
                    cared_for: self.child,
                    reason: MovingOnReason::Died,
                    on: today,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::RaiseConcern {
                    concern: ConcernId::new(),
                    details: concern_details(PersonAtRisk::Carer, false),
                },
                IDENTIFY,
            ),
            (
                CaseCommand::TreatAsCarer {
                    cared_for: self.child,
                    reason: text("close friend"),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::RequestAssessment(AssessmentRequest::new(
                    a,
                    AssessmentKind::CarersAssessment,
                    self.child,
                    Route::RequestedByCarer,
                )),
                PROFESSIONAL,
            ),
            (
                CaseCommand::RefuseAssessment {
                    assessment: a,
                    s63_override: None,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::ReviveAssessmentDuty {
                    duty: Duty::CarersAssessment,
                    reason: text("more care"),
                },
                PROFESSIONAL,
            ),
            (CaseCommand::StartAssessment { assessment: a }, PROFESSIONAL),
            (
                CaseCommand::RecordEvidence {
                    assessment: a,
                    evidence: Box::new(evidence(eligible_needs())),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::RecordChildrenActEvidence {
                    assessment: a,
                    evidence: Box::new(young_carer_evidence(true)),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::EscalateAsComplex {
                    assessment: a,
                    escalation: Escalation {
                        reason: text("complex"),
                        to: OrganisationId("adult-social-care".into()),
                    },
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::CompleteAssessment { assessment: a },
                PROFESSIONAL,
            ),
            (
                CaseCommand::RecordInformationAndAdvice {
                    assessment: a,
                    advice: text("advice"),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::GiveWrittenRecord {
                    assessment: a,
                    on: today,
                },
                PROFESSIONAL,
            ),
            (CaseCommand::CloseAssessment { assessment: a }, PROFESSIONAL),
            (
                CaseCommand::DecideTransitionAt18 {
                    assessment: a,
                    treat_as_carers_assessment: true,
                },
                PROFESSIONAL,
            ),
            (CaseCommand::AcceptEscalation { assessment: a }, ANSWER),
            (
                CaseCommand::DeclineEscalation {
                    assessment: a,
                    reasons: text("no"),
                },
                ANSWER,
            ),
            (
                CaseCommand::ReferConcern {
                    concern: c,
                    to: Agency::ChildrensTrust,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::ShareInformation {
                    concern: c,
                    with: OrganisationId("gp-practice".into()),
                    basis: SharingBasis::WithoutConsent(text("risk to the child")),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::DecideS42 {
                    concern: c,
                    conditions: S42Conditions {
                        cause_to_suspect_needs_for_care_and_support: true,
                        cause_to_suspect_abuse_or_neglect: true,
                        cause_to_suspect_unable_to_protect_themselves: true,
                    },
                    outcome: S42Outcome::DutyMet,
                },
                LOCAL_AUTHORITY,
            ),
            (
                CaseCommand::AgreeAction {
                    concern: c,
                    action: ActionId::new(),
                    owner: OrganisationId("childrens-trust".into()),
                    description: text("visit"),
                    due: today,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::CompleteAction {
                    concern: c,
                    action: ActionId::new(),
                    on: today,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::CloseConcern {
                    concern: c,
                    risk: RiskOutcome::Reduced,
                    desired_outcomes: DesiredOutcomesMet::Met,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::CloseBelowThreshold {
                    concern: c,
                    outcome: BelowThreshold::AdviceGiven,
                    reason: text("below"),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::RecordStrategyMeeting {
                    concern: c,
                    held_on: today,
                },
                PROFESSIONAL,
            ),
            (
                agree_plan(p, eligible(a), vec![support(replacement_care())]),
                PROFESSIONAL,
            ),
            (CaseCommand::RequestReview { plan: p }, PROFESSIONAL),
            (
                CaseCommand::ReviewPlan {
                    plan: p,
                    review: revise(vec![support(replacement_care())]),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::GivePlanCopy { plan: p, on: today },
                PROFESSIONAL,
            ),
            (agree_dp(p, d, &[0], 10_000), LOCAL_AUTHORITY),
            (
                CaseCommand::RecordDirectPaymentMade {
                    plan: p,
                    payment: d,
                    on: today,
                    amount: Pence(10_000),
                },
                LOCAL_AUTHORITY,
            ),
            (
                CaseCommand::RecordDirectPaymentEvidence {
                    plan: p,
                    payment: d,
                    evidenced: true,
                },
                LOCAL_AUTHORITY,
            ),
            (
                CaseCommand::ReviewDirectPayment {
                    plan: p,
                    payment: d,
                    on: today,
                },
                LOCAL_AUTHORITY,
            ),
            (
                CaseCommand::RecordContact(NewContact {
                    contact: ContactId::new(),
                    on: today,
                    channel: Channel::Visit,
                    purpose: ContactPurpose::FollowUp,
                    outcome: text("visited"),
                }),
                CONTACT,
            ),
            (
                CaseCommand::RecordService(NewService {
                    service: ServiceId::new(),
                    on: today,
                    delivered: Service::GpCarersRegister,
                    plan_item: None,
                }),
                PROFESSIONAL,
            ),
            (
                CaseCommand::AddNote {
                    note: NoteId::new(),
                    about: None,
                    text: text("a note"),
                },
                CONTACT,
            ),
            (
                CaseCommand::RegisterEmergencyPlan(NewEmergencyPlan {
                    plan: EmergencyPlanId::new(),
                    cared_for: self.child,
                    arrangements: arrangements(),
                }),
                PROFESSIONAL,
            ),
            (
                CaseCommand::IssueEmergencyCard {
                    plan: self.emergency,
                    number: text("EC-1"),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::ReviewEmergencyPlan {
                    plan: self.emergency,
                    on: today,
                    arrangements: None,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::ActivateEmergencyPlan {
                    plan: self.emergency,
                    at: now(),
                    reason: EmergencyReason::HospitalAdmission,
                    replacement_care: text("a neighbour"),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::EndEmergencyActivation {
                    plan: self.emergency,
                    at: now(),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::ReceiveReferral(ReferralIn {
                    referral: ReferralId::new(),
                    from: IdentificationSource::School,
                    referrer: Some(OrganisationId("a-school".into())),
                    received_on: today,
                    reason: text("young carer at school"),
                }),
                CONTACT,
            ),
            (
                CaseCommand::MakeReferral(ReferralOut {
                    referral: ReferralId::new(),
                    to: OrganisationId("counselling-service".into()),
                    sent_on: today,
                    reason: text("counselling"),
                }),
                PROFESSIONAL,
            ),
            (
                CaseCommand::AnswerReferral {
                    referral: ReferralId::new(),
                    answer: ReferralAnswer::Acknowledged,
                    on: today,
                },
                CONTACT,
            ),
            (
                CaseCommand::AnswerReferral {
                    referral: ReferralId::new(),
                    answer: ReferralAnswer::Declined(text("not for us")),
                    on: today,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::AllocateCase {
                    worker: Worker::new("hub-worker-3", "carers-hub"),
                },
                ALLOCATE_TO_HUB,
            ),
            (
                CaseCommand::UnallocateCase {
                    reason: UnallocationReason::WorkComplete,
                },
                ALLOCATE,
            ),
            (
                CaseCommand::ChangeCircumstances(CircumstanceChange {
                    cared_for: self.child,
                    change: RoleChange::Hours(HoursBand::From50),
                    on: today,
                    reason: text("more care since a fall"),
                    consequence: ChangeConsequence::ReviewPlans,
                }),
                PROFESSIONAL,
            ),
            (
                CaseCommand::ChangeContactDetails {
                    contact: Some(text("07700 900999")),
                    address: None,
                    reason: text("new phone"),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::JoinWaitingList(NewWaitingEntry {
                    entry: WaitingEntryId::new(),
                    service: WaitedService::Counselling,
                    provider: OrganisationId("counselling-service".into()),
                    on: today,
                }),
                PROFESSIONAL,
            ),
            (
                CaseCommand::RecordWaitingStep {
                    entry: WaitingEntryId::new(),
                    step: WaitingStep::Offered,
                    on: today,
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::CorrectRecord {
                    corrects: 1,
                    correction: Correction::CarerName(text("Alexa Example")),
                    reason: text("misspelt"),
                },
                PROFESSIONAL,
            ),
            (
                CaseCommand::LinkDuplicate {
                    duplicate: CarerId::new(),
                },
                GOVERN,
            ),
            (
                CaseCommand::MarkSuperseded {
                    by: CarerId::new(),
                    reason: text("same NHS number"),
                },
                GOVERN,
            ),
            (
                CaseCommand::ErasePersonalData {
                    basis: ErasureBasis::SubjectRequest,
                },
                GOVERN,
            ),
            (
                CaseCommand::KeepRecord(KeepDecision {
                    until: date(2040, 1, 1),
                    reason: text("litigation"),
                }),
                GOVERN,
            ),
        ]
    }
}

fn arrangements() -> EmergencyArrangements {
    let text = |t: &str| Personal::new(t.to_string());
    EmergencyArrangements {
        who_steps_in: text("a sister"),
        needs: text("insulin at eight"),
        who_to_call: text("the GP"),
    }
}

/// Whether the table lets the role `r` of the partner `o` (indexes into
/// `ORGANISATIONS` and `ROLES`).
fn allows(row: &str, o: usize, r: usize) -> bool {
    let groups: Vec<&str> = row.split(' ').collect();
    groups[o].as_bytes()[r] == b'Y'
}

fn actor(organisation: &str, role: &str) -> Context {
    Context::new(Actor::new("staff-9", organisation, role), now())
}

fn repo() -> Repository<CarerCase, MemoryStore> {
    Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(partnership())
}

/// A repository holding the opened case (opened by an ASC manager).
fn opened(case: &Case, referred: bool) -> Repository<CarerCase, MemoryStore> {
    let repo = repo();
    repo.execute_all(
        &case.carer.stream(),
        &case.opening(referred),
        &asc_manager(),
        None,
    )
    .expect("the case opens");
    repo
}

fn everything(repo: &Repository<CarerCase, MemoryStore>) -> Vec<RecordedEvent> {
    repo.store().read_all(1, usize::MAX).expect("the log")
}

/// The names of every `CaseCommand` variant, as serde knows them (from the error
/// that lists the expected variants), so the table can be checked to cover them.
fn every_variant_name() -> BTreeSet<String> {
    let err = serde_json::from_str::<CaseCommand>("\"NoSuchCommand\"").expect_err("not a command");
    let text = err.to_string();
    let list = text
        .split("expected one of")
        .nth(1)
        .expect("serde lists the variants");
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn variant_name(command: &CaseCommand) -> String {
    match carers_core::es::form::revealed(|| serde_json::to_value(command)).expect("encodes") {
        serde_json::Value::Object(map) => map.keys().next().expect("one key").clone(),
        serde_json::Value::String(name) => name,
        other => panic!("not an enum's JSON: {other}"),
    }
}

#[test]
fn the_table_covers_every_command() {
    let case = Case::new();
    let covered: BTreeSet<String> = case
        .every_command()
        .iter()
        .map(|(c, _)| variant_name(c))
        .collect();
    assert_eq!(covered, every_variant_name());
}

#[test]
fn every_role_of_every_partner_may_send_exactly_the_commands_the_table_gives_it() {
    let case = Case::new();
    let stream = case.carer.stream();
    for (command, row) in case.every_command() {
        for (o, organisation) in ORGANISATIONS.iter().enumerate() {
            for (r, role) in ROLES.iter().enumerate() {
                let repo = opened(&case, true);
                let before = everything(&repo);
                let done = repo.execute(&stream, &command, &actor(organisation, role), None);
                let denied = matches!(done, Err(RepoError::Denied(_)));
                let name = variant_name(&command);
                assert_eq!(
                    denied,
                    !allows(row, o, r),
                    "{name} by a {role} of {organisation}: {done:?}"
                );
                if denied {
                    assert_eq!(everything(&repo), before, "{name}: a denial appended");
                }
            }
        }
    }
}

#[test]
fn every_role_of_every_partner_reads_and_sees_the_read_audit_as_the_table_says() {
    let case = Case::new();
    let stream = case.carer.stream();
    for (o, organisation) in ORGANISATIONS.iter().enumerate() {
        for (r, role) in ROLES.iter().enumerate() {
            let repo = opened(&case, true);
            let before = everything(&repo);
            let ctx = actor(organisation, role);
            let read = repo.read(&stream, &ctx, ReadPurpose::Casework);
            assert_eq!(
                read.is_ok(),
                allows(READ, o, r),
                "read by a {role} of {organisation}"
            );
            if read.is_err() {
                assert!(matches!(read, Err(RepoError::Denied(_))));
                assert_eq!(everything(&repo), before, "a denied read was recorded");
            }
            let audit = repo.reads_of(&stream, &ctx);
            assert!(audit.is_ok() || matches!(audit, Err(RepoError::Denied(_))));
            assert_eq!(
                audit.is_ok(),
                allows(READ_AUDIT, o, r),
                "audit seen by a {role} of {organisation}"
            );
        }
    }
}

#[test]
fn an_organisation_outside_the_partnership_or_an_unknown_role_may_do_nothing() {
    let case = Case::new();
    let stream = case.carer.stream();
    for ctx in [
        actor("police", "manager"),
        actor("carers-hub", "director"),
        actor("carers-hub", "Manager"),
    ] {
        let repo = opened(&case, true);
        let before = everything(&repo);
        for (command, _) in case.every_command() {
            assert!(matches!(
                repo.execute(&stream, &command, &ctx, None),
                Err(RepoError::Denied(_))
            ));
        }
        assert!(matches!(
            repo.read(&stream, &ctx, ReadPurpose::Audit),
            Err(RepoError::Denied(_))
        ));
        assert_eq!(everything(&repo), before);
    }
}

#[test]
fn a_repository_given_no_partnership_refuses_every_actor() {
    let repo = Repository::<CarerCase, _>::new(MemoryStore::new());
    let case = Case::new();
    let done = repo.execute_all(
        &case.carer.stream(),
        &case.opening(false),
        &asc_manager(),
        None,
    );
    let Err(e) = done else {
        panic!("opened without a partnership")
    };
    assert_eq!((e.code(), e.kind().http_status()), ("access_denied", 403));
    assert_eq!(repo.store().head_position().expect("head"), 0);
}

#[test]
fn the_childrens_trust_sees_only_cases_referred_to_it() {
    let case = Case::new();
    let stream = case.carer.stream();
    let trust = actor("childrens-trust", "social-worker");
    let repo = opened(&case, false);
    assert!(matches!(
        repo.read(&stream, &trust, ReadPurpose::Safeguarding),
        Err(RepoError::Denied(_))
    ));
    // Referred by the Hub: now the Trust reads and acts on it.
    repo.execute(
        &stream,
        &CaseCommand::ReferConcern {
            concern: case.concern,
            to: Agency::ChildrensTrust,
        },
        &hub(),
        None,
    )
    .expect("referred");
    repo.read(&stream, &trust, ReadPurpose::Safeguarding)
        .expect("the Trust reads a referred case");
    // An assessment escalated to the Trust refers the case too.
    let other = Case::new();
    let repo = opened(&other, false);
    let mother = CaredForId::new();
    let escalate = [
        CaseCommand::AddCaringRole(new_role(mother, date(1950, 1, 1))),
        CaseCommand::RequestAssessment(AssessmentRequest::new(
            other.assessment,
            AssessmentKind::CarersAssessment,
            mother,
            Route::RequestedByCarer,
        )),
        CaseCommand::StartAssessment {
            assessment: other.assessment,
        },
        CaseCommand::EscalateAsComplex {
            assessment: other.assessment,
            escalation: Escalation {
                reason: Personal::new("a young carer".into()),
                to: OrganisationId("childrens-trust".into()),
            },
        },
    ];
    let other_stream = other.carer.stream();
    assert!(matches!(
        repo.read(&other_stream, &trust, ReadPurpose::Casework),
        Err(RepoError::Denied(_))
    ));
    repo.execute_all(&other_stream, &escalate, &hub(), None)
        .expect("escalated");
    repo.read(&other_stream, &trust, ReadPurpose::Casework)
        .expect("the Trust reads an escalated case");
}

#[test]
fn a_denial_says_the_same_whether_or_not_the_case_exists() {
    let case = Case::new();
    let repo = opened(&case, false);
    let absent = CarerId::new().stream();
    let s42 = case
        .every_command()
        .into_iter()
        .find(|(c, _)| matches!(c, CaseCommand::DecideS42 { .. }))
        .expect("in the table")
        .0;
    for (ctx, command) in [
        (
            actor("childrens-trust", "social-worker"),
            CaseCommand::StartAssessment {
                assessment: case.assessment,
            },
        ),
        (actor("carers-hub", "volunteer"), s42),
        (
            actor("police", "manager"),
            CaseCommand::RecordConsent {
                purpose: ConsentPurpose::HoldData,
                given: true,
            },
        ),
    ] {
        let on_case = repo
            .execute(&case.carer.stream(), &command, &ctx, None)
            .expect_err("denied");
        let on_nothing = repo
            .execute(&absent, &command, &ctx, None)
            .expect_err("denied");
        assert_eq!(on_case.to_string(), on_nothing.to_string());
        assert_eq!(
            (on_case.code(), on_case.kind()),
            (on_nothing.code(), on_nothing.kind())
        );
        // A volunteer may read; the others' reads are denied, alike.
        if let Err(read_case) = repo.read(&case.carer.stream(), &ctx, ReadPurpose::Casework) {
            let read_nothing = repo.read(&absent, &ctx, ReadPurpose::Casework);
            assert_eq!(
                format!("{read_case:?}"),
                format!("{:?}", read_nothing.expect_err("denied"))
            );
        }
    }
}

#[test]
fn a_keyed_or_erased_case_denies_alike_and_a_denied_key_makes_no_data_key() {
    let case = Case::new();
    let repo = opened(&case, false);
    let erased = Case::new();
    repo.execute_all(
        &erased.carer.stream(),
        &erased.opening(false),
        &asc_manager(),
        None,
    )
    .expect("opened");
    let erase = CaseCommand::ErasePersonalData {
        basis: ErasureBasis::SubjectRequest,
    };
    repo.erase(&erased.carer.stream(), &erase, &asc_manager())
        .expect("erased");
    let absent = CarerId::new().stream();
    let key = IdempotencyKey::new("probe-1").expect("a key");
    let command = CaseCommand::RecordConsent {
        purpose: ConsentPurpose::HoldData,
        given: true,
    };
    for ctx in [
        actor("police", "manager"),
        actor("childrens-trust", "manager"),
    ] {
        let answers: Vec<String> = [&case.carer.stream(), &erased.carer.stream(), &absent]
            .into_iter()
            .map(|stream| {
                let e = repo
                    .execute(stream, &command, &ctx, Some(&key))
                    .expect_err("denied");
                assert!(matches!(e, RepoError::Denied(_)), "{e:?}");
                format!("{e} {}", e.code())
            })
            .collect();
        assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    }
    assert!(
        repo.store().key_state(&absent).expect("reads").is_none(),
        "a denied keyed request made a data key"
    );
    assert!(
        repo.store()
            .idempotent_result(&key)
            .expect("reads")
            .is_none()
    );
}

#[test]
fn an_empty_list_of_commands_returns_nothing() {
    let case = Case::new();
    let repo = opened(&case, false);
    assert!(matches!(
        repo.execute_all(&case.carer.stream(), &[], &actor("police", "manager"), None),
        Err(RepoError::NoCommands)
    ));
}

#[test]
fn erase_is_asked_of_the_policy_as_an_erasure_also_on_an_erased_case() {
    let case = Case::new();
    let stream = case.carer.stream();
    let repo = opened(&case, false);
    let erase = CaseCommand::ErasePersonalData {
        basis: ErasureBasis::SubjectRequest,
    };
    let volunteer = actor("carers-hub", "volunteer");
    assert!(matches!(
        repo.erase(&stream, &erase, &volunteer),
        Err(RepoError::Denied(_))
    ));
    // A command the volunteer may send, but no erasure.
    let consent = CaseCommand::RecordEqualityMonitoring {
        monitoring: EqualityMonitoring::default(),
        consent_given: true,
    };
    assert!(matches!(
        repo.erase(&stream, &consent, &volunteer),
        Err(RepoError::NotAnErasure)
    ));
    repo.erase(&stream, &erase, &hub_manager()).expect("erased");
    // On the erased case, a command the volunteer may send is still no erasure.
    assert!(matches!(
        repo.erase(&stream, &consent, &volunteer),
        Err(RepoError::NotAnErasure)
    ));
}

#[test]
fn a_keyed_retry_by_an_actor_the_policy_refuses_replays_nothing() {
    let case = Case::new();
    let stream = case.carer.stream();
    let repo = repo();
    let key = IdempotencyKey::new("open-1").expect("a key");
    repo.execute_all(&stream, &case.opening(false), &asc_manager(), Some(&key))
        .expect("opened");
    let stranger = actor("police", "manager");
    assert!(matches!(
        repo.execute_all(&stream, &case.opening(false), &stranger, Some(&key)),
        Err(RepoError::Denied(_))
    ));
}

#[test]
fn sharing_on_consent_needs_the_carers_recorded_consent_to_share_with_that_partner() {
    let case = Case::new();
    let stream = case.carer.stream();
    let repo = opened(&case, true);
    let gp = OrganisationId("gp-practice".into());
    let share = |with: &OrganisationId, basis| CaseCommand::ShareInformation {
        concern: case.concern,
        with: with.clone(),
        basis,
    };
    let before = everything(&repo);
    match repo.execute(&stream, &share(&gp, SharingBasis::Consent), &hub(), None) {
        Err(RepoError::Domain(CaseError::NoConsentToShare)) => {}
        other => panic!("shared without consent: {other:?}"),
    }
    assert_eq!(everything(&repo), before);
    // Consent to share with another partner is not consent to share with this one.
    let with_hub = ConsentPurpose::ShareWith(PartnerId::of(&OrganisationId("carers-hub".into())));
    repo.execute(
        &stream,
        &CaseCommand::RecordConsent {
            purpose: with_hub,
            given: true,
        },
        &hub(),
        None,
    )
    .expect("recorded");
    assert!(matches!(
        repo.execute(&stream, &share(&gp, SharingBasis::Consent), &hub(), None),
        Err(RepoError::Domain(CaseError::NoConsentToShare))
    ));
    let with_gp = ConsentPurpose::ShareWith(PartnerId::of(&gp));
    repo.execute(
        &stream,
        &CaseCommand::RecordConsent {
            purpose: with_gp,
            given: true,
        },
        &hub(),
        None,
    )
    .expect("recorded");
    repo.execute(&stream, &share(&gp, SharingBasis::Consent), &hub(), None)
        .expect("shared on consent");
    // Withdrawn, it no longer covers sharing; a lawful reason recorded instead does.
    repo.execute(
        &stream,
        &CaseCommand::RecordConsent {
            purpose: with_gp,
            given: false,
        },
        &hub(),
        None,
    )
    .expect("withdrawn");
    assert!(matches!(
        repo.execute(&stream, &share(&gp, SharingBasis::Consent), &hub(), None),
        Err(RepoError::Domain(CaseError::NoConsentToShare))
    ));
    let reason =
        SharingBasis::WithoutConsent(Personal::new("risk of serious harm to the child".into()));
    let done = repo
        .execute(&stream, &share(&gp, reason.clone()), &hub(), None)
        .expect("shared without consent, on a recorded basis");
    assert!(
        done.events
            .iter()
            .any(|e| matches!(e, CaseEvent::InformationShared { basis, .. } if *basis == reason))
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// No command the policy denies changes the store, whoever sends it and
    /// whatever the case holds.
    #[test]
    fn no_denied_command_changes_the_store(
        organisation in prop_oneof![
            proptest::sample::select(ORGANISATIONS.to_vec()).prop_map(str::to_string),
            "[a-z-]{1,12}",
        ],
        role in prop_oneof![
            proptest::sample::select(ROLES.to_vec()).prop_map(str::to_string),
            "[a-z-]{1,12}",
        ],
        referred in any::<bool>(),
        picks in proptest::collection::vec(any::<proptest::sample::Index>(), 1..6),
    ) {
        let case = Case::new();
        let stream = case.carer.stream();
        let repo = opened(&case, referred);
        let commands = case.every_command();
        let ctx = actor(&organisation, &role);
        for pick in picks {
            let (command, _) = pick.get(&commands);
            let before = everything(&repo);
            if let Err(RepoError::Denied(_)) = repo.execute(&stream, command, &ctx, None) {
                prop_assert_eq!(everything(&repo), before);
            }
        }
    }
}
