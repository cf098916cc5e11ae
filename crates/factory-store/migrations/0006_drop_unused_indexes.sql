-- Indexes no query uses: every insert paid for them (a cold scan of 20,000 files records
-- about 9,000 facts). Facts are looked up by ref and by validity; sources and kinds are
-- filtered in memory.
DROP INDEX IF EXISTS nodes_kind;
DROP INDEX IF EXISTS nodes_source;
DROP INDEX IF EXISTS edges_source;
