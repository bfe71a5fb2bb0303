//! Carers' quality of life on the six Survey of Adult Carers in England
//! domains (each 0 to 2): read at the assessment, and again at each review of
//! the plan that followed it (Care Act 2014 s.27: the first light-touch review
//! some weeks after the plan, then a yearly one). Support tends to help: at a
//! review a domain is more often up a point than down one.
//!
//! Drawn from a ChaCha stream of its own, after everything else, so that every
//! other draw for a seed is as it was.

use chrono::NaiveDate;
use rand::Rng;

use super::PlannedReview;
use super::draw::{Draws, later, pick};
use super::{PlannedAssessment, PlannedPlan};
use crate::domain::{QualityOfLife, Score};

/// Draws the reading at `a`'s assessment (most completed assessments record
/// one) and the reviews of its plan before `end` (the end of the assessed
/// role or of the caseload), each with a reading most of the time.
pub(super) fn draw(rng: &mut Draws, a: &mut PlannedAssessment, end: NaiveDate) {
    if a.completed.is_none() {
        return;
    }
    if rng.random_bool(0.85) {
        a.quality_of_life = Some(first(rng));
    }
    let Some(plan) = a.plan.as_mut() else {
        return;
    };
    reviews(rng, plan, a.quality_of_life, end);
}

fn reviews(
    rng: &mut Draws,
    plan: &mut PlannedPlan,
    at_assessment: Option<QualityOfLife>,
    end: NaiveDate,
) {
    let mut last_reading = at_assessment;
    let mut last_day = plan.agreed_on;
    // The first review six to ten weeks on, then one about a year later.
    for (min, max) in [(42, 70), (330, 400)] {
        let Some(on) = later(rng, last_day, min, max, end) else {
            return;
        };
        let reading = if rng.random_bool(0.8) {
            Some(match last_reading {
                Some(r) => changed(rng, r),
                None => first(rng),
            })
        } else {
            None
        };
        plan.reviews.push(PlannedReview {
            on,
            quality_of_life: reading,
        });
        last_reading = reading.or(last_reading);
        last_day = on;
    }
}

/// A first reading: most domains middling, some at either end.
fn first(rng: &mut Draws) -> QualityOfLife {
    let mut score = || score(pick(rng, &[(0, 3), (1, 5), (2, 2)]));
    QualityOfLife {
        occupation: score(),
        control: score(),
        personal_care: score(),
        safety: score(),
        social_participation: score(),
        encouragement_and_support: score(),
    }
}

/// A later reading: each domain up a point (30%), down one (10%) or the same,
/// within 0 to 2.
fn changed(rng: &mut Draws, was: QualityOfLife) -> QualityOfLife {
    let mut step = |s: Score| {
        let v = s.value();
        let next = match pick(rng, &[(1i8, 3), (-1, 1), (0, 6)]) {
            1 => v.saturating_add(1).min(2),
            -1 => v.saturating_sub(1),
            _ => v,
        };
        score(next)
    };
    QualityOfLife {
        occupation: step(was.occupation),
        control: step(was.control),
        personal_care: step(was.personal_care),
        safety: step(was.safety),
        social_participation: step(was.social_participation),
        encouragement_and_support: step(was.encouragement_and_support),
    }
}

fn score(value: u8) -> Score {
    Score::new(value.min(2)).expect("a value clamped to 0..=2 is a score")
}
