//! Carers' assessments (Care Act 2014 s.10) and what comes of them: a
//! determination (s.13(1)); written information and advice when the needs are
//! not eligible (s.13(5)); a support plan when they are (s.25), some with a
//! direct payment (s.31) paid every four weeks.
//!
//! Only adult carers of adults are drawn an assessment: young carers and parent
//! carers are assessed under the Children Act 1989, which the generator does not
//! draw yet. Every step falls before the end of the caseload and before the
//! assessed role ends, so the domain accepts it.

use chrono::NaiveDate;
use rand::Rng;

use super::draw::{Draws, later, pick, uuid};
use super::{PlannedAssessment, PlannedDirectPayment, PlannedItem, PlannedPlan, PlannedRole};
use crate::domain::{
    Achievement, AssessedNeeds, AssessmentEvidence, AssessmentId, AssessmentKind,
    AssessmentRequest, BreakLength, CaseCommand, ContingencyPlan, DirectPaymentConditions,
    DirectPaymentId, DirectPaymentUse, DutyConditions, Involvement, ManagingCapability, NeedArea,
    PaymentFrequency, Pence, Personal, PlanBasis, PlanId, PlanMatters, PlanSupport, PlannedSupport,
    Review, ReviewDecision, Route, SupportMethod, WellbeingArea,
};

/// How a plan item is met, as drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    /// A short break for the carer.
    Break,
    /// A service the authority commissions.
    Commissioned,
    /// Equipment.
    Equipment,
    /// Information and advice (a universal service).
    InformationAndAdvice,
    /// Peer support (a universal service).
    PeerSupport,
    /// Replacement care for the cared-for person, so the carer has a break.
    ReplacementCare,
}

/// The assessment of an adult carer of an adult, drawn with what followed it;
/// `None` for a carer not assessed.
pub(super) fn draw(
    rng: &mut Draws,
    age: u32,
    roles: &[PlannedRole],
    identified_on: NaiveDate,
    until: NaiveDate,
) -> Option<PlannedAssessment> {
    if age < 18 || !rng.random_bool(0.45) {
        return None;
    }
    let role = roles.iter().find(|r| {
        identified_on
            .years_since(r.cared_for_born)
            .is_some_and(|y| y >= 18)
    })?;
    // Everything happens before the role ends and the caseload does.
    let end = role.moved_on.map_or(until, |(_, on)| on.min(until));
    let requested_on = later(rng, identified_on, 0, 60, end)?;
    let mut assessment = PlannedAssessment {
        assessment: AssessmentId(uuid(rng)),
        cared_for: role.cared_for,
        requested_on,
        started_on: None,
        completed: None,
        advice_on: None,
        plan: None,
        quality_of_life: None,
    };
    if !rng.random_bool(0.9) {
        return Some(assessment);
    }
    let Some(started_on) = later(rng, requested_on, 0, 40, end) else {
        return Some(assessment);
    };
    assessment.started_on = Some(started_on);
    if !rng.random_bool(0.9) {
        return Some(assessment);
    }
    let Some(completed_on) = later(rng, started_on, 0, 30, end) else {
        return Some(assessment);
    };
    let eligible = rng.random_bool(0.65);
    assessment.completed = Some((completed_on, eligible));
    if !eligible {
        assessment.advice_on = Some(completed_on);
        return Some(assessment);
    }
    if !rng.random_bool(0.9) {
        return Some(assessment);
    }
    let Some(agreed_on) = later(rng, completed_on, 0, 30, end) else {
        return Some(assessment);
    };
    assessment.plan = Some(plan(rng, agreed_on, end));
    Some(assessment)
}

/// A plan agreed on `agreed_on`: one of the usual shapes of carers' support.
fn plan(rng: &mut Draws, agreed_on: NaiveDate, end: NaiveDate) -> PlannedPlan {
    use ItemKind as K;
    let item = |kind, cost: i64, carer_pays: i64, by_direct_payment| PlannedItem {
        kind,
        cost: Pence(cost),
        carer_pays: Pence(carer_pays),
        by_direct_payment,
    };
    let shape = pick(rng, &[(0, 25), (1, 8), (2, 15), (3, 10), (4, 25), (5, 17)]);
    // A direct payment every four weeks: its item's cost, the budget for the
    // plan's period (a year, until its review), covers fourteen.
    let amount = Pence(rng.random_range(100..400) * 100);
    let items = match shape {
        0 => vec![item(K::Break, amount.0 * 14, 0, true)],
        1 => vec![
            item(K::Break, amount.0 * 14, 0, true),
            item(K::Commissioned, 20_000, 0, false),
        ],
        2 => vec![
            item(K::Commissioned, 50_000, 5_000, false),
            item(K::InformationAndAdvice, 0, 0, false),
        ],
        3 => vec![item(K::Equipment, 12_000, 12_000, false)],
        4 => vec![
            item(K::InformationAndAdvice, 0, 0, false),
            item(K::PeerSupport, 0, 0, false),
        ],
        _ => vec![item(K::ReplacementCare, 60_000, 0, false)],
    };
    let direct_payment = items.iter().any(|i| i.by_direct_payment).then(|| {
        // Every four weeks from the day it is agreed, while the role lasts, for
        // the plan's first year (thirteen payments: its budget covers
        // fourteen; the review that would renew it is not drawn).
        let paid = std::iter::successors(Some(agreed_on), |d| {
            d.checked_add_days(chrono::Days::new(28))
        })
        .take_while(|d| *d < end)
        .take(13)
        .collect();
        PlannedDirectPayment {
            payment: DirectPaymentId(uuid(rng)),
            amount,
            paid,
        }
    });
    PlannedPlan {
        plan: PlanId(uuid(rng)),
        agreed_on,
        items,
        direct_payment,
        reviews: Vec::new(),
    }
}

/// The commands that record `a`, each on its day, with whether the council (a
/// social worker of Adult Social Care) sends it.
pub(super) fn commands(a: &PlannedAssessment) -> Vec<(NaiveDate, CaseCommand, bool)> {
    let id = a.assessment;
    let mut all = vec![(
        a.requested_on,
        CaseCommand::RequestAssessment(AssessmentRequest::new(
            id,
            AssessmentKind::CarersAssessment,
            a.cared_for,
            Route::RequestedByCarer,
        )),
        false,
    )];
    let Some(started_on) = a.started_on else {
        return all;
    };
    all.push((
        started_on,
        CaseCommand::StartAssessment { assessment: id },
        false,
    ));
    let Some((completed_on, eligible)) = a.completed else {
        return all;
    };
    all.push((
        completed_on,
        CaseCommand::RecordEvidence {
            assessment: id,
            evidence: Box::new(AssessmentEvidence {
                quality_of_life: a.quality_of_life,
                ..evidence(eligible)
            }),
        },
        false,
    ));
    all.push((
        completed_on,
        CaseCommand::CompleteAssessment { assessment: id },
        false,
    ));
    if let Some(on) = a.advice_on {
        let advice = Personal::new("generated information and advice".into());
        all.push((
            on,
            CaseCommand::RecordInformationAndAdvice {
                assessment: id,
                advice,
            },
            false,
        ));
    }
    if let Some(p) = &a.plan {
        all.push((p.agreed_on, agree_plan(id, p), false));
        if let Some(dp) = &p.direct_payment {
            all.push((p.agreed_on, agree_direct_payment(p, dp), true));
            for on in &dp.paid {
                let made = CaseCommand::RecordDirectPaymentMade {
                    plan: p.plan,
                    payment: dp.payment,
                    on: *on,
                    amount: dp.amount,
                };
                all.push((*on, made, true));
            }
        }
        for r in &p.reviews {
            let review = CaseCommand::ReviewPlan {
                plan: p.plan,
                review: Review {
                    on: r.on,
                    what_changed: Personal::new("generated review".into()),
                    decision: ReviewDecision::Continue,
                    quality_of_life: r.quality_of_life,
                },
            };
            all.push((r.on, review, false));
        }
    }
    all
}

/// The evidence: eligible needs arise from necessary care and put the carer's
/// health at risk with a significant impact on their wellbeing (reg. 3(1));
/// else the care is necessary but neither holds.
fn evidence(eligible: bool) -> AssessmentEvidence {
    AssessmentEvidence {
        needs: Personal::new("generated needs".into()),
        wished_outcomes: Personal::new("generated outcomes".into()),
        able_to_continue: true,
        willing_to_continue: true,
        needs_assessed: AssessedNeeds {
            from_necessary_care_for_an_adult: true,
            health_deteriorating_or_at_risk: eligible,
            outcomes: [Achievement::Achievable; 8],
            significant_impact_on_wellbeing: eligible,
        },
        ..AssessmentEvidence::default()
    }
}

fn agree_plan(assessment: AssessmentId, p: &PlannedPlan) -> CaseCommand {
    let items = p.items.iter().map(support).collect();
    CaseCommand::AgreePlan {
        plan: p.plan,
        basis: PlanBasis::EligibleNeeds {
            assessment,
            conditions: DutyConditions {
                ordinarily_resident: true,
                financial_conditions_met: true,
                adult_needing_care_agrees: true,
            },
        },
        support: PlanSupport::new(items)
            .expect("a drawn plan has items, and its costs are far from overflowing"),
        matters: PlanMatters {
            ability_and_willingness_to_care: true,
            wellbeing: [WellbeingArea::HealthAndEmotionalWellbeing].into(),
            wished_outcomes: true,
            work_and_life: Default::default(),
        },
        advice: Personal::new("generated advice on preventing needs".into()),
        involvement: Involvement {
            carer: true,
            carer_asked_for_adult_needing_care: false,
            adult_needing_care: false,
        },
        contingency: ContingencyPlan {
            who_steps_in: Personal::new("generated: a relative".into()),
            arrangements: Personal::new("generated arrangements".into()),
        },
    }
}

/// An item meeting the carer's health need (the need the evidence found
/// eligible, reg. 3(2)(a)).
fn support(item: &PlannedItem) -> PlannedSupport {
    let method = match item.kind {
        ItemKind::Break => SupportMethod::ShortBreak {
            length: BreakLength::Days(2),
            replacement_care: false,
        },
        ItemKind::Commissioned => SupportMethod::CommissionedService,
        ItemKind::Equipment => SupportMethod::Equipment,
        ItemKind::InformationAndAdvice => SupportMethod::InformationAndAdvice,
        ItemKind::PeerSupport => SupportMethod::PeerSupport,
        ItemKind::ReplacementCare => SupportMethod::ShortBreak {
            length: BreakLength::Days(3),
            replacement_care: true,
        },
    };
    PlannedSupport::new(NeedArea::Health, method, item.cost, item.carer_pays)
        .expect("a drawn item's charge is within its cost, and nothing for replacement care")
}

fn agree_direct_payment(p: &PlannedPlan, dp: &PlannedDirectPayment) -> CaseCommand {
    CaseCommand::AgreeDirectPayment {
        plan: p.plan,
        payment: dp.payment,
        conditions: DirectPaymentConditions {
            requested: true,
            has_capacity_to_request: true,
            not_prohibited: true,
            managing: ManagingCapability::Unaided,
            appropriate_way_to_meet_needs: true,
        },
        items: (0..p.items.len())
            .filter(|i| p.items[*i].by_direct_payment)
            .collect(),
        amount: dp.amount,
        uses: vec![DirectPaymentUse::Break],
        description: Personal::new("generated direct payment".into()),
        frequency: PaymentFrequency::EveryWeeks(4),
    }
}
