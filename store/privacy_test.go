package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"creatordesk/outreach"
)

// withUmask runs the rest of the test under umask m (the tests in this
// package do not run in parallel: the umask is the whole process's).
func withUmask(t *testing.T, m int) {
	t.Helper()
	old := syscall.Umask(m)
	t.Cleanup(func() { syscall.Umask(old) })
}

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Errorf("%s: %v", filepath.Base(path), err)
		return
	}
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s mode %04o, want %04o", filepath.Base(path), got, want)
	}
}

func TestPrivateModesUnderUmaskZero(t *testing.T) {
	withUmask(t, 0)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data", "creatordesk")
	path := filepath.Join(dir, "creatordesk.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(10)))
	// A second connection reading keeps the -wal and -shm in place.
	s2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.Creator(ctx, "anna"); err != nil {
		t.Fatal(err)
	}
	wantMode(t, dir, 0o700)
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		wantMode(t, f, 0o600)
	}
	if s.Tightened() != "" || s2.Tightened() != "" {
		t.Errorf("a new database reported as tightened: %q, %q", s.Tightened(), s2.Tightened())
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, backup, false); err != nil {
		t.Fatal(err)
	}
	wantMode(t, backup, 0o600)
}

func TestOpenTightensALooseDatabase(t *testing.T) {
	withUmask(t, 0)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "loose.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(10)))
	// Loosen the file and its -wal while it is open, as a copy with cp or
	// an older creatordesk might have left them.
	for _, f := range []string{path, path + "-wal"} {
		if err := os.Chmod(f, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	note := s2.Tightened()
	if !strings.Contains(note, path) || !strings.Contains(note, "0644") || !strings.Contains(note, "-wal") || strings.Contains(note, "\n") {
		t.Errorf("notice %q: want one line naming the file, -wal and the old mode", note)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		wantMode(t, f, 0o600)
	}
	s2.Close()
	s.Close()
	s3, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	if s3.Tightened() != "" {
		t.Errorf("a private database reported as tightened: %q", s3.Tightened())
	}
}

// forgetMe is a creator with a distinctive string in every field. The
// display name holds a rare three-byte character four times: its trigram
// (the search index's term) is nine bytes found nowhere else.
var forgetMe = outreach.Creator{
	Handle:      "zz_forget.me_q7",
	DisplayName: "Wilhelmina Quixcott ꙮꙮꙮꙮ",
	Email:       "wilhelmina.quixcott@private-example.org",
	Phone:       "+44 7700 900431",
	Notes:       "Home: 42 Quixcott Lane, Thimbleby TB9 4QX",
	Category:    "beauty",
	Region:      "GB",
	Tags:        []string{"met-at-quixcott-expo"},
}

const forgetTracking = "1ZQX9F0RG3TME0042"

// An email and a tag the creator had once: only the history holds them.
const (
	forgetOldEmail = "w.q.formerly@old-example.org"
	forgetOldTag   = "formerly-wq-fan"
)

// forgetTraces are the byte strings that must not survive a forget.
func forgetTraces(code string) []string {
	return []string{forgetMe.Handle, "Wilhelmina", "Quixcott", "ꙮꙮꙮ", forgetMe.Email, forgetMe.Phone, "Quixcott Lane",
		"Thimbleby", "TB9 4QX", "met-at-quixcott-expo", forgetTracking, code, "an old note about Wilhelmina", forgetOldEmail,
		forgetOldTag}
}

func TestForgetLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: t0}
	path := filepath.Join(t.TempDir(), "forget.db")
	s, err := Open(ctx, path, Options{Now: c.now, Email: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Glow", DefaultCommission: 1200}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	me := forgetMe
	me.Followers = i64(5000)
	rows := []outreach.CreatorRow{{Line: 2, Creator: me}}
	others := []string{}
	for i := range 60 {
		h := fmt.Sprintf("other_%02d", i)
		others = append(others, h)
		rows = append(rows, outreach.CreatorRow{Line: i + 3, Creator: outreach.Creator{Handle: h, DisplayName: "Other " + h,
			Email: h + "@example.com", Followers: i64(int64(1000 + i)), Notes: "note for " + h}})
	}
	importRows(t, s, ImportOptions{}, rows...)

	// Edits that rewrite the creator's rows leave old copies behind unless
	// they were zeroed: notes twice, a code, messages, a sample shipped.
	if err := s.SetNotes(ctx, me.Handle, "an old note about Wilhelmina, to be replaced"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetNotes(ctx, me.Handle, me.Notes); err != nil {
		t.Fatal(err)
	}
	// The history keeps every kind of change, old values too: contact
	// fields and tier, tags, notes (above), terms, the code, messages,
	// moves and samples (below).
	if _, _, err := s.UpdateCreator(ctx, me.Handle, CreatorEdit{Email: Str(forgetOldEmail), Name: Str("Mina Quixcott"), Tier: Str("head")}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.UpdateCreator(ctx, me.Handle, CreatorEdit{Email: Str(me.Email), Name: Str(me.DisplayName), Tier: Str("auto")}); err != nil {
		t.Fatal(err)
	}
	if err := s.EditTags(ctx, me.Handle, []string{forgetOldTag}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.EditTags(ctx, me.Handle, nil, []string{forgetOldTag}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTerms(ctx, me.Handle, "Glow", outreach.Terms{Commission: 1500}); err != nil {
		t.Fatal(err)
	}
	code, err := s.GiveDiscountCode(ctx, me.Handle, "Glow")
	if err != nil || code == "" {
		t.Fatalf("code %q, %v", code, err)
	}
	if n, held, err := s.Queue(ctx, QueueRequest{Handles: append([]string{me.Handle}, others[:10]...), Campaign: "Glow"}); err != nil || n != 11 {
		t.Fatalf("queued %d, held %v, %v", n, held, err)
	}
	inv := sndLast(t, s, me.Handle)
	if inv.ToAddr != me.Email || !strings.Contains(inv.Body, "Wilhelmina") {
		t.Fatalf("invitation to %q: %q", inv.ToAddr, inv.Body)
	}
	if err := s.MarkSent(ctx, inv.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(24 * time.Hour)
	if err := s.MarkReplied(ctx, inv.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveStage(ctx, Move{Handle: me.Handle, Campaign: "Glow", To: outreach.Partnered, Note: "Wilhelmina said yes"}); err != nil {
		t.Fatal(err)
	}
	sample, err := s.RecordSample(ctx, me.Handle, "Glow", outreach.Shipment{SKU: "SERUM-1", Qty: 1}, 14)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkShipped(ctx, sample, "UPS", forgetTracking, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// Statistics keep sample index entries (handles, codes) with STAT4.
	if _, err := s.db.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}

	// The dashboard has the database open too, and has read the creator.
	other, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Pipelines(ctx, me.Handle); err != nil {
		t.Fatal(err)
	}
	mine, err := s.Creator(ctx, me.Handle)
	if err != nil {
		t.Fatal(err)
	}
	meID := mine.ID
	var fields []string
	if rows, err := s.db.Query("SELECT DISTINCT field FROM history WHERE creator_id = ? ORDER BY 1", meID); err == nil {
		for rows.Next() {
			var f string
			rows.Scan(&f)
			fields = append(fields, f)
		}
		rows.Close()
	}
	for _, f := range []string{"commission_bp", "discount_code", "display_name", "email", "invitation", "notes", "stage", "tag", "tier"} {
		if !slices.Contains(fields, f) {
			t.Fatalf("test is blind: no %s in the history before forgetting (%v)", f, fields)
		}
	}
	before := rawDB(t, path)
	for _, tr := range []string{me.Handle, me.Email, forgetTracking, code, "ꙮꙮꙮ", forgetOldEmail, forgetOldTag} {
		if !bytes.Contains(before, []byte(tr)) {
			t.Fatalf("test is blind: %q is not in the files before forgetting", tr)
		}
	}

	res, err := s.Forget(ctx, "@ZZ_Forget.Me_Q7")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("forget: %+v", res)
	// Edits zero what they replace (secure_delete FAST), so no rebuild.
	if res.Handle != me.Handle || res.Pipelines != 1 || res.Messages < 1 || res.Samples != 1 || res.Events < 3 || res.Lingering || res.Compacted {
		t.Errorf("result %+v", res)
	}

	var left, orphans, shared int
	if err := s.db.QueryRow(`SELECT (SELECT COUNT(*) FROM history WHERE creator_id = ?),
			(SELECT COUNT(*) FROM changes c WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.change_id = c.id)),
			(SELECT COUNT(*) FROM history h JOIN changes c ON c.id = h.change_id WHERE h.field = 'invitation')`, meID).
		Scan(&left, &orphans, &shared); err != nil {
		t.Fatal(err)
	}
	// The queueing's change was the others' too: it stays, with their rows.
	if left != 0 || orphans != 0 || shared != 10 {
		t.Errorf("after forget: %d history rows of the creator, %d changes of nobody, %d queued rows of others (want 0, 0, 10)",
			left, orphans, shared)
	}

	raw := rawDB(t, path)
	for _, tr := range forgetTraces(code) {
		if i := bytes.Index(raw, []byte(tr)); i >= 0 {
			t.Errorf("%q still in the database files at byte %d", tr, i)
		}
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() != 0 {
		t.Errorf("-wal holds %d bytes after the checkpoint", st.Size())
	}
	for _, tr := range forgetTraces(code) {
		if table, ok := rowsHold(t, s.db, tr); ok {
			t.Errorf("%q still in table %s", tr, table)
		}
	}

	// Everyone else is still there, searchable, and the files are sound.
	if _, err := s.Creator(ctx, me.Handle); !errors.Is(err, ErrNotFound) {
		t.Errorf("forgotten creator: %v", err)
	}
	for _, st := range []*Store{s, other} {
		n, err := st.CountCreators(ctx)
		if err != nil || n.Total != 60 {
			t.Errorf("%d creators left, %v", n.Total, err)
		}
		page, err := st.Creators(ctx, CreatorQuery{Search: "other_4", Limit: 20})
		if err != nil || len(page.Creators) != 10 {
			t.Errorf("search after forget: %d rows, %v", len(page.Creators), err)
		}
		if page, err := st.Creators(ctx, CreatorQuery{Search: "quixcott", Limit: 20}); err != nil || len(page.Creators) != 0 {
			t.Errorf("the forgotten creator is still found: %d, %v", len(page.Creators), err)
		}
	}
	var check string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check %q, %v", check, err)
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO creators_search (creators_search) VALUES ('integrity-check')"); err != nil {
		t.Errorf("search index: %v", err)
	}
	if v := searchFormat(t, s); v != 4 {
		t.Errorf("search index in FTS5 format %d after forget, want 4 (SQLite before 3.42 reads no other)", v)
	}
	if _, err := s.Forget(ctx, me.Handle); !errors.Is(err, ErrNotFound) {
		t.Errorf("forget twice: %v", err)
	}
}

// A database edited before edits zeroed what they replaced keeps old
// copies of rows in free space: Forget finds them and rebuilds the file.
func TestForgetClearsOldCopies(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	importRows(t, s, ImportOptions{}, row(2, "old_copies_q7", i64(10)), row(3, "someone_else", i64(20)))
	old, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.ExecContext(ctx, "PRAGMA secure_delete = 0"); err != nil {
		t.Fatal(err)
	}
	// A row that shrinks takes the end of its old place; the start, with
	// the handle, the email and the start of the notes, is left as it was.
	for _, notes := range []string{"Home: 17 Quillfeather Road, " + strings.Repeat("far ", 100), "Gone quiet"} {
		if _, err := old.ExecContext(ctx, "UPDATE creators SET notes = ?, email = ? WHERE handle = 'old_copies_q7'", notes, "qq."+notes[:4]+"@quillfeather.example"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	old.ExecContext(ctx, "PRAGMA secure_delete = FAST")
	old.Close()
	if !bytes.Contains(rawDB(t, s.Path()), []byte("Quillfeather Road")) {
		t.Fatal("test is blind: no old copy in the file")
	}
	res, err := s.Forget(ctx, "old_copies_q7")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Compacted {
		t.Errorf("old copies found, but the file was not rebuilt: %+v", res)
	}
	raw := rawDB(t, s.Path())
	for _, tr := range []string{"old_copies_q7", "Quillfeather", "quillfeather.example"} {
		if bytes.Contains(raw, []byte(tr)) {
			t.Errorf("%q still in the database files", tr)
		}
	}
	if _, err := s.Creator(ctx, "someone_else"); err != nil {
		t.Error(err)
	}
}

// rawDB is the database file followed by its -wal, as on disk.
func rawDB(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if wal, err := os.ReadFile(path + "-wal"); err == nil {
		data = append(data, wal...)
	}
	return data
}

// rowsHold looks for s in every column of every table, shadow tables of
// the search index included, and names the first table holding it.
func rowsHold(t *testing.T, db *sql.DB, s string) (string, bool) {
	t.Helper()
	var tables []string
	rows, err := db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, table := range tables {
		rs, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		found := false
		for rs.Next() && !found {
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				switch v := v.(type) {
				case string:
					found = found || strings.Contains(v, s)
				case []byte:
					found = found || bytes.Contains(v, []byte(s))
				}
			}
		}
		rs.Close()
		if found {
			return table, true
		}
	}
	return "", false
}

func TestForgetUnknownCreator(t *testing.T) {
	s, _ := openTest(t)
	importRows(t, s, ImportOptions{}, row(2, "anna", i64(10)))
	if _, err := s.Forget(context.Background(), "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("forget an unknown handle: %v", err)
	}
	if n, _ := s.CountCreators(context.Background()); n.Total != 1 {
		t.Errorf("%d creators left", n.Total)
	}
}

func TestBackupWhileWritingAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	importRows(t, s, ImportOptions{}, row(2, "before_backup", i64(10)))
	writer, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Another connection keeps importing while the backup runs.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written int
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			im, err := writer.BeginImport(ctx, ImportOptions{})
			if err != nil {
				t.Error(err)
				return
			}
			im.NextFile("w.csv")
			im.Add(row(i+2, fmt.Sprintf("during_%04d", i), i64(int64(i))))
			if _, err := im.Commit(); err != nil {
				t.Error(err)
				return
			}
			written++
		}
	}()
	time.Sleep(20 * time.Millisecond)
	backup := filepath.Join(dir, "backups", "b.db")
	os.Mkdir(filepath.Dir(backup), 0o700)
	err = s.Backup(ctx, backup, false)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	writer.Close()
	if written == 0 {
		t.Fatal("nothing was written during the backup")
	}
	if names := dirNames(t, filepath.Dir(backup)); len(names) != 1 || names[0] != "b.db" {
		t.Errorf("backup directory holds %q", names)
	}
	wantMode(t, backup, 0o600)

	b, err := Open(ctx, backup, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := b.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("backup integrity_check %q, %v", check, err)
	}
	if _, err := b.Creator(ctx, "before_backup"); err != nil {
		t.Errorf("backup lacks what was there before: %v", err)
	}
	n, _ := b.CountCreators(ctx)
	b.Close()
	t.Logf("backup holds %d creators; %d written during it", n.Total, written)

	// Restore as the README says: stop the dashboard, remove the -wal and
	// -shm, copy the backup over the database.
	importRows(t, s, ImportOptions{}, row(2, "after_backup", i64(10)))
	s.Close()
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("restored integrity_check %q, %v", check, err)
	}
	if got, _ := r.CountCreators(ctx); got.Total != n.Total {
		t.Errorf("restored %d creators, the backup held %d", got.Total, n.Total)
	}
	if _, err := r.Creator(ctx, "after_backup"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a creator added after the backup survived the restore: %v", err)
	}
	importRows(t, r, ImportOptions{}, row(2, "after_restore", i64(10)))
	if page, err := r.Creators(ctx, CreatorQuery{Search: "after_res", Limit: 5}); err != nil || len(page.Creators) != 1 {
		t.Errorf("search in the restored database: %d, %v", len(page.Creators), err)
	}
}

func TestBackupRefusals(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	dir := t.TempDir()
	existing := filepath.Join(dir, "old.db")
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := s.Backup(ctx, existing, false)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if data, _ := os.ReadFile(existing); string(data) != "keep me" {
		t.Errorf("existing file changed: %q", data)
	}
	if err := s.Backup(ctx, existing, true); err != nil {
		t.Errorf("backup --force: %v", err)
	}
	if data, _ := os.ReadFile(existing); !bytes.HasPrefix(data, []byte("SQLite format 3\x00")) {
		t.Errorf("forced backup did not replace the file")
	}
	for _, bad := range []string{
		filepath.Join(dir, "missing", "b.db"), // no such directory
		filepath.Join(existing, "b.db"),       // a file where a directory should be
		s.Path(),                              // the live database itself
		s.Path() + "-wal",
	} {
		err := s.Backup(ctx, bad, true)
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("backup to %s: %v, want an error naming it", bad, err)
		}
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("left behind: %q", names)
	}
	// The database, its -wal and -shm, and the list of copies.
	if names := dirNames(t, filepath.Dir(s.Path())); len(names) > 4 {
		t.Errorf("left beside the database: %q", names)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// searchFormat is the search index's FTS5 file format: 4 is what every
// SQLite since 3.9 reads, 5 only 3.42 and later.
func searchFormat(t *testing.T, s *Store) int {
	t.Helper()
	var v int
	if err := s.db.QueryRow("SELECT v FROM creators_search_config WHERE k = 'version'").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// upgradedSearch makes a database as forget left it before schema 12: its
// search index upgraded to FTS5 format 5 by 'secure-delete'.
func upgradedSearch(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importRows(t, s, ImportOptions{}, row(2, "abc_one", i64(10)), row(3, "abc_two", i64(20)), row(4, "someone", i64(30)))
	for _, q := range []string{
		"INSERT INTO creators_search (creators_search, rank) VALUES ('secure-delete', 1)",
		"DELETE FROM creators WHERE handle = 'abc_two'",
		"INSERT INTO creators_search (creators_search, rank) VALUES ('secure-delete', 0)",
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	undoQueuePaging(t, s.db)
	for _, q := range []string{
		"PRAGMA user_version = 11",
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	if v := searchFormat(t, s); v != 5 {
		t.Fatalf("test is blind: the index is in format %d, not 5", v)
	}
}

// A search index that an earlier forget upgraded to format 5 is rebuilt in
// format 4 when the database is opened, once.
func TestOpenRebuildsAnUpgradedSearchIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "upgraded.db")
	upgradedSearch(t, path)
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := searchFormat(t, s); v != 4 {
		t.Errorf("search index in format %d after opening, want 4", v)
	}
	page, err := s.Creators(ctx, CreatorQuery{Search: "abc", Limit: 5})
	if err != nil || len(page.Creators) != 1 || page.Creators[0].Handle != "abc_one" {
		t.Errorf("search after the rebuild: %+v, %v", page.Creators, err)
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO creators_search (creators_search) VALUES ('integrity-check')"); err != nil {
		t.Errorf("search index: %v", err)
	}
}

// debianSQLite is the sqlite3 Debian 12 ships (3.40): what people open the
// file with, like Python's sqlite3 module of the same age.
const debianSQLite = "/usr/bin/sqlite3"

// After forget, and after opening a database an earlier forget had
// upgraded, Debian's sqlite3 still reads the file and searches it.
func TestDebianSQLiteReadsTheDatabase(t *testing.T) {
	if _, err := os.Stat(debianSQLite); err != nil {
		// The only skip: the check needs that very program (apt-get
		// install sqlite3). TestOpenRebuildsAnUpgradedSearchIndex and
		// TestForgetLeavesNoTrace still check the format number.
		t.Skipf("%s is not installed: cannot check that Debian's sqlite3 reads the database", debianSQLite)
	}
	version, err := exec.Command(debianSQLite, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sqlite3 %s", bytes.Fields(version)[0])
	ctx := context.Background()
	dir := t.TempDir()
	forgot := filepath.Join(dir, "forgot.db")
	s, err := Open(ctx, forgot, Options{})
	if err != nil {
		t.Fatal(err)
	}
	importRows(t, s, ImportOptions{}, row(2, "abc_one", i64(10)), row(3, "abc_two", i64(20)), row(4, "someone", i64(30)))
	if _, err := s.Forget(ctx, "abc_two"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	upgraded := filepath.Join(dir, "upgraded.db")
	upgradedSearch(t, upgraded)
	if out, err := exec.Command(debianSQLite, upgraded, "SELECT count(*) FROM creators_search WHERE creators_search MATCH 'abc'").CombinedOutput(); err == nil {
		t.Fatalf("test is blind: sqlite3 reads a format 5 index: %s", out)
	}
	s, err = Open(ctx, upgraded, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, path := range []string{forgot, upgraded} {
		for _, q := range []struct{ sql, want string }{
			{"SELECT count(*) FROM creators_search WHERE creators_search MATCH 'abc'", "1"},
			{"PRAGMA integrity_check", "ok"},
			{"INSERT INTO creators_search (creators_search) VALUES ('integrity-check')", ""},
		} {
			out, err := exec.Command(debianSQLite, path, q.sql).CombinedOutput()
			if got := strings.TrimSpace(string(out)); err != nil || got != q.want {
				t.Errorf("sqlite3 %s %q: %q, %v; want %q", filepath.Base(path), q.sql, got, err, q.want)
			}
		}
	}
}
