//! Given/when/then tests for aggregates: given these past events, when this
//! command, then expect these events or this error.
//!
//! ```
//! # use carers_core::es::scenario::given;
//! # use carers_core::es::{Actor, Aggregate, Context, DomainEvent};
//! # use serde::{Deserialize, Serialize};
//! # #[derive(Clone, Default, Serialize, Deserialize)] struct Light { on: bool }
//! # #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)] enum Ev { SwitchedOn }
//! # impl DomainEvent for Ev {}
//! # #[derive(Debug, PartialEq, thiserror::Error)] #[error("already on")] struct AlreadyOn;
//! # impl Aggregate for Light {
//! #     type Command = (); type Event = Ev; type Error = AlreadyOn; type Policy = ();
//! #     const CATEGORY: &'static str = "light";
//! #     fn default_access() -> std::sync::Arc<dyn carers_core::es::AccessPolicy<Self>> { std::sync::Arc::new(carers_core::es::Unrestricted) }
//! #     fn decide(&self, _: &(), _: &Context, _: &()) -> Result<Vec<Ev>, AlreadyOn> {
//! #         if self.on { Err(AlreadyOn) } else { Ok(vec![Ev::SwitchedOn]) }
//! #     }
//! #     fn apply(&mut self, _: &Ev) { self.on = true; }
//! # }
//! let ctx = Context::new(Actor::new("a1", "hub", "support-worker"), chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap());
//! given::<Light>([]).when(&(), &ctx).then_events([Ev::SwitchedOn]);
//! given::<Light>([Ev::SwitchedOn]).when(&(), &ctx).then_error(AlreadyOn);
//! ```

use super::aggregate::{Aggregate, Context};

/// The past events of a scenario.
pub struct Given<A: Aggregate> {
    state: A,
}

/// Starts a scenario from the fold of `events`.
pub fn given<A: Aggregate>(events: impl IntoIterator<Item = A::Event>) -> Given<A> {
    let events: Vec<A::Event> = events.into_iter().collect();
    Given {
        state: A::replay(&events),
    }
}

impl<A: Aggregate> Given<A> {
    /// Decides `command` in `ctx` against the given state, under the default policy.
    pub fn when(self, command: &A::Command, ctx: &Context) -> Then<A> {
        self.when_under(command, ctx, &A::Policy::default())
    }

    /// Decides `command` in `ctx` against the given state, under `policy`.
    pub fn when_under(self, command: &A::Command, ctx: &Context, policy: &A::Policy) -> Then<A> {
        let result = self.state.decide(command, ctx, policy);
        Then {
            state: self.state,
            result,
        }
    }
}

/// The outcome of a scenario, to assert on.
pub struct Then<A: Aggregate> {
    state: A,
    result: Result<Vec<A::Event>, A::Error>,
}

impl<A: Aggregate> Then<A> {
    /// Asserts the command was accepted with exactly these events; returns the state
    /// after applying them.
    #[track_caller]
    pub fn then_events(self, expected: impl IntoIterator<Item = A::Event>) -> A
    where
        A::Event: PartialEq,
    {
        let expected: Vec<A::Event> = expected.into_iter().collect();
        let events = self.accepted();
        assert_eq!(
            events, expected,
            "the command recorded other events than expected"
        );
        let mut state = self.state;
        for e in &events {
            state.apply(e);
        }
        state
    }

    /// Asserts the command was refused with exactly this error.
    #[track_caller]
    pub fn then_error(self, expected: A::Error)
    where
        A::Error: PartialEq,
    {
        match self.result {
            Ok(events) => {
                panic!("expected refusal {expected:?}, but the command recorded {events:?}")
            }
            Err(e) => assert_eq!(e, expected, "refused for another reason than expected"),
        }
    }

    /// Asserts the command was refused, and returns the error for further checks.
    #[track_caller]
    pub fn then_refused(self) -> A::Error {
        match self.result {
            Ok(events) => panic!("expected a refusal, but the command recorded {events:?}"),
            Err(e) => e,
        }
    }

    /// Asserts the command was accepted, and returns its events for further checks.
    #[track_caller]
    pub fn accepted(&self) -> Vec<A::Event> {
        match &self.result {
            Ok(events) => events.clone(),
            Err(e) => panic!("expected the command to be accepted, but it was refused: {e:?}"),
        }
    }

    /// Asserts the command was accepted and returns the state after its events.
    #[track_caller]
    pub fn state_after(self) -> A {
        let events = self.accepted();
        let mut state = self.state;
        for e in &events {
            state.apply(e);
        }
        state
    }
}
