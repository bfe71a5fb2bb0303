//! Builders shared by the domain tests: concrete people and situations.
#![allow(dead_code)]

use carers_core::domain::*;
use carers_core::es::{Actor, Context};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// The clock reading of the tests: 23 November 2026, 10:00 UTC.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
        .single()
        .expect("valid instant")
}

pub fn hub() -> Context {
    Context::new(
        Actor::new("hub-worker-1", "carers-hub", "carer-support-worker"),
        now(),
    )
}

pub fn asc() -> Context {
    Context::new(
        Actor::new("sw-22", "adult-social-care", "social-worker"),
        now(),
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

pub fn role_added(role: CaringRole) -> CaseEvent {
    CaseEvent::CaringRoleAdded { role }
}

pub fn requested(assessment: AssessmentId, kind: AssessmentKind) -> CaseEvent {
    CaseEvent::AssessmentRequested {
        assessment,
        kind,
        route: Route::RequestedByCarer,
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
    vec![
        identified(carer, date(1970, 4, 2)),
        role_added(role(
            CaredForId::new(),
            CaredForAge::OlderAdult,
            Relationship::Child,
            CareBasis::Unpaid,
        )),
        requested(assessment, AssessmentKind::CarersAssessment),
        started(assessment),
    ]
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
        requested(a, AssessmentKind::CarersAssessment),
        started(a),
        evidence_recorded(a, evidence(needs.clone())),
        CaseEvent::AssessmentCompleted {
            assessment: a,
            result: AssessmentResult::Determination(determine(&needs)),
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
