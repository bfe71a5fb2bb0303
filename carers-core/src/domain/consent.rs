//! Consent records and optional equality monitoring.

use serde::{Deserialize, Serialize};

use super::ids::PartnerId;
use super::personal::Personal;

/// What a consent is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConsentPurpose {
    /// To hold the carer's data.
    HoldData,
    /// To share the carer's data with a named partner.
    ShareWith(PartnerId),
}

/// Equality monitoring, every field optional: the groups a carers' service must
/// reach. Held only with the carer's consent, and personal throughout.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EqualityMonitoring {
    /// Ethnicity, as the carer describes it.
    pub ethnicity: Option<Personal<String>>,
    /// Sex.
    pub sex: Option<Personal<String>>,
    /// Gender identity.
    pub gender_identity: Option<Personal<String>>,
    /// Sexual orientation.
    pub sexual_orientation: Option<Personal<String>>,
    /// Disability.
    pub disability: Option<Personal<String>>,
    /// Religion or belief.
    pub religion: Option<Personal<String>>,
    /// Working status.
    pub working_status: Option<Personal<String>>,
}
