package queue

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/demo"
	"creatordesk/ui/common"
	"creatordesk/ui/internal/uitest"
)

// The Queue screen's tests drive the page directly with its own keys on a
// demo database; helpers start with "queue" so other test files can have
// their own.

var queueClock = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

const queueCampaign = "Summer Glow Serum"

// queueStore is a demo database at queueClock.
func queueStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "queue.db"), store.Options{Now: func() time.Time { return queueClock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := demo.Generate(ctx, s, demo.Options{Creators: 150, Now: queueClock}); err != nil {
		t.Fatal(err)
	}
	return s
}

// queueProspects returns n creators who may be invited in the campaign,
// and one do-not-contact creator.
func queueProspects(t *testing.T, s *store.Store, n int) (handles []string, dnc string) {
	t.Helper()
	page, err := s.Creators(context.Background(), store.CreatorQuery{Campaign: queueCampaign, Stage: outreach.Prospect, Sort: store.ByHandle, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Creators {
		switch {
		case c.DoNotContact:
			dnc = c.Handle
		case len(handles) < n:
			handles = append(handles, c.Handle)
		}
	}
	if len(handles) < n || dnc == "" {
		t.Fatalf("demo has %d prospects in %s and do-not-contact %q", len(handles), queueCampaign, dnc)
	}
	return handles, dnc
}

// queueFill signs invitations "Mia" and queues the handles.
func queueFill(t *testing.T, s *store.Store, handles ...string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	render := func(c outreach.Creator, cp outreach.Campaign, tm outreach.Terms) (string, string, error) {
		return outreach.DefaultMessage(c, cp.Name, tm, "Mia")
	}
	n, held, err := s.QueueInvitations(ctx, handles, queueCampaign, render)
	if err != nil || n != len(handles) {
		t.Fatalf("queued %d of %v: held %v, %v", n, handles, held, err)
	}
}

func queuePage(s *store.Store, campaign string) *queue {
	c := &common.Common{Store: s, Now: func() time.Time { return queueClock.Add(time.Hour) }, Loc: time.UTC,
		Styles: common.NewStyles(true), Keys: common.DefaultKeys(), Campaign: campaign, ContentDueDays: 14}
	return New(c).(*queue)
}

// queueExec runs a command as the runtime would and returns its messages,
// batches expanded.
func queueExec(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, queueExec(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// queueLoad loads the page synchronously.
func queueLoad(t *testing.T, p *queue) {
	t.Helper()
	msgs := queueExec(p.Load())
	for len(msgs) > 0 { // and the pages the window asks for next
		m := msgs[0]
		msgs = msgs[1:]
		switch m.(type) {
		case queueMsg, queueRowsMsg:
			_, next := p.Update(m)
			msgs = append(msgs, queueExec(next)...)
		}
	}
	if p.err != nil {
		t.Fatal(p.err)
	}
}

// queueWrite feeds a write's answer back and returns what the page says
// next (a common.ChangedMsg or a common.StatusMsg).
func queueWrite(t *testing.T, p *queue, cmd tea.Cmd) tea.Msg {
	t.Helper()
	msgs := queueExec(cmd)
	if len(msgs) != 1 {
		t.Fatalf("a write gave %v", msgs)
	}
	_, next := p.Update(msgs[0])
	out := queueExec(next)
	if len(out) != 1 {
		t.Fatalf("after the write: %v", out)
	}
	return out[0]
}

func queueKey(s string) tea.KeyPressMsg { return uitest.Key(s) }

// queuePress sends keys and returns the last command.
func queuePress(p *queue, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = p.Update(queueKey(k))
	}
	return cmd
}

func queueType(p *queue, text string) {
	for _, r := range text {
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// queueScreen renders the page, checks it fills w × h exactly, and returns
// the text without styles.
func queueScreen(t *testing.T, p *queue, w, h int) string {
	t.Helper()
	out := ansi.Strip(sized(p, w, h))
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		t.Errorf("%d×%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("%d×%d: line %d is %d cells: %q", w, h, i, n, l)
		}
	}
	return out
}

func queueStage(t *testing.T, s *store.Store, handle string) outreach.Stage {
	t.Helper()
	ps, err := s.Pipelines(context.Background(), handle)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Campaign == queueCampaign {
			return p.Position.Stage
		}
	}
	return ""
}

func queueHelp(p *queue) string {
	var parts []string
	for _, b := range p.ShortHelp() {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	return strings.Join(parts, ", ")
}

func TestQueueListsAndShowsMessage(t *testing.T) {
	s := queueStore(t)
	handles, _ := queueProspects(t, s, 3)
	queueFill(t, s, handles...)
	for _, camp := range []string{queueCampaign, ""} {
		p := queuePage(s, camp)
		if got := queueScreen(t, p, 80, 24); !strings.Contains(got, "loading") {
			t.Errorf("before the answer:\n%s", got)
		}
		queueLoad(t, p)
		wide := queueScreen(t, p, 160, 48)
		for _, want := range []string{"QUEUED: review, then send (3)", "@" + handles[0], "@" + handles[2], "3 queued",
			"signed “Mia”", "I'm Mia.", "https://www.tiktok.com/@" + handles[0], "stage prospect"} {
			if !strings.Contains(wide, want) {
				t.Errorf("campaign %q, 160×48 lacks %q:\n%s", camp, want, wide)
			}
		}
		if camp == "" && !strings.Contains(wide, queueCampaign) {
			t.Errorf("all campaigns: no campaign column:\n%s", wide)
		}
		narrow := queueScreen(t, p, 80, 24)
		for _, want := range []string{"@" + handles[0], "Hi ", "I'm Mia."} {
			if !strings.Contains(narrow, want) {
				t.Errorf("campaign %q, 80×24 lacks %q:\n%s", camp, want, narrow)
			}
		}
		queueScreen(t, p, 60, 13) // the smallest body the app gives a page
		for _, size := range [][2]int{{1, 1}, {200, 2}, {30, 5}, {111, 4}} {
			queueScreen(t, p, size[0], size[1])
		}
	}
}

func TestQueueSendByHandMovesToInvited(t *testing.T) {
	s := queueStore(t)
	handles, _ := queueProspects(t, s, 2)
	queueFill(t, s, handles...)
	p := queuePage(s, queueCampaign)
	queueLoad(t, p)
	first, _ := p.selected()
	if first.Handle != handles[0] {
		t.Fatalf("selected @%s, want @%s", first.Handle, handles[0])
	}

	msgs := queueExec(queuePress(p, "y"))
	if len(msgs) != 1 || fmt.Sprintf("%T", msgs[0]) != "tea.setClipboardMsg" || fmt.Sprint(msgs[0]) != first.Body {
		t.Fatalf("y gave %#v, want the message on the clipboard", msgs)
	}
	if p.Typing() {
		t.Error("waiting for enter is not typing: global keys still work")
	}
	for _, size := range [][2]int{{160, 48}, {80, 24}} {
		screen := queueScreen(t, p, size[0], size[1])
		for _, want := range []string{"https://www.tiktok.com/@" + first.Handle, "press enter once sent"} {
			if !strings.Contains(screen, want) {
				t.Errorf("%v after y lacks %q:\n%s", size, want, screen)
			}
		}
	}
	if h := queueHelp(p); !strings.Contains(h, "enter it went: mark sent") || strings.Contains(h, "approve") {
		t.Errorf("help while sending: %s", h)
	}
	if queueStage(t, s, first.Handle) != outreach.Prospect {
		t.Fatal("moved before the staffer confirmed")
	}

	next := queueWrite(t, p, queuePress(p, "enter"))
	if ch, ok := next.(common.ChangedMsg); !ok || !strings.Contains(ch.Note, "@"+first.Handle) {
		t.Fatalf("enter gave %#v, want common.ChangedMsg", next)
	}
	if got := queueStage(t, s, first.Handle); got != outreach.Invited {
		t.Errorf("@%s is %s, want invited", first.Handle, got)
	}
	queueLoad(t, p)
	if sel, _ := p.selected(); sel.Handle != handles[1] {
		t.Errorf("after sending, the cursor is on @%s, want the next in line @%s", sel.Handle, handles[1])
	}
	screen := queueScreen(t, p, 160, 48)
	if !strings.Contains(screen, "SENT: newest first (1)") || !strings.Contains(screen, "1 queued") {
		t.Errorf("after sending:\n%s", screen)
	}

	// The reply, on the sent invitation.
	queuePress(p, "G")
	if sel, _ := p.selected(); sel.Status != outreach.InvitationSent {
		t.Fatalf("G: on %+v", sel)
	}
	if h := queueHelp(p); !strings.Contains(h, "r replied") || strings.Contains(h, "y copy") || strings.Contains(h, "approve") {
		t.Errorf("help on a sent invitation: %s", h)
	}
	if msg, ok := queueExec(queuePress(p, "a"))[0].(common.StatusMsg); !ok || !msg.Err {
		t.Errorf("approving a sent invitation: %#v", msg)
	}
	if _, ok := queueWrite(t, p, queuePress(p, "r")).(common.ChangedMsg); !ok {
		t.Fatal("r did not report a change")
	}
	if got := queueStage(t, s, first.Handle); got != outreach.Replied {
		t.Errorf("@%s is %s, want replied", first.Handle, got)
	}
	// esc abandons a send.
	queuePress(p, "g")
	queueExec(queuePress(p, "y"))
	queuePress(p, "esc")
	if p.mode != queueBrowse || queueStage(t, s, handles[1]) != outreach.Prospect {
		t.Error("esc did not abandon the send")
	}
}

func TestQueueEditApproveSkip(t *testing.T) {
	s := queueStore(t)
	handles, _ := queueProspects(t, s, 2)
	queueFill(t, s, handles...)
	p := queuePage(s, queueCampaign)
	queueLoad(t, p)
	inv, _ := p.selected()

	queuePress(p, "e")
	if !p.Typing() {
		t.Fatal("editing is typing")
	}
	queueType(p, "PS ")
	for _, size := range [][2]int{{160, 48}, {80, 24}} {
		if screen := queueScreen(t, p, size[0], size[1]); !strings.Contains(screen, "ctrl+s saves") {
			t.Errorf("%v editor:\n%s", size, screen)
		}
	}
	queuePress(p, "esc")
	if got, _ := s.Invitation(context.Background(), inv.ID); got.Body != inv.Body || p.Typing() {
		t.Error("esc saved the edit")
	}

	queuePress(p, "e")
	queueType(p, "PS ")
	if _, ok := queueWrite(t, p, queuePress(p, "ctrl+s")).(common.ChangedMsg); !ok {
		t.Fatal("ctrl+s did not save")
	}
	got, _ := s.Invitation(context.Background(), inv.ID)
	if got.Body != "PS "+inv.Body || p.Typing() {
		t.Errorf("saved %q", got.Body)
	}
	// An empty message is refused and the editor stays open.
	queuePress(p, "e")
	p.editor.SetValue("  ")
	if msg, ok := queueWrite(t, p, queuePress(p, "ctrl+s")).(common.StatusMsg); !ok || !msg.Err || !p.Typing() {
		t.Errorf("empty save: %#v, typing %v", msg, p.Typing())
	}
	queuePress(p, "esc")

	queueLoad(t, p)
	if _, ok := queueWrite(t, p, queuePress(p, "a")).(common.ChangedMsg); !ok {
		t.Fatal("a did not approve")
	}
	queueLoad(t, p)
	if screen := queueScreen(t, p, 160, 48); !strings.Contains(screen, "APPROVED: ready to send (1)") {
		t.Errorf("after approving:\n%s", screen)
	}
	if sel, _ := p.selected(); sel.Handle != handles[1] {
		t.Errorf("after approving, the cursor is on @%s, want the next to review @%s", sel.Handle, handles[1])
	}
	queuePress(p, "G")
	if h := queueHelp(p); !strings.Contains(h, "a back to queued") {
		t.Errorf("help on an approved invitation: %s", h)
	}
	if _, ok := queueWrite(t, p, queuePress(p, "x")).(common.ChangedMsg); !ok {
		t.Fatal("x did not skip")
	}
	queueLoad(t, p)
	if len(p.list.Rows()) != 1 {
		t.Errorf("%d rows after a skip, want 1", len(p.list.Rows()))
	}
	if got, _ := s.Invitation(context.Background(), inv.ID); got.Status != outreach.InvitationSkipped {
		t.Errorf("status %s", got.Status)
	}
}

func TestQueueNewAsksSenderThenHandle(t *testing.T) {
	s := queueStore(t)
	handles, dnc := queueProspects(t, s, 1)
	p := queuePage(s, queueCampaign)
	queueLoad(t, p)
	if screen := queueScreen(t, p, 80, 24); !strings.Contains(screen, "No invitations waiting") {
		t.Errorf("empty queue:\n%s", screen)
	}
	// The prompts are dialogs over the page, as the root shows them.
	h := uitest.NewHost(p, 80, 24)
	uitest.Press(t, h, "n")
	if !h.DialogOpen() || !strings.Contains(h.DialogView(), "sign invitations as") {
		t.Fatalf("n with no sender asks for one:\n%s", h.Screen())
	}
	uitest.Press(t, h, "enter")
	if !h.DialogOpen() || !strings.Contains(h.DialogView(), "sender") {
		t.Fatalf("an empty sender was taken, or no reason shown:\n%s", h.Screen())
	}
	uitest.Type(t, h, "Mia from GlowLab")
	uitest.Press(t, h, "enter")
	if name, _ := s.Sender(context.Background()); name != "Mia from GlowLab" {
		t.Errorf("sender %q", name)
	}
	if !h.DialogOpen() || !strings.Contains(h.DialogView(), "handle") {
		t.Fatalf("then it asks for the handle:\n%s", h.Screen())
	}
	if !strings.Contains(h.Status.Text, "invitations are signed") {
		t.Errorf("the status still says %q after the sender was set", h.Status.Text)
	}
	uitest.Type(t, h, handles[0])
	uitest.Press(t, h, "enter")
	if h.DialogOpen() || len(h.Notes) != 1 || !strings.Contains(h.Notes[0], "queued an invitation to @"+handles[0]) {
		t.Fatalf("the handle was not queued: notes %q, status %+v", h.Notes, h.Status)
	}
	queueLoad(t, p)
	if inv, _ := p.selected(); inv.Handle != handles[0] || !strings.Contains(inv.Body, "Mia from GlowLab") {
		t.Errorf("queued %+v", inv)
	}
	// Do-not-contact: refused, said in the status line.
	uitest.Press(t, h, "n")
	uitest.Type(t, h, dnc)
	uitest.Press(t, h, "enter")
	if msg := h.Status; !msg.Err || !strings.Contains(msg.Text, "do not contact") {
		t.Errorf("queueing a do-not-contact creator: %#v", msg)
	}
	// s shows the name that signs: typing replaces it, enter on nothing
	// keeps it.
	uitest.Press(t, h, "s")
	if !strings.Contains(h.DialogView(), "Mia from GlowLab") {
		t.Errorf("s does not show the sender:\n%s", h.DialogView())
	}
	uitest.Press(t, h, "enter")
	if name, _ := s.Sender(context.Background()); name != "Mia from GlowLab" || h.DialogOpen() {
		t.Errorf("enter on the shown sender gave %q", name)
	}
	queueLoad(t, p)
	if len(p.list.Rows()) != 1 {
		t.Errorf("%d rows, want 1", len(p.list.Rows()))
	}
}

func TestQueueDropsStaleAnswers(t *testing.T) {
	s := queueStore(t)
	handles, _ := queueProspects(t, s, 1)
	p := queuePage(s, queueCampaign)
	old := p.Load()
	queueFill(t, s, handles...)
	fresh := p.Load()
	for _, m := range queueExec(fresh) {
		p.Update(m)
	}
	for _, m := range queueExec(old) {
		p.Update(m)
	}
	if len(p.list.Rows()) != 1 {
		t.Errorf("an older answer replaced the newer one: %d rows", len(p.list.Rows()))
	}
}

// n with all campaigns in view queues a creator in the campaign the rule
// picks; one in several campaigns is asked about, and the answer is used.
func TestQueueNewAsksWhichCampaign(t *testing.T) {
	s := uitest.Creators(t, 3)
	ctx := context.Background()
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Glow", "Spring"} { // c0001 a prospect in both
		im, err := s.BeginImport(ctx, store.ImportOptions{Campaign: name})
		if err != nil {
			t.Fatal(err)
		}
		if err := im.NextFile(name + ".csv"); err != nil {
			t.Fatal(err)
		}
		if err := im.Add(outreach.CreatorRow{Line: 2, Creator: outreach.Creator{Handle: "c0001"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	p := queuePage(s, "")
	queueLoad(t, p)
	h := uitest.NewHost(p, 100, 30)
	uitest.Press(t, h, "n")
	uitest.Type(t, h, "c0001")
	uitest.Press(t, h, "enter")
	if !h.DialogOpen() || !strings.Contains(h.DialogView(), "is in 2 campaigns") {
		t.Fatalf("n on a creator in two campaigns did not ask which:\n%s", h.Screen())
	}
	uitest.Press(t, h, "down", "enter") // Spring
	if h.DialogOpen() || len(h.Notes) == 0 || !strings.Contains(h.Notes[len(h.Notes)-1], "in Spring") {
		t.Fatalf("not queued in Spring: notes %q, status %+v", h.Notes, h.Status)
	}
	invs, err := s.QueueList(ctx, store.QueueQuery{Campaign: "Spring", Limit: 10})
	if err != nil || len(invs.Invitations) != 1 || invs.Invitations[0].Handle != "c0001" {
		t.Fatalf("Spring's queue: %+v, %v", invs.Invitations, err)
	}
	// a creator in no campaign goes to the default one, without a question
	uitest.Press(t, h, "n")
	uitest.Type(t, h, "c0002")
	uitest.Press(t, h, "enter")
	if h.DialogOpen() || !strings.Contains(h.Notes[len(h.Notes)-1], "in "+outreach.DefaultCampaign) {
		t.Fatalf("c0002: dialog open %v, notes %q, status %+v", h.DialogOpen(), h.Notes, h.Status)
	}
}
