//! # carers
//!
//! Case management of unpaid carers in England, event-sourced. This facade
//! re-exports the pure core ([`core`], the `carers-core` crate: the engine [`es`]
//! and the carers' [`domain`]) and the durable store ([`sled_store`], the
//! `carers-store-sled` crate). It also re-exports [`chrono`] and [`uuid`], the
//! versions its types are built on (`Context::now`, dates of birth, ids), so an
//! embedder uses the same ones: `carers::chrono::Utc::now()`.
//!
//! A carer identified and assessed on a store in a temporary directory:
//!
//! ```
//! use carers::domain::*;
//! use carers::es::{Actor, Context, Repository};
//! use carers::sled_store::SledStore;
//!
//! // Who may do what: the partnership's organisations, each with its kind. With
//! // none listed, every actor is refused (private by default).
//! let partnership = Partnership::new()
//!     .with("carers-hub", PartnerKind::CarersHub)
//!     .with("birmingham-asc", PartnerKind::AdultSocialCare);
//! let repo = Repository::<CarerCase, _>::new(SledStore::temporary()?).with_access(partnership);
//! let carer = CarerId::new();
//! let stream = carer.stream();
//! let _id: carers::uuid::Uuid = carer.0; // the uuid crate the ids are built on
//! let ctx = Context::new(Actor::new("worker-1", "carers-hub", "support-worker"), carers::chrono::Utc::now());
//! let dob = carers::chrono::NaiveDate::from_ymd_opt(1975, 5, 5).unwrap();
//! let details = PersonalDetails {
//!     name: Personal::new("A Carer".into()),
//!     date_of_birth: Personal::new(dob),
//!     contact: Personal::new(String::new()),
//!     address: Personal::new(String::new()),
//!     notes: Personal::new(String::new()),
//! };
//! repo.execute(&stream, &CaseCommand::IdentifyCarer {
//!     carer, details, source: IdentificationSource::Gp,
//!     lawful_basis: LawfulBasis::PublicTask, consent_to_hold_data: true,
//! }, &ctx, None)?;
//!
//! // Asking for an assessment about a caring role that is not recorded is refused:
//! // the law that applies is judged on the role (s.10(3)), and nothing is appended.
//! let request = CaseCommand::RequestAssessment(AssessmentRequest::new(
//!     AssessmentId::new(), AssessmentKind::CarersAssessment, CaredForId::new(), Route::RequestedByCarer,
//! ));
//! assert!(repo.execute(&stream, &request, &ctx, None).is_err());
//! assert_eq!(repo.load(&stream)?.version, 3); // identified, lawful basis, consent
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use carers_core as core;
pub use carers_store_sled as sled_store;

pub use carers_core::{domain, es, projections};

#[cfg(feature = "tokio")]
pub mod asynchronous;

/// The `chrono` this crate's types use (instants, UK dates).
pub use chrono;
/// The `uuid` this crate's ids use (v7).
pub use uuid;
