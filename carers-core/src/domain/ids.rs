//! Ids of the domain's entities: uuid v7, so they sort by creation and say nothing
//! about the person (they are safe in keys, logs and error messages).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::es::StreamId;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh id (uuid v7).
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id!(
    /// A carer, and so a carer's case (one stream per carer).
    CarerId
);
impl CarerId {
    /// The stream of this carer's case, `carer-<uuid>` (the same as
    /// `CarerCase::stream_of(id)`, without naming the aggregate or a store).
    ///
    /// ```
    /// use carers_core::domain::{CarerCase, CarerId};
    /// use carers_core::es::Aggregate;
    ///
    /// let carer = CarerId::new();
    /// assert_eq!(carer.stream(), CarerCase::stream_of(carer.0));
    /// assert_eq!(carer.stream().entity_id("carer"), Some(carer.0));
    /// ```
    pub fn stream(&self) -> StreamId {
        // `CarerCase::CATEGORY`, written here because no module imports `case.rs`;
        // `tests/boundary.rs` checks that the two agree.
        StreamId::for_entity("carer", self.0)
    }
}

id!(
    /// A person cared for by a carer: their own record is a
    /// [`CaredForPerson`](super::CaredForPerson) on [`CaredForId::stream`].
    CaredForId
);

impl CaredForId {
    /// The stream of this person's own record, `cared_for-<uuid>`.
    ///
    /// ```
    /// use carers_core::domain::{CaredForId, CaredForPerson};
    /// use carers_core::es::Aggregate;
    ///
    /// let person = CaredForId::new();
    /// assert_eq!(person.stream(), CaredForPerson::stream_of(person.0));
    /// ```
    pub fn stream(&self) -> StreamId {
        StreamId::for_entity(super::cared_for::CATEGORY, self.0)
    }
}
id!(
    /// A household: people who live together (whole-family working), a
    /// [`Household`](super::Household) on [`HouseholdId::stream`].
    HouseholdId
);

impl HouseholdId {
    /// The stream of this household, `household-<uuid>`.
    pub fn stream(&self) -> StreamId {
        StreamId::for_entity(super::household::CATEGORY, self.0)
    }
}

id!(
    /// One assessment on a carer's case.
    AssessmentId
);
id!(
    /// A partner organisation (council, hub, trust) that data may be shared with.
    PartnerId
);
impl PartnerId {
    /// The partner id of `organisation`: the same for the same organisation id
    /// everywhere (uuid v5 in a namespace of this crate's), so a consent to share
    /// with a partner (`ConsentPurpose::ShareWith`) names the organisation that
    /// information is shared with.
    pub fn of(organisation: &crate::es::OrganisationId) -> Self {
        Self(Uuid::new_v5(
            &PARTNER_NAMESPACE,
            organisation.as_str().as_bytes(),
        ))
    }
}

/// The namespace of partner ids (`PartnerId::of`); never change it, or recorded
/// consents to share stop naming their organisations.
const PARTNER_NAMESPACE: Uuid = Uuid::from_u128(0x5c1f_3a0e_8d2b_4f6a_9e71_c4b8_0d2e_6a13);

id!(
    /// A contact with a carer (a call, a visit, a session) on their case.
    ContactId
);
id!(
    /// A service delivered to a carer (a break taken, a grant spent), on their case.
    ServiceId
);
id!(
    /// A case note on a carer's case.
    NoteId
);
id!(
    /// An emergency (contingency) plan on a carer's case.
    EmergencyPlanId
);
id!(
    /// A referral of a carer, received or made, on their case.
    ReferralId
);
id!(
    /// A carer's entry on a waiting list, on their case.
    WaitingEntryId
);
id!(
    /// A safeguarding concern on a carer's case.
    ConcernId
);
id!(
    /// An action agreed on a safeguarding concern.
    ActionId
);
id!(
    /// A support plan on a carer's case.
    PlanId
);
id!(
    /// A direct payment under a support plan.
    DirectPaymentId
);
