package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/internal/uitest"
	"creatordesk/ui/pages/creators"
)

// benchStore builds (once per benchmark) a database of n creators with
// mixed scripts and a quarter of them in a pipeline.
func benchStore(b *testing.B, n int) *store.Store {
	b.Helper()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	s, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	im, err := s.BeginImport(context.Background(), store.ImportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if err := im.NextFile("bench"); err != nil {
		b.Fatal(err)
	}
	scripts := []string{"Anna %d", "安娜 %d", "Ngọc Anh %d", "ฟ้า %d", "María %d 🌸"}
	for i := 0; i < n; i++ {
		f := int64(1000 + (i*7919)%2_000_000)
		row := outreach.CreatorRow{Line: i + 2, Creator: outreach.Creator{Handle: fmt.Sprintf("creator_%07d", i),
			DisplayName: fmt.Sprintf(scripts[i%len(scripts)], i), Followers: &f, Region: "US", Category: "Beauty"}}
		if i%4 == 0 {
			row.Stage = outreach.Invited
		}
		if err := im.Add(row); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := im.Commit(); err != nil {
		b.Fatal(err)
	}
	return s
}

// benchDrain runs a command and feeds its messages back to the model until
// it is quiet, as the Bubble Tea runtime would, except for the text input's
// cursor blink: that re-arms forever, so its messages are dropped.
func benchDrain(m tea.Model, cmd tea.Cmd) tea.Model {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			if strings.HasPrefix(reflect.TypeOf(msg).PkgPath(), "charm.land/bubbles/v2/cursor") || benchDropWatch(msg) {
				continue
			}
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		}
	}
	return m
}

// benchDropWatch drops the dashboard's watch for other writers, which
// re-arms every WatchEvery forever, and closes its connection.
func benchDropWatch(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case watchStartedMsg:
		if msg.watch != nil {
			msg.watch.Close()
		}
		return true
	case watchTickMsg, watchVersionMsg:
		return true
	}
	return false
}

func benchKey(s string) tea.KeyPressMsg { return uitest.Key(s) }

// report prints the median and p99 of per-keystroke times.
func benchReport(b *testing.B, name string, d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	med, p99 := d[len(d)/2], d[len(d)*99/100]
	b.ReportMetric(float64(med.Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(p99.Microseconds())/1000, "ms-p99")
	b.Logf("%s: %d keystrokes, median %v, p99 %v, max %v", name, len(d), med, p99, d[len(d)-1])
}

// BenchmarkCreatorsKeystroke measures keystroke → new frame on the
// Creators screen over 100,000 creators: Update, the store calls the key
// triggers (page fetches near the buffer's edge), and View.
//
//	go test ./ui -run '^$' -bench Keystroke -benchtime 1x
func BenchmarkCreatorsKeystroke(b *testing.B) {
	s := benchStore(b, 100_000)
	for _, seq := range []struct {
		name string
		keys []string
	}{
		{"j", benchRepeat("j", 2000)},
		{"pgdown", benchRepeat("pgdown", 300)},
		{"G-then-k", append([]string{"G"}, benchRepeat("k", 1000)...)},
	} {
		b.Run(seq.name, func(b *testing.B) {
			var times []time.Duration
			for i := 0; i < b.N; i++ {
				var m tea.Model = New(Options{Store: s, Dark: benchPtr(true)})
				m = benchDrain(m, m.Init())
				m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
				m = benchDrain(m, func() tea.Msg { return benchKey("2") })
				_ = m.View()
				for _, k := range seq.keys {
					start := time.Now()
					m = benchDrain(m, func() tea.Msg { return benchKey(k) })
					_ = m.View()
					times = append(times, time.Since(start))
				}
			}
			benchReport(b, seq.name, times)
		})
	}
}

// BenchmarkCreatorsFilter measures a 3-letter filter (Latin and CJK) over
// 100,000 creators: from the debounce firing to the frame with the results.
func BenchmarkCreatorsFilter(b *testing.B) {
	s := benchStore(b, 100_000)
	for _, frag := range []string{"nna", "安娜 1", "_00999"} {
		b.Run(frag, func(b *testing.B) {
			var times []time.Duration
			for i := 0; i < b.N; i++ {
				var m tea.Model = New(Options{Store: s, Dark: benchPtr(true)})
				m = benchDrain(m, m.Init())
				m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
				m = benchDrain(m, func() tea.Msg { return benchKey("2") })
				m = benchDrain(m, func() tea.Msg { return benchKey("/") })
				app := m.(*App)
				cr := app.pages[1]
				for _, r := range frag {
					m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
				}
				start := time.Now()
				m = benchDrain(m, func() tea.Msg { return creators.DebounceNow(cr) })
				_ = m.View()
				times = append(times, time.Since(start))
				if creators.Total(cr) <= 0 && frag != "_00999" {
					b.Fatalf("filter %q found nothing", frag)
				}
			}
			benchReport(b, "filter "+frag, times)
		})
	}
}

func benchRepeat(k string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = k
	}
	return out
}

func benchPtr[T any](v T) *T { return &v }
