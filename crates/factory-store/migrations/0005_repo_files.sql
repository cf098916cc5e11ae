-- What the last scan read of each repo, one row per repo: a JSON array of
-- {"path", "blob", "commit_sha", "error"?, "facts"} sorted by path. The blob per path lets a
-- rescan read only what changed; each file's last good facts are what the whole org is
-- resolved from. Replaces `scanned_files` and `scanned_facts` (one row per file): a rescan
-- reads every repo's row, and 200 rows read far faster than 20,000.
CREATE TABLE IF NOT EXISTS repo_files (
    repo  TEXT PRIMARY KEY,
    files TEXT NOT NULL DEFAULT '[]'
);

DROP TABLE IF EXISTS scanned_facts;
DROP TABLE IF EXISTS scanned_files;

-- The scan cache starts empty, so the next scan reads every file again and fills
-- `repo_files` (the graph's facts themselves are kept; unchanged ones stay as they are).
DELETE FROM repo_scans;
