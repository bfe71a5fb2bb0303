//! Builders shared by the domain tests: concrete people and situations.
#![allow(dead_code)]

use carers_core::domain::*;
use carers_core::es::seal::{KeyState, KeyStore, with_key};
use carers_core::es::{
    Actor, Codec, Context, EventStore, ExpectedVersion, Metadata, NewEvent, StreamId,
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// `events` encoded as a store holds them, recorded now by the Hub: sealed under
/// the stream's data key when `sealed`, else in clear (as stored before sealing).
pub fn stored_events<S: KeyStore>(
    store: &S,
    stream: &StreamId,
    events: &[CaseEvent],
    sealed: bool,
) -> Vec<NewEvent> {
    let key = sealed.then(|| KeyState::Active(store.data_key(stream).expect("a data key")));
    let codec = Codec::<CaseEvent>::new();
    with_key(key, || {
        events
            .iter()
            .map(|e| {
                let encoded = codec.encode(e).expect("the fixture's events encode");
                NewEvent {
                    event_id: uuid::Uuid::now_v7(),
                    event_type: encoded.event_type.into(),
                    schema_version: encoded.schema_version,
                    payload: encoded.payload,
                    recorded_at: now(),
                    metadata: Metadata::from_context(&hub(), uuid::Uuid::now_v7()),
                }
            })
            .collect()
    })
}

/// Appends `events` to the new stream `stream`, sealed as the repository seals.
pub fn append_sealed<S: EventStore + KeyStore>(store: &S, stream: &StreamId, events: &[CaseEvent]) {
    let stored = stored_events(store, stream, events, true);
    store
        .append(stream, ExpectedVersion::NoStream, stored, None)
        .expect("a new stream takes the fixture");
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// The clock reading of the tests: 23 November 2026, 10:00 UTC.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
        .single()
        .expect("valid instant")
}

/// The partnership the tests act in: a Carers Hub, Adult Social Care, the
/// Children's Trust and a GP practice.
pub fn partnership() -> Partnership {
    Partnership::new()
        .with("carers-hub", PartnerKind::CarersHub)
        .with("adult-social-care", PartnerKind::AdultSocialCare)
        .with("childrens-trust", PartnerKind::ChildrensTrust)
        .with("gp-practice", PartnerKind::Nhs)
}

/// A Hub manager: may also erase and keep records.
pub fn hub_manager() -> Context {
    Context::new(Actor::new("hub-manager-1", "carers-hub", "manager"), now())
}

/// An Adult Social Care manager: may do everything Adult Social Care may.
pub fn asc_manager() -> Context {
    Context::new(
        Actor::new("asc-manager-1", "adult-social-care", "manager"),
        now(),
    )
}

pub fn hub() -> Context {
    Context::new(
        Actor::new("hub-worker-1", "carers-hub", "support-worker"),
        now(),
    )
}

pub fn asc() -> Context {
    Context::new(
        Actor::new("sw-22", "adult-social-care", "social-worker"),
        now(),
    )
}

/// Adult Social Care acting at noon UTC on `day`.
pub fn asc_at(day: NaiveDate) -> Context {
    Context::new(
        Actor::new("sw-22", "adult-social-care", "social-worker"),
        day.and_hms_opt(12, 0, 0).expect("noon exists").and_utc(),
    )
}

pub fn details(date_of_birth: NaiveDate) -> PersonalDetails {
    PersonalDetails {
        name: Personal::new("Alex Example".into()),
        date_of_birth: Personal::new(date_of_birth),
        contact: Personal::new("07700 900000".into()),
        address: Personal::new("1 Example Street, Birmingham".into()),
        notes: Personal::new(String::new()),
    }
}

pub fn identified(carer: CarerId, date_of_birth: NaiveDate) -> CaseEvent {
    CaseEvent::CarerIdentified {
        carer,
        details: details(date_of_birth),
        source: IdentificationSource::Gp,
        on: now().date_naive(),
    }
}

/// A date of birth that puts the cared-for person in `age` on the tests' day.
pub fn born_in(age: CaredForAge) -> NaiveDate {
    match age {
        CaredForAge::Child => date(2015, 6, 1),
        CaredForAge::Adult => date(1985, 6, 1),
        CaredForAge::OlderAdult => date(1940, 6, 1),
    }
}

/// A role; a parent of a child has parental responsibility.
pub fn role(
    cared_for: CaredForId,
    age: CaredForAge,
    relationship: Relationship,
    basis: CareBasis,
) -> CaringRole {
    CaringRole {
        cared_for,
        cared_for_born: Personal::new(born_in(age)),
        relationship,
        parental_responsibility: relationship == Relationship::Parent && age == CaredForAge::Child,
        conditions: vec![ConditionCategory::Dementia],
        hours: HoursBand::From50,
        lives_with_carer: true,
        basis,
        treated_as_carer: None,
        stage: Stage::LivingAsACarer,
        moved_on: None,
    }
}

/// A new unpaid caring role for a parent with dementia born on `born`, cared for 50
/// hours a week at home, as the carer is becoming a carer.
pub fn new_role(cared_for: CaredForId, born: NaiveDate) -> NewCaringRole {
    NewCaringRole {
        cared_for,
        cared_for_born: Personal::new(born),
        relationship: Relationship::Child,
        parental_responsibility: false,
        conditions: vec![ConditionCategory::Dementia],
        hours: HoursBand::From50,
        lives_with_carer: true,
        basis: CareBasis::Unpaid,
        stage: Stage::BecomingACarer,
    }
}

pub fn role_added(role: CaringRole) -> CaseEvent {
    CaseEvent::CaringRoleAdded { role }
}

pub fn requested(
    assessment: AssessmentId,
    kind: AssessmentKind,
    cared_for: CaredForId,
) -> CaseEvent {
    CaseEvent::AssessmentRequested {
        assessment,
        kind,
        cared_for,
        route: Route::RequestedByCarer,
        transition: (kind == AssessmentKind::Transition).then(TransitionGrounds::consented),
        on: now().date_naive(),
        duty_revived: false,
    }
}

pub fn started(assessment: AssessmentId) -> CaseEvent {
    CaseEvent::AssessmentStarted {
        assessment,
        on: now().date_naive(),
    }
}

pub fn evidence(needs: AssessedNeeds) -> AssessmentEvidence {
    AssessmentEvidence {
        needs: Personal::new("needs in the carer's words".into()),
        wished_outcomes: Personal::new("to keep working".into()),
        able_to_continue: true,
        willing_to_continue: true,
        needs_assessed: needs,
        ..AssessmentEvidence::default()
    }
}

pub fn evidence_recorded(assessment: AssessmentId, evidence: AssessmentEvidence) -> CaseEvent {
    CaseEvent::AssessmentEvidenceRecorded {
        assessment,
        evidence: Box::new(evidence),
    }
}

/// An adult carer (born 1970) of their mother, who has dementia, with a carer's
/// assessment in progress.
pub fn adult_carer_in_assessment(assessment: AssessmentId) -> Vec<CaseEvent> {
    let carer = CarerId::new();
    let mother = CaredForId::new();
    vec![
        identified(carer, date(1970, 4, 2)),
        role_added(role(
            mother,
            CaredForAge::OlderAdult,
            Relationship::Child,
            CareBasis::Unpaid,
        )),
        requested(assessment, AssessmentKind::CarersAssessment, mother),
        started(assessment),
    ]
}

/// A young carer's needs assessment's evidence (Children Act s.17ZA; reg. 4).
pub fn young_carer_evidence(appropriate_to_care: bool) -> ChildrenActEvidence {
    ChildrenActEvidence::YoungCarer(YoungCarerEvidence {
        needs_for_support: true,
        needs_and_wishes: Personal::new("to keep up at school".into()),
        appropriate_to_care,
        amount_nature_and_type_of_care: Personal::new("evenings, personal care".into()),
        extent_others_rely_on_it: Personal::new("the only carer at night".into()),
        excessive_or_inappropriate_tasks: !appropriate_to_care,
        impact_on_education_wellbeing_and_development: Personal::new("tired at school".into()),
    })
}

pub fn needs(necessary: bool, health: bool, significant: bool) -> AssessedNeeds {
    AssessedNeeds {
        from_necessary_care_for_an_adult: necessary,
        health_deteriorating_or_at_risk: health,
        outcomes: [Achievement::Achievable; 8],
        significant_impact_on_wellbeing: significant,
    }
}

/// An adult carer whose carer's assessment is completed with `needs`' determination;
/// returns the history, the assessment and the cared-for person.
pub fn adult_carer_assessed(needs: AssessedNeeds) -> (Vec<CaseEvent>, AssessmentId, CaredForId) {
    let a = AssessmentId::new();
    let carer = CarerId::new();
    let mother = CaredForId::new();
    let history = vec![
        identified(carer, date(1970, 4, 2)),
        role_added(role(
            mother,
            CaredForAge::OlderAdult,
            Relationship::Child,
            CareBasis::Unpaid,
        )),
        requested(a, AssessmentKind::CarersAssessment, mother),
        started(a),
        evidence_recorded(a, evidence(needs.clone())),
        CaseEvent::AssessmentCompleted {
            assessment: a,
            result: AssessmentResult::Determination(determine(&needs)),
            needs: Vec::new(),
            on: now().date_naive(),
        },
    ];
    (history, a, mother)
}

pub fn eligible_needs() -> AssessedNeeds {
    needs(true, true, true)
}

pub fn concern_details(person_at_risk: PersonAtRisk, immediate_risk: bool) -> ConcernDetails {
    ConcernDetails {
        person_at_risk,
        carer_alleged_to_cause_harm: false,
        categories: vec![
            AbuseCategory::FinancialOrMaterial,
            AbuseCategory::Psychological,
        ],
        immediate_risk,
        desired_outcomes: Personal::new("to feel safe at home".into()),
        sharing: SharingBasis::Consent,
        children_in_household: false,
    }
}

// Plan builders

pub fn contingency() -> ContingencyPlan {
    ContingencyPlan {
        who_steps_in: Personal::new("sister, 07700 900456".into()),
        arrangements: Personal::new("key with neighbour".into()),
    }
}

/// An item meeting `need` by `method`, costing `cost` pence of which the carer pays
/// `carer_pays`.
pub fn item(need: NeedArea, method: SupportMethod, cost: i64, carer_pays: i64) -> PlannedSupport {
    PlannedSupport::new(need, method, Pence(cost), Pence(carer_pays)).expect("test items are valid")
}

/// An item meeting the carer's health need (reg. 3(2)(a)) by `method`, at no cost.
pub fn support(method: SupportMethod) -> PlannedSupport {
    item(NeedArea::Health, method, 0, 0)
}

/// Replacement care: a three-day break by care for the cared-for person.
pub fn replacement_care() -> SupportMethod {
    SupportMethod::ShortBreak {
        length: BreakLength::Days(3),
        replacement_care: true,
    }
}

/// A plan's items with their derived budget.
pub fn plan_support(items: Vec<PlannedSupport>) -> PlanSupport {
    PlanSupport::new(items).expect("test plans have items and no overflow")
}

/// Needs eligible for the carer's health (reg. 3(2)(a)) and recreation (reg. 3(2)(b)(viii)).
pub fn health_and_recreation_needs() -> AssessedNeeds {
    eligible_needs().with_outcome(
        Outcome::Recreation,
        Achievement::Unachievable(Inability::NeedsAssistance),
    )
}

/// What the tests' plans relate to (s.10(5)–(6)): ability and willingness to care,
/// the carer's health and emotional wellbeing, and their wish to keep working.
pub fn matters() -> PlanMatters {
    PlanMatters {
        ability_and_willingness_to_care: true,
        wellbeing: [WellbeingArea::HealthAndEmotionalWellbeing].into(),
        wished_outcomes: true,
        work_and_life: WorkAndLife {
            works: true,
            ..WorkAndLife::default()
        },
    }
}

/// The carer involved, and the adult needing care because the carer asked (s.25(4)).
pub fn involvement() -> Involvement {
    Involvement {
        carer: true,
        carer_asked_for_adult_needing_care: true,
        adult_needing_care: true,
    }
}

/// A plan agreed on `basis` with `items`.
pub fn agree_plan(plan: PlanId, basis: PlanBasis, items: Vec<PlannedSupport>) -> CaseCommand {
    CaseCommand::AgreePlan {
        plan,
        basis,
        support: plan_support(items),
        matters: matters(),
        advice: Personal::new("carers' rights and the local carers' centre".into()),
        involvement: involvement(),
        contingency: contingency(),
    }
}

/// A review today that revises the plan to `items`.
pub fn revise(items: Vec<PlannedSupport>) -> Review {
    Review {
        on: now().date_naive(),
        what_changed: Personal::new("more hours caring".into()),
        decision: ReviewDecision::Revise {
            support: plan_support(items),
        },
        quality_of_life: None,
    }
}

/// The s.20(1) duty to meet the needs `assessment` found eligible, all its
/// conditions met.
pub fn eligible(assessment: AssessmentId) -> PlanBasis {
    eligible_with(
        assessment,
        DutyConditions {
            ordinarily_resident: true,
            financial_conditions_met: true,
            adult_needing_care_agrees: true,
        },
    )
}

/// The s.20(1) duty, with the conditions as recorded.
pub fn eligible_with(assessment: AssessmentId, conditions: DutyConditions) -> PlanBasis {
    PlanBasis::EligibleNeeds {
        assessment,
        conditions,
    }
}

/// The s.20(6) power to meet needs, used and recorded.
pub fn power(assessment: AssessmentId) -> PlanBasis {
    PlanBasis::PowerToMeetOtherNeeds {
        assessment,
        reason: Personal::new("prevent carer breakdown".into()),
    }
}

/// Every s.31 condition of a direct payment met.
pub fn dp_conditions() -> DirectPaymentConditions {
    DirectPaymentConditions {
        requested: true,
        has_capacity_to_request: true,
        not_prohibited: true,
        managing: ManagingCapability::WithHelp,
        appropriate_way_to_meet_needs: true,
    }
}

/// A recurring direct payment of `amount` paying for the plan items numbered `items`.
pub fn agree_dp(
    plan: PlanId,
    payment: DirectPaymentId,
    items: &[usize],
    amount: i64,
) -> CaseCommand {
    CaseCommand::AgreeDirectPayment {
        plan,
        payment,
        conditions: dp_conditions(),
        items: items.iter().copied().collect(),
        amount: Pence(amount),
        uses: vec![DirectPaymentUse::Break],
        description: Personal::new("a weekend away".into()),
        frequency: PaymentFrequency::EveryWeeks(4),
    }
}

// Safeguarding builders

/// A worker of the Carers Hub acting at instant `t`.
pub fn hub_at(t: DateTime<Utc>) -> Context {
    Context::new(
        Actor::new("hub-worker-1", "carers-hub", "support-worker"),
        t,
    )
}

/// The instant of a UTC date and time.
pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid test instant")
}

/// Decides `command` on `history` at `ctx`, expects it accepted, appends its events
/// to `history` and returns them.
pub fn accept(history: &mut Vec<CaseEvent>, command: CaseCommand, ctx: &Context) -> Vec<CaseEvent> {
    let events = carers_core::es::scenario::given::<CarerCase>(history.clone())
        .when(&command, ctx)
        .accepted();
    history.extend(events.clone());
    events
}

/// Decides `command` on `history` at `ctx` and returns its refusal (panics if accepted).
pub fn refusal(history: &[CaseEvent], command: CaseCommand, ctx: &Context) -> CaseError {
    use carers_core::es::Aggregate;
    match CarerCase::replay(history).decide(&command, ctx, &CasePolicy::default()) {
        Ok(events) => panic!("expected a refusal, got {events:?}"),
        Err(e) => e,
    }
}

/// A concern's details about `person_at_risk`, with children in the household.
pub fn concern_with_children_in_household(person_at_risk: PersonAtRisk) -> ConcernDetails {
    ConcernDetails {
        children_in_household: true,
        ..concern_details(person_at_risk, false)
    }
}

/// An adult carer (born 1970) caring for a person born on `cared_for_born`;
/// returns the history and the cared-for person.
pub fn carer_of_person_born(cared_for_born: NaiveDate) -> (Vec<CaseEvent>, CaredForId) {
    let cared_for = CaredForId::new();
    let mut cared = role(
        cared_for,
        CaredForAge::Adult,
        Relationship::Parent,
        CareBasis::Unpaid,
    );
    cared.cared_for_born = Personal::new(cared_for_born);
    (
        vec![
            identified(CarerId::new(), date(1970, 4, 2)),
            role_added(cared),
        ],
        cared_for,
    )
}

/// A raised concern about `person_at_risk` on `history`, raised by the Hub at `ctx`.
pub fn raise(history: &mut Vec<CaseEvent>, details: ConcernDetails, ctx: &Context) -> ConcernId {
    let concern = ConcernId::new();
    accept(history, CaseCommand::RaiseConcern { concern, details }, ctx);
    concern
}

/// A repository of the test partnership holding one carer identified by the Hub
/// (born 2 February 1970, on the public task).
pub fn identified_case() -> (
    carers_core::es::Repository<CarerCase, carers_core::es::MemoryStore>,
    CarerId,
) {
    let repo =
        carers_core::es::Repository::<CarerCase, _>::new(carers_core::es::MemoryStore::new())
            .with_access(partnership());
    let carer = identify_on(&repo, date(1970, 2, 2));
    (repo, carer)
}

/// A carer born on `born` identified by the Hub on `repo` (from a GP, on the
/// public task).
pub fn identify_on(
    repo: &carers_core::es::Repository<CarerCase, carers_core::es::MemoryStore>,
    born: NaiveDate,
) -> CarerId {
    let carer = CarerId::new();
    repo.execute(
        &carer.stream(),
        &identify_carer(
            carer,
            born,
            IdentificationSource::Gp,
            LawfulBasis::PublicTask,
        ),
        &hub(),
        None,
    )
    .expect("identified");
    carer
}

/// Every event the repository's store holds, in global order.
pub fn log_of<A: carers_core::es::Aggregate>(
    repo: &carers_core::es::Repository<A, carers_core::es::MemoryStore>,
) -> Vec<carers_core::es::RecordedEvent> {
    repo.store().read_all(1, usize::MAX).expect("the log")
}

/// Executes `command` on `stream`, which must refuse it, and checks that it
/// appended nothing (to any stream).
pub fn refused_on<A: carers_core::es::Aggregate>(
    repo: &carers_core::es::Repository<A, carers_core::es::MemoryStore>,
    stream: &StreamId,
    command: &A::Command,
    ctx: &Context,
) -> carers_core::es::RepoError<A::Error> {
    let before = log_of(repo);
    let Err(e) = repo.execute(stream, command, ctx, None) else {
        panic!("accepted, not refused");
    };
    assert_eq!(log_of(repo), before, "a refusal appended");
    e
}

/// Executes `command` on `carer`'s case, which must refuse it, appending nothing.
pub fn refused_by(
    repo: &carers_core::es::Repository<CarerCase, carers_core::es::MemoryStore>,
    carer: CarerId,
    command: &CaseCommand,
    ctx: &Context,
) -> carers_core::es::RepoError<CaseError> {
    refused_on(repo, &carer.stream(), command, ctx)
}

/// The domain's refusal inside a repository error (any other error fails the test).
pub fn domain(e: carers_core::es::RepoError<CaseError>) -> CaseError {
    match e {
        carers_core::es::RepoError::Domain(e) => e,
        other => panic!("not a domain refusal: {other}"),
    }
}

/// `ctx` acting at `at` instead.
pub fn acting_at(ctx: Context, at: DateTime<Utc>) -> Context {
    Context { now: at, ..ctx }
}

/// A case with an agreed plan of one item, on a repository, with the caring
/// role's cared-for person.
pub fn planned_case() -> (
    carers_core::es::Repository<CarerCase, carers_core::es::MemoryStore>,
    CarerId,
    PlanId,
    CaredForId,
) {
    let (mut history, assessment, mother) = adult_carer_assessed(health_and_recreation_needs());
    let plan = PlanId::new();
    accept(
        &mut history,
        agree_plan(
            plan,
            eligible(assessment),
            vec![item(
                NeedArea::Outcome(Outcome::Recreation),
                SupportMethod::CommissionedService,
                1_000,
                0,
            )],
        ),
        &asc(),
    );
    let carer = <CarerCase as carers_core::es::Aggregate>::replay(&history)
        .carer()
        .expect("identified");
    let store = carers_core::es::MemoryStore::new();
    append_sealed(&store, &carer.stream(), &history);
    let repo = carers_core::es::Repository::<CarerCase, _>::new(store).with_access(partnership());
    (repo, carer, plan, mother)
}

/// The command that identifies `carer`, born on `born`, from `source`, on `basis`
/// (with the consent to hold their data).
pub fn identify_carer(
    carer: CarerId,
    born: NaiveDate,
    source: IdentificationSource,
    basis: LawfulBasis,
) -> CaseCommand {
    CaseCommand::IdentifyCarer {
        carer,
        details: details(born),
        source,
        lawful_basis: basis,
        consent_to_hold_data: true,
    }
}

/// A generated caseload of `carers`, from `seed`, recorded on a memory store
/// as the generator's partnership allows.
pub fn generated(
    carers: usize,
    seed: u64,
) -> (
    carers_core::generator::Plan,
    carers_core::es::Repository<CarerCase, carers_core::es::MemoryStore>,
) {
    use carers_core::generator::{Spec, partnership, plan};
    let plan = plan(&Spec {
        carers,
        seed,
        ..Spec::default()
    });
    let repo =
        carers_core::es::Repository::<CarerCase, _>::new(carers_core::es::MemoryStore::new())
            .with_access(partnership());
    plan.drive(&repo, |_, _| {})
        .expect("the generated caseload is recorded");
    (plan, repo)
}

/// Noon UTC on the first day after `plan`'s caseload.
pub fn after(plan: &carers_core::generator::Plan) -> DateTime<Utc> {
    plan.spec
        .until()
        .and_hms_opt(12, 0, 0)
        .expect("noon exists")
        .and_utc()
}

/// The SALT LTS003 support type (DOMAIN.md's order of precedence) of a carer
/// given the generated plan items `planned` and, if `advised`, written
/// information and advice: direct payment only (universal services aside);
/// part direct payment; a council-managed personal budget (the council pays
/// towards support to the carer); council-commissioned support only;
/// information, advice and other universal services; else no direct support
/// (replacement care only). Worked out from the items' kinds, not by the
/// domain's `support_type`.
pub fn salt_support_type(
    planned: &[carers_core::generator::PlannedItem],
    advised: bool,
) -> SupportType {
    use carers_core::generator::ItemKind;
    let to_carer = |k: ItemKind| {
        matches!(
            k,
            ItemKind::Break | ItemKind::Commissioned | ItemKind::Equipment
        )
    };
    let direct_payment = planned.iter().any(|i| i.by_direct_payment);
    let other: Vec<_> = planned
        .iter()
        .filter(|i| !i.by_direct_payment && to_carer(i.kind))
        .collect();
    let universal = advised
        || planned.iter().any(|i| {
            matches!(
                i.kind,
                ItemKind::InformationAndAdvice | ItemKind::PeerSupport
            )
        });
    if direct_payment && other.is_empty() {
        SupportType::DirectPaymentOnly
    } else if direct_payment {
        SupportType::PartDirectPayment
    } else if other.iter().any(|i| i.cost.0 > i.carer_pays.0) {
        SupportType::CouncilManagedPersonalBudget
    } else if !other.is_empty() {
        SupportType::CommissionedSupportOnly
    } else if universal {
        SupportType::InformationAndAdviceOnly
    } else {
        SupportType::NoDirectSupport
    }
}
