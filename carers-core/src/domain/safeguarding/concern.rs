//! What a safeguarding concern records: who is at risk, the categories of abuse
//! and neglect, the s.42(1) conditions, actions and the outcome.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::ids::{ActionId, CaredForId};
use crate::domain::personal::Personal;
use crate::es::OrganisationId;

/// CSSG 14.17: the categories of abuse and neglect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AbuseCategory {
    /// Physical abuse.
    Physical,
    /// Domestic abuse.
    Domestic,
    /// Sexual abuse.
    Sexual,
    /// Psychological abuse.
    Psychological,
    /// Financial or material abuse.
    FinancialOrMaterial,
    /// Modern slavery.
    ModernSlavery,
    /// Discriminatory abuse.
    Discriminatory,
    /// Organisational abuse.
    Organisational,
    /// Neglect and acts of omission.
    NeglectAndActsOfOmission,
    /// Self-neglect.
    SelfNeglect,
}

impl AbuseCategory {
    /// All ten.
    pub const ALL: [AbuseCategory; 10] = [
        AbuseCategory::Physical,
        AbuseCategory::Domestic,
        AbuseCategory::Sexual,
        AbuseCategory::Psychological,
        AbuseCategory::FinancialOrMaterial,
        AbuseCategory::ModernSlavery,
        AbuseCategory::Discriminatory,
        AbuseCategory::Organisational,
        AbuseCategory::NeglectAndActsOfOmission,
        AbuseCategory::SelfNeglect,
    ];
}

/// Who is at risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PersonAtRisk {
    /// The carer.
    Carer,
    /// A person the carer cares for.
    CaredFor(CaredForId),
}

/// The lawful footing for sharing information.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SharingBasis {
    /// The person at risk consents.
    Consent,
    /// Shared without consent, for this lawful reason (e.g. risk to others, a crime,
    /// the person lacks capacity).
    WithoutConsent(Personal<String>),
}

/// The agency a referral goes to. The law routes it: a child at risk goes to
/// children's services (Children Act 1989 s.47), an adult to Adult Social Care (s.42).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Agency {
    /// Adult Social Care, for an adult at risk.
    AdultSocialCare,
    /// The Children's Trust, for a child at risk.
    ChildrensTrust,
}

impl Agency {
    /// The agency for a person at risk who is (or is not) a child, under 18
    /// (Children Act 1989 s.105(1)), on the day of the referral.
    pub fn for_person(under_18: bool) -> Agency {
        if under_18 {
            Agency::ChildrensTrust
        } else {
            Agency::AdultSocialCare
        }
    }
}

/// What a concern records when it is raised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcernDetails {
    /// Who is at risk.
    pub person_at_risk: PersonAtRisk,
    /// The carer is the person alleged to cause harm.
    pub carer_alleged_to_cause_harm: bool,
    /// The categories (one or more).
    pub categories: Vec<AbuseCategory>,
    /// Whether there is immediate risk.
    pub immediate_risk: bool,
    /// Making Safeguarding Personal (CSSG 14.15): what the person at risk wants to happen.
    pub desired_outcomes: Personal<String>,
    /// Consent to share, or the lawful reason to share without it.
    pub sharing: SharingBasis,
    /// Children live in the household. A child at risk goes to children's services
    /// (Children Act 1989 s.47; CSSG ch. 14), so an adult concern with children in
    /// the household may also be referred to the Children's Trust.
    #[serde(default)]
    pub children_in_household: bool,
}

/// Care Act 2014 s.42(1): the enquiry duty arises where the local authority "has
/// reasonable cause to suspect" that an adult (a) has needs for care and support,
/// (b) is experiencing, or is at risk of, abuse or neglect, and (c) as a result of
/// those needs is unable to protect themselves. Each field records whether the
/// authority has reasonable cause to suspect that limb: none needs to be found or
/// proved before the enquiry (finding out is what the enquiry is for).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct S42Conditions {
    /// s.42(1)(a): reasonable cause to suspect the adult has needs for care and
    /// support (whether or not the authority is meeting any of them).
    #[serde(alias = "needs_care_and_support")]
    pub cause_to_suspect_needs_for_care_and_support: bool,
    /// s.42(1)(b): reasonable cause to suspect the adult is experiencing, or is at
    /// risk of, abuse or neglect.
    #[serde(alias = "experiencing_or_at_risk")]
    pub cause_to_suspect_abuse_or_neglect: bool,
    /// s.42(1)(c): reasonable cause to suspect that, as a result of those needs, the
    /// adult is unable to protect themselves from the abuse or neglect or the risk of it.
    #[serde(alias = "unable_to_protect_themselves")]
    pub cause_to_suspect_unable_to_protect_themselves: bool,
}

impl S42Conditions {
    /// s.42(1): the enquiry duty arises when the authority has reasonable cause to
    /// suspect all three limbs.
    pub fn duty_arises(&self) -> bool {
        self.cause_to_suspect_needs_for_care_and_support
            && self.cause_to_suspect_abuse_or_neglect
            && self.cause_to_suspect_unable_to_protect_themselves
    }
}

/// The decision on the s.42 duty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum S42Outcome {
    /// The duty to make enquiries arises: the authority has reasonable cause to
    /// suspect all three limbs of s.42(1).
    DutyMet,
    /// The duty does not arise, with the reasons.
    DutyNotMet(Personal<String>),
    /// Not a s.42 enquiry, but an "other" safeguarding enquiry at the authority's discretion.
    OtherEnquiry,
}

/// An agreed action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeguardingAction {
    /// Its id.
    pub id: ActionId,
    /// The organisation that owns it.
    pub owner: OrganisationId,
    /// What is to be done.
    pub description: Personal<String>,
    /// When it is due.
    pub due: NaiveDate,
    /// When it was completed.
    pub completed: Option<NaiveDate>,
}

/// A concern that closes below the threshold for a referral, as a recorded decision
/// (CSSG ch. 14, proportionality: the least intrusive response to the risk).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BelowThreshold {
    /// Advice or information was given.
    AdviceGiven,
    /// No further action.
    NoFurtherAction,
}

/// A referral of a concern to an agency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Referral {
    /// The agency.
    pub to: Agency,
    /// When.
    pub at: DateTime<Utc>,
}

/// How a concern closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Closure {
    /// Closed after the referral, with its outcome (Making Safeguarding Personal,
    /// CSSG 14.15: whether the person's desired outcomes were met).
    WithOutcome {
        /// The risk at closure.
        risk: RiskOutcome,
        /// Whether the desired outcomes were met.
        desired_outcomes: DesiredOutcomesMet,
    },
    /// Closed below the threshold for a referral, without one.
    BelowThreshold {
        /// Advice given, or no further action.
        outcome: BelowThreshold,
        /// Why.
        reason: Personal<String>,
    },
}

/// The risk when a concern closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RiskOutcome {
    /// Risk removed.
    Removed,
    /// Risk reduced.
    Reduced,
    /// Risk remains.
    Remains,
}

/// Making Safeguarding Personal: whether the person's desired outcomes were met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DesiredOutcomesMet {
    /// Fully.
    Met,
    /// In part.
    PartlyMet,
    /// Not.
    NotMet,
    /// The person did not express any.
    NoneExpressed,
}

/// Where a concern is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConcernStatus {
    /// Raised, not yet referred.
    Raised,
    /// Referred to the lead agency (and perhaps others).
    Referred,
    /// The s.42 duty decided (adults).
    Decided,
    /// Closed.
    Closed,
}

/// One safeguarding concern on a carer's case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concern {
    /// What was raised.
    pub details: ConcernDetails,
    /// Whether the person at risk was a child (under 18) on the UK local day the
    /// concern was raised, from their date of birth. A record only: the routing is
    /// judged again on the day of the referral, when they may have turned 18.
    pub child_when_raised: bool,
    /// Who raised it.
    pub raised_by: OrganisationId,
    /// When.
    pub raised_at: DateTime<Utc>,
    /// Where it stands.
    pub status: ConcernStatus,
    /// The referrals, in the order made. The first is the lead referral, to the
    /// agency the law routes the person at risk to; a later one is an additional
    /// referral to the Children's Trust for children in the household.
    pub referrals: Vec<Referral>,
    /// Information shared: with whom, on what basis.
    pub shared: Vec<(OrganisationId, SharingBasis)>,
    /// The day the strategy meeting was held (adult concerns).
    pub strategy_meeting: Option<NaiveDate>,
    /// The s.42 decision.
    pub decision: Option<(S42Conditions, S42Outcome)>,
    /// Agreed actions.
    pub actions: Vec<SafeguardingAction>,
    /// How it closed.
    pub closure: Option<Closure>,
}

impl Concern {
    /// The lead referral: the first.
    pub fn lead_referral(&self) -> Option<&Referral> {
        self.referrals.first()
    }

    /// The lead referral's agency. It decides the pathway: Adult Social Care and a
    /// s.42 decision (Care Act 2014 s.42), or the Children's Trust and Children Act
    /// 1989 s.47, with no s.42 decision.
    pub fn lead_agency(&self) -> Option<Agency> {
        self.lead_referral().map(|r| r.to)
    }

    /// Whether the concern has been referred to `agency`.
    pub fn referred_to(&self, agency: Agency) -> bool {
        self.referrals.iter().any(|r| r.to == agency)
    }

    /// Whether every agreed action is completed.
    pub fn actions_complete(&self) -> bool {
        self.actions.iter().all(|a| a.completed.is_some())
    }
}
