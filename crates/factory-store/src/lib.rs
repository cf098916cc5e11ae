//! The factory's database. SQLite at `.factory/factory.db` by default (WAL, busy timeout,
//! foreign keys on), with embedded versioned migrations applied on open.
//!
//! This is the only crate that speaks SQL. Queries are runtime queries with `$N` placeholders
//! and times are RFC 3339 text, so the same statements can serve Postgres later. A database
//! written by a newer factory is refused, never migrated down or guessed at.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod graph;
mod migrate;
mod runs;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::Row;

pub use migrate::{LATEST_VERSION, MIGRATIONS};
pub use runs::{ArtifactRecord, EventRecord, RunRecord, StepRecord};

/// A store failure, naming the database it concerns.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("could not open the database {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error(
        "the database {path} was written by a newer factory (schema version {found}, this factory knows up to {known}); \
         upgrade factory, or point --home at another factory home"
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("migration {version} ({name}) failed on {path}: {source}")]
    Migration { path: PathBuf, version: i64, name: &'static str, source: sqlx::Error },
    #[error("database error on {path}: {source}")]
    Query { path: PathBuf, source: sqlx::Error },
    #[error("could not create the folder {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the database {path} holds data this factory cannot read ({reason}); run `factory brain scan` to rebuild the brain")]
    Corrupt { path: PathBuf, reason: String },
}

/// How many rows each part of the store holds; `current` counts exclude closed facts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StoreCounts {
    pub nodes: i64,
    /// Current relationships, one per (from, kind, to) however many sources support it.
    pub edges: i64,
    pub fact_versions: i64,
    pub runs: i64,
    pub steps: i64,
    pub events: i64,
    pub artifacts: i64,
}

/// An open store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the SQLite database at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io { path: parent.to_path_buf(), source })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            // A scan writes its facts and graph in a few dozen transactions: checkpointing at
            // SQLite's default (every 1,000 pages, 4 MB) copied them into the database and
            // synced it several times a scan; at 64 MB, once, when the store closes.
            .pragma("wal_autocheckpoint", "16384")
            // The graph's transaction dirties more pages than SQLite's default 2 MB cache holds:
            // spilled to the log mid-transaction, they were written there again at commit.
            .pragma("cache_size", "-32768");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        let store = Self { pool, path: path.to_path_buf() };
        migrate::apply(&store.pool, &store.path).await?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version this database is at.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        migrate::current_version(&self.pool, &self.path).await
    }

    /// The size in bytes of the database and its write-ahead log.
    pub fn size_bytes(&self) -> u64 {
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        [self.path.clone(), PathBuf::from(wal)]
            .iter()
            .filter_map(|path| std::fs::metadata(path).ok())
            .map(|metadata| metadata.len())
            .sum()
    }

    pub async fn counts(&self) -> Result<StoreCounts, StoreError> {
        let row = sqlx::query(
            "SELECT
                (SELECT COUNT(DISTINCT ref) FROM nodes WHERE valid_to IS NULL AND retracted_at IS NULL) AS nodes,
                (SELECT COUNT(*) FROM (SELECT DISTINCT from_ref, kind, to_ref FROM edges WHERE valid_to IS NULL AND retracted_at IS NULL)) AS edges,
                (SELECT COUNT(*) FROM nodes) + (SELECT COUNT(*) FROM edges) AS fact_versions,
                (SELECT COUNT(*) FROM runs) AS runs,
                (SELECT COUNT(*) FROM steps) AS steps,
                (SELECT COUNT(*) FROM events) AS events,
                (SELECT COUNT(*) FROM artifacts) AS artifacts",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|source| self.query_error(source))?;
        Ok(StoreCounts {
            nodes: row.get("nodes"),
            edges: row.get("edges"),
            fact_versions: row.get("fact_versions"),
            runs: row.get("runs"),
            steps: row.get("steps"),
            events: row.get("events"),
            artifacts: row.get("artifacts"),
        })
    }

    /// Copies what the write-ahead log holds into the database without waiting for readers
    /// or blocking writers (SQLite's passive checkpoint): run beside other work, it leaves
    /// [`Store::close`]'s checkpoint only what was written after it.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&self.pool).await.map(|_| ()).map_err(|source| self.query_error(source))
    }

    /// Closes the pool, checkpointing the write-ahead log.
    pub async fn close(self) {
        self.pool.close().await;
    }

    pub(crate) fn query_error(&self, source: sqlx::Error) -> StoreError {
        StoreError::Query { path: self.path.clone(), source }
    }

    /// The pool, for this crate's repositories.
    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// Now, as the RFC 3339 UTC text every table stores.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}
