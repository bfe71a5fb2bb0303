//! How the reg. 3(2)(b) outcome tables are written: as a JSON object keyed by
//! outcome (`{"Recreation": "NeedsAssistance"}`), which a client reads by name,
//! not as arrays whose positions it must know. Both read the earlier forms too
//! (an array of eight achievements; an array of `[outcome, inability]` pairs), so
//! events stored before the change still decode.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serializer};

use super::eligibility::{Achievement, Inability, Outcome};

/// `[Achievement; 8]` in [`Outcome::ALL`] order, as an object with all eight
/// outcomes as keys.
pub(crate) mod achievements {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        table: &[Achievement; 8],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(8))?;
        for (outcome, achievement) in Outcome::ALL.iter().zip(table) {
            map.serialize_entry(outcome, achievement)?;
        }
        map.end()
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<[Achievement; 8], D::Error> {
        deserializer.deserialize_any(Table)
    }

    struct Table;

    impl<'de> Visitor<'de> for Table {
        type Value = [Achievement; 8];

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object with each of the eight outcomes of reg. 3(2)(b) once")
        }

        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
            let mut found: BTreeMap<Outcome, Achievement> = BTreeMap::new();
            while let Some((outcome, achievement)) = map.next_entry()? {
                if found.insert(outcome, achievement).is_some() {
                    return Err(de::Error::custom("an outcome is given twice"));
                }
            }
            let mut table = [Achievement::Achievable; 8];
            for (slot, outcome) in table.iter_mut().zip(Outcome::ALL) {
                *slot = *found
                    .get(&outcome)
                    .ok_or_else(|| de::Error::custom("an outcome is missing"))?;
            }
            Ok(table)
        }

        // The form stored before the outcomes were keyed: eight in order.
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            <[Achievement; 8]>::deserialize(de::value::SeqAccessDeserializer::new(seq))
        }
    }
}

/// The outcomes a carer is unable to achieve, in regulation order, as an object
/// from outcome to the sense of inability (reg. 3(3)).
pub(crate) mod inabilities {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        found: &[(Outcome, Inability)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        crate::domain::by_id::serialize(found, serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<(Outcome, Inability)>, D::Error> {
        let mut found: Vec<(Outcome, Inability)> = crate::domain::by_id::deserialize(deserializer)?;
        // Regulation order, the order a determination keeps.
        found.sort_by_key(|(o, _)| *o);
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::eligibility::{AssessedNeeds, Reasons};

    fn needs() -> AssessedNeeds {
        let mut needs = AssessedNeeds::default();
        needs.outcomes[7] = Achievement::Unachievable(Inability::NeedsAssistance);
        needs
    }

    #[test]
    fn outcomes_are_written_keyed_by_outcome_and_read_back() {
        let json = serde_json::to_value(needs()).expect("serialises");
        assert_eq!(
            json["outcomes"]["Recreation"]["Unachievable"],
            "NeedsAssistance"
        );
        assert_eq!(json["outcomes"]["CaringForAChild"], "Achievable");
        assert_eq!(
            serde_json::from_value::<AssessedNeeds>(json).ok(),
            Some(needs())
        );
    }

    #[test]
    fn the_earlier_array_forms_still_read() {
        let mut old = serde_json::to_value(needs()).expect("serialises");
        old["outcomes"] = serde_json::to_value([Achievement::Achievable; 8]).expect("an array");
        old["outcomes"][7] = serde_json::json!({"Unachievable": "NeedsAssistance"});
        assert_eq!(
            serde_json::from_value::<AssessedNeeds>(old).ok(),
            Some(needs())
        );
        let reasons = r#"{"from_necessary_care_for_an_adult":true,"health_deteriorating_or_at_risk":false,
            "unachievable_outcomes":[["Recreation","NeedsAssistance"]],"significant_impact_on_wellbeing":true}"#;
        let read: Reasons = serde_json::from_str(reasons).expect("the stored form of before reads");
        assert_eq!(
            read.unachievable_outcomes,
            [(Outcome::Recreation, Inability::NeedsAssistance)]
        );
        let keyed = serde_json::to_value(&read).expect("serialises");
        assert_eq!(
            keyed["unachievable_outcomes"]["Recreation"],
            "NeedsAssistance"
        );
    }

    #[test]
    fn a_table_missing_or_repeating_an_outcome_is_refused() {
        let mut json = serde_json::to_value(needs()).expect("serialises");
        json["outcomes"]
            .as_object_mut()
            .expect("an object")
            .remove("Recreation");
        assert!(serde_json::from_value::<AssessedNeeds>(json).is_err());
        let twice = r#"{"from_necessary_care_for_an_adult":true,"health_deteriorating_or_at_risk":false,
            "unachievable_outcomes":{"Recreation":"NeedsAssistance","Recreation":"EndangersHealthOrSafety"},
            "significant_impact_on_wellbeing":true}"#;
        assert!(serde_json::from_str::<Reasons>(twice).is_err());
        assert!(serde_json::from_str::<AssessedNeeds>(r#"{"outcomes":[]}"#).is_err());
    }
}
