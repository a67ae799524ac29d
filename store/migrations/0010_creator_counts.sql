-- creatordesk schema, version 10: creators counted by tier in a counter
-- kept by triggers, like migration 9's, instead of counting a million
-- index entries on every dashboard load (~60 ms → well under 1 ms).
--
-- An import adds its new creators to the count in one statement at commit,
-- as it does to the search index (migration 8): it drops the insert
-- trigger for its transaction, and settings row 'search_pending_after'
-- holds the last creator id already counted; changes to rows above it are
-- left to that statement.
CREATE TABLE creator_counts (
    tier TEXT   PRIMARY KEY,
    n    BIGINT NOT NULL
);
INSERT INTO creator_counts (tier, n) SELECT tier, COUNT(*) FROM creators GROUP BY tier;

CREATE TRIGGER creators_count_insert AFTER INSERT ON creators BEGIN
    INSERT INTO creator_counts (tier, n) VALUES (new.tier, 1)
        ON CONFLICT (tier) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER creators_count_delete AFTER DELETE ON creators
WHEN old.id <= COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'search_pending_after'), old.id) BEGIN
    UPDATE creator_counts SET n = n - 1 WHERE tier = old.tier;
END;
CREATE TRIGGER creators_count_retier AFTER UPDATE OF tier ON creators
WHEN old.tier IS NOT new.tier
    AND old.id <= COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'search_pending_after'), old.id) BEGIN
    UPDATE creator_counts SET n = n - 1 WHERE tier = old.tier;
    INSERT INTO creator_counts (tier, n) VALUES (new.tier, 1)
        ON CONFLICT (tier) DO UPDATE SET n = n + 1;
END;
