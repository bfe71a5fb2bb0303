//! The NHS number: the one identifier every NHS partner knows a person by, so the
//! one a carers' service matches the cared-for person's record on.
//!
//! Its form is the NHS Data Dictionary's ("NHS NUMBER"): ten digits, the tenth a
//! modulus 11 check digit of the nine before it. A number that fails the check is
//! a typing error and is refused, never stored.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::error::CaseError;

/// A valid NHS number, held as its ten digits. Personal data: keep it in a
/// [`Personal`](crate::domain::Personal); its `Debug` never shows the digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NhsNumber(String);

impl NhsNumber {
    /// The number written as ten digits, with or without the spaces of its usual
    /// 3-3-4 grouping (`"943 476 5919"`).
    ///
    /// ```
    /// use carers_core::domain::NhsNumber;
    /// let number = NhsNumber::parse("943 476 5919")?;
    /// assert_eq!(number.digits(), "9434765919");
    /// assert!(NhsNumber::parse("943 476 5918").is_err()); // wrong check digit
    /// assert_eq!(format!("{number:?}"), "NhsNumber(<redacted>)");
    /// # Ok::<(), carers_core::domain::CaseError>(())
    /// ```
    ///
    /// # Errors
    /// `NhsNumberInvalid` unless it is ten digits (spaces aside) whose check digit
    /// is right.
    pub fn parse(text: &str) -> Result<Self, CaseError> {
        let digits: String = text.chars().filter(|c| *c != ' ').collect();
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CaseError::NhsNumberInvalid);
        }
        let value: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        if check_digit(&value[..9]) != Some(value[9]) {
            return Err(CaseError::NhsNumberInvalid);
        }
        Ok(Self(digits))
    }

    /// The ten digits.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// The modulus 11 check digit of nine digits: weights 10 down to 2, the sum's
/// remainder taken from 11, where 11 is 0 and 10 means no number has these nine.
fn check_digit(nine: &[u32]) -> Option<u32> {
    let sum: u32 = nine.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        digit => Some(digit),
    }
}

impl fmt::Debug for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NhsNumber(<redacted>)")
    }
}

impl TryFrom<String> for NhsNumber {
    type Error = CaseError;
    fn try_from(text: String) -> Result<Self, CaseError> {
        Self::parse(&text)
    }
}

impl From<NhsNumber> for String {
    fn from(number: NhsNumber) -> String {
        number.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_data_dictionary_example_is_valid_and_its_neighbours_are_not() {
        assert!(NhsNumber::parse("9434765919").is_ok());
        for wrong in ["9434765910", "943476591", "94347659190", "943476591x", ""] {
            assert_eq!(
                NhsNumber::parse(wrong),
                Err(CaseError::NhsNumberInvalid),
                "{wrong}"
            );
        }
    }

    #[test]
    fn a_stored_number_that_fails_the_check_is_refused_on_reading() {
        assert!(serde_json::from_str::<NhsNumber>("\"9434765918\"").is_err());
        let read: NhsNumber = serde_json::from_str("\"9434765919\"").expect("a valid number");
        assert_eq!(read.digits(), "9434765919");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// NHS Data Dictionary, NHS NUMBER: exactly one tenth digit completes nine
        /// digits, unless their remainder makes the check digit 10, when none does.
        #[test]
        fn nhs_number_check_digit_is_modulus_11(nine in proptest::collection::vec(0u32..10, 9)) {
            let prefix: String = nine.iter().map(|d| char::from_digit(*d, 10).expect("a digit")).collect();
            let sum: u32 = nine.iter().enumerate().map(|(i, d)| d * (10 - i as u32)).sum();
            let valid: Vec<u32> = (0..10)
                .filter(|last| NhsNumber::parse(&format!("{prefix}{last}")).is_ok())
                .collect();
            let expected = (11 - sum % 11) % 11;
            if expected == 10 {
                prop_assert!(valid.is_empty());
            } else {
                prop_assert_eq!(valid, vec![expected]);
            }
        }
    }
}
