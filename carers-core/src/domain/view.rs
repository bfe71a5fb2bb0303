//! [`CaseView`]: the narrow, read-only view of a case that each part of the law
//! decides over. A part reads the carer's age and roles through it, never the
//! other parts' state, so no part depends on the case as a whole.

use chrono::NaiveDate;

use super::assessment::Assessments;
use super::consent::{ConsentPurpose, Consents};
use super::eligibility::Determination;
use super::error::CaseError;
use super::identity::Identity;
use super::ids::AssessmentId;
use super::ids::CaredForId;
use super::ids::PlanId;
use super::person::{CarerKind, age_on, carer_kind};
use super::role::{CaringRole, Roles};
use super::support_plan::Plans;

/// What a part of the law may read of the rest of the case.
#[derive(Clone, Copy, Debug)]
pub struct CaseView<'a> {
    identity: Option<&'a Identity>,
    roles: &'a Roles,
    assessments: &'a Assessments,
    consents: &'a Consents,
    plans: &'a Plans,
}

impl<'a> CaseView<'a> {
    /// A view of a case's identity, roles, assessments, consents and plans.
    pub fn new(
        identity: Option<&'a Identity>,
        roles: &'a Roles,
        assessments: &'a Assessments,
        consents: &'a Consents,
        plans: &'a Plans,
    ) -> Self {
        Self {
            identity,
            roles,
            assessments,
            consents,
            plans,
        }
    }

    /// How many items the plan `plan` has and the day it was agreed, if the case
    /// holds it and it is active (not ended).
    pub fn plan_items(&self, plan: PlanId) -> Option<(usize, NaiveDate)> {
        self.plans
            .plan(plan)
            .filter(|p| p.status == super::support_plan::PlanStatus::Active)
            .map(|p| (p.support.items().len(), p.agreed_on))
    }

    /// Whether the carer's consent for `purpose` is given now.
    pub fn consented(&self, purpose: ConsentPurpose) -> bool {
        self.consents.given(purpose)
    }

    /// The carer's date of birth, once identified.
    pub fn carer_born(&self) -> Option<NaiveDate> {
        self.identity
            .and_then(|i| i.details.date_of_birth.reveal().copied())
    }

    /// The carer's age in whole years on `day`.
    pub fn carer_age_on(&self, day: NaiveDate) -> Option<u32> {
        self.carer_born().map(|dob| age_on(dob, day))
    }

    /// The carer kind on `day`, if the carer is identified.
    pub fn kind_on(&self, day: NaiveDate) -> Option<CarerKind> {
        let dob = self.carer_born()?;
        let parent = self.roles.caring().any(|r| r.is_parent_carer_role_on(day));
        Some(carer_kind(dob, day, parent))
    }

    /// The caring role for `cared_for`.
    pub fn role(&self, cared_for: CaredForId) -> Option<&'a CaringRole> {
        self.roles.get(cared_for)
    }

    /// The roles the law counts as caring (s.10(9)–(10)).
    pub fn caring_roles(&self) -> impl Iterator<Item = &'a CaringRole> + 'a {
        self.roles.caring()
    }
}

impl<'a> CaseView<'a> {
    /// The Care Act determination a support plan may follow (s.24–25): that of a
    /// completed assessment with one.
    ///
    /// # Errors
    /// `UnknownAssessment`, or `NoDetermination` when the assessment has none.
    pub fn determination_for_plan(
        &self,
        assessment: AssessmentId,
    ) -> Result<&'a Determination, CaseError> {
        self.assessments.determination_for_plan(assessment)
    }
}
