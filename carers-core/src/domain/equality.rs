//! Equality monitoring: the answers a carer chooses to give, coded in the
//! categories of the Census 2021 questions for England (ONS), so that a service
//! can count whom it reaches (Equality Act 2010 s.149, the public sector
//! equality duty) without reading free text. Every answer is optional, each has
//! "prefer not to say", and all of them are special-category or personal data
//! (UK GDPR art. 9): `Personal` throughout, held only with the carer's consent.

use serde::{Deserialize, Serialize};

use super::personal::Personal;

macro_rules! coded {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every answer, in the question's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
        }
    };
}

coded!(
    /// Ethnic group, Census 2021 (England) high-level categories.
    EthnicGroup {
        /// Asian, Asian British or Asian Welsh.
        Asian,
        /// Black, Black British, Black Welsh, Caribbean or African.
        Black,
        /// Mixed or Multiple ethnic groups.
        Mixed,
        /// White.
        White,
        /// Other ethnic group.
        Other,
        /// Prefer not to say.
        PreferNotToSay,
    }
);

coded!(
    /// Sex, Census 2021.
    Sex {
        /// Female.
        Female,
        /// Male.
        Male,
        /// Prefer not to say.
        PreferNotToSay,
    }
);

coded!(
    /// Whether the gender the carer identifies with is the same as their sex
    /// registered at birth, Census 2021.
    GenderIdentity {
        /// The same.
        SameAsSexRegisteredAtBirth,
        /// Different.
        DifferentFromSexRegisteredAtBirth,
        /// Prefer not to say.
        PreferNotToSay,
    }
);

coded!(
    /// Sexual orientation, Census 2021.
    SexualOrientation {
        /// Straight or heterosexual.
        StraightOrHeterosexual,
        /// Gay or lesbian.
        GayOrLesbian,
        /// Bisexual.
        Bisexual,
        /// Another sexual orientation.
        Other,
        /// Prefer not to say.
        PreferNotToSay,
    }
);

coded!(
    /// Disability under the Equality Act 2010, as Census 2021 derives it.
    Disability {
        /// Disabled: day-to-day activities limited a lot.
        LimitedALot,
        /// Disabled: day-to-day activities limited a little.
        LimitedALittle,
        /// Not disabled.
        NotDisabled,
        /// Prefer not to say.
        PreferNotToSay,
    }
);

coded!(
    /// Religion, Census 2021.
    Religion {
        /// No religion.
        NoReligion,
        /// Christian.
        Christian,
        /// Buddhist.
        Buddhist,
        /// Hindu.
        Hindu,
        /// Jewish.
        Jewish,
        /// Muslim.
        Muslim,
        /// Sikh.
        Sikh,
        /// Any other religion.
        Other,
        /// Prefer not to say.
        PreferNotToSay,
    }
);

coded!(
    /// Working status, from Census 2021's economic activity.
    WorkingStatus {
        /// Employed or self-employed, full time (31 hours a week or more).
        WorkingFullTime,
        /// Employed or self-employed, part time.
        WorkingPartTime,
        /// Unemployed and looking for work.
        Unemployed,
        /// Retired.
        Retired,
        /// A student.
        Student,
        /// Looking after home or family (including caring).
        LookingAfterHomeOrFamily,
        /// Long-term sick or disabled.
        LongTermSickOrDisabled,
        /// Other.
        Other,
        /// Prefer not to say.
        PreferNotToSay,
    }
);

/// The equality monitoring a carer chose to give, every answer optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EqualityMonitoring {
    /// Ethnic group.
    #[serde(default)]
    pub ethnic_group: Option<Personal<EthnicGroup>>,
    /// Sex.
    #[serde(default)]
    pub sex: Option<Personal<Sex>>,
    /// Gender identity.
    #[serde(default)]
    pub gender_identity: Option<Personal<GenderIdentity>>,
    /// Sexual orientation.
    #[serde(default)]
    pub sexual_orientation: Option<Personal<SexualOrientation>>,
    /// Disability.
    #[serde(default)]
    pub disability: Option<Personal<Disability>>,
    /// Religion or belief.
    #[serde(default)]
    pub religion: Option<Personal<Religion>>,
    /// Working status.
    #[serde(default)]
    pub working_status: Option<Personal<WorkingStatus>>,
    /// Answers in the carer's own words, as recorded before answers were coded
    /// (schema 1): kept as given, shown in a subject access export, never
    /// counted.
    #[serde(default)]
    pub in_own_words: Option<Box<AnswersInOwnWords>>,
}

/// Equality monitoring answers in the carer's own words (schema 1's form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswersInOwnWords {
    /// Ethnicity, as the carer described it.
    pub ethnicity: Option<Personal<String>>,
    /// Sex.
    pub sex: Option<Personal<String>>,
    /// Gender identity.
    pub gender_identity: Option<Personal<String>>,
    /// Sexual orientation.
    pub sexual_orientation: Option<Personal<String>>,
    /// Disability.
    pub disability: Option<Personal<String>>,
    /// Religion or belief.
    pub religion: Option<Personal<String>>,
    /// Working status.
    pub working_status: Option<Personal<String>>,
}
