//! The equality monitoring draws: a carer's sex, and the answers a carer who
//! consents gives, in rough proportion to Census 2021 (England) and to what
//! carers' surveys report (more carers are disabled than the population at
//! large, and fewer work full time).

use super::draw::{Draws, pick};
use crate::domain::Personal;
use crate::domain::equality::{
    Disability, EqualityMonitoring, EthnicGroup, GenderIdentity, Religion, Sex, SexualOrientation,
    WorkingStatus,
};
use rand::Rng;

/// A carer's sex: more women than men, except among carers of 75 or older
/// (Census 2021: among the oldest carers, men outnumber women).
pub(super) fn sex(rng: &mut Draws, age: u32) -> Sex {
    let female = if age >= 75 { 0.45 } else { 0.60 };
    if rng.random_bool(female) {
        Sex::Female
    } else {
        Sex::Male
    }
}

/// An answer, given by most.
fn answer<T>(rng: &mut Draws, value: T) -> Option<Personal<T>> {
    rng.random_bool(0.95).then(|| Personal::new(value))
}

/// The answers of a carer of `age` and `sex` who consents: each question
/// answered but a few.
pub(super) fn answers(rng: &mut Draws, age: u32, sex: Sex) -> EqualityMonitoring {
    let said_sex = if rng.random_bool(0.03) {
        Sex::PreferNotToSay
    } else {
        sex
    };
    let ethnic_group = pick(
        rng,
        &[
            (EthnicGroup::White, 81),
            (EthnicGroup::Asian, 10),
            (EthnicGroup::Black, 4),
            (EthnicGroup::Mixed, 3),
            (EthnicGroup::Other, 2),
            (EthnicGroup::PreferNotToSay, 2),
        ],
    );
    let gender_identity = pick(
        rng,
        &[
            (GenderIdentity::SameAsSexRegisteredAtBirth, 93),
            (GenderIdentity::DifferentFromSexRegisteredAtBirth, 1),
            (GenderIdentity::PreferNotToSay, 6),
        ],
    );
    let sexual_orientation = pick(
        rng,
        &[
            (SexualOrientation::StraightOrHeterosexual, 89),
            (SexualOrientation::GayOrLesbian, 2),
            (SexualOrientation::Bisexual, 1),
            (SexualOrientation::Other, 1),
            (SexualOrientation::PreferNotToSay, 7),
        ],
    );
    let disability = pick(
        rng,
        &[
            (Disability::LimitedALot, 10),
            (Disability::LimitedALittle, 14),
            (Disability::NotDisabled, 72),
            (Disability::PreferNotToSay, 4),
        ],
    );
    let religion = pick(
        rng,
        &[
            (Religion::Christian, 48),
            (Religion::NoReligion, 35),
            (Religion::Muslim, 6),
            (Religion::Hindu, 2),
            (Religion::Sikh, 1),
            (Religion::Jewish, 1),
            (Religion::Buddhist, 1),
            (Religion::Other, 1),
            (Religion::PreferNotToSay, 5),
        ],
    );
    let working_status = match age {
        0..=17 => WorkingStatus::Student,
        18..=64 => pick(
            rng,
            &[
                (WorkingStatus::WorkingFullTime, 30),
                (WorkingStatus::WorkingPartTime, 22),
                (WorkingStatus::LookingAfterHomeOrFamily, 20),
                (WorkingStatus::LongTermSickOrDisabled, 8),
                (WorkingStatus::Unemployed, 6),
                (WorkingStatus::Student, 4),
                (WorkingStatus::Retired, 5),
                (WorkingStatus::Other, 2),
                (WorkingStatus::PreferNotToSay, 3),
            ],
        ),
        _ => pick(
            rng,
            &[
                (WorkingStatus::Retired, 85),
                (WorkingStatus::WorkingPartTime, 6),
                (WorkingStatus::LookingAfterHomeOrFamily, 5),
                (WorkingStatus::PreferNotToSay, 4),
            ],
        ),
    };
    EqualityMonitoring {
        ethnic_group: answer(rng, ethnic_group),
        sex: answer(rng, said_sex),
        gender_identity: answer(rng, gender_identity),
        sexual_orientation: answer(rng, sexual_orientation),
        disability: answer(rng, disability),
        religion: answer(rng, religion),
        working_status: answer(rng, working_status),
        in_own_words: None,
    }
}
