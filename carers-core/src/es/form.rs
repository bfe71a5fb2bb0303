//! Which form serialisation writes: redacted (the default), the stored form, or
//! revealed on purpose.
//!
//! Values that are personal data (the domain's `Personal<T>`) consult
//! [`current`] when they serialise: outside the two scopes below they write a fixed
//! marker instead of the value, so a state, event or read model serialised for an
//! API response carries no personal data unless the caller asked for it.
//!
//! - [`stored_form`]: serialisation bound for a store, and reading it back. The
//!   [`Codec`](super::Codec) (encode and decode) and the [`Repository`](super::Repository)'s
//!   snapshots run in it; so must any other code that writes states or events to storage.
//! - [`revealed`]: the one way to serialise personal data in clear on purpose (a
//!   caseworker's screen, a subject access request).
//!
//! The scope is per thread and ends with the closure (also when it panics):
//! serialisation that moves to another thread inside the closure writes the redacted
//! form.

use std::cell::Cell;

/// The form serialisation writes on this thread now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Form {
    /// The default: personal values are replaced by a marker.
    Redacted,
    /// Inside [`stored_form`]: personal values in their stored form (sealed under
    /// the subject's key when one is set, see [`super::seal`]).
    Stored,
    /// Inside [`revealed`]: personal values in clear, on purpose.
    Revealed,
}

thread_local! {
    static FORM: Cell<Form> = const { Cell::new(Form::Redacted) };
}

/// The form serialisation writes on this thread now.
pub fn current() -> Form {
    FORM.with(Cell::get)
}

fn within<R>(form: Form, f: impl FnOnce() -> R) -> R {
    /// Puts the previous form back, also when `f` panics.
    struct Restore(Form);
    impl Drop for Restore {
        fn drop(&mut self) {
            FORM.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(FORM.with(|c| c.replace(form)));
    f()
}

/// Runs `f` with personal values serialised in their stored form and deserialised as
/// stored: for serialisation bound for a store (events, snapshots) and for reading it
/// back.
///
/// The codec and the repository already use it; a service calls it only for other
/// store-bound serialisation of its own (e.g. a read model it persists).
///
/// ```
/// use carers_core::domain::Personal;
/// use carers_core::es::form::stored_form;
///
/// let note = Personal::new("Lives alone".to_string());
/// let stored = stored_form(|| serde_json::to_string(&note))?;
/// assert_eq!(stored, r#""Lives alone""#);
/// let back: Personal<String> = stored_form(|| serde_json::from_str(&stored))?;
/// assert_eq!(back, note);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn stored_form<R>(f: impl FnOnce() -> R) -> R {
    within(Form::Stored, f)
}

/// Runs `f` with personal values serialised in clear: the one way to put personal
/// data in JSON (or any serde format) on purpose, e.g. for a caseworker's screen.
/// Call sites are where personal data leaves the service: keep them few.
///
/// ```
/// use carers_core::domain::Personal;
/// use carers_core::es::form::revealed;
///
/// let name = Personal::new("Alex Example".to_string());
/// assert_eq!(serde_json::to_string(&name)?, r#""<personal>""#);
/// assert_eq!(revealed(|| serde_json::to_string(&name))?, r#""Alex Example""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn revealed<R>(f: impl FnOnce() -> R) -> R {
    within(Form::Revealed, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_nest_and_end_with_the_closure_even_on_panic() {
        assert_eq!(current(), Form::Redacted);
        stored_form(|| {
            assert_eq!(current(), Form::Stored);
            revealed(|| assert_eq!(current(), Form::Revealed));
            assert_eq!(current(), Form::Stored);
        });
        assert_eq!(current(), Form::Redacted);
        let caught = std::panic::catch_unwind(|| revealed(|| panic!("inside the scope")));
        assert!(caught.is_err());
        assert_eq!(current(), Form::Redacted);
    }

    #[test]
    fn the_scope_is_per_thread() {
        revealed(|| {
            let other = std::thread::spawn(current).join().expect("thread");
            assert_eq!(other, Form::Redacted);
        });
    }
}
