//! Runs and their journal: a step is written before it starts and after it ends, so a run
//! resumes after a crash without redoing finished steps. Events and artifacts hang off runs.

use serde::Serialize;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::{now_rfc3339, Store, StoreError};

/// One run as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRecord {
    pub id: String,
    pub outcome: String,
    pub status: String,
    pub stage: String,
    pub lane: Option<String>,
    pub worker: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub data: serde_json::Value,
}

/// One journal entry: a step of a run at one attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepRecord {
    pub id: i64,
    pub run_id: String,
    pub name: String,
    pub status: String,
    pub attempt: i64,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub input: serde_json::Value,
    pub output: serde_json::Value,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    pub id: i64,
    pub run_id: String,
    pub step_id: Option<i64>,
    pub at: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArtifactRecord {
    pub run_id: String,
    pub path: String,
    pub kind: String,
    pub sha256: String,
    pub size: i64,
    pub created_at: String,
}

fn json_column(row: &SqliteRow, column: &str) -> serde_json::Value {
    let text: String = row.get(column);
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
}

fn run_from_row(row: &SqliteRow) -> RunRecord {
    RunRecord {
        id: row.get("id"),
        outcome: row.get("outcome"),
        status: row.get("status"),
        stage: row.get("stage"),
        lane: row.get("lane"),
        worker: row.get("worker"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
        data: json_column(row, "data"),
    }
}

fn step_from_row(row: &SqliteRow) -> StepRecord {
    StepRecord {
        id: row.get("id"),
        run_id: row.get("run_id"),
        name: row.get("name"),
        status: row.get("status"),
        attempt: row.get("attempt"),
        started_at: row.get("started_at"),
        finished_at: row.get("finished_at"),
        input: json_column(row, "input"),
        output: json_column(row, "output"),
        error: row.get("error"),
    }
}

impl Store {
    pub async fn insert_run(&self, id: &str, outcome: &str, worker: &str, data: &serde_json::Value) -> Result<RunRecord, StoreError> {
        let now = now_rfc3339();
        sqlx::query(
            "INSERT INTO runs (id, outcome, status, stage, lane, worker, created_at, updated_at, data)
             VALUES ($1, $2, 'running', 'spec', NULL, $3, $4, $4, $5)",
        )
        .bind(id)
        .bind(outcome)
        .bind(worker)
        .bind(&now)
        .bind(data.to_string())
        .execute(self.pool())
        .await
        .map_err(|source| self.query_error(source))?;
        self.run(id).await?.ok_or_else(|| self.query_error(sqlx::Error::RowNotFound))
    }

    pub async fn run(&self, id: &str) -> Result<Option<RunRecord>, StoreError> {
        let row = sqlx::query("SELECT * FROM runs WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(row.as_ref().map(run_from_row))
    }

    /// Every run, newest first.
    pub async fn runs(&self) -> Result<Vec<RunRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM runs ORDER BY created_at DESC, id DESC")
            .fetch_all(self.pool())
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(rows.iter().map(run_from_row).collect())
    }

    /// Sets a run's status and stage, and its lane when given.
    pub async fn update_run(&self, id: &str, status: &str, stage: &str, lane: Option<&str>) -> Result<(), StoreError> {
        sqlx::query("UPDATE runs SET status = $2, stage = $3, lane = COALESCE($4, lane), updated_at = $5 WHERE id = $1")
            .bind(id)
            .bind(status)
            .bind(stage)
            .bind(lane)
            .bind(now_rfc3339())
            .execute(self.pool())
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(())
    }

    /// Replaces a run's free-form data (plan, branches, verdicts...).
    pub async fn set_run_data(&self, id: &str, data: &serde_json::Value) -> Result<(), StoreError> {
        sqlx::query("UPDATE runs SET data = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(data.to_string())
            .bind(now_rfc3339())
            .execute(self.pool())
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(())
    }

    /// The journal entry of a step at an attempt, if it was ever started.
    pub async fn step(&self, run_id: &str, name: &str, attempt: i64) -> Result<Option<StepRecord>, StoreError> {
        let row = sqlx::query("SELECT * FROM steps WHERE run_id = $1 AND name = $2 AND attempt = $3")
            .bind(run_id)
            .bind(name)
            .bind(attempt)
            .fetch_optional(self.pool())
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(row.as_ref().map(step_from_row))
    }

    /// Journals a step as started (again, if a crash interrupted it), before any of its work.
    pub async fn begin_step(&self, run_id: &str, name: &str, attempt: i64, input: &serde_json::Value) -> Result<StepRecord, StoreError> {
        sqlx::query(
            "INSERT INTO steps (run_id, name, status, attempt, started_at, input)
             VALUES ($1, $2, 'running', $3, $4, $5)
             ON CONFLICT (run_id, name, attempt)
             DO UPDATE SET status = 'running', started_at = excluded.started_at, input = excluded.input,
                           finished_at = NULL, error = NULL",
        )
        .bind(run_id)
        .bind(name)
        .bind(attempt)
        .bind(now_rfc3339())
        .bind(input.to_string())
        .execute(self.pool())
        .await
        .map_err(|source| self.query_error(source))?;
        self.step(run_id, name, attempt).await?.ok_or_else(|| self.query_error(sqlx::Error::RowNotFound))
    }

    /// Journals a step's end: its status (`done`, `failed`, `waiting`...), output and error.
    pub async fn finish_step(&self, step_id: i64, status: &str, output: &serde_json::Value, error: Option<&str>) -> Result<(), StoreError> {
        sqlx::query("UPDATE steps SET status = $2, output = $3, error = $4, finished_at = $5 WHERE id = $1")
            .bind(step_id)
            .bind(status)
            .bind(output.to_string())
            .bind(error)
            .bind(now_rfc3339())
            .execute(self.pool())
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(())
    }

    /// Every journal entry of a run, in the order they were first written.
    pub async fn steps(&self, run_id: &str) -> Result<Vec<StepRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM steps WHERE run_id = $1 ORDER BY id")
            .bind(run_id)
            .fetch_all(self.pool())
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(rows.iter().map(step_from_row).collect())
    }

    pub async fn append_event(&self, run_id: &str, step_id: Option<i64>, kind: &str, payload: &serde_json::Value) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO events (run_id, step_id, at, kind, payload) VALUES ($1, $2, $3, $4, $5)")
            .bind(run_id)
            .bind(step_id)
            .bind(now_rfc3339())
            .bind(kind)
            .bind(payload.to_string())
            .execute(self.pool())
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(())
    }

    pub async fn events(&self, run_id: &str) -> Result<Vec<EventRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM events WHERE run_id = $1 ORDER BY id")
            .bind(run_id)
            .fetch_all(self.pool())
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(rows
            .iter()
            .map(|row| EventRecord {
                id: row.get("id"),
                run_id: row.get("run_id"),
                step_id: row.get("step_id"),
                at: row.get("at"),
                kind: row.get("kind"),
                payload: json_column(row, "payload"),
            })
            .collect())
    }

    /// Records (or re-records, after a rewrite) an artifact of a run with its digest.
    pub async fn record_artifact(&self, artifact: &ArtifactRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO artifacts (run_id, path, kind, sha256, size, created_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256,
                 size = excluded.size, created_at = excluded.created_at",
        )
        .bind(&artifact.run_id)
        .bind(&artifact.path)
        .bind(&artifact.kind)
        .bind(&artifact.sha256)
        .bind(artifact.size)
        .bind(&artifact.created_at)
        .execute(self.pool())
        .await
        .map_err(|source| self.query_error(source))?;
        Ok(())
    }

    pub async fn artifacts(&self, run_id: &str) -> Result<Vec<ArtifactRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM artifacts WHERE run_id = $1 ORDER BY path")
            .bind(run_id)
            .fetch_all(self.pool())
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(rows
            .iter()
            .map(|row| ArtifactRecord {
                run_id: row.get("run_id"),
                path: row.get("path"),
                kind: row.get("kind"),
                sha256: row.get("sha256"),
                size: row.get("size"),
                created_at: row.get("created_at"),
            })
            .collect())
    }
}
