//! Embedded, versioned migrations. Each runs once, in its own transaction, in order.

use std::path::Path;

use sqlx::sqlite::SqlitePool;
use sqlx::Row;

use crate::StoreError;

/// Every migration this factory knows, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "init", include_str!("../migrations/0001_init.sql")),
    (2, "search", include_str!("../migrations/0002_search.sql")),
    (3, "brain_scan", include_str!("../migrations/0003_brain_scan.sql")),
    (4, "scanned_facts", include_str!("../migrations/0004_scanned_facts.sql")),
    (5, "repo_files", include_str!("../migrations/0005_repo_files.sql")),
    (6, "drop_unused_indexes", include_str!("../migrations/0006_drop_unused_indexes.sql")),
];

/// The schema version a database has once every migration is applied.
pub const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(crate) async fn current_version(pool: &SqlitePool, path: &Path) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations")
        .fetch_one(pool)
        .await
        .map_err(|source| StoreError::Query { path: path.to_path_buf(), source })?;
    Ok(row.get("version"))
}

pub(crate) async fn apply(pool: &SqlitePool, path: &Path) -> Result<(), StoreError> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )",
    )
    .execute(pool)
    .await
    .map_err(|source| StoreError::Query { path: path.to_path_buf(), source })?;

    let found = current_version(pool, path).await?;
    if found > LATEST_VERSION {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found, known: LATEST_VERSION });
    }
    for &(version, name, sql) in MIGRATIONS.iter().filter(|(version, _, _)| *version > found) {
        let migration_error = |source| StoreError::Migration { path: path.to_path_buf(), version, name, source };
        let mut transaction = pool.begin().await.map_err(migration_error)?;
        sqlx::raw_sql(sql).execute(&mut *transaction).await.map_err(migration_error)?;
        sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind(version)
            .bind(name)
            .bind(crate::now_rfc3339())
            .execute(&mut *transaction)
            .await
            .map_err(migration_error)?;
        transaction.commit().await.map_err(migration_error)?;
        tracing::debug!(version, name, path = %path.display(), "applied migration");
    }
    Ok(())
}
