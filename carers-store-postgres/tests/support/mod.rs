//! Where the tests find PostgreSQL, and a fresh schema for each store they open.
//!
//! `CARERS_TEST_DATABASE_URL` if set; else the local server
//! (`postgres://postgres@127.0.0.1:5432/test`). With neither reachable the
//! tests say how to get one and pass without running, except under
//! `CI=true`, where they fail.
#![allow(dead_code)]

use std::process::Command;
use std::sync::Mutex;

use carers_store_postgres::{Config, PostgresStore};

const LOCAL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The database URL the tests use, if one answers.
pub fn database_url() -> Option<String> {
    let url = std::env::var("CARERS_TEST_DATABASE_URL").unwrap_or_else(|_| LOCAL.into());
    match postgres::Client::connect(&url, postgres::NoTls) {
        Ok(_) => Some(url),
        Err(e) => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(
                !ci,
                "CI=true and no PostgreSQL at the test URL: {e} \
                 (set CARERS_TEST_DATABASE_URL, or run PostgreSQL on 127.0.0.1:5432)"
            );
            eprintln!(
                "skipped: no PostgreSQL ({e}). Run one on 127.0.0.1:5432 with trust auth and a \
                 database `test`, or set CARERS_TEST_DATABASE_URL=postgres://…"
            );
            None
        }
    }
}

/// The variables a parent test gives the child process it starts: the schema
/// and the database URL to open.
const CHILD_SCHEMA: &str = "CARERS_PG_CHILD_SCHEMA";
const CHILD_URL: &str = "CARERS_PG_CHILD_URL";

/// In a child process started by [`Fresh::child`]: the schema and URL to
/// open; `None` when this test runs on its own (it then does nothing).
pub fn child_store() -> Option<(String, String)> {
    Some((
        std::env::var(CHILD_SCHEMA).ok()?,
        std::env::var(CHILD_URL).ok()?,
    ))
}

/// Fresh stores, each in a schema of its own, all dropped with this.
pub struct Fresh {
    url: String,
    made: Mutex<Vec<String>>,
}

impl Fresh {
    /// `None` (the test skipped) when there is no PostgreSQL.
    pub fn new() -> Option<Self> {
        Some(Self {
            url: database_url()?,
            made: Mutex::new(Vec::new()),
        })
    }

    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A new schema's name, dropped with this.
    pub fn schema(&self) -> String {
        let name = format!("carers_test_{}", uuid::Uuid::now_v7().simple());
        self.made.lock().expect("not poisoned").push(name.clone());
        name
    }

    /// The store in `schema` (another instance of it, if already opened).
    pub fn open(&self, schema: &str) -> PostgresStore {
        PostgresStore::open(Config::new(&self.url).schema(schema)).expect("open the store")
    }

    /// This test binary again, running only the ignored test `test`, to open
    /// the store in `schema` ([`child_store`]).
    pub fn child(&self, test: &str, schema: &str) -> Command {
        let exe = std::env::current_exe().expect("test binary path");
        let mut command = Command::new(exe);
        command
            .args([test, "--exact", "--ignored", "--nocapture"])
            .env(CHILD_SCHEMA, schema)
            .env(CHILD_URL, &self.url);
        command
    }

    /// A store in a new schema.
    pub fn store(&self) -> PostgresStore {
        PostgresStore::open(Config::new(&self.url).schema(self.schema()).pool_size(4))
            .expect("open a store in a fresh schema")
    }
}

impl Drop for Fresh {
    fn drop(&mut self) {
        let Ok(mut client) = postgres::Client::connect(&self.url, postgres::NoTls) else {
            return;
        };
        for schema in self.made.lock().map(|m| m.clone()).unwrap_or_default() {
            let _ = client.batch_execute(&format!("drop schema if exists {schema} cascade"));
        }
    }
}
