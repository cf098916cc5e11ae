//! The brain's tables: bi-temporal node and edge facts, what each scan read, and the search
//! index. Facts are never deleted: a fact stops being current when it is closed (`valid_to`
//! set). "Current" means `valid_to IS NULL AND retracted_at IS NULL`; "as of T" means the fact
//! was valid at T and not retracted.

use serde::Serialize;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::{Store, StoreError};

/// One stored version of a node.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// What a scan remembers of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedFile {
    pub repo: String,
    pub path: String,
    pub blob: String,
    pub commit_sha: String,
    pub scanned_at: String,
    /// Why the file could not be read at `blob`; its `facts` are then the last good ones.
    pub error: Option<String>,
    /// The reader's output, JSON.
    pub facts: String,
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
        let rows = sqlx::query(
            "SELECT id, ref, kind, name, props, valid_from, valid_to, recorded_at, retracted_at, source, method, confidence FROM nodes WHERE retracted_at IS NULL AND (($1 IS NULL AND valid_to IS NULL)
               OR ($1 IS NOT NULL AND valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1))) ORDER BY ref, id",
        ).bind(as_of).fetch_all(&self.pool).await.map_err(|source| self.query_error(source))?;
        Ok(rows.iter().map(node_row).collect())
    }

    /// Every edge fact current now (`as_of` None) or valid at the RFC 3339 time `as_of`.
    pub async fn graph_edges(&self, as_of: Option<&str>) -> Result<Vec<EdgeRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, from_ref, to_ref, kind, props, valid_from, valid_to, recorded_at, retracted_at, source, method, confidence FROM edges WHERE retracted_at IS NULL AND (($1 IS NULL AND valid_to IS NULL)
               OR ($1 IS NOT NULL AND valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1))) ORDER BY from_ref, kind, to_ref, id",
        ).bind(as_of).fetch_all(&self.pool).await.map_err(|source| self.query_error(source))?;
        Ok(rows.iter().map(edge_row).collect())
    }

    /// Every version of the node `node_ref`, oldest first, closed ones included.
    pub async fn graph_node_history(&self, node_ref: &str) -> Result<Vec<NodeRow>, StoreError> {
        let rows = sqlx::query("SELECT id, ref, kind, name, props, valid_from, valid_to, recorded_at, retracted_at, source, method, confidence FROM nodes WHERE ref = $1 ORDER BY id")
            .bind(node_ref)
            .fetch_all(&self.pool)
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(rows.iter().map(node_row).collect())
    }

    /// Closes and records facts in one transaction.
    pub async fn graph_apply(&self, changes: &GraphChanges) -> Result<(), StoreError> {
        let recorded_at = crate::now_rfc3339();
        let error = |source| self.query_error(source);
        let mut transaction = self.pool.begin().await.map_err(error)?;
        for (id, valid_to) in &changes.close_nodes {
            sqlx::query("UPDATE nodes SET valid_to = $1 WHERE id = $2 AND valid_to IS NULL")
                .bind(valid_to)
                .bind(id)
                .execute(&mut *transaction)
                .await
                .map_err(error)?;
        }
        for (id, valid_to) in &changes.close_edges {
            sqlx::query("UPDATE edges SET valid_to = $1 WHERE id = $2 AND valid_to IS NULL")
                .bind(valid_to)
                .bind(id)
                .execute(&mut *transaction)
                .await
                .map_err(error)?;
        }
        for chunk in changes.new_nodes.chunks(200) {
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
        for chunk in changes.new_edges.chunks(200) {
            let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO edges (from_ref, to_ref, kind, props, valid_from, recorded_at, source, method, confidence) ");
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
        transaction.commit().await.map_err(error)?;
        Ok(())
    }

    /// What the last scans read of `repo`, or of every repo when `repo` is None.
    pub async fn scanned_files(&self, repo: Option<&str>) -> Result<Vec<ScannedFile>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.repo AS repo, f.path AS path, f.blob AS blob, f.commit_sha AS commit_sha, f.scanned_at AS scanned_at,
                    f.error AS error, COALESCE(s.facts, '{}') AS facts
             FROM scanned_files f LEFT JOIN scanned_facts s ON s.repo = f.repo AND s.path = f.path
             WHERE ($1 IS NULL OR f.repo = $1) ORDER BY f.repo, f.path",
        )
            .bind(repo)
            .fetch_all(&self.pool)
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(rows
            .iter()
            .map(|row| ScannedFile {
                repo: row.get("repo"),
                path: row.get("path"),
                blob: row.get("blob"),
                commit_sha: row.get("commit_sha"),
                scanned_at: row.get("scanned_at"),
                error: row.get("error"),
                facts: row.get("facts"),
            })
            .collect())
    }

    /// Records one repo's scan: files read (inserted or replaced), files gone from its tree,
    /// and the commit it was scanned at.
    pub async fn save_repo_scan(&self, scan: &RepoScan, read: &[ScannedFile], gone: &[String]) -> Result<(), StoreError> {
        let error = |source| self.query_error(source);
        let mut transaction = self.pool.begin().await.map_err(error)?;
        for path in gone {
            for statement in ["DELETE FROM scanned_files WHERE repo = $1 AND path = $2", "DELETE FROM scanned_facts WHERE repo = $1 AND path = $2"] {
                sqlx::query(statement).bind(&scan.repo).bind(path).execute(&mut *transaction).await.map_err(error)?;
            }
        }
        // Many rows per statement: one statement per file costs more than the work itself.
        for chunk in read.chunks(200) {
            let mut files = sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO scanned_files (repo, path, blob, commit_sha, scanned_at, error) ");
            files.push_values(chunk, |mut row, file| {
                row.push_bind(&file.repo).push_bind(&file.path).push_bind(&file.blob).push_bind(&file.commit_sha).push_bind(&file.scanned_at).push_bind(&file.error);
            });
            files.push(
                " ON CONFLICT (repo, path) DO UPDATE SET blob = excluded.blob, commit_sha = excluded.commit_sha,
                   scanned_at = excluded.scanned_at, error = excluded.error",
            );
            files.build().execute(&mut *transaction).await.map_err(error)?;
            let mut facts = sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO scanned_facts (repo, path, facts) ");
            facts.push_values(chunk, |mut row, file| {
                row.push_bind(&file.repo).push_bind(&file.path).push_bind(&file.facts);
            });
            facts.push(" ON CONFLICT (repo, path) DO UPDATE SET facts = excluded.facts");
            facts.build().execute(&mut *transaction).await.map_err(error)?;
        }
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
        transaction.commit().await.map_err(error)?;
        Ok(())
    }

    /// The commit each repo was last scanned at.
    pub async fn repo_scans(&self) -> Result<Vec<RepoScan>, StoreError> {
        let rows = sqlx::query("SELECT repo, commit_sha, commit_time, scanned_at FROM repo_scans ORDER BY repo")
            .fetch_all(&self.pool)
            .await
            .map_err(|source| self.query_error(source))?;
        Ok(rows
            .iter()
            .map(|row| RepoScan {
                repo: row.get("repo"),
                commit_sha: row.get("commit_sha"),
                commit_time: row.get("commit_time"),
                scanned_at: row.get("scanned_at"),
            })
            .collect())
    }

    /// Replaces the search index with `entries` (the current nodes).
    pub async fn replace_search_index(&self, entries: &[SearchEntry]) -> Result<(), StoreError> {
        let error = |source| self.query_error(source);
        let mut transaction = self.pool.begin().await.map_err(error)?;
        sqlx::query("DELETE FROM node_search").execute(&mut *transaction).await.map_err(error)?;
        for entry in entries {
            sqlx::query("INSERT INTO node_search (ref, kind, name, text) VALUES ($1, $2, $3, $4)")
                .bind(&entry.node_ref)
                .bind(&entry.kind)
                .bind(&entry.name)
                .bind(&entry.text)
                .execute(&mut *transaction)
                .await
                .map_err(error)?;
        }
        transaction.commit().await.map_err(error)?;
        Ok(())
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
        Ok(rows
            .iter()
            .map(|row| SearchHit { node_ref: row.get("ref"), kind: row.get("kind"), name: row.get("name"), snippet: row.get("snippet") })
            .collect())
    }
}

fn props(row: &SqliteRow) -> serde_json::Value {
    let text: String = row.get("props");
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Object(serde_json::Map::new()))
}

fn node_row(row: &SqliteRow) -> NodeRow {
    NodeRow {
        id: row.get("id"),
        node_ref: row.get("ref"),
        kind: row.get("kind"),
        name: row.get("name"),
        props: props(row),
        valid_from: row.get("valid_from"),
        valid_to: row.get("valid_to"),
        recorded_at: row.get("recorded_at"),
        retracted_at: row.get("retracted_at"),
        source: row.get("source"),
        method: row.get("method"),
        confidence: row.get("confidence"),
    }
}

fn edge_row(row: &SqliteRow) -> EdgeRow {
    EdgeRow {
        id: row.get("id"),
        from_ref: row.get("from_ref"),
        to_ref: row.get("to_ref"),
        kind: row.get("kind"),
        props: props(row),
        valid_from: row.get("valid_from"),
        valid_to: row.get("valid_to"),
        recorded_at: row.get("recorded_at"),
        retracted_at: row.get("retracted_at"),
        source: row.get("source"),
        method: row.get("method"),
        confidence: row.get("confidence"),
    }
}
