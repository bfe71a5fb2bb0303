//! Households: who lives together, and the young carers among them
//! (whole-family working), driven through the repository.

mod support;

use carers_core::domain::household::{Membership, young_carers};
use carers_core::domain::*;
use carers_core::es::{
    Actor, Context, EventStore, MemoryStore, ReadPurpose, RepoError, Repository,
};
use support::*;

type Households = Repository<Household, MemoryStore>;
type Cases = Repository<CarerCase, MemoryStore>;

fn repos() -> (Cases, Households) {
    let store = MemoryStore::new();
    (
        Repository::new(store.clone()).with_access(partnership()),
        Repository::new(store).with_access(partnership()),
    )
}

fn formed(households: &Households) -> HouseholdId {
    let household = HouseholdId::new();
    households
        .execute(
            &household.stream(),
            &HouseholdCommand::Form { household },
            &hub(),
            None,
        )
        .expect("formed");
    household
}

fn join(households: &Households, household: HouseholdId, member: Member, from: chrono::NaiveDate) {
    households
        .execute(
            &household.stream(),
            &HouseholdCommand::Join { member, from },
            &hub(),
            None,
        )
        .expect("joined");
}

fn carer_born(cases: &Cases, born: chrono::NaiveDate) -> CarerId {
    identify_on(cases, born)
}

/// Executes `command` on `household`'s stream, which must refuse it, appending nothing.
fn refused(
    households: &Households,
    household: HouseholdId,
    command: &HouseholdCommand,
    ctx: &Context,
) -> RepoError<CaseError> {
    refused_on(households, &household.stream(), command, ctx)
}

#[test]
fn a_household_records_who_lives_there_and_when() {
    let (_, households) = repos();
    let household = formed(&households);
    assert_eq!(
        domain(refused(
            &households,
            household,
            &HouseholdCommand::Form { household },
            &hub()
        )),
        CaseError::HouseholdExists
    );
    let (parent, child) = (
        Member::Carer(CarerId::new()),
        Member::CaredFor(CaredForId::new()),
    );
    join(&households, household, parent, date(2010, 1, 1));
    join(&households, household, child, date(2015, 6, 1));
    let again = HouseholdCommand::Join {
        member: parent,
        from: date(2020, 1, 1),
    };
    assert_eq!(
        domain(refused(&households, household, &again, &hub())),
        CaseError::AlreadyAMember
    );
    let early = HouseholdCommand::Leave {
        member: child,
        on: date(2015, 5, 1),
    };
    assert_eq!(
        domain(refused(&households, household, &early, &hub())),
        CaseError::DateBeforeLink
    );
    let stranger = HouseholdCommand::Leave {
        member: Member::Carer(CarerId::new()),
        on: date(2020, 1, 1),
    };
    assert_eq!(
        domain(refused(&households, household, &stranger, &hub())),
        CaseError::UnknownMember
    );
    let future = HouseholdCommand::Join {
        member: Member::Carer(CarerId::new()),
        from: date(2030, 1, 1),
    };
    assert_eq!(
        domain(refused(&households, household, &future, &hub())),
        CaseError::DateInTheFuture
    );

    households
        .execute(
            &household.stream(),
            &HouseholdCommand::Leave {
                member: parent,
                on: date(2024, 3, 1),
            },
            &hub(),
            None,
        )
        .expect("left");
    let state = households.load(&household.stream()).expect("loads").state;
    assert_eq!(
        state.members_on(date(2012, 1, 1)).collect::<Vec<_>>(),
        vec![parent]
    );
    assert_eq!(
        state.members_on(date(2024, 2, 29)).collect::<Vec<_>>(),
        vec![parent, child]
    );
    assert_eq!(
        state.members_on(date(2024, 3, 1)).collect::<Vec<_>>(),
        vec![child]
    );
    assert_eq!(
        state.memberships()[0],
        Membership {
            member: parent,
            from: date(2010, 1, 1),
            left: Some(date(2024, 3, 1))
        }
    );
}

#[test]
fn a_household_not_formed_takes_no_members() {
    let (_, households) = repos();
    let household = HouseholdId::new();
    let join = HouseholdCommand::Join {
        member: Member::Carer(CarerId::new()),
        from: date(2020, 1, 1),
    };
    assert_eq!(
        domain(refused(&households, household, &join, &hub())),
        CaseError::UnknownHousehold
    );
    // Forming one household on another's stream is refused before deciding.
    assert!(matches!(
        refused(
            &households,
            household,
            &HouseholdCommand::Form {
                household: HouseholdId::new()
            },
            &hub()
        ),
        RepoError::WrongStream { .. }
    ));
}

#[test]
fn the_young_carers_of_a_household_are_its_carers_under_18_today() {
    let (cases, households) = repos();
    let household = formed(&households);
    let mother = carer_born(&cases, date(1980, 1, 1));
    let daughter = carer_born(&cases, date(2012, 9, 1));
    let son_who_left = carer_born(&cases, date(2013, 9, 1));
    for (carer, from) in [
        (mother, date(2005, 1, 1)),
        (daughter, date(2012, 9, 1)),
        (son_who_left, date(2013, 9, 1)),
    ] {
        join(&households, household, Member::Carer(carer), from);
    }
    let grandmother = CaredForId::new();
    join(
        &households,
        household,
        Member::CaredFor(grandmother),
        date(2005, 1, 1),
    );
    // Each of them cares for the grandmother, but only the daughter is under 18
    // and still living there; a child who is not caring is no young carer.
    for carer in [mother, daughter, son_who_left] {
        cases
            .execute(
                &carer.stream(),
                &CaseCommand::AddCaringRole(new_role(grandmother, date(1940, 1, 1))),
                &hub(),
                None,
            )
            .expect("role added");
    }
    let not_caring = carer_born(&cases, date(2014, 1, 1));
    join(
        &households,
        household,
        Member::Carer(not_caring),
        date(2014, 1, 1),
    );
    households
        .execute(
            &household.stream(),
            &HouseholdCommand::Leave {
                member: Member::Carer(son_who_left),
                on: date(2025, 1, 1),
            },
            &hub(),
            None,
        )
        .expect("left");
    let state = households
        .read(&household.stream(), &asc(), ReadPurpose::Casework)
        .expect("reads")
        .state;
    assert_eq!(
        young_carers(&cases, &state, &asc()).expect("reads each case"),
        vec![daughter]
    );
    // Each case was read, and the read audited.
    let reads = cases
        .reads_of(&daughter.stream(), &hub_manager())
        .expect("reads");
    assert_eq!(reads.len(), 1);
    assert_eq!(reads[0].actor.organisation.as_str(), "adult-social-care");
}

#[test]
fn young_carers_is_refused_rather_than_leaving_out_a_case_the_actor_may_not_read() {
    let (cases, households) = repos();
    let household = formed(&households);
    let child = carer_born(&cases, date(2012, 9, 1));
    join(
        &households,
        household,
        Member::Carer(child),
        date(2012, 9, 1),
    );
    let state = households.load(&household.stream()).expect("loads").state;
    // The Children's Trust keeps households, but reads a case only once referred.
    let trust = Context::new(
        Actor::new("ct-1", "childrens-trust", "social-worker"),
        now(),
    );
    assert!(
        households
            .read(&household.stream(), &trust, ReadPurpose::Casework)
            .is_ok()
    );
    assert!(matches!(
        young_carers(&cases, &state, &trust),
        Err(RepoError::Denied(_))
    ));
    // A member with no case is reported, not left out.
    let household = formed(&households);
    join(
        &households,
        household,
        Member::Carer(CarerId::new()),
        date(2020, 1, 1),
    );
    let state = households.load(&household.stream()).expect("loads").state;
    assert!(matches!(
        young_carers(&cases, &state, &asc()),
        Err(RepoError::Domain(CaseError::NotIdentified))
    ));
    // The NHS keeps no households.
    let gp = Context::new(Actor::new("gp-1", "gp-practice", "clinician"), now());
    let join = HouseholdCommand::Join {
        member: Member::Carer(CarerId::new()),
        from: date(2020, 1, 1),
    };
    assert!(matches!(
        refused(&households, household, &join, &gp),
        RepoError::Denied(_)
    ));
}

mod membership_law {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Who lives in a household: a person joins once at a time, leaves no
        /// earlier than they joined, and their stays never overlap. Any sequence of
        /// joining and leaving is accepted or refused exactly as a model says (a
        /// refusal appends nothing), and `members_on` agrees with it on every day.
        #[test]
        fn membership_follows_its_law(
            steps in proptest::collection::vec((0..3usize, 0..60u32, any::<bool>()), 1..24)
        ) {
            let (_, households) = repos();
            let household = formed(&households);
            let people = [
                Member::Carer(CarerId::new()),
                Member::Carer(CarerId::new()),
                Member::CaredFor(CaredForId::new()),
            ];
            let day = |d: u32| date(2025, 1, 1) + chrono::Duration::days(i64::from(d));
            let mut model: Vec<Vec<(u32, Option<u32>)>> = vec![Vec::new(); 3];
            for (p, d, joins) in steps {
                let log_before = households.store().read_all(1, usize::MAX).expect("log").len();
                let (command, expected) = if joins {
                    let open = model[p].iter().any(|(_, left)| left.is_none());
                    let last = model[p].iter().filter_map(|(_, left)| *left).max();
                    let expected = if open {
                        Err(CaseError::AlreadyAMember)
                    } else if last.is_some_and(|l| d < l) {
                        Err(CaseError::LinksOverlap)
                    } else {
                        model[p].push((d, None));
                        Ok(())
                    };
                    (HouseholdCommand::Join { member: people[p], from: day(d) }, expected)
                } else {
                    let expected = match model[p].iter_mut().find(|(_, left)| left.is_none()) {
                        None => Err(CaseError::UnknownMember),
                        Some((from, _)) if d < *from => Err(CaseError::DateBeforeLink),
                        Some(stay) => {
                            stay.1 = Some(d);
                            Ok(())
                        }
                    };
                    (HouseholdCommand::Leave { member: people[p], on: day(d) }, expected)
                };
                let got = households
                    .execute(&household.stream(), &command, &hub(), None)
                    .map(|_| ())
                    .map_err(domain);
                prop_assert_eq!(&got, &expected, "{:?}", command);
                if got.is_err() {
                    let after = households.store().read_all(1, usize::MAX).expect("log").len();
                    prop_assert_eq!(after, log_before, "a refusal appended");
                }
            }
            let state = households.load(&household.stream()).expect("loads").state;
            for d in 0..62 {
                let mut expected: Vec<Member> = (0..3)
                    .filter(|p| model[*p].iter().any(|(from, left)| *from <= d && left.is_none_or(|l| d < l)))
                    .map(|p| people[p])
                    .collect();
                expected.sort();
                let mut got: Vec<Member> = state.members_on(day(d)).collect();
                got.sort();
                prop_assert_eq!(got, expected, "day {}", d);
            }
        }
    }
}
