//! Who may do what with a cared-for person's record: the [`Partnership`]'s rules,
//! as for a carer's case, by act.
//!
//! Keeping the record (registering, consents, carers' links, corrections) is
//! [`Act::Journey`]; erasing it is [`Act::Govern`]; reading it is what reading a
//! carer's case is. The Children's Trust, whose duties are to children (Children
//! Act 1989 s.17), sees and keeps only the records of people who were children
//! when registered (a record that does not exist is refused by the same rule, so
//! the answer reveals nothing); it may register anyone, but an adult's record it
//! registers it cannot then see.

use super::{CaredForCommand, CaredForPerson};
use crate::domain::partnership::{Act, PartnerKind, Partnership};
use crate::es::{AccessPolicy, Actor, Denied, Request};

/// The Children's Trust keeps only children's records.
pub const NOT_A_CHILD: &str = "the record is not of a child";

impl Act {
    /// The act a command to a cared-for person's record is.
    pub fn of_cared_for(command: &CaredForCommand) -> Act {
        match command {
            CaredForCommand::Erase { .. } => Act::Govern,
            CaredForCommand::Register { .. }
            | CaredForCommand::RecordConsent { .. }
            | CaredForCommand::LinkCarer { .. }
            | CaredForCommand::UnlinkCarer { .. }
            | CaredForCommand::RecordDeath { .. }
            | CaredForCommand::CorrectDetails { .. } => Act::Journey,
        }
    }
}

impl AccessPolicy<CaredForPerson> for Partnership {
    fn check(
        &self,
        actor: &Actor,
        person: &CaredForPerson,
        request: Request<'_, CaredForCommand>,
    ) -> Result<(), Denied> {
        let kind = self.permits(actor, request, Act::of_cared_for)?;
        let registering = matches!(request, Request::Execute(CaredForCommand::Register { .. }))
            && person.person().is_none();
        let child_when_registered = person
            .registered_on()
            .and_then(|on| person.is_child_on(on))
            .unwrap_or(false);
        if kind == PartnerKind::ChildrensTrust && !registering && !child_when_registered {
            return Err(Denied::by(NOT_A_CHILD));
        }
        Ok(())
    }
}
