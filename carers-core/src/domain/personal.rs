//! [`Personal<T>`]: the one wrapper for personal data.
//!
//! Names, dates of birth, contact details, addresses, free-text notes and health
//! details are special-category data under UK GDPR. They live only in `Personal`
//! fields, so they can be found, sealed and erased in one place, and so that
//! `Debug` (and with it every log line, panic and assertion message) prints a
//! placeholder instead of the value.
//!
//! # Two forms: stored and redacted
//!
//! Serialising a `Personal` writes the fixed marker [`REDACTED`] (`"<personal>"`)
//! instead of the value, so `serde_json::to_string(&case)` (or a web framework's
//! `Json(case)`) never puts personal data in a response by accident. The value is
//! written in clear only inside one of two explicit scopes:
//!
//! - [`stored_form`] (from [`es::form`](crate::es::form), re-exported here):
//!   serialisation bound for a store. The codec's
//!   [`encode`](crate::es::Codec::encode) and the repository's snapshot writer run in
//!   it; so must any other code that writes states or events to storage.
//! - [`revealed`]: the one way to put personal data in JSON on purpose (a caseworker's
//!   screen, a subject access request). Call sites are where personal data leaves:
//!   keep them few.
//!
//! The stored form is sealed: with a subject's data key set on the thread
//! ([`es::seal::with_key`](crate::es::seal::with_key), which the repository and the
//! projection runner do), each value is encrypted under it (`"sealed:1:…"`); with
//! no key set it is written in clear (a value stored before sealing, or a service's
//! own store-bound serialisation). Revealed is always clear. The scope is per
//! thread: serialisation inside the closure that moves to another thread writes
//! the marker.
//!
//! # Erased
//!
//! Once the subject's key is destroyed, a sealed value reads as erased:
//! [`Personal::reveal`] gives `None`, [`Personal::is_erased`] is true, and it is
//! written as [`ERASED`] (`"<erased>"`) when stored or revealed.
//!
//! `Deserialize` reads the clear value. Outside [`stored_form`] it refuses the
//! marker with an error, so redacted output sent back (a client posting what it was
//! shown) is never taken as data. Inside it (the codec's `decode`, snapshot loads) a
//! stored value is read as it is, whatever it says: a note may literally read
//! `<personal>`, and a stored event must never become unreadable.
//!
//! `secrecy`'s wrapper is not used: it gives up `Clone`, `Eq`, `Ord` and `Hash`
//! (or makes each opt-in), which the domain's states, events and commands derive,
//! and zeroing one copy of a value on drop would promise more than an event-sourced
//! system keeps (every replayed state holds a copy). What is zeroed is what makes
//! erasure work: data keys, and the clear bytes a value is sealed from or opened to
//! (`zeroize`). Erasure destroys the key ([`es::Repository::erase`](crate::es::Repository::erase)).

use std::fmt;

use serde::de::{self, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::es::form::{Form, current};
pub use crate::es::form::{revealed, stored_form};
use crate::es::seal::{self, KeyState, current_key};

/// What a [`Personal`] value serialises to outside [`stored_form`] and [`revealed`].
pub const REDACTED: &str = "<personal>";

/// What an erased [`Personal`] value serialises to when stored or revealed.
pub const ERASED: &str = "<erased>";

/// A value that is personal data. `Debug` never shows it, and serialisation writes
/// [`REDACTED`] unless inside [`stored_form`] or [`revealed`] (see the module docs);
/// read it with [`Personal::reveal`]. Stored under a subject's key, it is sealed;
/// once that key is destroyed it reads back as erased.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Personal<T>(Held<T>);

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Held<T> {
    Value(T),
    /// The subject's key was destroyed (UK GDPR art. 17 erasure).
    Erased,
}

impl<T: Default> Default for Personal<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> Personal<T> {
    /// Wraps a personal value.
    pub fn new(value: T) -> Self {
        Self(Held::Value(value))
    }

    /// A value that was erased.
    pub fn erased() -> Self {
        Self(Held::Erased)
    }

    /// The value; `None` once erased. Call sites are where personal data is used:
    /// keep them few.
    pub fn reveal(&self) -> Option<&T> {
        match &self.0 {
            Held::Value(v) => Some(v),
            Held::Erased => None,
        }
    }

    /// Whether the value was erased.
    pub fn is_erased(&self) -> bool {
        matches!(self.0, Held::Erased)
    }
}

impl Personal<String> {
    /// Whether the text says something: held (not erased) and not blank. What
    /// every reason, outcome, note and number a record requires must be.
    pub fn is_said(&self) -> bool {
        self.reveal().is_some_and(|t| !t.trim().is_empty())
    }
}

impl<T> fmt::Debug for Personal<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Held::Value(_) => f.write_str("Personal(<redacted>)"),
            Held::Erased => f.write_str("Personal(<erased>)"),
        }
    }
}

impl<T> From<T> for Personal<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: Serialize> Serialize for Personal<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = match (&self.0, current()) {
            (_, Form::Redacted) => return serializer.serialize_str(REDACTED),
            (Held::Erased, _) => return serializer.serialize_str(ERASED),
            (Held::Value(v), Form::Revealed) => return v.serialize(serializer),
            (Held::Value(v), _) => v,
        };
        // The stored form: sealed under the subject's key when one is set.
        current_key(|key| match key {
            None => value.serialize(serializer),
            Some(KeyState::Active(key)) => {
                let clear = zeroize::Zeroizing::new(
                    serde_json::to_vec(value).map_err(serde::ser::Error::custom)?,
                );
                // Inside an event the codec seals all its values as one blob.
                match seal::stash(&clear) {
                    Some(reference) => serializer.serialize_str(&reference),
                    None => serializer.serialize_str(&seal::seal(key, &clear)),
                }
            }
            Some(KeyState::Destroyed) => Err(serde::ser::Error::custom(
                "a personal value is not stored for a subject whose key was destroyed",
            )),
        })
    }
}

impl<'de, T: de::DeserializeOwned> Deserialize<'de> for Personal<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if current() != Form::Stored {
            return T::deserialize(RefuseMarker(deserializer)).map(Self::new);
        }
        // The stored form: a sealed value opens under the subject's key; a value in
        // clear (written with no key, or before sealing) is read as it is.
        deserializer.deserialize_any(Stored(std::marker::PhantomData))
    }
}

/// Whether the subject's key is destroyed: then every value reads as erased, a
/// value stored in clear before sealing too.
fn key_destroyed() -> bool {
    current_key(|key| matches!(key, Some(KeyState::Destroyed)))
}

/// Reads a stored value without an intermediate tree: sealed values are strings,
/// opened and read in place; anything else is a clear value handed to `T`.
struct Stored<T>(std::marker::PhantomData<fn() -> T>);

impl<T> Stored<T> {
    fn clear<E: de::Error>(read: impl FnOnce() -> Result<T, E>) -> Result<Personal<T>, E> {
        if key_destroyed() {
            return Ok(Personal::erased());
        }
        read().map(Personal::new)
    }

    fn text<E: de::Error>(
        text: &str,
        clear: impl FnOnce() -> Result<T, E>,
    ) -> Result<Personal<T>, E>
    where
        T: de::DeserializeOwned,
    {
        if text == ERASED {
            return Ok(Personal::erased());
        }
        if let Some(reference) = text.strip_prefix(seal::REF_PREFIX) {
            if key_destroyed() {
                return Ok(Personal::erased());
            }
            return seal::referenced(reference, |bytes| {
                let bytes = bytes.ok_or_else(|| {
                    E::custom("a sealed personal value is read without its event's opened values")
                })?;
                Self::parse(bytes)
            });
        }
        if !seal::is_sealed(text) {
            return Self::clear(clear);
        }
        let opened = current_key(|key| match key {
            Some(KeyState::Active(key)) => seal::open(key, text)
                .map(Some)
                .map_err(|e| E::custom(e.to_string())),
            Some(KeyState::Destroyed) => Ok(None),
            None => Err(E::custom(
                "a sealed personal value is read without its subject's key",
            )),
        })?;
        let Some(opened) = opened else {
            return Ok(Personal::erased());
        };
        Self::parse(&opened)
    }

    /// A value from its opened clear JSON (all of it).
    fn parse<E: de::Error>(bytes: &[u8]) -> Result<Personal<T>, E>
    where
        T: de::DeserializeOwned,
    {
        let mut json = serde_json::Deserializer::from_slice(bytes);
        T::deserialize(&mut json)
            .and_then(|v| json.end().map(|()| v))
            .map(Personal::new)
            .map_err(E::custom)
    }
}

macro_rules! stored_scalar {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            Self::clear(|| T::deserialize(de::IntoDeserializer::<E>::into_deserializer(v)))
        }
    )*};
}

impl<'de, T: de::DeserializeOwned> Visitor<'de> for Stored<T> {
    type Value = Personal<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stored personal value")
    }

    // `T` is owned, so a borrowed or owned string is read as any `&str` (serde's
    // `visit_borrowed_str` and `visit_string` forward here).
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Stored::text(v, || {
            T::deserialize(de::value::StrDeserializer::<E>::new(v))
        })
    }

    stored_scalar! {
        visit_bool(bool); visit_i64(i64); visit_u64(u64); visit_f64(f64);
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Self::clear(|| T::deserialize(de::IntoDeserializer::<E>::into_deserializer(())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Self::clear(|| T::deserialize(de::value::SeqAccessDeserializer::new(seq)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Self::clear(|| T::deserialize(de::value::MapAccessDeserializer::new(map)))
    }
}

const MARKER_REFUSED: &str = "a redacted or erased personal value (\"<personal>\", \"<erased>\") is not data: send the value itself";

/// A deserializer that hands every value to `T`'s visitor unchanged, except the
/// string [`REDACTED`], which it refuses.
struct RefuseMarker<D>(D);

/// The visitor side of [`RefuseMarker`].
struct CheckStr<V>(V);

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* CheckStr(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for RefuseMarker<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_seq(); deserialize_map();
        deserialize_identifier(); deserialize_ignored_any();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for CheckStr<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v == REDACTED || v == ERASED {
            return Err(E::custom(MARKER_REFUSED));
        }
        self.0.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        if v == REDACTED || v == ERASED {
            return Err(E::custom(MARKER_REFUSED));
        }
        self.0.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if v == REDACTED || v == ERASED {
            return Err(E::custom(MARKER_REFUSED));
        }
        self.0.visit_string(v)
    }

    forward_visit! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char);
        visit_bytes(&[u8]); visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
        self.0.visit_some(d)
    }

    fn visit_newtype_struct<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
        self.0.visit_newtype_struct(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn debug_never_prints_the_value() {
        let p = Personal::new("Jane Example".to_string());
        let shown = format!("{p:?} {:?} {:#?}", Some(&p), vec![p.clone()]);
        assert!(!shown.contains("Jane"));
        assert_eq!(p.reveal().map(String::as_str), Some("Jane Example"));
    }

    #[test]
    fn serialises_the_marker_unless_stored_or_revealed() {
        let p = Personal::new("Jane Example".to_string());
        let born = Personal::new(NaiveDate::from_ymd_opt(1970, 1, 2).expect("a date"));
        assert_eq!(serde_json::to_string(&p).unwrap(), r#""<personal>""#);
        assert_eq!(serde_json::to_string(&born).unwrap(), r#""<personal>""#);
        assert_eq!(
            stored_form(|| serde_json::to_string(&(&p, &born))).unwrap(),
            r#"["Jane Example","1970-01-02"]"#
        );
        assert_eq!(
            revealed(|| serde_json::to_string(&p)).unwrap(),
            r#""Jane Example""#
        );
        // The scope ends with the closure, also when nested.
        let inner = stored_form(|| revealed(|| serde_json::to_string(&p)).unwrap());
        assert_eq!(inner, r#""Jane Example""#);
        assert_eq!(serde_json::to_string(&p).unwrap(), r#""<personal>""#);
    }

    #[test]
    fn reads_clear_values_and_refuses_the_marker_outside_the_stored_form() {
        let p: Personal<String> = serde_json::from_str(r#""Jane""#).unwrap();
        assert_eq!(p.reveal().map(String::as_str), Some("Jane"));
        let d: Personal<NaiveDate> = serde_json::from_str(r#""1970-01-02""#).unwrap();
        assert_eq!(
            d.reveal().map(|d| d.to_string()).as_deref(),
            Some("1970-01-02")
        );
        let o: Option<Personal<u32>> = serde_json::from_str("null").unwrap();
        assert_eq!(o, None);

        let err = serde_json::from_str::<Personal<String>>(r#""<personal>""#).unwrap_err();
        assert!(err.to_string().contains("not data"), "{err}");
        assert!(serde_json::from_str::<Personal<NaiveDate>>(r#""<personal>""#).is_err());
        assert!(revealed(|| serde_json::from_str::<Personal<String>>(r#""<personal>""#)).is_err());

        // What the store holds is read as it is: a note may say exactly that.
        let stored: Personal<String> =
            stored_form(|| serde_json::from_str(r#""<personal>""#)).unwrap();
        assert_eq!(stored.reveal().map(String::as_str), Some(REDACTED));
    }

    #[test]
    fn other_errors_keep_their_detail() {
        let err = serde_json::from_str::<Personal<NaiveDate>>(r#""1970-13-01""#).unwrap_err();
        assert!(err.is_data());
        let err = serde_json::from_str::<Personal<u8>>("300").unwrap_err();
        assert!(err.to_string().contains("300"), "{err}");
    }

    #[test]
    fn stored_under_a_key_a_value_is_sealed_and_opens_under_that_key_only() {
        use crate::es::seal::{DataKey, KeyState, with_key};
        let p = Personal::new("Jane Example".to_string());
        let key = DataKey::generate();
        let active = || Some(KeyState::Active(key.clone()));
        let stored = with_key(active(), || stored_form(|| serde_json::to_string(&p))).unwrap();
        assert!(
            stored.starts_with("\"sealed:1:") && !stored.contains("Jane"),
            "{stored}"
        );
        let back: Personal<String> =
            with_key(active(), || stored_form(|| serde_json::from_str(&stored))).unwrap();
        assert_eq!(back, p);
        // Under another key, or with none, it does not read; never as something else.
        let other = Some(KeyState::Active(DataKey::generate()));
        assert!(
            with_key(other, || stored_form(|| serde_json::from_str::<
                Personal<String>,
            >(&stored)))
            .is_err()
        );
        assert!(stored_form(|| serde_json::from_str::<Personal<String>>(&stored)).is_err());
        // Revealed, it is clear; by default, redacted: the key changes only storage.
        let shown = with_key(active(), || revealed(|| serde_json::to_string(&p))).unwrap();
        assert_eq!(shown, r#""Jane Example""#);
    }

    #[test]
    fn once_the_key_is_destroyed_a_sealed_value_reads_as_erased() {
        use crate::es::seal::{DataKey, KeyState, with_key};
        let key = DataKey::generate();
        let born = Personal::new(NaiveDate::from_ymd_opt(1970, 1, 2).expect("a date"));
        let stored = with_key(Some(KeyState::Active(key)), || {
            stored_form(|| serde_json::to_string(&born))
        })
        .unwrap();
        let erased: Personal<NaiveDate> = with_key(Some(KeyState::Destroyed), || {
            stored_form(|| serde_json::from_str(&stored))
        })
        .unwrap();
        assert!(erased.is_erased());
        assert_eq!(erased.reveal(), None);
        assert_eq!(format!("{erased:?}"), "Personal(<erased>)");
        assert_eq!(serde_json::to_string(&erased).unwrap(), r#""<personal>""#);
        assert_eq!(
            revealed(|| serde_json::to_string(&erased)).unwrap(),
            r#""<erased>""#
        );
        // Stored again (a snapshot after erasure), it stays erased.
        let again = stored_form(|| serde_json::to_string(&erased)).unwrap();
        let read: Personal<NaiveDate> = stored_form(|| serde_json::from_str(&again)).unwrap();
        assert!(read.is_erased());
        // Nothing new is sealed for an erased subject, and a client cannot send the
        // erased marker as data.
        assert!(
            with_key(Some(KeyState::Destroyed), || stored_form(|| {
                serde_json::to_string(&born)
            }))
            .is_err()
        );
        assert!(serde_json::from_str::<Personal<String>>(r#""<erased>""#).is_err());
    }
}
