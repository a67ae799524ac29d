package ui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Window sizes from 0×0 to 200×60 (issue 6). Every pair is 12,261 views
// per state: CREATORDESK_SLOW=1 checks them all on the Dashboard. The
// normal run takes every width at the heights where the layout changes,
// every height at the widths where it does, and seeded random pairs.

// sizesSlow reports whether the long checks were asked for.
func sizesSlow() bool { return os.Getenv("CREATORDESK_SLOW") == "1" }

// sizesSample lists the sizes to check, every stride-th of them.
func sizesSample(seed uint64, random, stride int) [][2]int {
	var out [][2]int
	if sizesSlow() {
		for h := 0; h <= 60; h++ {
			for w := 0; w <= 200; w++ {
				out = append(out, [2]int{w, h})
			}
		}
		return out
	}
	for _, h := range []int{0, 1, 2, MinHeight - 1, MinHeight, 24, 29, 30, 60} {
		for w := 0; w <= 200; w++ {
			out = append(out, [2]int{w, h})
		}
	}
	for _, w := range []int{0, 1, 7, 8, 39, 40, MinWidth - 1, MinWidth, 80, 119, 120, 200} {
		for h := 0; h <= 60; h++ {
			out = append(out, [2]int{w, h})
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	for range random {
		out = append(out, [2]int{rng.IntN(201), rng.IntN(61)})
	}
	var kept [][2]int
	for i := 0; i < len(out); i += stride {
		kept = append(kept, out[i])
	}
	return kept
}

// sizesCheck lists what is wrong with the app's view at w×h: a panic, a
// line wider than the window, a line count other than the window's (none
// at all when it has no cells), a line the renderer measures otherwise
// than the layout, anything but text and SGR, a box that does not close
// where it opened. Below the minimum size the app says so and draws no tab
// bar.
func sizesCheck(a *App, w, h int) (errs []string) {
	defer func() {
		if r := recover(); r != nil {
			errs = append(errs, fmt.Sprintf("panic: %v", r))
		}
	}()
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	content := a.View().Content
	if w <= 0 || h <= 0 {
		if content != "" {
			errs = append(errs, fmt.Sprintf("a window without cells gets %q", content))
		}
		return errs
	}
	errs = hostileCheckView(content, w, h, nil)
	plain := ansi.Strip(content)
	if w < MinWidth || h < MinHeight {
		if w >= 8 && !strings.Contains(plain, "terminal") || strings.TrimSpace(plain) == "" {
			errs = append(errs, fmt.Sprintf("too small, and no word of it:\n%s", plain))
		}
		if strings.Contains(plain, "Dashboard") {
			errs = append(errs, fmt.Sprintf("the tab bar drawn in a window too small:\n%s", plain))
		}
	} else if !strings.HasPrefix(plain, " 1 ") {
		errs = append(errs, fmt.Sprintf("no tab bar:\n%s", plain))
	}
	return errs
}

// sizesRun checks a at every size, stopping after a few failures.
func sizesRun(t *testing.T, a *App, sizes [][2]int) {
	t.Helper()
	bad := 0
	for _, sz := range sizes {
		for _, e := range sizesCheck(a, sz[0], sz[1]) {
			t.Errorf("%d×%d: %s", sz[0], sz[1], e)
			bad++
		}
		if bad > 10 {
			t.Fatal("too many failures")
		}
	}
}

// The Dashboard at the sampled sizes, in three states: the hostile
// campaign in view, all campaigns with the full help open, and an empty
// database right after importing the hostile fixture (the result lists the
// refused rows above the figures).
func TestDashboardSizes(t *testing.T) {
	// Not parallel with the other tests: its thousands of views would
	// starve their waits for the store; its parts run in parallel.
	for i, state := range []string{"hostile campaign", "help", "import result"} {
		// The first state at every sampled size, the others at every third.
		sizes := sizesSample(uint64(6+i), 300, min(i+1, 3))
		t.Run(state, func(t *testing.T) {
			t.Parallel()
			var a *App
			switch state {
			case "hostile campaign":
				a = rootStart(t, hostileApp(hostileStore(t)), 120, 40)
				hostileSelectCampaign(t, a)
			case "help":
				a = rootStart(t, hostileApp(hostileStore(t)), 120, 40)
				rootPress(t, a, "?")
			case "import result":
				a = rootStart(t, rootApp(rootStore(t, false), true), 120, 40)
				rootPress(t, a, "i")
				rootType(t, a, filepath.Join(hostileDir, "creators.csv"))
				// The import takes longer than rootPress waits for.
				_, cmd := a.Update(rootKey("enter"))
				rootSettleWithin(a, cmd, 5*time.Second)
				if !strings.Contains(rootScreen(a), "skipped") {
					t.Fatalf("no import result:\n%s", rootScreen(a))
				}
			}
			sizesRun(t, a, sizes)
		})
	}
}

// Every other screen at an eighth of the Dashboard's sizes (all of them
// with CREATORDESK_SLOW=1), on the hostile data with the cursor on the
// last row.
func TestEveryScreenSizes(t *testing.T) {
	// Not parallel with the other tests: its thousands of views would
	// starve their waits for the store; its parts run in parallel.
	s := hostileStore(t)
	for _, sc := range hostileScreens[1:] {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			a := rootStart(t, hostileApp(s), 120, 40)
			rootPress(t, a, sc.keys...)
			for range sc.walk {
				rootPress(t, a, "j")
			}
			sizes := sizesSample(66, 100, 8)
			sizesRun(t, a, sizes)
		})
	}
}

// A storm of resizes through the real program: hundreds of sizes from 0×0
// up, some keys between them (tabs, the cursor, help, the campaign; the
// ones sent while the window is too small act on nothing), then
// the window's own size again. The program survives, and the terminal then
// shows exactly the screen a new app shows in that state; nothing but the
// app's styling reached the terminal on the way.
func TestResizeStormOnTheTerminal(t *testing.T) {
	t.Parallel()
	s := hostileStore(t)
	const w, h, storm = 120, 40, 400
	f := hostileStart(t, hostileApp(s), w, h)
	f.waitFor("Dashboard", "Funnel")
	rng := rand.New(rand.NewPCG(66, 66))
	keys := []string{"tab", "shift+tab", "1", "2", "3", "4", "5", "6", "j", "k", "g", "G", "?", "c", "v"}
	campaigns := 0
	for i := range storm {
		sw, sh := rng.IntN(221), rng.IntN(71)
		f.tm.Send(tea.WindowSizeMsg{Width: sw, Height: sh})
		if i%3 == 0 {
			k := keys[rng.IntN(len(keys))]
			// below the smallest size keys act on nothing
			if k == "c" && sw >= MinWidth && sh >= MinHeight {
				campaigns++
			}
			f.press(k)
		}
		if i%50 == 0 {
			f.pump() // keep the pipe drained, as a terminal would
		}
	}
	f.tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
	f.press("1", "esc") // the Dashboard, its help closed if the storm opened it

	// The same state in a new app: the campaign in view as often switched.
	ref := rootStart(t, hostileApp(s), w, h)
	for range campaigns {
		rootPress(t, ref, "c")
	}
	rootPress(t, ref, "1", "esc")
	want := sizesTrim(rootScreen(ref))
	screen := f.waitUntil("the screen a new app shows", func(screen string) bool { return sizesTrim(screen) == want })
	f.checkScreen("after the storm", nil)
	if !strings.HasPrefix(screen, " 1 Dashboard") {
		t.Errorf("after the storm:\n%s", screen)
	}
	f.quitAndScan()
}

// sizesTrim drops trailing blanks from every line.
func sizesTrim(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}
