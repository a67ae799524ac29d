package samples

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/store/demo"
	"creatordesk/ui/common"
	"creatordesk/ui/components/dialog"
	"creatordesk/ui/components/form"
	"creatordesk/ui/internal/uitest"
)

var smpClock = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func smpNow() time.Time { return smpClock }

// smpStore opens a database at the fixed clock, with the demo data when
// withDemo.
func smpStore(t *testing.T, withDemo bool) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "samples.db"), store.Options{Now: smpNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if withDemo {
		if _, err := demo.Generate(ctx, s, demo.Options{Now: smpClock}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// smpHarness drives the Samples page the way the root does: commands run,
// their answers go back to Update, and a common.ChangedMsg reloads the page.
type smpHarness struct {
	t      *testing.T
	p      *samples
	host   *uitest.Host // the root's part: the dialogs the page opens
	status common.StatusMsg
	notes  []string
}

func smpOpen(t *testing.T, s *store.Store, campaign string) *smpHarness {
	t.Helper()
	c := &common.Common{Store: s, Now: smpNow, Loc: time.UTC, Styles: common.NewStyles(true), Keys: common.DefaultKeys(),
		ContentDueDays: outreach.DefaultContentDueDays, Campaign: campaign}
	h := &smpHarness{t: t, p: New(c).(*samples)}
	h.host = uitest.NewHost(h.p, 80, 24)
	h.run(h.p.Load())
	return h
}

// run executes cmd and everything it leads to. Only the page's own answers
// are fed back: a text input's cursor blink would wait half a second.
func (h *smpHarness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			h.t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case shipmentsMsg, shipmentCountsMsg, sampleSavedMsg, writeMsg, newSampleMsg, askCampaignMsg, sampleHandleMsg, sampleCheckMsg:
			_, next := h.p.Update(msg)
			queue = append(queue, next)
		case dialog.Open, dialog.Close:
			h.host.Update(msg)
		case common.StatusMsg:
			h.status = msg
		case common.ChangedMsg:
			h.notes = append(h.notes, msg.Note)
			queue = append(queue, h.p.Load())
		}
	}
}

func smpKey(s string) tea.KeyPressMsg { return uitest.Key(s) }

// press sends keys and runs what they ask for. A key for an open dialog
// goes through the host, whose commands run as the runtime runs them
// (a cursor's blink waits half a second: abandoned).
func (h *smpHarness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		if !h.typing() {
			_, cmd := h.p.Update(smpKey(k))
			h.run(cmd)
			continue
		}
		_, cmd := h.host.Update(smpKey(k))
		h.settle(cmd)
	}
}

// settle runs cmd through the host and takes what it kept.
func (h *smpHarness) settle(cmd tea.Cmd) {
	h.t.Helper()
	uitest.Settle(h.t, h.host, cmd)
	if h.host.Status != (common.StatusMsg{}) {
		h.status, h.host.Status = h.host.Status, common.StatusMsg{}
	}
	h.notes = append(h.notes, h.host.Notes...)
	h.host.Notes = nil
}

// typing reports whether a dialog is open: keys are then its text.
func (h *smpHarness) typing() bool { return h.host.DialogOpen() }

// typeText types s into the dialog's focused field.
func (h *smpHarness) typeText(s string) {
	h.t.Helper()
	if !h.typing() {
		h.t.Fatalf("typing %q with no dialog open", s)
	}
	var cmds []tea.Cmd
	for _, r := range s {
		_, cmd := h.host.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		cmds = append(cmds, cmd)
	}
	h.settle(tea.Batch(cmds...))
}

// focused is the dialog's focused field.
func (h *smpHarness) focused() huh.Field {
	h.t.Helper()
	d, ok := h.host.Dialogs.Top().(*form.Dialog)
	if !ok {
		h.t.Fatalf("no form open")
	}
	return d.Form().GetFocusedField()
}

// screen is the page with the dialog over it, at w × ht.
func (h *smpHarness) screen(w, ht int) string {
	h.host.SetSize(w, ht)
	return h.host.Screen()
}

func (h *smpHarness) view(w, ht int) []string {
	return strings.Split(ansi.Strip(sized(h.p, w, ht)), "\n")
}

// section returns the lines of a group on screen, header excluded.
func section(lines []string, header string) []string {
	var out []string
	in := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, header+" "):
			in = true
		case in && isHeader(t):
			return out
		case in && t != "":
			out = append(out, l)
		}
	}
	return out
}

func isHeader(t string) bool {
	for _, g := range store.ShipmentGroups {
		if strings.HasPrefix(t, strings.ToUpper(g.Label())+" ") {
			return true
		}
	}
	return false
}

// selectRow moves the cursor with j/k onto the first row that ok accepts.
func (h *smpHarness) selectRow(ok func(store.ShipmentRow) bool) store.ShipmentRow {
	h.t.Helper()
	h.press("g")
	for range 500 {
		if r, found := h.p.selected(); found && ok(r) {
			return r
		}
		before := h.p.list.Cursor()
		h.press("j")
		if h.p.list.Cursor() == before {
			break
		}
	}
	h.t.Fatal("no such row")
	return store.ShipmentRow{}
}

func sampleByID(t *testing.T, s *store.Store, id int64) store.ShipmentRow {
	t.Helper()
	rows, err := s.Shipments(context.Background(), store.ShipmentQuery{Limit: store.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("sample %d not listed", id)
	return store.ShipmentRow{}
}

func TestSamplesOverdueFirst(t *testing.T) {
	s := smpStore(t, true)
	h := smpOpen(t, s, "")
	counts, costs, err := s.ShipmentCounts(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	lines := h.view(160, 48)
	if !strings.HasPrefix(strings.TrimSpace(lines[1]), fmt.Sprintf("OVERDUE %d", counts[store.GroupOverdue])) {
		t.Fatalf("first group is not OVERDUE %d:\n%s", counts[store.GroupOverdue], strings.Join(lines, "\n"))
	}
	late := section(lines, "OVERDUE")
	if len(late) < 5 {
		t.Fatalf("overdue lists %d rows, want at least 5:\n%s", len(late), strings.Join(lines, "\n"))
	}
	for _, l := range late {
		if !strings.Contains(l, "d late") || !strings.Contains(l, "@") {
			t.Errorf("overdue row without its lateness: %q", l)
		}
	}
	if !strings.HasPrefix(strings.TrimSpace(late[0]), "▶") {
		t.Errorf("the cursor row has no marker: %q", late[0])
	}
	// Headers come in the review order.
	last := -1
	for _, l := range lines {
		for i, g := range store.ShipmentGroups {
			if strings.HasPrefix(strings.TrimSpace(l), strings.ToUpper(g.Label())+" ") {
				if i < last {
					t.Errorf("%s after a later group", g)
				}
				last = i
			}
		}
	}
	screen := strings.Join(lines, "\n")
	if !strings.Contains(screen, costs[0].String()) {
		t.Errorf("footer lacks the cost total %s:\n%s", costs[0], screen)
	}
	if !strings.Contains(screen, fmt.Sprintf("%d overdue · %d to ship", counts[store.GroupOverdue], counts[store.GroupToShip])) {
		t.Errorf("footer lacks the counts:\n%s", screen)
	}
	// Rows within a group are by due date.
	var prev time.Time
	for _, r := range h.p.list.Rows() {
		if r.Group != store.GroupOverdue {
			break
		}
		if r.ContentDueAt.Before(prev) {
			t.Errorf("@%s due %v before the row above (%v)", r.Handle, r.ContentDueAt, prev)
		}
		prev = r.ContentDueAt
	}
}

func TestSamplesMarkPostedLeavesOverdue(t *testing.T) {
	s := smpStore(t, true)
	h := smpOpen(t, s, "")
	before := h.p.counts[store.GroupOverdue]
	r, ok := h.p.selected()
	if !ok || r.Group != store.GroupOverdue {
		t.Fatalf("cursor starts on %+v, want an overdue sample", r)
	}
	h.press("p")
	if !h.typing() {
		t.Fatal("p opened no dialog")
	}
	screen := h.screen(80, 24)
	if !strings.Contains(screen, "video") || !strings.Contains(screen, "@"+r.Handle) {
		t.Errorf("the form does not show:\n%s", screen)
	}
	h.typeText("https://example.com/x")
	h.press("enter")
	if !h.typing() || !strings.Contains(h.screen(80, 24), "not a tiktok.com URL") {
		t.Fatal("a non-TikTok URL was not refused in the form")
	}
	h.press("esc", "p")
	url := "https://www.tiktok.com/@" + r.Handle + "/video/7301234567890"
	h.typeText(url)
	h.press("enter")
	if !h.typing() || h.focused().GetKey() != "date" {
		t.Fatal("enter did not move to the date")
	}
	h.press("enter") // today, as offered
	if h.typing() {
		t.Fatalf("form still open:\n%s", h.host.DialogView())
	}
	if h.status.Err {
		t.Fatalf("posting failed: %s", h.status.Text)
	}
	if len(h.notes) != 1 || !strings.Contains(h.notes[0], "@"+r.Handle) {
		t.Errorf("changed notes %q", h.notes)
	}
	if got := h.p.counts[store.GroupOverdue]; got != before-1 {
		t.Errorf("overdue %d after posting, want %d", got, before-1)
	}
	lines := h.view(160, 48)
	for _, l := range section(lines, "OVERDUE") {
		if strings.Contains(l, "@"+r.Handle+" ") && strings.Contains(l, r.SKU) && strings.Contains(l, r.Campaign) {
			t.Errorf("posted sample still overdue: %q", l)
		}
	}
	got := sampleByID(t, s, r.ID)
	if got.Group != store.GroupPosted || got.VideoURL != url || !got.ContentPostedAt.Equal(smpClock) {
		t.Errorf("after posting: %+v", got)
	}
	ps, _ := s.Pipelines(context.Background(), r.Handle)
	for _, p := range ps {
		if p.Campaign == r.Campaign && p.Position.Stage != outreach.ContentPosted {
			t.Errorf("pipeline in %s at %s, want content posted", p.Campaign, p.Position.Stage)
		}
	}
}

func TestSamplesShipThenDeliver(t *testing.T) {
	s := smpStore(t, true)
	h := smpOpen(t, s, "")
	r := h.selectRow(func(r store.ShipmentRow) bool { return r.Group == store.GroupToShip })
	h.press("d")
	if !h.status.Err || !strings.Contains(h.status.Text, "in transit") {
		t.Errorf("d on a sample to ship: %+v", h.status)
	}
	h.press("s")
	h.typeText("UPS")
	h.press("enter")
	if !h.typing() || h.focused().GetKey() != "tracking" {
		t.Fatal("enter did not move to the tracking number")
	}
	h.typeText("1Z999AA10123456784")
	h.press("enter")
	if !h.typing() || h.focused().GetKey() != "date" {
		t.Fatal("enter did not move to the date shipped")
	}
	h.press("enter") // today, as offered
	got := sampleByID(t, s, r.ID)
	if got.Group != store.GroupInTransit || got.Carrier != "UPS" || got.Tracking != "1Z999AA10123456784" {
		t.Fatalf("after s: %+v (status %+v)", got, h.status)
	}
	if !strings.Contains(strings.Join(h.view(160, 48), "\n"), "UPS 1Z999AA10123456784") {
		t.Error("the tracking number is not on screen")
	}
	h.selectRow(func(x store.ShipmentRow) bool { return x.ID == r.ID })
	h.press("d")
	if !h.typing() || h.focused().GetKey() != "date" || !strings.Contains(h.host.DialogView(), "2026-11-22") {
		t.Fatalf("d does not ask the day, offering today:\n%s", h.host.DialogView())
	}
	h.press("enter")
	got = sampleByID(t, s, r.ID)
	if got.Group != store.GroupAwaiting || !got.ContentDueAt.Equal(smpClock.AddDate(0, 0, 14)) {
		t.Fatalf("after d: %+v (status %+v)", got, h.status)
	}
	h.selectRow(func(x store.ShipmentRow) bool { return x.ID == r.ID })
	line := ""
	for _, l := range h.view(160, 48) {
		if strings.Contains(l, "▶") {
			line = l
		}
	}
	if !strings.Contains(line, "due in 14d") {
		t.Errorf("delivered row %q, want due in 14d", line)
	}
	h.press("t")
	if v := h.focused().GetValue(); v != "UPS" {
		t.Errorf("t starts from carrier %q, want UPS", v)
	}
	h.press("esc")
	if h.typing() {
		t.Error("esc left the form open")
	}
}

func TestSamplesNewSample(t *testing.T) {
	s := smpStore(t, true)
	h := smpOpen(t, s, "")
	r := h.selectRow(func(r store.ShipmentRow) bool { return r.Group == store.GroupToShip })
	toShip := h.p.counts[store.GroupToShip]
	costs := append([]outreach.Money{}, h.p.costs...)
	// the creator first: checked at once; when in several campaigns, none
	// in view, the page asks which before the details
	start := func() {
		t.Helper()
		h.press("n")
		h.typeText("@" + strings.ToUpper(r.Handle))
		h.press("enter")
		if ps, _ := s.Pipelines(context.Background(), r.Handle); len(ps) > 1 {
			if !strings.Contains(h.host.DialogView(), r.Campaign) {
				t.Fatalf("the question does not offer %s:\n%s", r.Campaign, h.host.DialogView())
			}
			h.typeText("/" + r.Campaign)
			h.press("esc", "enter")
		}
		if !strings.Contains(h.host.DialogView(), "New sample for @"+r.Handle+" in "+r.Campaign) {
			t.Fatalf("no details box for @%s in %s:\n%s", r.Handle, r.Campaign, h.host.DialogView())
		}
	}
	start()
	h.typeText("TEST-SKU")
	h.press("enter")
	h.typeText("two")
	h.press("enter")
	if !h.typing() || h.focused().GetKey() != "quantity" || !strings.Contains(h.host.DialogView(), "quantity: a whole number from 1") {
		t.Fatalf("a quantity of %q accepted:\n%s", "two", h.host.DialogView())
	}
	h.press("esc")
	start()
	h.typeText("TEST-SKU")
	h.press("enter")
	h.typeText("2") // over the 1 shown: it was ×12
	h.press("enter")
	h.typeText("12.50 USD")
	h.press("enter")
	if h.typing() || h.status.Err {
		t.Fatalf("new sample: dialog\n%s\nstatus %+v", h.host.DialogView(), h.status)
	}
	if got := h.p.counts[store.GroupToShip]; got != toShip+1 {
		t.Errorf("to ship %d, want %d", got, toShip+1)
	}
	want := make([]outreach.Money, len(costs))
	copy(want, costs)
	for i := range want {
		if want[i].Currency == "USD" {
			want[i].Minor += 2500
		}
	}
	if !reflect.DeepEqual(h.p.costs, want) {
		t.Errorf("costs %v, want %v", h.p.costs, want)
	}
	if !strings.Contains(strings.Join(h.view(160, 48), "\n"), "TEST-SKU ×2") {
		t.Error("the new sample is not listed")
	}
	if !strings.Contains(h.notes[len(h.notes)-1], r.Campaign) {
		t.Errorf("recorded in another campaign than @%s's: %q", r.Handle, h.notes)
	}
}

func TestSamplesFitEverySize(t *testing.T) {
	s := smpStore(t, true)
	h := smpOpen(t, s, "")
	check := func(what string) {
		t.Helper()
		for _, sz := range [][2]int{{60, 16}, {80, 24}, {160, 48}, {60, 13}, {200, 60}} {
			h.host.SetSize(sz[0], sz[1]) // the page, and the dialog over it
			out := h.host.View().Content
			lines := strings.Split(out, "\n")
			if len(lines) > sz[1] {
				t.Errorf("%s at %d×%d: %d lines", what, sz[0], sz[1], len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > sz[0] {
					t.Errorf("%s at %d×%d: line %d is %d wide: %q", what, sz[0], sz[1], i, w, ansi.Strip(l))
				}
			}
		}
	}
	check("list")
	h.press("G")
	check("bottom")
	if r, _ := h.p.selected(); r.Group != store.GroupPosted {
		t.Errorf("G ends on %s, want the posted group", r.Group)
	}
	h.press("g", "n")
	h.typeText(strings.Repeat("界", 80))
	check("form")
	h.press("esc")
}

func TestSamplesHostileTextIsCleaned(t *testing.T) {
	s := smpStore(t, false)
	ctx := context.Background()
	im, err := s.BeginImport(ctx, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("x.csv"); err != nil {
		t.Fatal(err)
	}
	row := outreach.CreatorRow{Line: 2, Stage: outreach.Partnered, Creator: outreach.Creator{Handle: "evil",
		DisplayName: "Eve\x1b]52;c;cGF3bmVk\x07\u202e\r\nname"}}
	if err := im.Add(row); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordSample(ctx, "evil", "", outreach.Shipment{SKU: "SKU\x1b[2J\x9b31m", Qty: 1}, 14); err != nil {
		t.Fatal(err)
	}
	h := smpOpen(t, s, "")
	out := sized(h.p, 160, 20)
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\u202e", "\r", "\x9b"} {
		if strings.Contains(out, bad) {
			t.Errorf("view carries %q", bad)
		}
	}
	if !strings.Contains(ansi.Strip(out), "@evil") {
		t.Errorf("row missing:\n%s", ansi.Strip(out))
	}
}

func TestSamplesPagesThroughManyRows(t *testing.T) {
	s := smpStore(t, false)
	ctx := context.Background()
	const n = sampleBuffer + samplePage + 37 // more than the window keeps
	im, err := s.BeginImport(ctx, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("x.csv"); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		row := outreach.CreatorRow{Line: i + 2, Stage: outreach.Partnered, Creator: outreach.Creator{Handle: fmt.Sprintf("c%05d", i)}}
		if err := im.Add(row); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		sh := outreach.Shipment{SKU: "S", Qty: 1, CreatedAt: smpClock.Add(time.Duration(i-n) * time.Minute)}
		if _, err := s.RecordSample(ctx, fmt.Sprintf("c%05d", i), "", sh, 14); err != nil {
			t.Fatal(err)
		}
	}
	h := smpOpen(t, s, "")
	want := func(i int) {
		t.Helper()
		r, ok := h.p.selected()
		if !ok || h.p.list.Cursor() != i || r.Handle != fmt.Sprintf("c%05d", i) {
			t.Fatalf("cursor %d on %q (%v), want row %d", h.p.list.Cursor(), r.Handle, ok, i)
		}
		if len(h.p.list.Rows()) > sampleBuffer {
			t.Fatalf("%d rows kept", len(h.p.list.Rows()))
		}
		lines := h.view(80, 24)
		found := false
		for _, l := range lines {
			found = found || strings.Contains(l, "▶ @"+r.Handle)
		}
		if !found {
			t.Fatalf("row %d not visible:\n%s", i, strings.Join(lines, "\n"))
		}
	}
	h.view(80, 24)
	for i := 0; i < n-1; {
		h.press("pgdown")
		i = min(n-1, i+max(1, h.p.height-2))
		want(i)
	}
	for i := n - 1; i > 0; i-- { // up the whole way, a row at a time
		h.press("k")
		want(i - 1)
	}
	h.press("G")
	want(n - 1)
	h.press("g")
	want(0)

	// A page asked for before a jump to the end answers after it: dropped.
	var stale tea.Cmd
	for range 100 {
		if _, stale = h.p.Update(smpKey("pgdown")); stale != nil {
			break
		}
	}
	_, jump := h.p.Update(smpKey("G"))
	if stale == nil || jump == nil {
		t.Fatal("no page was asked for")
	}
	h.run(jump)
	h.p.Update(stale()) // and nothing after: the window must still hold the end
	want(n - 1)
}

func TestSamplesDropStaleAnswers(t *testing.T) {
	s := smpStore(t, true)
	h := smpOpen(t, s, "")
	old := h.p.Load() // all campaigns, answered late
	h.p.ctx.Campaign = "Kitchen Gadgets Q4"
	h.run(h.p.Load())
	kitchen := len(h.p.list.Rows())
	h.run(old)
	if len(h.p.list.Rows()) != kitchen {
		t.Fatalf("a stale answer replaced the rows: %d, want %d", len(h.p.list.Rows()), kitchen)
	}
	for _, r := range h.p.list.Rows() {
		if r.Campaign != "Kitchen Gadgets Q4" {
			t.Errorf("@%s from %q listed under Kitchen Gadgets Q4", r.Handle, r.Campaign)
		}
	}
	want, _, _ := s.ShipmentCounts(context.Background(), "Kitchen Gadgets Q4")
	if !reflect.DeepEqual(h.p.counts, want) {
		t.Errorf("counts %v, want Kitchen's %v", h.p.counts, want)
	}
	if strings.Contains(strings.Join(h.view(160, 48), "\n"), "NAME · CAMPAIGN") {
		t.Error("one campaign in view, yet rows name it")
	}
}

// d asks the day the sample arrived: a day typed over today counts the
// content due date from it, and a later day or one before the shipping is
// refused in the form.
func TestSamplesDeliveredOnAnEarlierDay(t *testing.T) {
	s := smpStore(t, true)
	h := smpOpen(t, s, "")
	r := h.selectRow(func(r store.ShipmentRow) bool { return r.Group == store.GroupInTransit })
	shipped := r.ShippedAt.UTC().Format(outreach.DateLayout)
	h.press("d")
	for typed, want := range map[string]string{
		"2026-11-23": "2026-11-23 is in the future (today is 2026-11-22)",
		"22.11.2026": "YYYY-MM-DD",
		r.ShippedAt.AddDate(0, 0, -1).UTC().Format(outreach.DateLayout): "is before it shipped (" + shipped + ")",
	} {
		h.typeText(typed)
		h.press("enter")
		if !h.typing() || !strings.Contains(h.host.DialogView(), want) {
			t.Fatalf("%s: not refused with %q:\n%s", typed, want, h.host.DialogView())
		}
		for range typed {
			h.press("backspace")
		}
	}
	day := smpClock.AddDate(0, 0, -1)
	if day.Before(r.ShippedAt) {
		t.Fatalf("demo data changed: sample %d shipped %v, after yesterday", r.ID, r.ShippedAt)
	}
	h.typeText(day.Format(outreach.DateLayout))
	h.press("enter")
	if h.typing() || h.status.Err {
		t.Fatalf("not saved: %+v\n%s", h.status, h.host.DialogView())
	}
	got := sampleByID(t, s, r.ID)
	at := time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, time.UTC)
	if got.Group != store.GroupAwaiting || !got.DeliveredAt.Equal(at) || !got.ContentDueAt.Equal(at.AddDate(0, 0, 14)) {
		t.Errorf("delivered %v, content due %v; want %v and 14 days later", got.DeliveredAt, got.ContentDueAt, at)
	}
	if len(h.notes) == 0 || !strings.Contains(h.notes[len(h.notes)-1], "content due "+at.AddDate(0, 0, 14).Format("Jan 2")) {
		t.Errorf("notes %q", h.notes)
	}
}
