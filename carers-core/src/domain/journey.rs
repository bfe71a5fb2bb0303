//! The caring journey (Birmingham Carers Partnership Strategy 2024–2029): before
//! caring, becoming a carer, living as a carer, moving on from caring. A stage
//! belongs to each caring role; the carer's overall stage derives from them.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::CaseError;
use super::event::CaseEvent;
use super::ids::CaredForId;
use super::role::Roles;

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

impl Stage {
    /// Every stage, in the journey's order.
    pub const ALL: [Stage; 4] = [
        Stage::BeforeCaring,
        Stage::BecomingACarer,
        Stage::LivingAsACarer,
        Stage::MovingOn,
    ];
}

/// Why a stage change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
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

/// Codes as for [`CaseError`], which carries these refusals.
impl crate::es::ServiceError for JourneyError {
    fn code(&self) -> &'static str {
        match self {
            Self::ForbiddenTransition { .. } => "forbidden_stage_transition",
            Self::MovingOnNeedsAReason => "moving_on_needs_a_reason",
        }
    }

    fn kind(&self) -> crate::es::ErrorKind {
        match self {
            Self::ForbiddenTransition { .. } => crate::es::ErrorKind::Conflict,
            Self::MovingOnNeedsAReason => crate::es::ErrorKind::Invalid,
        }
    }
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
    ///
    /// # Errors
    /// `JourneyError::MovingOnNeedsAReason` for a move to `MovingOn`;
    /// `ForbiddenTransition` for a step the journey does not take.
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

impl MovingOnReason {
    /// Every reason.
    pub const ALL: [MovingOnReason; 5] = [
        MovingOnReason::Died,
        MovingOnReason::MovedIntoResidentialCare,
        MovingOnReason::Recovered,
        MovingOnReason::SomeoneElseTookOver,
        MovingOnReason::RelationshipEnded,
    ];
}

/// The moving-on offer's local rules (Birmingham Carers Partnership Strategy:
/// services stay open for up to 3 years after caring ends, with a follow-up
/// contact 3 months after). Local practice, not law, so policy: the periods and
/// the ending reasons the offer applies to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovingOnPolicy {
    /// Months the service stays open to the carer after caring ends (default 36).
    pub support_months: u32,
    /// Months after caring ends that a follow-up contact is due (default 3).
    pub follow_up_months: u32,
    /// The ending reasons the offer applies to (default: every reason, since the
    /// journey's "moving on" stage covers every way caring ends).
    pub applies_to: Vec<MovingOnReason>,
}

impl Default for MovingOnPolicy {
    fn default() -> Self {
        Self {
            support_months: 36,
            follow_up_months: 3,
            applies_to: MovingOnReason::ALL.to_vec(),
        }
    }
}

impl MovingOnPolicy {
    /// The offer for caring that ended on `on` for `reason`: none if the policy
    /// does not name the reason.
    pub fn offer(&self, reason: MovingOnReason, on: NaiveDate) -> MovingOnOffer {
        if !self.applies_to.contains(&reason) {
            return MovingOnOffer::default();
        }
        MovingOnOffer {
            support_until: on.checked_add_months(Months::new(self.support_months)),
            follow_up_due: on.checked_add_months(Months::new(self.follow_up_months)),
        }
    }
}

/// What the service offers a carer moving on, as recorded when caring ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovingOnOffer {
    /// The service stays open to the carer until this date.
    pub support_until: Option<NaiveDate>,
    /// A follow-up contact is due on this date.
    pub follow_up_due: Option<NaiveDate>,
}

/// Moves a role to another stage (not moving on: see [`decide_move_on`]).
pub(super) fn decide_change_stage(
    roles: &Roles,
    cared_for: CaredForId,
    to: Stage,
    on: NaiveDate,
) -> Result<Vec<CaseEvent>, CaseError> {
    let role = roles.known(cared_for)?;
    let to = role.stage.step_to(to)?;
    Ok(vec![CaseEvent::StageChanged {
        cared_for,
        from: role.stage,
        to,
        on,
    }])
}

/// Records that caring ended for a role, with the offer `policy` makes for it.
pub(super) fn decide_move_on(
    roles: &Roles,
    cared_for: CaredForId,
    reason: MovingOnReason,
    on: NaiveDate,
    policy: &MovingOnPolicy,
) -> Result<Vec<CaseEvent>, CaseError> {
    let role = roles.known(cared_for)?;
    if !role.stage.may_move_to(Stage::MovingOn) {
        return Err(JourneyError::ForbiddenTransition {
            from: role.stage,
            to: Stage::MovingOn,
        }
        .into());
    }
    Ok(vec![CaseEvent::MovedOnFromCaring {
        cared_for,
        from: role.stage,
        reason,
        on,
        offer: policy.offer(reason, on),
    }])
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
        let policy = MovingOnPolicy::default();
        let offer = policy.offer(MovingOnReason::Died, on);
        assert_eq!(offer.follow_up_due, NaiveDate::from_ymd_opt(2026, 4, 30));
        assert_eq!(offer.support_until, NaiveDate::from_ymd_opt(2029, 1, 31));
        let deaths_only = MovingOnPolicy {
            applies_to: vec![MovingOnReason::Died],
            ..policy
        };
        assert_eq!(
            deaths_only.offer(MovingOnReason::Recovered, on),
            MovingOnOffer::default()
        );
    }
}
