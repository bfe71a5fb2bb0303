//! The NHS number: the one identifier every NHS partner knows a person by, so the
//! one a carers' service matches the cared-for person's record on.
//!
//! Its form is the NHS Data Dictionary's ("NHS NUMBER"): ten digits, the tenth a
//! modulus 11 check digit of the nine before it. A number that fails the check is
//! a typing error and is refused, never stored.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::domain::error::CaseError;
use crate::domain::personal::REDACTED;
use crate::es::form::{Form, current};

/// A valid NHS number, held as its ten digits. Personal data: keep it in a
/// [`Personal`](crate::domain::Personal). Like one, it is private by default:
/// `Debug` never shows the digits, and it serialises as [`REDACTED`] outside
/// `stored_form` and `revealed`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NhsNumber([u8; 10]);

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
        let number = Self::shaped(text).ok_or(CaseError::NhsNumberInvalid)?;
        let value = number.0.map(|b| u32::from(b - b'0'));
        if check_digit(&value[..9]) != Some(value[9]) {
            return Err(CaseError::NhsNumberInvalid);
        }
        Ok(number)
    }

    /// Ten ASCII digits, spaces aside, whatever their check digit.
    fn shaped(text: &str) -> Option<Self> {
        let mut digits = [0u8; 10];
        let mut count = 0;
        for b in text.bytes().filter(|b| *b != b' ') {
            if !b.is_ascii_digit() || count == digits.len() {
                return None;
            }
            digits[count] = b;
            count += 1;
        }
        (count == digits.len()).then_some(Self(digits))
    }

    /// The ten digits.
    pub fn digits(&self) -> &str {
        std::str::from_utf8(&self.0).expect("an NhsNumber holds ten ASCII digits")
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

impl Serialize for NhsNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match current() {
            Form::Redacted => serializer.serialize_str(REDACTED),
            Form::Stored | Form::Revealed => serializer.serialize_str(self.digits()),
        }
    }
}

/// What a refused NHS number reads as: never the input, which may be a real number.
const INVALID: &str = "an NHS number is ten digits with a valid check digit";

impl<'de> Deserialize<'de> for NhsNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any`, so that a JSON number reaches the visitor (which does
        // not quote it) rather than the format's own message (which would).
        deserializer.deserialize_any(Digits)
    }
}

struct Digits;

impl Visitor<'_> for Digits {
    type Value = NhsNumber;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(INVALID)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<NhsNumber, E> {
        // What was stored is read as it is, check digit and all: a stored event
        // never becomes unreadable because a rule was tightened after it was
        // written.
        if current() == Form::Stored {
            return NhsNumber::shaped(text).ok_or_else(|| E::custom(INVALID));
        }
        NhsNumber::parse(text).map_err(|_| E::custom(INVALID))
    }

    // A number sent as a JSON number is refused without quoting it.
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<NhsNumber, E> {
        Err(E::custom(INVALID))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<NhsNumber, E> {
        Err(E::custom(INVALID))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<NhsNumber, E> {
        Err(E::custom(INVALID))
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
    fn a_number_sent_that_fails_the_check_is_refused_without_being_quoted() {
        for sent in ["\"9434765918\"", "9434765918", "9434765919"] {
            let e = serde_json::from_str::<NhsNumber>(sent).expect_err("refused");
            assert!(!e.to_string().contains("943476591"), "{e}");
        }
        let read: NhsNumber = serde_json::from_str("\"9434765919\"").expect("a valid number");
        assert_eq!(read.digits(), "9434765919");
    }

    #[test]
    fn a_stored_number_is_read_as_it_was_stored() {
        let read =
            crate::es::form::stored_form(|| serde_json::from_str::<NhsNumber>("\"9434765918\""));
        assert_eq!(read.expect("read as stored").digits(), "9434765918");
    }

    #[test]
    fn a_bare_number_serialises_redacted_unless_revealed() {
        let number = NhsNumber::parse("9434765919").expect("valid");
        assert_eq!(
            serde_json::to_string(&number).expect("serialises"),
            format!("\"{REDACTED}\"")
        );
        let shown =
            crate::es::form::revealed(|| serde_json::to_string(&number)).expect("serialises");
        assert_eq!(shown, "\"9434765919\"");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// NHS Data Dictionary, NHS NUMBER: exactly one tenth digit completes nine
        /// digits, unless their remainder makes the check digit 10, when none does.
        #[test]
        fn nhs_number_check_digit_is_modulus_11(nine in proptest::collection::vec(0u32..10, 9)) {
            let prefix = nine.iter().map(u32::to_string).collect::<Vec<_>>().concat();
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
