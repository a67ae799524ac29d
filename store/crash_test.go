package store_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"modernc.org/sqlite"

	"creatordesk/internal/killtest"
	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/transfer"
)

// TestCrashHelper is the child's side of the crash tests (see killtest).
func TestCrashHelper(t *testing.T) {
	switch killtest.Mode() {
	case "":
	case "import":
		killtest.Exit(importChild(os.Getenv("CRASH_DB"), strings.Split(os.Getenv("CRASH_FILES"), ",")))
	case "open":
		killtest.Exit(openChild(os.Getenv("CRASH_DB")))
	case "watch-read", "watch-write":
		killtest.Exit(watchChild(os.Getenv("CRASH_DB"), killtest.Mode() == "watch-write"))
	case "dashboard":
		killtest.Exit(dashboardChild(os.Getenv("CRASH_DB"), os.Getenv("CRASH_NAME")))
	case "copy":
		killtest.Exit(copyChild(os.Getenv("CRASH_DB"), os.Getenv("CRASH_KIND"), os.Getenv("CRASH_DEST")))
	default:
		killtest.Exit(fmt.Errorf("unknown helper %q", killtest.Mode()))
	}
}

// helper is a child doing mode, with env.
func helper(mode string, env ...string) *exec.Cmd {
	return killtest.Command("TestCrashHelper", mode, env...)
}

// importChild imports files one after the other through the import that
// 'creatordesk import creators' runs, one transaction per file, saying
// "begin F" before each and "commit F" once it is committed.
func importChild(db string, files []string) error {
	ctx := context.Background()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Println("open")
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".csv")
		fmt.Printf("begin %s\n", name)
		sum, err := transfer.ImportCreators(ctx, s, []string{f}, transfer.ImportOptions{Campaign: "Crash"}, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if sum.Failed > 0 || sum.Skipped > 0 || len(sum.Files) != 1 || !sum.Files[0].Committed {
			return fmt.Errorf("%s: %s, %d failed", name, sum.Line(), sum.Failed)
		}
		fmt.Printf("commit %s\n", name)
	}
	return nil
}

// importRows is how many creators each file holds: each one's transaction
// writes them, their pipelines and events for tens of milliseconds, so
// most kills land inside one.
const importRows = 200

// writeImportFile writes file number n: creators fNNNNN_RRRRR, so every
// row says which file it came from.
func writeImportFile(t *testing.T, dir string, n int) string {
	t.Helper()
	path, err := makeImportFile(dir, n)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func makeImportFile(dir string, n int) (string, error) {
	path := filepath.Join(dir, fmt.Sprintf("f%05d.csv", n))
	var b strings.Builder
	b.WriteString("Creator Username,Nickname,Followers,Email\n")
	for r := range importRows {
		fmt.Fprintf(&b, "f%05d_%05d,Creator %d of file %d,%d,c%d.%d@example.com\n", n, r, r, n, 1000+r*37, n, r)
	}
	return path, os.WriteFile(path, []byte(b.String()), 0o600)
}

// committed are the files the child acknowledged as committed, and
// whether its last word was "begin": killed inside a transaction.
func committed(stdout string) (files []string, midFile bool) {
	sc := bufio.NewScanner(strings.NewReader(stdout))
	for sc.Scan() {
		word, name, _ := strings.Cut(sc.Text(), " ")
		midFile = word == "begin"
		if word == "commit" {
			files = append(files, name)
		}
	}
	return files, midFile
}

// rawDB opens the database file without the store, for checks.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func queryInt(t *testing.T, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// perFile counts the rows of each file ("f00012") in a query grouping by it.
func perFile(t *testing.T, db *sql.DB, q string) map[string]int64 {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var f string
		var n int64
		if err := rows.Scan(&f, &n); err != nil {
			t.Fatal(err)
		}
		out[f] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkIntact fails unless the database is sound: integrity_check ok, no
// broken reference, the search index matching the creators and no import
// left half-done in it.
func checkIntact(t *testing.T, db *sql.DB) {
	t.Helper()
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM pragma_foreign_key_check"); n != 0 {
		t.Errorf("%d broken references", n)
	}
	if _, err := db.Exec(`INSERT INTO creators_search (creators_search, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("search index: %v", err)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM settings WHERE key = 'search_pending_after'"); n != 0 {
		t.Error("an import's search_pending_after mark outlived it")
	}
	if got, want := schemaOf(t, db), freshSchema(t); got != want {
		t.Errorf("the schema is not a fresh database's:\n%s\nwant:\n%s", got, want)
	}
}

// schemaOf lists the tables, indexes and triggers of a database.
func schemaOf(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query("SELECT type || ' ' || name FROM sqlite_master ORDER BY type, name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		b.WriteString(s + "\n")
	}
	return b.String()
}

// freshSchema is the schema of a new database: an import that was cut off
// leaves nothing of its own (a working table, a trigger it dropped).
func freshSchema(t *testing.T) string {
	t.Helper()
	freshOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fresh")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "fresh.db")
		s, err := store.Open(context.Background(), path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		db := rawDB(t, path)
		defer db.Close()
		fresh = schemaOf(t, db)
	})
	return fresh
}

var (
	freshOnce sync.Once
	fresh     string
)

// checkImport checks the database after a child ended: intact, every
// acknowledged file whole, and every other file whole or absent: its
// creators, their pipelines and the events that started them. A child
// killed in its first open may leave the migrations part way.
func checkImport(t *testing.T, path string, files map[string]bool) {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	if v := queryInt(t, db, "PRAGMA user_version"); v < int64(store.SchemaVersion()) {
		var ok string
		if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
			t.Fatalf("integrity_check: %q, %v", ok, err)
		}
		for f, acked := range files {
			if acked {
				t.Fatalf("schema version %d, yet %s was acknowledged", v, f)
			}
		}
		return
	}
	checkIntact(t, db)
	tables := map[string]string{
		"creators": `SELECT substr(handle, 1, 6), COUNT(*) FROM creators WHERE handle LIKE 'f%' GROUP BY 1`,
		"pipelines": `SELECT substr(c.handle, 1, 6), COUNT(*) FROM pipelines k JOIN creators c ON c.id = k.creator_id
			WHERE c.handle LIKE 'f%' GROUP BY 1`,
		"events": `SELECT substr(c.handle, 1, 6), COUNT(*) FROM history e JOIN pipelines k ON k.creator_id = e.creator_id AND k.campaign_id = e.campaign_id
			JOIN creators c ON c.id = k.creator_id WHERE c.handle LIKE 'f%' GROUP BY 1`,
	}
	for table, q := range tables {
		for f, n := range perFile(t, db, q) {
			acked, known := files[f]
			switch {
			case !known:
				t.Fatalf("%s: %d rows of %s, a file never imported", table, n, f)
			case n != importRows && n != 0:
				t.Fatalf("%s: %d of %d rows of %s: a transaction is there in part", table, n, importRows, f)
			case acked && n != importRows:
				t.Fatalf("%s: %s was acknowledged as committed but has %d rows", table, f, n)
			}
		}
	}
	present := perFile(t, db, tables["creators"])
	for f, acked := range files {
		if acked && present[f] != importRows {
			t.Fatalf("%s was acknowledged as committed but has %d creators", f, present[f])
		}
	}
}

// TestImportSurvivesKill kills an import of many files at random moments:
// after each kill the database is intact, every file acknowledged as
// committed is all there, no file is there in part, and the next import
// (of what was not acknowledged, and more) runs. Every few kills it starts
// again on a new database, and one kill in five lands while the child
// starts, so that kills land in the database's creation too.
func TestImportSurvivesKill(t *testing.T) {
	kills, rng := killtest.Plan(t)
	dir := t.TempDir()
	const perRun, perDB = 1, 5 // new files per run, kills per database
	var (
		db      string
		files   map[string]bool // file → acknowledged as committed
		pending []string        // paths not acknowledged yet
		next    int
		// Where the time goes.
		children, checks time.Duration
	)
	fresh := func() {
		db = filepath.Join(dir, fmt.Sprintf("crash%d.db", next))
		files, pending = map[string]bool{}, nil
	}
	// run imports what is pending and perRun new files, killed delay
	// after the mark (never when negative), and checks the database; a
	// child that failed on its own fails the test.
	run := func(mark string, delay time.Duration) (killtest.Result, bool) {
		for range perRun {
			pending = append(pending, writeImportFile(t, dir, next))
			files[fmt.Sprintf("f%05d", next)] = false
			next++
		}
		res := killtest.Run(t, helper("import", "CRASH_DB="+db, "CRASH_FILES="+strings.Join(pending, ",")), mark, delay)
		children += res.ToMark + res.Since
		defer func(start time.Time) { checks += time.Since(start) }(time.Now())
		acked, mid := committed(res.Stdout)
		for _, f := range acked {
			files[f] = true
		}
		pending = pending[:0]
		for f, ok := range files {
			if !ok {
				pending = append(pending, filepath.Join(dir, f+".csv"))
			}
		}
		checkImport(t, db, files)
		return res, res.Killed && mid
	}

	// A first run, not killed, times the start and a file.
	fresh()
	res, _ := run("open", -1)
	start, perFile := res.ToMark, res.Since/perRun
	landed, mid, runs := 0, 0, 1
	for landed < kills {
		if runs > 3*kills {
			t.Fatalf("only %d of %d kills landed in %d runs", landed, kills, runs)
		}
		if landed%perDB == 0 {
			fresh()
		}
		var res killtest.Result
		var inside bool
		if rng.IntN(5) == 0 {
			res, inside = run("", time.Duration(rng.Int64N(int64(start))))
		} else {
			n := len(pending) + perRun
			res, inside = run("open", time.Duration(rng.Int64N(int64(perFile)*int64(n)*4/5)))
		}
		runs++
		if res.Killed {
			landed++
		}
		if inside {
			mid++
		}
		if res.Killed && landed%perDB == 0 || landed == kills {
			// The next import finishes what was left.
			n := len(pending) + perRun
			res, _ := run("open", -1)
			runs++
			if len(pending) > 0 {
				t.Fatalf("%d files left after a run that was not killed", len(pending))
			}
			start, perFile = res.ToMark, res.Since/time.Duration(n)
		}
	}
	t.Logf("%d kills survived (%d inside a file's transaction) in %d runs of up to %d files of %d creators; children ran %v, checks took %v",
		landed, mid, runs, perDB+perRun, importRows, children.Round(time.Millisecond), checks.Round(time.Millisecond))
	if mid < landed/3 {
		t.Errorf("only %d of %d kills landed inside a transaction: the test hardly tested", mid, landed)
	}
}

// connPragma runs pragma on every connection opened from now on to the
// database file named like path whose DSN also holds also, until the
// returned func or the end of the test: such pragmas are per connection,
// so they go in through the driver's connection hook.
func connPragma(t *testing.T, path, also, pragma string) (remove func()) {
	hookOnce.Do(func() {
		sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, dsn string) error {
			hookMu.Lock()
			defer hookMu.Unlock()
			for p := range hookPragmas {
				also := strings.Contains(dsn, p.also) || strings.Contains(dsn, url.QueryEscape(p.also))
				if strings.Contains(dsn, "/"+p.name+"?") && also {
					if _, err := conn.ExecContext(context.Background(), "PRAGMA "+p.pragma, nil); err != nil {
						return err
					}
				}
			}
			return nil
		})
	})
	p := &connHook{filepath.Base(path), also, pragma}
	hookMu.Lock()
	hookPragmas[p] = true
	hookMu.Unlock()
	remove = func() {
		hookMu.Lock()
		delete(hookPragmas, p)
		hookMu.Unlock()
	}
	t.Cleanup(remove)
	return remove
}

type connHook struct{ name, also, pragma string }

var (
	hookOnce    sync.Once
	hookMu      sync.Mutex
	hookPragmas = map[*connHook]bool{}
)

// TestImportIntoAFullDatabase: an import that runs out of room fails with
// an error that says so and names the database, keeps what was there and
// leaves none of itself; with room again it goes through.
func TestImportIntoAFullDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "full.db")
	importFile := func(n int) error {
		s, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		_, err = transfer.ImportCreators(ctx, s, []string{filepath.Join(dir, fmt.Sprintf("f%05d.csv", n))},
			transfer.ImportOptions{Campaign: "Crash"}, nil)
		return err
	}
	writeImportFile(t, dir, 1)
	writeImportFile(t, dir, 2)
	if err := importFile(1); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, db)
	pages := queryInt(t, raw, "PRAGMA page_count")
	raw.Close()

	uncap := connPragma(t, db, "", fmt.Sprintf("max_page_count = %d", pages+4))
	err := importFile(2)
	if err == nil {
		t.Fatal("an import past the cap succeeded")
	}
	if !strings.Contains(err.Error(), "database or disk is full") {
		t.Errorf("error %q does not say the database is full", err)
	}
	checkImport(t, db, map[string]bool{"f00001": true, "f00002": false})

	uncap()
	if err := importFile(2); err != nil {
		t.Fatalf("with room again: %v", err)
	}
	checkImport(t, db, map[string]bool{"f00001": true, "f00002": true})

	if !strings.Contains(err.Error(), db) {
		t.Errorf("error %q does not name the database %s", err, db)
	}
}

// openChild opens the database and says "ok" or the error.
func openChild(db string) error {
	ctx := context.Background()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		fmt.Println(err)
		return nil
	}
	defer s.Close()
	// Opening writes nothing (a reader must open while another process
	// writes), so a database that cannot be written shows at the first
	// write.
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Probe " + strconv.Itoa(os.Getpid()), Kind: outreach.Targeted}); err != nil {
		fmt.Println(err)
		return nil
	}
	fmt.Println("ok")
	return nil
}

// TestOpenUnwritable: a database its user may not write is refused at
// open, or at its first write, with an error naming it and saying why,
// and left as it was.
func TestOpenUnwritable(t *testing.T) {
	open := func(t *testing.T, db string) string {
		t.Helper()
		cmd := helper("open", "CRASH_DB="+db)
		killtest.AsUser(t, cmd, filepath.Dir(db))
		return strings.TrimSpace(killtest.Run(t, cmd, "", -1).Stdout)
	}
	for _, tt := range []struct {
		name     string
		existing bool
		dirMode  os.FileMode
		fileMode os.FileMode
		why      string
	}{
		{"new database in a read-only directory", false, 0o500, 0, "permission denied"},
		// SQLite writes its -wal and -shm files beside the database.
		{"database in a read-only directory", true, 0o500, 0o600, "directory"},
		{"read-only database", true, 0o700, 0o400, "readonly"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(dir, "creatordesk.db")
			if tt.existing {
				if out := open(t, db); out != "ok" {
					t.Fatalf("creating it: %s", out)
				}
				if err := os.Chmod(db, tt.fileMode); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Chmod(dir, tt.dirMode); err != nil {
				t.Fatal(err)
			}
			defer os.Chmod(dir, 0o700)
			out := open(t, db)
			t.Logf("%s: %s", tt.name, out)
			if out == "ok" {
				t.Fatal("opened")
			}
			if !strings.Contains(out, db) {
				t.Errorf("error %q does not name %s", out, db)
			}
			if why := strings.ReplaceAll(out, db, "DB"); !strings.Contains(why, tt.why) {
				t.Errorf("error %q does not say %q", out, tt.why)
			}
		})
	}
}
