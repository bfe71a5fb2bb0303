//! How older stored events are read: the schema version of each event type whose
//! payload changed shape, and the upcasters that bring older payloads forward.
//!
//! An upcaster brings a payload forward only where the old record says the same
//! thing in the new shape. Where the law now asks for a fact the old record never
//! held (a caring role's date of birth and parental responsibility, the role an
//! assessment concerns, the organisation an escalation went to, a plan's costed
//! items), the upcaster refuses with a reason, so the codec reports the event as
//! `CodecError::Upcast` at its position: old history is never silently misread.

use serde_json::Value;

use crate::es::{DomainEvent, UpcastError, Upcaster};

use super::event::CaseEvent;

/// Event types whose payload is at schema version 2 (all others are at 1).
const VERSION_2: [&str; 10] = [
    CaseEvent::CARING_ROLE_ADDED,
    CaseEvent::EQUALITY_MONITORING_RECORDED,
    CaseEvent::MOVED_ON_FROM_CARING,
    CaseEvent::ASSESSMENT_REQUESTED,
    CaseEvent::ASSESSMENT_REFUSED,
    CaseEvent::ASSESSMENT_ESCALATED,
    CaseEvent::ASSESSMENT_COMPLETED,
    CaseEvent::PLAN_AGREED,
    CaseEvent::PLAN_REVIEWED,
    CaseEvent::DIRECT_PAYMENT_AGREED,
];

impl DomainEvent for CaseEvent {
    fn schema_version(event_type: &str) -> u16 {
        if VERSION_2.contains(&event_type) {
            2
        } else {
            1
        }
    }

    fn upcasters() -> Vec<Upcaster> {
        let from_v1 = |event_type, upcast| Upcaster {
            event_type,
            from_version: 1,
            upcast,
        };
        vec![
            from_v1(CaseEvent::CARING_ROLE_ADDED, |_| {
                Err(UpcastError(
                    "a version-1 caring role holds an age band, not the date of birth and parental responsibility the law needs",
                ))
            }),
            from_v1(CaseEvent::MOVED_ON_FROM_CARING, moved_on_v1),
            from_v1(CaseEvent::EQUALITY_MONITORING_RECORDED, equality_v1),
            from_v1(CaseEvent::ASSESSMENT_REQUESTED, |_| {
                Err(UpcastError(
                    "a version-1 assessment request does not name the caring role it concerns",
                ))
            }),
            from_v1(CaseEvent::ASSESSMENT_REFUSED, refused_v1),
            from_v1(CaseEvent::ASSESSMENT_ESCALATED, |_| {
                Err(UpcastError(
                    "a version-1 escalation does not name the organisation it went to",
                ))
            }),
            from_v1(CaseEvent::ASSESSMENT_COMPLETED, completed_v1),
            from_v1(CaseEvent::PLAN_AGREED, |_| {
                Err(UpcastError(
                    "a version-1 plan has no costed items to derive its personal budget from",
                ))
            }),
            from_v1(CaseEvent::PLAN_REVIEWED, |_| {
                Err(UpcastError(
                    "a version-1 revision has no costed items to derive its personal budget from",
                ))
            }),
            from_v1(CaseEvent::DIRECT_PAYMENT_AGREED, |_| {
                Err(UpcastError(
                    "a version-1 direct payment records neither its s.31 conditions nor the items it pays for",
                ))
            }),
        ]
    }
}

/// Version 1 offered "bereavement support until" a date; version 2 names the same
/// date "support until", since the offer now follows every ending the policy names.
fn moved_on_v1(mut v: Value) -> Result<Value, UpcastError> {
    let offer = v
        .get_mut("offer")
        .and_then(Value::as_object_mut)
        .ok_or(UpcastError("a version-1 move on without its offer"))?;
    let until = offer
        .remove("bereavement_support_until")
        .unwrap_or(Value::Null);
    offer.insert("support_until".into(), until);
    Ok(v)
}

/// Version 1 held equality monitoring answers as free text; version 2 codes
/// them (Census 2021 categories). Text cannot be coded without reading it, so
/// the answers move, as stored (sealed values stay sealed: a value's seal does
/// not bind the field it sits in), to `in_own_words`, where they are kept and
/// shown but never counted.
fn equality_v1(mut v: Value) -> Result<Value, UpcastError> {
    let monitoring = v
        .get_mut("monitoring")
        .and_then(Value::as_object_mut)
        .ok_or(UpcastError(
            "a version-1 equality monitoring without its answers",
        ))?;
    let own_words: serde_json::Map<String, Value> = std::mem::take(monitoring)
        .into_iter()
        .filter(|(_, answer)| !answer.is_null())
        .collect();
    if !own_words.is_empty() {
        monitoring.insert("in_own_words".into(), Value::Object(own_words));
    }
    Ok(v)
}

/// Version 1 said only whether the duty continued despite a refusal, which it did
/// exactly when a young carer was at risk of abuse or neglect: s.63(4).
fn refused_v1(mut v: Value) -> Result<Value, UpcastError> {
    let fields = v
        .as_object_mut()
        .ok_or(UpcastError("a version-1 refusal that is not an object"))?;
    let continues = fields
        .remove("duty_continues")
        .and_then(|c| c.as_bool())
        .ok_or(UpcastError("a version-1 refusal without duty_continues"))?;
    let overridden = if continues {
        Value::String("AbuseOrNeglect".into())
    } else {
        Value::Null
    };
    fields.insert("overridden".into(), overridden);
    Ok(v)
}

/// Determinations and indications read as they were (with no per-need findings,
/// which version 1 did not record). Version 1's Children Act findings derived the
/// needs for support from reg. 3, which is not the law: they are refused.
fn completed_v1(v: Value) -> Result<Value, UpcastError> {
    if v.pointer("/result/ChildrenActFindings").is_some() {
        return Err(UpcastError(
            "version-1 Children Act findings were derived from reg. 3, not recorded under s.17ZA or s.17ZD",
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::journey::{MovingOnOffer, MovingOnReason};
    use crate::es::{Codec, CodecError};

    fn decode(event_type: &str, version: u16, payload: &str) -> Result<CaseEvent, CodecError> {
        Codec::<CaseEvent>::new().decode(event_type, version, payload.as_bytes(), 7)
    }

    #[test]
    fn a_version_1_move_on_reads_its_support_date() {
        let payload = r#"{"cared_for":"01900000-0000-7000-8000-000000000001","from":"LivingAsACarer","reason":"Died","on":"2026-01-31","offer":{"bereavement_support_until":"2029-01-31","follow_up_due":"2026-04-30"}}"#;
        let event = decode("MovedOnFromCaring", 1, payload).expect("upcast");
        let CaseEvent::MovedOnFromCaring { offer, reason, .. } = event else {
            panic!("another event type");
        };
        assert_eq!(reason, MovingOnReason::Died);
        assert_eq!(
            offer,
            MovingOnOffer {
                support_until: chrono::NaiveDate::from_ymd_opt(2029, 1, 31),
                follow_up_due: chrono::NaiveDate::from_ymd_opt(2026, 4, 30),
            }
        );
    }

    #[test]
    fn a_version_1_equality_monitoring_keeps_its_answers_in_the_carers_own_words() {
        let payload =
            r#"{"monitoring":{"ethnicity":"described in full","sex":null,"religion":"none"}}"#;
        let event = decode("EqualityMonitoringRecorded", 1, payload).expect("upcast");
        let CaseEvent::EqualityMonitoringRecorded { monitoring } = event else {
            panic!("another event type");
        };
        let own = monitoring.in_own_words.expect("kept in the carer's words");
        assert_eq!(
            own.ethnicity
                .as_ref()
                .and_then(|e| e.reveal())
                .map(String::as_str),
            Some("described in full")
        );
        assert_eq!(
            own.religion
                .as_ref()
                .and_then(|e| e.reveal())
                .map(String::as_str),
            Some("none")
        );
        assert!(own.sex.is_none());
        assert_eq!(
            monitoring.ethnic_group, None,
            "free text is never coded by guessing"
        );
        let none = decode("EqualityMonitoringRecorded", 1, r#"{"monitoring":{}}"#).expect("upcast");
        assert!(
            matches!(none, CaseEvent::EqualityMonitoringRecorded { monitoring } if monitoring.in_own_words.is_none())
        );
    }

    #[test]
    fn a_version_1_refusal_with_the_duty_continuing_reads_as_the_s63_4_b_override() {
        let at_risk = r#"{"assessment":"01900000-0000-7000-8000-000000000002","duty_continues":true,"on":"2026-01-31"}"#;
        let plain = at_risk.replace("true", "false");
        assert!(matches!(
            decode("AssessmentRefused", 1, at_risk),
            Ok(CaseEvent::AssessmentRefused {
                overridden: Some(crate::domain::assessment::S63Override::AbuseOrNeglect),
                ..
            })
        ));
        assert!(matches!(
            decode("AssessmentRefused", 1, &plain),
            Ok(CaseEvent::AssessmentRefused {
                overridden: None,
                ..
            })
        ));
    }

    #[test]
    fn version_1_facts_the_law_now_needs_are_refused_never_misread() {
        for event_type in [
            "CaringRoleAdded",
            "AssessmentRequested",
            "AssessmentEscalated",
            "PlanAgreed",
            "PlanReviewed",
            "DirectPaymentAgreed",
        ] {
            let err = decode(event_type, 1, "{}").expect_err("refused");
            assert!(
                matches!(
                    err,
                    CodecError::Upcast {
                        position: 7,
                        version: 1,
                        ..
                    }
                ),
                "{event_type}: {err}"
            );
        }
        let children_act = r#"{"assessment":"01900000-0000-7000-8000-000000000003","result":{"ChildrenActFindings":{"needs_for_support":true,"appropriate_to_care":null,"excessive_or_inappropriate_tasks":null}},"on":"2026-01-31"}"#;
        assert!(matches!(
            decode("AssessmentCompleted", 1, children_act),
            Err(CodecError::Upcast { .. })
        ));
    }
}
