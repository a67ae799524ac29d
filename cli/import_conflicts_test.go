package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A re-import that contradicts stored contacts keeps them and says so on
// stderr, one line per field, dry run or not; --overwrite takes the
// file's.
func TestImportReportsKeptFieldsAndOverwrites(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	first := write("a.csv", "handle,email,phone\nanna,anna@example.com,+1 555 0100\nbob,bob@example.com,\n")
	next := write("b.csv", "handle,email,phone\nanna,anna@new.example,+1 555 0100\nbob,bob@new.example,+1 555 0200\n")
	e.must("import", "creators", first)
	kept := "kept email for 2 creators (file differs): use --overwrite to take the file's values\n"
	r := e.must("import", "creators", "--dry-run", next)
	if r.stderr != kept || r.stdout != "dry run, nothing written: imported 0 new, updated 2, skipped 0\n" {
		t.Errorf("dry run:\nstdout %q\nstderr %q", r.stdout, r.stderr)
	}
	r = e.must("import", "creators", next)
	if r.stderr != kept || r.stdout != "imported 0 new, updated 2, skipped 0\n" {
		t.Errorf("re-import:\nstdout %q\nstderr %q", r.stdout, r.stderr)
	}
	r = e.must("import", "creators", "--overwrite", next)
	if r.stderr != "" {
		t.Errorf("--overwrite still reports: %q", r.stderr)
	}
	// The file's values are stored now: importing it again contradicts
	// nothing, and the first file's are the ones kept.
	if r = e.must("import", "creators", next); r.stderr != "" {
		t.Errorf("after --overwrite: %q", r.stderr)
	}
	if r = e.must("import", "creators", first); r.stderr != kept {
		t.Errorf("the first file after --overwrite: %q, want %q", r.stderr, kept)
	}
}

// An exported partners file, imported into a new database, brings its
// campaigns, stages, terms and dates: exporting from there gives the same
// file.
func TestImportPartnersExportIntoANewDatabase(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", fixture("kalodata_en.csv"))
	e.must("campaign", "add", "Summer Glow", "--commission", "12%")
	e.must("stage", "anna_1", "partnered")
	e.must("stage", "glowwithmia", "partnered")
	e.must("stage", "nailsbykim", "partnered", "--campaign", "Summer Glow")
	first := filepath.Join(t.TempDir(), "partners.csv")
	e.must("export", "partners", "-o", first)

	other := newEnv(t)
	other.extra = []string{"CREATORDESK_NOW=2031-01-05T10:00:00Z"} // a later day: dates must come from the file
	other.create()
	r := other.must("import", "creators", "--dry-run", first)
	if r.stdout != "dry run, nothing written: imported 3 new, updated 0, skipped 0\n" || r.stderr != "would create campaign \"Summer Glow\"\n" {
		t.Errorf("dry run of the export:\nstdout %q\nstderr %q", r.stdout, r.stderr)
	}
	r = other.must("import", "creators", first)
	if r.stdout != "imported 3 new, updated 0, skipped 0\n" || r.stderr != "created campaign \"Summer Glow\"\n" {
		t.Errorf("import of the export:\nstdout %q\nstderr %q", r.stdout, r.stderr)
	}
	again := filepath.Join(t.TempDir(), "again.csv")
	other.must("export", "partners", "-o", again)
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(again)
	if len(a) == 0 || string(a) != string(b) {
		t.Errorf("exported from the new database:\n%s\nwant\n%s", b, a)
	}
	if !strings.Contains(string(a), "GLOWWI15") || !strings.Contains(string(a), "Summer Glow") {
		t.Errorf("the export lacks the code or the campaign:\n%s", a)
	}
}
