//! The main job: one carer's journey on an embedded sled store in a temporary
//! directory. A Carers Hub worker identifies a carer at hospital discharge,
//! registers the mother they care for (her own record) and links the caring role
//! to it, assesses the carer under the Care Act, escalates the complex
//! assessment to Adult Social Care, which determines eligibility; the Hub records
//! contacts and a break taken, registers an emergency plan, which is activated
//! when the carer goes into hospital; later the carer is bereaved and moves on. The store is then reopened and read back, and the
//! case is shown as it was known before the assessment.
//!
//! Only non-personal facts are printed: event types, positions, the determination's
//! reasons. Personal details stay inside `Personal` fields.

use carers::chrono::{Duration, NaiveDate, TimeZone, Utc};
use carers::domain::*;
use carers::es::{
    Actor, Aggregate, Context, EventStore, GlobalLog, ProjectionRunner, ReadPurpose, RepoError,
    Repository,
};
use carers::projections::SafeguardingTrends;
use carers::sled_store::SledStore;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid calendar date written in the example")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = SledStore::open(dir.path())?;
    let repo = Repository::<CarerCase, _>::new(store.clone()).with_access(partnership());
    // The cared-for person's own record, on the same store.
    let people = Repository::<CaredForPerson, _>::new(store).with_access(partnership());
    let carer = CarerId::new();
    let stream = carer.stream();
    let mother = CaredForId::new();
    let assessment = AssessmentId::new();
    let (plan, payment, concern) = (PlanId::new(), DirectPaymentId::new(), ConcernId::new());
    let emergency = EmergencyPlanId::new();

    let day_one = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 30, 0)
        .single()
        .expect("valid instant");
    let hub = |days: i64| {
        Context::new(
            Actor::new("hub-worker-17", "carers-hub", "support-worker"),
            day_one + Duration::days(days),
        )
    };
    let asc = |days: i64| {
        Context::new(
            Actor::new("social-worker-4", "adult-social-care", "social-worker"),
            day_one + Duration::days(days),
        )
    };

    let steps: Vec<(Context, CaseCommand)> = vec![
        (
            hub(0),
            CaseCommand::IdentifyCarer {
                carer,
                details: PersonalDetails {
                    name: Personal::new("Sam Carer".into()),
                    date_of_birth: Personal::new(date(1968, 7, 14)),
                    contact: Personal::new("07700 900123".into()),
                    address: Personal::new("12 Example Road, Birmingham".into()),
                    notes: Personal::new("prefers evening calls".into()),
                },
                source: IdentificationSource::HospitalDischarge,
                lawful_basis: LawfulBasis::PublicTask,
                consent_to_hold_data: true,
            },
        ),
        (
            hub(30),
            CaseCommand::ChangeStage {
                cared_for: mother,
                to: Stage::LivingAsACarer,
                on: date(2026, 4, 1),
            },
        ),
        (
            hub(31),
            CaseCommand::RequestAssessment(AssessmentRequest::new(
                assessment,
                AssessmentKind::CarersAssessment,
                mother,
                Route::RequestedByCarer,
            )),
        ),
        (hub(35), CaseCommand::StartAssessment { assessment }),
        (
            hub(35),
            CaseCommand::RecordEvidence {
                assessment,
                evidence: Box::new(AssessmentEvidence {
                    needs: Personal::new("cannot keep up work shifts; no breaks".into()),
                    wished_outcomes: Personal::new("keep my job; one evening off a week".into()),
                    able_to_continue: true,
                    willing_to_continue: true,
                    work_and_life: WorkAndLife {
                        works: true,
                        wishes_to_work: true,
                        ..WorkAndLife::default()
                    },
                    needs_assessed: AssessedNeeds {
                        from_necessary_care_for_an_adult: true,
                        health_deteriorating_or_at_risk: true,
                        significant_impact_on_wellbeing: true,
                        ..AssessedNeeds::default()
                    }
                    .with_outcome(
                        Outcome::WorkTrainingEducationOrVolunteering,
                        Achievement::Unachievable(Inability::NeedsAssistance),
                    )
                    .with_outcome(
                        Outcome::Recreation,
                        Achievement::Unachievable(Inability::SignificantPainDistressOrAnxiety),
                    ),
                    ..AssessmentEvidence::default()
                }),
            },
        ),
        (
            hub(36),
            CaseCommand::EscalateAsComplex {
                assessment,
                escalation: Escalation {
                    reason: Personal::new("risk of carer breakdown".into()),
                    to: carers::es::OrganisationId("adult-social-care".into()),
                },
            },
        ),
        (asc(38), CaseCommand::AcceptEscalation { assessment }),
        (asc(45), CaseCommand::CompleteAssessment { assessment }),
        (
            asc(46),
            CaseCommand::GiveWrittenRecord {
                assessment,
                on: date(2026, 4, 17),
            },
        ),
        (asc(46), CaseCommand::CloseAssessment { assessment }),
        (
            asc(50),
            CaseCommand::AgreePlan {
                plan,
                basis: PlanBasis::EligibleNeeds {
                    assessment,
                    conditions: DutyConditions {
                        ordinarily_resident: true,
                        financial_conditions_met: true,
                        adult_needing_care_agrees: true,
                    },
                },
                support: PlanSupport::new(vec![
                    PlannedSupport::new(
                        NeedArea::Outcome(Outcome::Recreation),
                        SupportMethod::ShortBreak {
                            length: BreakLength::Hours(4),
                            replacement_care: true,
                        },
                        Pence(60_000),
                        Pence(0),
                    )?,
                    PlannedSupport::new(
                        NeedArea::Outcome(Outcome::WorkTrainingEducationOrVolunteering),
                        SupportMethod::DirectPayment,
                        Pence(120_000),
                        Pence(0),
                    )?,
                ])?,
                matters: PlanMatters {
                    ability_and_willingness_to_care: true,
                    wellbeing: [
                        WellbeingArea::HealthAndEmotionalWellbeing,
                        WellbeingArea::ParticipationInWorkEducationTrainingOrRecreation,
                    ]
                    .into(),
                    wished_outcomes: true,
                    work_and_life: WorkAndLife {
                        works: true,
                        ..WorkAndLife::default()
                    },
                },
                advice: Personal::new("carers' rights at work; local carers' centre".into()),
                involvement: Involvement {
                    carer: true,
                    carer_asked_for_adult_needing_care: false,
                    adult_needing_care: false,
                },
                contingency: ContingencyPlan {
                    who_steps_in: Personal::new("brother, 07700 900789".into()),
                    arrangements: Personal::new("spare key with neighbour".into()),
                },
            },
        ),
        (
            asc(50),
            CaseCommand::AgreeDirectPayment {
                plan,
                payment,
                conditions: DirectPaymentConditions {
                    requested: true,
                    has_capacity_to_request: true,
                    not_prohibited: true,
                    managing: ManagingCapability::Unaided,
                    appropriate_way_to_meet_needs: true,
                },
                items: [1].into(),
                amount: Pence(30_000),
                uses: vec![
                    DirectPaymentUse::Travel,
                    DirectPaymentUse::HealthAndWellbeing,
                ],
                description: Personal::new("taxi to work on late shifts".into()),
                frequency: PaymentFrequency::EveryWeeks(4),
            },
        ),
        (
            asc(52),
            CaseCommand::RecordDirectPaymentMade {
                plan,
                payment,
                on: date(2026, 4, 23),
                amount: Pence(30_000),
            },
        ),
        (
            hub(120),
            CaseCommand::RaiseConcern {
                concern,
                details: ConcernDetails {
                    person_at_risk: PersonAtRisk::CaredFor(mother),
                    carer_alleged_to_cause_harm: false,
                    categories: vec![AbuseCategory::FinancialOrMaterial],
                    immediate_risk: false,
                    desired_outcomes: Personal::new("mother wants her savings protected".into()),
                    sharing: SharingBasis::Consent,
                    children_in_household: false,
                },
            },
        ),
        (
            hub(120),
            CaseCommand::ReferConcern {
                concern,
                to: Agency::AdultSocialCare,
            },
        ),
        (
            asc(122),
            CaseCommand::DecideS42 {
                concern,
                conditions: S42Conditions {
                    cause_to_suspect_needs_for_care_and_support: true,
                    cause_to_suspect_abuse_or_neglect: true,
                    cause_to_suspect_unable_to_protect_themselves: true,
                },
                outcome: S42Outcome::DutyMet,
            },
        ),
        (
            asc(122),
            CaseCommand::AgreeAction {
                concern,
                action: ActionId::new(),
                owner: carers::es::OrganisationId("adult-social-care".into()),
                description: Personal::new("contact the bank's vulnerable customer team".into()),
                due: date(2026, 7, 15),
            },
        ),
        (
            hub(200),
            CaseCommand::RecordContact(NewContact {
                contact: ContactId::new(),
                on: date(2026, 9, 18),
                channel: Channel::Call,
                purpose: ContactPurpose::EmotionalSupport,
                outcome: Personal::new(
                    "Sam is exhausted; booked onto the peer-support group".into(),
                ),
            }),
        ),
        (
            hub(200),
            CaseCommand::RecordService(NewService {
                service: ServiceId::new(),
                on: date(2026, 9, 18),
                delivered: Service::ShortBreak {
                    from: date(2026, 9, 14),
                    to: date(2026, 9, 18),
                    hours: 40,
                    provider: carers::es::OrganisationId("respite-at-home".into()),
                },
                // The plan's first item: the break it planned, now taken.
                plan_item: Some(PlanItem { plan, item: 0 }),
            }),
        ),
        (
            hub(200),
            CaseCommand::RegisterEmergencyPlan(NewEmergencyPlan {
                plan: emergency,
                cared_for: mother,
                arrangements: EmergencyArrangements {
                    who_steps_in: Personal::new("Sam's brother, 07700 900456".into()),
                    needs: Personal::new("medication at 8am and 8pm; key safe code with GP".into()),
                    who_to_call: Personal::new("the emergency response line".into()),
                },
            }),
        ),
        (
            hub(200),
            CaseCommand::IssueEmergencyCard {
                plan: emergency,
                number: Personal::new("EC-0420".into()),
            },
        ),
        (
            // Sam is admitted to hospital: the plan is activated...
            hub(215),
            CaseCommand::ActivateEmergencyPlan {
                plan: emergency,
                at: day_one + Duration::days(215) - Duration::hours(2),
                reason: EmergencyReason::HospitalAdmission,
                replacement_care: Personal::new("brother stays; home care twice a day".into()),
            },
        ),
        (
            // ...and ends when Sam is home again.
            hub(219),
            CaseCommand::EndEmergencyActivation {
                plan: emergency,
                at: day_one + Duration::days(219),
            },
        ),
        (
            hub(240),
            CaseCommand::MoveOn {
                cared_for: mother,
                reason: MovingOnReason::Died,
                on: date(2026, 10, 28),
            },
        ),
    ];
    let (identification, rest) = steps.split_first().expect("the journey starts somewhere");
    repo.execute(&stream, &identification.1, &identification.0, None)?;
    // The mother's own record, and the caring role linked to it: the role takes
    // her date of birth from the record (it decides which law applies).
    people.execute(
        &mother.stream(),
        &CaredForCommand::Register {
            person: mother,
            name: Personal::new("Pat Carer".into()),
            date_of_birth: Personal::new(date(1941, 3, 9)),
            nhs_number: Some(Personal::new(NhsNumber::parse("943 476 5919")?)),
        },
        &hub(0),
        None,
    )?;
    let record = people
        .read(&mother.stream(), &hub(0), ReadPurpose::Casework)?
        .state;
    let role = NewCaringRole {
        cared_for: mother,
        cared_for_born: record
            .date_of_birth()
            .cloned()
            .expect("registered just now"),
        relationship: Relationship::Child,
        parental_responsibility: false,
        conditions: vec![ConditionCategory::Dementia, ConditionCategory::Frailty],
        hours: HoursBand::From50,
        lives_with_carer: true,
        basis: CareBasis::Unpaid,
        stage: Stage::BecomingACarer,
    };
    cared_for::link_carer(&repo, &people, &hub(0), carer, &role, date(2025, 11, 1))?;
    for (ctx, command) in rest {
        repo.execute(&stream, command, ctx, None)?;
    }
    // Her death ends every carer's link on her record.
    people.execute(
        &mother.stream(),
        &CaredForCommand::RecordDeath {
            on: date(2026, 10, 28),
        },
        &hub(241),
        None,
    )?;

    // A command the journey forbids is refused and appends nothing.
    let head = repo.store().head_position()?;
    let back = CaseCommand::ChangeStage {
        cared_for: mother,
        to: Stage::BeforeCaring,
        on: date(2026, 11, 1),
    };
    match repo.execute(&stream, &back, &hub(241), None) {
        Err(RepoError::Domain(e)) => println!("refused, nothing appended: {e}"),
        other => panic!("the journey must refuse this step, got {other:?}"),
    }
    assert_eq!(repo.store().head_position()?, head);

    // Reopen the store: everything is read back from disk.
    drop((repo, people));
    let repo =
        Repository::<CarerCase, _>::new(SledStore::open(dir.path())?).with_access(partnership());
    println!("\nthe global log after reopening:");
    for event in GlobalLog::new(repo.store(), 1, 100) {
        let event = event?;
        println!(
            "  #{:<2} v{:<2} {:<30} by {} ({})",
            event.position,
            event.version,
            event.event_type,
            event.metadata.actor.role.0,
            event.metadata.actor.organisation.0
        );
    }

    let case = repo.load(&stream)?.state;
    let done = case
        .assessment(assessment)
        .expect("the assessment was requested above");
    if let Some(AssessmentResult::Determination(d)) = &done.result {
        println!("\ndetermination: eligible = {}", d.eligible);
        println!(
            "  health deteriorating or at risk: {}",
            d.reasons.health_deteriorating_or_at_risk
        );
        for (outcome, how) in &d.reasons.unachievable_outcomes {
            println!("  unable to achieve {outcome:?}: {how:?}");
        }
    }
    let role = case.role(mother).expect("the role was added above");
    println!(
        "\ncontacts recorded: {} ({:?})",
        case.contacts.list.len(),
        case.contacts
            .list
            .iter()
            .map(|(_, c)| (c.on, c.channel, c.purpose))
            .collect::<Vec<_>>()
    );
    println!(
        "services delivered under the plan: {:?}",
        case.services
            .delivering(plan)
            .map(|s| (s.on, &s.delivered))
            .collect::<Vec<_>>()
    );
    if let Some(e) = case.emergency_plans.get(emergency) {
        println!(
            "emergency plan: card issued {}; activations {:?}",
            e.card.is_some(),
            e.activations
                .iter()
                .map(|a| (a.reason, a.at, a.ended))
                .collect::<Vec<_>>()
        );
    }
    println!("journey stage now: {:?}", case.overall_stage());
    println!(
        "carer kind on 2026-11-23: {:?}",
        case.kind_on(date(2026, 11, 23))
    );
    if let Some(e) = repo
        .store()
        .read_stream(&stream, 1, 100)?
        .iter()
        .rev()
        .find(|e| &*e.event_type == "MovedOnFromCaring")
    {
        if let CaseEvent::MovedOnFromCaring { offer, .. } = repo.decode(e)? {
            println!(
                "bereavement support until {:?}, follow-up due {:?}",
                offer.support_until, offer.follow_up_due
            );
        }
    }
    assert_eq!(role.stage, Stage::MovingOn);

    if let Some(p) = case.plan(plan) {
        println!(
            "support plan: {:?}; review due {} (made due at once when caring ended)",
            p.support_type(),
            p.review_due
        );
    }
    let overdue = case.overdue(
        &SafeguardingPolicy::default(),
        day_one + Duration::days(250),
    );
    println!("safeguarding items overdue on day 250: {overdue:?}");
    let mut trends = SafeguardingTrends::new();
    ProjectionRunner::default().catch_up(repo.store(), &mut trends)?;
    println!(
        "trends: per category and month {:?}; per partner {:?}; actions overdue on day 250: {}",
        trends.per_category_month,
        trends.per_partner,
        trends.actions_overdue(day_one + Duration::days(250))
    );

    let before_assessment = repo.load_as_of(&stream, day_one + Duration::days(32))?;
    println!(
        "\nas known on day 32: version {}, stage {:?}, assessments {}",
        before_assessment.version,
        before_assessment.state.overall_stage(),
        before_assessment.state.assessments.list.len()
    );
    let replayed = CarerCase::replay(
        &repo
            .store()
            .read_stream(&stream, 1, 100)?
            .iter()
            .map(|e| repo.decode(e))
            .collect::<Result<Vec<_>, _>>()?,
    );
    assert_eq!(replayed, case, "replay equals the loaded state");
    println!(
        "store directory: {} (removed on exit)",
        dir.path().display()
    );
    Ok(())
}

/// The partnership the example acts in: each organisation with its kind. Without one, every actor is refused.
fn partnership() -> Partnership {
    Partnership::new()
        .with("carers-hub", PartnerKind::CarersHub)
        .with("adult-social-care", PartnerKind::AdultSocialCare)
}
