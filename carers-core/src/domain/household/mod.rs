//! A household: the people who live together, carers and the people they care
//! for, for whole-family working: an assessor considers the whole family and
//! whether a child is caring (the Care and Support (Assessment) Regulations 2014
//! reg. 4, the whole-family approach), a
//! young carer being a person under 18 who cares (Children Act 1989 s.17ZA);
//! [`young_carers`] answers that.
//!
//! A household records ids and dates only: who its members are is read from
//! their own records, under their own rules.

mod access;
mod whole_family;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use whole_family::young_carers;

use super::calendar::{check_clock, happened, local_day};
use super::error::CaseError;
use super::ids::{CaredForId, CarerId, HouseholdId};
use crate::es::{Aggregate, Context};

/// The stream category of households.
pub const CATEGORY: &str = "household";

/// Someone who lives in a household.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Member {
    /// A carer (their case).
    Carer(CarerId),
    /// A cared-for person (their record).
    CaredFor(CaredForId),
}

/// One member's time in the household.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// Who.
    pub member: Member,
    /// Since when they live there.
    pub from: NaiveDate,
    /// The day they left, if they have.
    pub left: Option<NaiveDate>,
}

impl Membership {
    /// Whether they lived there on `day`.
    pub fn on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.left.is_none_or(|left| day < left)
    }
}

/// A command to a [`Household`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HouseholdCommand {
    /// Forms the household: only on its own stream, once.
    Form {
        /// The household.
        household: HouseholdId,
    },
    /// Someone comes to live in the household.
    Join {
        /// Who.
        member: Member,
        /// Since when.
        from: NaiveDate,
    },
    /// Someone leaves the household.
    Leave {
        /// Who.
        member: Member,
        /// When.
        on: NaiveDate,
    },
}

/// An event of a household. The variant name is the stored type name: never
/// rename one ([`HouseholdEvent::TYPES`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HouseholdEvent {
    /// The household was formed.
    HouseholdFormed {
        /// The household.
        household: HouseholdId,
        /// The UK day it was recorded.
        on: NaiveDate,
    },
    /// Someone came to live there.
    MemberJoined {
        /// Who.
        member: Member,
        /// Since when.
        from: NaiveDate,
    },
    /// Someone left.
    MemberLeft {
        /// Who.
        member: Member,
        /// When.
        on: NaiveDate,
    },
}

impl HouseholdEvent {
    /// Every stored type name, in declaration order.
    pub const TYPES: &'static [&'static str] = &["HouseholdFormed", "MemberJoined", "MemberLeft"];
}

impl crate::es::DomainEvent for HouseholdEvent {}

/// A household: the state of its stream.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    formed: Option<(HouseholdId, NaiveDate)>,
    members: Vec<Membership>,
}

impl Household {
    /// The household, once formed.
    pub fn id(&self) -> Option<HouseholdId> {
        self.formed.map(|(id, _)| id)
    }

    /// Everyone who has lived there, in the order they joined (someone who came
    /// back appears once per stay).
    pub fn memberships(&self) -> &[Membership] {
        &self.members
    }

    /// Who lived there on `day`.
    pub fn members_on(&self, day: NaiveDate) -> impl Iterator<Item = Member> + '_ {
        self.members
            .iter()
            .filter(move |m| m.on(day))
            .map(|m| m.member)
    }

    /// The carers who lived there on `day`.
    pub fn carers_on(&self, day: NaiveDate) -> impl Iterator<Item = CarerId> + '_ {
        self.members_on(day).filter_map(|m| match m {
            Member::Carer(carer) => Some(carer),
            Member::CaredFor(_) => None,
        })
    }

    /// The member's stay that has not ended, if any.
    pub fn current(&self, member: Member) -> Option<&Membership> {
        self.members
            .iter()
            .find(|m| m.member == member && m.left.is_none())
    }
}

impl Aggregate for Household {
    type Command = HouseholdCommand;
    type Event = HouseholdEvent;
    type Error = CaseError;
    type Policy = ();
    const CATEGORY: &'static str = CATEGORY;

    /// The partnership's rules, with no partners: every actor is refused until
    /// the repository is given a [`Partnership`](super::Partnership).
    fn default_access() -> std::sync::Arc<dyn crate::es::AccessPolicy<Self>> {
        std::sync::Arc::new(super::partnership::Partnership::default())
    }

    /// `Form` forms the household it names: only on its stream.
    fn entity_of(command: &HouseholdCommand) -> Option<uuid::Uuid> {
        match command {
            HouseholdCommand::Form { household } => Some(household.0),
            _ => None,
        }
    }

    fn decide(
        &self,
        command: &HouseholdCommand,
        ctx: &Context,
        _: &(),
    ) -> Result<Vec<HouseholdEvent>, CaseError> {
        check_clock(ctx.now)?;
        let today = local_day(ctx.now);
        let event = match command {
            HouseholdCommand::Form { household } => {
                if self.formed.is_some() {
                    return Err(CaseError::HouseholdExists);
                }
                HouseholdEvent::HouseholdFormed {
                    household: *household,
                    on: today,
                }
            }
            _ if self.formed.is_none() => return Err(CaseError::UnknownHousehold),
            HouseholdCommand::Join { member, from } => {
                happened(*from, today)?;
                if self.current(*member).is_some() {
                    return Err(CaseError::AlreadyAMember);
                }
                // One person's stays never overlap: they live in a household once.
                let last_left = self
                    .members
                    .iter()
                    .filter(|m| m.member == *member)
                    .filter_map(|m| m.left)
                    .max();
                if last_left.is_some_and(|left| *from < left) {
                    return Err(CaseError::LinksOverlap);
                }
                HouseholdEvent::MemberJoined {
                    member: *member,
                    from: *from,
                }
            }
            HouseholdCommand::Leave { member, on } => {
                let stay = self.current(*member).ok_or(CaseError::UnknownMember)?;
                happened(*on, today)?;
                if *on < stay.from {
                    return Err(CaseError::DateBeforeLink);
                }
                HouseholdEvent::MemberLeft {
                    member: *member,
                    on: *on,
                }
            }
        };
        Ok(vec![event])
    }

    fn apply(&mut self, event: &HouseholdEvent) {
        match event {
            HouseholdEvent::HouseholdFormed { household, on } => {
                self.formed = Some((*household, *on));
            }
            HouseholdEvent::MemberJoined { member, from } => self.members.push(Membership {
                member: *member,
                from: *from,
                left: None,
            }),
            HouseholdEvent::MemberLeft { member, on } => {
                if let Some(stay) = self
                    .members
                    .iter_mut()
                    .find(|m| m.member == *member && m.left.is_none())
                {
                    stay.left = Some(*on);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn the_type_names_are_exactly_the_variant_names_the_codec_knows() {
        crate::es::codec::assert_lists_every_type::<HouseholdEvent>(HouseholdEvent::TYPES);
    }

    #[test]
    fn the_stream_of_a_household_id_is_of_this_category() {
        let household = HouseholdId::new();
        assert_eq!(household.stream(), Household::stream_of(household.0));
    }
}
