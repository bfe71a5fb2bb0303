//! What an assessment records (Care Act 2014 s.10(5)–(6)).

use serde::{Deserialize, Serialize};

use crate::domain::eligibility::AssessedNeeds;
use crate::domain::personal::Personal;

/// The carer's quality of life on the six Survey of Adult Carers in England
/// domains, each 0 (worst) to 2 (best), so reviews can show change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QualityOfLife {
    /// Occupation: doing things the carer values and enjoys.
    pub occupation: Score,
    /// Control over daily life.
    pub control: Score,
    /// Looking after oneself.
    pub personal_care: Score,
    /// Feeling safe.
    pub safety: Score,
    /// Social participation.
    pub social_participation: Score,
    /// Encouragement and support.
    pub encouragement_and_support: Score,
}

impl QualityOfLife {
    /// The total, 0 to 12.
    pub fn total(&self) -> u8 {
        [
            self.occupation,
            self.control,
            self.personal_care,
            self.safety,
            self.social_participation,
            self.encouragement_and_support,
        ]
        .iter()
        .map(|s| s.value())
        .sum()
    }
}

/// A domain score, 0 to 2; any other value does not deserialise or construct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

/// A score outside 0 to 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a quality-of-life score is 0, 1 or 2")]
pub struct ScoreOutOfRange;

impl Score {
    /// A score, if 0 to 2.
    pub fn new(value: u8) -> Result<Self, ScoreOutOfRange> {
        (value <= 2).then_some(Self(value)).ok_or(ScoreOutOfRange)
    }
    /// The value.
    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Score {
    type Error = ScoreOutOfRange;
    fn try_from(v: u8) -> Result<Self, Self::Error> {
        Self::new(v)
    }
}

impl From<Score> for u8 {
    fn from(s: Score) -> u8 {
        s.0
    }
}

/// Care Act s.1(2): the areas of wellbeing an assessment considers the impact on
/// (s.10(5)(c)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WellbeingArea {
    /// (a) personal dignity.
    PersonalDignity,
    /// (b) physical and mental health and emotional wellbeing.
    HealthAndEmotionalWellbeing,
    /// (c) protection from abuse and neglect.
    ProtectionFromAbuseAndNeglect,
    /// (d) control over day-to-day life.
    ControlOverDayToDayLife,
    /// (e) participation in work, education, training or recreation.
    ParticipationInWorkEducationTrainingOrRecreation,
    /// (f) social and economic wellbeing.
    SocialAndEconomicWellbeing,
    /// (g) domestic, family and personal relationships.
    Relationships,
    /// (h) suitability of living accommodation.
    SuitabilityOfLivingAccommodation,
    /// (i) the individual's contribution to society.
    ContributionToSociety,
}

/// Work, education, training and recreation (s.10(6)): to be had regard to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkAndLife {
    /// The carer works.
    pub works: bool,
    /// The carer wishes to work (or to work more).
    pub wishes_to_work: bool,
    /// The carer wishes to take part in education or training.
    pub wishes_education_or_training: bool,
    /// The carer wishes to take part in recreation.
    pub wishes_recreation: bool,
}

/// What an assessment records (s.10(5)–(6)). Recorded evidence replaces earlier
/// evidence of the same assessment as a whole, so the record is always coherent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentEvidence {
    /// The carer's needs for support, in their words (s.10(1)).
    pub needs: Personal<String>,
    /// The outcomes the carer wishes to achieve in day-to-day life (s.10(5)(d)).
    pub wished_outcomes: Personal<String>,
    /// Whether the carer is able to continue caring (s.10(5)(a)).
    pub able_to_continue: bool,
    /// Whether the carer is willing to continue caring (s.10(5)(b)).
    pub willing_to_continue: bool,
    /// Work, education, training and recreation (s.10(6)).
    pub work_and_life: WorkAndLife,
    /// The areas of wellbeing the caring affects (s.10(5)(c), s.1(2)).
    pub wellbeing_impacts: Vec<WellbeingArea>,
    /// The reg. 3 facts that decide eligibility.
    pub needs_assessed: AssessedNeeds,
    /// Quality of life at assessment, to compare at review.
    pub quality_of_life: Option<QualityOfLife>,
    /// Young carers (Children Act s.17ZA(7)): whether it is appropriate for them to
    /// provide, or continue to provide, care.
    pub appropriate_to_care: Option<bool>,
    /// Young carers (s.17ZA(7)): whether tasks are excessive or inappropriate for their age.
    pub excessive_or_inappropriate_tasks: Option<bool>,
    /// The carer's financial circumstances, if discussed. Never an input to the
    /// right to an assessment nor to the determination (s.10(4)).
    pub carers_finances: Option<Personal<String>>,
    /// The cared-for person's finances, if known. Never an input either.
    pub cared_for_finances: Option<Personal<String>>,
    /// Whether the cared-for person has eligible needs, if known. Never an input (CSSG ch. 6).
    pub cared_for_has_eligible_needs: Option<bool>,
}
