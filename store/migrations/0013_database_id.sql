-- creatordesk schema, version 13: each database gets an identity of its
-- own, which its backups carry, so that restore can tell a backup of this
-- database from one of another: their messages' ids (and Message-IDs)
-- can coincide, and matching them would mark the wrong messages sent.
INSERT INTO settings (key, value) VALUES ('database_id', lower(hex(randomblob(16))))
ON CONFLICT (key) DO NOTHING;
