package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"creatordesk/internal/process"
	"creatordesk/store"
)

func (a *app) restoreCmd() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "restore BACKUP",
		Short: "Put a backup in place of the database, without sending anything twice",
		Long: `Replaces the database with BACKUP (a file 'creatordesk backup' wrote),
after checking it is whole (SQLite's integrity check) and from this
creatordesk or an older one. The database it replaces is kept beside it as
DB.before-restore-DATE.

Messages that left after the backup was made are not sent again: every
message the replaced database sent, or may have sent, is recorded so in the
restored one, matched by its Message-ID; one it skipped stays skipped. If
the replaced database cannot be read, every message the backup has ready
to go is marked maybe sent, for you to check in the Queue screen.

Quit the dashboard first: restore refuses while another creatordesk has the
database open. A restore cut off at any moment leaves the old database or
the new one, whole. Asks first on a terminal; --yes skips the question (and
is required when standard input is not a terminal).`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in := cmd.InOrStdin()
			if !yes && !stdinIsTerminal(in) {
				return usageError{errors.New("restore replaces the database, and standard input is not a terminal: add --yes to restore without asking")}
			}
			path, backup := a.resolveDB(""), args[0]
			if !yes && !confirm(in, a.stderr, fmt.Sprintf("Replace %s with the backup %s? The database there now is kept beside it.", path, backup)) {
				fmt.Fprintln(a.stderr, "nothing restored")
				return exitError{exitFailure}
			}
			res, err := store.Restore(cmd.Context(), path, backup, a.storeOptions(), process.Alive)
			if err != nil {
				return err
			}
			a.printRestore(path, backup, res)
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func (a *app) printRestore(path, backup string, r store.RestoreResult) {
	sayf(a.stdout, "restored %s to %s", backup, path)
	if r.UpgradedFrom > 0 {
		sayf(a.stdout, "the backup was made by an older creatordesk (schema %d): brought up to date (%d)", r.UpgradedFrom, store.SchemaVersion())
	}
	switch {
	case r.Missing && r.Kept == "":
		sayf(a.stdout, "there was no database at %s: the backup is restored as it is", path)
	case r.Missing:
		sayf(a.stdout, "there was no database at %s, only its write-ahead log: kept as %s", path, r.Kept)
	default:
		sayf(a.stdout, "the database it replaced is kept as %s", r.Kept)
	}
	if r.Unreadable == "" && !r.Missing {
		sayf(a.stdout, "carried over from it: %d messages sent, %d maybe sent, %d skipped or failed; none of them goes again",
			r.Sent, r.MaybeSent, r.Closed)
	}
	if r.After > 0 {
		sayf(a.stdout, "%d messages left after the backup was made: they are not in it (the kept database has them)", r.After)
	}
	sayf(a.stdout, "%d emails are ready to go with the next send", r.Due)
	check := "check them in the Queue screen (mark sent, or send again)"
	if r.Unreadable != "" {
		sayf(a.stderr, "the database it replaced could not be read (%s): %d messages ready to go may have left after the backup was made and are marked maybe sent; %s",
			r.Unreadable, r.Unsure, check)
	}
	if r.MaybeSent > 0 {
		sayf(a.stderr, "%d messages may have been delivered (cut off mid-send) and are marked maybe sent; %s", r.MaybeSent, check)
	}
	if r.Absent > 0 {
		names := "@" + strings.Join(r.AbsentHandles, ", @")
		if r.Absent > len(r.AbsentHandles) {
			names += ", …"
		}
		sayf(a.stderr, "warning: %d creators in the backup were not in the database it replaced (forgotten since the backup was made?): %s; %d messages waiting for them are marked maybe sent. If they asked to be forgotten, forget them again: creatordesk forget HANDLE",
			r.Absent, names, r.AbsentMessages)
	}
}
