//! What a cared-for person's record records. Who recorded each event, and when,
//! is in its envelope.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::command::{CaredForConsent, DetailsCorrection, LinkEnded};
use super::nhs_number::NhsNumber;
use crate::domain::erasure::ErasureBasis;
use crate::domain::ids::{CaredForId, CarerId};
use crate::domain::personal::Personal;

/// An event of a cared-for person's record. The variant name is the stored type
/// name: never rename one ([`CaredForEvent::TYPES`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaredForEvent {
    /// The person was registered.
    CaredForRegistered {
        /// The person.
        person: CaredForId,
        /// Their name.
        name: Personal<String>,
        /// Their date of birth.
        date_of_birth: Personal<NaiveDate>,
        /// Their NHS number, when known.
        nhs_number: Option<Personal<NhsNumber>>,
        /// The UK day it was recorded.
        on: NaiveDate,
    },
    /// A consent of theirs was given or withdrawn.
    CaredForConsentRecorded {
        /// What for.
        purpose: CaredForConsent,
        /// Given (or withdrawn).
        given: bool,
        /// When.
        on: NaiveDate,
    },
    /// A carer was linked.
    CarerLinked {
        /// The carer.
        carer: CarerId,
        /// Since when they care.
        since: NaiveDate,
    },
    /// A carer's link ended.
    CarerUnlinked {
        /// The carer.
        carer: CarerId,
        /// When.
        on: NaiveDate,
        /// Why.
        reason: LinkEnded,
    },
    /// The person died: every open link ended that day.
    CaredForDied {
        /// The day.
        on: NaiveDate,
    },
    /// The record's details were corrected.
    CaredForDetailsCorrected {
        /// What was corrected.
        correction: DetailsCorrection,
        /// Why.
        reason: Personal<String>,
    },
    /// The person's personal data was erased.
    CaredForErased {
        /// Why.
        basis: ErasureBasis,
        /// The UK day it was recorded.
        on: NaiveDate,
    },
}

impl CaredForEvent {
    /// Every stored type name, in declaration order.
    pub const TYPES: &'static [&'static str] = &[
        "CaredForRegistered",
        "CaredForConsentRecorded",
        "CarerLinked",
        "CarerUnlinked",
        "CaredForDied",
        "CaredForDetailsCorrected",
        "CaredForErased",
    ];
}

impl crate::es::DomainEvent for CaredForEvent {}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn the_type_names_are_exactly_the_variant_names_the_codec_knows() {
        crate::es::codec::assert_lists_every_type::<CaredForEvent>(CaredForEvent::TYPES);
    }
}
