-- Full-text search over the brain's current nodes (SQLite FTS5; Postgres gets tsvector later).
CREATE VIRTUAL TABLE node_search USING fts5 (ref UNINDEXED, kind UNINDEXED, name, text);
