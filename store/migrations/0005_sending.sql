-- creatordesk schema, version 5: the sending engine.
-- Message templates the staffer edited; a tier and purpose without a row
-- uses the built-in default (outreach.DefaultTemplate).
CREATE TABLE templates (
    tier       TEXT   NOT NULL CHECK (tier IN ('head', 'micro')),
    purpose    TEXT   NOT NULL,
    subject    TEXT   NOT NULL DEFAULT '',
    body       TEXT   NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tier, purpose)
);

-- What a message is for (invitation, followup1, ...), where it goes, how
-- often the engine tried it, and when it may go (a follow-up's day, a
-- retry's time; NULL is now).
ALTER TABLE invitations ADD COLUMN purpose  TEXT    NOT NULL DEFAULT 'invitation';
ALTER TABLE invitations ADD COLUMN to_addr  TEXT    NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invitations ADD COLUMN due_at   BIGINT;

-- The engine looks for email due to go.
CREATE INDEX invitations_due ON invitations (channel, status, due_at);
