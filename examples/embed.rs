//! The smallest program another service writes around `carers`: open a store,
//! execute one command, handle a typed refusal, read a projection.
//!
//! `cargo run --example embed`

use carers::domain::*;
use carers::es::{Actor, Context, ProjectionRunner, RepoError, Repository, ServiceError};
use carers::projections::SafeguardingTrends;
use carers::sled_store::SledStore;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A durable store (here in a temporary directory). In a service:
    // `SledStore::open_with(Config::new(path).key_encryption_key(kek))`, the
    // key-encryption key loaded from a secrets manager (SECURITY.md).
    let repo = Repository::<CarerCase, _>::new(SledStore::temporary()?).with_access(partnership());
    let ctx = Context::new(
        Actor::new("worker-7", "carers-hub", "support-worker"),
        carers::chrono::Utc::now(),
    );

    // Open a carer's case.
    let carer = CarerId::new();
    let born = carers::chrono::NaiveDate::from_ymd_opt(1968, 2, 14).ok_or("a calendar date")?;
    let identify = CaseCommand::IdentifyCarer {
        carer,
        details: PersonalDetails {
            name: Personal::new("Sam Example".into()),
            date_of_birth: Personal::new(born),
            contact: Personal::new(String::new()),
            address: Personal::new(String::new()),
            notes: Personal::new(String::new()),
        },
        source: IdentificationSource::Gp,
        lawful_basis: LawfulBasis::PublicTask,
        consent_to_hold_data: true,
    };
    let done = repo.execute(&carer.stream(), &identify, &ctx, None)?;
    println!("case opened at version {}", done.append.last_version);

    // A refusal is a typed error with a stable code and kind: map it in one match.
    let about_nobody = CaseCommand::RequestAssessment(AssessmentRequest::new(
        AssessmentId::new(),
        AssessmentKind::CarersAssessment,
        CaredForId::new(),
        Route::RequestedByCarer,
    ));
    match repo.execute(&carer.stream(), &about_nobody, &ctx, None) {
        Err(e @ RepoError::Domain(_)) => println!(
            "refused ({}, HTTP {}): {e}",
            e.code(),
            e.kind().http_status()
        ),
        Err(e) => return Err(e.into()),
        Ok(_) => return Err("an assessment about an unknown role must be refused".into()),
    }

    // Read models are folds of the global log, caught up from their checkpoint.
    let mut trends = SafeguardingTrends::new();
    let caught_up = ProjectionRunner::default().catch_up(repo.store(), &mut trends)?;
    println!(
        "safeguarding trends read {} events: {} concerns",
        caught_up.handled,
        trends.per_category_month.values().sum::<u32>()
    );
    Ok(())
}

/// The partnership the example acts in: each organisation with its kind. Without one, every actor is refused.
fn partnership() -> Partnership {
    Partnership::new()
        .with("carers-hub", PartnerKind::CarersHub)
        .with("adult-social-care", PartnerKind::AdultSocialCare)
}
