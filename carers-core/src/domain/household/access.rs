//! Who may keep a household: the [`Partnership`]'s casework partners. Forming a
//! household and recording who joins or leaves it is [`Act::Journey`]; reading it
//! is what reading a case is. A household holds ids and dates only, so the
//! Children's Trust, which works with whole families, keeps households too: each
//! member's own record still decides whether it may be read.

use super::{Household, HouseholdCommand};
use crate::domain::partnership::{Act, Partnership, StaffRole, rules};
use crate::es::{AccessPolicy, Actor, Denied, Request};

impl AccessPolicy<Household> for Partnership {
    fn check(
        &self,
        actor: &Actor,
        _: &Household,
        request: Request<'_, HouseholdCommand>,
    ) -> Result<(), Denied> {
        let kind = self
            .kind_of(&actor.organisation)
            .ok_or(Denied::by(rules::NOT_A_PARTNER))?;
        let role = StaffRole::of(&actor.role).ok_or(Denied::by(rules::UNKNOWN_ROLE))?;
        let (role_may, kind_may) = match request {
            Request::Execute(_) => (role.may(Act::Journey), kind.may(Act::Journey)),
            Request::Read(_) => (role.may_read(), kind.may_read()),
            Request::ReadAudit => (role.may_read_audit(), kind.may_read()),
        };
        if !role_may {
            return Err(Denied::by(rules::ROLE));
        }
        if !kind_may {
            return Err(Denied::by(rules::PARTNER));
        }
        Ok(())
    }
}
