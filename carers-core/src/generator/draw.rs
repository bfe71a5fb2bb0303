//! The draws: who the carers are, whom they care for and how, and what happens
//! to them, from a seeded ChaCha8 stream (fixed for a seed, whatever the machine).

use chrono::{Days, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{BASIS, Plan, PlannedCarer, PlannedContact, PlannedRole, Spec};
use super::{assessments, monitoring, quality_of_life, safeguarding};
use crate::domain::{
    CareBasis, CaredForId, CarerId, CaseCommand, Channel, ConcernId, ConditionCategory, ContactId,
    ContactPurpose, HoursBand, IdentificationSource, MovingOnReason, NewCaringRole, NewContact,
    Personal, PersonalDetails, Relationship, Stage,
};

pub(super) type Draws = ChaCha8Rng;

/// One of `choices`, with probability proportional to its weight.
pub(super) fn pick<T: Copy>(rng: &mut Draws, choices: &[(T, u32)]) -> T {
    let total: u32 = choices.iter().map(|(_, w)| w).sum();
    let mut at = rng.random_range(0..total.max(1));
    for (choice, weight) in choices {
        if at < *weight {
            return *choice;
        }
        at -= weight;
    }
    choices[0].0
}

pub(super) fn uuid(rng: &mut Draws) -> uuid::Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

/// A day `min..max` days after `day`, if it falls before `until`.
pub(super) fn later(
    rng: &mut Draws,
    day: NaiveDate,
    min: u64,
    max: u64,
    until: NaiveDate,
) -> Option<NaiveDate> {
    let next = day.checked_add_days(Days::new(rng.random_range(min..max.max(min + 1))))?;
    (next < until).then_some(next)
}

/// A date of birth `years` (whole) before `on`, on a random day of that year of age.
fn born(rng: &mut Draws, on: NaiveDate, years: u32) -> NaiveDate {
    on.checked_sub_months(Months::new(years * 12))
        .and_then(|d| d.checked_sub_days(Days::new(rng.random_range(0..365))))
        .unwrap_or(crate::domain::person::EARLIEST_BIRTH)
        .max(crate::domain::person::EARLIEST_BIRTH)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Who {
    YoungCarer,
    ParentCarer,
    Adult,
    Older,
}

pub(super) fn plan(spec: &Spec) -> Plan {
    let mut rng = Draws::seed_from_u64(spec.seed);
    let until = spec.until();
    let span = u64::try_from((until - spec.from).num_days().max(1)).unwrap_or(1);
    let mut carers: Vec<PlannedCarer> = (0..spec.carers)
        .map(|_| carer(&mut rng, spec, span, until))
        .collect();
    // Assessments come from a stream of their own, so that drawing them (or
    // changing how) leaves every other draw for the seed as it was.
    let mut assessed = Draws::seed_from_u64(spec.seed);
    assessed.set_stream(1);
    for c in &mut carers {
        let age = crate::domain::person::age_on(c.born, c.identified_on);
        c.assessment = assessments::draw(&mut assessed, age, &c.roles, c.identified_on, until);
    }
    // So do quality-of-life readings and the reviews that take them.
    let mut readings = Draws::seed_from_u64(spec.seed);
    readings.set_stream(3);
    for c in &mut carers {
        let Some(a) = c.assessment.as_mut() else {
            continue;
        };
        let role_ends = c
            .roles
            .iter()
            .find(|r| r.cared_for == a.cared_for)
            .and_then(|r| r.moved_on)
            .map(|(_, on)| on);
        let end = role_ends.map_or(until, |on| on.min(until));
        quality_of_life::draw(&mut readings, a, end);
    }
    // So do the steps of safeguarding concerns.
    let mut pathway = Draws::seed_from_u64(spec.seed);
    pathway.set_stream(2);
    for c in &mut carers {
        if let Some(concern) = &mut c.concern {
            safeguarding::follow(&mut pathway, concern, c.born, until);
        }
    }
    Plan {
        spec: spec.clone(),
        carers,
    }
}

fn carer(rng: &mut Draws, spec: &Spec, span: u64, until: NaiveDate) -> PlannedCarer {
    let carer = CarerId(uuid(rng));
    let identified_on = spec
        .from
        .checked_add_days(Days::new(rng.random_range(0..span)))
        .unwrap_or(spec.from);
    // Ages at identification: young carers, a third 65 or older, about 30% 50–64.
    let age = pick(
        rng,
        &[
            ((8, 17), 6),
            ((18, 25), 6),
            ((26, 49), 25),
            ((50, 64), 30),
            ((65, 74), 18),
            ((75, 92), 15),
        ],
    );
    let age = rng.random_range(age.0..=age.1);
    let born_on = born(rng, identified_on, age);
    let who = match age {
        0..=17 => Who::YoungCarer,
        26..=60 if rng.random_bool(0.18) => Who::ParentCarer,
        65.. => Who::Older,
        _ => Who::Adult,
    };
    let source = match who {
        Who::YoungCarer => pick(
            rng,
            &[
                (IdentificationSource::School, 50),
                (IdentificationSource::ChildrensTrust, 20),
                (IdentificationSource::Gp, 10),
                (IdentificationSource::SelfReferral, 10),
                (IdentificationSource::Other, 10),
            ],
        ),
        _ => pick(
            rng,
            &[
                (IdentificationSource::Gp, 22),
                (IdentificationSource::HospitalDischarge, 12),
                (IdentificationSource::SelfReferral, 25),
                (IdentificationSource::SocialCare, 15),
                (IdentificationSource::CarersCard, 6),
                (IdentificationSource::Pharmacy, 5),
                (IdentificationSource::Employer, 5),
                (IdentificationSource::Other, 10),
            ],
        ),
    };
    let count = if rng.random_bool(0.15) { 2 } else { 1 };
    let roles: Vec<PlannedRole> = (0..count)
        .map(|_| role(rng, who, age, identified_on, until))
        .collect();
    let mut contacts: Vec<PlannedContact> =
        (0..pick(rng, &[(0, 2), (1, 4), (2, 4), (3, 3), (5, 1)]))
            .filter_map(|_| contact(rng, identified_on, span, until))
            .collect();
    contacts.sort_by_key(|c| c.on);
    let allocated = if spec.workers > 0 && rng.random_bool(0.7) {
        let n = rng.random_range(0..spec.workers);
        later(rng, identified_on, 0, 14, until).map(|on| (n, on))
    } else {
        None
    };
    let concern = if rng.random_bool(0.04) {
        let id = ConcernId(uuid(rng));
        later(rng, identified_on, 10, 200, until).map(|on| safeguarding::raised(id, on))
    } else {
        None
    };
    // Drawn last, so that what came before keeps its draws.
    let sex = monitoring::sex(rng, age);
    let monitoring = if rng.random_bool(0.6) {
        later(rng, identified_on, 0, 30, until).map(|on| (on, monitoring::answers(rng, age, sex)))
    } else {
        None
    };
    PlannedCarer {
        carer,
        identified_on,
        source,
        born: born_on,
        sex,
        monitoring,
        roles,
        contacts,
        allocated,
        concern,
        assessment: None,
    }
}

fn role(rng: &mut Draws, who: Who, age: u32, on: NaiveDate, until: NaiveDate) -> PlannedRole {
    use ConditionCategory as C;
    use Relationship as R;
    let (relationship, cared_for_age, lives_with) = match who {
        Who::YoungCarer => {
            if rng.random_bool(0.7) {
                (R::Child, rng.random_range(30..56), rng.random_bool(0.5))
            } else {
                (R::Sibling, rng.random_range(3..21), rng.random_bool(0.8))
            }
        }
        Who::ParentCarer => (R::Parent, rng.random_range(2..18), rng.random_bool(0.8)),
        Who::Adult => match pick(
            rng,
            &[
                (R::Child, 50),
                (R::Partner, 15),
                (R::OtherRelative, 10),
                (R::FriendOrNeighbour, 10),
                (R::Sibling, 5),
                (R::Other, 10),
            ],
        ) {
            R::Child => (
                R::Child,
                age + rng.random_range(22..36),
                rng.random_bool(0.1),
            ),
            R::Partner => (
                R::Partner,
                (age.saturating_sub(5) + rng.random_range(0..11)).max(18),
                rng.random_bool(0.35),
            ),
            r => (r, rng.random_range(20..90), rng.random_bool(0.03)),
        },
        Who::Older => match pick(
            rng,
            &[
                (R::Partner, 50),
                (R::Child, 15),
                (R::OtherRelative, 15),
                (R::FriendOrNeighbour, 10),
                (R::Other, 10),
            ],
        ) {
            R::Partner => (
                R::Partner,
                (age.saturating_sub(5) + rng.random_range(0..11)).max(18),
                rng.random_bool(0.35),
            ),
            R::Child if age < 75 => (
                R::Child,
                age + rng.random_range(20..30),
                rng.random_bool(0.1),
            ),
            // A parent is at least 20 years older: a carer of 75 or more who
            // drew one cares for another relative instead.
            R::Child => (
                R::OtherRelative,
                rng.random_range(60..95),
                rng.random_bool(0.03),
            ),
            r => (r, rng.random_range(60..95), rng.random_bool(0.03)),
        },
    };
    let cared_for_born = born(rng, on, cared_for_age.min(105));
    let child = cared_for_age < 18;
    let weights: &[(ConditionCategory, u32)] = if child {
        &[
            (C::LearningDisability, 35),
            (C::PhysicalDisability, 25),
            (C::LongTermIllness, 20),
            (C::MentalHealth, 15),
            (C::Other, 5),
        ]
    } else if cared_for_age >= 65 {
        &[
            (C::Dementia, 30),
            (C::Frailty, 20),
            (C::PhysicalDisability, 15),
            (C::LongTermIllness, 15),
            (C::TerminalIllness, 5),
            (C::MentalHealth, 5),
            (C::Other, 10),
        ]
    } else {
        &[
            (C::MentalHealth, 25),
            (C::PhysicalDisability, 20),
            (C::LongTermIllness, 20),
            (C::SubstanceMisuse, 10),
            (C::LearningDisability, 10),
            (C::TerminalIllness, 5),
            (C::Other, 10),
        ]
    };
    let mut conditions = vec![pick(rng, weights)];
    if rng.random_bool(0.25) {
        let second = pick(rng, weights);
        if !conditions.contains(&second) {
            conditions.push(second);
        }
    }
    let hours = if who == Who::YoungCarer {
        pick(
            rng,
            &[
                (HoursBand::UpTo9, 30),
                (HoursBand::From10To19, 30),
                (HoursBand::From20To34, 20),
                (HoursBand::From35To49, 10),
                (HoursBand::From50, 10),
            ],
        )
    } else {
        pick(
            rng,
            &[
                (HoursBand::UpTo9, 7),
                (HoursBand::From10To19, 8),
                (HoursBand::From20To34, 12),
                (HoursBand::From35To49, 10),
                (HoursBand::From50, 63),
            ],
        )
    };
    let first_stage = if rng.random_bool(0.55) {
        Stage::BecomingACarer
    } else {
        Stage::LivingAsACarer
    };
    let living_on = (first_stage == Stage::BecomingACarer && rng.random_bool(0.6))
        .then(|| later(rng, on, 30, 180, until))
        .flatten();
    let moved_on = if rng.random_bool(0.15) {
        let reason = pick(
            rng,
            &[
                (MovingOnReason::Died, 45),
                (MovingOnReason::MovedIntoResidentialCare, 25),
                (MovingOnReason::Recovered, 8),
                (MovingOnReason::SomeoneElseTookOver, 12),
                (MovingOnReason::RelationshipEnded, 10),
            ],
        );
        later(rng, living_on.unwrap_or(on), 30, 300, until).map(|day| (reason, day))
    } else {
        None
    };
    PlannedRole {
        cared_for: CaredForId(uuid(rng)),
        cared_for_born,
        relationship,
        parental_responsibility: relationship == R::Parent,
        conditions,
        hours,
        lives_with_carer: lives_with,
        first_stage,
        living_on,
        moved_on,
    }
}

fn contact(
    rng: &mut Draws,
    from: NaiveDate,
    span: u64,
    until: NaiveDate,
) -> Option<PlannedContact> {
    let on = later(rng, from, 0, span, until)?;
    Some(PlannedContact {
        contact: ContactId(uuid(rng)),
        on,
        channel: pick(
            rng,
            &[
                (Channel::Call, 45),
                (Channel::Email, 20),
                (Channel::Visit, 15),
                (Channel::GroupSession, 10),
                (Channel::DropIn, 5),
                (Channel::Letter, 5),
            ],
        ),
        purpose: pick(
            rng,
            &[
                (ContactPurpose::InformationAndAdvice, 35),
                (ContactPurpose::EmotionalSupport, 20),
                (ContactPurpose::Assessment, 10),
                (ContactPurpose::Review, 10),
                (ContactPurpose::ArrangingSupport, 15),
                (ContactPurpose::FollowUp, 10),
            ],
        ),
    })
}

pub(super) fn identify(c: &PlannedCarer) -> CaseCommand {
    // Synthetic details: a number, never a real person's.
    let n = c.carer.0.as_u128() % 10_000;
    CaseCommand::IdentifyCarer {
        carer: c.carer,
        details: PersonalDetails {
            name: Personal::new(format!("Carer {n}")),
            date_of_birth: Personal::new(c.born),
            // Ofcom reserves 07700 900000–900999 for drama: never a real line.
            contact: Personal::new(format!("07700 900{:03}", n % 1000)),
            address: Personal::new(format!("{n} Example Street")),
            notes: Personal::new(String::new()),
        },
        source: c.source,
        lawful_basis: BASIS,
        consent_to_hold_data: true,
    }
}

pub(super) fn add_role(r: &PlannedRole) -> CaseCommand {
    CaseCommand::AddCaringRole(NewCaringRole {
        cared_for: r.cared_for,
        cared_for_born: Personal::new(r.cared_for_born),
        relationship: r.relationship,
        parental_responsibility: r.parental_responsibility,
        conditions: r.conditions.clone(),
        hours: r.hours,
        lives_with_carer: r.lives_with_carer,
        basis: CareBasis::Unpaid,
        stage: r.first_stage,
    })
}

pub(super) fn record_contact(c: &PlannedContact) -> CaseCommand {
    CaseCommand::RecordContact(NewContact {
        contact: c.contact,
        on: c.on,
        channel: c.channel,
        purpose: c.purpose,
        outcome: Personal::new("generated contact".into()),
    })
}
