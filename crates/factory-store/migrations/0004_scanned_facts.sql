-- Each scanned file's last good facts (JSON, as its reader emitted them, before org-wide
-- resolution), kept beside `scanned_files` so that a file that no longer parses keeps them.
-- (Early development databases also carry an unused `scanned_files.facts` column.)
CREATE TABLE IF NOT EXISTS scanned_facts (
    repo  TEXT NOT NULL,
    path  TEXT NOT NULL,
    facts TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (repo, path)
);

-- The scan cache starts empty, so the next scan reads every file again and fills
-- `scanned_facts` (the graph's facts themselves are kept; unchanged ones stay as they are).
DELETE FROM scanned_files;
DELETE FROM repo_scans;
