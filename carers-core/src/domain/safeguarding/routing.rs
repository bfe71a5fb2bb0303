//! Which step of the pathway each safeguarding command asks for.

use chrono::NaiveDate;

use crate::domain::command::CaseCommand;
use crate::domain::error::CaseError;
use crate::domain::event::CaseEvent;
use crate::domain::view::CaseView;
use crate::es::Context;

use super::concern::SafeguardingAction;
use super::pathway::Safeguarding;

impl Safeguarding {
    /// Decides a safeguarding command (the case routes only these here).
    pub(crate) fn decide(
        &self,
        command: &CaseCommand,
        view: &CaseView,
        ctx: &Context,
        today: NaiveDate,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        match command {
            CaseCommand::RaiseConcern { concern, details } => {
                self.decide_raise(*concern, details, view, ctx)
            }
            CaseCommand::ReferConcern { concern, to } => {
                self.decide_refer(*concern, *to, view, ctx)
            }
            CaseCommand::ShareInformation {
                concern,
                with,
                basis,
            } => self.decide_share(*concern, with, basis, view),
            CaseCommand::DecideS42 {
                concern,
                conditions,
                outcome,
            } => self.decide_s42(*concern, *conditions, outcome),
            CaseCommand::AgreeAction {
                concern,
                action,
                owner,
                description,
                due,
            } => self.decide_agree_action(
                *concern,
                SafeguardingAction {
                    id: *action,
                    owner: owner.clone(),
                    description: description.clone(),
                    due: *due,
                    completed: None,
                },
            ),
            CaseCommand::CompleteAction {
                concern,
                action,
                on,
            } => {
                crate::domain::calendar::happened(*on, today)?;
                self.decide_complete_action(*concern, *action, *on)
            }
            CaseCommand::CloseConcern {
                concern,
                risk,
                desired_outcomes,
            } => self.decide_close_concern(*concern, *risk, *desired_outcomes, ctx),
            CaseCommand::CloseBelowThreshold {
                concern,
                outcome,
                reason,
            } => self.decide_close_below_threshold(*concern, *outcome, reason, ctx),
            CaseCommand::RecordStrategyMeeting { concern, held_on } => {
                self.decide_strategy_meeting(*concern, *held_on, today)
            }
            _ => unreachable!("the case routes only safeguarding commands to the pathway"),
        }
    }
}
