//! Who the carer is: the case opens when a carer is identified, with their
//! personal details and how they came to the service.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::CarerId;
use super::person::{IdentificationSource, PersonalDetails};

/// The identified carer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The carer (the case's stream).
    pub carer: CarerId,
    /// Personal details.
    pub details: PersonalDetails,
    /// How the carer was identified.
    pub source: IdentificationSource,
    /// When the case opened.
    pub identified_on: NaiveDate,
}

/// Opens the case; refused once a carer is identified.
pub(super) fn decide_identify(
    current: Option<&Identity>,
    carer: CarerId,
    details: &PersonalDetails,
    source: IdentificationSource,
    today: NaiveDate,
) -> Result<Vec<CaseEvent>, CaseError> {
    if current.is_some() {
        return Err(CaseError::AlreadyIdentified);
    }
    Ok(vec![CaseEvent::CarerIdentified {
        carer,
        details: details.clone(),
        source,
        on: today,
    }])
}

/// Folds the identification, and changes of contact details.
pub(super) fn apply(identity: &mut Option<Identity>, event: &CaseEvent) {
    match event {
        CaseEvent::CarerIdentified {
            carer,
            details,
            source,
            on,
        } => {
            *identity = Some(Identity {
                carer: *carer,
                details: details.clone(),
                source: *source,
                identified_on: *on,
            });
        }
        CaseEvent::ContactDetailsChanged {
            contact, address, ..
        } => {
            if let Some(identity) = identity {
                if let Some(contact) = contact {
                    identity.details.contact = contact.clone();
                }
                if let Some(address) = address {
                    identity.details.address = address.clone();
                }
            }
        }
        _ => {}
    }
}
