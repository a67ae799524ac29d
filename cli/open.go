package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"creatordesk/store"
	"creatordesk/ui"
)

// resolveDB picks the database: --db, then $CREATORDESK_DB, then the XDG
// data dir (name is "creatordesk.db" or "demo.db").
func (a *app) resolveDB(name string) string {
	if a.dbPath != "" {
		return a.dbPath
	}
	if name == "" {
		if env := os.Getenv("CREATORDESK_DB"); env != "" {
			return env
		}
		name = "creatordesk.db"
	}
	return filepath.Join(xdg.DataHome, "creatordesk", name)
}

func (a *app) resolveConfig() string {
	if a.configPath != "" {
		return a.configPath
	}
	if env := os.Getenv("CREATORDESK_CONFIG"); env != "" {
		return env
	}
	return filepath.Join(xdg.ConfigHome, "creatordesk", "config.toml")
}

// open opens a database and applies the configured tier threshold,
// re-tiering (and saying so) when it changed. Only commands that put data
// in (import, demo, the dashboard once asked) create a missing database.
func (a *app) open(ctx context.Context, path string, create bool) (*store.Store, error) {
	opt := a.storeOptions()
	opt.MustExist = !create
	opt.Waiting = a.waiting
	opt.Upgrading = func(from, to int) {
		if !a.onScreen.Load() {
			sayf(a.stderr, "updating %s from schema %d to %d (once; a database of a million creators takes about a minute)", path, from, to)
		}
	}
	s, err := store.Open(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	a.notes = a.privacyNotes(s)
	old, err := s.HeadThreshold(ctx)
	if err == nil && old != a.cfg.HeadThreshold {
		var n int64
		n, err = s.SetHeadThreshold(ctx, a.cfg.HeadThreshold)
		if err == nil && n > 0 {
			fmt.Fprintf(a.stderr, "head threshold changed from %d to %d followers: %d creators changed tier\n", old, a.cfg.HeadThreshold, n)
		}
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// waiting says, on stderr, that a write waits for another one; the
// dashboard says it in its status line instead.
func (a *app) waiting(holder string) {
	if holder == "" {
		holder = "another creatordesk"
	}
	if a.onScreen.Load() {
		if p := a.program.Load(); p != nil {
			go p.Send(ui.Notice("waiting for " + holder + " to finish writing: this change is saved once it has"))
		}
		return
	}
	sayf(a.stderr, "waiting for %s to finish writing… (Ctrl-C gives up; nothing is lost)", holder)
}

// storeOptions are the configuration's settings for a store.
func (a *app) storeOptions() store.Options {
	return store.Options{Terms: &a.cfg.Terms, Now: a.now, Email: a.cfg.SMTP.Configured(), FollowUps: &a.cfg.FollowUps,
		Config: a.resolveConfig()}
}

// withStore runs fn on the user's database, closing it afterwards. A
// missing database is an error: a mistyped --db creates nothing.
func (a *app) withStore(cmd *cobra.Command, fn func(context.Context, *store.Store) error) error {
	return a.withStoreCreating(cmd, false, fn)
}

// withStoreCreating is withStore that, with create, makes a new database
// where there is none.
func (a *app) withStoreCreating(cmd *cobra.Command, create bool, fn func(context.Context, *store.Store) error) error {
	ctx := cmd.Context()
	s, err := a.open(ctx, a.resolveDB(""), create)
	var none *store.NoDatabaseError
	if errors.As(err, &none) {
		return fmt.Errorf("%w (check --db; 'creatordesk import creators FILE' or the dashboard makes a new one)", err)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(ctx, s)
}

// privacyNotes says, one line each on stderr, what was made private while
// opening: a database others could read, or the data directory. The
// dashboard repeats them in its status line.
func (a *app) privacyNotes(s *store.Store) []string {
	var notes []string
	if n := s.Tightened(); n != "" {
		notes = append(notes, n)
	}
	if n := tightenDataDir(filepath.Dir(s.Path())); n != "" {
		notes = append(notes, n)
	}
	for _, n := range notes {
		sayf(a.stderr, "creatordesk: %s", n)
	}
	return notes
}

// tightenDataDir makes creatordesk's own data directory 0700 if others
// could enter it. A directory named with --db is the user's to set.
func tightenDataDir(dir string) string {
	if dir != filepath.Join(xdg.DataHome, "creatordesk") {
		return ""
	}
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm()&0o077 == 0 {
		return ""
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Sprintf("%s is open to other users (mode %04o) and could not be made private: %v", dir, st.Mode().Perm(), err)
	}
	return fmt.Sprintf("%s was open to other users (mode %04o): now 0700, yours alone", dir, st.Mode().Perm())
}
