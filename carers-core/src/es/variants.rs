//! Reads the variant names of a serde enum from its `Deserialize` impl, so the codec
//! knows every event type without a hand-kept list that could drift.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// The variant names of an externally tagged serde enum, or `None` for other types.
pub(crate) fn variant_names<'de, T: Deserialize<'de>>() -> Option<&'static [&'static str]> {
    let mut found = None;
    // The probe deserializer always fails; only the captured names matter.
    let _ = T::deserialize(Probe { found: &mut found });
    found
}

struct Probe<'a> {
    found: &'a mut Option<&'static [&'static str]>,
}

#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant probe")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Stop> {
        *self.found = Some(variants);
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    enum E {
        A { x: u8 },
        B(u8),
        C,
    }

    #[test]
    fn reads_every_variant_name() {
        assert_eq!(variant_names::<E>(), Some(&["A", "B", "C"][..]));
    }

    #[test]
    fn a_struct_has_no_variants() {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct S {
            x: u8,
        }
        assert_eq!(variant_names::<S>(), None);
    }
}
