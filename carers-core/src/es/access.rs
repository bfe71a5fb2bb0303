//! Who may do what: the [`AccessPolicy`] a [`Repository`] asks before it decides a
//! command, returns a read or lists who read a case.
//!
//! The repository asks the policy on the state the request is about (the state
//! as loaded; for a list of commands, the state the ones before it produced), after
//! checking the actor's form and the stream's category and before deciding, so a
//! denied command appends nothing and a denied read records and returns nothing.
//!
//! A denial must not tell the actor whether the case exists: a policy decides the
//! same for a case that does not exist as for one the actor may not touch (a state
//! with no events is the `Default` state, which a policy treats as any other).
//!
//! [`Repository`]: super::Repository

use serde::Serialize;

use super::aggregate::{Actor, Aggregate};
use super::audit::ReadPurpose;

/// What an actor asks to do with a case.
#[derive(Debug)]
pub enum Request<'a, C> {
    /// Execute this command.
    Execute(&'a C),
    /// Read the case, for this purpose.
    Read(ReadPurpose),
    /// See who read the case (the read audit).
    ReadAudit,
}

impl<C> Clone for Request<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for Request<'_, C> {}

/// A request the access policy refuses. It carries the rule that refused, a fixed
/// text that never quotes the request and never depends on whether the case exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{rule}")]
pub struct Denied {
    /// The rule that refused, e.g. "the role may not do this".
    pub rule: &'static str,
}

impl Denied {
    /// A denial under `rule`.
    pub const fn by(rule: &'static str) -> Self {
        Self { rule }
    }
}

/// Decides whether an actor may make a request of a case.
///
/// Implement it to encode a service's own rules, and give it to the repository
/// with [`Repository::with_access`](super::Repository::with_access); an aggregate
/// names the policy a repository enforces unless given another
/// ([`Aggregate::default_access`]).
pub trait AccessPolicy<A: Aggregate>: Send + Sync {
    /// Whether `actor` may make `request` of the case whose state is `case`.
    ///
    /// # Errors
    /// [`Denied`] with the rule that refuses. It must be the same for a case that
    /// does not exist (the `Default` state) as for one the actor may not touch.
    fn check(
        &self,
        actor: &Actor,
        case: &A,
        request: Request<'_, A::Command>,
    ) -> Result<(), Denied>;
}

/// Every actor may do everything: for aggregates that hold nothing personal and
/// have no rules of who may act (counters, engine tests). Never the policy of a
/// carer's case.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unrestricted;

impl<A: Aggregate> AccessPolicy<A> for Unrestricted {
    fn check(&self, _: &Actor, _: &A, _: Request<'_, A::Command>) -> Result<(), Denied> {
        Ok(())
    }
}
