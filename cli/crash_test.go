package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"creatordesk/internal/killtest"
)

// asUser runs the binary on the database and configuration in dir, as an
// ordinary user when the tests run as root (who may write anywhere) with
// dirs made that user's, under the command wrap when there is one.
func asUser(t *testing.T, dir string, dirs, wrap []string, args ...string) result {
	t.Helper()
	args = append([]string{"--db", filepath.Join(dir, "creatordesk.db"), "--config", filepath.Join(dir, "config.toml")}, args...)
	cmd := exec.Command(binary, args...)
	killtest.AsUser(t, cmd, dirs...)
	if len(wrap) > 0 {
		cmd.Args = append(append(wrap, cmd.Path), args...)
		cmd.Path = wrap[0]
	}
	cmd.Env = append(os.Environ(), "CREATORDESK_DB=", "CREATORDESK_CONFIG=", "TZ=UTC")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	r := result{}
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatal(err)
		}
		r.code = ee.ExitCode()
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	return r
}

// TestExportToUnwritablePlaces: an export that cannot be written says
// where and why, leaves no file of its own behind and an earlier export
// at that path as it was: into a read-only directory, under a directory
// that does not exist, and onto a disk that fills up mid-way.
func TestExportToUnwritablePlaces(t *testing.T) {
	home, out := t.TempDir(), t.TempDir()
	dirs := []string{home, out}
	run := func(wrap []string, args ...string) result {
		t.Helper()
		return asUser(t, home, dirs, wrap, args...)
	}
	must := func(args ...string) {
		t.Helper()
		if r := run(nil, args...); r.code != 0 {
			t.Fatalf("creatordesk %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	// Enough partnerships that the export is larger than the disk below.
	var csv strings.Builder
	csv.WriteString("handle,display_name,followers,email,stage\n")
	for i := range 800 {
		fmt.Fprintf(&csv, "partner_%04d,Partner number %d with a longer name,%d,p%d@example.com,partnered\n", i, i, 1000+i, i)
	}
	in := filepath.Join(out, "partners-in.csv")
	if err := os.WriteFile(in, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	must("import", "creators", "--campaign", "Glow", in)
	path := filepath.Join(out, "partners.csv")
	must("export", "partners", "-o", path)
	earlier, err := os.ReadFile(path)
	if err != nil || len(earlier) < 100_000 {
		t.Fatalf("the first export: %d bytes, %v", len(earlier), err)
	}
	os.Remove(in)
	// intact fails unless the earlier export is all there is in out.
	intact := func(t *testing.T) {
		t.Helper()
		if data, err := os.ReadFile(path); err != nil || !bytes.Equal(data, earlier) {
			t.Errorf("the earlier export changed: %d bytes, %v", len(data), err)
		}
		entries, _ := os.ReadDir(out)
		if len(entries) != 1 {
			var names []string
			for _, en := range entries {
				names = append(names, en.Name())
			}
			t.Errorf("%s holds %q, want only partners.csv", out, names)
		}
	}
	// failed fails unless r is a failure that names p and says why.
	failed := func(t *testing.T, r result, p, why string) {
		t.Helper()
		t.Logf("said: %s", strings.TrimSpace(r.stderr))
		if r.code != 1 || !strings.Contains(r.stderr, p) || !strings.Contains(r.stderr, why) {
			t.Errorf("exit %d, stderr %q; want 1 and an error naming %s: %s", r.code, r.stderr, p, why)
		}
	}

	t.Run("read-only directory", func(t *testing.T) {
		if err := os.Chmod(out, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(out, 0o700)
		failed(t, run(nil, "export", "partners", "-o", path), path, "permission denied")
		intact(t)
	})
	t.Run("no such directory", func(t *testing.T) {
		p := filepath.Join(out, "missing", "partners.csv")
		failed(t, run(nil, "export", "partners", "-o", p), p, "no such file or directory")
		intact(t)
	})
	t.Run("disk full", func(t *testing.T) {
		prlimit, err := exec.LookPath("prlimit")
		if err != nil {
			t.Skip("no prlimit to cap the size of a file")
		}
		// A file may not grow past 64 KiB: the export's write fails as
		// on a full disk (EFBIG rather than ENOSPC; Go ignores SIGXFSZ).
		r := run([]string{prlimit, "--fsize=65536"}, "export", "partners", "-o", path)
		failed(t, r, path, "file too large")
		intact(t)
	})
}
