-- creatordesk schema, version 12: forget used FTS5's 'secure-delete',
-- which upgrades the search index to a format SQLite before 3.42 cannot
-- read (Debian 12's sqlite3, Python's sqlite3 module): "invalid fts5 file
-- format". Forget no longer does; an index already upgraded is rebuilt,
-- which writes it in the older format again (a million creators: about
-- half a minute, once). Other databases are not touched.
INSERT INTO creators_search (creators_search, rank)
SELECT 'secure-delete', 0 WHERE (SELECT v FROM creators_search_config WHERE k = 'version') = 5;
INSERT INTO creators_search (creators_search)
SELECT 'rebuild' WHERE (SELECT v FROM creators_search_config WHERE k = 'version') = 5;
