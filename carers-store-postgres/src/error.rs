//! PostgreSQL's errors as the store's typed errors. A message never carries
//! the server's text (it may quote a row): the source has it.

use carers_core::es::StoreError;

/// A client error: `Unavailable` when the connection is gone or could not be
/// made, or the transaction was rolled back for a reason a retry may not meet
/// (serialization failure, deadlock, the server shutting down); `Backend`
/// otherwise.
pub(crate) fn db(e: postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    if e.is_closed() {
        return StoreError::Unavailable {
            reason: "the connection to PostgreSQL was lost",
        };
    }
    match e.code() {
        Some(c)
            if *c == SqlState::T_R_SERIALIZATION_FAILURE
                || *c == SqlState::T_R_DEADLOCK_DETECTED =>
        {
            StoreError::Unavailable {
                reason: "PostgreSQL rolled the transaction back: retry",
            }
        }
        Some(c)
            if *c == SqlState::ADMIN_SHUTDOWN
                || *c == SqlState::CRASH_SHUTDOWN
                || *c == SqlState::CANNOT_CONNECT_NOW =>
        {
            StoreError::Unavailable {
                reason: "PostgreSQL is shutting down or starting",
            }
        }
        None => StoreError::Unavailable {
            reason: "PostgreSQL cannot be reached",
        },
        Some(_) => StoreError::Backend(Box::new(e)),
    }
}

/// No connection from the pool in time.
pub(crate) fn pool(_: r2d2::Error) -> StoreError {
    StoreError::Unavailable {
        reason: "no connection to PostgreSQL could be had in time",
    }
}

/// A stored number out of the range the store gives out.
pub(crate) fn out_of_range(what: &'static str) -> StoreError {
    StoreError::CorruptRecord { what }
}
