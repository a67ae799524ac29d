-- One name per concept: a creator's pipeline in one campaign is a
-- "pipeline" in Go and in README.md, so its table and the columns that
-- point at it say so too (they were collabs and collab_id). RENAME rewrites
-- every trigger and index that refers to them in the same statement and
-- touches no rows. The trigger and index names keep their old collabs_
-- prefix: renaming an index rebuilds it, which would cost a 1M-creator
-- database minutes on its first open for a name no query spells.
ALTER TABLE collabs RENAME TO pipelines;
ALTER TABLE events RENAME COLUMN collab_id TO pipeline_id;
ALTER TABLE samples RENAME COLUMN collab_id TO pipeline_id;
ALTER TABLE invitations RENAME COLUMN collab_id TO pipeline_id;
