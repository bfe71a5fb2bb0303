//! Errors a service can map: one namespace of stable snake_case codes across the
//! domain and the engine, a kind for each, and messages that give the reason.

use std::collections::BTreeMap;

use carers_core::domain::{CaseError, JourneyError, Stage};
use carers_core::es::{
    CodecError, ErrorKind, ExpectedVersion, IdempotencyKeyError, ProjectionError, RepoError,
    ServiceError, StoreError, StreamId, StreamIdError, UpcastError,
};

fn stream() -> StreamId {
    StreamId::parse("carer-1").expect("a valid stream id")
}

/// One value of every variant of the engine's errors (a new variant fails to
/// compile in the `code` and `kind` matches until it has both; add it here too).
fn engine_errors() -> Vec<Box<dyn ServiceError>> {
    let codec = |position| CodecError::UnknownEventType {
        event_type: "Vanished".into(),
        position,
    };
    vec![
        Box::new(StoreError::WrongExpectedVersion {
            stream: stream(),
            expected: ExpectedVersion::NoStream,
            actual: 3,
        }),
        Box::new(StoreError::EmptyAppend),
        Box::new(StoreError::IdempotencyKeyReused {
            first_stream: stream(),
        }),
        Box::new(StoreError::Corrupt { position: 7 }),
        Box::new(StoreError::CorruptRecord { what: "snapshot" }),
        Box::new(StoreError::UnsupportedFormat {
            found: 1,
            supported: 2,
        }),
        Box::new(StoreError::UnsupportedBackendFormat("old files".into())),
        Box::new(StoreError::Locked),
        Box::new(StoreError::Io(std::io::ErrorKind::PermissionDenied.into())),
        Box::new(StoreError::Backend("failed".into())),
        Box::new(StoreError::Unavailable {
            reason: "shutting down",
        }),
        Box::new(StoreError::KeyDestroyed { subject: stream() }),
        Box::new(RepoError::<CaseError>::NotAnErasure),
        Box::new(codec(1)),
        Box::new(CodecError::NewerSchemaVersion {
            event_type: "Named".into(),
            version: 3,
            current: 2,
            position: 1,
        }),
        Box::new(CodecError::MissingUpcaster {
            event_type: "Named".into(),
            version: 1,
            position: 1,
        }),
        Box::new(CodecError::Upcast {
            event_type: "Named".into(),
            version: 1,
            position: 1,
            reason: UpcastError("no years field"),
        }),
        Box::new(CodecError::Malformed {
            event_type: "Named".into(),
            position: 1,
            category: "data",
            line: 1,
            column: 2,
        }),
        Box::new(CodecError::NotAnEventEnum),
        Box::new(StreamIdError::Length { len: 0 }),
        Box::new(StreamIdError::Character),
        Box::new(RepoError::<CaseError>::Conflict {
            stream: stream(),
            attempts: 5,
        }),
        Box::new(RepoError::<CaseError>::WrongStream { stream: stream() }),
        Box::new(RepoError::<CaseError>::InvalidContext { what: "role" }),
        Box::new(IdempotencyKeyError::Length { len: 0 }),
        Box::new(IdempotencyKeyError::Character),
        Box::new(ProjectionError::Poisoned),
    ]
}

#[test]
fn codes_are_unique_and_snake_case_across_the_domain_and_the_engine() {
    let mut seen: BTreeMap<&'static str, String> = BTreeMap::new();
    let domain = CaseError::one_of_each()
        .into_iter()
        .map(|e| Box::new(e) as Box<dyn ServiceError>);
    for error in domain.chain(engine_errors()) {
        let code = error.code();
        let snake = code.starts_with(|c: char| c.is_ascii_lowercase())
            && !code.contains("__")
            && !code.ends_with('_')
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        assert!(snake, "{code} is not snake_case");
        if let Some(other) = seen.insert(code, error.to_string()) {
            panic!("{code} names two errors: {other:?} and {error}");
        }
    }
    assert!(seen.len() > 90);
}

#[test]
fn kinds_map_to_one_http_status_each() {
    use ErrorKind::*;
    let statuses: Vec<u16> = [NotFound, Conflict, Invalid, Forbidden, Unavailable, Corrupt]
        .map(ErrorKind::http_status)
        .to_vec();
    assert_eq!(statuses, [404, 409, 422, 403, 503, 500]);
    for (error, kind) in engine_errors().iter().zip([
        Conflict,
        Invalid,
        Conflict,
        Corrupt,
        Corrupt,
        Corrupt,
        Corrupt,
        Unavailable,
        Unavailable,
        Unavailable,
        Unavailable,
    ]) {
        assert_eq!(error.kind(), kind, "{error}");
    }
}

#[test]
fn repository_errors_carry_the_code_kind_and_reason_of_what_failed() {
    let refused = RepoError::Domain(CaseError::UnknownPlan);
    assert_eq!(refused.code(), "unknown_plan");
    assert_eq!(refused.kind(), ErrorKind::NotFound);
    assert_eq!(
        refused.to_string(),
        "command refused: no such support plan on this case"
    );

    let journey = RepoError::Domain(CaseError::Journey(JourneyError::ForbiddenTransition {
        from: Stage::MovingOn,
        to: Stage::LivingAsACarer,
    }));
    assert_eq!(journey.code(), "forbidden_stage_transition");
    assert_eq!(journey.kind(), ErrorKind::Conflict);

    let locked = RepoError::<CaseError>::Store(StoreError::Locked);
    assert_eq!(locked.code(), "store_locked");
    assert_eq!(locked.kind(), ErrorKind::Unavailable);
    assert_eq!(locked.to_string(), "the store is locked by another process");

    let corrupt = RepoError::<CaseError>::Codec(CodecError::NotAnEventEnum);
    assert_eq!(corrupt.kind(), ErrorKind::Corrupt);

    let projecting = ProjectionError::Store(StoreError::Corrupt { position: 9 });
    assert_eq!(projecting.code(), "corrupt_log_record");
    assert_eq!(projecting.kind(), ErrorKind::Corrupt);
}

#[test]
fn io_messages_name_the_failure_not_the_path() {
    let io = std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        "/srv/carers/Alex Example/db: permission denied",
    );
    let error = StoreError::Io(io);
    assert_eq!(error.to_string(), "storage I/O failed (PermissionDenied)");
    assert!(std::error::Error::source(&error).is_some());
}
