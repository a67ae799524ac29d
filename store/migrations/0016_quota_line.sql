-- creatordesk schema, version 16: the quota line (open first invitations
-- to creators never invited, which spend TikTok's weekly quota when they
-- go) is kept by triggers, as its own small table counted in blocks,
-- instead of being worked out from the messages and their creators'
-- pipelines on every load of the Queue screen (its count and a page's
-- places in line: ~100 ms at 200,000 creators, ~300 ms at 1M).
--
-- A message is in the line when it is a first invitation ('invitation'),
-- waiting to go (queued, approved, retry_wait), and its creator has no
-- pipeline at invited or past it, that is no creator_reach row (see
-- quotaCost). It joins or leaves the line when the message is written,
-- when its pipeline changes creator, and when its creator's reach row
-- comes or goes.

CREATE TABLE quota_line (
    invitation_id INTEGER PRIMARY KEY
);

-- Members per block of 1,024 ids (invitation_id / 1024); blocks with none
-- have no row. A place in line is the members of the blocks before its
-- block plus those of its own block up to it: a read of a few thousand
-- small rows, not of the line.
CREATE TABLE quota_line_blocks (
    block INTEGER PRIMARY KEY,
    n     BIGINT  NOT NULL
);

INSERT INTO quota_line (invitation_id)
    SELECT i.id FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id
    WHERE i.status IN ('queued', 'approved', 'retry_wait') AND i.purpose = 'invitation'
    AND NOT EXISTS (SELECT 1 FROM pipelines k2 WHERE k2.creator_id = k.creator_id AND k2.furthest_rank >= 1);
INSERT INTO quota_line_blocks (block, n)
    SELECT invitation_id / 1024, COUNT(*) FROM quota_line GROUP BY 1;

CREATE TRIGGER quota_line_count_insert AFTER INSERT ON quota_line BEGIN
    INSERT INTO quota_line_blocks (block, n) VALUES (new.invitation_id / 1024, 1)
        ON CONFLICT (block) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER quota_line_count_delete AFTER DELETE ON quota_line BEGIN
    UPDATE quota_line_blocks SET n = n - 1 WHERE block = old.invitation_id / 1024;
    DELETE FROM quota_line_blocks WHERE block = old.invitation_id / 1024 AND n = 0;
END;

-- A message joins when written waiting, as a first invitation, to a
-- creator not reached; it leaves when it stops waiting or is deleted. The
-- inserts check membership first rather than say OR IGNORE, which a
-- writer's own OR REPLACE would override.
CREATE TRIGGER invitations_quota_insert AFTER INSERT ON invitations
WHEN new.status IN ('queued', 'approved', 'retry_wait') AND new.purpose = 'invitation' BEGIN
    INSERT INTO quota_line (invitation_id)
        SELECT new.id FROM pipelines k WHERE k.id = new.pipeline_id
        AND NOT EXISTS (SELECT 1 FROM creator_reach r WHERE r.creator_id = k.creator_id)
        AND NOT EXISTS (SELECT 1 FROM quota_line q WHERE q.invitation_id = new.id);
END;
CREATE TRIGGER invitations_quota_delete AFTER DELETE ON invitations
WHEN old.status IN ('queued', 'approved', 'retry_wait') AND old.purpose = 'invitation' BEGIN
    DELETE FROM quota_line WHERE invitation_id = old.id;
END;
CREATE TRIGGER invitations_quota_update AFTER UPDATE OF status, purpose, pipeline_id ON invitations
WHEN (old.status IN ('queued', 'approved', 'retry_wait') AND old.purpose = 'invitation')
    OR (new.status IN ('queued', 'approved', 'retry_wait') AND new.purpose = 'invitation') BEGIN
    DELETE FROM quota_line WHERE invitation_id = old.id
        AND NOT (new.status IN ('queued', 'approved', 'retry_wait') AND new.purpose = 'invitation'
            AND EXISTS (SELECT 1 FROM pipelines k WHERE k.id = new.pipeline_id
                AND NOT EXISTS (SELECT 1 FROM creator_reach r WHERE r.creator_id = k.creator_id)));
    INSERT INTO quota_line (invitation_id)
        SELECT new.id FROM pipelines k WHERE k.id = new.pipeline_id
        AND new.status IN ('queued', 'approved', 'retry_wait') AND new.purpose = 'invitation'
        AND NOT EXISTS (SELECT 1 FROM creator_reach r WHERE r.creator_id = k.creator_id)
        AND NOT EXISTS (SELECT 1 FROM quota_line q WHERE q.invitation_id = new.id);
END;

-- A creator first reached (invited anywhere) takes their messages out of
-- the line; one no longer reached (the pipeline that was deleted, or moved
-- back) puts their waiting first invitations back.
CREATE TRIGGER creator_reach_quota_insert AFTER INSERT ON creator_reach BEGIN
    DELETE FROM quota_line WHERE invitation_id IN (SELECT i.id FROM pipelines k
        JOIN invitations i ON i.pipeline_id = k.id WHERE k.creator_id = new.creator_id);
END;
CREATE TRIGGER creator_reach_quota_delete AFTER DELETE ON creator_reach BEGIN
    INSERT INTO quota_line (invitation_id)
        SELECT i.id FROM pipelines k JOIN invitations i ON i.pipeline_id = k.id
        WHERE k.creator_id = old.creator_id
        AND i.status IN ('queued', 'approved', 'retry_wait') AND i.purpose = 'invitation'
        AND NOT EXISTS (SELECT 1 FROM creator_reach r WHERE r.creator_id = old.creator_id)
        AND NOT EXISTS (SELECT 1 FROM quota_line q WHERE q.invitation_id = i.id);
END;

-- A pipeline given to another creator: its messages follow that
-- creator's reach. (Whichever of this and the reach triggers runs first,
-- the last to run sees the final reach.)
CREATE TRIGGER pipelines_quota_creator AFTER UPDATE OF creator_id ON pipelines
WHEN old.creator_id IS NOT new.creator_id BEGIN
    DELETE FROM quota_line WHERE invitation_id IN (SELECT id FROM invitations WHERE pipeline_id = new.id);
    INSERT INTO quota_line (invitation_id)
        SELECT i.id FROM invitations i WHERE i.pipeline_id = new.id
        AND i.status IN ('queued', 'approved', 'retry_wait') AND i.purpose = 'invitation'
        AND NOT EXISTS (SELECT 1 FROM creator_reach r WHERE r.creator_id = new.creator_id)
        AND NOT EXISTS (SELECT 1 FROM quota_line q WHERE q.invitation_id = i.id);
END;

-- The partial index of migration 14 served the old count; nothing reads it.
DROP INDEX invitations_quota_line;
