//! Who may keep a household: the [`Partnership`]'s casework partners. Forming a
//! household and recording who joins or leaves it is [`Act::Journey`]; reading it
//! is what reading a case is. A household holds ids and dates only, so the
//! Children's Trust, which works with whole families, keeps households too: each
//! member's own record still decides whether it may be read.

use super::{Household, HouseholdCommand};
use crate::domain::partnership::{Act, Partnership};
use crate::es::{AccessPolicy, Actor, Denied, Request};

impl AccessPolicy<Household> for Partnership {
    fn check(
        &self,
        actor: &Actor,
        _: &Household,
        request: Request<'_, HouseholdCommand>,
    ) -> Result<(), Denied> {
        self.permits(actor, request, |_| Act::Journey).map(|_| ())
    }
}
