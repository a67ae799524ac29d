-- creatordesk schema, version 20: order lines of Seller Center's
-- affiliate-orders export.
--
-- A line is one SKU of one order, keyed as the export keys it. The creator
-- is kept as the normalised handle, not a creator id: results match it to
-- creators by handle when they read, so orders of a creator added later
-- count from then on. Amounts are in the line's currency's minor unit;
-- actual_commission_minor is NULL until the platform pays it. revisions
-- counts the later exports that changed the line. IF NOT EXISTS: tests
-- that step the version back to replay older migrations keep this table.

CREATE TABLE IF NOT EXISTS order_lines (
    order_id                TEXT    NOT NULL,
    sku_id                  TEXT    NOT NULL,
    creator_handle          TEXT    NOT NULL,
    product_id              TEXT    NOT NULL DEFAULT '',
    product_name            TEXT    NOT NULL DEFAULT '',
    seller_sku              TEXT    NOT NULL DEFAULT '',
    currency                TEXT    NOT NULL,
    payment_minor           BIGINT  NOT NULL,
    quantity                BIGINT  NOT NULL,
    refunded                INTEGER NOT NULL DEFAULT 0,
    status                  TEXT    NOT NULL DEFAULT '',
    commission_bp           INTEGER NOT NULL DEFAULT 0,
    est_commission_minor    BIGINT  NOT NULL DEFAULT 0,
    actual_commission_minor BIGINT,
    created_at              BIGINT,
    commission_paid_at      BIGINT,
    imported_at             BIGINT  NOT NULL,
    updated_at              BIGINT  NOT NULL,
    revisions               INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id, sku_id)
);
CREATE INDEX IF NOT EXISTS order_lines_by_creator ON order_lines (creator_handle);
