package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"creatordesk/ui"
)

// withoutEnv returns env without the variable name.
func withoutEnv(env []string, name string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); k != name {
			out = append(out, kv)
		}
	}
	return out
}

// dashboardFPS is the most frames a second the dashboard draws.
const dashboardFPS = 40

// dashboard opens the interactive dashboard on the database at path. A
// new database is made at the default place without asking; at a path the
// user named (--db, $CREATORDESK_DB) only once they say yes, since a
// mistyped name would otherwise open an empty dashboard.
func (a *app) dashboard(ctx context.Context, in io.Reader, path string, named bool) error {
	if _, err := os.Stat(path); named && errors.Is(err, fs.ErrNotExist) {
		if !stdinIsTerminal(in) {
			return fmt.Errorf("no database at %s: check the path, or run creatordesk on a terminal to create it there", path)
		}
		if !confirm(in, a.stderr, fmt.Sprintf("no database at %s: create a new one there?", path)) {
			return fmt.Errorf("no database at %s: nothing created", path)
		}
	}
	s, err := a.open(ctx, path, true)
	if err != nil {
		return err
	}
	m := ui.New(ui.Options{
		Now:            a.now,
		Store:          s,
		ContentDueDays: a.cfg.ContentDueDays,
		Currency:       a.cfg.Currency,
		Quota:          &a.cfg.Quota,
		OpenDemo:       a.openDemo,
		Send:           a.dashboardSend(),
	})
	// 40 frames a second: a keystroke still reaches the screen within
	// 25 ms, and an idle dashboard redraws a third less often than at the
	// default 60, which is most of its idle CPU.
	// lipgloss detected the terminal's colour profile when the program
	// started (for its Writer, on stdout). In tmux, detecting runs `tmux
	// info` (about 50 ms), which Bubble Tea and then its renderer would
	// each do again before the first frame; given the profile, and an
	// environment without $TMUX (which nothing else reads), neither does.
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithFPS(dashboardFPS),
		tea.WithColorProfile(lipgloss.Writer.Profile), tea.WithEnvironment(withoutEnv(os.Environ(), "TMUX")))
	showNotes(p, a.notes)
	a.program.Store(p)
	a.onScreen.Store(true)
	_, err = p.Run()
	a.onScreen.Store(false)
	m.Close()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // interrupted by a signal: a normal way to leave
	}
	return err
}

// showNotes puts the notes in the dashboard's status line once it runs.
func showNotes(p *tea.Program, notes []string) {
	if len(notes) > 0 {
		go p.Send(ui.Notice(strings.Join(notes, "; ")))
	}
}
