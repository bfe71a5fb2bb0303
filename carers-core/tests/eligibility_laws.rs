//! ER reg. 3 as laws: proptest properties over generated assessments, and laws 1,
//! 2, 3 and 6 proved by enumerating every one of the 2^3 × 4^8 = 524,288 inputs.

use carers_core::domain::{Achievement, AssessedNeeds, Inability, Outcome, determine};
use proptest::prelude::*;

/// Law 1, as the regulation states it: (a) ∧ ((2)(a) ∨ any outcome unachievable) ∧ (c).
fn reg3(n: &AssessedNeeds) -> bool {
    n.from_necessary_care_for_an_adult
        && (n.health_deteriorating_or_at_risk
            || n.outcomes.iter().any(|o| *o != Achievement::Achievable))
        && n.significant_impact_on_wellbeing
}

fn achievement() -> impl Strategy<Value = Achievement> {
    prop_oneof![
        Just(Achievement::Achievable),
        Just(Achievement::Unachievable(Inability::NeedsAssistance)),
        Just(Achievement::Unachievable(
            Inability::SignificantPainDistressOrAnxiety
        )),
        Just(Achievement::Unachievable(
            Inability::EndangersHealthOrSafety
        )),
    ]
}

fn assessed_needs() -> impl Strategy<Value = AssessedNeeds> {
    (
        any::<bool>(),
        any::<bool>(),
        proptest::array::uniform8(achievement()),
        any::<bool>(),
    )
        .prop_map(|(necessary, health, outcomes, significant)| AssessedNeeds {
            from_necessary_care_for_an_adult: necessary,
            health_deteriorating_or_at_risk: health,
            outcomes,
            significant_impact_on_wellbeing: significant,
        })
}

/// Law 2: making an outcome unachievable or health at risk never turns eligible into
/// not eligible; removing the significant impact always makes it not eligible.
fn check_monotone(n: &AssessedNeeds) {
    let eligible = determine(n).eligible;
    if eligible {
        for o in Outcome::ALL {
            for how in Inability::ALL {
                let worse = n.clone().with_outcome(o, Achievement::Unachievable(how));
                assert!(
                    determine(&worse).eligible,
                    "making {o:?} unachievable lost eligibility"
                );
            }
        }
        let at_risk = AssessedNeeds {
            health_deteriorating_or_at_risk: true,
            ..n.clone()
        };
        assert!(determine(&at_risk).eligible);
    }
    let no_impact = AssessedNeeds {
        significant_impact_on_wellbeing: false,
        ..n.clone()
    };
    assert!(
        !determine(&no_impact).eligible,
        "eligible without a significant impact"
    );
}

/// Law 3: each limb of "unable to achieve" counts the same.
fn check_limbs_count_alike(n: &AssessedNeeds) {
    let eligible = determine(n).eligible;
    for how in Inability::ALL {
        let mut same = n.clone();
        for o in same.outcomes.iter_mut() {
            if let Achievement::Unachievable(_) = o {
                *o = Achievement::Unachievable(how);
            }
        }
        assert_eq!(
            determine(&same).eligible,
            eligible,
            "limb {how:?} counted differently"
        );
    }
}

/// Law 6: the reasons name exactly the conditions and outcomes that made it.
fn check_reasons(n: &AssessedNeeds) {
    let d = determine(n);
    assert_eq!(
        d.reasons.from_necessary_care_for_an_adult,
        n.from_necessary_care_for_an_adult
    );
    assert_eq!(
        d.reasons.health_deteriorating_or_at_risk,
        n.health_deteriorating_or_at_risk
    );
    assert_eq!(
        d.reasons.significant_impact_on_wellbeing,
        n.significant_impact_on_wellbeing
    );
    let expected: Vec<(Outcome, Inability)> = Outcome::ALL
        .iter()
        .filter_map(|&o| match n.outcome(o) {
            Achievement::Unachievable(how) => Some((o, how)),
            Achievement::Achievable => None,
        })
        .collect();
    assert_eq!(d.reasons.unachievable_outcomes, expected);
    // The determination follows from its reasons alone.
    let from_reasons = d.reasons.from_necessary_care_for_an_adult
        && d.reasons.effect_on_health_or_outcomes()
        && d.reasons.significant_impact_on_wellbeing;
    assert_eq!(d.eligible, from_reasons);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn law1_eligible_iff_the_three_conditions_of_reg3_hold(n in assessed_needs()) {
        prop_assert_eq!(determine(&n).eligible, reg3(&n));
    }

    #[test]
    fn law2_more_need_never_removes_eligibility_and_no_significant_impact_always_does(n in assessed_needs()) {
        check_monotone(&n);
    }

    #[test]
    fn law3_the_three_senses_of_unable_count_the_same(n in assessed_needs()) {
        check_limbs_count_alike(&n);
    }

    #[test]
    fn law6_reasons_name_exactly_what_made_the_determination(n in assessed_needs()) {
        check_reasons(&n);
    }

    #[test]
    fn one_unachievable_outcome_is_enough(o in 0..8usize, how in 0..3usize) {
        let n = AssessedNeeds {
            from_necessary_care_for_an_adult: true,
            significant_impact_on_wellbeing: true,
            ..AssessedNeeds::default()
        }
        .with_outcome(Outcome::ALL[o], Achievement::Unachievable(Inability::ALL[how]));
        prop_assert!(determine(&n).eligible);
    }
}

/// Every input of reg. 3: three conditions and eight outcomes of four states each.
fn every_input() -> impl Iterator<Item = AssessedNeeds> {
    const STATES: [Achievement; 4] = [
        Achievement::Achievable,
        Achievement::Unachievable(Inability::NeedsAssistance),
        Achievement::Unachievable(Inability::SignificantPainDistressOrAnxiety),
        Achievement::Unachievable(Inability::EndangersHealthOrSafety),
    ];
    (0u32..(8 << 16)).map(|i| {
        let mut outcomes = [Achievement::Achievable; 8];
        for (k, slot) in outcomes.iter_mut().enumerate() {
            *slot = STATES[((i >> (2 * k)) & 3) as usize];
        }
        AssessedNeeds {
            from_necessary_care_for_an_adult: i & (1 << 16) != 0,
            health_deteriorating_or_at_risk: i & (1 << 17) != 0,
            outcomes,
            significant_impact_on_wellbeing: i & (1 << 18) != 0,
        }
    })
}

#[test]
fn laws_1_3_and_6_hold_for_every_one_of_the_524288_inputs() {
    let mut count = 0;
    let mut eligible = 0;
    for n in every_input() {
        let d = determine(&n);
        assert_eq!(d.eligible, reg3(&n), "law 1 fails for {n:?}");
        check_limbs_count_alike(&n);
        check_reasons(&n);
        count += 1;
        eligible += d.eligible as u32;
    }
    assert_eq!(count, 524_288);
    // Eligible: (a) and (c) true (1/4 of inputs) and not (health false and all 8 achievable).
    assert_eq!(eligible, 65_536 * 2 - 1);
}

#[test]
fn law_2_holds_for_every_one_of_the_524288_inputs() {
    for n in every_input() {
        check_monotone(&n);
    }
}
