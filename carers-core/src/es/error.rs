//! Errors a service can map: every error of the engine and the domain has a stable
//! [`code`](ServiceError::code) and an [`ErrorKind`].
//!
//! A service turns any of them into a response in one match on the kind, and puts
//! the code in the body for clients and dashboards:
//!
//! | [`ErrorKind`] | HTTP status | meaning | retry? |
//! | --- | --- | --- | --- |
//! | `NotFound` | 404 Not Found | the case, or the assessment, concern, action, plan or payment named, does not exist | no |
//! | `Conflict` | 409 Conflict | the case is not in a state for this step now: it exists already, was done already, is in another status, a step must come first, or other writers kept changing it | after the state changes |
//! | `Invalid` | 422 Unprocessable Content | the command itself breaks a rule (the law, a date, an amount, a malformed id) | no, not as sent |
//! | `Forbidden` | 403 Forbidden | the lawful basis or the acting organisation does not allow it | no |
//! | `Unavailable` | 503 Service Unavailable | the store cannot be reached now: locked by another process, I/O failure | yes, later |
//! | `Corrupt` | 500 Internal Server Error | stored data cannot be read or written as it is (damage, a format or schema this code does not read); needs an operator | no |
//!
//! [`ErrorKind::http_status`] gives the status of the table.
//!
//! Codes are snake_case, never reused for another meaning, and never change once
//! released: a renamed variant keeps its code. Domain codes and engine codes share
//! one namespace (a [`RepoError`](super::RepoError) carries either). Messages
//! (`Display`) are for people and may be reworded; they never carry personal data,
//! payloads or idempotency keys.
//!
//! ```
//! use carers_core::domain::CaseError;
//! use carers_core::es::{ErrorKind, ServiceError};
//!
//! let refused = CaseError::UnknownConcern;
//! assert_eq!(refused.code(), "unknown_concern");
//! assert_eq!(refused.kind(), ErrorKind::NotFound);
//! assert_eq!(refused.kind().http_status(), 404);
//! ```

/// What sort of failure an error is: what a service answers (see the module docs
/// for the table of HTTP statuses).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// What the command names does not exist.
    NotFound,
    /// The state does not allow the step now.
    Conflict,
    /// The command breaks a rule as sent.
    Invalid,
    /// The lawful basis or the acting organisation does not allow it.
    Forbidden,
    /// The store cannot be reached now; try later.
    Unavailable,
    /// Stored data cannot be read or written as it is; needs an operator.
    Corrupt,
}

impl ErrorKind {
    /// The HTTP status a service answers with.
    pub fn http_status(self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Conflict => 409,
            Self::Invalid => 422,
            Self::Forbidden => 403,
            Self::Unavailable => 503,
            Self::Corrupt => 500,
        }
    }
}

/// An error with a stable code and a kind, so that a service can map it.
pub trait ServiceError: std::error::Error {
    /// The stable snake_case code of this error's variant.
    fn code(&self) -> &'static str;
    /// What sort of failure it is.
    fn kind(&self) -> ErrorKind;
}
