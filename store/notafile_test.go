package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOpenRefusesWhatIsNotAFile: --db naming a directory or a FIFO is
// refused with a plain message, and its mode is left alone (before, Open
// chmod'ed whatever it was given to 0600: a directory lost its x bit, and
// run as root `--db /dev/null` made /dev/null unusable by other users).
func TestOpenRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")
	b, err := Open(context.Background(), backup, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	kinds := map[string]os.FileMode{"directory": os.ModeDir, "named pipe": os.ModeNamedPipe}
	cases := map[string]func(string) error{
		"directory": func(p string) error { return os.Mkdir(p, 0o755) },
		"named pipe": func(p string) error {
			return syscall.Mkfifo(p, 0o644)
		},
	}
	for kind, mk := range cases {
		path := filepath.Join(dir, strings.ReplaceAll(kind, " ", "-")+".db")
		if err := mk(path); err != nil {
			t.Fatal(err)
		}
		os.Chmod(path, 0o755) // whatever the umask
		for _, mustExist := range []bool{true, false} {
			s, err := Open(context.Background(), path, Options{MustExist: mustExist})
			if err == nil {
				s.Close()
				t.Fatalf("%s: opened", kind)
			}
			if want := path + " is a " + kind + ", not a database file"; !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q, want it to say %q", kind, err, want)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != 0o755 {
				t.Errorf("%s: mode changed to %04o", kind, st.Mode().Perm())
			}
		}
		_, err := Restore(context.Background(), path, backup, Options{}, nil)
		if want := path + " is a " + kind + ", not a database file"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: restore onto it: %v, want %q", kind, err, want)
		}
		if st, err := os.Stat(path); err != nil || st.Mode().Type() != kinds[kind] {
			t.Errorf("%s: restore replaced it (%v)", kind, err)
		}
	}
}
