//! The carer as a person: personal details, how they were identified, and the kind
//! of carer they are on a given date.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::CaseError;
use super::personal::Personal;

/// A carer's personal details: every field is [`Personal`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalDetails {
    /// Full name.
    pub name: Personal<String>,
    /// Date of birth: decides the carer kind and the transition assessment's due date.
    pub date_of_birth: Personal<NaiveDate>,
    /// Telephone or email.
    pub contact: Personal<String>,
    /// Postal address.
    pub address: Personal<String>,
    /// Free-text notes.
    pub notes: Personal<String>,
}

impl PersonalDetails {
    /// A person is recorded with a name: an empty or blank one is a form sent
    /// before it was filled in.
    ///
    /// # Errors
    /// `NameRequired`.
    pub fn check_name(&self) -> Result<(), CaseError> {
        if !self.name.is_said() {
            return Err(CaseError::NameRequired);
        }
        Ok(())
    }
}

/// How the carer came to the service: the routes a carers' strategy must widen,
/// since most carers never call themselves carers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum IdentificationSource {
    /// Identified by a GP practice.
    Gp,
    /// Identified at hospital discharge.
    HospitalDischarge,
    /// Identified by a school or college.
    School,
    /// Came forward themselves.
    SelfReferral,
    /// Identified by social care.
    SocialCare,
    /// Signed up for a carers card.
    CarersCard,
    /// Identified by a community pharmacy.
    Pharmacy,
    /// Identified by the carer's employer.
    Employer,
    /// Referred by the Children's Trust (children's services).
    ChildrensTrust,
    /// Another route.
    Other,
}

impl IdentificationSource {
    /// Every source, in the order declared.
    pub const ALL: [IdentificationSource; 10] = [
        IdentificationSource::Gp,
        IdentificationSource::HospitalDischarge,
        IdentificationSource::School,
        IdentificationSource::SelfReferral,
        IdentificationSource::SocialCare,
        IdentificationSource::CarersCard,
        IdentificationSource::Pharmacy,
        IdentificationSource::Employer,
        IdentificationSource::ChildrensTrust,
        IdentificationSource::Other,
    ];
}

/// The earliest date of birth a case accepts: before it, a date is a typing error,
/// not a person.
pub const EARLIEST_BIRTH: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("1 January 1900 is a calendar date"),
};

/// A date of birth is a fact: never after today, nor before [`EARLIEST_BIRTH`].
///
/// # Errors
/// `DateInTheFuture`, or `DateOfBirthOutOfRange` before 1900.
pub fn check_date_of_birth(born: NaiveDate, today: NaiveDate) -> Result<(), CaseError> {
    super::calendar::happened(born, today)?;
    if born < EARLIEST_BIRTH {
        return Err(CaseError::DateOfBirthOutOfRange);
    }
    Ok(())
}

/// Age in whole years on `on`.
pub fn age_on(date_of_birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - date_of_birth.year();
    if (on.month(), on.day()) < (date_of_birth.month(), date_of_birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// The kind of carer, which decides the law that applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CarerKind {
    /// Under 18 (Children Act 1989 s.17ZA).
    YoungCarer,
    /// 18 to 25: national and local practice, not a legal category (Care Act s.10 applies).
    YoungAdultCarer,
    /// 26 or over (Care Act s.10).
    AdultCarer,
    /// 18 or over, caring for a disabled child they have parental responsibility for
    /// (Children Act 1989 s.17ZD).
    ParentCarer,
}

impl CarerKind {
    /// Every kind, in the order declared.
    pub const ALL: [CarerKind; 4] = [
        CarerKind::YoungCarer,
        CarerKind::YoungAdultCarer,
        CarerKind::AdultCarer,
        CarerKind::ParentCarer,
    ];
}

/// The carer kind on `on`, from age and whether any current role is caring, as a
/// parent, for a disabled child.
pub fn carer_kind(
    date_of_birth: NaiveDate,
    on: NaiveDate,
    cares_for_own_disabled_child: bool,
) -> CarerKind {
    match age_on(date_of_birth, on) {
        0..=17 => CarerKind::YoungCarer,
        _ if cares_for_own_disabled_child => CarerKind::ParentCarer,
        18..=25 => CarerKind::YoungAdultCarer,
        _ => CarerKind::AdultCarer,
    }
}

/// SALT LTS003 age bands for reporting carers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReportingAgeBand {
    /// Under 18.
    Under18,
    /// 18 to 25.
    From18To25,
    /// 26 to 64.
    From26To64,
    /// 65 to 84.
    From65To84,
    /// 85 and over.
    From85,
}

/// The reporting age band on `on`.
pub fn reporting_age_band(date_of_birth: NaiveDate, on: NaiveDate) -> ReportingAgeBand {
    match age_on(date_of_birth, on) {
        0..=17 => ReportingAgeBand::Under18,
        18..=25 => ReportingAgeBand::From18To25,
        26..=64 => ReportingAgeBand::From26To64,
        65..=84 => ReportingAgeBand::From65To84,
        _ => ReportingAgeBand::From85,
    }
}

/// When a young carer approaching 18 is due a transition assessment (Care Act
/// s.63–64). The law sets no age; the months before the 18th birthday are local
/// policy, 6 by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionPolicy {
    /// How many months before the 18th birthday the assessment is due.
    pub months_before_18: u32,
}

impl Default for TransitionPolicy {
    fn default() -> Self {
        Self {
            months_before_18: 6,
        }
    }
}

impl TransitionPolicy {
    /// The due date of the transition assessment for a carer born on `date_of_birth`.
    /// `None` only for dates beyond chrono's calendar.
    pub fn due_date(&self, date_of_birth: NaiveDate) -> Option<NaiveDate> {
        date_of_birth
            .checked_add_months(Months::new(18 * 12))?
            .checked_sub_months(Months::new(self.months_before_18))
    }

    /// Whether the assessment is due on `on`: the due date has come and the carer is not yet 18.
    pub fn is_due(&self, date_of_birth: NaiveDate, on: NaiveDate) -> bool {
        self.due_date(date_of_birth).is_some_and(|due| on >= due) && age_on(date_of_birth, on) < 18
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn age_turns_on_the_birthday() {
        assert_eq!(age_on(d(2008, 3, 15), d(2026, 3, 14)), 17);
        assert_eq!(age_on(d(2008, 3, 15), d(2026, 3, 15)), 18);
    }

    #[test]
    fn kinds_follow_age_and_role() {
        let dob = d(2000, 1, 1);
        assert_eq!(
            carer_kind(dob, d(2017, 12, 31), true),
            CarerKind::YoungCarer
        );
        assert_eq!(
            carer_kind(dob, d(2018, 1, 1), false),
            CarerKind::YoungAdultCarer
        );
        assert_eq!(carer_kind(dob, d(2018, 1, 1), true), CarerKind::ParentCarer);
        assert_eq!(carer_kind(dob, d(2026, 1, 1), false), CarerKind::AdultCarer);
        assert_eq!(
            reporting_age_band(dob, d(2086, 1, 1)),
            ReportingAgeBand::From85
        );
    }

    #[test]
    fn transition_assessment_is_due_six_months_before_eighteen_by_default() {
        let dob = d(2009, 5, 31);
        let policy = TransitionPolicy::default();
        assert_eq!(policy.due_date(dob), Some(d(2026, 11, 30)));
        assert!(!policy.is_due(dob, d(2026, 11, 29)));
        assert!(policy.is_due(dob, d(2026, 11, 30)));
        assert!(
            !policy.is_due(dob, d(2027, 5, 31)),
            "an adult is past transition"
        );
    }
}
