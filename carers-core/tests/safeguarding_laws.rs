//! Safeguarding as the law says it, exactly (Care Act 2014 s.42; Care and Support
//! Statutory Guidance ch. 14; Children Act 1989 s.47): each test is named for the
//! rule it proves.

mod support;

use carers_core::domain::*;
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
