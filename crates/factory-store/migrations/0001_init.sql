-- The first schema: the brain's bi-temporal graph, runs and their journal, events, artifacts.
-- Times are RFC 3339 UTC text so the same SQL works on SQLite and Postgres.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per version of a node's properties. A node exists while it has a current row
-- (valid_to IS NULL AND retracted_at IS NULL).
CREATE TABLE nodes (
    id           INTEGER PRIMARY KEY,
    ref          TEXT NOT NULL,            -- lowercase `kind:name`, e.g. component:orders-api
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    props        TEXT NOT NULL DEFAULT '{}', -- JSON object
    valid_from   TEXT NOT NULL,            -- world time
    valid_to     TEXT,
    recorded_at  TEXT NOT NULL,            -- system time
    retracted_at TEXT,
    source       TEXT NOT NULL,            -- repo@sha:path#pointer or run:<id>
    method       TEXT NOT NULL CHECK (method IN ('declared', 'parsed', 'inferred', 'observed')),
    confidence   REAL NOT NULL DEFAULT 1.0
);
CREATE INDEX nodes_ref ON nodes (ref, valid_to);
CREATE INDEX nodes_kind ON nodes (kind);
CREATE INDEX nodes_source ON nodes (source);

CREATE TABLE edges (
    id           INTEGER PRIMARY KEY,
    from_ref     TEXT NOT NULL,
    to_ref       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    props        TEXT NOT NULL DEFAULT '{}',
    valid_from   TEXT NOT NULL,
    valid_to     TEXT,
    recorded_at  TEXT NOT NULL,
    retracted_at TEXT,
    source       TEXT NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('declared', 'parsed', 'inferred', 'observed')),
    confidence   REAL NOT NULL DEFAULT 1.0
);
CREATE INDEX edges_from ON edges (from_ref, kind);
CREATE INDEX edges_to ON edges (to_ref, kind);
CREATE INDEX edges_source ON edges (source);

-- What a scan read, so that a rescan reads only changed blobs and keeps the last good facts
-- of a file that no longer parses.
CREATE TABLE scanned_files (
    repo        TEXT NOT NULL,
    path        TEXT NOT NULL,
    blob        TEXT NOT NULL,
    commit_sha  TEXT NOT NULL,
    scanned_at  TEXT NOT NULL,
    error       TEXT,
    PRIMARY KEY (repo, path)
);

CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    outcome     TEXT NOT NULL,
    status      TEXT NOT NULL,
    stage       TEXT NOT NULL,
    lane        TEXT,
    worker      TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}'
);

-- The journal: a step is written before it starts and after it ends.
CREATE TABLE steps (
    id          INTEGER PRIMARY KEY,
    run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL,
    attempt     INTEGER NOT NULL DEFAULT 1,
    started_at  TEXT,
    finished_at TEXT,
    input       TEXT NOT NULL DEFAULT '{}',
    output      TEXT NOT NULL DEFAULT '{}',
    error       TEXT,
    UNIQUE (run_id, name, attempt)
);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_id     INTEGER REFERENCES steps (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_run ON events (run_id, id);

CREATE TABLE artifacts (
    id          INTEGER PRIMARY KEY,
    run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    path        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (run_id, path)
);
