//! The async example service (`examples/embed_async.rs`) on 127.0.0.1 with an
//! ephemeral port, driven by a real HTTP client under concurrent requests: retried
//! and racing requests with one idempotency key act once; racing requests on one
//! case both land; refusals carry a code and no personal data.

#[path = "../examples/embed_async.rs"]
#[allow(dead_code)]
mod service;

use carers::domain::*;
use carers::es::EventStore;
use carers::es::form::revealed;
use carers::sled_store::SledStore;
use carers::uuid::Uuid;
use reqwest::StatusCode;
use serde_json::{Value, json};
use service::{App, Assessed, Problem, Registered};

const NAME: &str = "MARKER-Robin-Example";

#[derive(Clone)]
struct Running {
    base: String,
    client: reqwest::Client,
    store: SledStore,
}

async fn start() -> Running {
    let store = SledStore::temporary().expect("a temporary store");
    let app = App::start(store.clone()).await.expect("the service starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("an ephemeral port on loopback");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    tokio::spawn(service::serve(listener, app));
    Running {
        base,
        client: reqwest::Client::new(),
        store,
    }
}

impl Running {
    fn post(&self, path: &str, key: Option<&str>) -> reqwest::RequestBuilder {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("x-actor-id", "worker-3")
            .header("x-organisation", "carers-hub")
            .header("x-role", "support-worker");
        match key {
            Some(key) => request.header("idempotency-key", key),
            None => request,
        }
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("the service answers");
        let status = response.status();
        (status, response.text().await.expect("a body"))
    }

    async fn register(&self, key: &str, body: &Value) -> (StatusCode, Registered) {
        let response = self
            .post("/carers", Some(key))
            .json(body)
            .send()
            .await
            .expect("the service answers");
        let status = response.status();
        let text = response.text().await.expect("a body");
        let registered = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status} {text}"));
        (status, registered)
    }

    fn head(&self) -> u64 {
        self.store.head_position().expect("the store reads")
    }
}

/// A registration as a client sends it: plain JSON, personal values in clear.
fn registration(name: &str, cared_for: Uuid) -> Value {
    json!({
        "details": {
            "name": name,
            "date_of_birth": "1970-01-31",
            "contact": "07700 900000",
            "address": "1 Example Street",
            "notes": "",
        },
        "source": "Gp",
        "lawful_basis": "PublicTask",
        "consent_to_hold_data": true,
        "roles": [{
            "cared_for": cared_for,
            "cared_for_born": "1940-06-01",
            "relationship": "Child",
            "parental_responsibility": false,
            "conditions": ["Dementia"],
            "hours": "From50",
            "lives_with_carer": true,
            "basis": "Unpaid",
            "stage": "LivingAsACarer",
        }],
    })
}

/// An assessment whose evidence meets reg. 3.
fn assessment(assessment: Uuid, cared_for: Uuid) -> Value {
    let evidence = AssessmentEvidence {
        needs: Personal::new("MARKER-needs".into()),
        needs_assessed: AssessedNeeds {
            from_necessary_care_for_an_adult: true,
            health_deteriorating_or_at_risk: true,
            significant_impact_on_wellbeing: true,
            ..AssessedNeeds::default()
        },
        ..AssessmentEvidence::default()
    };
    // A Rust client serialises the library's types in clear on purpose.
    let evidence = revealed(|| serde_json::to_value(&evidence)).expect("serialises");
    json!({ "assessment": assessment, "cared_for": cared_for, "evidence": evidence })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_registrations_each_create_one_carer_and_a_retry_creates_none() {
    let service = start().await;
    let requests = (0..16).map(|i| {
        let service = service.clone();
        async move {
            let body = registration(NAME, Uuid::now_v7());
            service.register(&format!("register-{i}"), &body).await
        }
    });
    let answers = futures_join_all(requests).await;
    let mut ids: Vec<Uuid> = answers
        .iter()
        .map(|(status, registered)| {
            assert_eq!(*status, StatusCode::CREATED);
            assert!(!registered.replayed);
            registered.carer
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 16, "one carer per request");
    // Identified, lawful basis, consent and the role: four events each.
    assert_eq!(service.head(), 16 * 4);

    // A retried request (same key, same body) is answered with the first result.
    let body = registration(NAME, Uuid::now_v7());
    let (first_status, first) = service.register("retried", &body).await;
    let head = service.head();
    let (retry_status, retry) = service.register("retried", &body).await;
    assert_eq!(
        (first_status, retry_status),
        (StatusCode::CREATED, StatusCode::OK)
    );
    assert_eq!(retry.carer, first.carer);
    assert!(retry.replayed);
    assert_eq!(service.head(), head, "the retry appended nothing");

    // The same key with another body is refused, and appends nothing.
    let response = service
        .post("/carers", Some("retried"))
        .json(&registration("MARKER-someone-else", Uuid::now_v7()))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let text = response.text().await.expect("a body");
    let problem: Problem = serde_json::from_str(&text).expect("a problem");
    assert_eq!(problem.code, "idempotency_key_conflict");
    assert!(!text.contains("MARKER"), "{text}");
    assert_eq!(service.head(), head);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_racing_pair_with_one_key_creates_one_carer() {
    let service = start().await;
    let body = registration(NAME, Uuid::now_v7());
    let (a, b) = tokio::join!(
        service.register("raced", &body),
        service.register("raced", &body)
    );
    assert_eq!(a.1.carer, b.1.carer, "both answers name the one carer");
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED]);
    assert!(a.1.replayed != b.1.replayed);
    assert_eq!(service.head(), 4, "one registration's events");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assessments_answer_the_determination_and_racing_ones_on_one_case_both_land() {
    let service = start().await;
    let cared_for = Uuid::now_v7();
    let (_, carer) = service
        .register("carer", &registration(NAME, cared_for))
        .await;
    let path = format!("/carers/{}/assessments", carer.carer);

    let assess = |key: &'static str, id: Uuid| {
        let request = service
            .post(&path, Some(key))
            .json(&assessment(id, cared_for));
        async move {
            let response = request.send().await.expect("answers");
            let status = response.status();
            let text = response.text().await.expect("a body");
            assert_eq!(status, StatusCode::OK, "{text}");
            assert!(!text.contains("MARKER"), "{text}");
            serde_json::from_str::<Assessed>(&text).expect("an assessment")
        }
    };
    let (first, second) = (Uuid::now_v7(), Uuid::now_v7());
    // Two assessments of one case at once: the loser of the append reloads and
    // decides again, so both land.
    let (a, b) = tokio::join!(assess("assess-a", first), assess("assess-b", second));
    for done in [&a, &b] {
        assert!(!done.replayed);
        match &done.result {
            Some(AssessmentResult::Determination(d)) => assert!(d.eligible),
            other => panic!("a carer's assessment determines eligibility: {other:?}"),
        }
    }
    let retried = assess("assess-a", first).await;
    assert!(retried.replayed);
    assert_eq!(retried.result, a.result);

    // The timeline holds both assessments, in order, and no personal value.
    let (status, text) = service
        .get(&format!("/carers/{}/timeline", carer.carer))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!text.contains("MARKER"), "{text}");
    let timeline: Vec<Value> = serde_json::from_str(&text).expect("a timeline");
    let versions: Vec<u64> = timeline
        .iter()
        .map(|e| e["version"].as_u64().expect("a version"))
        .collect();
    assert_eq!(versions, (1..=versions.len() as u64).collect::<Vec<_>>());
    let completed = timeline
        .iter()
        .filter(|e| e["event_type"] == CaseEvent::ASSESSMENT_COMPLETED)
        .count();
    assert_eq!(completed, 2);
    assert_eq!(timeline[0]["actor"]["organisation"], "carers-hub");

    // Nothing is overdue on the case or across cases.
    let (status, text) = service
        .get(&format!("/carers/{}/overdue", carer.carer))
        .await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "[]"));
    let (status, text) = service.get("/overdue").await;
    assert_eq!(status, StatusCode::OK);
    let overdue: Value = serde_json::from_str(&text).expect("figures");
    assert_eq!(overdue["safeguarding_actions"], 0);
    assert_eq!(overdue["as_of_position"], service.head());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_carry_a_code_a_status_and_no_personal_data() {
    let service = start().await;
    let body = registration(NAME, Uuid::now_v7());

    // No idempotency key: refused before anything runs.
    let response = service.post("/carers", None).json(&body).send().await;
    let response = response.expect("answers");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    // No actor: the repository refuses to record a fact without one.
    let response = service
        .client
        .post(format!("{}/carers", service.base))
        .header("idempotency-key", "no-actor")
        .json(&body)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Problem = response.json().await.expect("a problem");
    assert_eq!(problem.code, "invalid_context");

    // A body that does not parse is not quoted back.
    let mut bad = body.clone();
    bad["details"]["date_of_birth"] = json!("MARKER-not-a-date");
    let response = service
        .post("/carers", Some("bad-body"))
        .json(&bad)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let text = response.text().await.expect("a body");
    assert!(!text.contains("MARKER"), "{text}");

    // A key with personal-looking text is refused without quoting it.
    let response = service
        .post("/carers", Some("MARKER Robin"))
        .json(&body)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = response.text().await.expect("a body");
    assert!(!text.contains("MARKER"), "{text}");

    // A case that does not exist has an empty timeline; an assessment on it is
    // refused by the domain with its code.
    let nobody = Uuid::now_v7();
    let response = service
        .post(&format!("/carers/{nobody}/assessments"), Some("nobody"))
        .json(&assessment(Uuid::now_v7(), Uuid::now_v7()))
        .send()
        .await
        .expect("answers");
    assert!(response.status().is_client_error(), "{}", response.status());
    let problem: Problem = response.json().await.expect("a problem");
    assert!(!problem.code.is_empty());
    assert_eq!(service.head(), 0, "no refusal appended anything");
}

/// Awaits every future (all run concurrently on the runtime).
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let mut outputs = Vec::new();
    for f in futures.map(tokio::spawn).collect::<Vec<_>>() {
        outputs.push(f.await.expect("the request task completes"));
    }
    outputs
}
