-- creatordesk schema, version 1.
-- Portable SQL where it costs nothing: times are unix seconds in BIGINT,
-- money in integer minor units, rates in basis points, booleans as 0/1.
-- A PostgreSQL engine will need its own copy of this file only for the
-- INTEGER PRIMARY KEY columns (BIGSERIAL there) and the trigger syntax.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE creators (
    id              INTEGER PRIMARY KEY,
    handle          TEXT    NOT NULL UNIQUE, -- normalised: lower case, no @
    display_name    TEXT    NOT NULL DEFAULT '',
    region          TEXT    NOT NULL DEFAULT '',
    category        TEXT    NOT NULL DEFAULT '',
    followers       BIGINT,
    avg_views       BIGINT,
    engagement_bp   INTEGER,
    gmv30_minor     BIGINT,
    gmv30_currency  TEXT    NOT NULL DEFAULT '',
    email           TEXT    NOT NULL DEFAULT '',
    phone           TEXT    NOT NULL DEFAULT '',
    notes           TEXT    NOT NULL DEFAULT '',
    tier            TEXT    NOT NULL CHECK (tier IN ('head', 'micro')),
    tier_manual     INTEGER NOT NULL DEFAULT 0,
    dnc             INTEGER NOT NULL DEFAULT 0,
    dnc_reason      TEXT    NOT NULL DEFAULT '',
    dnc_at          BIGINT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    last_contact_at BIGINT
);
-- Paging by followers (unknown sorts last) and by last contact.
CREATE INDEX creators_by_followers ON creators (COALESCE(followers, -1), id);
CREATE INDEX creators_by_last_contact ON creators (COALESCE(last_contact_at, 0), id);
CREATE INDEX creators_by_tier ON creators (tier, tier_manual);

CREATE TABLE creator_tags (
    creator_id INTEGER NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (creator_id, tag)
);
CREATE INDEX creator_tags_by_tag ON creator_tags (tag, creator_id);

CREATE TABLE campaigns (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT    NOT NULL,
    name_key              TEXT    NOT NULL UNIQUE, -- lower(name): names are case-insensitive
    kind                  TEXT    NOT NULL DEFAULT 'targeted' CHECK (kind IN ('targeted', 'open')),
    default_commission_bp INTEGER NOT NULL DEFAULT 0,
    starts_at             BIGINT,
    ends_at               BIGINT,
    created_at            BIGINT  NOT NULL
);

CREATE TABLE campaign_products (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    sku         TEXT    NOT NULL,
    PRIMARY KEY (campaign_id, sku)
);

-- One creator's pipeline in one campaign, with the terms offered there.
CREATE TABLE collabs (
    id                     INTEGER PRIMARY KEY,
    creator_id             INTEGER NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    campaign_id            INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    stage                  TEXT    NOT NULL,
    stage_rank             INTEGER NOT NULL, -- path rank, exits sort after the path
    furthest_rank          INTEGER NOT NULL, -- furthest path rank ever reached
    stage_at               BIGINT  NOT NULL,
    invited_at             BIGINT,
    replied_at             BIGINT,
    partnered_at           BIGINT,
    content_posted_at      BIGINT,
    slot_fee_minor         BIGINT,
    slot_fee_currency      TEXT    NOT NULL DEFAULT '',
    commission_bp          INTEGER,
    sample_sku             TEXT    NOT NULL DEFAULT '',
    sample_qty             INTEGER NOT NULL DEFAULT 0,
    sample_unit_cost_minor BIGINT,
    sample_currency        TEXT    NOT NULL DEFAULT '',
    discount_code          TEXT    UNIQUE,
    discount_pct           INTEGER,
    created_at             BIGINT  NOT NULL,
    updated_at             BIGINT  NOT NULL,
    UNIQUE (creator_id, campaign_id)
);
CREATE INDEX collabs_funnel ON collabs (campaign_id, furthest_rank, creator_id);
CREATE INDEX collabs_by_creator ON collabs (creator_id, furthest_rank);
CREATE INDEX collabs_by_stage ON collabs (campaign_id, stage_rank, id);
CREATE INDEX collabs_by_invited ON collabs (invited_at);

-- Append-only log of every pipeline change.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    collab_id  INTEGER NOT NULL REFERENCES collabs (id) ON DELETE CASCADE,
    at         BIGINT  NOT NULL,
    from_stage TEXT    NOT NULL DEFAULT '', -- '' when the pipeline starts
    to_stage   TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    source     TEXT    NOT NULL DEFAULT ''  -- cli, import, dashboard, demo
);
CREATE INDEX events_by_collab ON events (collab_id, at, id);
CREATE TRIGGER events_append_only BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TABLE samples (
    id                INTEGER PRIMARY KEY,
    collab_id         INTEGER NOT NULL REFERENCES collabs (id) ON DELETE CASCADE,
    sku               TEXT    NOT NULL,
    qty               INTEGER NOT NULL CHECK (qty > 0),
    unit_cost_minor   BIGINT  NOT NULL DEFAULT 0,
    currency          TEXT    NOT NULL DEFAULT '',
    carrier           TEXT    NOT NULL DEFAULT '',
    tracking          TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL,
    shipped_at        BIGINT,
    delivered_at      BIGINT,
    content_due_at    BIGINT,
    content_posted_at BIGINT,
    video_url         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX samples_by_collab ON samples (collab_id);
CREATE INDEX samples_by_due ON samples (status, content_due_at);
