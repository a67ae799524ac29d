-- creatordesk schema, version 2: invitations waiting to go, and gone.
-- One row per message to a creator in a campaign (its pipeline, collab_id).
-- Status has no CHECK: the sending engine adds statuses (sending,
-- retry_wait, unknown) and SQLite cannot change a CHECK without rebuilding
-- the table; the store validates statuses instead.

CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY,
    collab_id  INTEGER NOT NULL REFERENCES collabs (id) ON DELETE CASCADE,
    channel    TEXT    NOT NULL DEFAULT 'dm' CHECK (channel IN ('dm', 'email')),
    subject    TEXT    NOT NULL DEFAULT '',
    body       TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'queued',
    reason     TEXT    NOT NULL DEFAULT '', -- why skipped or failed
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL,
    sent_at    BIGINT
);

-- At most one open invitation per pipeline, so per creator per campaign.
-- The closed statuses are listed, not the open ones, so a status added
-- later is open (and kept single) unless it is added here.
CREATE UNIQUE INDEX invitations_one_open ON invitations (collab_id)
    WHERE status NOT IN ('sent', 'skipped', 'failed');
CREATE INDEX invitations_by_collab ON invitations (collab_id, id);
CREATE INDEX invitations_by_status ON invitations (status, id);
