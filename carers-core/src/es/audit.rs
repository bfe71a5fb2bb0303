//! The read audit: every read of a case through [`Repository::read`] is recorded
//! (who, when, why) in the case's audit stream, `audit-<uuid>` with the case's
//! uuid, so that [`Repository::reads_of`] can say who read a case (UK GDPR art.
//! 5(2), accountability; art. 32, security of processing).
//!
//! The audit stream is apart from the case: it holds no personal data of the
//! carer (the reader's id, organisation and role, the time and a purpose from a
//! fixed list), it is not erased with the case, and the case's projections skip it.
//!
//! [`Repository::read`]: super::Repository::read
//! [`Repository::reads_of`]: super::Repository::reads_of

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Actor;
use super::codec::DomainEvent;

/// The category of audit streams.
pub const AUDIT_CATEGORY: &str = "audit";

/// Why a case was read: a fixed list, so that no free text (which could hold
/// personal data) enters the audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ReadPurpose {
    /// Working on the case.
    Casework,
    /// A safeguarding matter.
    Safeguarding,
    /// Supervision or management oversight.
    Supervision,
    /// An audit or inspection.
    Audit,
    /// Answering the carer's subject access request.
    SubjectAccess,
    /// Reporting to commissioners or government.
    Reporting,
}

/// What the audit stream records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AuditEvent {
    /// The case was read (the reader and the time are the record's metadata).
    CaseRead {
        /// Why.
        purpose: ReadPurpose,
        /// The case's version read.
        version: u64,
    },
}

impl DomainEvent for AuditEvent {}

/// One recorded read of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadRecord {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: Arc<Actor>,
    /// Why.
    pub purpose: ReadPurpose,
    /// The version of the case read.
    pub version: u64,
}
