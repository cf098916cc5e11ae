-- What the brain needs to rescan incrementally: the commit each repo was last scanned at, and
-- indexes for "current" and "as of" reads. Written to be safe to apply twice.
CREATE TABLE IF NOT EXISTS repo_scans (
    repo        TEXT PRIMARY KEY,
    commit_sha  TEXT NOT NULL,
    commit_time TEXT NOT NULL,
    scanned_at  TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS nodes_valid ON nodes (valid_to, valid_from);
CREATE INDEX IF NOT EXISTS edges_valid ON edges (valid_to, valid_from);
