-- creatordesk schema, version 17: one history of every change.
--
-- The pipeline log (events: stage moves only, by pipeline) becomes one
-- append-only log by creator of every change a staffer or an import makes:
-- contact fields, tier, tags, notes, terms, stage moves and corrections,
-- messages and samples. Each row names the field, its old and new value
-- (as text, '' for none), who made it, and the campaign when the field
-- belongs to one. Rows written by one action share a change (a row of
-- changes, whose ids are never reused, not even after forget), which is
-- what an undo reverts; moves from before this version have none. ref_id
-- points at the message or sample a row is about.

CREATE TABLE changes (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    at  BIGINT NOT NULL,
    who TEXT   NOT NULL DEFAULT ''
);

CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    change_id   INTEGER REFERENCES changes (id),
    creator_id  INTEGER NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    campaign_id INTEGER REFERENCES campaigns (id) ON DELETE CASCADE,
    ref_id      BIGINT,
    at          BIGINT  NOT NULL,
    field       TEXT    NOT NULL,
    old_value   TEXT    NOT NULL DEFAULT '',
    new_value   TEXT    NOT NULL DEFAULT '',
    note        TEXT    NOT NULL DEFAULT '',
    who         TEXT    NOT NULL DEFAULT ''  -- cli, dashboard, import, demo (a staffer's name later)
);
CREATE INDEX history_by_creator ON history (creator_id, id);
CREATE INDEX history_by_change ON history (change_id);
CREATE TRIGGER history_append_only BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only');
END;

-- Every stage move so far, in order.
INSERT INTO history (id, creator_id, campaign_id, at, field, old_value, new_value, note, who)
    SELECT e.id, k.creator_id, k.campaign_id, e.at, 'stage', e.from_stage, e.to_stage, e.note, e.source
    FROM events e JOIN pipelines k ON k.id = e.pipeline_id
    ORDER BY e.id;

DROP TABLE events;
