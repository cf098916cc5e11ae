//! The store's migrations on a fresh and on an existing database.

use factory_store::{Store, StoreError, LATEST_VERSION, MIGRATIONS};

#[tokio::test]
async fn a_fresh_database_gets_every_migration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".factory/factory.db");
    let store = Store::open(&path).await.expect("open");
    assert_eq!(store.schema_version().await.expect("version"), LATEST_VERSION);
    assert_eq!(MIGRATIONS.len() as i64, LATEST_VERSION);
    insta::assert_json_snapshot!(store.counts().await.expect("counts"), @r#"
    {
      "nodes": 0,
      "edges": 0,
      "fact_versions": 0,
      "runs": 0,
      "steps": 0,
      "events": 0,
      "artifacts": 0
    }
    "#);
    assert!(store.size_bytes() > 0);
    store.close().await;
}

#[tokio::test]
async fn reopening_an_existing_database_keeps_its_data_and_applies_nothing_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("factory.db");
    // An older database: written by a factory that knew only the first migration, with data.
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.expect("raw connect");
    let (version, name, sql) = MIGRATIONS[0];
    sqlx::raw_sql(sql).execute(&pool).await.expect("first migration");
    sqlx::raw_sql("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        .execute(&pool)
        .await
        .expect("migrations table");
    sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, '2026-01-01T00:00:00Z')")
        .bind(version)
        .bind(name)
        .execute(&pool)
        .await
        .expect("record the first migration");
    sqlx::query("INSERT INTO runs (id, outcome, status, stage, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)")
        .bind("r1")
        .bind("an outcome")
        .bind("done")
        .bind("evolve")
        .bind("2026-01-01T00:00:00Z")
        .execute(&pool)
        .await
        .expect("insert run");
    pool.close().await;

    let store = Store::open(&path).await.expect("upgrade");
    assert_eq!(store.schema_version().await.expect("version"), LATEST_VERSION);
    assert_eq!(store.counts().await.expect("counts").runs, 1);
    store.close().await;
    let store = Store::open(&path).await.expect("reopen");
    assert_eq!(store.schema_version().await.expect("version"), LATEST_VERSION);
    store.close().await;
}

#[tokio::test]
async fn a_database_from_a_newer_factory_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("factory.db");
    Store::open(&path).await.expect("open").close().await;

    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let pool = sqlx::SqlitePool::connect_with(options).await.expect("raw connect");
    sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', '2030-01-01T00:00:00Z')")
        .bind(LATEST_VERSION + 7)
        .execute(&pool)
        .await
        .expect("insert future migration");
    pool.close().await;

    let error = Store::open(&path).await.expect_err("refused");
    assert!(matches!(error, StoreError::TooNew { found, known, .. } if found == LATEST_VERSION + 7 && known == LATEST_VERSION));
    let message = error.to_string();
    assert!(message.contains("written by a newer factory"), "{message}");
    assert!(message.contains("factory.db"), "{message}");
}
