package store

// indexChunk is how many new creators one statement adds to the search
// index: FTS5 holds what one statement adds in memory, so a million rows
// at once took 150 MB more than chunks of this size.
const indexChunk = 50_000

// indexNew adds the creators this import created to the search index.
func (im *Import) indexNew() error {
	var top int64
	if err := im.tx.QueryRowContext(im.ctx, `SELECT COALESCE(MAX(id), 0) FROM creators`).Scan(&top); err != nil {
		return err
	}
	for from := im.indexed; from < top; from += indexChunk {
		if _, err := im.tx.ExecContext(im.ctx, `INSERT INTO creators_search (rowid, handle, display_name, email)
			SELECT id, handle, display_name, email FROM creators WHERE id > ? AND id <= ? ORDER BY id`, from, from+indexChunk); err != nil {
			return err
		}
	}
	return nil
}

// settingSearchPending marks, during an import, the last creator id in
// the search index (migration 8).
const settingSearchPending = "search_pending_after"

// searchInsertTrigger is migration 19's trigger, restored by an import.
const searchInsertTrigger = `CREATE TRIGGER creators_search_insert AFTER INSERT ON creators BEGIN
    INSERT INTO creators_search (rowid, handle, display_name, email)
        VALUES (new.id, new.handle, new.display_name, new.email);
END`

// countInsertTrigger is migration 10's trigger, restored by an import.
const countInsertTrigger = `CREATE TRIGGER creators_count_insert AFTER INSERT ON creators BEGIN
    INSERT INTO creator_counts (tier, n) VALUES (new.tier, 1)
        ON CONFLICT (tier) DO UPDATE SET n = n + 1;
END`
