package queue

import (
	"context"
	"strings"
	"testing"

	"creatordesk/store"
	"creatordesk/ui/internal/uitest"
)

// n completes the handle as it is typed: the first handle starting with
// the text shows after it, ↓ shows the next, ctrl+e takes the one shown.
func TestQueueNewCompletesTheHandle(t *testing.T) {
	s := uitest.Creators(t, 30)
	ctx := context.Background()
	if _, err := s.SetSender(ctx, "Mia"); err != nil {
		t.Fatal(err)
	}
	p := queuePage(s, "")
	queueLoad(t, p)
	h := uitest.NewHost(p, 80, 24)
	uitest.Press(t, h, "n")
	uitest.Type(t, h, "@c001")
	if d := h.DialogView(); !strings.Contains(d, "@c0010") || !strings.Contains(d, "ctrl+e") {
		t.Fatalf("@c001 shows no completion:\n%s", d)
	}
	uitest.Press(t, h, "down", "down", "ctrl+e")
	if d := h.DialogView(); !strings.Contains(d, "@c0012") {
		t.Fatalf("↓ ↓ ctrl+e did not take @c0012:\n%s", d)
	}
	uitest.Press(t, h, "enter")
	if h.DialogOpen() || len(h.Notes) != 1 || !strings.Contains(h.Notes[0], "queued an invitation to @c0012") {
		t.Fatalf("not queued: notes %q, status %+v\n%s", h.Notes, h.Status, h.Screen())
	}
	invs, err := s.QueueList(ctx, store.QueueQuery{Limit: 10})
	if err != nil || len(invs.Invitations) != 1 || invs.Invitations[0].Handle != "c0012" {
		t.Fatalf("queue: %+v, %v", invs.Invitations, err)
	}
	// Typed whole, a handle needs no completion; one that starts no
	// handle is refused by the store as before.
	uitest.Press(t, h, "n")
	uitest.Type(t, h, "nobody")
	uitest.Press(t, h, "ctrl+e", "enter")
	if !h.Status.Err || !strings.Contains(h.Status.Text, "nobody") {
		t.Errorf("an unknown handle: status %+v", h.Status)
	}
}
