package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"creatordesk/internal/termtext"
	"creatordesk/outreach"
	"creatordesk/store"
)

// stdinIsTerminal reports whether r is a terminal a person types into (a
// variable so tests can stand in for one).
var stdinIsTerminal = func(r io.Reader) bool { return isTerminal(r) }

func (a *app) forgetCmd() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "forget HANDLE",
		Short: "Remove a creator and everything tied to them, leaving no copy in the database",
		Long: `Removes a creator and everything tied to them: tags, pipelines and their
history, messages, samples and tracking numbers, discount codes, and their
entries in the search index, in one transaction. The deleted bytes are
overwritten, not just unlinked, and the write-ahead log is emptied into the
database file, so neither file holds the creator's handle, name, email,
phone, notes or tracking numbers afterwards. If earlier edits left old
copies of them in the file's free space, the file is rebuilt (VACUUM): on a
large database that takes a while, and the dashboard cannot save changes
meanwhile.

Exports and backups made earlier still hold them: forget lists those
creatordesk wrote that are still there, for you to delete (or, for a
backup, to forget there too). It also removes the temporary files of
exports and backups that were killed. Asks first on a terminal; --yes skips the question (and is
required when standard input is not a terminal).`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in := cmd.InOrStdin()
			if !yes && !stdinIsTerminal(in) {
				return usageError{errors.New("forget asks before removing anyone, and standard input is not a terminal: add --yes to forget without asking")}
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				c, err := s.Creator(ctx, args[0])
				if err != nil {
					return err
				}
				if !yes && !confirm(in, a.stderr, termtext.Quote(outreach.ForgetQuestion(c.Handle))) {
					sayf(a.stderr, "@%s kept: nothing removed", c.Handle)
					return exitError{exitFailure}
				}
				res, err := s.Forget(ctx, c.Handle)
				if err != nil {
					return err
				}
				sayf(a.stdout, "forgot @%s: %s, %s, %s, %s removed", res.Handle, outreach.Count(res.Pipelines, "pipeline", "pipelines"),
					outreach.Count(res.Messages, "message", "messages"), outreach.Count(res.Samples, "sample", "samples"),
					outreach.Count(res.Events, "history entry", "history entries"))
				a.forgetWarnings(res)
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func (a *app) forgetWarnings(res store.ForgetResult) {
	for _, p := range res.Removed {
		sayf(a.stderr, "removed %s, left by an export or backup that was killed", p)
	}
	if len(res.Copies) == 0 {
		sayf(a.stderr, "warning: no export or backup of this database is on record; copies made by hand or by older versions still hold @%s", res.Handle)
	} else {
		sayf(a.stderr, "warning: these exports and backups may still hold @%s; delete them, or forget there too (creatordesk --db BACKUP forget %s):", res.Handle, res.Handle)
		for _, c := range res.Copies {
			sayf(a.stderr, "  %s  (%s, %s)", c.Path, c.Kind, c.At.In(time.Local).Format("2006-01-02 15:04"))
		}
	}
	if res.Compacted {
		sayf(a.stderr, "earlier edits had left old copies of @%s in the file's free space: the database file was rebuilt without them", res.Handle)
	}
	if res.Lingering {
		fmt.Fprintln(a.stderr, "warning: another program is reading the database (the dashboard?): its -wal file may keep the removed details until that program closes")
	}
}

// confirm asks question on w and reports whether the answer read from r is
// yes; anything else, an empty line and end of input included, is no.
func confirm(r io.Reader, w io.Writer, question string) bool {
	fmt.Fprint(w, termtext.Quote(question)+" [y/N] ")
	line, _ := bufio.NewReader(r).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

func (a *app) backupCmd() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the database, even while the dashboard runs",
		Long: `Writes a copy of the database to FILE (mode 0600): a consistent snapshot,
safe to take while the dashboard or a send is running. The copy is written
beside FILE under a temporary name and renamed when complete, so a failed
backup leaves nothing behind. An existing FILE is kept unless --force.

The backup holds every creator's details: keep it as private as the
database. A creator forgotten later is still in backups made before:
forget lists the ones still there. FILE is never the database, its -wal,
-shm or -journal, or the configuration file, even with --force.

To restore a backup, quit the dashboard and run 'creatordesk restore FILE':
it keeps the database it replaces and never sends a message twice. Do not
copy a backup over the database by hand.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				if err := s.Backup(ctx, args[0], force); err != nil {
					return err
				}
				size := ""
				if st, err := os.Stat(args[0]); err == nil {
					size = fmt.Sprintf(" (%.1f MB)", float64(st.Size())/1e6)
				}
				sayf(a.stderr, "backed up %s to %s%s", s.Path(), args[0], size)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it exists")
	return cmd
}
