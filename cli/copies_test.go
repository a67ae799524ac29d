package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An export written onto the database used to replace it ("wrote 1
// partnerships to f.db", then "file is not a database" forever). The
// database, its -wal, -shm and -journal and the configuration file are
// refused under any name, --force or not; another file that is not an
// earlier export needs --force; an earlier export is replaced as before.
func TestExportNeverOverwritesTheDatabase(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	config := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(config, []byte("currency = \"USD\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cd := func(args ...string) result {
		t.Helper()
		return e.run(append([]string{"--db", db, "--config", config}, args...)...)
	}
	if r := cd("import", "creators", "--campaign", "Glow", fixture("kalodata_en.csv")); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := cd("stage", firstHandle(t, e), "partnered", "--campaign", "Glow"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	creators := func() string {
		t.Helper()
		r := cd("stats", "--json")
		if r.code != 0 {
			t.Fatalf("the database after an export: exit %d, %s", r.code, r.stderr)
		}
		return r.stdout
	}
	before := creators()
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	soft := filepath.Join(dir, "soft.csv")
	if err := os.Symlink("f.db", soft); err != nil {
		t.Fatal(err)
	}
	sameDir := filepath.Join(dir, "same")
	if err := os.Symlink(".", sameDir); err != nil {
		t.Fatal(err)
	}
	for path, what := range map[string]string{
		db:                                    "the database itself",
		db + "-wal":                           "the database's -wal file",
		db + "-shm":                           "the database's -shm file",
		db + "-journal":                       "the database's -journal file",
		config:                                "the configuration file",
		hard:                                  "the database itself",
		soft:                                  "the database itself",
		filepath.Join(sameDir, "f.db"):        "the database itself",
		filepath.Join(sameDir, "config.toml"): "the configuration file",
	} {
		for _, force := range [][]string{nil, {"--force"}} {
			r := cd(append([]string{"export", "partners", "-o", path}, force...)...)
			if r.code != 1 || !strings.Contains(r.stderr, path+" is "+what) || strings.Contains(r.stderr, "wrote") {
				t.Errorf("export -o %s %v: exit %d, %q; want it refused as %s", path, force, r.code, r.stderr, what)
			}
		}
	}
	if after := creators(); after != before {
		t.Errorf("the database changed:\n%s\nwas\n%s", after, before)
	}
	if _, err := os.Stat(db + "-journal"); err == nil {
		t.Error("a -journal was written beside the database")
	}
	if data, _ := os.ReadFile(config); string(data) != "currency = \"USD\"\n" {
		t.Errorf("configuration changed: %q", data)
	}

	// Someone else's file: refused with what it is, then --force.
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("my own notes\n"), 0o600)
	r := cd("export", "partners", "-o", notes)
	if want := notes + " already exists and is not an earlier export (it does not start with the export's header): choose another name, or --force to replace it"; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("export over a file of notes: exit %d, %q; want %q", r.code, r.stderr, want)
	}
	if data, _ := os.ReadFile(notes); string(data) != "my own notes\n" {
		t.Errorf("notes changed: %q", data)
	}
	if r := cd("export", "partners", "-o", notes, "--force"); r.code != 0 || !strings.Contains(r.stderr, "wrote 1 partnerships to "+notes) {
		t.Errorf("--force: exit %d, %q", r.code, r.stderr)
	}
	// Now an earlier export: replaced without --force, in either format.
	for _, format := range []string{"json", "csv"} {
		if r := cd("export", "partners", "-o", notes, "--format", format); r.code != 0 {
			t.Errorf("export over an earlier export (%s): exit %d, %q", format, r.code, r.stderr)
		}
	}
}

// forget names the exports and backups written from this database that are
// still there, and removes nothing of them.
func TestForgetNamesExportsAndBackups(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", "--campaign", "Glow", e.writeCSV(privateCSV))
	e.must("stage", "zz_private.q7", "partnered", "--campaign", "Glow")
	export := filepath.Join(e.home, "partners.csv")
	backup := filepath.Join(e.home, "backup.db")
	gone := filepath.Join(e.home, "deleted.csv")
	e.must("export", "partners", "-o", export)
	e.must("backup", backup)
	e.must("export", "partners", "-o", gone)
	os.Remove(gone)
	r := e.must("forget", "zz_private.q7", "--yes")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 3 || lines[0] != "warning: these exports and backups may still hold @zz_private.q7; delete them, or forget there too (creatordesk --db BACKUP forget zz_private.q7):" ||
		!strings.HasPrefix(lines[1], "  "+backup+"  (backup, ") || !strings.HasPrefix(lines[2], "  "+export+"  (export, ") {
		t.Errorf("forget says:\n%s\nwant the backup, then the export, and not %s", r.stderr, gone)
	}
	for _, p := range []string{export, backup} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("forget touched %s: %v", p, err)
		}
	}
	// The backup is a database of its own: forget works there too.
	if r := e.run("--db", backup, "forget", "zz_private.q7", "--yes"); r.code != 0 {
		t.Errorf("forget in the backup: exit %d, %s", r.code, r.stderr)
	}
}
