//! Services delivered (issue 12), through the repository: recorded as they
//! happen, each checked for what it says, linked to the plan item it delivers.

mod support;

use carers_core::domain::*;
use carers_core::es::{
    EventStore, MemoryStore, OrganisationId, RecordedEvent, RepoError, Repository,
};
use chrono::Days;
use support::*;

fn service(delivered: Service, plan_item: Option<PlanItem>) -> CaseCommand {
    CaseCommand::RecordService(NewService {
        service: ServiceId::new(),
        on: now().date_naive(),
        delivered,
        plan_item,
    })
}

fn everything(repo: &Repository<CarerCase, MemoryStore>) -> Vec<RecordedEvent> {
    repo.store().read_all(1, usize::MAX).expect("the log")
}

fn a_break(days_long: u64, hours: u32) -> Service {
    let to = now().date_naive();
    Service::ShortBreak {
        from: to.checked_sub_days(Days::new(days_long)).expect("a day"),
        to,
        hours,
        provider: OrganisationId("respite-provider".into()),
    }
}

#[test]
fn a_service_is_recorded_with_the_plan_item_it_delivers() {
    let (repo, carer, plan, _) = planned_case();
    let delivers = Some(PlanItem { plan, item: 0 });
    // A 2-day break holds up to 48 hours; with no plan item it may be before the plan.
    repo.execute(
        &carer.stream(),
        &service(a_break(1, 48), None),
        &hub(),
        None,
    )
    .expect("recorded");
    repo.execute(
        &carer.stream(),
        &service(a_break(0, 8), delivers),
        &hub(),
        None,
    )
    .expect("recorded");
    repo.execute(
        &carer.stream(),
        &service(
            Service::BenefitsCheck {
                income_gained: Pence(0),
            },
            None,
        ),
        &hub(),
        None,
    )
    .expect("a check that gained nothing is still an outcome");
    let case = repo.load(&carer.stream()).expect("loads").state;
    let delivering: Vec<_> = case.services.delivering(plan).collect();
    assert_eq!(delivering.len(), 1);
    assert_eq!(delivering[0].delivered, a_break(0, 8));
    assert_eq!(delivering[0].by.as_str(), "carers-hub");
    assert_eq!(case.services.list.len(), 3);
}

#[test]
fn a_service_that_says_nothing_was_delivered_or_names_no_such_plan_item_is_refused_and_appends_nothing()
 {
    let (repo, carer, plan, _) = planned_case();
    let used = ServiceId::new();
    let first = CaseCommand::RecordService(NewService {
        service: used,
        on: now().date_naive(),
        delivered: Service::Training {
            course: Course::MovingAndHandling,
        },
        plan_item: None,
    });
    repo.execute(&carer.stream(), &first, &hub(), None)
        .expect("recorded");
    let tomorrow = now()
        .date_naive()
        .checked_add_days(Days::new(1))
        .expect("a day");
    let cases = [
        (first.clone(), CaseError::ServiceExists),
        (service(a_break(2, 0), None), CaseError::NothingDelivered),
        (
            service(Service::Counselling { sessions: 0 }, None),
            CaseError::NothingDelivered,
        ),
        (
            service(
                Service::CarersCard {
                    number: Personal::new(" ".into()),
                },
                None,
            ),
            CaseError::NothingDelivered,
        ),
        (
            service(Service::Spend { amount: Pence(0) }, None),
            CaseError::NonPositiveAmount,
        ),
        (
            service(
                Service::BenefitsCheck {
                    income_gained: Pence(-1),
                },
                None,
            ),
            CaseError::NegativeAmount,
        ),
        (
            service(Service::GpCarersRegister, Some(PlanItem { plan, item: 1 })),
            CaseError::UnknownPlanItem,
        ),
        (
            service(
                Service::GpCarersRegister,
                Some(PlanItem {
                    plan: PlanId::new(),
                    item: 0,
                }),
            ),
            CaseError::UnknownPlan,
        ),
        (
            CaseCommand::RecordService(NewService {
                service: ServiceId::new(),
                on: tomorrow,
                delivered: Service::GpCarersRegister,
                plan_item: None,
            }),
            CaseError::DateInTheFuture,
        ),
        (
            service(
                Service::ShortBreak {
                    from: now().date_naive(),
                    to: date(2026, 1, 1),
                    hours: 4,
                    provider: OrganisationId("respite-provider".into()),
                },
                None,
            ),
            CaseError::BreakDatesInvalid,
        ),
        // Each of a break's date rules alone: it ends before it starts...
        (
            service(
                Service::ShortBreak {
                    from: now().date_naive(),
                    to: now()
                        .date_naive()
                        .checked_sub_days(Days::new(1))
                        .expect("a day"),
                    hours: 4,
                    provider: OrganisationId("respite-provider".into()),
                },
                None,
            ),
            CaseError::BreakDatesInvalid,
        ),
        // ...it does not end on the day recorded...
        (
            CaseCommand::RecordService(NewService {
                service: ServiceId::new(),
                on: now().date_naive(),
                delivered: Service::ShortBreak {
                    from: date(2026, 11, 1),
                    to: date(2026, 11, 2),
                    hours: 4,
                    provider: OrganisationId("respite-provider".into()),
                },
                plan_item: None,
            }),
            CaseError::BreakDatesInvalid,
        ),
        // ...or it has more hours than its days hold.
        (service(a_break(1, 49), None), CaseError::BreakDatesInvalid),
        // A service under a plan is not before the plan was agreed.
        (
            service(a_break(2, 10), Some(PlanItem { plan, item: 0 })),
            CaseError::DateBeforePlan,
        ),
    ];
    for (command, expected) in cases {
        let before = everything(&repo);
        match repo.execute(&carer.stream(), &command, &hub(), None) {
            Err(RepoError::Domain(e)) => assert_eq!(e, expected),
            other => panic!("expected {expected:?}, got {other:?}"),
        }
        assert_eq!(everything(&repo), before);
    }
}

#[test]
fn a_volunteer_records_no_service() {
    let (repo, carer, _, _) = planned_case();
    let volunteer = carers_core::es::Context::new(
        carers_core::es::Actor::new("vol-3", "carers-hub", "volunteer"),
        now(),
    );
    assert!(matches!(
        repo.execute(
            &carer.stream(),
            &service(Service::GpCarersRegister, None),
            &volunteer,
            None
        ),
        Err(RepoError::Denied(_))
    ));
}
