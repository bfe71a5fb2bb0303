//! Money as whole pence: integer, exact, never a float.

use serde::{Deserialize, Serialize};

/// An amount in pence.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Pence(pub i64);

impl Pence {
    /// Zero.
    pub const ZERO: Pence = Pence(0);

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Pence) -> Option<Pence> {
        self.0.checked_add(other.0).map(Pence)
    }

    /// The exact sum of `amounts`, or `None` on overflow.
    pub fn sum(amounts: impl IntoIterator<Item = Pence>) -> Option<Pence> {
        amounts
            .into_iter()
            .try_fold(Pence::ZERO, Pence::checked_add)
    }
}

impl std::fmt::Display for Pence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}£{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_pounds_and_pence_and_sums_exactly() {
        assert_eq!(Pence(123_456).to_string(), "£1234.56");
        assert_eq!(Pence(-5).to_string(), "-£0.05");
        assert_eq!(Pence::sum([Pence(10), Pence(20)]), Some(Pence(30)));
        assert_eq!(Pence::sum([Pence(i64::MAX), Pence(1)]), None);
    }
}
