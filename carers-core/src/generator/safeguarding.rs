//! A concern's way through the pathway (Care Act 2014 s.42; CSSG ch. 14):
//! closed below the threshold, or referred to the agency the law routes the
//! person at risk to (the Children's Trust for a child, Children Act 1989
//! s.47); for an adult, a strategy meeting and the s.42 decision; actions
//! agreed and done, some late; closure with its Making Safeguarding Personal
//! outcome (CSSG 14.15). Referrals, meetings and actions fall either side of
//! the default local timescales, so timeliness has both to count.
//!
//! Every step falls before the end of the caseload, in the pathway's order,
//! so the domain accepts it.

use chrono::NaiveDate;
use rand::Rng;

use super::draw::{Draws, later, pick, uuid};
use super::{PlannedAction, PlannedConcern};
use crate::domain::{
    AbuseCategory, ActionId, Agency, BelowThreshold, CaseCommand, ConcernDetails, ConcernId,
    DesiredOutcomesMet, PersonAtRisk, Personal, RiskOutcome, S42Conditions, S42Outcome,
    SharingBasis,
};
use crate::es::OrganisationId;

/// A concern about the carer raised on `raised_on`, with no step after it yet.
pub(super) fn raised(concern: ConcernId, raised_on: NaiveDate) -> PlannedConcern {
    PlannedConcern {
        concern,
        raised_on,
        below_threshold_on: None,
        referred: None,
        strategy_meeting_on: None,
        decided: None,
        actions: Vec::new(),
        closed: None,
    }
}

/// Draws the steps that followed the raising of `planned`, a concern about a
/// carer born on `born`.
pub(super) fn follow(
    rng: &mut Draws,
    planned: &mut PlannedConcern,
    born: NaiveDate,
    until: NaiveDate,
) {
    let raised_on = planned.raised_on;
    if rng.random_bool(0.15) {
        planned.below_threshold_on = later(rng, raised_on, 0, 3, until);
        return;
    }
    // Mostly the same or the next day; some later than the default timescale
    // (one working day).
    let Some(referred_on) = later(rng, raised_on, 0, 5, until) else {
        return;
    };
    // Children Act 1989 s.105(1): a child is under 18, on the day of the referral.
    let child = crate::domain::person::age_on(born, referred_on) < 18;
    let agency = Agency::for_person(child);
    planned.referred = Some((referred_on, agency));
    // Actions are agreed once the lead agency is ready: after the s.42 decision
    // for Adult Social Care, after the referral for the Children's Trust.
    let ready_on = if agency == Agency::AdultSocialCare {
        if rng.random_bool(0.8) {
            planned.strategy_meeting_on = later(rng, referred_on, 1, 12, until);
        }
        let Some(decided_on) = later(rng, referred_on, 0, 10, until) else {
            return;
        };
        let duty = rng.random_bool(0.7);
        planned.decided = Some((decided_on, duty));
        decided_on
    } else {
        referred_on
    };
    for _ in 0..pick(rng, &[(0, 3), (1, 4), (2, 2)]) {
        let action = ActionId(uuid(rng));
        let due = later(rng, ready_on, 7, 30, NaiveDate::MAX).unwrap_or(ready_on);
        let completed_on = if rng.random_bool(0.85) {
            later(rng, ready_on, 1, 40, until)
        } else {
            None
        };
        planned.actions.push(PlannedAction {
            action,
            agreed_on: ready_on,
            due,
            completed_on,
        });
    }
    if !rng.random_bool(0.85) {
        return;
    }
    // Closed once every action is done and any strategy meeting held: a closed
    // concern takes no more steps.
    let Some(done) = planned
        .actions
        .iter()
        .map(|a| a.completed_on)
        .try_fold(ready_on, |last, on| on.map(|on| last.max(on)))
        .map(|done| planned.strategy_meeting_on.map_or(done, |m| done.max(m)))
    else {
        return;
    };
    let risk = pick(
        rng,
        &[
            (RiskOutcome::Removed, 3),
            (RiskOutcome::Reduced, 5),
            (RiskOutcome::Remains, 1),
        ],
    );
    let outcomes = pick(
        rng,
        &[
            (DesiredOutcomesMet::Met, 6),
            (DesiredOutcomesMet::PartlyMet, 3),
            (DesiredOutcomesMet::NotMet, 1),
            (DesiredOutcomesMet::NoneExpressed, 1),
        ],
    );
    planned.closed = later(rng, done, 0, 20, until).map(|on| (on, risk, outcomes));
}

/// The commands that record `c`, each on its day, with whether the council (a
/// social worker of Adult Social Care) sends it: the s.42 decision is the
/// local authority's (s.42).
pub(super) fn commands(c: &PlannedConcern) -> Vec<(NaiveDate, CaseCommand, bool)> {
    let concern = c.concern;
    let mut all = vec![(c.raised_on, raise(concern), false)];
    if let Some(on) = c.below_threshold_on {
        let close = CaseCommand::CloseBelowThreshold {
            concern,
            outcome: BelowThreshold::AdviceGiven,
            reason: Personal::new("generated reason".into()),
        };
        all.push((on, close, false));
    }
    let Some((referred_on, to)) = c.referred else {
        return all;
    };
    all.push((
        referred_on,
        CaseCommand::ReferConcern { concern, to },
        false,
    ));
    if let Some(held_on) = c.strategy_meeting_on {
        let meeting = CaseCommand::RecordStrategyMeeting { concern, held_on };
        all.push((held_on, meeting, false));
    }
    if let Some((on, duty)) = c.decided {
        let decide = if duty {
            CaseCommand::DecideS42 {
                concern,
                conditions: S42Conditions {
                    cause_to_suspect_needs_for_care_and_support: true,
                    cause_to_suspect_abuse_or_neglect: true,
                    cause_to_suspect_unable_to_protect_themselves: true,
                },
                outcome: S42Outcome::DutyMet,
            }
        } else {
            CaseCommand::DecideS42 {
                concern,
                conditions: S42Conditions::default(),
                outcome: S42Outcome::OtherEnquiry,
            }
        };
        all.push((on, decide, true));
    }
    for a in &c.actions {
        let agree = CaseCommand::AgreeAction {
            concern,
            action: a.action,
            owner: OrganisationId(super::HUB.into()),
            description: Personal::new("generated action".into()),
            due: a.due,
        };
        all.push((a.agreed_on, agree, false));
        if let Some(on) = a.completed_on {
            let done = CaseCommand::CompleteAction {
                concern,
                action: a.action,
                on,
            };
            all.push((on, done, false));
        }
    }
    if let Some((on, risk, desired_outcomes)) = c.closed {
        let close = CaseCommand::CloseConcern {
            concern,
            risk,
            desired_outcomes,
        };
        all.push((on, close, false));
    }
    // In the order of their days; a day's steps keep the pathway's order.
    all.sort_by_key(|(on, _, _)| *on);
    all
}

fn raise(concern: ConcernId) -> CaseCommand {
    CaseCommand::RaiseConcern {
        concern,
        details: ConcernDetails {
            person_at_risk: PersonAtRisk::Carer,
            carer_alleged_to_cause_harm: false,
            categories: vec![AbuseCategory::Psychological],
            immediate_risk: false,
            desired_outcomes: Personal::new("to feel safe".into()),
            sharing: SharingBasis::Consent,
            children_in_household: false,
        },
    }
}
