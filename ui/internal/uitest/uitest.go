// Package uitest drives Bubble Tea models in tests as the runtime would:
// a fixed clock, a demo database made once, commands run concurrently
// with their answers fed back, and key presses by name.
package uitest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/demo"
)

// Clock is the present of every test: a Sunday morning.
var Clock = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func Now() time.Time { return Clock }

// Store opens a new database under the test's temp dir, filled with the
// demo data when withDemo.
func Store(tb testing.TB, withDemo bool) *store.Store {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "creatordesk.db")
	if withDemo {
		if err := os.WriteFile(path, DemoFile(tb), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	s, err := store.Open(context.Background(), path, store.Options{Now: Now})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Creators is a new database of n creators c0000, c0001, … whose
// followers fall as the number rises (so by followers they list in order).
func Creators(tb testing.TB, n int) *store.Store {
	tb.Helper()
	s := Store(tb, false)
	im, err := s.BeginImport(context.Background(), store.ImportOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	if err := im.NextFile("test.csv"); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		f := int64(10_000_000 - i*10)
		row := outreach.CreatorRow{Line: i + 2, Creator: outreach.Creator{Handle: fmt.Sprintf("c%04d", i),
			DisplayName: fmt.Sprintf("Creator %d", i), Followers: &f, Region: "US"}}
		if err := im.Add(row); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := im.Commit(); err != nil {
		tb.Fatal(err)
	}
	return s
}

var (
	demoOnce  sync.Once
	demoBytes []byte
	demoErr   error
)

// DemoFile is a closed demo database's file, made once (generating
// takes a quarter of a second; copying it, a millisecond).
func DemoFile(tb testing.TB) []byte {
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "creatordesk-demo-")
		if err != nil {
			demoErr = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "demo.db")
		ctx := context.Background()
		s, err := store.Open(ctx, path, store.Options{Now: Now})
		if err != nil {
			demoErr = err
			return
		}
		_, demoErr = demo.Generate(ctx, s, demo.Options{Now: Clock})
		if err := s.Close(); demoErr == nil {
			demoErr = err
		}
		if demoErr == nil {
			demoBytes, demoErr = os.ReadFile(path)
		}
	})
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	return demoBytes
}

// Quiet is how long Settle waits for a command still running: more
// than the filter's debounce (150 ms) and a store call, less than a cursor
// blink (530 ms), which is abandoned.
const Quiet = 250 * time.Millisecond

// Settle runs cmd as the runtime does, concurrently, feeding every
// message back to Update and running the commands Update returns, until
// nothing is left or nothing arrived for Quiet. Batches and sequences
// are expanded. It reports whether a tea.QuitMsg was seen (which is not fed
// to Update).
func Settle(tb testing.TB, m tea.Model, cmd tea.Cmd) (quit bool) {
	tb.Helper()
	return SettleWithin(m, cmd, Quiet)
}

// SettleWithin is Settle with its own patience.
func SettleWithin(m tea.Model, cmd tea.Cmd, quiet time.Duration) (quit bool) {
	msgs := make(chan tea.Msg)
	done := make(chan struct{})
	defer close(done)
	pending := 0
	run := func(c tea.Cmd) {
		if c == nil {
			return
		}
		pending++
		go func() {
			msg := c()
			select {
			case msgs <- msg:
			case <-done: // abandoned
			}
		}()
	}
	run(cmd)
	timer := time.NewTimer(quiet)
	defer timer.Stop()
	for pending > 0 {
		select {
		case msg := <-msgs:
			pending--
			for _, c := range Expand(msg) {
				run(c)
			}
			switch msg.(type) {
			case nil, tea.BatchMsg:
				continue
			case tea.QuitMsg:
				quit = true
				continue
			}
			if IsBatch(msg) {
				continue
			}
			_, next := m.Update(msg)
			run(next)
			timer.Reset(quiet)
		case <-timer.C:
			return quit
		}
	}
	return quit
}

// Expand returns the commands of a batch or a sequence (tea's sequence
// type is unexported: any message that is a slice of commands).
func Expand(msg tea.Msg) []tea.Cmd {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b
	}
	if IsBatch(msg) {
		v := reflect.ValueOf(msg)
		out := make([]tea.Cmd, v.Len())
		for i := range out {
			out[i] = v.Index(i).Interface().(tea.Cmd)
		}
		return out
	}
	return nil
}

func IsBatch(msg tea.Msg) bool {
	if msg == nil {
		return false
	}
	t := reflect.TypeOf(msg)
	return t.Kind() == reflect.Slice && t.Elem() == reflect.TypeOf(tea.Cmd(nil))
}

// Key builds the key press for a key name: "enter", "esc", "tab",
// "shift+tab", "space", "backspace", "up", "down", "left", "right", "pgup", "pgdown",
// "ctrl+c", "ctrl+u", "ctrl+s", "ctrl+e", or one character.
func Key(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	case "ctrl+e":
		return tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl}
	}
	r := []rune(name)
	if len(r) != 1 {
		panic("uitest.Key: unknown key name")
	}
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// Press sends keys one by one to m, settling after each; it reports
// whether any of them quit.
func Press(tb testing.TB, m tea.Model, keys ...string) (quit bool) {
	tb.Helper()
	for _, k := range keys {
		_, cmd := m.Update(Key(k))
		if Settle(tb, m, cmd) {
			quit = true
		}
	}
	return quit
}

// Burst sends keys faster than any answer comes back, then settles.
func Burst(tb testing.TB, m tea.Model, keys ...string) {
	tb.Helper()
	var cmds []tea.Cmd
	for _, k := range keys {
		_, cmd := m.Update(Key(k))
		cmds = append(cmds, cmd)
	}
	Settle(tb, m, tea.Batch(cmds...))
}

// Type types text into whatever has focus, then settles once.
func Type(tb testing.TB, m tea.Model, text string) {
	tb.Helper()
	var keys []string
	for _, r := range text {
		keys = append(keys, string(r))
	}
	Burst(tb, m, keys...)
}
