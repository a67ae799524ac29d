package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"creatordesk/internal/privfile"
)

// privateMode is the mode of the database and its -wal and -shm.
const privateMode = privfile.Mode

// Tightened describes the files Open found open to other users and made
// private ("" when there were none), for the caller to say
// so on one line.
func (s *Store) Tightened() string { return s.tightened }

// tighten makes the database file and, when present, its -wal and -shm
// 0600 if they allow anyone but the owner in, and describes what changed.
func tighten(path string) (string, error) {
	var names []string
	var was fs.FileMode
	for _, suffix := range []string{"", "-wal", "-shm"} {
		st, err := os.Stat(path + suffix)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if st.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(path+suffix, privateMode); err != nil {
			return "", fmt.Errorf("make %s private: %w", path+suffix, err)
		}
		if suffix == "" {
			suffix = filepath.Base(path)
		}
		names = append(names, suffix)
		was |= st.Mode().Perm()
	}
	if len(names) == 0 {
		return "", nil
	}
	return fmt.Sprintf("%s was open to other users (%s, mode %04o): now 0600, yours alone",
		path, strings.Join(names, ", "), was), nil
}

// ForgetResult counts what Forget removed.
type ForgetResult struct {
	Handle                               string
	Pipelines, Messages, Samples, Events int64
	// Compacted says old copies of the creator were found in the file's
	// free space (left by edits before deletes were zeroed, or by SQLite
	// moving rows between pages) and the database was rebuilt without them.
	Compacted bool
	// Lingering says the write-ahead log could not be emptied (another
	// program kept reading): it may hold the creator until the next
	// checkpoint.
	Lingering bool
	// Copies are the exports and backups on the list that are still
	// there (see Copies): they may hold the creator.
	Copies []Copy
	// Removed are temporary files that exports and backups killed
	// mid-way had left, removed now.
	Removed []string
}

// Forget removes a creator and everything tied to them: tags, pipelines,
// their events, messages and samples, and the search index entries. It
// deletes with SQLite's secure_delete so the bytes are zeroed, not just
// unlinked (the search index is merged anew without them), then empties
// the write-ahead log into the file. If older free space still holds the
// creator's details it rebuilds the file (VACUUM). Exports and backups
// made earlier are not touched: those on the list are named in the result.
// Temporary files that killed exports and backups left are removed.
func (s *Store) Forget(ctx context.Context, handle string) (ForgetResult, error) {
	var res ForgetResult
	if s.batch != nil {
		return res, errors.New("forget cannot run inside a batch")
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	// secure_delete is per connection: on for this one, then as it was.
	var was int
	if err := conn.QueryRowContext(ctx, "PRAGMA secure_delete").Scan(&was); err != nil {
		return res, err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
		return res, err
	}
	defer conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA secure_delete = %d", was))

	var traces, tags []string
	tx, err := s.beginOn(ctx, conn)
	if err != nil {
		return res, err
	}
	defer s.announce("a forget")()
	err = func() error {
		id, h, err := creatorID(ctx, tx, handle)
		if err != nil {
			return err
		}
		res.Handle = h
		if traces, tags, err = creatorTraces(ctx, tx, id); err != nil {
			return err
		}
		if err := deleteCreator(ctx, tx, id, &res); err != nil {
			return err
		}
		return forgetStatistics(ctx, tx, append(append([]string{h}, traces...), tags...))
	}()
	if err != nil {
		tx.Rollback()
		return res, err
	}
	if err := tx.Commit(); err != nil {
		return res, err
	}
	err = s.clearFiles(ctx, conn, traces, &res)
	// The creator is gone from the database whatever happens next.
	removed, rerr := s.RemoveStaleTemps()
	copies, cerr := s.Copies()
	res.Removed, res.Copies = removed, copies
	switch {
	case err != nil:
		return res, err
	case rerr != nil:
		return res, fmt.Errorf("@%s is forgotten, but removing what killed exports and backups left failed: %w", res.Handle, rerr)
	case cerr != nil:
		return res, fmt.Errorf("@%s is forgotten, but reading the list of exports and backups failed: %w", res.Handle, cerr)
	}
	return res, nil
}

// clearFiles empties the write-ahead log into the database file, and
// rebuilds the file if its free space still holds one of the traces.
func (s *Store) clearFiles(ctx context.Context, conn *sql.Conn, traces []string, res *ForgetResult) error {
	var err error
	if res.Lingering, err = checkpoint(ctx, conn); err != nil {
		return err
	}
	found, err := freeSpaceHolds(ctx, conn, traces)
	if err != nil {
		return fmt.Errorf("@%s is forgotten, but checking the file for old copies failed: %w", res.Handle, err)
	}
	if !found {
		return nil
	}
	// Free space written before deletes were zeroed still holds some of
	// the creator: rebuild the file without it. The rebuild's scratch copy
	// goes to a temporary file, not memory (the DSN's temp_store).
	if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
		return err
	}
	err = s.whileBusy(ctx, func() error {
		_, err := conn.ExecContext(ctx, "VACUUM")
		return err
	})
	conn.ExecContext(context.Background(), "PRAGMA temp_store = MEMORY")
	if err != nil {
		return fmt.Errorf("@%s is forgotten, but compacting the file to clear old copies failed: %w", res.Handle, err)
	}
	res.Compacted = true
	res.Lingering, err = checkpoint(ctx, conn)
	return err
}

// deleteCreator deletes a creator's rows table by table (foreign keys
// would cascade, but the counts are reported and a missing ON DELETE would
// fail here instead of leaving rows), then merges the search index into
// one new segment without them.
func deleteCreator(ctx context.Context, tx *sql.Tx, id int64, res *ForgetResult) error {
	const pipelines = "pipeline_id IN (SELECT id FROM pipelines WHERE creator_id = ?)"
	// The changes only this creator's history rows make up go with them:
	// when and by whom something was done to someone no longer there.
	var changes string
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(json_group_array(DISTINCT change_id), '[]') FROM history
		WHERE creator_id = ? AND change_id IS NOT NULL`, id).Scan(&changes); err != nil {
		return err
	}
	for _, d := range []struct {
		sql string
		n   *int64
	}{
		{"DELETE FROM invitations WHERE " + pipelines, &res.Messages},
		{"DELETE FROM samples WHERE " + pipelines, &res.Samples},
		{"DELETE FROM history WHERE creator_id = ?", &res.Events},
		{"DELETE FROM pipelines WHERE creator_id = ?", &res.Pipelines},
		{"DELETE FROM creator_tags WHERE creator_id = ?", nil},
		{"DELETE FROM creators WHERE id = ?", nil}, // its trigger deletes the search entry
	} {
		r, err := tx.ExecContext(ctx, d.sql, id)
		if err != nil {
			return err
		}
		if d.n != nil {
			*d.n, _ = r.RowsAffected()
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM changes WHERE id IN (SELECT value FROM json_each(?))
		AND NOT EXISTS (SELECT 1 FROM history h WHERE h.change_id = changes.id)`, changes); err != nil {
		return err
	}
	// A delete only marks the entry deleted; the creator's trigrams stay
	// in the index's segments until they are merged. 'optimize' merges
	// them all now, and secure_delete zeroes the pages it frees. FTS5's
	// own 'secure-delete' would be cheaper but upgrades the index to a
	// format SQLite before 3.42 cannot read (Debian 12's sqlite3, Python).
	_, err := tx.ExecContext(ctx, "INSERT INTO creators_search (creators_search) VALUES ('optimize')")
	return err
}

// creatorTraces lists the creator's own words as stored, and as the
// history keeps them from before: what must not be found in the file's
// free space afterwards. Long texts are represented
// by their first and last bytes, which also catch a text split over pages.
// Tags come apart: labels many creators share, which old copies of others
// would match.
func creatorTraces(ctx context.Context, tx *sql.Tx, id int64) (traces, tags []string, err error) {
	const (
		minLen = 5 // shorter strings match unrelated bytes
		edge   = 24
	)
	rows, err := tx.QueryContext(ctx, `
		SELECT 0, handle FROM creators WHERE id = ?1
		UNION ALL SELECT 0, display_name FROM creators WHERE id = ?1
		UNION ALL SELECT 0, email FROM creators WHERE id = ?1
		UNION ALL SELECT 0, phone FROM creators WHERE id = ?1
		UNION ALL SELECT 0, notes FROM creators WHERE id = ?1
		UNION ALL SELECT 0, dnc_reason FROM creators WHERE id = ?1
		UNION ALL SELECT 0, discount_code FROM pipelines WHERE creator_id = ?1 AND discount_code IS NOT NULL
		UNION ALL SELECT 0, s.tracking FROM samples s JOIN pipelines k ON k.id = s.pipeline_id WHERE k.creator_id = ?1
		UNION ALL SELECT 0, s.video_url FROM samples s JOIN pipelines k ON k.id = s.pipeline_id WHERE k.creator_id = ?1
		UNION ALL SELECT 0, i.to_addr FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id WHERE k.creator_id = ?1
		UNION ALL SELECT 1, tag FROM creator_tags WHERE creator_id = ?1
		UNION ALL SELECT field = 'tag', old_value FROM history WHERE creator_id = ?1 AND old_value <> ''
			AND field IN ('display_name', 'email', 'phone', 'notes', 'discount_code', 'tag')
		UNION ALL SELECT field = 'tag', new_value FROM history WHERE creator_id = ?1 AND new_value <> ''
			AND field IN ('display_name', 'email', 'phone', 'notes', 'discount_code', 'tag')`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var tag bool
		var v string
		if err := rows.Scan(&tag, &v); err != nil {
			return nil, nil, err
		}
		if tag {
			tags = append(tags, v)
			continue
		}
		parts := []string{v}
		if len(v) > 2*edge {
			parts = []string{v[:edge], v[len(v)-edge:]}
		}
		for _, p := range parts {
			if len(p) >= minLen && !seen[p] {
				seen[p] = true
				traces = append(traces, p)
			}
		}
	}
	return traces, tags, rows.Err()
}

// forgetStatistics drops the planner's samples that hold the creator.
// With STAT4 (modernc builds it) ANALYZE keeps sample index entries,
// handles and discount codes among them.
func forgetStatistics(ctx context.Context, tx *sql.Tx, words []string) error {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'").Scan(&n)
	if err != nil || n == 0 {
		return err
	}
	for _, w := range words {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sqlite_stat4 WHERE instr(sample, ?) > 0", []byte(w)); err != nil {
			return err
		}
	}
	return nil
}

// checkpoint copies the write-ahead log into the database file and empties
// it; lingering is true when a reader kept it from finishing.
func checkpoint(ctx context.Context, conn *sql.Conn) (lingering bool, err error) {
	var busy, logged, moved int
	err = conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &moved)
	return busy != 0, err
}

// freeSpaceHolds reports whether the database file's free space holds one
// of the strings: freelist pages, and in b-tree pages the gap between the
// cell pointers and the cells and the freed blocks among the cells (see
// https://www.sqlite.org/fileformat2.html). Live rows are not searched:
// other creators may share a name or a tag. It only reads.
func freeSpaceHolds(ctx context.Context, conn *sql.Conn, traces []string) (bool, error) {
	if len(traces) == 0 {
		return false, nil
	}
	free, err := freelist(ctx, conn)
	if err != nil {
		return false, err
	}
	rows, err := conn.QueryContext(ctx, "SELECT pgno, data FROM sqlite_dbpage")
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var pgno int64
		var page []byte
		if err := rows.Scan(&pgno, &page); err != nil {
			return false, err
		}
		var parts [][]byte
		if from, ok := free[pgno]; ok {
			parts = [][]byte{page[min(from, len(page)):]}
		} else {
			parts = unusedParts(page, pgno == 1)
		}
		for _, p := range parts {
			for _, t := range traces {
				if bytes.Contains(p, []byte(t)) {
					return true, nil
				}
			}
		}
	}
	return false, rows.Err()
}

// freelist maps each free page to where its unused bytes start: 0 for a
// leaf, after the list of leaves for a trunk page.
func freelist(ctx context.Context, conn *sql.Conn) (map[int64]int, error) {
	page := func(n int64) ([]byte, error) {
		var data []byte
		err := conn.QueryRowContext(ctx, "SELECT data FROM sqlite_dbpage WHERE pgno = ?", n).Scan(&data)
		return data, err
	}
	first, err := page(1)
	if err != nil || len(first) < 40 {
		return nil, err
	}
	free := map[int64]int{}
	trunk := int64(binary.BigEndian.Uint32(first[32:]))
	for trunk != 0 && len(free) <= 1<<31 {
		if _, seen := free[trunk]; seen {
			break // a damaged list: stop rather than loop
		}
		data, err := page(trunk)
		if err != nil || len(data) < 8 {
			return free, err
		}
		leaves := min(int(binary.BigEndian.Uint32(data[4:])), (len(data)-8)/4)
		free[trunk] = 8 + 4*leaves
		for i := range leaves {
			free[int64(binary.BigEndian.Uint32(data[8+4*i:]))] = 0
		}
		trunk = int64(binary.BigEndian.Uint32(data[0:]))
	}
	return free, nil
}

// unusedParts returns a b-tree page's unallocated gap and the contents of
// its freeblocks; nil for other pages (overflow pages start with a page
// number, never a b-tree page type).
func unusedParts(page []byte, first bool) [][]byte {
	h := 0
	if first {
		h = 100 // the database header
	}
	if len(page) < h+12 {
		return nil
	}
	var size int
	switch page[h] {
	case 2, 5: // interior pages
		size = 12
	case 10, 13: // leaf pages
		size = 8
	default:
		return nil
	}
	be16 := func(i int) int { return int(binary.BigEndian.Uint16(page[i:])) }
	cells, content := be16(h+3), be16(h+5)
	if content == 0 {
		content = 65536
	}
	var parts [][]byte
	if gap := h + size + 2*cells; gap < content && content <= len(page) {
		parts = append(parts, page[gap:content])
	}
	for pc, n := be16(h+1), 0; pc != 0 && pc+4 <= len(page) && n < len(page)/4; n++ {
		end := pc + be16(pc+2)
		if end > len(page) || end < pc+4 {
			break
		}
		parts = append(parts, page[pc+4:end])
		pc = be16(pc)
	}
	return parts
}

// Backup writes a consistent copy of the database to path while others
// keep using it: VACUUM INTO a 0600 temporary file beside path, renamed
// into place when complete. It refuses an existing path unless overwrite,
// and the store's own files (OwnFile) always; on failure nothing is left
// behind. The backup goes on the list of copies first, and temporary files
// that killed exports and backups left are removed.
func (s *Store) Backup(ctx context.Context, path string, overwrite bool) error {
	if own := s.OwnFile(path); own != "" {
		return fmt.Errorf("%s is %s: back up to another file", path, own)
	}
	if _, err := os.Lstat(path); err == nil && !overwrite {
		return fmt.Errorf("%s already exists: choose a new name, or --force to replace it", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// An empty file is a valid VACUUM INTO target; creating it first fixes
	// its mode and checks that the directory is writable.
	tmp, err := s.CreateCopy(CopyBackup, path)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	defer tmp.Abort()
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp.Name()); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if err := tmp.Commit(); err != nil {
		return fmt.Errorf("back up to %s: %w", path, unwrapPath(err))
	}
	return nil
}

// unwrapPath drops the temporary name an os error repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
