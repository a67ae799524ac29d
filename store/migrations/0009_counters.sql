-- creatordesk schema, version 9: the dashboard's figures read counters
-- kept up to date by triggers, in the same transaction as the write that
-- changes them, instead of grouping a million pipelines on every load
-- (funnel at 1M: ~1 s → ~1 ms). Every writer, including bulk loads and
-- cascading deletes, goes through the triggers, so the counters cannot
-- drift from the rows. A PostgreSQL engine would write these as trigger
-- functions; the tables and the queries that read them are portable.
--
-- Ranks are outreach.Path positions: 1 is invited. Buckets are quarter
-- hours (unix seconds rounded down to a multiple of 900): every time zone's
-- midnight is one, so local weeks are sums of whole buckets.

-- Pipelines per campaign, by the creator's current tier and the furthest
-- stage reached: the funnel of one campaign.
CREATE TABLE funnel_counts (
    campaign_id   INTEGER NOT NULL,
    tier          TEXT    NOT NULL,
    furthest_rank INTEGER NOT NULL,
    n             BIGINT  NOT NULL,
    PRIMARY KEY (campaign_id, tier, furthest_rank)
);

-- Each creator invited in any campaign: the furthest stage reached in any
-- of them and the first invitation. The all-campaigns funnel counts a
-- creator once.
CREATE TABLE creator_reach (
    creator_id       INTEGER PRIMARY KEY,
    furthest_rank    INTEGER NOT NULL,
    first_invited_at BIGINT
);
CREATE INDEX creator_reach_by_invited ON creator_reach (first_invited_at);

-- creator_reach counted by tier and furthest stage.
CREATE TABLE reach_counts (
    tier          TEXT    NOT NULL,
    furthest_rank INTEGER NOT NULL,
    n             BIGINT  NOT NULL,
    PRIMARY KEY (tier, furthest_rank)
);

-- Pipelines invited ('i', by invited_at) and partnered ('p', by
-- partnered_at) per quarter hour and campaign: the weekly trend.
CREATE TABLE activity_buckets (
    kind        TEXT    NOT NULL,
    bucket      BIGINT  NOT NULL,
    campaign_id INTEGER NOT NULL,
    n           BIGINT  NOT NULL,
    PRIMARY KEY (kind, bucket, campaign_id)
);

-- Money committed per campaign and currency: slot fees of pipelines at
-- partnered or past it on the path ('fee'; stage_rank 4 to 7), and the
-- cost of samples not cancelled ('sample'). Sums in minor units.
CREATE TABLE money_counts (
    kind        TEXT    NOT NULL,
    campaign_id INTEGER NOT NULL,
    currency    TEXT    NOT NULL,
    n           BIGINT  NOT NULL,
    PRIMARY KEY (kind, campaign_id, currency)
);

-- Samples per campaign and status.
CREATE TABLE sample_counts (
    campaign_id INTEGER NOT NULL,
    status      TEXT    NOT NULL,
    n           BIGINT  NOT NULL,
    PRIMARY KEY (campaign_id, status)
);

-- This week's newly invited in one campaign is a short range.
CREATE INDEX collabs_by_campaign_invited ON collabs (campaign_id, invited_at);

-- Fill them from the rows there are.
INSERT INTO funnel_counts (campaign_id, tier, furthest_rank, n)
    SELECT k.campaign_id, c.tier, k.furthest_rank, COUNT(*)
    FROM collabs k JOIN creators c ON c.id = k.creator_id
    GROUP BY k.campaign_id, c.tier, k.furthest_rank;
INSERT INTO creator_reach (creator_id, furthest_rank, first_invited_at)
    SELECT creator_id, MAX(furthest_rank), MIN(invited_at) FROM collabs
    WHERE furthest_rank >= 1 GROUP BY creator_id;
INSERT INTO reach_counts (tier, furthest_rank, n)
    SELECT c.tier, r.furthest_rank, COUNT(*)
    FROM creator_reach r JOIN creators c ON c.id = r.creator_id
    GROUP BY c.tier, r.furthest_rank;
INSERT INTO activity_buckets (kind, bucket, campaign_id, n)
    SELECT 'i', invited_at - invited_at % 900, campaign_id, COUNT(*) FROM collabs
    WHERE invited_at IS NOT NULL GROUP BY 2, 3;
INSERT INTO activity_buckets (kind, bucket, campaign_id, n)
    SELECT 'p', partnered_at - partnered_at % 900, campaign_id, COUNT(*) FROM collabs
    WHERE partnered_at IS NOT NULL GROUP BY 2, 3;

INSERT INTO money_counts (kind, campaign_id, currency, n)
    SELECT 'fee', campaign_id, slot_fee_currency, SUM(slot_fee_minor) FROM collabs
    WHERE slot_fee_minor IS NOT NULL AND stage_rank >= 4 AND stage_rank < 8 GROUP BY campaign_id, slot_fee_currency;
INSERT INTO money_counts (kind, campaign_id, currency, n)
    SELECT 'sample', k.campaign_id, sm.currency, SUM(sm.unit_cost_minor * sm.qty) FROM samples sm JOIN collabs k ON k.id = sm.collab_id
    WHERE sm.status <> 'cancelled' GROUP BY k.campaign_id, sm.currency;
INSERT INTO sample_counts (campaign_id, status, n)
    SELECT k.campaign_id, sm.status, COUNT(*) FROM samples sm JOIN collabs k ON k.id = sm.collab_id
    WHERE 1 = 1 GROUP BY k.campaign_id, sm.status;

-- A pipeline's counters. The -1 halves name the old row's keys, the +1
-- halves the new row's; an UPDATE does both.
CREATE TRIGGER collabs_count_insert AFTER INSERT ON collabs BEGIN
    INSERT INTO funnel_counts (campaign_id, tier, furthest_rank, n)
        VALUES (new.campaign_id, (SELECT tier FROM creators WHERE id = new.creator_id), new.furthest_rank, 1)
        ON CONFLICT (campaign_id, tier, furthest_rank) DO UPDATE SET n = n + 1;
    INSERT INTO activity_buckets (kind, bucket, campaign_id, n)
        SELECT 'i', new.invited_at - new.invited_at % 900, new.campaign_id, 1 WHERE new.invited_at IS NOT NULL
        ON CONFLICT (kind, bucket, campaign_id) DO UPDATE SET n = n + 1;
    INSERT INTO activity_buckets (kind, bucket, campaign_id, n)
        SELECT 'p', new.partnered_at - new.partnered_at % 900, new.campaign_id, 1 WHERE new.partnered_at IS NOT NULL
        ON CONFLICT (kind, bucket, campaign_id) DO UPDATE SET n = n + 1;
    INSERT INTO creator_reach (creator_id, furthest_rank, first_invited_at)
        SELECT creator_id, MAX(furthest_rank), MIN(invited_at) FROM collabs
        WHERE creator_id = new.creator_id AND furthest_rank >= 1 AND new.furthest_rank >= 1 GROUP BY creator_id
        ON CONFLICT (creator_id) DO UPDATE SET furthest_rank = excluded.furthest_rank, first_invited_at = excluded.first_invited_at
        WHERE furthest_rank IS NOT excluded.furthest_rank OR first_invited_at IS NOT excluded.first_invited_at;
END;

CREATE TRIGGER collabs_count_delete AFTER DELETE ON collabs BEGIN
    UPDATE funnel_counts SET n = n - 1
        WHERE campaign_id = old.campaign_id AND furthest_rank = old.furthest_rank
        AND tier = (SELECT tier FROM creators WHERE id = old.creator_id);
    UPDATE activity_buckets SET n = n - 1
        WHERE kind = 'i' AND bucket = old.invited_at - old.invited_at % 900 AND campaign_id = old.campaign_id;
    UPDATE activity_buckets SET n = n - 1
        WHERE kind = 'p' AND bucket = old.partnered_at - old.partnered_at % 900 AND campaign_id = old.campaign_id;
    DELETE FROM creator_reach WHERE creator_id = old.creator_id
        AND NOT EXISTS (SELECT 1 FROM collabs WHERE creator_id = old.creator_id AND furthest_rank >= 1);
    UPDATE creator_reach SET
        furthest_rank = (SELECT MAX(furthest_rank) FROM collabs WHERE creator_id = old.creator_id AND furthest_rank >= 1),
        first_invited_at = (SELECT MIN(invited_at) FROM collabs WHERE creator_id = old.creator_id AND furthest_rank >= 1)
        WHERE creator_id = old.creator_id AND old.furthest_rank >= 1;
END;

CREATE TRIGGER collabs_count_update AFTER UPDATE OF furthest_rank, invited_at, partnered_at, campaign_id, creator_id ON collabs
WHEN old.furthest_rank IS NOT new.furthest_rank OR old.invited_at IS NOT new.invited_at
    OR old.partnered_at IS NOT new.partnered_at OR old.campaign_id IS NOT new.campaign_id
    OR old.creator_id IS NOT new.creator_id BEGIN
    UPDATE funnel_counts SET n = n - 1
        WHERE campaign_id = old.campaign_id AND furthest_rank = old.furthest_rank
        AND tier = (SELECT tier FROM creators WHERE id = old.creator_id);
    INSERT INTO funnel_counts (campaign_id, tier, furthest_rank, n)
        VALUES (new.campaign_id, (SELECT tier FROM creators WHERE id = new.creator_id), new.furthest_rank, 1)
        ON CONFLICT (campaign_id, tier, furthest_rank) DO UPDATE SET n = n + 1;
    UPDATE activity_buckets SET n = n - 1
        WHERE kind = 'i' AND bucket = old.invited_at - old.invited_at % 900 AND campaign_id = old.campaign_id;
    INSERT INTO activity_buckets (kind, bucket, campaign_id, n)
        SELECT 'i', new.invited_at - new.invited_at % 900, new.campaign_id, 1 WHERE new.invited_at IS NOT NULL
        ON CONFLICT (kind, bucket, campaign_id) DO UPDATE SET n = n + 1;
    UPDATE activity_buckets SET n = n - 1
        WHERE kind = 'p' AND bucket = old.partnered_at - old.partnered_at % 900 AND campaign_id = old.campaign_id;
    INSERT INTO activity_buckets (kind, bucket, campaign_id, n)
        SELECT 'p', new.partnered_at - new.partnered_at % 900, new.campaign_id, 1 WHERE new.partnered_at IS NOT NULL
        ON CONFLICT (kind, bucket, campaign_id) DO UPDATE SET n = n + 1;
    -- The old creator (when the pipeline moved to another) and the new.
    DELETE FROM creator_reach WHERE creator_id = old.creator_id
        AND NOT EXISTS (SELECT 1 FROM collabs WHERE creator_id = old.creator_id AND furthest_rank >= 1);
    UPDATE creator_reach SET
        furthest_rank = (SELECT MAX(furthest_rank) FROM collabs WHERE creator_id = old.creator_id AND furthest_rank >= 1),
        first_invited_at = (SELECT MIN(invited_at) FROM collabs WHERE creator_id = old.creator_id AND furthest_rank >= 1)
        WHERE creator_id = old.creator_id AND old.creator_id IS NOT new.creator_id;
    INSERT INTO creator_reach (creator_id, furthest_rank, first_invited_at)
        SELECT creator_id, MAX(furthest_rank), MIN(invited_at) FROM collabs
        WHERE creator_id = new.creator_id AND furthest_rank >= 1 GROUP BY creator_id
        ON CONFLICT (creator_id) DO UPDATE SET furthest_rank = excluded.furthest_rank, first_invited_at = excluded.first_invited_at
        WHERE furthest_rank IS NOT excluded.furthest_rank OR first_invited_at IS NOT excluded.first_invited_at;
    DELETE FROM creator_reach WHERE creator_id = new.creator_id
        AND NOT EXISTS (SELECT 1 FROM collabs WHERE creator_id = new.creator_id AND furthest_rank >= 1);
END;

-- Slot fees: a pipeline counts while its stage is partnered or past it on
-- the path, with its fee in its currency.
CREATE TRIGGER collabs_money_insert AFTER INSERT ON collabs
WHEN new.slot_fee_minor IS NOT NULL AND new.stage_rank >= 4 AND new.stage_rank < 8 BEGIN
    INSERT INTO money_counts (kind, campaign_id, currency, n) VALUES ('fee', new.campaign_id, new.slot_fee_currency, new.slot_fee_minor)
        ON CONFLICT (kind, campaign_id, currency) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER collabs_money_delete AFTER DELETE ON collabs
WHEN old.slot_fee_minor IS NOT NULL AND old.stage_rank >= 4 AND old.stage_rank < 8 BEGIN
    UPDATE money_counts SET n = n - old.slot_fee_minor
        WHERE kind = 'fee' AND campaign_id = old.campaign_id AND currency = old.slot_fee_currency;
END;
CREATE TRIGGER collabs_money_update AFTER UPDATE OF slot_fee_minor, slot_fee_currency, stage_rank, campaign_id ON collabs
WHEN old.slot_fee_minor IS NOT new.slot_fee_minor OR old.slot_fee_currency IS NOT new.slot_fee_currency
    OR (old.stage_rank >= 4 AND old.stage_rank < 8) <> (new.stage_rank >= 4 AND new.stage_rank < 8)
    OR old.campaign_id IS NOT new.campaign_id BEGIN
    UPDATE money_counts SET n = n - old.slot_fee_minor
        WHERE kind = 'fee' AND campaign_id = old.campaign_id AND currency = old.slot_fee_currency
        AND old.slot_fee_minor IS NOT NULL AND old.stage_rank >= 4 AND old.stage_rank < 8;
    INSERT INTO money_counts (kind, campaign_id, currency, n)
        SELECT 'fee', new.campaign_id, new.slot_fee_currency, new.slot_fee_minor
        WHERE new.slot_fee_minor IS NOT NULL AND new.stage_rank >= 4 AND new.stage_rank < 8
        ON CONFLICT (kind, campaign_id, currency) DO UPDATE SET n = n + excluded.n;
END;

-- Samples: counted by status, and their cost unless cancelled, under
-- their pipeline's campaign.
CREATE TRIGGER samples_count_insert AFTER INSERT ON samples BEGIN
    INSERT INTO sample_counts (campaign_id, status, n)
        VALUES ((SELECT campaign_id FROM collabs WHERE id = new.collab_id), new.status, 1)
        ON CONFLICT (campaign_id, status) DO UPDATE SET n = n + 1;
    INSERT INTO money_counts (kind, campaign_id, currency, n)
        SELECT 'sample', (SELECT campaign_id FROM collabs WHERE id = new.collab_id), new.currency, new.unit_cost_minor * new.qty
        WHERE new.status <> 'cancelled'
        ON CONFLICT (kind, campaign_id, currency) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER samples_count_delete AFTER DELETE ON samples BEGIN
    UPDATE sample_counts SET n = n - 1
        WHERE campaign_id = (SELECT campaign_id FROM collabs WHERE id = old.collab_id) AND status = old.status;
    UPDATE money_counts SET n = n - old.unit_cost_minor * old.qty
        WHERE kind = 'sample' AND campaign_id = (SELECT campaign_id FROM collabs WHERE id = old.collab_id)
        AND currency = old.currency AND old.status <> 'cancelled';
END;
CREATE TRIGGER samples_count_update AFTER UPDATE OF status, qty, unit_cost_minor, currency, collab_id ON samples
WHEN old.status IS NOT new.status OR old.qty IS NOT new.qty OR old.unit_cost_minor IS NOT new.unit_cost_minor
    OR old.currency IS NOT new.currency OR old.collab_id IS NOT new.collab_id BEGIN
    UPDATE sample_counts SET n = n - 1
        WHERE campaign_id = (SELECT campaign_id FROM collabs WHERE id = old.collab_id) AND status = old.status;
    INSERT INTO sample_counts (campaign_id, status, n)
        VALUES ((SELECT campaign_id FROM collabs WHERE id = new.collab_id), new.status, 1)
        ON CONFLICT (campaign_id, status) DO UPDATE SET n = n + 1;
    UPDATE money_counts SET n = n - old.unit_cost_minor * old.qty
        WHERE kind = 'sample' AND campaign_id = (SELECT campaign_id FROM collabs WHERE id = old.collab_id)
        AND currency = old.currency AND old.status <> 'cancelled';
    INSERT INTO money_counts (kind, campaign_id, currency, n)
        SELECT 'sample', (SELECT campaign_id FROM collabs WHERE id = new.collab_id), new.currency, new.unit_cost_minor * new.qty
        WHERE new.status <> 'cancelled'
        ON CONFLICT (kind, campaign_id, currency) DO UPDATE SET n = n + excluded.n;
END;

-- A creator's reach, counted by tier and furthest stage.
CREATE TRIGGER creator_reach_count_insert AFTER INSERT ON creator_reach BEGIN
    INSERT INTO reach_counts (tier, furthest_rank, n)
        VALUES ((SELECT tier FROM creators WHERE id = new.creator_id), new.furthest_rank, 1)
        ON CONFLICT (tier, furthest_rank) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER creator_reach_count_delete AFTER DELETE ON creator_reach BEGIN
    UPDATE reach_counts SET n = n - 1
        WHERE tier = (SELECT tier FROM creators WHERE id = old.creator_id) AND furthest_rank = old.furthest_rank;
END;
CREATE TRIGGER creator_reach_count_update AFTER UPDATE OF furthest_rank ON creator_reach
WHEN old.furthest_rank IS NOT new.furthest_rank BEGIN
    UPDATE reach_counts SET n = n - 1
        WHERE tier = (SELECT tier FROM creators WHERE id = old.creator_id) AND furthest_rank = old.furthest_rank;
    INSERT INTO reach_counts (tier, furthest_rank, n)
        VALUES ((SELECT tier FROM creators WHERE id = new.creator_id), new.furthest_rank, 1)
        ON CONFLICT (tier, furthest_rank) DO UPDATE SET n = n + 1;
END;

-- A creator changing tier moves their pipelines' counts to the new tier.
CREATE TRIGGER creators_count_tier AFTER UPDATE OF tier ON creators
WHEN old.tier IS NOT new.tier BEGIN
    UPDATE funnel_counts SET n = n - (SELECT COUNT(*) FROM collabs k
            WHERE k.creator_id = new.id AND k.campaign_id = funnel_counts.campaign_id AND k.furthest_rank = funnel_counts.furthest_rank)
        WHERE tier = old.tier AND (campaign_id, furthest_rank) IN (SELECT campaign_id, furthest_rank FROM collabs WHERE creator_id = new.id);
    INSERT INTO funnel_counts (campaign_id, tier, furthest_rank, n)
        SELECT campaign_id, new.tier, furthest_rank, COUNT(*) FROM collabs WHERE creator_id = new.id GROUP BY campaign_id, furthest_rank
        ON CONFLICT (campaign_id, tier, furthest_rank) DO UPDATE SET n = n + excluded.n;
    UPDATE reach_counts SET n = n - 1
        WHERE tier = old.tier AND furthest_rank = (SELECT furthest_rank FROM creator_reach WHERE creator_id = new.id);
    INSERT INTO reach_counts (tier, furthest_rank, n)
        SELECT new.tier, furthest_rank, 1 FROM creator_reach WHERE creator_id = new.id
        ON CONFLICT (tier, furthest_rank) DO UPDATE SET n = n + 1;
END;

-- Rows go before what they belong to, so that their counters still find
-- it (a cascade would delete them after): a creator's pipelines before
-- the creator (their tier), a pipeline's samples before the pipeline
-- (their campaign).
CREATE TRIGGER creators_delete_collabs BEFORE DELETE ON creators BEGIN
    DELETE FROM collabs WHERE creator_id = old.id;
END;
CREATE TRIGGER collabs_delete_samples BEFORE DELETE ON collabs BEGIN
    DELETE FROM samples WHERE collab_id = old.id;
END;
