//! [`Personal<T>`]: the one wrapper for personal data.
//!
//! Names, dates of birth, contact details, addresses, free-text notes and health
//! details are special-category data under UK GDPR. They live only in `Personal`
//! fields, so they can be found, sealed and erased in one place, and so that
//! `Debug` (and with it every log line, panic and assertion message) prints a
//! placeholder instead of the value.

use serde::{Deserialize, Serialize};

/// A value that is personal data. `Debug` never shows it; read it with [`Personal::reveal`].
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Personal<T>(T);

impl<T> Personal<T> {
    /// Wraps a personal value.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The value. Call sites are where personal data is used: keep them few.
    pub fn reveal(&self) -> &T {
        &self.0
    }
}

impl<T> std::fmt::Debug for Personal<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Personal(<redacted>)")
    }
}

impl<T> From<T> for Personal<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_value() {
        let p = Personal::new("Jane Example".to_string());
        let shown = format!("{p:?} {:?} {:#?}", Some(&p), vec![p.clone()]);
        assert!(!shown.contains("Jane"));
        assert_eq!(p.reveal(), "Jane Example");
    }
}
