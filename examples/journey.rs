//! The main job. For now: a tiny aggregate executed on an embedded sled store in a
//! temporary directory, its events read back from the global log after a reopen.
//! (It becomes the full caring journey as the domain lands.)

use carers::es::{Actor, Aggregate, Context, DomainEvent, EventStore, GlobalLog, Repository};
use carers::sled_store::SledStore;
use serde::{Deserialize, Serialize};

/// Contacts with a carer, counted: enough to show decide -> append -> fold.
#[derive(Clone, Default, Serialize, Deserialize)]
struct Contacts {
    made: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum ContactEvent {
    ContactMade { minutes: u32 },
}
impl DomainEvent for ContactEvent {}

#[derive(Debug, thiserror::Error)]
#[error("a contact lasts at least a minute")]
struct TooShort;

impl Aggregate for Contacts {
    type Command = u32;
    type Event = ContactEvent;
    type Error = TooShort;
    const CATEGORY: &'static str = "contacts";

    fn decide(&self, minutes: &u32, _ctx: &Context) -> Result<Vec<ContactEvent>, TooShort> {
        if *minutes == 0 {
            return Err(TooShort);
        }
        Ok(vec![ContactEvent::ContactMade { minutes: *minutes }])
    }

    fn apply(&mut self, _event: &ContactEvent) {
        self.made += 1;
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let repo = Repository::<Contacts, _>::new(SledStore::open(dir.path())?);
    let stream = Repository::<Contacts, SledStore>::stream_of(uuid::Uuid::now_v7());
    let ctx = Context::new(
        Actor::new("staff-1", "carers-hub", "worker"),
        chrono::Utc::now(),
    );
    for minutes in [20, 45] {
        repo.execute(&stream, &minutes, &ctx, None)?;
    }
    let refused = repo.execute(&stream, &0, &ctx, None);
    println!("a zero-minute contact is refused: {}", refused.is_err());
    drop(repo);
    let repo = Repository::<Contacts, _>::new(SledStore::open(dir.path())?);
    println!("reopened the store in {}", dir.path().display());
    for event in GlobalLog::new(repo.store(), 1, 100) {
        let event = event?;
        println!(
            "position {} version {}: {}",
            event.position, event.version, event.event_type
        );
    }
    println!("contacts made: {}", repo.load(&stream)?.state.made);
    assert_eq!(repo.store().head_position()?, 2);
    Ok(())
}
