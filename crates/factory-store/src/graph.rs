//! The brain's tables: bi-temporal node and edge facts, what each scan read, and the search
//! index. Facts are never deleted: a fact stops being current when it is closed (`valid_to`
//! set). "Current" means `valid_to IS NULL AND retracted_at IS NULL`; "as of T" means the fact
//! was valid at T and not retracted.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::{Store, StoreError};

/// Facts current now (`$1` NULL) or valid at the time `$1`, never retracted ones.
const CURRENT_OR_AS_OF: &str =
    "retracted_at IS NULL AND (($1 IS NULL AND valid_to IS NULL) OR ($1 IS NOT NULL AND valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1)))";

/// New rows from which an empty table's indexes are dropped for the inserts and built after.
const BULK_ROWS: usize = 1000;

/// Rows per insert statement (at most 9 bound values each, well under SQLite's 32,766).
const INSERT_BATCH: usize = 500;

/// A node row as `json_object` arguments, in [`NodeRow`]'s field names. Props are JSON text;
/// an unreadable value reads as no props.
const NODE_COLUMNS: &str = "'id', id, 'ref', ref, 'kind', kind, 'name', name,
    'props', CASE WHEN json_valid(props) THEN json(props) ELSE json_object() END, 'valid_from', valid_from,
    'valid_to', valid_to, 'recorded_at', recorded_at, 'retracted_at', retracted_at, 'source', source, 'method', method,
    'confidence', confidence";

/// One stored version of a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeRow {
    pub id: i64,
    #[serde(rename = "ref")]
    pub node_ref: String,
    pub kind: String,
    pub name: String,
    pub props: serde_json::Value,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub recorded_at: String,
    pub retracted_at: Option<String>,
    pub source: String,
    pub method: String,
    pub confidence: f64,
}

/// One stored edge fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeRow {
    pub id: i64,
    pub from_ref: String,
    pub to_ref: String,
    pub kind: String,
    pub props: serde_json::Value,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub recorded_at: String,
    pub retracted_at: Option<String>,
    pub source: String,
    pub method: String,
    pub confidence: f64,
}

/// A node version to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNode {
    pub node_ref: String,
    pub kind: String,
    pub name: String,
    pub props: serde_json::Value,
    pub valid_from: String,
    pub source: String,
    pub method: String,
    pub confidence: f64,
}

/// An edge fact to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEdge {
    pub from_ref: String,
    pub to_ref: String,
    pub kind: String,
    pub props: serde_json::Value,
    pub valid_from: String,
    pub source: String,
    pub method: String,
    pub confidence: f64,
}

/// What one reconciliation writes, in one transaction: facts to close (row id, valid_to) and
/// facts to record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphChanges {
    pub close_nodes: Vec<(i64, String)>,
    pub close_edges: Vec<(i64, String)>,
    pub new_nodes: Vec<NewNode>,
    pub new_edges: Vec<NewEdge>,
}

/// The commit a repo was last scanned at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepoScan {
    pub repo: String,
    pub commit_sha: String,
    pub commit_time: String,
    pub scanned_at: String,
}

/// One row of the search index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchEntry {
    #[serde(rename = "ref")]
    pub node_ref: String,
    pub kind: String,
    pub name: String,
    pub text: String,
}

/// A search hit, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    #[serde(rename = "ref")]
    pub node_ref: String,
    pub kind: String,
    pub name: String,
    pub snippet: String,
}

impl Store {
    /// Every node version current now (`as_of` None) or valid at the RFC 3339 time `as_of`.
    pub async fn graph_nodes(&self, as_of: Option<&str>) -> Result<Vec<NodeRow>, StoreError> {
        let query = format!(
            "SELECT json_group_array(json_object({NODE_COLUMNS}))
             FROM (SELECT * FROM nodes WHERE {CURRENT_OR_AS_OF} ORDER BY ref, id)"
        );
        self.json_rows(query, as_of).await
    }

    /// Every edge fact current now (`as_of` None) or valid at the RFC 3339 time `as_of`.
    pub async fn graph_edges(&self, as_of: Option<&str>) -> Result<Vec<EdgeRow>, StoreError> {
        let query = format!(
            "SELECT json_group_array(json_object('id', id, 'from_ref', from_ref, 'to_ref', to_ref, 'kind', kind, 'props', CASE WHEN json_valid(props) THEN json(props) ELSE json_object() END,
                    'valid_from', valid_from, 'valid_to', valid_to, 'recorded_at', recorded_at, 'retracted_at', retracted_at,
                    'source', source, 'method', method, 'confidence', confidence))
             FROM (SELECT * FROM edges WHERE {CURRENT_OR_AS_OF} ORDER BY from_ref, kind, to_ref, id)"
        );
        self.json_rows(query, as_of).await
    }

    /// Runs a query that aggregates its rows into one JSON array and decodes it. Thousands of
    /// small rows read one at a time cost several times more than the data itself; SQLite
    /// builds the array in one step.
    async fn json_rows<T: serde::de::DeserializeOwned>(&self, query: String, parameter: Option<&str>) -> Result<Vec<T>, StoreError> {
        // The query is built from this module's constants only.
        let text: Option<String> =
            sqlx::query_scalar(sqlx::AssertSqlSafe(query)).bind(parameter).fetch_one(&self.pool).await.map_err(|source| self.query_error(source))?;
        let text = text.unwrap_or_else(|| "[]".into());
        serde_json::from_str(&text)
            .map_err(|source| StoreError::Corrupt { path: self.path().to_path_buf(), reason: format!("the brain's facts do not decode: {source}") })
    }

    /// Every version of the node `node_ref`, oldest first, closed ones included.
    pub async fn graph_node_history(&self, node_ref: &str) -> Result<Vec<NodeRow>, StoreError> {
        let query = format!("SELECT json_group_array(json_object({NODE_COLUMNS})) FROM (SELECT * FROM nodes WHERE ref = $1 ORDER BY id)");
        self.json_rows(query, Some(node_ref)).await
    }

    /// Whether a scan saved what it read but did not record the graph (it stopped, or is
    /// running now).
    pub async fn scan_pending(&self) -> Result<bool, StoreError> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'scan_pending'").fetch_optional(&self.pool).await.map_err(|source| self.query_error(source))?;
        Ok(value.as_deref() == Some("1"))
    }

    pub async fn set_scan_pending(&self, pending: bool) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO meta (key, value) VALUES ('scan_pending', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(if pending { "1" } else { "0" })
            .execute(&self.pool)
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(())
    }

    /// The version of the readers whose facts the stored scan documents hold (see
    /// `factory_brain::READERS_VERSION`); `None` before the first scan that recorded one.
    pub async fn readers_version(&self) -> Result<Option<String>, StoreError> {
        self.meta("readers_version").await
    }

    pub async fn set_readers_version(&self, version: &str) -> Result<(), StoreError> {
        self.set_meta("readers_version", version).await
    }

    /// The version of the resolution the current graph was resolved by (see
    /// `factory_brain::RESOLUTION_VERSION`); `None` before the first scan that recorded one.
    pub async fn resolution_version(&self) -> Result<Option<String>, StoreError> {
        self.meta("resolution_version").await
    }

    pub async fn set_resolution_version(&self, version: &str) -> Result<(), StoreError> {
        self.set_meta("resolution_version", version).await
    }

    /// The value `meta` holds under `key`.
    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(key).fetch_optional(&self.pool).await.map_err(|source| self.query_error(source))
    }

    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(())
    }

    /// A number that changes whenever the graph's facts do (every [`Store::graph_apply`] that
    /// changes anything), never the same for two databases; 0 before the first change.
    pub async fn graph_version(&self) -> Result<i64, StoreError> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'graph_version'").fetch_optional(&self.pool).await.map_err(|source| self.query_error(source))?;
        Ok(value.and_then(|value| value.parse().ok()).unwrap_or(0))
    }

    /// Closes and records facts in one transaction; with `search`, the search index is
    /// replaced by those entries in the same transaction, so the index never describes
    /// another graph than the one recorded (a scan stopped between two commits left it so).
    pub async fn graph_apply(&self, changes: &GraphChanges, search: Option<&[SearchEntry]>) -> Result<(), StoreError> {
        let recorded_at = crate::now_rfc3339();
        let error = |source| self.query_error(source);
        let clock = std::time::Instant::now();
        let mut transaction = self.pool.begin().await.map_err(error)?;
        for (id, valid_to) in &changes.close_nodes {
            sqlx::query("UPDATE nodes SET valid_to = $1 WHERE id = $2 AND valid_to IS NULL").bind(valid_to).bind(id).execute(&mut *transaction).await.map_err(error)?;
        }
        for (id, valid_to) in &changes.close_edges {
            sqlx::query("UPDATE edges SET valid_to = $1 WHERE id = $2 AND valid_to IS NULL").bind(valid_to).bind(id).execute(&mut *transaction).await.map_err(error)?;
        }
        // Into an empty table (a first scan) rows go faster without its indexes, built again
        // once after: one sort instead of thousands of ordered inserts.
        let mut rebuild: Vec<(String, String)> = Vec::new();
        for (table, inserts) in [("nodes", changes.new_nodes.len()), ("edges", changes.new_edges.len())] {
            if inserts < BULK_ROWS {
                continue;
            }
            // The table is one of the two above; index names and definitions are the schema's own.
            let empty: bool =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT NOT EXISTS (SELECT 1 FROM {table})"))).fetch_one(&mut *transaction).await.map_err(error)?;
            if !empty {
                continue;
            }
            let indexes: Vec<(String, String)> = sqlx::query_as("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL")
                .bind(table)
                .fetch_all(&mut *transaction)
                .await
                .map_err(error)?;
            for (name, _) in &indexes {
                sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX \"{name}\""))).execute(&mut *transaction).await.map_err(error)?;
            }
            rebuild.extend(indexes);
        }
        // Many rows per statement: one statement per row costs more than the row itself (and
        // binding each batch as one JSON array for `json_each` measured slower still).
        for chunk in changes.new_nodes.chunks(INSERT_BATCH) {
            let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO nodes (ref, kind, name, props, valid_from, recorded_at, source, method, confidence) ");
            insert.push_values(chunk, |mut row, node| {
                row.push_bind(&node.node_ref)
                    .push_bind(&node.kind)
                    .push_bind(&node.name)
                    .push_bind(node.props.to_string())
                    .push_bind(&node.valid_from)
                    .push_bind(&recorded_at)
                    .push_bind(&node.source)
                    .push_bind(&node.method)
                    .push_bind(node.confidence);
            });
            insert.build().execute(&mut *transaction).await.map_err(error)?;
        }
        for chunk in changes.new_edges.chunks(INSERT_BATCH) {
            let mut insert =
                sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO edges (from_ref, to_ref, kind, props, valid_from, recorded_at, source, method, confidence) ");
            insert.push_values(chunk, |mut row, edge| {
                row.push_bind(&edge.from_ref)
                    .push_bind(&edge.to_ref)
                    .push_bind(&edge.kind)
                    .push_bind(edge.props.to_string())
                    .push_bind(&edge.valid_from)
                    .push_bind(&recorded_at)
                    .push_bind(&edge.source)
                    .push_bind(&edge.method)
                    .push_bind(edge.confidence);
            });
            insert.build().execute(&mut *transaction).await.map_err(error)?;
        }
        tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), nodes = changes.new_nodes.len(), edges = changes.new_edges.len(), "graph rows written");
        for (_, sql) in rebuild {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *transaction).await.map_err(error)?;
        }
        tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), "graph indexes written");
        if *changes != GraphChanges::default() {
            // Readers that keep the graph in memory compare this number to know it changed. It
            // starts at the current time, so a database deleted and made again at the same path
            // does not repeat an old number.
            let first = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|elapsed| elapsed.as_micros()).unwrap_or_default().to_string();
            sqlx::query(
                "INSERT INTO meta (key, value) VALUES ('graph_version', $1)
                 ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
            )
            .bind(first)
            .execute(&mut *transaction)
            .await
            .map_err(error)?;
        }
        if let Some(entries) = search {
            sqlx::query("DELETE FROM node_search").execute(&mut *transaction).await.map_err(error)?;
            for chunk in entries.chunks(INSERT_BATCH) {
                let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO node_search (ref, kind, name, text) ");
                insert.push_values(chunk, |mut row, entry| {
                    row.push_bind(&entry.node_ref).push_bind(&entry.kind).push_bind(&entry.name).push_bind(&entry.text);
                });
                insert.build().execute(&mut *transaction).await.map_err(error)?;
            }
            tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), entries = entries.len(), "search index written");
        }
        transaction.commit().await.map_err(error)?;
        tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), "graph committed");
        Ok(())
    }

    /// What the last scan read of `repo` (or of every repo), as [`Store::save_repo_scans`]
    /// stored it: (repo, JSON text).
    pub async fn repo_files(&self, repo: Option<&str>) -> Result<Vec<(String, String)>, StoreError> {
        sqlx::query_as("SELECT repo, files FROM repo_files WHERE ($1 IS NULL OR repo = $1) ORDER BY repo")
            .bind(repo)
            .fetch_all(&self.pool)
            .await
            .map_err(|source| self.query_error(source))
    }

    /// Records repos' scans, in one transaction: for each, the commit it was scanned at, and
    /// what was read of each file (now or before), as one JSON document.
    pub async fn save_repo_scans(&self, scans: &[(RepoScan, String)]) -> Result<(), StoreError> {
        let error = |source| self.query_error(source);
        let mut transaction = self.pool.begin().await.map_err(error)?;
        for (scan, files) in scans {
            sqlx::query("INSERT INTO repo_files (repo, files) VALUES ($1, $2) ON CONFLICT (repo) DO UPDATE SET files = excluded.files")
                .bind(&scan.repo)
                .bind(files)
                .execute(&mut *transaction)
                .await
                .map_err(error)?;
            sqlx::query(
                "INSERT INTO repo_scans (repo, commit_sha, commit_time, scanned_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (repo) DO UPDATE SET commit_sha = excluded.commit_sha, commit_time = excluded.commit_time,
                   scanned_at = excluded.scanned_at",
            )
            .bind(&scan.repo)
            .bind(&scan.commit_sha)
            .bind(&scan.commit_time)
            .bind(&scan.scanned_at)
            .execute(&mut *transaction)
            .await
            .map_err(error)?;
        }
        transaction.commit().await.map_err(error)?;
        Ok(())
    }

    /// Forgets what the last scans read of repos no longer registered (`registered` are the
    /// names that are): their facts were closed when the graph was resolved without them,
    /// and a scan that still found their rows would take the org for changed every time.
    /// Returns how many repos were forgotten.
    pub async fn forget_unregistered_repos(&self, registered: &[String]) -> Result<u64, StoreError> {
        let error = |source| self.query_error(source);
        let names = serde_json::to_string(registered).unwrap_or_else(|_| "[]".to_string());
        let mut transaction = self.pool.begin().await.map_err(error)?;
        let mut forgotten = 0;
        for table in ["repo_files", "repo_scans"] {
            // The table is one of the two above.
            let result = sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE repo NOT IN (SELECT value FROM json_each($1))")))
                .bind(&names)
                .execute(&mut *transaction)
                .await
                .map_err(error)?;
            forgotten = forgotten.max(result.rows_affected());
        }
        transaction.commit().await.map_err(error)?;
        Ok(forgotten)
    }

    /// The commit each repo was last scanned at.
    pub async fn repo_scans(&self) -> Result<Vec<RepoScan>, StoreError> {
        let rows = sqlx::query("SELECT repo, commit_sha, commit_time, scanned_at FROM repo_scans ORDER BY repo")
            .fetch_all(&self.pool)
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(rows
            .iter()
            .map(|row| RepoScan { repo: row.get("repo"), commit_sha: row.get("commit_sha"), commit_time: row.get("commit_time"), scanned_at: row.get("scanned_at") })
            .collect())
    }

    /// Full-text search over current nodes: every word of `text` must match (prefix match on
    /// the last one), best first.
    pub async fn search_nodes(&self, text: &str, limit: i64) -> Result<Vec<SearchHit>, StoreError> {
        let words: Vec<String> = text
            .split(|character: char| !character.is_alphanumeric() && character != '_')
            .filter(|word| !word.is_empty())
            .map(|word| format!("\"{}\"", word.replace('"', "")))
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let query = format!("{}*", words.join(" "));
        let rows = sqlx::query(
            "SELECT ref, kind, name, snippet(node_search, 3, '[', ']', '…', 12) AS snippet
             FROM node_search WHERE node_search MATCH $1 ORDER BY rank LIMIT $2",
        )
        .bind(&query)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(|source| self.query_error(source))?;
        Ok(rows.iter().map(|row| SearchHit { node_ref: row.get("ref"), kind: row.get("kind"), name: row.get("name"), snippet: row.get("snippet") }).collect())
    }
}
