package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"creatordesk/store"
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
// re-tiering (and saying so) when it changed.
func (a *app) open(ctx context.Context, path string) (*store.Store, error) {
	s, err := store.Open(ctx, path, store.Options{Terms: &a.cfg.Terms, Now: a.now,
		Email: a.cfg.SMTP.Configured(), FollowUps: &a.cfg.FollowUps, Config: a.resolveConfig(),
		Upgrading: func(from, to int) {
			if !a.onScreen.Load() {
				fmt.Fprintf(a.stderr, "updating %s from schema %d to %d (once; a database of a million creators takes about a minute)\n", path, from, to)
			}
		}})
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

// withStore runs fn on the user's database, closing it afterwards.
func (a *app) withStore(cmd *cobra.Command, fn func(context.Context, *store.Store) error) error {
	ctx := cmd.Context()
	s, err := a.open(ctx, a.resolveDB(""))
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
		fmt.Fprintf(a.stderr, "creatordesk: %s\n", n)
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
