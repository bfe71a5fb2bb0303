//! How long a requested assessment may wait before it is overdue. The Care Act
//! sets no timescale for an assessment; a service sets its own (the issue's
//! default, four weeks from the request to completion, is policy, not law).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The service's timescale for completing an assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentPolicy {
    /// Days from the request by which an assessment should be completed
    /// (default 28).
    pub waiting_days: u32,
}

impl Default for AssessmentPolicy {
    fn default() -> Self {
        Self { waiting_days: 28 }
    }
}

impl AssessmentPolicy {
    /// The day by which an assessment requested on `requested_on` should be
    /// completed (the last day of the calendar, at worst).
    pub fn due(&self, requested_on: NaiveDate) -> NaiveDate {
        requested_on
            .checked_add_days(Days::new(u64::from(self.waiting_days)))
            .unwrap_or(NaiveDate::MAX)
    }
}
