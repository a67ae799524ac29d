package samples

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"creatordesk/outreach"
	"creatordesk/store"
)

// ruleStore has partners anna (Glow only), bo (Glow and Spring) and cy in
// no campaign; anna has a sample so the list is not empty.
func ruleStore(t *testing.T) *store.Store {
	t.Helper()
	s := smpStore(t, false)
	ctx := context.Background()
	add := func(camp string, handles ...string) {
		t.Helper()
		im, err := s.BeginImport(ctx, store.ImportOptions{Campaign: camp})
		if err != nil {
			t.Fatal(err)
		}
		if err := im.NextFile("x.csv"); err != nil {
			t.Fatal(err)
		}
		for i, h := range handles {
			stage := outreach.Partnered
			if camp == "" {
				stage = ""
			}
			if err := im.Add(outreach.CreatorRow{Line: i + 2, Stage: stage, Creator: outreach.Creator{Handle: h}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := im.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	add("Glow", "anna", "bo")
	add("Spring", "bo")
	add("", "cy")
	return s
}

// newSample fills the new-sample boxes: the handle, then (when the page
// does not ask which campaign) the SKU and the qty typed over the 1 shown
// ("" keeps it), no cost.
func (h *smpHarness) newSample(handle, sku, qty string) {
	h.t.Helper()
	h.press("n")
	h.typeText(handle)
	h.press("enter")
	if strings.Contains(h.host.DialogView(), "which one?") || strings.Contains(h.host.DialogView(), "┃ > "+handle) {
		return // the question, or the handle refused
	}
	h.details(sku, qty)
}

// details fills the details box: SKU, quantity, no cost.
func (h *smpHarness) details(sku, qty string) {
	h.t.Helper()
	h.typeText(sku)
	h.press("enter")
	if qty != "" {
		h.typeText(qty)
	}
	h.press("enter", "enter")
}

// samplesOf lists what handle has, as "campaign SKU ×qty".
func samplesOf(t *testing.T, s *store.Store, handle string) []string {
	t.Helper()
	ps, err := s.Pipelines(context.Background(), handle)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		for _, sh := range p.Samples {
			out = append(out, fmt.Sprintf("%s %s ×%d", p.Campaign, sh.SKU, sh.Qty))
		}
	}
	return out
}

// The quantity field showed 1 and typing 2 recorded ×12: the 1 is a
// default that the first key typed replaces.
func TestSamplesNewSampleQuantityTypedReplacesTheDefault(t *testing.T) {
	s := ruleStore(t)
	h := smpOpen(t, s, "")
	h.newSample("anna", "GLOW-1", "2")
	if h.typing() || h.status.Err {
		t.Fatalf("not recorded: %+v\n%s", h.status, h.host.DialogView())
	}
	if got := samplesOf(t, s, "anna"); len(got) != 1 || got[0] != "Glow GLOW-1 ×2" {
		t.Fatalf("recorded %q, want Glow GLOW-1 ×2", got)
	}
	// Left as shown, it is 1.
	h.newSample("anna", "GLOW-2", "")
	if got := samplesOf(t, s, "anna"); len(got) != 2 || !slices.Contains(got, "Glow GLOW-2 ×1") {
		t.Fatalf("recorded %q, want GLOW-2 ×1 beside GLOW-1", got)
	}
}

// The campaign rule picks where a new sample goes: the campaign in view.
func TestSamplesNewSampleRuleInView(t *testing.T) {
	s := ruleStore(t)
	h := smpOpen(t, s, "Spring")
	h.newSample("bo", "SPRING-1", "")
	if h.typing() || h.status.Err {
		t.Fatalf("asked or failed with Spring in view: %+v\n%s", h.status, h.host.DialogView())
	}
	if got := samplesOf(t, s, "bo"); len(got) != 1 || got[0] != "Spring SPRING-1 ×1" {
		t.Fatalf("recorded %q, want in Spring", got)
	}
}

// None in view: the creator's only campaign, without asking.
func TestSamplesNewSampleRuleOnlyPipeline(t *testing.T) {
	s := ruleStore(t)
	h := smpOpen(t, s, "")
	h.newSample("anna", "GLOW-1", "")
	if h.typing() || h.status.Err {
		t.Fatalf("asked or failed: %+v\n%s", h.status, h.host.DialogView())
	}
	if got := samplesOf(t, s, "anna"); len(got) != 1 || got[0] != "Glow GLOW-1 ×1" {
		t.Fatalf("recorded %q, want in Glow", got)
	}
	if n := h.notes[len(h.notes)-1]; !strings.Contains(n, "recorded in Glow") {
		t.Errorf("note %q does not name Glow", n)
	}
}

// Several campaigns and none in view: the page asks which, right after
// the handle; esc records nothing.
func TestSamplesNewSampleRuleAsksWhenSeveral(t *testing.T) {
	s := ruleStore(t)
	h := smpOpen(t, s, "")
	h.newSample("bo", "BO-1", "3")
	q := h.host.DialogView()
	if !h.typing() || !strings.Contains(q, "@bo is in 2 campaigns") || !strings.Contains(q, "Glow") || !strings.Contains(q, "Spring") {
		t.Fatalf("no question naming both campaigns:\n%s", q)
	}
	if got := samplesOf(t, s, "bo"); len(got) != 0 {
		t.Fatalf("recorded before the answer: %q", got)
	}
	h.press("esc")
	if h.typing() || len(samplesOf(t, s, "bo")) != 0 {
		t.Fatal("esc recorded the sample or left the question open")
	}
	h.newSample("bo", "BO-1", "3")
	h.press("down", "enter") // Glow, Spring: the second
	if !strings.Contains(h.host.DialogView(), "New sample for @bo in Spring") {
		t.Fatalf("after the answer, no details box for Spring:\n%s", h.host.DialogView())
	}
	h.details("BO-1", "3")
	if h.typing() || h.status.Err {
		t.Fatalf("after the details: %+v\n%s", h.status, h.host.DialogView())
	}
	if got := samplesOf(t, s, "bo"); len(got) != 1 || got[0] != "Spring BO-1 ×3" {
		t.Fatalf("recorded %q, want Spring BO-1 ×3", got)
	}
}

// In no campaign: the rule's default campaign, where a sample needs a
// partner first. The handle is refused as soon as it is entered: the box
// stays on it with the reason, before any other field is asked for.
func TestSamplesNewSampleRuleNoneIsDefault(t *testing.T) {
	s := ruleStore(t)
	h := smpOpen(t, s, "")
	h.newSample("cy", "CY-1", "")
	box := h.host.DialogView()
	if !h.typing() || !strings.Contains(box, `not in campaign "`+outreach.DefaultCampaign+`"`) || !strings.Contains(box, "┃ > cy") {
		t.Fatalf("the handle box does not stay on cy with the reason:\n%s", box)
	}
	if strings.Contains(box, "SKU") {
		t.Errorf("the details were asked for:\n%s", box)
	}
	if got := samplesOf(t, s, "cy"); len(got) != 0 {
		t.Fatalf("recorded %q", got)
	}
}

// A handle that cannot have a sample is refused when it is entered, with
// the store's reason under it; changing it to a partner's goes on to the
// details.
func TestSamplesNewSampleChecksTheHandleFirst(t *testing.T) {
	s := ruleStore(t)
	h := smpOpen(t, s, "Glow")
	h.press("n")
	h.typeText("nobody")
	h.press("enter")
	box := h.host.DialogView()
	if !h.typing() || !strings.Contains(box, "no creator @nobody") || strings.Contains(box, "SKU") {
		t.Fatalf("an unknown handle was not refused at once:\n%s", box)
	}
	// typing clears the reason; a partner in Glow goes on
	h.press("backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	h.typeText("anna")
	if strings.Contains(h.host.DialogView(), "no creator") {
		t.Errorf("the old reason stays while typing:\n%s", h.host.DialogView())
	}
	h.press("enter")
	if !strings.Contains(h.host.DialogView(), "New sample for @anna in Glow") {
		t.Fatalf("no details for anna:\n%s", h.host.DialogView())
	}
	h.details("GLOW-2", "")
	if got := samplesOf(t, s, "anna"); len(got) != 1 || got[0] != "Glow GLOW-2 ×1" {
		t.Fatalf("recorded %q", got)
	}
}

// Outside text shown in a dialog (the title's SKU) is cleaned like the
// list's.
func TestSamplesDialogTextIsCleaned(t *testing.T) {
	s := ruleStore(t)
	ctx := context.Background()
	// The store refuses control characters in a carrier or tracking
	// number; a SKU from an import may carry them.
	if _, err := s.RecordSample(ctx, "anna", "Glow", outreach.Shipment{SKU: "SKU\x1b[2J\x9b31m\u202e", Qty: 1}, 14); err != nil {
		t.Fatal(err)
	}
	h := smpOpen(t, s, "")
	h.press("t")
	if !h.typing() {
		t.Fatal("t opened no dialog")
	}
	out := h.host.Dialogs.Top().View()
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\u202e", "\r", "\x9b"} {
		if strings.Contains(out, bad) {
			t.Errorf("dialog carries %q", bad)
		}
	}
	if !strings.Contains(h.host.DialogView(), "Tracking for @anna") {
		t.Errorf("dialog:\n%s", h.host.DialogView())
	}
}
