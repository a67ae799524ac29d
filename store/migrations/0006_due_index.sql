-- creatordesk schema, version 6: every message has the time it may go, so
-- the sending engine finds the next one through an index instead of
-- sorting every waiting message for each claim.
UPDATE invitations SET due_at = created_at WHERE due_at IS NULL;
DROP INDEX invitations_due;
CREATE INDEX invitations_due ON invitations (channel, status, due_at, id);
