//! Care Act eligibility for carers: the Care and Support (Eligibility Criteria)
//! Regulations 2015 (SI 2015/313), reg. 3, as one pure function with reasons.
//!
//! Only the three conditions of reg. 3(1) decide, so [`AssessedNeeds`] holds them
//! and nothing else: the carer's or cared-for person's finances and the cared-for
//! person's own eligibility cannot change the answer because they are not inputs
//! (Care Act 2014 s.10(4); Care and Support Statutory Guidance ch. 6).

use serde::{Deserialize, Serialize};

/// ER reg. 3(2)(b): the outcomes a carer may be unable to achieve. No outcome
/// outranks another, and one suffices (contrast reg. 2: two of ten for adults needing care).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Outcome {
    /// (i) carrying out any caring responsibilities the carer has for a child.
    CaringForAChild,
    /// (ii) providing care to other persons for whom the carer provides care.
    CaringForOthers,
    /// (iii) maintaining a habitable home environment in the carer's home.
    MaintainingAHabitableHome,
    /// (iv) managing and maintaining nutrition.
    ManagingNutrition,
    /// (v) developing and maintaining family or other personal relationships.
    Relationships,
    /// (vi) engaging in work, training, education or volunteering.
    WorkTrainingEducationOrVolunteering,
    /// (vii) making use of necessary facilities or services in the local community,
    /// including recreational facilities or services.
    UsingLocalFacilities,
    /// (viii) engaging in recreational activities.
    Recreation,
}

impl Outcome {
    /// The eight outcomes, in the regulation's order.
    pub const ALL: [Outcome; 8] = [
        Outcome::CaringForAChild,
        Outcome::CaringForOthers,
        Outcome::MaintainingAHabitableHome,
        Outcome::ManagingNutrition,
        Outcome::Relationships,
        Outcome::WorkTrainingEducationOrVolunteering,
        Outcome::UsingLocalFacilities,
        Outcome::Recreation,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// A need as reg. 3(2) describes its effect: on the carer's health (reg. 3(2)(a)),
/// or on one outcome (reg. 3(2)(b)). Care Act s.13(1) and s.25(1)(b): the record says,
/// for each need identified, whether it meets the eligibility criteria, and a plan
/// says which needs it meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NeedArea {
    /// Reg. 3(2)(a): the carer's physical or mental health is, or is at risk of,
    /// deteriorating.
    Health,
    /// Reg. 3(2)(b): the carer is unable to achieve this outcome.
    Outcome(Outcome),
}

/// ER reg. 3(3): a carer is "unable to achieve" an outcome in exactly three ways.
/// ("Takes significantly longer", a limb of reg. 2 for adults needing care, is not one.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Inability {
    /// (a) unable to achieve it without assistance.
    NeedsAssistance,
    /// (b) able without assistance, but doing so causes, or is likely to cause,
    /// significant pain, distress or anxiety.
    SignificantPainDistressOrAnxiety,
    /// (c) able without assistance, but doing so endangers or is likely to endanger
    /// the health or safety of the carer or of others.
    EndangersHealthOrSafety,
}

impl Inability {
    /// The regulation's words for this sense of "unable to achieve" (reg. 3(3)),
    /// for the written record of the determination and its reasons (s.13(2)).
    pub fn words(self) -> &'static str {
        match self {
            Inability::NeedsAssistance => "is unable to achieve it without assistance",
            Inability::SignificantPainDistressOrAnxiety => {
                "is able to achieve it without assistance but doing so causes, or is likely to cause, significant pain, distress or anxiety"
            }
            Inability::EndangersHealthOrSafety => {
                "is able to achieve it without assistance but doing so endangers, or is likely to endanger, the health or safety of the carer, or of others"
            }
        }
    }

    /// The three limbs.
    pub const ALL: [Inability; 3] = [
        Inability::NeedsAssistance,
        Inability::SignificantPainDistressOrAnxiety,
        Inability::EndangersHealthOrSafety,
    ];
}

/// Whether the carer can achieve one outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Achievement {
    /// The carer achieves it.
    #[default]
    Achievable,
    /// The carer is unable to achieve it, in this sense of reg. 3(3).
    Unachievable(Inability),
}

/// The assessed facts that reg. 3 turns into a determination, and nothing else.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AssessedNeeds {
    /// Reg. 3(1)(a): the needs arise as a consequence of providing necessary care
    /// for an adult. (Care for needs the adult could meet themselves may not be
    /// "necessary"; care for needs that are not eligible can be. CSSG ch. 6.)
    pub from_necessary_care_for_an_adult: bool,
    /// Reg. 3(2)(a): the carer's physical or mental health is, or is at risk of,
    /// deteriorating. (Considered over a suitable period where needs fluctuate, reg. 3(4).)
    pub health_deteriorating_or_at_risk: bool,
    /// Reg. 3(2)(b): each of the eight outcomes, in [`Outcome::ALL`] order. In
    /// JSON, an object keyed by outcome: `{"CaringForAChild": "Achievable", …,
    /// "Recreation": {"Unachievable": "NeedsAssistance"}}`.
    #[serde(with = "super::by_outcome::achievements")]
    pub outcomes: [Achievement; 8],
    /// Reg. 3(1)(c): as a consequence there is, or is likely to be, a significant
    /// impact on the carer's wellbeing (the areas of s.1(2)).
    pub significant_impact_on_wellbeing: bool,
}

impl AssessedNeeds {
    /// The achievement of one outcome.
    pub fn outcome(&self, outcome: Outcome) -> Achievement {
        self.outcomes[outcome.index()]
    }

    /// Sets the achievement of one outcome.
    pub fn with_outcome(mut self, outcome: Outcome, achievement: Achievement) -> Self {
        self.outcomes[outcome.index()] = achievement;
        self
    }
}

/// The reasons for a determination (Care Act s.13(2): a written record of the
/// determination and the reasons for it): exactly the conditions that held and the
/// outcomes the carer cannot achieve, and in which sense.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reasons {
    /// Reg. 3(1)(a) held.
    pub from_necessary_care_for_an_adult: bool,
    /// Reg. 3(2)(a) held.
    pub health_deteriorating_or_at_risk: bool,
    /// Reg. 3(2)(b): the outcomes the carer is unable to achieve, in regulation
    /// order. In JSON, an object from outcome to inability:
    /// `{"Recreation": "NeedsAssistance"}`.
    #[serde(with = "super::by_outcome::inabilities")]
    pub unachievable_outcomes: Vec<(Outcome, Inability)>,
    /// Reg. 3(1)(c) held.
    pub significant_impact_on_wellbeing: bool,
}

impl Reasons {
    /// Reg. 3(1)(b): the needs have at least one of the effects of reg. 3(2).
    pub fn effect_on_health_or_outcomes(&self) -> bool {
        self.health_deteriorating_or_at_risk || !self.unachievable_outcomes.is_empty()
    }
}

/// Whether the carer's needs meet the eligibility criteria, and why.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Determination {
    /// All three conditions of reg. 3(1) are met.
    pub eligible: bool,
    /// What made it so.
    pub reasons: Reasons,
}

impl Determination {
    /// Care Act s.13(1): whether a need in `area` meets the eligibility criteria:
    /// the criteria are met, and the need is one of the effects reg. 3(2) found.
    pub fn meets_criteria(&self, area: NeedArea) -> bool {
        self.eligible
            && match area {
                NeedArea::Health => self.reasons.health_deteriorating_or_at_risk,
                NeedArea::Outcome(o) => self
                    .reasons
                    .unachievable_outcomes
                    .iter()
                    .any(|(found, _)| *found == o),
            }
    }

    /// The needs that meet the eligibility criteria (s.13(1)), health first, then
    /// outcomes in regulation order: none when the criteria are not met.
    pub fn eligible_needs(&self) -> Vec<NeedArea> {
        let health = self
            .reasons
            .health_deteriorating_or_at_risk
            .then_some(NeedArea::Health);
        let outcomes = self
            .reasons
            .unachievable_outcomes
            .iter()
            .map(|(o, _)| NeedArea::Outcome(*o));
        if !self.eligible {
            return Vec::new();
        }
        health.into_iter().chain(outcomes).collect()
    }
}

/// ER reg. 3(1): a carer's needs meet the eligibility criteria if (a) they arise as
/// a consequence of providing necessary care for an adult, (b) the effect is that
/// the carer's health is, or is at risk of, deteriorating, or the carer is unable
/// to achieve any of the outcomes in reg. 3(2)(b), and (c) as a consequence there
/// is, or is likely to be, a significant impact on the carer's wellbeing.
///
/// ```
/// use carers_core::domain::*;
///
/// let needs = AssessedNeeds {
///     from_necessary_care_for_an_adult: true,
///     significant_impact_on_wellbeing: true,
///     ..AssessedNeeds::default()
/// }
/// .with_outcome(Outcome::Recreation, Achievement::Unachievable(Inability::NeedsAssistance));
/// let determination = determine(&needs);
/// assert!(determination.eligible);
/// assert_eq!(
///     determination.reasons.unachievable_outcomes,
///     [(Outcome::Recreation, Inability::NeedsAssistance)]
/// );
/// // Without reg. 3(1)(c), the same needs do not meet the criteria.
/// let no_impact = AssessedNeeds { significant_impact_on_wellbeing: false, ..needs };
/// assert!(!determine(&no_impact).eligible);
/// ```
pub fn determine(needs: &AssessedNeeds) -> Determination {
    let unachievable_outcomes: Vec<(Outcome, Inability)> = Outcome::ALL
        .iter()
        .filter_map(|&o| match needs.outcome(o) {
            Achievement::Achievable => None,
            Achievement::Unachievable(how) => Some((o, how)),
        })
        .collect();
    let reasons = Reasons {
        from_necessary_care_for_an_adult: needs.from_necessary_care_for_an_adult,
        health_deteriorating_or_at_risk: needs.health_deteriorating_or_at_risk,
        unachievable_outcomes,
        significant_impact_on_wellbeing: needs.significant_impact_on_wellbeing,
    };
    let eligible = reasons.from_necessary_care_for_an_adult
        && reasons.effect_on_health_or_outcomes()
        && reasons.significant_impact_on_wellbeing;
    Determination { eligible, reasons }
}
