//! [`PostgresStore`]: the store traits on the tables of [`crate::schema`].

use std::sync::Arc;

use carers_core::es::key_record;
use carers_core::es::seal::{DataKey, KeyState, KeyStore};
use carers_core::es::{
    AppendResult, CheckpointStore, EventStore, ExpectedVersion, Fingerprint, Idempotency,
    IdempotencyKey, KeyedAppend, Metadata, NewEvent, RecordedEvent, Snapshot, SnapshotStore,
    StoreError, StreamId,
};
use postgres::NoTls;
use r2d2_postgres::PostgresConnectionManager;

use crate::config::Config;
use crate::error::{db, out_of_range, pool};
use crate::schema;
use crate::tail::{self, Tail};

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;
type Connection = r2d2::PooledConnection<PostgresConnectionManager<NoTls>>;

/// A store on PostgreSQL, shared by every process that opens the same
/// database and schema. Cheap to clone (one pool).
#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
    kek: Option<Arc<DataKey>>,
    /// How to open a connection of its own (for a [`Tail`]).
    pg: postgres::Config,
    schema: String,
    /// The channel appends notify ([`crate::tail`]).
    channel: String,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

/// Sets each pooled connection's `search_path` to the store's schema.
#[derive(Debug)]
struct InSchema(String);

impl r2d2::CustomizeConnection<postgres::Client, postgres::Error> for InSchema {
    fn on_acquire(&self, client: &mut postgres::Client) -> Result<(), postgres::Error> {
        client.batch_execute(&format!("set search_path to {}", self.0))
    }
}

fn i64_of(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Backend("a position or version past i64".into()))
}

fn u64_of(n: i64, what: &'static str) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| out_of_range(what))
}

impl PostgresStore {
    /// Connects to the database at `url` ([`Config::new`]'s defaults) and
    /// migrates its schema.
    ///
    /// # Errors
    /// `Unavailable` when the server cannot be reached; `UnsupportedFormat` when
    /// the schema was migrated by newer code; `Backend` for an invalid URL or
    /// schema name, or another failure of the server.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        Self::open(Config::new(url))
    }

    /// Opens the store `config` describes, creating and migrating its schema.
    ///
    /// # Errors
    /// As [`connect`](Self::connect).
    pub fn open(config: Config) -> Result<Self, StoreError> {
        if !schema::valid_name(&config.schema) {
            return Err(StoreError::Backend(
                "a schema name is lower-case letters, digits and _".into(),
            ));
        }
        let pg: postgres::Config = config
            .url
            .parse()
            .map_err(|_| StoreError::Backend("the PostgreSQL URL does not parse".into()))?;
        let mut pg = pg;
        pg.connect_timeout(config.connect_timeout);
        let manager = PostgresConnectionManager::new(pg.clone(), NoTls);
        let pool = r2d2::Pool::builder()
            .max_size(config.pool_size)
            .min_idle(Some(0))
            .connection_timeout(config.connect_timeout)
            .connection_customizer(Box::new(InSchema(config.schema.clone())))
            .build_unchecked(manager);
        let store = Self {
            pool,
            kek: config.key_encryption_key.map(Arc::new),
            pg,
            channel: tail::channel(&config.schema),
            schema: config.schema,
        };
        let mut client = store.client()?;
        schema::migrate(&mut client, &store.schema)?;
        drop(client);
        Ok(store)
    }

    /// A live tail of this store's log, on a connection of its own: it wakes
    /// when any process commits an append, with no polling while idle.
    ///
    /// # Errors
    /// `Unavailable` when the server cannot be reached.
    pub fn tail(&self) -> Result<Tail, StoreError> {
        let client = self.pg.connect(NoTls).map_err(db)?;
        Tail::listen(client, &self.schema)
    }

    fn client(&self) -> Result<Connection, StoreError> {
        self.pool.get().map_err(pool)
    }

    fn kek(&self) -> Option<&DataKey> {
        self.kek.as_deref()
    }
}

const SELECT_EVENT: &str = "select stream, version, position, event_id, event_type,
    schema_version, payload, recorded_at, metadata from events";

fn recorded(row: &postgres::Row) -> Result<RecordedEvent, StoreError> {
    let position = u64_of(row.get(2), "event position")?;
    let corrupt = || StoreError::Corrupt { position };
    let stream = StreamId::parse(row.get::<_, String>(0)).map_err(|_| corrupt())?;
    let version = u64::try_from(row.get::<_, i64>(1)).map_err(|_| corrupt())?;
    let schema_version = u16::try_from(row.get::<_, i32>(5)).map_err(|_| corrupt())?;
    let metadata: Metadata =
        serde_json::from_slice(row.get::<_, &[u8]>(8)).map_err(|_| corrupt())?;
    let event = NewEvent {
        event_id: row.get(3),
        event_type: Arc::from(row.get::<_, &str>(4)),
        schema_version,
        payload: row.get(6),
        recorded_at: row.get(7),
        metadata,
    };
    Ok(RecordedEvent::new(stream, version, position, event))
}

fn keyed(row: &postgres::Row) -> Result<KeyedAppend, StoreError> {
    let corrupt = || StoreError::CorruptRecord {
        what: "idempotency key",
    };
    let fingerprint: [u8; 32] = row.get::<_, &[u8]>(0).try_into().map_err(|_| corrupt())?;
    let n = |i: usize| u64::try_from(row.get::<_, i64>(i)).map_err(|_| corrupt());
    Ok(KeyedAppend {
        append: AppendResult {
            stream: StreamId::parse(row.get::<_, String>(1)).map_err(|_| corrupt())?,
            first_version: n(2)?,
            last_version: n(3)?,
            first_position: n(4)?,
            last_position: n(5)?,
        },
        fingerprint: Fingerprint(fingerprint),
    })
}

const SELECT_KEY: &str = "select fingerprint, stream, first_version, last_version,
    first_position, last_position from idempotency where key = $1";

impl EventStore for PostgresStore {
    fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
        idempotency: Option<&Idempotency>,
    ) -> Result<AppendResult, StoreError> {
        if events.is_empty() {
            return Err(StoreError::EmptyAppend);
        }
        let _span = tracing::debug_span!("append", %stream, events = events.len()).entered();
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(db)?;
        // The log's head, locked for the transaction: appends commit one at a
        // time, so positions are gap-free and given in commit order.
        let head: i64 = tx
            .query_one("select position from log_head where id = 1 for update", &[])
            .map_err(db)?
            .get(0);
        let head = u64_of(head, "log head")?;
        if let Some(idem) = idempotency
            && let Some(row) = tx
                .query_opt(SELECT_KEY, &[&idem.key.as_str()])
                .map_err(db)?
        {
            return keyed(&row)?.answer(stream, idem.fingerprint);
        }
        let actual = tx
            .query_opt(
                "select version from streams where stream = $1",
                &[&stream.as_str()],
            )
            .map_err(db)?
            .map_or(Ok(0), |row| u64_of(row.get(0), "stream version"))?;
        if !expected.admits(actual) {
            return Err(StoreError::WrongExpectedVersion {
                stream: stream.clone(),
                expected,
                actual,
            });
        }
        let count = events.len() as u64;
        let insert = tx
            .prepare(
                "insert into events (position, stream, version, event_id, event_type,
                 schema_version, payload, recorded_at, metadata)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .map_err(db)?;
        for (i, event) in events.iter().enumerate() {
            let i = i as u64;
            let metadata = serde_json::to_vec(&event.metadata)
                .map_err(|e| StoreError::Backend(Box::new(e)))?;
            tx.execute(
                &insert,
                &[
                    &i64_of(head + 1 + i)?,
                    &stream.as_str(),
                    &i64_of(actual + 1 + i)?,
                    &event.event_id,
                    &&*event.event_type,
                    &i32::from(event.schema_version),
                    &event.payload,
                    &event.recorded_at,
                    &metadata,
                ],
            )
            .map_err(db)?;
        }
        let result = AppendResult {
            stream: stream.clone(),
            first_version: actual + 1,
            last_version: actual + count,
            first_position: head + 1,
            last_position: head + count,
        };
        tx.execute(
            "insert into streams (stream, version) values ($1, $2)
             on conflict (stream) do update set version = excluded.version",
            &[&stream.as_str(), &i64_of(result.last_version)?],
        )
        .map_err(db)?;
        tx.execute(
            "update log_head set position = $1 where id = 1",
            &[&i64_of(result.last_position)?],
        )
        .map_err(db)?;
        if let Some(idem) = idempotency {
            tx.execute(
                "insert into idempotency (key, fingerprint, stream, first_version,
                 last_version, first_position, last_position)
                 values ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &idem.key.as_str(),
                    &&idem.fingerprint.0[..],
                    &stream.as_str(),
                    &i64_of(result.first_version)?,
                    &i64_of(result.last_version)?,
                    &i64_of(result.first_position)?,
                    &i64_of(result.last_position)?,
                ],
            )
            .map_err(db)?;
        }
        // Delivered to every tail at commit, and only if it commits.
        tx.execute(
            "select pg_notify($1, $2)",
            &[&self.channel, &result.last_position.to_string()],
        )
        .map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(result)
    }

    fn idempotent_result(&self, key: &IdempotencyKey) -> Result<Option<KeyedAppend>, StoreError> {
        let mut client = self.client()?;
        client
            .query_opt(SELECT_KEY, &[&key.as_str()])
            .map_err(db)?
            .map(|row| keyed(&row))
            .transpose()
    }

    fn read_stream(
        &self,
        stream: &StreamId,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut client = self.client()?;
        let rows = client
            .query(
                &format!(
                    "{SELECT_EVENT} where stream = $1 and version >= $2 order by version limit $3"
                ),
                &[&stream.as_str(), &i64_of(from_version)?, &limit],
            )
            .map_err(db)?;
        rows.iter().map(recorded).collect()
    }

    fn read_all(&self, from_position: u64, limit: usize) -> Result<Vec<RecordedEvent>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut client = self.client()?;
        let rows = client
            .query(
                &format!("{SELECT_EVENT} where position >= $1 order by position limit $2"),
                &[&i64_of(from_position)?, &limit],
            )
            .map_err(db)?;
        rows.iter().map(recorded).collect()
    }

    fn stream_version(&self, stream: &StreamId) -> Result<u64, StoreError> {
        let mut client = self.client()?;
        client
            .query_opt(
                "select version from streams where stream = $1",
                &[&stream.as_str()],
            )
            .map_err(db)?
            .map_or(Ok(0), |row| u64_of(row.get(0), "stream version"))
    }

    fn head_position(&self) -> Result<u64, StoreError> {
        let mut client = self.client()?;
        let row = client
            .query_one("select position from log_head where id = 1", &[])
            .map_err(db)?;
        u64_of(row.get(0), "log head")
    }
}

impl SnapshotStore for PostgresStore {
    fn save_snapshot(&self, stream: &StreamId, snapshot: &Snapshot) -> Result<(), StoreError> {
        let mut client = self.client()?;
        client
            .execute(
                "insert into snapshots (stream, version, schema, state) values ($1, $2, $3, $4)
                 on conflict (stream) do update
                 set version = excluded.version, schema = excluded.schema, state = excluded.state",
                &[
                    &stream.as_str(),
                    &i64_of(snapshot.version)?,
                    &i64::from(snapshot.schema),
                    &snapshot.state,
                ],
            )
            .map_err(db)?;
        Ok(())
    }

    fn load_snapshot(&self, stream: &StreamId) -> Result<Option<Snapshot>, StoreError> {
        let mut client = self.client()?;
        let Some(row) = client
            .query_opt(
                "select version, schema, state from snapshots where stream = $1",
                &[&stream.as_str()],
            )
            .map_err(db)?
        else {
            return Ok(None);
        };
        let corrupt = || StoreError::CorruptRecord { what: "snapshot" };
        Ok(Some(Snapshot {
            version: u64::try_from(row.get::<_, i64>(0)).map_err(|_| corrupt())?,
            schema: u32::try_from(row.get::<_, i64>(1)).map_err(|_| corrupt())?,
            state: row.get(2),
        }))
    }
}

impl CheckpointStore for PostgresStore {
    fn save_checkpoint(&self, projection: &str, position: u64) -> Result<(), StoreError> {
        let mut client = self.client()?;
        client
            .execute(
                "insert into checkpoints (projection, position) values ($1, $2)
                 on conflict (projection) do update set position = excluded.position",
                &[&projection, &i64_of(position)?],
            )
            .map_err(db)?;
        Ok(())
    }

    fn load_checkpoint(&self, projection: &str) -> Result<Option<u64>, StoreError> {
        let mut client = self.client()?;
        client
            .query_opt(
                "select position from checkpoints where projection = $1",
                &[&projection],
            )
            .map_err(db)?
            .map(|row| u64_of(row.get(0), "checkpoint"))
            .transpose()
    }
}

impl KeyStore for PostgresStore {
    fn data_key(&self, subject: &StreamId) -> Result<DataKey, StoreError> {
        let destroyed = || StoreError::KeyDestroyed {
            subject: subject.clone(),
        };
        match self.key_state(subject)? {
            Some(KeyState::Active(key)) => return Ok(key),
            Some(KeyState::Destroyed) => return Err(destroyed()),
            None => {}
        }
        // Made here unless another process made one first: theirs is kept,
        // and read back, so every process seals with the same key.
        let key = DataKey::generate();
        let value = key_record::encode(&key, self.kek());
        let mut client = self.client()?;
        client
            .execute(
                "insert into data_keys (subject, value) values ($1, $2)
                 on conflict (subject) do nothing",
                &[&subject.as_str(), &value.as_slice()],
            )
            .map_err(db)?;
        drop(client);
        match self.key_state(subject)? {
            Some(KeyState::Active(key)) => Ok(key),
            Some(KeyState::Destroyed) => Err(destroyed()),
            None => Err(StoreError::CorruptRecord { what: "data key" }),
        }
    }

    fn key_state(&self, subject: &StreamId) -> Result<Option<KeyState>, StoreError> {
        let mut client = self.client()?;
        client
            .query_opt(
                "select value from data_keys where subject = $1",
                &[&subject.as_str()],
            )
            .map_err(db)?
            .map(|row| key_record::decode(row.get::<_, &[u8]>(0), self.kek()))
            .transpose()
    }

    fn destroy_key(&self, subject: &StreamId) -> Result<(), StoreError> {
        let mut client = self.client()?;
        client
            .execute(
                "insert into data_keys (subject, value) values ($1, $2)
                 on conflict (subject) do update set value = excluded.value",
                &[&subject.as_str(), &&key_record::DESTROYED_RECORD[..]],
            )
            .map_err(db)?;
        Ok(())
    }
}
