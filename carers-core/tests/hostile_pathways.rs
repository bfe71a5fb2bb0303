//! Assessment, safeguarding and support-plan commands as an embedding service
//! receives them: JSON bodies in which any field may hold a hostile value (numbers
//! at their limits, negative amounts, dates at chrono's ends or before 1900, empty,
//! blank, NUL or 70,000-character text, the wrong JSON type) and clock readings from
//! anywhere. Issue 10 item 5: each is refused, as JSON or by the case with a typed
//! error, or accepted as valid; never a panic, never a partial append, and an
//! accepted command leaves a case that folds back, reads and serialises.

mod support;

use carers_core::domain::personal::revealed;
use carers_core::domain::*;
use carers_core::es::{
    Actor, Aggregate, Context, ErrorKind, EventStore, MemoryStore, OrganisationId, RepoError,
    Repository, ServiceError, StreamId,
};
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use support::*;
use uuid::Uuid;

/// The ids of the established case the commands are sent to.
#[derive(Clone, Copy)]
struct Ids {
    carer: CarerId,
    mother: CaredForId,
    /// A completed carer's assessment with eligible needs.
    assessed: AssessmentId,
    /// An assessment the commands may request and carry through.
    fresh: AssessmentId,
    concern: ConcernId,
    /// A concern the commands may raise and carry through.
    fresh_concern: ConcernId,
    action: ActionId,
    plan: PlanId,
    payment: DirectPaymentId,
}

/// An adult carer of their mother: assessed as eligible, a plan with a direct
/// payment item agreed, a concern raised with an action agreed.
fn established() -> (Vec<CaseEvent>, Ids) {
    let (mut history, assessed, mother) = adult_carer_assessed(eligible_needs());
    let carer = CarerCase::replay(&history)
        .carer()
        .expect("the history identifies a carer");
    let plan = PlanId::new();
    accept(
        &mut history,
        agree_plan(
            plan,
            eligible(assessed),
            vec![
                item(NeedArea::Health, SupportMethod::DirectPayment, 10_000, 0),
                item(NeedArea::Health, replacement_care(), 20_000, 0),
            ],
        ),
        &asc(),
    );
    let concern = raise(
        &mut history,
        concern_details(PersonAtRisk::CaredFor(mother), false),
        &hub(),
    );
    accept(
        &mut history,
        CaseCommand::ReferConcern {
            concern,
            to: Agency::AdultSocialCare,
        },
        &hub(),
    );
    accept(
        &mut history,
        CaseCommand::DecideS42 {
            concern,
            conditions: all_s42_limbs(),
            outcome: S42Outcome::DutyMet,
        },
        &asc(),
    );
    let action = ActionId::new();
    accept(
        &mut history,
        CaseCommand::AgreeAction {
            concern,
            action,
            owner: OrganisationId("carers-hub".into()),
            description: Personal::new("visit weekly".into()),
            due: date(2026, 12, 1),
        },
        &hub(),
    );
    let ids = Ids {
        carer,
        mother,
        assessed,
        fresh: AssessmentId::new(),
        concern,
        fresh_concern: ConcernId::new(),
        action,
        plan,
        payment: DirectPaymentId::new(),
    };
    (history, ids)
}

fn assessment_commands(ids: Ids) -> Vec<CaseCommand> {
    let a = ids.fresh;
    vec![
        CaseCommand::RequestAssessment(AssessmentRequest::new(
            a,
            AssessmentKind::CarersAssessment,
            ids.mother,
            Route::RequestedByCarer,
        )),
        CaseCommand::StartAssessment { assessment: a },
        CaseCommand::RecordEvidence {
            assessment: a,
            evidence: Box::new(evidence(eligible_needs())),
        },
        CaseCommand::EscalateAsComplex {
            assessment: a,
            escalation: Escalation {
                reason: Personal::new("complex needs".into()),
                to: OrganisationId("adult-social-care".into()),
            },
        },
        CaseCommand::DeclineEscalation {
            assessment: a,
            reasons: Personal::new("within the hub's remit".into()),
        },
        CaseCommand::RecordInformationAndAdvice {
            assessment: a,
            advice: Personal::new("carers' rights leaflet".into()),
        },
        CaseCommand::CompleteAssessment { assessment: a },
        CaseCommand::GiveWrittenRecord {
            assessment: ids.assessed,
            on: now().date_naive(),
        },
        CaseCommand::RefuseAssessment {
            assessment: a,
            s63_override: None,
        },
        CaseCommand::CloseAssessment {
            assessment: ids.assessed,
        },
    ]
}

/// Reasonable cause to suspect each limb of s.42(1).
fn all_s42_limbs() -> S42Conditions {
    S42Conditions {
        cause_to_suspect_needs_for_care_and_support: true,
        cause_to_suspect_abuse_or_neglect: true,
        cause_to_suspect_unable_to_protect_themselves: true,
    }
}

fn safeguarding_commands(ids: Ids) -> Vec<CaseCommand> {
    // A new concern carried through, and the established one's action completed,
    // its strategy meeting recorded and the concern closed.
    let c = ids.fresh_concern;
    vec![
        CaseCommand::RaiseConcern {
            concern: c,
            details: concern_details(PersonAtRisk::Carer, true),
        },
        CaseCommand::ReferConcern {
            concern: c,
            to: Agency::AdultSocialCare,
        },
        CaseCommand::ShareInformation {
            concern: c,
            with: OrganisationId("nhs-trust".into()),
            basis: SharingBasis::WithoutConsent(Personal::new("risk to life".into())),
        },
        CaseCommand::DecideS42 {
            concern: c,
            conditions: all_s42_limbs(),
            outcome: S42Outcome::DutyMet,
        },
        CaseCommand::AgreeAction {
            concern: c,
            action: ActionId::new(),
            owner: OrganisationId("adult-social-care".into()),
            description: Personal::new("a strategy discussion".into()),
            due: now().date_naive(),
        },
        CaseCommand::CompleteAction {
            concern: ids.concern,
            action: ids.action,
            on: now().date_naive(),
        },
        CaseCommand::RecordStrategyMeeting {
            concern: ids.concern,
            held_on: now().date_naive(),
        },
        CaseCommand::CloseBelowThreshold {
            concern: c,
            outcome: BelowThreshold::AdviceGiven,
            reason: Personal::new("support in place".into()),
        },
        CaseCommand::CloseConcern {
            concern: ids.concern,
            risk: RiskOutcome::Reduced,
            desired_outcomes: DesiredOutcomesMet::Met,
        },
    ]
}

fn plan_commands(ids: Ids) -> Vec<CaseCommand> {
    let p = ids.plan;
    vec![
        agree_plan(
            PlanId::new(),
            power(ids.assessed),
            vec![item(NeedArea::Health, SupportMethod::Counselling, 500, 100)],
        ),
        agree_dp(p, ids.payment, &[0], 2_500),
        CaseCommand::RecordDirectPaymentMade {
            plan: p,
            payment: ids.payment,
            on: now().date_naive(),
            amount: Pence(2_500),
        },
        CaseCommand::RecordDirectPaymentEvidence {
            plan: p,
            payment: ids.payment,
            evidenced: true,
        },
        CaseCommand::ReviewDirectPayment {
            plan: p,
            payment: ids.payment,
            on: now().date_naive(),
        },
        CaseCommand::RequestReview { plan: p },
        CaseCommand::ReviewPlan {
            plan: p,
            review: revise(vec![item(
                NeedArea::Health,
                SupportMethod::DirectPayment,
                12_000,
                0,
            )]),
        },
        CaseCommand::GivePlanCopy {
            plan: p,
            on: now().date_naive(),
        },
    ]
}

/// A value of any JSON type a client might send in place of any field.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(1e308)),
        Just(json!(null)),
        Just(json!([])),
        Just(json!({})),
        Just(json!(true)),
        Just(json!("")),
        Just(json!(-1)),
    ]
}

/// A hostile value of the same JSON type as `original` (so that it reaches the
/// case more often than not), chosen by `pick`: numbers at their limits, dates at
/// chrono's ends, before 1900 or centuries ahead, ids of nothing, empty, blank,
/// NUL or 70,000-character text, empty or repeated lists.
fn hostile_like(original: &Value, pick: Index, text: &str) -> Value {
    let numbers = || {
        vec![
            json!(i64::MAX),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(u32::MAX),
            json!(u32::MAX as u64 + 1),
            json!(-1),
            json!(0),
            json!(1),
        ]
    };
    let choices: Vec<Value> = match original {
        Value::Number(_) => numbers(),
        Value::Bool(b) => vec![json!(!b)],
        Value::String(s) if s.parse::<chrono::NaiveDate>().is_ok() => [
            NaiveDate::MIN,
            NaiveDate::MAX,
            date(1, 1, 1),
            date(1899, 12, 31),
            date(1900, 1, 1),
            now().date_naive().succ_opt().expect("tomorrow is a date"),
            date(2199, 12, 31),
            date(2999, 6, 30),
        ]
        .iter()
        .map(|d| json!(d))
        .collect(),
        Value::String(s) if s.parse::<Uuid>().is_ok() => {
            vec![
                json!(Uuid::now_v7()),
                json!(Uuid::nil()),
                json!(Uuid::max()),
            ]
        }
        Value::String(_) => vec![
            json!(""),
            json!(" \t\n"),
            json!("\0"),
            Value::String("A".repeat(70_000)),
            json!(text),
        ],
        Value::Array(items) => {
            let mut twice = items.clone();
            twice.extend(items.iter().cloned());
            vec![json!([]), Value::Array(twice)]
        }
        Value::Object(_) | Value::Null => vec![json!(null), json!({})],
    };
    pick.get(&choices).clone()
}

/// Every path to a field's value inside `value`: its scalars and lists (an
/// object is reached through its fields).
fn paths(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if !value.is_object() {
        out.push(at.clone());
    }
    let children: Vec<(String, &Value)> = match value {
        Value::Object(fields) => fields.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        at.push(key);
        paths(child, at, out);
        at.pop();
    }
}

fn replace(value: &mut Value, path: &[String], with: Value) {
    let Some((first, rest)) = path.split_first() else {
        *value = with;
        return;
    };
    let child = match value {
        Value::Object(fields) => fields.get_mut(first),
        Value::Array(items) => first.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    };
    if let Some(child) = child {
        replace(child, rest, with);
    }
}

/// One change to a command's JSON: where, and what (most often a hostile value of
/// the field's own type, sometimes one of another type).
#[derive(Clone, Debug)]
struct Change {
    at: Index,
    pick: Index,
    text: String,
    other_type: Option<Value>,
}

fn change() -> impl Strategy<Value = Change> {
    (
        any::<Index>(),
        any::<Index>(),
        "\\PC{0,24}",
        proptest::option::weighted(0.1, hostile_value()),
    )
        .prop_map(|(at, pick, text, other_type)| Change {
            at,
            pick,
            text,
            other_type,
        })
}

fn get<'v>(value: &'v Value, path: &[String]) -> &'v Value {
    path.iter().fold(value, |v, key| match v {
        Value::Object(fields) => &fields[key.as_str()],
        Value::Array(items) => &items[key.parse::<usize>().expect("an index path")],
        _ => v,
    })
}

/// `command` as a client would send it, with hostile values at up to three of its
/// fields (chosen among all of them, nested ones included).
fn mutate(command: &CaseCommand, changes: &[Change]) -> Value {
    let mut value: Value =
        revealed(|| serde_json::to_value(command)).expect("commands serialise to JSON");
    for change in changes {
        let mut all = Vec::new();
        paths(&value, &mut Vec::new(), &mut all);
        if all.is_empty() {
            break; // an earlier change left only empty objects
        }
        let path: &Vec<String> = change.at.get(&all);
        let with = match &change.other_type {
            Some(other) => other.clone(),
            None => hostile_like(get(&value, path), change.pick, &change.text),
        };
        replace(&mut value, path, with);
    }
    value
}

fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        12 => Just(now()),
        1 => Just(DateTime::<Utc>::MIN_UTC),
        1 => Just(DateTime::<Utc>::MAX_UTC),
        1 => (-8_000_000_000_000i64..8_000_000_000_000)
            .prop_filter_map("an instant", |s| DateTime::from_timestamp(s, 0)),
    ]
}

fn repository_with(history: &[CaseEvent], stream: &StreamId) -> Repository<CarerCase, MemoryStore> {
    let repo =
        Repository::<CarerCase, _>::new(MemoryStore::new()).with_access(support::partnership());
    append_sealed(repo.store(), stream, history);
    repo
}

/// The established carer's date of birth (`adult_carer_assessed`).
fn carer_born() -> NaiveDate {
    date(1970, 4, 2)
}

/// Every date a command's JSON holds.
fn dates_in(value: &Value) -> Vec<NaiveDate> {
    match value {
        Value::String(s) => s.parse().into_iter().collect(),
        Value::Array(items) => items.iter().flat_map(dates_in).collect(),
        Value::Object(fields) => fields.values().flat_map(dates_in).collect(),
        _ => Vec::new(),
    }
}

type Step = (usize, Vec<Change>, DateTime<Utc>);

fn steps() -> impl Strategy<Value = Vec<Step>> {
    proptest::collection::vec(
        (
            any::<usize>(),
            proptest::collection::vec(change(), 0..=3),
            any_instant(),
        ),
        1..10,
    )
}

/// Sends each step's command, mutated, as JSON through the repository and checks
/// the laws; returns how many were accepted.
fn send(commands_of: fn(Ids) -> Vec<CaseCommand>, steps: Vec<Step>) -> Result<(), TestCaseError> {
    let (history, ids) = established();
    let stream = ids.carer.stream();
    let repo = repository_with(&history, &stream);
    let templates = commands_of(ids);
    for (which, changes, at) in steps {
        let body = mutate(&templates[which % templates.len()], &changes);
        // As an HTTP body: what does not deserialise never reaches the case.
        let Ok(command) = revealed(|| serde_json::from_value::<CaseCommand>(body)) else {
            continue;
        };
        let ctx = Context::new(
            Actor::new("sw-22", "adult-social-care", "social-worker"),
            at,
        );
        let before = repo.store().head_position().expect("head");
        match repo.execute(&stream, &command, &ctx, None) {
            Ok(done) => {
                // Every date it recorded lies within the carer's life as a record
                // holds it: read from the JSON, independently of the case's rule.
                let sent = revealed(|| serde_json::to_value(&command)).expect("serialises");
                for day in dates_in(&sent) {
                    prop_assert!(
                        (carer_born()..=date(2199, 12, 31)).contains(&day),
                        "recorded a date of {}",
                        day
                    );
                }
                // What was accepted folds back to the same case, and reads.
                let loaded = repo.load(&stream).expect("an accepted case loads");
                prop_assert_eq!(&loaded.state, &done.state);
                let _ = done.state.overdue(&SafeguardingPolicy::default(), now());
                serde_json::to_string(&done.state).expect("the case serialises");
            }
            Err(RepoError::Domain(e)) => {
                prop_assert_eq!(repo.store().head_position().expect("head"), before);
                // A refusal of the input, never a fault of the store or the data.
                prop_assert!(
                    !matches!(e.kind(), ErrorKind::Corrupt | ErrorKind::Unavailable),
                    "{} is not a refusal of the input",
                    e.code()
                );
            }
            Err(e) => prop_assert!(false, "not a typed refusal: {}", e),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn hostile_assessment_commands_are_refused_or_valid_and_never_append_part(steps in steps()) {
        send(assessment_commands, steps)?;
    }

    #[test]
    fn hostile_safeguarding_commands_are_refused_or_valid_and_never_append_part(steps in steps()) {
        send(safeguarding_commands, steps)?;
    }

    #[test]
    fn hostile_plan_commands_are_refused_or_valid_and_never_append_part(steps in steps()) {
        send(plan_commands, steps)?;
    }
}

#[test]
fn the_templates_are_accepted_unmutated_so_the_laws_are_not_vacuous() {
    // Each group's commands, sent in order without mutation, are mostly accepted:
    // a hostile value is then what a refusal answers, not a broken fixture.
    for (group, commands_of, at_least) in [
        (
            "assessment",
            assessment_commands as fn(Ids) -> Vec<CaseCommand>,
            4,
        ),
        ("safeguarding", safeguarding_commands, 4),
        ("plan", plan_commands, 5),
    ] {
        let (history, ids) = established();
        let stream = ids.carer.stream();
        let repo = repository_with(&history, &stream);
        let accepted = commands_of(ids)
            .iter()
            .filter(|c| repo.execute(&stream, c, &asc(), None).is_ok())
            .count();
        assert!(accepted >= at_least, "{group}: only {accepted} accepted");
    }
}

#[test]
fn a_date_before_the_carer_was_born_or_after_2199_is_refused() {
    let (history, ids) = established();
    for on in [
        carer_born().pred_opt().expect("a day before"),
        date(1899, 12, 31),
        NaiveDate::MIN,
    ] {
        let command = CaseCommand::GiveWrittenRecord {
            assessment: ids.assessed,
            on,
        };
        assert_eq!(
            refusal(&history, command, &asc()),
            CaseError::DateOutOfRange
        );
    }
    for due in [date(2200, 1, 1), NaiveDate::MAX] {
        let command = CaseCommand::AgreeAction {
            concern: ids.concern,
            action: ActionId::new(),
            owner: OrganisationId("carers-hub".into()),
            description: Personal::new("visit".into()),
            due,
        };
        assert_eq!(
            refusal(&history, command, &hub()),
            CaseError::DateOutOfRange
        );
    }
    // The carer's birthday itself is within their life.
    let mut history = history;
    accept(
        &mut history,
        CaseCommand::GiveWrittenRecord {
            assessment: ids.assessed,
            on: carer_born(),
        },
        &asc(),
    );
}

#[test]
fn an_organisation_named_blank_or_over_256_bytes_is_refused() {
    let (history, ids) = established();
    for name in [
        String::new(),
        "  \t".into(),
        "a".repeat(257),
        "a".repeat(70_000),
    ] {
        let org = OrganisationId(name.as_str().into());
        for command in [
            CaseCommand::ShareInformation {
                concern: ids.concern,
                with: org.clone(),
                basis: SharingBasis::Consent,
            },
            CaseCommand::AgreeAction {
                concern: ids.concern,
                action: ActionId::new(),
                owner: org.clone(),
                description: Personal::new("visit".into()),
                due: now().date_naive(),
            },
        ] {
            assert_eq!(
                refusal(&history, command, &hub()),
                CaseError::InvalidOrganisation
            );
        }
    }
    let at_most = OrganisationId("a".repeat(256).as_str().into());
    let mut history = history;
    accept(
        &mut history,
        CaseCommand::ShareInformation {
            concern: ids.concern,
            with: at_most,
            basis: SharingBasis::WithoutConsent(Personal::new("risk to others".into())),
        },
        &hub(),
    );
}
