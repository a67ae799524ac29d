package cli

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// privateCSV is one creator with a distinctive string in every field the
// import takes, and one other creator who must survive a forget.
const privateCSV = `Creator,Nickname,Followers,Email,Phone,Notes,Tags,Country/Region,Category
@zz_private.q7,Ottoline Vexbury,12K,ottoline.vexbury@hidden-example.org,+1 555 0199 731,"Lives at 9 Vexbury Mews, Quorn",vexbury-fan-club,US,Beauty
@kept_creator,Kept Person,20K,kept@example.com,,,,US,Beauty
`

var privateTraces = []string{"zz_private.q7", "Ottoline", "Vexbury", "ottoline.vexbury@hidden-example.org", "+1 555 0199 731",
	"9 Vexbury Mews", "vexbury-fan-club"}

func (e *env) dbPath() string { return filepath.Join(e.home, "data", "creatordesk", "creatordesk.db") }

func (e *env) writeCSV(content string) string {
	e.t.Helper()
	p := filepath.Join(e.home, "creators.csv")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		e.t.Fatal(err)
	}
	return p
}

func modeOf(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return st.Mode().Perm()
}

// Under umask 000 the data directory, the database, exports and backups
// are still the owner's alone; a database others could read is made
// private, with a one-line notice.
func TestPrivateFilesUnderUmaskZero(t *testing.T) {
	old := syscall.Umask(0) // the binary inherits it
	defer syscall.Umask(old)
	e := newEnv(t)
	e.must("import", "creators", "--campaign", "Glow", e.writeCSV(privateCSV))
	db := e.dbPath()
	if m := modeOf(t, filepath.Dir(db)); m != 0o700 {
		t.Errorf("data dir mode %04o, want 0700", m)
	}
	if m := modeOf(t, db); m != 0o600 {
		t.Errorf("database mode %04o, want 0600", m)
	}
	e.must("stage", "zz_private.q7", "partnered", "--campaign", "Glow")
	out := filepath.Join(e.home, "partners.csv")
	e.must("export", "partners", "-o", out)
	backup := filepath.Join(e.home, "backup.db")
	e.must("backup", backup)
	for _, f := range []string{out, backup} {
		if m := modeOf(t, f); m != 0o600 {
			t.Errorf("%s mode %04o, want 0600", filepath.Base(f), m)
		}
	}

	// Loosened by hand (or by an old copy): the next start tightens both.
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(db), 0o755); err != nil {
		t.Fatal(err)
	}
	r := e.must("stats")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], db) || !strings.Contains(lines[0], "0644") ||
		!strings.Contains(lines[1], filepath.Dir(db)) || !strings.Contains(lines[1], "0755") {
		t.Errorf("want one line for the file and one for the directory, got:\n%s", r.stderr)
	}
	if m := modeOf(t, db); m != 0o600 {
		t.Errorf("database mode %04o after start, want 0600", m)
	}
	if m := modeOf(t, filepath.Dir(db)); m != 0o700 {
		t.Errorf("data dir mode %04o after start, want 0700", m)
	}
	if r := e.must("stats"); r.stderr != "" {
		t.Errorf("a private database is reported again: %q", r.stderr)
	}
	// A directory the user chose with --db is theirs to set.
	mine := filepath.Join(e.home, "shared")
	os.Mkdir(mine, 0o755)
	e.create("--db", filepath.Join(mine, "c.db"))
	if m := modeOf(t, mine); m != 0o755 {
		t.Errorf("--db directory changed to %04o", m)
	}
}

func TestForgetCommand(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", "--campaign", "Glow", e.writeCSV(privateCSV))
	e.must("queue", "--sender", "Mia", "--campaign", "Glow", "zz_private.q7")
	e.must("stage", "zz_private.q7", "partnered", "--campaign", "Glow")
	e.must("code", "zz_private.q7", "--campaign", "Glow")

	// Not a terminal and no --yes: refused, nothing removed.
	r := e.run("forget", "@zz_private.q7")
	if r.code != 2 || !strings.Contains(r.stderr, "--yes") || !strings.Contains(r.stderr, "not a terminal") {
		t.Errorf("forget without --yes from a pipe: exit %d, %q", r.code, r.stderr)
	}
	if r := e.run("forget", "nobody_here", "--yes"); r.code != 1 || !strings.Contains(r.stderr, "no creator @nobody_here") {
		t.Errorf("unknown creator: exit %d, %q", r.code, r.stderr)
	}
	if !bytes.Contains(fileBytes(t, e.dbPath()), []byte("Vexbury")) {
		t.Fatal("the creator is not in the database to begin with")
	}

	r = e.must("forget", "@ZZ_Private.q7", "--yes")
	if !strings.HasPrefix(r.stdout, "forgot @zz_private.q7: 1 pipeline, 1 message, 0 samples") {
		t.Errorf("stdout %q", r.stdout)
	}
	if !strings.Contains(r.stderr, "no export or backup of this database is on record; copies made by hand or by older versions still hold @zz_private.q7") {
		t.Errorf("no warning about exports and backups: %q", r.stderr)
	}
	raw := fileBytes(t, e.dbPath())
	for _, tr := range privateTraces {
		if bytes.Contains(raw, []byte(tr)) {
			t.Errorf("%q is still in the database file", tr)
		}
	}
	if r := e.run("stage", "zz_private.q7", "declined"); r.code != 1 {
		t.Errorf("forgotten creator still moves: exit %d", r.code)
	}
	if st := e.stats(); st.Creators.Total != 1 {
		t.Errorf("%d creators left, want 1", st.Creators.Total)
	}
}

// On a terminal forget asks first; only y or yes goes ahead.
func TestForgetAsksOnATerminal(t *testing.T) {
	_, db, csv := terminalEnv(t, privateCSV)
	runWith := func(input string, args ...string) (string, string, int) {
		t.Helper()
		return runOnTerminal(t, input, append([]string{"--db", db}, args...)...)
	}
	if _, stderr, code := runWith("", "import", "creators", csv); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	for _, answer := range []string{"", "\n", "n\n", "no\n", "nope\n"} {
		_, stderr, code := runWith(answer, "forget", "zz_private.q7")
		if code != 1 || !strings.Contains(stderr, "Forget @zz_private.q7 and everything tied to them? Older exports and backups still hold them. [y/N]") ||
			!strings.Contains(stderr, "kept") {
			t.Errorf("answer %q: exit %d, %q", answer, code, stderr)
		}
	}
	if _, stderr, code := runWith("YES\n", "forget", "zz_private.q7"); code != 0 {
		t.Fatalf("answer yes: exit %d, %s", code, stderr)
	}
	if _, stderr, code := runWith("", "stage", "zz_private.q7", "declined"); code != 1 || !strings.Contains(stderr, "no creator") {
		t.Errorf("after yes the creator is still there: %d %s", code, stderr)
	}
}

// terminalEnv makes a directory for runOnTerminal, with no configuration
// file, and names a database in it and a CSV file holding content.
func terminalEnv(t *testing.T, content string) (dir, db, csv string) {
	t.Helper()
	dir = t.TempDir()
	t.Setenv("CREATORDESK_CONFIG", filepath.Join(dir, "none.toml"))
	csv = filepath.Join(dir, "c.csv")
	if err := os.WriteFile(csv, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, filepath.Join(dir, "c.db"), csv
}

// runOnTerminal runs the command in this process as if typed on a
// terminal that then gets input.
func runOnTerminal(t *testing.T, input string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	restore := stdinIsTerminal
	stdinIsTerminal = func(io.Reader) bool { return true }
	defer func() { stdinIsTerminal = restore }()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	w.WriteString(input)
	w.Close()
	saved := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = saved; r.Close() }()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// backup refuses to overwrite, says clearly when it cannot write, leaves
// nothing behind, and restore gives back the data.
func TestBackupCommandAndRestore(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", e.writeCSV(privateCSV))
	backup := filepath.Join(e.home, "b", "creatordesk-backup.db")
	os.Mkdir(filepath.Dir(backup), 0o700)
	r := e.must("backup", backup)
	if !strings.Contains(r.stderr, "backed up "+e.dbPath()+" to "+backup) {
		t.Errorf("stderr %q", r.stderr)
	}
	if r := e.run("backup", backup); r.code != 1 || !strings.Contains(r.stderr, "already exists") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("backup over an existing file: exit %d, %q", r.code, r.stderr)
	}
	e.must("backup", "--force", backup)
	bad := filepath.Join(e.home, "no-such-dir", "b.db")
	if r := e.run("backup", bad); r.code != 1 || !strings.Contains(r.stderr, "cannot write "+bad) {
		t.Errorf("unwritable path: exit %d, %q", r.code, r.stderr)
	}
	if r := e.run("backup", e.dbPath(), "--force"); r.code != 1 || !strings.Contains(r.stderr, "the database itself") {
		t.Errorf("backup onto the database: exit %d, %q", r.code, r.stderr)
	}
	if es, _ := os.ReadDir(filepath.Dir(backup)); len(es) != 1 {
		t.Errorf("backup dir holds %d files, want the backup alone", len(es))
	}

	r = e.must("config")
	if path := strings.TrimSpace(strings.TrimPrefix(strings.SplitN(r.stdout, "\n", 2)[0], "database:")); path != e.dbPath() {
		t.Fatalf("config prints %q, want %q", path, e.dbPath())
	}
	// Restore: a creator forgotten since the backup comes back, and the
	// restore says so.
	e.must("forget", "kept_creator", "--yes")
	r = e.must("restore", "--yes", backup)
	if !strings.Contains(r.stderr, "1 creators in the backup were not in the database it replaced (forgotten since the backup was made?): @kept_creator;") {
		t.Errorf("no warning about the forgotten creator: %q", r.stderr)
	}
	if st := e.stats(); st.Creators.Total != 2 {
		t.Errorf("restored database has %d creators, want 2", st.Creators.Total)
	}
	e.must("stage", "kept_creator", "invited")
}

// fileBytes reads a file the test needs (each command closes the database
// when it ends, folding the -wal into it).
func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Nothing in creatordesk logs, and nothing panics with a value that could
// carry a creator's details: the only sinks for row data are what a
// command prints for the person who ran it and the dashboard itself.
// (Bubble Tea prints a caught panic's value and stack, and with TEA_DEBUG
// set writes them to bubbletea-panic-*.log; Go stack traces show no string
// contents.)
func TestNoLogsOrDataInPanics(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != ".." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "log" || p == "log/slog" {
				t.Errorf("%s imports %s: creatordesk keeps no log", fset.Position(imp.Pos()), p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				switch fn.Name {
				case "print", "println":
					t.Errorf("%s: %s writes to stderr", fset.Position(call.Pos()), fn.Name)
				case "panic":
					if len(call.Args) == 1 {
						if _, lit := call.Args[0].(*ast.BasicLit); !lit {
							t.Errorf("%s: panic with a value that may hold row data: panic with a constant message", fset.Position(call.Pos()))
						}
					}
				}
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "tea" && fn.Sel.Name == "LogToFile" {
					t.Errorf("%s: tea.LogToFile writes a log", fset.Position(call.Pos()))
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
