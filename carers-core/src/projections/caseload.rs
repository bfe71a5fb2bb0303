//! Caseloads across all cases: the cases allocated to each worker (since when),
//! and the cases waiting for a worker (identified, allocated to nobody, not
//! unallocated because the carer left). An erased case leaves every list: it
//! takes no more work.
//!
//! Holds no personal data: stream ids, staff accounts, organisations and days.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::domain::{CaseEvent, UnallocationReason, Worker};
use crate::es::{Codec, OrganisationId, Projection, ProjectionError, RecordedEvent, StreamId};

/// The caseload read model.
#[derive(Debug, Default)]
pub struct Caseload {
    codec: Codec<CaseEvent>,
    /// Each worker's cases, with the day each was allocated to them.
    by_worker: BTreeMap<Worker, BTreeMap<StreamId, NaiveDate>>,
    /// Who each allocated case is allocated to.
    allocated: HashMap<StreamId, Worker>,
    /// The identified cases not erased.
    open: BTreeSet<StreamId>,
    /// The cases last unallocated because the carer left the service.
    left: BTreeSet<StreamId>,
    position: u64,
}

impl Caseload {
    /// An empty read model.
    pub fn new() -> Self {
        Self::default()
    }

    /// The cases allocated to `worker`, with the day each was allocated to them,
    /// in stream order.
    ///
    /// ```
    /// use carers_core::domain::*;
    /// use carers_core::es::{Actor, Context, MemoryStore, ProjectionRunner, Repository};
    /// use carers_core::projections::Caseload;
    ///
    /// # let details = PersonalDetails {
    /// #     name: Personal::new("A Carer".into()),
    /// #     date_of_birth: Personal::new(chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap()),
    /// #     contact: Personal::new(String::new()), address: Personal::new(String::new()), notes: Personal::new(String::new()),
    /// # };
    /// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).expect("a day");
    /// let at = day.and_hms_opt(12, 0, 0).expect("noon").and_utc();
    /// let staff = Context::new(Actor::new("staff-1", "carers-hub", "support-worker"), at);
    /// let manager = Context::new(Actor::new("manager-1", "carers-hub", "manager"), at);
    /// let repo = Repository::<CarerCase, _>::new(MemoryStore::new())
    ///     .with_access(Partnership::new().with("carers-hub", PartnerKind::CarersHub));
    /// let carer = CarerId::new();
    /// repo.execute(&carer.stream(), &CaseCommand::IdentifyCarer {
    ///     carer, details, source: IdentificationSource::Gp,
    ///     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
    /// }, &staff, None)?;
    /// let worker = Worker::new("staff-1", "carers-hub");
    /// repo.execute(&carer.stream(), &CaseCommand::AllocateCase { worker: worker.clone() }, &manager, None)?;
    ///
    /// let mut caseload = Caseload::new();
    /// ProjectionRunner::default().catch_up(repo.store(), &mut caseload)?;
    /// assert_eq!(caseload.cases_of(&worker), vec![(carer.stream(), day)]);
    /// assert!(caseload.unallocated().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cases_of(&self, worker: &Worker) -> Vec<(StreamId, NaiveDate)> {
        self.by_worker
            .get(worker)
            .map(|cases| cases.iter().map(|(s, d)| (s.clone(), *d)).collect())
            .unwrap_or_default()
    }

    /// How many cases each worker holds (workers holding none are not listed).
    pub fn sizes(&self) -> BTreeMap<Worker, usize> {
        self.by_worker
            .iter()
            .filter(|(_, cases)| !cases.is_empty())
            .map(|(w, cases)| (w.clone(), cases.len()))
            .collect()
    }

    /// How many cases each organisation's workers hold.
    pub fn per_organisation(&self) -> BTreeMap<OrganisationId, usize> {
        let mut per = BTreeMap::new();
        for (worker, cases) in &self.by_worker {
            if !cases.is_empty() {
                *per.entry(worker.organisation.clone()).or_default() += cases.len();
            }
        }
        per
    }

    /// The cases waiting for a worker, in stream order: identified, not erased,
    /// allocated to nobody, and not last unallocated because the carer left.
    pub fn unallocated(&self) -> Vec<StreamId> {
        self.open
            .iter()
            .filter(|s| !self.allocated.contains_key(*s) && !self.left.contains(*s))
            .cloned()
            .collect()
    }

    fn release(&mut self, stream: &StreamId) {
        if let Some(worker) = self.allocated.remove(stream)
            && let Some(cases) = self.by_worker.get_mut(&worker)
        {
            cases.remove(stream);
        }
    }
}

impl Projection for Caseload {
    fn name(&self) -> &str {
        "caseload"
    }

    fn position(&self) -> Option<u64> {
        Some(self.position)
    }

    fn handle(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        self.position = event.position;
        const HANDLED: [&str; 4] = [
            CaseEvent::CARER_IDENTIFIED,
            CaseEvent::CASE_ALLOCATED,
            CaseEvent::CASE_UNALLOCATED,
            CaseEvent::PERSONAL_DATA_ERASED,
        ];
        if !super::handles(event, &HANDLED) {
            return Ok(());
        }
        let stream = &event.stream;
        // The identification's personal details are sealed and not needed here:
        // its type says the case is open.
        if &*event.event_type == CaseEvent::CARER_IDENTIFIED {
            self.open.insert(stream.clone());
            return Ok(());
        }
        let decoded = self.codec.decode_recorded(event)?;
        match decoded {
            CaseEvent::CaseAllocated { worker, on, .. } => {
                self.release(stream);
                self.by_worker
                    .entry(worker.clone())
                    .or_default()
                    .insert(stream.clone(), on);
                self.allocated.insert(stream.clone(), worker);
                self.left.remove(stream);
            }
            CaseEvent::CaseUnallocated { reason, .. } => {
                self.release(stream);
                if reason == UnallocationReason::CarerLeft {
                    self.left.insert(stream.clone());
                }
            }
            CaseEvent::PersonalDataErased { .. } => {
                self.release(stream);
                self.open.remove(stream);
                self.left.remove(stream);
            }
            _ => {}
        }
        Ok(())
    }

    fn reset(&mut self) {
        *self = Self::default();
    }
}
