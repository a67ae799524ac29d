-- creatordesk schema, version 11: the default campaign is made here, once,
-- instead of by every open. An open that wrote took the write lock, so
-- nothing could even read the database while an import held it.
INSERT INTO campaigns (name, name_key, kind, created_at)
VALUES ('default', 'default', 'targeted', CAST(strftime('%s', 'now') AS INTEGER))
ON CONFLICT (name_key) DO NOTHING;
