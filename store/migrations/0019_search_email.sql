-- creatordesk schema, version 19: the filter also finds creators by
-- email, through the same trigram index as handle and name. The index
-- gains the column and is built again (a million creators: 20 s, once;
-- the index grew from 102 to 172 MB); its triggers follow email changes
-- too. An import still adds its new creators in one pass
-- (store/import_index.go names the columns).
DROP TRIGGER creators_search_insert;
DROP TRIGGER creators_search_delete;
DROP TRIGGER creators_search_update;
DROP TABLE creators_search;

CREATE VIRTUAL TABLE creators_search USING fts5(
    handle, display_name, email,
    content = 'creators', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO creators_search (creators_search) VALUES ('rebuild');

CREATE TRIGGER creators_search_insert AFTER INSERT ON creators BEGIN
    INSERT INTO creators_search (rowid, handle, display_name, email)
        VALUES (new.id, new.handle, new.display_name, new.email);
END;
CREATE TRIGGER creators_search_delete AFTER DELETE ON creators BEGIN
    INSERT INTO creators_search (creators_search, rowid, handle, display_name, email)
        VALUES ('delete', old.id, old.handle, old.display_name, old.email);
END;
-- As in version 8: only a changed handle, name or email touches the
-- index, and not for rows an import in progress has yet to index.
CREATE TRIGGER creators_search_update AFTER UPDATE OF handle, display_name, email ON creators
WHEN (old.handle IS NOT new.handle OR old.display_name IS NOT new.display_name OR old.email IS NOT new.email)
    AND old.id <= COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'search_pending_after'), old.id) BEGIN
    INSERT INTO creators_search (creators_search, rowid, handle, display_name, email)
        VALUES ('delete', old.id, old.handle, old.display_name, old.email);
    INSERT INTO creators_search (rowid, handle, display_name, email)
        VALUES (new.id, new.handle, new.display_name, new.email);
END;
