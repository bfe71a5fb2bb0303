//! The caseload, safeguarding trends, the retention schedule and the work
//! queue on a generated caseload: every expected figure is computed here from
//! the generator's plan (who was allocated to whom and when, each concern's
//! steps, the day of every command), independently of the read models.

use std::collections::BTreeMap;

use carers_core::domain::*;
use carers_core::es::{OrganisationId, ProjectionRunner, StreamId};
use carers_core::generator::{HUB, Plan, PlannedCarer, worker};
use carers_core::projections::work_queue::Reason;
use carers_core::projections::{Caseload, RetentionSchedule, SafeguardingTrends, WorkQueue};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

mod support;
use support::generated;

fn noon(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).expect("noon exists").and_utc()
}

#[test]
fn each_workers_caseload_is_the_carers_allocated_to_them() {
    let (plan, repo) = generated(300, 9);
    let mut caseload = Caseload::new();
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut caseload)
        .expect("caught up");
    let workers = plan.spec.workers;
    assert!(workers >= 2);
    for n in 0..workers {
        let mut expected: Vec<(StreamId, NaiveDate)> = plan
            .carers
            .iter()
            .filter_map(|c| match c.allocated {
                Some((w, on)) if w == n => Some((c.carer.stream(), on)),
                _ => None,
            })
            .collect();
        expected.sort();
        assert!(!expected.is_empty());
        assert_eq!(caseload.cases_of(&worker(n)), expected, "worker {n}");
    }
    let mut waiting: Vec<StreamId> = plan
        .carers
        .iter()
        .filter(|c| c.allocated.is_none())
        .map(|c| c.carer.stream())
        .collect();
    waiting.sort();
    assert!(!waiting.is_empty());
    assert_eq!(caseload.unallocated(), waiting);
    let allocated = plan.carers.len() - waiting.len();
    assert_eq!(
        caseload.per_organisation().get(&OrganisationId(HUB.into())),
        Some(&allocated)
    );
}

#[test]
fn safeguarding_trends_count_the_concerns_and_open_actions_of_the_plan() {
    let (plan, repo) = generated(900, 21);
    let concerns: Vec<_> = plan
        .carers
        .iter()
        .filter_map(|c| c.concern.as_ref())
        .collect();
    let runner = ProjectionRunner::default();
    for day in [plan.spec.from + chrono::Days::new(200), plan.spec.until()] {
        let trends = runner
            .as_of(repo.store(), SafeguardingTrends::new(), noon(day))
            .expect("built");
        let known: Vec<_> = concerns.iter().filter(|c| c.raised_on <= day).collect();
        let mut per_month: BTreeMap<(AbuseCategory, (i32, u32)), u32> = BTreeMap::new();
        for c in &known {
            let month = (c.raised_on.year(), c.raised_on.month());
            *per_month
                .entry((AbuseCategory::Psychological, month))
                .or_default() += 1;
        }
        assert_eq!(trends.per_category_month, per_month, "{day}");
        let hub = OrganisationId(HUB.into());
        assert_eq!(
            trends.per_partner.get(&hub).copied(),
            Some(known.len() as u32)
        );
        // One concern per carer: none repeats.
        assert_eq!(trends.repeat_concerns, 0);
        // Actions agreed by then, not done by then, due before then.
        let overdue = known
            .iter()
            .flat_map(|c| &c.actions)
            .filter(|a| a.agreed_on <= day && a.due < day)
            .filter(|a| a.completed_on.is_none_or(|done| done > day))
            .count();
        assert_eq!(trends.actions_overdue(noon(day)), overdue, "{day}");
    }
    assert!(concerns.len() >= 20);
}

/// Every day the plan records something for `c` on.
fn days_of(c: &PlannedCarer) -> Vec<NaiveDate> {
    let mut days = vec![c.identified_on];
    for r in &c.roles {
        days.extend(r.living_on);
        days.extend(r.moved_on.map(|(_, on)| on));
    }
    days.extend(c.allocated.map(|(_, on)| on));
    days.extend(c.contacts.iter().map(|x| x.on));
    days.extend(c.monitoring.as_ref().map(|(on, _)| *on));
    if let Some(k) = &c.concern {
        days.push(k.raised_on);
        days.extend(k.below_threshold_on);
        days.extend(k.referred.map(|(on, _)| on));
        days.extend(k.strategy_meeting_on);
        days.extend(k.decided.map(|(on, _)| on));
        for a in &k.actions {
            days.push(a.agreed_on);
            days.extend(a.completed_on);
        }
        days.extend(k.closed.map(|(on, _, _)| on));
    }
    if let Some(a) = &c.assessment {
        days.push(a.requested_on);
        days.extend(a.started_on);
        days.extend(a.completed.map(|(on, _)| on));
        days.extend(a.advice_on);
        if let Some(p) = &a.plan {
            days.push(p.agreed_on);
            days.extend(p.direct_payment.iter().flat_map(|d| d.paid.iter().copied()));
            days.extend(p.reviews.iter().map(|r| r.on));
        }
    }
    days
}

#[test]
fn each_case_comes_up_for_retention_six_years_after_its_last_activity() {
    let (plan, repo) = generated(300, 5);
    let mut schedule = RetentionSchedule::default();
    ProjectionRunner::default()
        .catch_up(repo.store(), &mut schedule)
        .expect("caught up");
    for c in &plan.carers {
        let last = days_of(c).into_iter().max().expect("identified");
        let due = last.checked_add_months(Months::new(72)).expect("a day");
        assert_eq!(
            schedule.due_on(&c.carer.stream()),
            Some(due),
            "{:?}",
            c.carer
        );
    }
}

/// The work queue's assessments waiting and safeguarding items, against the
/// plan: an assessment requested and not completed 28 days on (the default
/// policy); a concern's referral not made by the end of the next working day,
/// strategy meeting not held within five working days of an adult referral,
/// and action not done by its day, on a concern still open.
fn expected_queue(plan: &Plan, today: NaiveDate) -> Vec<(StreamId, String)> {
    let policy = SafeguardingPolicy::default();
    let after = |day, n| {
        policy
            .calendar
            .add_working_days(day, n)
            .expect("within the calendar")
    };
    let done_by = |d: Option<NaiveDate>| d.is_some_and(|d| d <= today);
    let mut items = Vec::new();
    for c in &plan.carers {
        let stream = c.carer.stream();
        if let Some(a) = &c.assessment {
            let waiting_from = a.requested_on + chrono::Days::new(28);
            if waiting_from <= today && !done_by(a.completed.map(|(on, _)| on)) {
                items.push((stream.clone(), format!("waiting {:?}", a.assessment)));
            }
        }
        let Some(k) = c.concern.as_ref().filter(|k| k.raised_on <= today) else {
            continue;
        };
        let closed = done_by(k.closed.map(|(on, _, _)| on)) || done_by(k.below_threshold_on);
        if closed {
            continue;
        }
        let referred = k.referred.filter(|(on, _)| *on <= today);
        if referred.is_none() && after(k.raised_on, 1) < today {
            items.push((stream.clone(), "referral".into()));
        }
        if let Some((on, Agency::AdultSocialCare)) = referred
            && !done_by(k.strategy_meeting_on)
            && after(on, 5) < today
        {
            items.push((stream.clone(), "strategy meeting".into()));
        }
        for a in k.actions.iter().filter(|a| a.agreed_on <= today) {
            if !done_by(a.completed_on) && a.due < today {
                items.push((stream.clone(), format!("action {:?}", a.action)));
            }
        }
    }
    items.sort();
    items
}

#[test]
fn the_work_queue_lists_the_assessments_waiting_and_safeguarding_overdue_in_the_plan() {
    let (plan, repo) = generated(900, 21);
    let runner = ProjectionRunner::default();
    // Every eleventh day, so that some fall on a due day (and a step's day).
    let days = (1..=33).map(|n| plan.spec.from + chrono::Days::new(n * 11));
    let mut seen = Vec::new();
    for day in days.filter(|d| *d <= plan.spec.until()) {
        let queue = runner
            .as_of(
                repo.store(),
                WorkQueue::new(CasePolicy::default()),
                noon(day),
            )
            .expect("built");
        let mut got: Vec<(StreamId, String)> = queue
            .due(noon(day))
            .into_iter()
            .filter_map(|item| {
                let what = match item.reason {
                    Reason::AssessmentWaiting(a) => format!("waiting {a:?}"),
                    Reason::Safeguarding(Overdue::Referral { .. }) => "referral".into(),
                    Reason::Safeguarding(Overdue::StrategyMeeting { .. }) => {
                        "strategy meeting".into()
                    }
                    Reason::Safeguarding(Overdue::Action { action, .. }) => {
                        format!("action {action:?}")
                    }
                    _ => return None,
                };
                Some((item.case, what))
            })
            .collect();
        got.sort();
        let want = expected_queue(&plan, day);
        assert_eq!(got, want, "{day}");
        seen.extend(want.into_iter().map(|(_, w)| w));
    }
    // Each kind of item was there to compare.
    for kind in ["waiting", "referral", "strategy meeting", "action"] {
        assert!(seen.iter().any(|w| w.starts_with(kind)), "{kind}");
    }
}
