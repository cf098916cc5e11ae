-- What the brain needs to rescan incrementally: each file's last good facts (JSON, as its
-- reader emitted them, before org-wide resolution), the commit each repo was last scanned at,
-- and indexes for "current" and "as of" reads.
ALTER TABLE scanned_files ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';

CREATE TABLE repo_scans (
    repo        TEXT PRIMARY KEY,
    commit_sha  TEXT NOT NULL,
    commit_time TEXT NOT NULL,
    scanned_at  TEXT NOT NULL
);

CREATE INDEX nodes_valid ON nodes (valid_to, valid_from);
CREATE INDEX edges_valid ON edges (valid_to, valid_from);
