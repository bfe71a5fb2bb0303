//! Days as the law counts them: UK local days (Europe/London, GMT in winter and
//! BST in summer), not UTC days, and working days in England and Wales (weekends
//! and bank holidays excluded). Bank holidays are announced year by year, so the
//! list is configuration, not code.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, NaiveDate, Offset, TimeZone, Utc, Weekday};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};

/// The days that are not working days besides weekends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingCalendar {
    /// Bank holidays of England and Wales.
    pub bank_holidays: BTreeSet<NaiveDate>,
}

impl WorkingCalendar {
    /// A calendar with these bank holidays.
    pub fn with_bank_holidays(days: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            bank_holidays: days.into_iter().collect(),
        }
    }

    /// Whether `day` is a working day.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.bank_holidays.contains(&day)
    }

    /// The `n`th working day after `day` (`n` = 0: `day` itself if it is a working
    /// day, else the next one). `None` only past the end of chrono's calendar.
    pub fn add_working_days(&self, day: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut d = day;
        while !self.is_working_day(d) {
            d = d.checked_add_days(Days::new(1))?;
        }
        let mut left = n;
        while left > 0 {
            d = d.checked_add_days(Days::new(1))?;
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        Some(d)
    }
}

/// The clock readings a case is decided at: from 1 January 2000 to the end of
/// 2199. A reading outside is a broken clock or a forged context, never a decision
/// date, and is refused before any date arithmetic.
///
/// # Errors
/// `ClockOutOfRange`.
pub fn check_clock(now: DateTime<Utc>) -> Result<(), crate::domain::error::CaseError> {
    let plausible = now
        .date_naive()
        .year()
        .checked_sub(2000)
        .is_some_and(|y| (0..200).contains(&y));
    if plausible {
        Ok(())
    } else {
        Err(crate::domain::error::CaseError::ClockOutOfRange)
    }
}

/// The UK local day an instant falls on: a concern raised at 00:30 BST on 1 July
/// (23:30 UTC on 30 June) is dated 1 July.
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    let utc = at.naive_utc();
    let offset = London.offset_from_utc_datetime(&utc).fix();
    // Only at the very ends of chrono's calendar can the local time not be held;
    // there the UTC day stands in (and `check_clock` refuses such readings first).
    utc.checked_add_offset(offset).unwrap_or(utc).date()
}

/// The instant a UK local day ends (local midnight at the start of the next day,
/// 23:00 UTC in summer and 00:00 UTC in winter): a thing due "on" a day is overdue
/// from this instant. `None` only past the end of chrono's calendar.
pub fn end_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    let midnight = day.checked_add_days(Days::new(1))?.and_hms_opt(0, 0, 0)?;
    // UK clocks change at 01:00 UTC, never at local midnight, so local midnight
    // always exists once; `earliest` keeps this total all the same.
    London
        .from_local_datetime(&midnight)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// The date of something that happened is never after today: a record says what
/// was done, not what is planned (planned dates are named as such, e.g. `due`).
pub(crate) fn happened(
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), crate::domain::error::CaseError> {
    if on > today {
        return Err(crate::domain::error::CaseError::DateInTheFuture);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        let cal = WorkingCalendar::with_bank_holidays([d(2026, 12, 25), d(2026, 12, 28)]);
        // Thursday 24 Dec 2026 + 1 working day skips Christmas (Fri), the weekend and
        // the substitute Boxing Day (Mon 28th).
        assert_eq!(
            cal.add_working_days(d(2026, 12, 24), 1),
            Some(d(2026, 12, 29))
        );
        assert_eq!(
            cal.add_working_days(d(2026, 11, 20), 5),
            Some(d(2026, 11, 27))
        );
        assert_eq!(
            cal.add_working_days(d(2026, 11, 21), 0),
            Some(d(2026, 11, 23))
        );
    }
}
