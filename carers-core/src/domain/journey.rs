//! The caring journey (Birmingham Carers Partnership Strategy 2024–2029): before
//! caring, becoming a carer, living as a carer, moving on from caring. A stage
//! belongs to each caring role; the carer's overall stage derives from them.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A stage of the caring journey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    /// Caring is foreseen but has not started (e.g. a diagnosis).
    BeforeCaring,
    /// Caring has started; the carer is finding their way.
    BecomingACarer,
    /// Caring is established.
    LivingAsACarer,
    /// Caring has ended (bereavement, residential care, recovery, someone else took over).
    MovingOn,
}

/// Why a stage change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JourneyError {
    /// The journey does not go from `from` to `to`.
    #[error("the caring journey does not move from {from:?} to {to:?}")]
    ForbiddenTransition {
        /// The role's stage.
        from: Stage,
        /// The stage asked for.
        to: Stage,
    },
    /// Moving on is recorded with its reason, through the moving-on command.
    #[error("moving on from caring is recorded with its reason")]
    MovingOnNeedsAReason,
}

impl Stage {
    /// The journey's allowed steps. Every other change is refused.
    ///
    /// Forward only, except that a carer who has moved on may start caring again.
    pub fn may_move_to(self, to: Stage) -> bool {
        use Stage::*;
        matches!(
            (self, to),
            (BeforeCaring, BecomingACarer)
                | (BecomingACarer, LivingAsACarer)
                | (BecomingACarer, MovingOn)
                | (LivingAsACarer, MovingOn)
                | (MovingOn, BecomingACarer)
        )
    }

    /// Checks a step that is not moving on (moving on carries a reason).
    pub fn step_to(self, to: Stage) -> Result<Stage, JourneyError> {
        if to == Stage::MovingOn {
            return Err(JourneyError::MovingOnNeedsAReason);
        }
        self.may_move_to(to)
            .then_some(to)
            .ok_or(JourneyError::ForbiddenTransition { from: self, to })
    }

    /// The carer's overall stage from the stages of their roles: the most engaged
    /// one, since a carer who moved on from one role but still cares for another is
    /// living as a carer. `None` when there are no roles.
    pub fn overall(stages: impl IntoIterator<Item = Stage>) -> Option<Stage> {
        fn engagement(s: Stage) -> u8 {
            match s {
                Stage::BeforeCaring => 0,
                Stage::MovingOn => 1,
                Stage::BecomingACarer => 2,
                Stage::LivingAsACarer => 3,
            }
        }
        stages.into_iter().max_by_key(|s| engagement(*s))
    }
}

/// Why caring ended for a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MovingOnReason {
    /// The cared-for person died.
    Died,
    /// The cared-for person moved into residential care.
    MovedIntoResidentialCare,
    /// The cared-for person recovered.
    Recovered,
    /// Someone else took over the caring.
    SomeoneElseTookOver,
    /// The relationship ended.
    RelationshipEnded,
}

/// What the service offers a carer moving on. Local practice seen in the sources:
/// services stay open for up to 3 years after a death, with a follow-up contact 3
/// months after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovingOnOffer {
    /// Bereavement support is open until this date (after a death).
    pub bereavement_support_until: Option<NaiveDate>,
    /// A follow-up contact is due on this date (after a death).
    pub follow_up_due: Option<NaiveDate>,
}

impl MovingOnOffer {
    /// The offer for caring that ended on `on` for `reason`.
    pub fn for_ending(reason: MovingOnReason, on: NaiveDate) -> Self {
        if reason != MovingOnReason::Died {
            return Self {
                bereavement_support_until: None,
                follow_up_due: None,
            };
        }
        Self {
            bereavement_support_until: on.checked_add_months(Months::new(36)),
            follow_up_due: on.checked_add_months(Months::new(3)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stage::*;

    const ALL: [Stage; 4] = [BeforeCaring, BecomingACarer, LivingAsACarer, MovingOn];

    #[test]
    fn exactly_the_journeys_steps_are_allowed() {
        let allowed: Vec<(Stage, Stage)> = ALL
            .iter()
            .flat_map(|&a| ALL.iter().map(move |&b| (a, b)))
            .filter(|&(a, b)| a.may_move_to(b))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (BeforeCaring, BecomingACarer),
                (BecomingACarer, LivingAsACarer),
                (BecomingACarer, MovingOn),
                (LivingAsACarer, MovingOn),
                (MovingOn, BecomingACarer),
            ]
        );
        assert_eq!(
            LivingAsACarer.step_to(BeforeCaring),
            Err(JourneyError::ForbiddenTransition {
                from: LivingAsACarer,
                to: BeforeCaring
            })
        );
        assert_eq!(
            LivingAsACarer.step_to(MovingOn),
            Err(JourneyError::MovingOnNeedsAReason)
        );
    }

    #[test]
    fn overall_stage_is_the_most_engaged_role() {
        assert_eq!(
            Stage::overall([MovingOn, LivingAsACarer]),
            Some(LivingAsACarer)
        );
        assert_eq!(Stage::overall([MovingOn, BeforeCaring]), Some(MovingOn));
        assert_eq!(Stage::overall([]), None);
    }

    #[test]
    fn bereavement_opens_three_years_of_support_and_a_follow_up_at_three_months() {
        let on = NaiveDate::from_ymd_opt(2026, 1, 31).expect("valid date");
        let offer = MovingOnOffer::for_ending(MovingOnReason::Died, on);
        assert_eq!(offer.follow_up_due, NaiveDate::from_ymd_opt(2026, 4, 30));
        assert_eq!(
            offer.bereavement_support_until,
            NaiveDate::from_ymd_opt(2029, 1, 31)
        );
        assert_eq!(
            MovingOnOffer::for_ending(MovingOnReason::Recovered, on).follow_up_due,
            None
        );
    }
}
