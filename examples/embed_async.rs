//! An HTTP service on axum and tokio around `carers`, over the async API
//! (`carers::asynchronous`, feature `tokio`): what an embedding service writes.
//!
//! - `POST /carers` (header `Idempotency-Key`): register a carer with their caring
//!   roles, one atomic append; a retry with the same key gets the same carer.
//! - `POST /carers/{carer}/assessments` (header `Idempotency-Key`): request, start,
//!   evidence and complete a carer's assessment in one append; answers the result
//!   (the determination, with its reasons).
//! - `GET /carers/{carer}/timeline`: the case's events, personal values redacted.
//! - `GET /carers/{carer}/overdue`: the case's overdue safeguarding work.
//! - `GET /overdue`: overdue safeguarding actions across all cases (a projection).
//!
//! Who acts comes from the headers `X-Actor-Id`, `X-Organisation` and `X-Role`
//! (in a real service: from its authentication). Every refusal is a JSON body
//! `{"code", "kind", "message"}` with the HTTP status of its kind; no message
//! carries personal data, and a body that does not parse is answered without
//! quoting it.
//!
//! `cargo run --example embed_async` serves on 127.0.0.1 (the port in `PORT`, or
//! one the system picks) over a store in a temporary directory, until Ctrl-C.
//! `tests/embed_async.rs` starts it on an ephemeral port and drives it with an
//! HTTP client.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use carers::asynchronous::{AsyncRepository, catch_up, rebuild};
use carers::chrono::Utc;
use carers::domain::*;
use carers::es::{
    Actor, Context, IdempotencyKey, ProjectionRunner, Repository, ServiceError, TimelineEntry,
};
use carers::projections::SafeguardingTrends;
use carers::sled_store::SledStore;
use carers::uuid::Uuid;
use serde::{Deserialize, Serialize};

/// What every handler shares: cheap clones of one store.
#[derive(Clone, Debug)]
pub struct App {
    repo: AsyncRepository<CarerCase, SledStore>,
    store: SledStore,
    trends: Arc<Mutex<SafeguardingTrends>>,
}

impl App {
    /// The service over `store`. The trends read model lives in memory, so it is
    /// rebuilt from the log at start (its checkpoint in the store outlives it).
    ///
    /// # Errors
    /// The store failed, or a stored event does not decode.
    pub async fn start(store: SledStore) -> Result<Self, carers::es::ProjectionError> {
        let trends = Arc::new(Mutex::new(SafeguardingTrends::new()));
        rebuild(
            ProjectionRunner::default(),
            store.clone(),
            Arc::clone(&trends),
        )
        .await?;
        Ok(Self {
            repo: AsyncRepository::new(Repository::new(store.clone()).with_access(partnership())),
            store,
            trends,
        })
    }
}

/// The routes.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/carers", post(register))
        .route("/carers/{carer}/assessments", post(assess))
        .route("/carers/{carer}/timeline", get(timeline))
        .route("/carers/{carer}/overdue", get(case_overdue))
        .route("/overdue", get(overdue))
        .with_state(app)
}

/// Serves `app` on `listener` until the future is dropped.
///
/// # Errors
/// The listener failed.
pub async fn serve(listener: tokio::net::TcpListener, app: App) -> std::io::Result<()> {
    axum::serve(listener, router(app)).await
}

/// A refusal as the client reads it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Problem {
    /// The stable code (`carers::es::ServiceError::code`).
    pub code: String,
    /// The kind (not found, conflict, invalid, …).
    pub kind: String,
    /// The reason, in words that carry no personal data.
    pub message: String,
}

/// A typed error from `carers`, answered with the status of its kind.
struct Refusal(StatusCode, Problem);

impl<E: ServiceError> From<E> for Refusal {
    fn from(e: E) -> Self {
        let status = StatusCode::from_u16(e.kind().http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Refusal(
            status,
            Problem {
                code: e.code().into(),
                kind: format!("{:?}", e.kind()),
                message: e.to_string(),
            },
        )
    }
}

impl Refusal {
    fn bad_request(code: &str, message: &str) -> Self {
        Refusal(
            StatusCode::BAD_REQUEST,
            Problem {
                code: code.into(),
                kind: "Invalid".into(),
                message: message.into(),
            },
        )
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, axum::Json(self.1)).into_response()
    }
}

/// The body, or a refusal that does not quote it (serde's messages may show the
/// values sent, which are personal data).
fn body<T>(parsed: Result<axum::Json<T>, JsonRejection>) -> Result<T, Refusal> {
    parsed
        .map(|axum::Json(t)| t)
        .map_err(|_| Refusal::bad_request("invalid_body", "the body is not the JSON expected"))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Who acts, and when: a blank actor is refused by the repository
/// (`invalid_context`), so nothing is recorded without one.
fn context(headers: &HeaderMap) -> Context {
    let actor = Actor::new(
        header(headers, "x-actor-id"),
        header(headers, "x-organisation"),
        header(headers, "x-role"),
    );
    Context::new(actor, Utc::now())
}

fn idempotency_key(headers: &HeaderMap) -> Result<IdempotencyKey, Refusal> {
    match headers.get("idempotency-key") {
        None => Err(Refusal::bad_request(
            "idempotency_key_required",
            "send an Idempotency-Key header, so that a retry does not act twice",
        )),
        Some(v) => Ok(IdempotencyKey::new(v.to_str().unwrap_or("\0"))?),
    }
}

/// `POST /carers`: a carer, identified with their caring roles.
#[derive(Debug, Serialize, Deserialize)]
pub struct Registration {
    /// The carer's personal details.
    pub details: PersonalDetails,
    /// How the carer was identified.
    pub source: IdentificationSource,
    /// The lawful basis for holding their data.
    pub lawful_basis: LawfulBasis,
    /// Whether the carer consents to their data being held.
    pub consent_to_hold_data: bool,
    /// The people they care for.
    pub roles: Vec<NewCaringRole>,
}

/// The answer to `POST /carers`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Registered {
    /// The carer's id.
    pub carer: Uuid,
    /// The case's version after the registration.
    pub version: u64,
    /// Whether this was a retry answered with the first registration.
    pub replayed: bool,
}

async fn register(
    State(app): State<App>,
    headers: HeaderMap,
    parsed: Result<axum::Json<Registration>, JsonRejection>,
) -> Result<(StatusCode, axum::Json<Registered>), Refusal> {
    let key = idempotency_key(&headers)?;
    let form = body(parsed)?;
    let commands = move |id: Uuid| {
        let identify = CaseCommand::IdentifyCarer {
            carer: CarerId(id),
            details: form.details.clone(),
            source: form.source,
            lawful_basis: form.lawful_basis,
            consent_to_hold_data: form.consent_to_hold_data,
        };
        let roles = form.roles.iter().cloned().map(CaseCommand::AddCaringRole);
        std::iter::once(identify).chain(roles).collect()
    };
    let created = app
        .repo
        .execute_new(commands, context(&headers), key)
        .await?;
    let status = if created.executed.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        axum::Json(Registered {
            carer: created.id,
            version: created.executed.append.last_version,
            replayed: created.executed.replayed,
        }),
    ))
}

/// `POST /carers/{carer}/assessments`: an assessment, from request to result.
#[derive(Debug, Serialize, Deserialize)]
pub struct Assessment {
    /// The assessment's id, chosen by the client: the idempotency key stands for
    /// these exact commands, so a retry must send the same id.
    pub assessment: AssessmentId,
    /// The caring role it is about.
    pub cared_for: CaredForId,
    /// What the assessment found.
    pub evidence: AssessmentEvidence,
}

/// The answer to `POST /carers/{carer}/assessments`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Assessed {
    /// The assessment.
    pub assessment: AssessmentId,
    /// Its result: for a carer's assessment, the determination and its reasons.
    pub result: Option<AssessmentResult>,
    /// Whether this was a retry answered with the first assessment.
    pub replayed: bool,
}

async fn assess(
    State(app): State<App>,
    Path(carer): Path<Uuid>,
    headers: HeaderMap,
    parsed: Result<axum::Json<Assessment>, JsonRejection>,
) -> Result<axum::Json<Assessed>, Refusal> {
    let key = idempotency_key(&headers)?;
    let form = body(parsed)?;
    let assessment = form.assessment;
    let commands = vec![
        CaseCommand::RequestAssessment(AssessmentRequest::new(
            assessment,
            AssessmentKind::CarersAssessment,
            form.cared_for,
            Route::RequestedByCarer,
        )),
        CaseCommand::StartAssessment { assessment },
        CaseCommand::RecordEvidence {
            assessment,
            evidence: Box::new(form.evidence),
        },
        CaseCommand::CompleteAssessment { assessment },
    ];
    let done = app
        .repo
        .execute_all(
            CarerId(carer).stream(),
            commands,
            context(&headers),
            Some(key),
        )
        .await?;
    let result = done
        .state
        .assessment(assessment)
        .and_then(|a| a.result.clone());
    Ok(axum::Json(Assessed {
        assessment,
        result,
        replayed: done.replayed,
    }))
}

async fn timeline(
    State(app): State<App>,
    Path(carer): Path<Uuid>,
) -> Result<axum::Json<Vec<TimelineEntry<CaseEvent>>>, Refusal> {
    Ok(axum::Json(
        app.repo.timeline(CarerId(carer).stream()).await?,
    ))
}

async fn case_overdue(
    State(app): State<App>,
    Path(carer): Path<Uuid>,
) -> Result<axum::Json<Vec<Overdue>>, Refusal> {
    let case = app.repo.load(CarerId(carer).stream()).await?.state;
    let policy = &app.repo.blocking().policy().safeguarding;
    Ok(axum::Json(case.overdue(policy, Utc::now())))
}

/// The answer to `GET /overdue`.
#[derive(Debug, Serialize, Deserialize)]
pub struct OverdueAcrossCases {
    /// Safeguarding actions not completed whose due day has ended.
    pub safeguarding_actions: usize,
    /// The last log position the figures include.
    pub as_of_position: u64,
}

async fn overdue(State(app): State<App>) -> Result<axum::Json<OverdueAcrossCases>, Refusal> {
    let caught_up = catch_up(
        ProjectionRunner::default(),
        app.store.clone(),
        Arc::clone(&app.trends),
    )
    .await?;
    let trends = app
        .trends
        .lock()
        .map_err(|_| carers::es::ProjectionError::Poisoned)?;
    Ok(axum::Json(OverdueAcrossCases {
        safeguarding_actions: trends.actions_overdue(Utc::now()),
        as_of_position: caught_up.checkpoint,
    }))
}

#[allow(dead_code)] // the test includes this file for its router, not for `main`
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("serving on http://{}", listener.local_addr()?);
    let app = App::start(SledStore::temporary()?).await?;
    tokio::select! {
        served = serve(listener, app) => served?,
        _ = tokio::signal::ctrl_c() => println!("stopped"),
    }
    Ok(())
}

/// The partnership the service acts in: each organisation with its kind. Without one, every actor is refused.
fn partnership() -> Partnership {
    Partnership::new()
        .with("carers-hub", PartnerKind::CarersHub)
        .with("adult-social-care", PartnerKind::AdultSocialCare)
}
