//! A Client Level Data style extract (DOMAIN.md, What councils report): one
//! row per carer event of type Request, Assessment, Service or Review, with
//! its start and end dates and outcome, the route of access and assessment
//! type (requests and assessments), whether eligible needs were identified
//! (assessments), the service type (services) and the review outcome
//! (reviews); and on every row the carer's hours caring per week (the most
//! any role they give care in gives, as a Census 2021 band) and the number of
//! adults they care for: from the roles as the case holds them when the
//! extract is made (a past period shows today's roles), with the cared-for
//! people's ages on the period's last day.
//!
//! - Request: a carer's assessment requested or offered, from that day to the
//!   day it started (outcome *Assessment started*) or was refused (a refusal
//!   overridden under s.63(4) does not end it).
//! - Assessment: from the day it started to the day it was completed, with
//!   the determination (s.13(1)) or, for a transition assessment, the
//!   indication of likely eligibility (s.63).
//! - Service: a support plan (s.25), from the day agreed to the day a review
//!   ended it, with its support type as SALT LTS003 orders it (as it stands
//!   now: a revision or a direct payment agreed later changes it).
//! - Review: a review of a plan (s.27), on its day, continued, revised or ended.
//!
//! Care Act assessments only (carer's, combined, transition): Children Act
//! assessments are the Children's Trust's to report. An extract lists the
//! events active on some day of its period; export as CSV
//! ([`ClientLevelExtract::to_csv`], the `csv` crate) or JSON (`Serialize`).
//!
//! No personal value is written: ids, days, labels and counts (the model
//! folds each case in memory to read its roles, as the dashboard does). The
//! carer is identified by their case's id (pseudonymous: only the service can
//! link it to a person). Rows stay after the carer's erasure (their figures
//! are not personal), with the hours as they were at the erasure and the
//! adults cared for *not known* (worked out from dates of birth, which the
//! erasure took). A carer recorded twice and merged is reported under the
//! case they were merged into, with that case's hours and adults, erased or
//! not.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::cases::{Cases, Folded};
use super::table::Label;
use crate::domain::support_plan::support_type;
use crate::domain::{
    AssessmentId, AssessmentKind, AssessmentResult, CarerCase, CaseEvent, PlanId, ReviewDecision,
    Route, Stage,
};
use crate::es::{Aggregate, Projection, ProjectionError, RecordedEvent, StreamId};

/// The type of a row's event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum EventType {
    /// An assessment requested or offered.
    Request,
    /// An assessment carried out.
    Assessment,
    /// A support plan in force.
    Service,
    /// A review of a plan.
    Review,
}

/// One row of the extract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientLevelRow {
    /// The carer's case (a pseudonymous id).
    pub carer: StreamId,
    /// The most hours a week any role they give care in now gives (a Census
    /// 2021 band); none when they give care in no role now.
    pub hours_per_week: Option<&'static str>,
    /// How many adults they care for now; none when one's age is not known.
    pub adults_cared_for: Option<u32>,
    /// The event's type.
    pub event_type: EventType,
    /// The day it started.
    pub event_start: NaiveDate,
    /// The day it ended, if it has.
    pub event_end: Option<NaiveDate>,
    /// How it ended, if it has (for a service, how it stands).
    pub event_outcome: Option<&'static str>,
    /// How the assessment came about (requests and assessments).
    pub route_of_access: Option<&'static str>,
    /// The assessment's kind (requests and assessments).
    pub assessment_type: Option<&'static str>,
    /// Whether eligible needs were identified (a completed assessment with a
    /// determination, s.13(1)).
    pub eligible_needs_identified: Option<bool>,
    /// The support type of the plan (services), as SALT LTS003 names it.
    pub service_type: Option<&'static str>,
    /// What the review decided (reviews).
    pub review_outcome: Option<&'static str>,
}

/// The extract for a period: the rows of the events active on some day of it,
/// by carer, then start, then type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientLevelExtract {
    /// The period's first day.
    pub from: NaiveDate,
    /// Its last day.
    pub to: NaiveDate,
    /// The rows.
    pub rows: Vec<ClientLevelRow>,
}

impl ClientLevelExtract {
    /// The rows as CSV (UTF-8, a header row, then one record per row; an
    /// absent value is an empty field).
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail: the csv writer's only errors are the
        // underlying writer's and serialising a non-flat record, and a Vec's
        // writes never fail and a row is flat.
        for row in &self.rows {
            out.serialize(row)
                .expect("writing a flat row to memory cannot fail");
        }
        if self.rows.is_empty() {
            out.write_record(COLUMNS)
                .expect("writing CSV to memory cannot fail");
        }
        out.into_inner()
            .expect("flushing CSV to memory cannot fail")
    }
}

/// The CSV columns, in order (the fields of [`ClientLevelRow`]).
pub const COLUMNS: [&str; 12] = [
    "carer",
    "hours_per_week",
    "adults_cared_for",
    "event_type",
    "event_start",
    "event_end",
    "event_outcome",
    "route_of_access",
    "assessment_type",
    "eligible_needs_identified",
    "service_type",
    "review_outcome",
];

/// Which event of a case a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Request(AssessmentId),
    Assessment(AssessmentId),
    Service(PlanId),
    Review(PlanId, usize),
}

/// A row's event part (the carer's figures are added when extracted).
#[derive(Clone, Debug)]
struct Event {
    event_type: EventType,
    start: NaiveDate,
    end: Option<NaiveDate>,
    outcome: Option<&'static str>,
    route: Option<Route>,
    kind: Option<AssessmentKind>,
    eligible: Option<bool>,
    service_type: Option<&'static str>,
    review_outcome: Option<&'static str>,
}

impl Event {
    fn new(event_type: EventType, start: NaiveDate) -> Self {
        Self {
            event_type,
            start,
            end: None,
            outcome: None,
            route: None,
            kind: None,
            eligible: None,
            service_type: None,
            review_outcome: None,
        }
    }
}

/// A carer's figures on every row: hours band and adults cared for.
#[derive(Clone, Copy, Debug, Default)]
struct Carer {
    hours: Option<&'static str>,
    adults: Option<u32>,
}

impl Carer {
    /// The figures of `case` on `day`: the roles they give care in now
    /// (becoming or living as a carer).
    fn of(case: &CarerCase, day: NaiveDate) -> Self {
        let now: Vec<_> = case
            .caring_roles()
            .filter(|r| matches!(r.stage, Stage::BecomingACarer | Stage::LivingAsACarer))
            .collect();
        let adults = now
            .iter()
            .map(|r| r.cared_for_is_child_on(day).map(|child| u32::from(!child)))
            .sum::<Option<u32>>();
        Self {
            hours: now.iter().map(|r| r.hours).max().map(Label::label),
            adults,
        }
    }
}

/// The read model.
#[derive(Debug, Default)]
pub struct ClientLevelData {
    cases: Cases,
    events: BTreeMap<StreamId, BTreeMap<Key, Event>>,
    /// Erased cases' figures, as at their erasure, and the case each was
    /// merged into, if it was.
    erased: BTreeMap<StreamId, (Carer, Option<StreamId>)>,
    position: u64,
}

impl ClientLevelData {
    /// An empty read model.
    pub fn new() -> Self {
        Self::default()
    }

    /// The extract for the days `from` to `to` (both included): the events
    /// active on some day of them, with each carer's figures from their roles
    /// now and the cared-for people's ages on `to`.
    ///
    /// ```
    /// use carers_core::es::{MemoryStore, ProjectionRunner};
    /// use carers_core::projections::ClientLevelData;
    /// use chrono::NaiveDate;
    ///
    /// let store = MemoryStore::new();
    /// let mut cld = ClientLevelData::new();
    /// ProjectionRunner::default().catch_up(&store, &mut cld)?;
    /// let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).expect("a date");
    /// let extract = cld.extract(day(4, 1), day(6, 30));
    /// assert!(extract.rows.is_empty());
    /// assert!(extract.to_csv().starts_with(b"carer,hours_per_week,"));
    /// # Ok::<(), carers_core::es::ProjectionError>(())
    /// ```
    pub fn extract(&self, from: NaiveDate, to: NaiveDate) -> ClientLevelExtract {
        let mut rows = Vec::new();
        for (stream, events) in &self.events {
            // A merged duplicate reports under the case it was merged into,
            // with that case's figures.
            let reported = self.merged_into(stream).unwrap_or_else(|| stream.clone());
            let carer = self.figures(&reported, to);
            for e in events.values() {
                let active = e.start <= to && e.end.is_none_or(|end| end >= from);
                if !active {
                    continue;
                }
                rows.push(ClientLevelRow {
                    carer: reported.clone(),
                    hours_per_week: carer.hours,
                    adults_cared_for: carer.adults,
                    event_type: e.event_type,
                    event_start: e.start,
                    event_end: e.end,
                    event_outcome: e.outcome,
                    route_of_access: e.route.map(route_label),
                    assessment_type: e.kind.map(kind_label),
                    eligible_needs_identified: e.eligible,
                    service_type: e.service_type,
                    review_outcome: e.review_outcome,
                });
            }
        }
        rows.sort_by(|a, b| {
            (&a.carer, a.event_start, a.event_type).cmp(&(&b.carer, b.event_start, b.event_type))
        });
        ClientLevelExtract { from, to, rows }
    }
}

impl ClientLevelData {
    /// The case `stream` was merged into, live or erased since.
    fn merged_into(&self, stream: &StreamId) -> Option<StreamId> {
        match self.cases.get(stream) {
            Some(case) => case.superseded_by(),
            None => self.erased.get(stream).and_then(|(_, into)| into.clone()),
        }
    }

    /// A case's figures on `to`: from its roles now, or as at its erasure.
    fn figures(&self, stream: &StreamId, to: NaiveDate) -> Carer {
        match (self.cases.get(stream), self.erased.get(stream)) {
            (Some(case), _) => Carer::of(case, to),
            (None, Some((figures, _))) => *figures,
            (None, None) => Carer::default(),
        }
    }
}

impl Projection for ClientLevelData {
    fn name(&self) -> &str {
        "client-level-data"
    }

    fn position(&self) -> Option<u64> {
        Some(self.position)
    }

    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        self.position = event.position;
        let (case_event, case) = match self.cases.fold(event)? {
            Folded::Skipped => return Ok(()),
            Folded::Applied(case_event) => match self.cases.get(&event.stream) {
                Some(case) => (case_event, case),
                None => return Ok(()),
            },
            Folded::Erased { on, case } => {
                // The adults come from the cared-for people's dates of birth,
                // personal values the erasure took: not known, whether or not
                // this model decoded them before the key was destroyed (so a
                // rebuild answers as the model caught up before it).
                let figures = Carer {
                    adults: None,
                    ..Carer::of(&case, on)
                };
                let into = case.superseded_by();
                self.erased.insert(event.stream.clone(), (figures, into));
                return Ok(());
            }
        };
        let events = self.events.entry(event.stream.clone()).or_default();
        let kind_of = |events: &BTreeMap<Key, Event>, a: AssessmentId| {
            events.get(&Key::Request(a)).and_then(|e| e.kind)
        };
        match case_event {
            CaseEvent::AssessmentRequested {
                assessment,
                kind,
                route,
                on,
                ..
            } if care_act(kind) => {
                let mut e = Event::new(EventType::Request, on);
                e.route = Some(route);
                e.kind = Some(kind);
                events.insert(Key::Request(assessment), e);
            }
            // A refusal overridden under s.63(4) does not end the request.
            CaseEvent::AssessmentRefused {
                assessment,
                on,
                overridden: None,
            } => {
                if let Some(e) = events.get_mut(&Key::Request(assessment))
                    && e.end.is_none()
                {
                    e.end = Some(on);
                    e.outcome = Some("Refused by the carer");
                }
            }
            CaseEvent::AssessmentStarted { assessment, on } => {
                let Some(kind) = kind_of(events, assessment) else {
                    return Ok(());
                };
                if let Some(e) = events.get_mut(&Key::Request(assessment))
                    && e.end.is_none()
                {
                    e.end = Some(on);
                    e.outcome = Some("Assessment started");
                }
                let route = events.get(&Key::Request(assessment)).and_then(|e| e.route);
                let mut e = Event::new(EventType::Assessment, on);
                e.route = route;
                e.kind = Some(kind);
                events.insert(Key::Assessment(assessment), e);
            }
            CaseEvent::AssessmentCompleted {
                assessment,
                result,
                on,
                ..
            } => {
                if let Some(e) = events.get_mut(&Key::Assessment(assessment)) {
                    e.end = Some(on);
                    let (outcome, eligible) = outcome_of(&result);
                    e.outcome = Some(outcome);
                    e.eligible = eligible;
                }
            }
            CaseEvent::PlanAgreed { plan, details } => {
                let mut e = Event::new(EventType::Service, details.agreed_on);
                e.outcome = Some("In force");
                e.service_type = service_type(case, plan);
                events.insert(Key::Service(plan), e);
            }
            CaseEvent::DirectPaymentAgreed { plan, .. } => {
                if let Some(e) = events.get_mut(&Key::Service(plan)) {
                    e.service_type = service_type(case, plan);
                }
            }
            CaseEvent::PlanReviewed { plan, review, .. } => {
                let n = case.plan(plan).map_or(0, |p| p.reviews.len());
                let decided = match review.decision {
                    ReviewDecision::Continue => "Continued",
                    ReviewDecision::Revise { .. } => "Revised",
                    ReviewDecision::End => "Ended",
                };
                let mut r = Event::new(EventType::Review, review.on);
                r.end = Some(review.on);
                r.outcome = Some("Reviewed");
                r.review_outcome = Some(decided);
                events.insert(Key::Review(plan, n), r);
                if let Some(e) = events.get_mut(&Key::Service(plan)) {
                    e.service_type = service_type(case, plan);
                    if matches!(review.decision, ReviewDecision::End) {
                        e.end = Some(review.on);
                        e.outcome = Some("Ended at review");
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn reset(&mut self) {
        *self = Self::default();
    }
}

/// The Care Act's assessments (carer's, combined, transition).
fn care_act(kind: AssessmentKind) -> bool {
    matches!(
        kind,
        AssessmentKind::CarersAssessment | AssessmentKind::Combined | AssessmentKind::Transition
    )
}

/// A completed assessment's outcome, and whether eligible needs were
/// identified (a determination only: an indication is not one, s.63).
fn outcome_of(result: &AssessmentResult) -> (&'static str, Option<bool>) {
    match result {
        AssessmentResult::Determination(d) if d.eligible => ("Eligible needs", Some(true)),
        AssessmentResult::Determination(_) => ("No eligible needs", Some(false)),
        AssessmentResult::Indication(d) if d.eligible => ("Likely eligible at 18", None),
        AssessmentResult::Indication(_) => ("Likely not eligible at 18", None),
        // Children Act findings: not on a Care Act assessment, which is all
        // this extract lists.
        _ => ("Completed", None),
    }
}

/// The plan's support type now, as SALT LTS003 names it.
fn service_type(case: &CarerCase, plan: PlanId) -> Option<&'static str> {
    let facts = case.plan(plan)?.support_facts();
    Some(support_type(facts).label())
}

fn route_label(route: Route) -> &'static str {
    match route {
        Route::RequestedByCarer => "Requested by the carer",
        Route::RequestedByCaredFor => "Requested by the person cared for",
        Route::Referral => "Referral",
        Route::Offered => "Offered by the authority",
    }
}

fn kind_label(kind: AssessmentKind) -> &'static str {
    match kind {
        AssessmentKind::CarersAssessment => "Carer's assessment",
        AssessmentKind::Combined => "Combined assessment",
        AssessmentKind::Transition => "Transition assessment",
        AssessmentKind::YoungCarersNeedsAssessment => "Young carer's needs assessment",
        AssessmentKind::ParentCarersNeedsAssessment => "Parent carer's needs assessment",
    }
}
