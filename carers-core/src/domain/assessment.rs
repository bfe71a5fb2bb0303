//! Assessments of a carer: their kinds and the law behind each, what is recorded
//! (Care Act 2014 s.10(5)–(6)), and their lifecycle from request to closure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::eligibility::{AssessedNeeds, Determination};
use super::ids::CaredForId;
use super::personal::Personal;

/// The kinds of assessment a carer can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssessmentKind {
    /// Care Act s.10: an adult carer of an adult.
    CarersAssessment,
    /// Children Act 1989 s.17ZA: a young carer (under 18).
    YoungCarersNeedsAssessment,
    /// Children Act 1989 s.17ZD: a parent carer of a disabled child.
    ParentCarersNeedsAssessment,
    /// Care Act s.12(5): combined with the cared-for adult's assessment; only if
    /// both the carer and the adult needing care agree.
    Combined {
        /// The cared-for adult.
        cared_for: CaredForId,
    },
    /// Care Act s.60–64: a young carer approaching 18. Gives an indication of
    /// likely eligibility, not a determination.
    Transition,
}

/// How an assessment came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Route {
    /// The carer asked (s.11(6): revives the duty after a refusal).
    RequestedByCarer,
    /// The cared-for person asked.
    RequestedByCaredFor,
    /// A professional referred.
    Referral,
    /// The authority offered it because the carer appears to have needs (s.10(1)).
    Offered,
}

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

/// The result of a completed assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssessmentResult {
    /// Care Act s.13(1): whether the carer's needs meet the eligibility criteria, with reasons.
    Determination(Determination),
    /// Care Act s.61–64: an indication of likely eligibility after 18, not a determination.
    Indication(Determination),
    /// Children Act s.17ZA/17ZD findings: whether the carer has needs for support,
    /// and for young carers whether caring is appropriate for them.
    ChildrenActFindings {
        /// The carer has needs for support.
        needs_for_support: bool,
        /// Young carers: caring is appropriate for them.
        appropriate_to_care: Option<bool>,
        /// Young carers: tasks are excessive or inappropriate for their age.
        excessive_or_inappropriate_tasks: Option<bool>,
    },
}

impl AssessmentResult {
    /// The Care Act determination (s.13(1)), if the result is one: an indication
    /// (s.61–64) and Children Act findings are not.
    pub fn determination(&self) -> Option<&Determination> {
        match self {
            AssessmentResult::Determination(d) => Some(d),
            _ => None,
        }
    }

    /// Whether the result is a Care Act determination that the needs are not eligible,
    /// which requires written information and advice (s.13(5)).
    pub fn not_eligible(&self) -> bool {
        self.determination().is_some_and(|d| !d.eligible)
    }

    /// Whether the result is a Care Act determination that the needs are eligible.
    pub fn eligible(&self) -> bool {
        self.determination().is_some_and(|d| d.eligible)
    }
}

/// Why the Hub hands an assessment to Adult Social Care as complex.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// The reason, in the Hub's words.
    pub reason: Personal<String>,
}

/// Where an assessment is in its lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssessmentStatus {
    /// Requested or offered, not yet started.
    Pending,
    /// Refused by the carer (s.11(5)): the duty ended.
    Refused,
    /// Being carried out.
    InProgress,
    /// Handed to Adult Social Care as complex, awaiting acceptance.
    Escalated,
    /// Completed with a result.
    Completed,
    /// Closed: the written record was given and, where not eligible, advice recorded.
    Closed,
}

/// One assessment on a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Its kind.
    pub kind: AssessmentKind,
    /// How it came about.
    pub route: Route,
    /// Its status.
    pub status: AssessmentStatus,
    /// The evidence recorded so far.
    pub evidence: Option<AssessmentEvidence>,
    /// Whether it was escalated as complex, and accepted.
    pub escalation: Option<(Escalation, bool)>,
    /// The result, once completed.
    pub result: Option<AssessmentResult>,
    /// Written information and advice given (s.13(5)), if any.
    pub information_and_advice: Option<Personal<String>>,
    /// When the written record was given to the carer (s.13(2)).
    pub written_record_given: Option<NaiveDate>,
}
