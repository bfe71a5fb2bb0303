//! Changes of circumstances (issue 12), through the repository: a caring role's
//! hours, relationship, living arrangement or conditions, and the carer's contact
//! details, each an event with its reason; what follows for the plans and for a
//! reassessment (Care Act 2014 s.27(4)) is a recorded decision; as-of loads show
//! what was known then.

mod support;

use carers_core::domain::*;
use carers_core::es::RepoError;
use chrono::Duration;
use support::*;

fn text(t: &str) -> Personal<String> {
    Personal::new(t.into())
}

fn change(
    cared_for: CaredForId,
    change: RoleChange,
    consequence: ChangeConsequence,
) -> CaseCommand {
    CaseCommand::ChangeCircumstances(CircumstanceChange {
        cared_for,
        change,
        on: now().date_naive(),
        reason: text("mum had a fall and now needs help at night"),
        consequence,
    })
}

fn review_dues(events: &[CaseEvent]) -> Vec<(PlanId, ReviewTrigger)> {
    events
        .iter()
        .filter_map(|e| match e {
            CaseEvent::ReviewDue { plan, trigger, .. } => Some((*plan, *trigger)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_change_in_a_role_is_recorded_and_a_load_as_of_before_it_shows_what_was_known_then() {
    let (repo, carer, _, mother) = planned_case();
    let stream = carer.stream();
    let before = repo.load(&stream).expect("loads").state;
    let hours_before = before.role(mother).expect("a role").hours;
    assert_ne!(hours_before, HoursBand::From20To34);
    let later = acting_at(hub(), now() + Duration::hours(1));
    repo.execute(
        &stream,
        &change(
            mother,
            RoleChange::Hours(HoursBand::From20To34),
            ChangeConsequence::NothingFollows,
        ),
        &later,
        None,
    )
    .expect("recorded");
    let after = repo.load(&stream).expect("loads").state;
    assert_eq!(
        after.role(mother).expect("a role").hours,
        HoursBand::From20To34
    );
    let then = repo
        .load_as_of(&stream, now() + Duration::minutes(30))
        .expect("loads as of")
        .state;
    assert_eq!(then.role(mother).expect("a role").hours, hours_before);
    for (what, role_change) in [
        (
            "relationship",
            RoleChange::Relationship(Relationship::OtherRelative),
        ),
        ("living arrangement", RoleChange::LivesWithCarer(false)),
        (
            "conditions",
            RoleChange::Conditions(vec![
                ConditionCategory::Dementia,
                ConditionCategory::TerminalIllness,
            ]),
        ),
    ] {
        let done = repo
            .execute(
                &stream,
                &change(
                    mother,
                    role_change.clone(),
                    ChangeConsequence::NothingFollows,
                ),
                &later,
                None,
            )
            .unwrap_or_else(|e| panic!("{what}: {e:?}"));
        assert!(review_dues(&done.events).is_empty(), "{what}");
        let role = repo.load(&stream).expect("loads").state;
        assert!(
            !role_change.changes(role.role(mother).expect("a role")),
            "{what} not applied"
        );
    }
}

#[test]
fn a_change_that_affects_the_plan_makes_its_review_due_at_once() {
    let (repo, carer, plan, mother) = planned_case();
    let done = repo
        .execute(
            &carer.stream(),
            &change(
                mother,
                RoleChange::Hours(HoursBand::From20To34),
                ChangeConsequence::ReviewPlans,
            ),
            &hub(),
            None,
        )
        .expect("recorded");
    assert_eq!(
        review_dues(&done.events),
        vec![(plan, ReviewTrigger::ChangeOfCircumstances)]
    );
    let case = repo.load(&carer.stream()).expect("loads").state;
    assert_eq!(case.plans_due_for_review(now().date_naive()), vec![plan]);
    assert!(case.reassessments_due().is_empty());
}

#[test]
fn a_reassessment_decided_on_a_change_is_due_until_an_assessment_is_requested() {
    let (repo, carer, plan, mother) = planned_case();
    let stream = carer.stream();
    let done = repo
        .execute(
            &stream,
            &change(
                mother,
                RoleChange::LivesWithCarer(false),
                ChangeConsequence::Reassess,
            ),
            &hub(),
            None,
        )
        .expect("recorded");
    // A reassessment revises the plan too: its review is due.
    assert_eq!(
        review_dues(&done.events),
        vec![(plan, ReviewTrigger::ChangeOfCircumstances)]
    );
    let today = now().date_naive();
    assert_eq!(
        repo.load(&stream).expect("loads").state.reassessments_due(),
        vec![(mother, today)]
    );
    // A request for another role, or a transition assessment, does not answer it.
    let brother = CaredForId::new();
    repo.execute(
        &stream,
        &CaseCommand::AddCaringRole(new_role(brother, date(1975, 3, 3))),
        &hub(),
        None,
    )
    .expect("a second role");
    repo.execute(
        &stream,
        &CaseCommand::RequestAssessment(AssessmentRequest {
            assessment: AssessmentId::new(),
            kind: AssessmentKind::CarersAssessment,
            cared_for: brother,
            route: Route::Offered,
            carer_agrees: true,
            cared_for_agrees: None,
            transition: None,
        }),
        &hub(),
        None,
    )
    .expect("requested for the brother");
    assert_eq!(
        repo.load(&stream).expect("loads").state.reassessments_due(),
        vec![(mother, today)]
    );
    repo.execute(
        &stream,
        &CaseCommand::RequestAssessment(AssessmentRequest {
            assessment: AssessmentId::new(),
            kind: AssessmentKind::CarersAssessment,
            cared_for: mother,
            route: Route::Offered,
            carer_agrees: true,
            cared_for_agrees: None,
            transition: None,
        }),
        &hub(),
        None,
    )
    .expect("requested");
    assert!(
        repo.load(&stream)
            .expect("loads")
            .state
            .reassessments_due()
            .is_empty()
    );
}

#[test]
fn a_change_is_to_a_role_still_caring_with_a_reason_a_new_value_and_a_day_that_has_come() {
    let (repo, carer, _, mother) = planned_case();
    let refuse = |command: CaseCommand| refused_by(&repo, carer, &command, &hub());
    let nothing = ChangeConsequence::NothingFollows;
    assert!(matches!(
        refuse(change(
            CaredForId::new(),
            RoleChange::LivesWithCarer(false),
            nothing
        )),
        RepoError::Domain(CaseError::UnknownRole)
    ));
    let current = repo.load(&carer.stream()).expect("loads").state;
    let hours = current.role(mother).expect("a role").hours;
    assert!(matches!(
        refuse(change(mother, RoleChange::Hours(hours), nothing)),
        RepoError::Domain(CaseError::NothingChanged)
    ));
    assert!(matches!(
        refuse(change(mother, RoleChange::Conditions(Vec::new()), nothing)),
        RepoError::Domain(CaseError::ConditionsRequired)
    ));
    let blank = CaseCommand::ChangeCircumstances(CircumstanceChange {
        cared_for: mother,
        change: RoleChange::LivesWithCarer(false),
        on: now().date_naive(),
        reason: text(" "),
        consequence: nothing,
    });
    assert!(matches!(
        refuse(blank),
        RepoError::Domain(CaseError::ChangeReasonRequired)
    ));
    let future = CaseCommand::ChangeCircumstances(CircumstanceChange {
        cared_for: mother,
        change: RoleChange::LivesWithCarer(false),
        on: now().date_naive().succ_opt().expect("a day"),
        reason: text("moving out next week"),
        consequence: nothing,
    });
    assert!(matches!(
        refuse(future),
        RepoError::Domain(CaseError::DateInTheFuture)
    ));
    repo.execute(
        &carer.stream(),
        &CaseCommand::MoveOn {
            cared_for: mother,
            reason: MovingOnReason::MovedIntoResidentialCare,
            on: now().date_naive(),
        },
        &hub(),
        None,
    )
    .expect("moved on");
    assert!(matches!(
        refuse(change(mother, RoleChange::LivesWithCarer(false), nothing)),
        RepoError::Domain(CaseError::RoleEnded)
    ));
}

#[test]
fn new_contact_details_replace_the_old_ones_and_the_old_stay_in_the_history() {
    let (repo, carer) = identified_case();
    let stream = carer.stream();
    repo.execute(
        &stream,
        &CaseCommand::ChangeContactDetails {
            contact: None,
            address: Some(text("4 New Street, Birmingham")),
            reason: text("moved house"),
        },
        &hub(),
        None,
    )
    .expect("changed");
    let case = repo.load(&stream).expect("loads").state;
    let details = &case.identity.as_ref().expect("identified").details;
    assert_eq!(
        details.address.reveal().map(String::as_str),
        Some("4 New Street, Birmingham")
    );
    assert_eq!(
        details.contact.reveal().map(String::as_str),
        Some("07700 900000"),
        "the contact details did not change"
    );
    let first = repo.timeline(&stream).expect("a timeline");
    assert!(matches!(
        &first[0].event,
        CaseEvent::CarerIdentified { details, .. }
            if details.address.reveal().map(String::as_str) == Some("1 Example Street, Birmingham")
    ));
    let none = CaseCommand::ChangeContactDetails {
        contact: None,
        address: None,
        reason: text("nothing"),
    };
    assert!(matches!(
        refused_by(&repo, carer, &none, &hub()),
        RepoError::Domain(CaseError::NothingChanged)
    ));
    let no_reason = CaseCommand::ChangeContactDetails {
        contact: Some(text("07700 900111")),
        address: None,
        reason: text(""),
    };
    assert!(matches!(
        refused_by(&repo, carer, &no_reason, &hub()),
        RepoError::Domain(CaseError::ChangeReasonRequired)
    ));
}

#[test]
fn a_change_is_not_dated_before_the_roles_last_change_and_conditions_are_a_set() {
    let (repo, carer, _, mother) = planned_case();
    let stream = carer.stream();
    let today = now().date_naive();
    let dated = |on: chrono::NaiveDate, change: RoleChange| {
        CaseCommand::ChangeCircumstances(CircumstanceChange {
            cared_for: mother,
            change,
            on,
            reason: text("reported at review"),
            consequence: ChangeConsequence::NothingFollows,
        })
    };
    repo.execute(
        &stream,
        &dated(today, RoleChange::Hours(HoursBand::From20To34)),
        &hub(),
        None,
    )
    .expect("changed");
    // An older change recorded later would undo the newer one: refused.
    let older = dated(
        today.pred_opt().expect("a day"),
        RoleChange::Hours(HoursBand::From35To49),
    );
    assert!(matches!(
        refused_by(&repo, carer, &older, &hub()),
        RepoError::Domain(CaseError::DateBeforeLastStep)
    ));
    // The same conditions in another order, or repeated, change nothing.
    let held = repo.load(&stream).expect("loads").state;
    let mut conditions = held.role(mother).expect("a role").conditions.clone();
    conditions.reverse();
    conditions.extend(conditions.clone());
    assert!(matches!(
        refused_by(
            &repo,
            carer,
            &dated(today, RoleChange::Conditions(conditions)),
            &hub()
        ),
        RepoError::Domain(CaseError::NothingChanged)
    ));
    // New ones are kept as a sorted set.
    repo.execute(
        &stream,
        &dated(
            today,
            RoleChange::Conditions(vec![
                ConditionCategory::TerminalIllness,
                ConditionCategory::Dementia,
                ConditionCategory::TerminalIllness,
            ]),
        ),
        &hub(),
        None,
    )
    .expect("changed");
    let held = repo.load(&stream).expect("loads").state;
    assert_eq!(
        held.role(mother).expect("a role").conditions,
        vec![
            ConditionCategory::Dementia,
            ConditionCategory::TerminalIllness
        ]
    );
}

#[test]
fn the_same_contact_details_again_change_nothing() {
    let (repo, carer) = identified_case();
    let same = CaseCommand::ChangeContactDetails {
        contact: Some(text("07700 900000")),
        address: Some(text("1 Example Street, Birmingham")),
        reason: text("checked with the carer"),
    };
    assert!(matches!(
        refused_by(&repo, carer, &same, &hub()),
        RepoError::Domain(CaseError::NothingChanged)
    ));
}
