//! Referrals of the carer (issue 12), through the repository: received and made,
//! acknowledged, accepted or declined, with the days each step took; the
//! identification source follows from the first referral received.

mod support;

use carers_core::domain::*;
use carers_core::es::{OrganisationId, RepoError};
use chrono::{Days, NaiveDate};
use support::*;

fn text(t: &str) -> Personal<String> {
    Personal::new(t.into())
}

fn days_ago(n: u64) -> NaiveDate {
    now()
        .date_naive()
        .checked_sub_days(Days::new(n))
        .expect("a day")
}

fn received(referral: ReferralId, from: IdentificationSource, on: NaiveDate) -> CaseCommand {
    CaseCommand::ReceiveReferral(ReferralIn {
        referral,
        from,
        referrer: Some(OrganisationId("moseley-pharmacy".into())),
        received_on: on,
        reason: text("collects prescriptions for her husband; seems worn out"),
    })
}

fn answer(referral: ReferralId, answer: ReferralAnswer, on: NaiveDate) -> CaseCommand {
    CaseCommand::AnswerReferral {
        referral,
        answer,
        on,
    }
}

fn counselling() -> OrganisationId {
    OrganisationId("counselling-service".into())
}

fn made(referral: ReferralId, to: OrganisationId) -> CaseCommand {
    CaseCommand::MakeReferral(ReferralOut {
        referral,
        to,
        sent_on: now().date_naive(),
        reason: text("six sessions of carers' counselling"),
    })
}

#[test]
fn a_referral_received_is_acknowledged_then_accepted_and_the_days_each_took_are_measured() {
    let (repo, carer) = identified_case();
    let id = ReferralId::new();
    let stream = carer.stream();
    repo.execute(
        &stream,
        &received(id, IdentificationSource::Pharmacy, days_ago(10)),
        &hub(),
        None,
    )
    .expect("received");
    let case = repo.load(&stream).expect("loads").state;
    assert_eq!(
        case.referrals.unacknowledged_received(),
        vec![(id, days_ago(10))]
    );
    assert!(case.referrals.unacknowledged_made().is_empty());
    repo.execute(
        &stream,
        &answer(id, ReferralAnswer::Acknowledged, days_ago(8)),
        &hub(),
        None,
    )
    .expect("acknowledged");
    repo.execute(
        &stream,
        &answer(id, ReferralAnswer::Accepted, days_ago(3)),
        &hub(),
        None,
    )
    .expect("accepted");
    let case = repo.load(&stream).expect("loads").state;
    let referral = case.referrals.get(id).expect("held");
    assert_eq!(referral.status, ReferralStatus::Accepted);
    assert_eq!(referral.days_to_acknowledge(), Some(2));
    assert_eq!(referral.days_to_decision(), Some(7));
    assert!(case.referrals.unacknowledged_received().is_empty());
    assert_eq!(
        referral.direction,
        ReferralDirection::In {
            from: IdentificationSource::Pharmacy,
            referrer: Some(OrganisationId("moseley-pharmacy".into())),
        }
    );
}

#[test]
fn a_decision_without_an_acknowledgement_acknowledges_it_the_same_day() {
    let (repo, carer) = identified_case();
    let id = ReferralId::new();
    let stream = carer.stream();
    repo.execute(
        &stream,
        &received(id, IdentificationSource::Gp, days_ago(4)),
        &hub(),
        None,
    )
    .expect("received");
    let declined = ReferralAnswer::Declined(text("already supported by the dementia service"));
    repo.execute(&stream, &answer(id, declined, days_ago(1)), &hub(), None)
        .expect("declined");
    let case = repo.load(&stream).expect("loads").state;
    let referral = case.referrals.get(id).expect("held");
    assert_eq!(referral.status, ReferralStatus::Declined);
    assert_eq!(referral.days_to_acknowledge(), Some(3));
    assert_eq!(referral.days_to_decision(), Some(3));
    assert!(referral.declined_because.is_some());
}

#[test]
fn the_identification_source_follows_from_the_first_referral_received_by_the_day_identified() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let case = repo.load(&stream).expect("loads").state;
    // Identified with the source the identification gave, and no referral yet.
    assert_eq!(case.identification_source(), Some(IdentificationSource::Gp));
    // A pharmacy referral received before that day, then a school's a day
    // earlier still: the earliest is where the carer came from...
    repo.execute_all(
        &stream,
        &[
            received(
                ReferralId::new(),
                IdentificationSource::Pharmacy,
                days_ago(2),
            ),
            received(ReferralId::new(), IdentificationSource::School, days_ago(3)),
        ],
        &hub(),
        None,
    )
    .expect("received");
    let case = repo.load(&stream).expect("loads").state;
    assert_eq!(
        case.identification_source(),
        Some(IdentificationSource::School)
    );
    // ...and one received after identification is a later referral, not the source.
    let later = acting_at(hub(), now() + chrono::Duration::days(30));
    repo.execute(
        &stream,
        &received(
            ReferralId::new(),
            IdentificationSource::Employer,
            days_ago(0).checked_add_days(Days::new(30)).expect("a day"),
        ),
        &later,
        None,
    )
    .expect("received");
    let case = repo.load(&stream).expect("loads").state;
    assert_eq!(
        case.identification_source(),
        Some(IdentificationSource::School)
    );
}

#[test]
fn a_referral_made_rests_on_the_carers_consent_to_share_with_that_organisation() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let id = ReferralId::new();
    assert!(matches!(
        refused_by(&repo, carer, &made(id, counselling()), &hub()),
        RepoError::Domain(CaseError::NoConsentToShare)
    ));
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &made(id, OrganisationId("carers-hub".into())),
            &hub()
        ),
        RepoError::Domain(CaseError::ReferralToOwnOrganisation)
    ));
    repo.execute(
        &stream,
        &CaseCommand::RecordConsent {
            purpose: ConsentPurpose::ShareWith(PartnerId::of(&counselling())),
            given: true,
        },
        &hub(),
        None,
    )
    .expect("consent recorded");
    repo.execute(&stream, &made(id, counselling()), &hub(), None)
        .expect("referred");
    let case = repo.load(&stream).expect("loads").state;
    let referral = case.referrals.get(id).expect("held");
    assert_eq!(
        referral.direction,
        ReferralDirection::Out { to: counselling() }
    );
    assert_eq!(referral.status, ReferralStatus::Open);
    assert_eq!(
        case.referrals.unacknowledged_made(),
        vec![(id, days_ago(0))]
    );
    assert!(case.referrals.unacknowledged_received().is_empty());
    // Consent to share with one organisation is not consent for another.
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &made(ReferralId::new(), OrganisationId("debt-advice".into())),
            &hub()
        ),
        RepoError::Domain(CaseError::NoConsentToShare)
    ));
}

#[test]
fn a_referral_needs_a_new_id_a_reason_and_a_day_that_has_come() {
    let (repo, carer) = identified_case();
    let id = ReferralId::new();
    repo.execute(
        &carer.stream(),
        &received(id, IdentificationSource::Gp, days_ago(1)),
        &hub(),
        None,
    )
    .expect("received");
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &received(id, IdentificationSource::Gp, days_ago(1)),
            &hub()
        ),
        RepoError::Domain(CaseError::ReferralExists)
    ));
    let future = received(
        ReferralId::new(),
        IdentificationSource::Gp,
        now().date_naive().succ_opt().expect("a day"),
    );
    assert!(matches!(
        refused_by(&repo, carer, &future, &hub()),
        RepoError::Domain(CaseError::DateInTheFuture)
    ));
    let blank = CaseCommand::ReceiveReferral(ReferralIn {
        referral: ReferralId::new(),
        from: IdentificationSource::SelfReferral,
        referrer: None,
        received_on: days_ago(0),
        reason: text("   "),
    });
    assert!(matches!(
        refused_by(&repo, carer, &blank, &hub()),
        RepoError::Domain(CaseError::ReferralReasonRequired)
    ));
}

#[test]
fn an_answer_is_to_a_referral_held_in_order_not_before_it_and_a_decline_says_why() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let id = ReferralId::new();
    repo.execute(
        &stream,
        &received(id, IdentificationSource::Gp, days_ago(5)),
        &hub(),
        None,
    )
    .expect("received");
    let refuse = |command: CaseCommand| refused_by(&repo, carer, &command, &hub());
    assert!(matches!(
        refuse(answer(
            ReferralId::new(),
            ReferralAnswer::Accepted,
            days_ago(0)
        )),
        RepoError::Domain(CaseError::UnknownReferral)
    ));
    assert!(matches!(
        refuse(answer(id, ReferralAnswer::Acknowledged, days_ago(6))),
        RepoError::Domain(CaseError::DateBeforeReferral)
    ));
    assert!(matches!(
        refuse(answer(
            id,
            ReferralAnswer::Acknowledged,
            now().date_naive().succ_opt().expect("a day")
        )),
        RepoError::Domain(CaseError::DateInTheFuture)
    ));
    assert!(matches!(
        refuse(answer(id, ReferralAnswer::Declined(text("")), days_ago(0))),
        RepoError::Domain(CaseError::ReferralReasonRequired)
    ));
    repo.execute(
        &stream,
        &answer(id, ReferralAnswer::Acknowledged, days_ago(4)),
        &hub(),
        None,
    )
    .expect("acknowledged");
    assert!(matches!(
        refuse(answer(id, ReferralAnswer::Acknowledged, days_ago(3))),
        RepoError::Domain(CaseError::ReferralAlreadyAnswered)
    ));
    // A decision is not before the acknowledgement.
    assert!(matches!(
        refuse(answer(id, ReferralAnswer::Accepted, days_ago(5))),
        RepoError::Domain(CaseError::DateBeforeReferral)
    ));
    repo.execute(
        &stream,
        &answer(id, ReferralAnswer::Accepted, days_ago(2)),
        &hub(),
        None,
    )
    .expect("accepted");
    assert!(matches!(
        refuse(answer(
            id,
            ReferralAnswer::Declined(text("changed our minds")),
            days_ago(1)
        )),
        RepoError::Domain(CaseError::ReferralAlreadyAnswered)
    ));
}

#[test]
fn a_volunteer_takes_a_referral_but_does_not_refer_the_carer_on() {
    let (repo, carer) = identified_case();
    let volunteer = carers_core::es::Context::new(
        carers_core::es::Actor::new("v-1", "carers-hub", "volunteer"),
        now(),
    );
    repo.execute(
        &carer.stream(),
        &received(
            ReferralId::new(),
            IdentificationSource::Pharmacy,
            days_ago(0),
        ),
        &volunteer,
        None,
    )
    .expect("a volunteer takes a referral");
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &made(ReferralId::new(), counselling()),
            &volunteer
        ),
        RepoError::Denied(_)
    ));
}

#[test]
fn a_self_referral_names_no_referrer() {
    let (repo, carer) = identified_case();
    let command = CaseCommand::ReceiveReferral(ReferralIn {
        referral: ReferralId::new(),
        from: IdentificationSource::SelfReferral,
        referrer: Some(OrganisationId("carers-hub".into())),
        received_on: days_ago(0),
        reason: text("rang the helpline"),
    });
    assert!(matches!(
        refused_by(&repo, carer, &command, &hub()),
        RepoError::Domain(CaseError::SelfReferralWithReferrer)
    ));
}

#[test]
fn a_volunteer_acknowledges_a_referral_but_does_not_accept_or_decline_it() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let id = ReferralId::new();
    repo.execute(
        &stream,
        &received(id, IdentificationSource::Gp, days_ago(2)),
        &hub(),
        None,
    )
    .expect("received");
    let volunteer = carers_core::es::Context::new(
        carers_core::es::Actor::new("v-1", "carers-hub", "volunteer"),
        now(),
    );
    for decision in [
        ReferralAnswer::Accepted,
        ReferralAnswer::Declined(text("not eligible")),
    ] {
        assert!(matches!(
            refused_by(&repo, carer, &answer(id, decision, days_ago(0)), &volunteer),
            RepoError::Denied(_)
        ));
    }
    repo.execute(
        &stream,
        &answer(id, ReferralAnswer::Acknowledged, days_ago(1)),
        &volunteer,
        None,
    )
    .expect("a volunteer acknowledges");
}

#[test]
fn a_carer_referred_to_the_childrens_trust_is_a_case_the_trust_may_see() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    let trust = carers_core::es::Context::new(
        carers_core::es::Actor::new("ct-1", "childrens-trust", "social-worker"),
        now(),
    );
    let purpose = carers_core::es::ReadPurpose::Casework;
    assert!(matches!(
        repo.read(&stream, &trust, purpose),
        Err(RepoError::Denied(_))
    ));
    let to = OrganisationId("childrens-trust".into());
    repo.execute_all(
        &stream,
        &[
            CaseCommand::RecordConsent {
                purpose: ConsentPurpose::ShareWith(PartnerId::of(&to)),
                given: true,
            },
            made(ReferralId::new(), to),
        ],
        &hub(),
        None,
    )
    .expect("referred");
    repo.read(&stream, &trust, purpose)
        .expect("the Trust sees a case referred to it");
}
