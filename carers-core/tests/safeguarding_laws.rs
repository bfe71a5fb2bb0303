//! Safeguarding as the law says it, exactly (Care Act 2014 s.42; Care and Support
//! Statutory Guidance ch. 14; Children Act 1989 s.47): each test is named for the
//! rule it proves.

mod support;

use carers_core::domain::*;
use carers_core::es::Aggregate;
use carers_core::es::scenario::given;
use support::*;

/// s.42(1): the duty arises where the authority has reasonable cause to SUSPECT each
/// limb, not where it has found them; the fields say so, and stored decisions under
/// the old field names still read.
#[test]
fn s42_duty_arises_on_reasonable_cause_to_suspect() {
    let suspected = S42Conditions {
        cause_to_suspect_needs_for_care_and_support: true,
        cause_to_suspect_abuse_or_neglect: true,
        cause_to_suspect_unable_to_protect_themselves: true,
    };
    assert!(suspected.duty_arises());
    for limb in 0..3 {
        let mut two = suspected;
        match limb {
            0 => two.cause_to_suspect_needs_for_care_and_support = false,
            1 => two.cause_to_suspect_abuse_or_neglect = false,
            _ => two.cause_to_suspect_unable_to_protect_themselves = false,
        }
        assert!(!two.duty_arises(), "every limb is needed (limb {limb})");
    }
    let old: S42Conditions = serde_json::from_str(
        r#"{"needs_care_and_support":true,"experiencing_or_at_risk":true,"unable_to_protect_themselves":false}"#,
    )
    .expect("old stored conditions still read");
    assert_eq!(
        old,
        S42Conditions {
            cause_to_suspect_unable_to_protect_themselves: false,
            ..suspected
        }
    );
    // A referred adult concern: the duty is decided on suspicion of all three.
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = ConcernId::new();
    h.extend(
        given::<CarerCase>(h.clone())
            .when(
                &CaseCommand::RaiseConcern {
                    concern: c,
                    details: concern_details(PersonAtRisk::CaredFor(mother), false),
                },
                &hub(),
            )
            .accepted(),
    );
    h.extend(
        given::<CarerCase>(h.clone())
            .when(
                &CaseCommand::ReferConcern {
                    concern: c,
                    to: Agency::AdultSocialCare,
                },
                &hub(),
            )
            .accepted(),
    );
    given::<CarerCase>(h)
        .when(
            &CaseCommand::DecideS42 {
                concern: c,
                conditions: suspected,
                outcome: S42Outcome::DutyMet,
            },
            &asc(),
        )
        .accepted();
}

/// CSSG ch. 14 (proportionality): a concern that does not meet the threshold for a
/// referral closes as a recorded decision (advice given, or no further action), with
/// its reason, without a referral; only a concern not yet referred closes so.
#[test]
fn a_concern_may_close_below_threshold_without_a_referral_with_its_reason() {
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(mother), false),
        &hub(),
    );
    let close = |outcome| CaseCommand::CloseBelowThreshold {
        concern: c,
        outcome,
        reason: Personal::new("a misunderstanding about a bank card; advice given".into()),
    };
    let events = accept(&mut h, close(BelowThreshold::AdviceGiven), &hub());
    assert!(matches!(
        &events[..],
        [CaseEvent::ConcernClosedBelowThreshold {
            outcome: BelowThreshold::AdviceGiven,
            ..
        }]
    ));
    let case = CarerCase::replay(&h);
    let concern = case.concern(c).expect("raised above");
    assert_eq!(concern.status, ConcernStatus::Closed);
    assert!(concern.referrals.is_empty());
    assert!(matches!(
        concern.closure,
        Some(Closure::BelowThreshold {
            outcome: BelowThreshold::AdviceGiven,
            ..
        })
    ));
    assert!(
        case.overdue(
            &SafeguardingPolicy::default(),
            now() + chrono::Duration::days(30)
        )
        .is_empty()
    );

    // Once referred, the concern is above the threshold: it closes with an outcome.
    let referred = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(mother), false),
        &hub(),
    );
    accept(
        &mut h,
        CaseCommand::ReferConcern {
            concern: referred,
            to: Agency::AdultSocialCare,
        },
        &hub(),
    );
    assert_eq!(
        refusal(
            &h,
            CaseCommand::CloseBelowThreshold {
                concern: referred,
                outcome: BelowThreshold::NoFurtherAction,
                reason: Personal::new("x".into()),
            },
            &hub()
        ),
        CaseError::WrongConcernStatus {
            action: "close below threshold",
            status: ConcernStatus::Referred
        }
    );
}

/// An adult concern with children in the household: the lead referral goes where
/// the law routes the person at risk (Adult Social Care, s.42), and an additional
/// referral to the Children's Trust (Children Act 1989 s.47) is allowed; the lead
/// agency still decides that the s.42 duty is decided.
#[test]
fn an_adult_concern_with_children_in_the_household_is_also_referred_to_the_childrens_trust() {
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = raise(
        &mut h,
        concern_with_children_in_household(PersonAtRisk::CaredFor(mother)),
        &hub(),
    );
    let refer = |to| CaseCommand::ReferConcern { concern: c, to };
    assert_eq!(
        refusal(&h, refer(Agency::ChildrensTrust), &hub()),
        CaseError::WrongAgency {
            expected: Agency::AdultSocialCare
        },
        "the lead referral goes to the agency the law routes to"
    );
    accept(&mut h, refer(Agency::AdultSocialCare), &hub());
    accept(&mut h, refer(Agency::ChildrensTrust), &hub());
    assert_eq!(
        refusal(&h, refer(Agency::ChildrensTrust), &hub()),
        CaseError::AlreadyReferredTo {
            agency: Agency::ChildrensTrust
        }
    );
    assert_eq!(
        refusal(&h, refer(Agency::AdultSocialCare), &hub()),
        CaseError::AlreadyReferredTo {
            agency: Agency::AdultSocialCare
        }
    );
    let case = CarerCase::replay(&h);
    let concern = case.concern(c).expect("raised above");
    assert_eq!(
        concern.referrals.iter().map(|r| r.to).collect::<Vec<_>>(),
        vec![Agency::AdultSocialCare, Agency::ChildrensTrust]
    );
    assert_eq!(concern.lead_agency(), Some(Agency::AdultSocialCare));
    assert_eq!(concern.status, ConcernStatus::Referred);
    accept(
        &mut h,
        CaseCommand::DecideS42 {
            concern: c,
            conditions: S42Conditions::default(),
            outcome: S42Outcome::DutyNotMet(Personal::new("no care needs".into())),
        },
        &asc(),
    );
}

/// An additional referral to the Children's Trust is for an adult concern with
/// children in the household only.
#[test]
fn an_additional_referral_needs_children_in_the_household() {
    let (mut h, _, mother) = adult_carer_assessed(eligible_needs());
    let c = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(mother), false),
        &hub(),
    );
    let refer = |to| CaseCommand::ReferConcern { concern: c, to };
    accept(&mut h, refer(Agency::AdultSocialCare), &hub());
    assert_eq!(
        refusal(&h, refer(Agency::ChildrensTrust), &hub()),
        CaseError::NoChildrenInHousehold
    );
}

/// Children Act 1989 s.105(1): a child is a person under 18. Whether the person at
/// risk is a child comes from their date of birth on the day of the referral, not
/// from a band fixed when the concern was raised: a cared-for person whose concern
/// is raised the day before their 18th birthday and referred after it goes to Adult
/// Social Care, and the s.42 duty is then decided.
#[test]
fn whether_the_person_at_risk_is_a_child_comes_from_their_date_of_birth_on_the_day_of_the_referral()
{
    // 18 on Tuesday 24 November 2026; the tests' clock reads Monday 23rd.
    let (mut h, son) = carer_of_person_born(date(2008, 11, 24));
    let before = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(son), false),
        &hub(),
    );
    let same_day = raise(
        &mut h,
        concern_details(PersonAtRisk::CaredFor(son), false),
        &hub(),
    );
    let refer = |concern, to| CaseCommand::ReferConcern { concern, to };
    // Referred the day it was raised, while 17: the Children's Trust.
    assert_eq!(
        refusal(&h, refer(same_day, Agency::AdultSocialCare), &hub()),
        CaseError::WrongAgency {
            expected: Agency::ChildrensTrust
        }
    );
    accept(&mut h, refer(same_day, Agency::ChildrensTrust), &hub());
    // Referred on the 18th birthday: Adult Social Care.
    let birthday = hub_at(utc(2026, 11, 24, 9, 0));
    assert_eq!(
        refusal(&h, refer(before, Agency::ChildrensTrust), &birthday),
        CaseError::WrongAgency {
            expected: Agency::AdultSocialCare
        }
    );
    accept(&mut h, refer(before, Agency::AdultSocialCare), &birthday);
    accept(
        &mut h,
        CaseCommand::DecideS42 {
            concern: before,
            conditions: S42Conditions::default(),
            outcome: S42Outcome::OtherEnquiry,
        },
        &birthday,
    );
    let case = CarerCase::replay(&h);
    assert_eq!(
        case.concern(before).and_then(Concern::lead_agency),
        Some(Agency::AdultSocialCare)
    );

    // The carer's own date of birth counts the same way: a young carer who turns
    // 18 between the concern and its referral is referred to Adult Social Care.
    let mut h = vec![identified(CarerId::new(), date(2008, 11, 24))];
    let c = raise(&mut h, concern_details(PersonAtRisk::Carer, false), &hub());
    assert!(
        CarerCase::replay(&h)
            .concern(c)
            .is_some_and(|x| x.child_when_raised)
    );
    accept(&mut h, refer(c, Agency::AdultSocialCare), &birthday);
}
