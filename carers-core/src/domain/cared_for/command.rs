//! What can be asked of a cared-for person's record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::nhs_number::NhsNumber;
use crate::domain::erasure::ErasureBasis;
use crate::domain::ids::{CaredForId, CarerId};
use crate::domain::personal::Personal;

/// What the cared-for person consents to: their own decisions, never their
/// carer's (Care Act 2014 s.12(5); the common-law duty of confidence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CaredForConsent {
    /// Their assessment combined with their carer's (Care Act 2014 s.12(5): only
    /// if both agree).
    CombinedAssessment,
    /// Information about them shared with their carers.
    ShareWithCarers,
}

/// Why a carer's link to the cared-for person ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkEnded {
    /// The carer stopped caring for them.
    StoppedCaring,
    /// They moved into residential care.
    MovedIntoCare,
    /// They died: every link ends with it, by [`CaredForCommand::RecordDeath`]
    /// (an unlinking with this reason is refused).
    Died,
    /// The link was recorded in error: it never counted (a link void from the
    /// start, kept in the history).
    RecordedInError,
}

/// A correction of the NHS number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NhsNumberCorrection {
    /// The right number.
    Set(Personal<NhsNumber>),
    /// The number recorded was not theirs, and theirs is not known.
    Remove,
}

/// The fields of a registered record that a correction may set; `None` leaves
/// a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsCorrection {
    /// The right name.
    pub name: Option<Personal<String>>,
    /// The right date of birth. A carer's caring role keeps the date it was
    /// linked with: [`correct_date_of_birth`](super::correct_date_of_birth)
    /// corrects the record and every role.
    pub date_of_birth: Option<Personal<NaiveDate>>,
    /// The right NHS number, or none.
    pub nhs_number: Option<NhsNumberCorrection>,
}

/// A command to a [`CaredForPerson`](super::CaredForPerson)'s record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaredForCommand {
    /// Registers the person: only on their own stream, once.
    Register {
        /// The person, as caring roles name them.
        person: CaredForId,
        /// Their name.
        name: Personal<String>,
        /// Their date of birth: whether they are a child decides which law applies
        /// to their carers' roles (Care Act s.10(3), Children Act s.17ZD).
        date_of_birth: Personal<NaiveDate>,
        /// Their NHS number, when known.
        nhs_number: Option<Personal<NhsNumber>>,
    },
    /// Records a consent given or withdrawn by the person.
    RecordConsent {
        /// What for.
        purpose: CaredForConsent,
        /// Given (or withdrawn).
        given: bool,
        /// When.
        on: NaiveDate,
    },
    /// Links a carer who cares for them (a person may have several carers).
    LinkCarer {
        /// The carer.
        carer: CarerId,
        /// Since when the carer has cared for them.
        since: NaiveDate,
    },
    /// Ends a carer's link.
    UnlinkCarer {
        /// The carer.
        carer: CarerId,
        /// When it ended.
        on: NaiveDate,
        /// Why.
        reason: LinkEnded,
    },
    /// Records the person's death: every carer's link ends that day, and no
    /// carer is linked after it.
    RecordDeath {
        /// The day they died.
        on: NaiveDate,
    },
    /// Corrects the record's details, for a reason.
    CorrectDetails {
        /// What is corrected.
        correction: DetailsCorrection,
        /// Why.
        reason: Personal<String>,
    },
    /// Erases the person's personal data (UK GDPR art. 17), through
    /// [`Repository::erase`](crate::es::Repository::erase).
    Erase {
        /// Why.
        basis: ErasureBasis,
    },
}
