//! The Client Level Data style extract on a generated caseload: every row is
//! built here from the generator's plan (each carer's assessment, plan and
//! reviews, by day; their roles' hours and the cared-for people's ages),
//! independently of the read model, and compared with the extract row by row;
//! then exported as CSV and JSON.

use carers_core::domain::*;
use carers_core::es::ProjectionRunner;
use carers_core::generator::{Plan, PlannedCarer};
use carers_core::projections::ClientLevelData;
use carers_core::projections::client_level_data::{
    COLUMNS, ClientLevelExtract, ClientLevelRow, EventType,
};
use carers_core::projections::table::Label;
use chrono::NaiveDate;

mod support;
use support::{acting_at, after, generated, hub_manager, salt_support_type};

/// A day by which the whole plan is recorded: the roles' stages then are the
/// case's now (every generated step falls within the caseload's months).
fn recorded(c: &PlannedCarer) -> NaiveDate {
    c.identified_on + chrono::Days::new(10 * 366)
}

/// The rows the plan says `c` has, active on some day of `from..=to`, with
/// the hours of the roles they give care in now (`adults` as given).
fn rows_of(
    c: &PlannedCarer,
    from: NaiveDate,
    to: NaiveDate,
    adults: Option<u32>,
) -> Vec<ClientLevelRow> {
    let caring: Vec<_> = c
        .roles
        .iter()
        .filter(|r| {
            matches!(
                r.stage_on(recorded(c)),
                Stage::BecomingACarer | Stage::LivingAsACarer
            )
        })
        .collect();
    let hours = caring.iter().map(|r| r.hours).max().map(Label::label);
    let row = |event_type, start, end| ClientLevelRow {
        carer: c.carer.stream(),
        hours_per_week: hours,
        adults_cared_for: adults,
        event_type,
        event_start: start,
        event_end: end,
        event_outcome: None,
        route_of_access: None,
        assessment_type: None,
        eligible_needs_identified: None,
        service_type: None,
        review_outcome: None,
    };
    let mut rows = Vec::new();
    let Some(a) = &c.assessment else {
        return rows;
    };
    // Every generated assessment is a carer's assessment the carer asked for.
    rows.push(ClientLevelRow {
        event_outcome: a.started_on.map(|_| "Assessment started"),
        route_of_access: Some("Requested by the carer"),
        assessment_type: Some("Carer's assessment"),
        ..row(EventType::Request, a.requested_on, a.started_on)
    });
    if let Some(started) = a.started_on {
        let completed = a.completed.map(|(on, _)| on);
        rows.push(ClientLevelRow {
            event_outcome: a.completed.map(|(_, eligible)| {
                if eligible {
                    "Eligible needs"
                } else {
                    "No eligible needs"
                }
            }),
            route_of_access: Some("Requested by the carer"),
            assessment_type: Some("Carer's assessment"),
            eligible_needs_identified: a.completed.map(|(_, eligible)| eligible),
            ..row(EventType::Assessment, started, completed)
        });
    }
    if let Some(p) = &a.plan {
        rows.push(ClientLevelRow {
            event_outcome: Some("In force"),
            service_type: Some(salt_support_type(&p.items, false).label()),
            ..row(EventType::Service, p.agreed_on, None)
        });
        for r in &p.reviews {
            rows.push(ClientLevelRow {
                event_outcome: Some("Reviewed"),
                review_outcome: Some("Continued"),
                ..row(EventType::Review, r.on, Some(r.on))
            });
        }
    }
    rows.retain(|r| r.event_start <= to && r.event_end.is_none_or(|end| end >= from));
    rows
}

/// How many of the people `c` gives care to now are adults on `to`.
fn adults(c: &PlannedCarer, to: NaiveDate) -> u32 {
    c.roles
        .iter()
        .filter(|r| {
            matches!(
                r.stage_on(recorded(c)),
                Stage::BecomingACarer | Stage::LivingAsACarer
            )
        })
        .filter(|r| to.years_since(r.cared_for_born).is_some_and(|y| y >= 18))
        .count() as u32
}

fn expected(plan: &Plan, from: NaiveDate, to: NaiveDate) -> Vec<ClientLevelRow> {
    let mut rows: Vec<_> = plan
        .carers
        .iter()
        .flat_map(|c| rows_of(c, from, to, Some(adults(c, to))))
        .collect();
    rows.sort_by(|a, b| {
        (&a.carer, a.event_start, a.event_type).cmp(&(&b.carer, b.event_start, b.event_type))
    });
    rows
}

fn extract(
    repo_store: &carers_core::es::MemoryStore,
    from: NaiveDate,
    to: NaiveDate,
) -> ClientLevelExtract {
    let mut cld = ClientLevelData::new();
    ProjectionRunner::default()
        .catch_up(repo_store, &mut cld)
        .expect("caught up");
    cld.extract(from, to)
}

#[test]
fn the_extract_has_one_row_per_request_assessment_service_and_review() {
    let (plan, repo) = generated(400, 14);
    let (from, to) = (plan.spec.from, plan.spec.until());
    let got = extract(repo.store(), from, to);
    let want = expected(&plan, from, to);
    assert_eq!(got.rows.len(), want.len());
    for (g, w) in got.rows.iter().zip(&want) {
        assert_eq!(g, w);
    }
    // Every type of row, ended and open, is there to compare.
    for t in [
        EventType::Request,
        EventType::Assessment,
        EventType::Service,
        EventType::Review,
    ] {
        assert!(want.iter().any(|r| r.event_type == t), "{t:?}");
    }
    assert!(want.iter().any(|r| r.event_end.is_none()));
    assert!(
        want.iter()
            .any(|r| r.eligible_needs_identified == Some(false))
    );
}

#[test]
fn a_quarters_extract_lists_the_events_active_in_it() {
    let (plan, repo) = generated(400, 14);
    let from = NaiveDate::from_ymd_opt(2025, 10, 1).expect("a date");
    let to = NaiveDate::from_ymd_opt(2025, 12, 31).expect("a date");
    let got = extract(repo.store(), from, to);
    let want = expected(&plan, from, to);
    assert_eq!(got.rows, want);
    let all = expected(&plan, plan.spec.from, plan.spec.until());
    // Some events ended before the quarter or started after it.
    assert!(!want.is_empty() && want.len() < all.len());
}

#[test]
fn the_extract_exports_as_csv_and_json_with_nothing_personal() {
    let (plan, repo) = generated(150, 3);
    let got = extract(repo.store(), plan.spec.from, plan.spec.until());
    let csv = String::from_utf8(got.to_csv()).expect("UTF-8");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(COLUMNS.join(",").as_str()));
    assert_eq!(lines.count(), got.rows.len());
    let json = serde_json::to_value(&got).expect("serialises");
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), got.rows.len());
    // Every column is a field of every JSON row, and an absent value is null
    // in JSON and empty in CSV.
    for row in rows {
        for column in COLUMNS {
            assert!(row.get(column).is_some(), "{column}");
        }
    }
    let open = got
        .rows
        .iter()
        .position(|r| r.event_end.is_none())
        .expect("an open event");
    assert!(rows[open]["event_end"].is_null());
    let record = csv.lines().nth(open + 1).expect("the row");
    assert_eq!(record.split(',').nth(5), Some(""));
    // The generated personal values are "Carer N" and "generated …" text:
    // none is written.
    for text in [&csv, &json.to_string()] {
        assert!(!text.contains("Carer ") && !text.contains("generated"));
    }
}

#[test]
fn an_erased_carers_rows_stay_with_the_adults_cared_for_not_known() {
    let (plan, repo) = generated(200, 4);
    let (from, to) = (plan.spec.from, plan.spec.until());
    let erased: Vec<&PlannedCarer> = plan
        .carers
        .iter()
        .filter(|c| c.assessment.as_ref().is_some_and(|a| a.plan.is_some()))
        .take(2)
        .collect();
    assert_eq!(erased.len(), 2);
    let manager = acting_at(hub_manager(), after(&plan));
    for c in &erased {
        let erase = CaseCommand::ErasePersonalData {
            basis: ErasureBasis::SubjectRequest,
        };
        repo.erase(&c.carer.stream(), &erase, &manager)
            .expect("erased");
    }
    let got = extract(repo.store(), from, to);
    let mut want: Vec<_> = plan
        .carers
        .iter()
        .flat_map(|c| {
            let gone = erased.iter().any(|e| e.carer == c.carer);
            let adults = (!gone).then(|| adults(c, to));
            rows_of(c, from, to, adults)
        })
        .collect();
    want.sort_by(|a, b| {
        (&a.carer, a.event_start, a.event_type).cmp(&(&b.carer, b.event_start, b.event_type))
    });
    assert_eq!(got.rows, want);
}
