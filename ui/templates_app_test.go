package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
)

// The Templates screen is the fourth tab, after the Queue.
func TestTemplatesIsTheFourthTab(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	a := rootStart(t, rootApp(s, true), 100, 30)
	rootPress(t, a, "4")
	if rootActive(a) != "Templates" || rootIndex(t, a, "Queue") != 2 {
		t.Fatalf("4 shows %s", rootActive(a))
	}
	if got := rootScreen(a); !strings.Contains(got, "head invitation template") {
		t.Errorf("Templates screen:\n%s", got)
	}
	// While the editor is open, q and digits are text.
	rootPress(t, a, "e", "q", "1")
	if rootActive(a) != "Templates" || !strings.Contains(rootScreen(a), "q1") {
		t.Errorf("typing in the editor:\n%s", rootScreen(a))
	}
}

// tplGoldenScreen is rootGoldenScreen at the sizes the Templates screen is
// checked at: 80×24 and 120×40.
func tplGoldenScreen(t *testing.T, name string, setup func(t *testing.T, a *App)) {
	rootGoldenSizes(t, name, [][2]int{{80, 24}, {120, 40}}, setup)
}

// One template edited (the head follow-up 1), the cursor on it.
func TestGoldenTemplates(t *testing.T) {
	t.Parallel()
	tplGoldenScreen(t, "templates", func(t *testing.T, a *App) {
		tm := outreach.DefaultTemplate(outreach.Head, outreach.PurposeFollowUp1)
		tm.Body = "Hi {{.Name}},\n\nA quick nudge about the paid collaboration{{if .Campaign}} for {{.Campaign}}{{end}}: {{.SlotFee}} plus {{.Commission}} commission.\n\n{{.Sender}}"
		// The subtests share the store: the first saves, the others save
		// the same text again.
		if err := a.ctx.Store.SaveTemplate(common.Bg(), tm); err != nil {
			t.Fatal(err)
		}
		rootSettle(t, a, func() tea.Msg { return common.ChangedMsg{} })
		rootPress(t, a, "4", "j")
	})
}

// Through the terminal: a typo in a placeholder is refused with the
// nearest name, the cursor waits on it, and the fixed text is saved.
func TestFlowTemplateTypoThenFix(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	f := flowStart(t, rootApp(s, true), 120, 40)
	f.waitFor("1 Dashboard")
	f.press("4")
	f.waitFor("head invitation template", "Example: Ana Lima in Summer Glow Serum", "Hi Ana Lima,")
	f.press("e")
	f.waitFor("Editing the head invitation template", "Subject: Paid collaboration")
	f.tm.Type("Dear {{.Nmae}} ")
	f.waitFor("Dear {{.Nmae}} Hi {{.Name}},")
	f.tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	f.waitFor("Not saved: body: line 3, column 8: unknown placeholder .Nmae (did you mean .Name?)", "Dear {{.Nmae}} Hi {{.Name}},")
	if got := tplStored(t, s, outreach.Head, outreach.PurposeInvitation); got.Custom {
		t.Fatalf("the typo was stored: %+v", got)
	}
	// The cursor is on the placeholder: past the dot, over the typo.
	f.tm.Send(tea.KeyPressMsg{Code: tea.KeyRight})
	for range 4 {
		f.tm.Send(tea.KeyPressMsg{Code: tea.KeyDelete})
	}
	f.tm.Type("Name")
	f.waitFor("Dear {{.Name}} Hi {{.Name}},")
	f.tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	screen := f.waitFor("head invitation template saved", "▶ invitation      edited Nov 22", "Dear Ana Lima Hi Ana Lima,")
	if strings.Contains(screen, "Not saved") {
		t.Errorf("the error stays after the save:\n%s", screen)
	}
	got := tplStored(t, s, outreach.Head, outreach.PurposeInvitation)
	if !got.Custom || !strings.HasPrefix(got.Body, "Dear {{.Name}} Hi {{.Name}},\n") {
		t.Errorf("stored %+v", got)
	}
}

// Every width from 0 to 200, at a spread of heights: the Templates screen,
// its example, its editor with an error and its reset question never draw
// outside the window; the Queue with its sending banner neither.
func TestTemplatesEverySizeFits(t *testing.T) {
	t.Parallel()
	s := rootStore(t, true)
	tm := outreach.DefaultTemplate(outreach.Micro, outreach.PurposeThankYou)
	tm.Body = "Hi {{.Name}} 林思琪 🌸, thanks!\n\n{{.Sender}}"
	if err := s.SaveTemplate(context.Background(), tm); err != nil {
		t.Fatal(err)
	}
	if err := s.PauseSending(context.Background(), "535 5.7.8 authentication failed: check the password in config.toml"); err != nil {
		t.Fatal(err)
	}
	for _, sc := range []struct {
		name string
		keys []string
	}{
		{"list", []string{"4"}},
		{"example", []string{"4", "v"}},
		{"reset", []string{"4", "G", "R"}},
		{"editor", []string{"4", "e", "{", "{", "."}},
		{"queue", []string{"3"}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			a := rootStart(t, rootApp(s, true), 120, 40)
			rootPress(t, a, sc.keys...)
			if sc.name == "editor" {
				_, cmd := a.Update(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
				rootSettle(t, a, cmd)
				if !strings.Contains(rootScreen(a), "Not saved") {
					t.Fatalf("no error shown:\n%s", rootScreen(a))
				}
			}
			for _, h := range []int{0, 1, 5, 15, 16, 17, 24, 40, 60} {
				for w := 0; w <= 200; w++ {
					a.Update(tea.WindowSizeMsg{Width: w, Height: h})
					rootCheckFits(t, a, w, h, sc.name)
				}
			}
		})
	}
}

// tplStored is the template saved for tier and purpose.
func tplStored(t *testing.T, s *store.Store, tier outreach.Tier, p outreach.Purpose) outreach.Template {
	t.Helper()
	tm, err := s.Template(context.Background(), tier, p)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}
