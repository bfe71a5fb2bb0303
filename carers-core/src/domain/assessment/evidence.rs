//! What an assessment records (Care Act 2014 s.10(5)–(6)).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::eligibility::{AssessedNeeds, NeedArea};
use crate::domain::error::CaseError;
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
    /// The scores in the survey's order: occupation, control, personal care,
    /// safety, social participation, encouragement and support.
    pub fn scores(&self) -> [Score; 6] {
        [
            self.occupation,
            self.control,
            self.personal_care,
            self.safety,
            self.social_participation,
            self.encouragement_and_support,
        ]
    }

    /// The total, 0 to 12.
    pub fn total(&self) -> u8 {
        self.scores().iter().map(|s| s.value()).sum()
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
    ///
    /// # Errors
    /// `ScoreOutOfRange` for a value above 2.
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
    /// Care Act s.13(1): the needs identified, each with the reg. 3(2) effect it is;
    /// completion records, for each, whether it meets the eligibility criteria.
    #[serde(default)]
    pub needs_identified: Vec<IdentifiedNeed>,
    /// ER reg. 3(4): where the carer's needs fluctuate, the period over which the
    /// circumstances were considered.
    #[serde(default)]
    pub fluctuating_needs_considered_over: Option<Period>,
    /// The carer's financial circumstances, if discussed. Never an input to the
    /// right to an assessment nor to the determination (s.10(4)).
    pub carers_finances: Option<Personal<String>>,
    /// The cared-for person's finances, if known. Never an input either.
    pub cared_for_finances: Option<Personal<String>>,
    /// Whether the cared-for person has eligible needs, if known. Never an input (CSSG ch. 6).
    pub cared_for_has_eligible_needs: Option<bool>,
}

/// One need identified in a Care Act assessment (s.13(1)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentifiedNeed {
    /// The reg. 3(2) effect the need is.
    pub area: NeedArea,
    /// The need, in the assessment's words.
    pub description: Personal<String>,
}

/// A period of days, first to last inclusive; never reversed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PeriodFields", into = "PeriodFields")]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

#[derive(Serialize, Deserialize)]
struct PeriodFields {
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    /// The period from `from` to `to`, if `from` is not after `to`.
    ///
    /// # Errors
    /// `CaseError::PeriodReversed` when `from` is after `to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, CaseError> {
        if from <= to {
            Ok(Self { from, to })
        } else {
            Err(CaseError::PeriodReversed)
        }
    }
    /// The first day.
    pub fn from(&self) -> NaiveDate {
        self.from
    }
    /// The last day.
    pub fn to(&self) -> NaiveDate {
        self.to
    }
}

impl TryFrom<PeriodFields> for Period {
    type Error = CaseError;
    fn try_from(f: PeriodFields) -> Result<Self, CaseError> {
        Period::new(f.from, f.to)
    }
}

impl From<Period> for PeriodFields {
    fn from(p: Period) -> Self {
        Self {
            from: p.from,
            to: p.to,
        }
    }
}

/// A young carer's needs assessment (Children Act 1989 s.17ZA; Young Carers (Needs
/// Assessments) Regulations 2015 reg. 4). Not a reg. 3 determination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YoungCarerEvidence {
    /// s.17ZA(1): whether the young carer has needs for support, and what they are.
    pub needs_for_support: bool,
    /// The needs, and the young carer's wishes, in their words.
    pub needs_and_wishes: Personal<String>,
    /// s.17ZA(7): whether it is appropriate for the young carer to provide, or
    /// continue to provide, care, in the light of their needs and wishes. Mandatory.
    pub appropriate_to_care: bool,
    /// Reg. 4: the amount, nature and type of care the young carer provides.
    pub amount_nature_and_type_of_care: Personal<String>,
    /// Reg. 4: the extent to which others rely on that care.
    pub extent_others_rely_on_it: Personal<String>,
    /// Reg. 4: whether any tasks are excessive or inappropriate for the young carer.
    pub excessive_or_inappropriate_tasks: bool,
    /// Reg. 4: the impact of caring on the young carer's education, well-being
    /// and development.
    pub impact_on_education_wellbeing_and_development: Personal<String>,
}

/// A parent carer's needs assessment (Children Act 1989 s.17ZD). Not a reg. 3
/// determination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentCarerEvidence {
    /// s.17ZD: whether the parent carer has needs for support.
    pub needs_for_support: bool,
    /// What the needs are.
    pub needs: Personal<String>,
    /// s.17ZD(9)–(10): how the assessment had regard to the parent's well-being and
    /// to the need to safeguard and promote the welfare of the disabled child.
    pub regard_to_wellbeing_and_child_welfare: Personal<String>,
}

/// What a Children Act assessment records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChildrenActEvidence {
    /// s.17ZA.
    YoungCarer(YoungCarerEvidence),
    /// s.17ZD.
    ParentCarer(ParentCarerEvidence),
}

/// The evidence an assessment holds, by the law it is made under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Evidence {
    /// Care Act s.10(5)–(6) and reg. 3 (carer's, combined and transition assessments).
    CareAct(AssessmentEvidence),
    /// Children Act s.17ZA or s.17ZD.
    ChildrenAct(ChildrenActEvidence),
}
