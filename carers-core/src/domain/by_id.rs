//! How a case's id-keyed collections are written: as a JSON object from id to
//! item, in the order the items were recorded (`{"<assessment id>": {…}}`), which
//! a client looks up by id, not as an array of `[id, item]` pairs. The earlier
//! pair form still reads, so snapshots and events stored before still decode.
//! In memory they stay a `Vec` of pairs: a case holds a handful of each.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The item with `id` in a list of `(id, item)` pairs.
pub(crate) fn find<'a, K: PartialEq, V>(pairs: &'a [(K, V)], id: &K) -> Option<&'a V> {
    pairs.iter().find(|(k, _)| k == id).map(|(_, v)| v)
}

/// The item with `id` in a list of `(id, item)` pairs, to change.
pub(crate) fn find_mut<'a, K: PartialEq, V>(pairs: &'a mut [(K, V)], id: &K) -> Option<&'a mut V> {
    pairs.iter_mut().find(|(k, _)| k == id).map(|(_, v)| v)
}

/// Writes `(id, item)` pairs as an object from id to item.
///
/// # Errors
/// The serializer's, e.g. an id that cannot be an object key.
pub(crate) fn serialize<K: Serialize, V: Serialize, S: Serializer>(
    pairs: &[(K, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (id, item) in pairs {
        map.serialize_entry(id, item)?;
    }
    map.end()
}

/// Reads an object from id to item (or the earlier array of pairs), in order;
/// an id given twice is an error.
///
/// # Errors
/// Input of neither form, or an id given twice.
pub(crate) fn deserialize<'de, K, V, D>(deserializer: D) -> Result<Vec<(K, V)>, D::Error>
where
    K: Deserialize<'de> + PartialEq,
    V: Deserialize<'de>,
    D: Deserializer<'de>,
{
    let pairs: Vec<(K, V)> = deserializer.deserialize_any(Pairs(PhantomData))?;
    for (i, (id, _)) in pairs.iter().enumerate() {
        if pairs[..i].iter().any(|(earlier, _)| earlier == id) {
            return Err(de::Error::custom("an id is given twice"));
        }
    }
    Ok(pairs)
}

struct Pairs<K, V>(PhantomData<fn() -> (K, V)>);

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for Pairs<K, V> {
    type Value = Vec<(K, V)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object from id to item")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(pair) = map.next_entry()? {
            pairs.push(pair);
        }
        Ok(pairs)
    }

    // The form stored before collections were keyed: `[id, item]` pairs.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Vec::deserialize(de::value::SeqAccessDeserializer::new(seq))
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::ids::PlanId;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Held(#[serde(with = "super")] Vec<(PlanId, u32)>);

    #[test]
    fn id_keyed_collections_are_objects_in_recorded_order_and_read_back() {
        let (a, b) = (PlanId::new(), PlanId::new());
        let held = Held(vec![(b, 2), (a, 1)]);
        let json = serde_json::to_string(&held).expect("serialises");
        assert_eq!(json, format!(r#"{{"{}":2,"{}":1}}"#, b.0, a.0));
        assert_eq!(serde_json::from_str::<Held>(&json).ok(), Some(held));
    }

    #[test]
    fn the_earlier_pair_form_still_reads_and_an_id_twice_is_refused() {
        let a = PlanId::new();
        let pairs = format!(r#"[["{}",1]]"#, a.0);
        assert_eq!(
            serde_json::from_str::<Held>(&pairs).ok(),
            Some(Held(vec![(a, 1)]))
        );
        let twice = format!(r#"{{"{0}":1,"{0}":2}}"#, a.0);
        assert!(serde_json::from_str::<Held>(&twice).is_err());
    }
}
