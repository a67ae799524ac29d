-- creatordesk schema, version 8: an import adds its new creators to the
-- search index in one pass at commit (about a third faster than row by
-- row). While it runs, settings row 'search_pending_after' holds the last
-- creator id indexed before it: rows above it are not in the index yet,
-- so their changes must not reach it either.
DROP TRIGGER creators_search_update;
CREATE TRIGGER creators_search_update AFTER UPDATE OF handle, display_name ON creators
WHEN (old.handle IS NOT new.handle OR old.display_name IS NOT new.display_name)
    AND old.id <= COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'search_pending_after'), old.id) BEGIN
    INSERT INTO creators_search (creators_search, rowid, handle, display_name)
        VALUES ('delete', old.id, old.handle, old.display_name);
    INSERT INTO creators_search (rowid, handle, display_name) VALUES (new.id, new.handle, new.display_name);
END;
