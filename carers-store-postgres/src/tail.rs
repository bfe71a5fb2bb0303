//! A live tail of the log: `LISTEN` on the store's channel, to which every
//! append sends its last position (`NOTIFY` inside the append's transaction,
//! so it is delivered at commit, and only then). A projection waits on it
//! instead of polling while the store is idle.

use std::time::Duration;

use carers_core::es::StoreError;
use postgres::fallible_iterator::FallibleIterator;

use crate::error::db;

/// The channel a store's appends notify: one per schema.
pub(crate) fn channel(schema: &str) -> String {
    format!("carers_appended_{schema}")
}

/// A connection that listens for appends to one store (from any process).
/// Made by [`PostgresStore::tail`](crate::PostgresStore::tail).
pub struct Tail {
    client: postgres::Client,
}

impl std::fmt::Debug for Tail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tail").finish_non_exhaustive()
    }
}

impl Tail {
    pub(crate) fn listen(mut client: postgres::Client, schema: &str) -> Result<Self, StoreError> {
        client
            .batch_execute(&format!("listen {}", channel(schema)))
            .map_err(db)?;
        Ok(Self { client })
    }

    /// Waits up to `timeout` for appends committed since the last call (or
    /// since the tail was made), and gives the highest last position they
    /// notified; `None` when none came. Blocks on the connection, without
    /// polling. Read the log from your checkpoint after a wake-up: a
    /// notification says only that the log grew.
    ///
    /// # Errors
    /// `Unavailable` when the connection is lost (make a new tail, then read
    /// from your checkpoint: appends made meanwhile were not notified to it).
    pub fn wait(&mut self, timeout: Duration) -> Result<Option<u64>, StoreError> {
        let highest = {
            let mut notifications = self.client.notifications();
            let first = notifications.timeout_iter(timeout).next().map_err(db)?;
            first.map(|first| {
                let mut highest = first.payload().parse::<u64>().ok();
                // Whatever else has arrived already, without waiting again.
                let mut rest = notifications.iter();
                while let Ok(Some(more)) = rest.next() {
                    highest = highest.max(more.payload().parse::<u64>().ok());
                }
                highest
            })
        };
        if self.client.is_closed() {
            return Err(StoreError::Unavailable {
                reason: "the connection to PostgreSQL was lost",
            });
        }
        Ok(highest.flatten())
    }
}
