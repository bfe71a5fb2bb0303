//! The store's tables, as versioned migrations applied on open.
//!
//! `meta` holds the schema's version; a database at a version above
//! [`SUPPORTED`] was migrated by newer code and is refused. Migrations run in
//! one transaction under an advisory lock, so instances opening together
//! migrate once and never see half a schema.

use carers_core::es::StoreError;

use crate::error::db;

/// The schema version this code reads and writes.
pub(crate) const SUPPORTED: u32 = 1;

/// Each migration, in order: migration `n` (from 1) takes the schema from
/// version `n - 1` to `n`.
const MIGRATIONS: [&str; 1] = [r#"
    create table events (
        position       bigint primary key,
        stream         text not null,
        version        bigint not null,
        event_id       uuid not null,
        event_type     text not null,
        schema_version integer not null,
        payload        bytea not null,
        recorded_at    timestamptz not null,
        metadata       bytea not null,
        unique (stream, version)
    );
    create table streams (
        stream  text primary key,
        version bigint not null
    );
    create table log_head (
        id       integer primary key check (id = 1),
        position bigint not null
    );
    insert into log_head (id, position) values (1, 0);
    create table idempotency (
        key            text primary key,
        fingerprint    bytea not null,
        stream         text not null,
        first_version  bigint not null,
        last_version   bigint not null,
        first_position bigint not null,
        last_position  bigint not null
    );
    create table snapshots (
        stream  text primary key,
        version bigint not null,
        schema  bigint not null,
        state   bytea not null
    );
    create table checkpoints (
        projection text primary key,
        position   bigint not null
    );
    create table data_keys (
        subject text primary key,
        value   bytea not null
    );
"#];

/// Whether `schema` is a plain lower-case identifier (so it needs no quoting
/// and can be put into `search_path`).
pub(crate) fn valid_name(schema: &str) -> bool {
    let mut chars = schema.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && schema.len() <= 63
}

/// Creates `schema` if need be and brings it to [`SUPPORTED`].
pub(crate) fn migrate(client: &mut postgres::Client, schema: &str) -> Result<(), StoreError> {
    let mut tx = client.transaction().map_err(db)?;
    // One migrator at a time, across processes (the key is the schema's name).
    tx.execute(
        "select pg_advisory_xact_lock(hashtext('carers-migrate:' || $1))",
        &[&schema],
    )
    .map_err(db)?;
    tx.batch_execute(&format!(
        "create schema if not exists {schema};
         set local search_path to {schema};
         create table if not exists meta (key text primary key, value text not null);"
    ))
    .map_err(db)?;
    let found: u32 = match tx
        .query_opt("select value from meta where key = 'schema_version'", &[])
        .map_err(db)?
    {
        None => 0,
        Some(row) => row
            .get::<_, String>(0)
            .parse()
            .map_err(|_| StoreError::CorruptRecord {
                what: "schema version",
            })?,
    };
    if found > SUPPORTED {
        return Err(StoreError::UnsupportedFormat {
            found,
            supported: SUPPORTED,
        });
    }
    for migration in MIGRATIONS.iter().skip(found as usize) {
        tx.batch_execute(migration).map_err(db)?;
    }
    tx.execute(
        "insert into meta (key, value) values ('schema_version', $1)
         on conflict (key) do update set value = excluded.value",
        &[&SUPPORTED.to_string()],
    )
    .map_err(db)?;
    tx.commit().map_err(db)
}
