package queue

import (
	"strings"
	"testing"
)

// / narrows the queue to the creators the filter matches, as Creators
// does: the list and its group counts follow, typing stays text (q, s and
// n are letters), and esc clears it.
func TestQueueFilter(t *testing.T) {
	s := queueStore(t)
	handles, _ := queueProspects(t, s, 4)
	queueFill(t, s, handles...)
	p := queuePage(s, queueCampaign)
	p.SetSize(100, 30)
	queueLoad(t, p)
	if p.list.Total() != 4 {
		t.Fatalf("%d rows, want 4", p.list.Total())
	}
	queuePress(p, "/")
	if !p.Typing() {
		t.Fatal("/ did not start the filter")
	}
	want := handles[2]
	queueType(p, want)
	if p.list.Total() != 4 {
		t.Error("the list changed before typing paused")
	}
	queueLoadMsg(t, p, p.filter.Now())
	screen := queueScreen(t, p, 100, 30)
	for _, h := range handles {
		if shown := strings.Contains(screen, "@"+h+" "); shown != (h == want) {
			t.Errorf("filter %q: @%s shown %v:\n%s", want, h, shown, screen)
		}
	}
	if !strings.Contains(screen, "QUEUED: review, then send (1)") {
		t.Errorf("the group does not count what the filter keeps:\n%s", screen)
	}
	queuePress(p, "enter")
	if p.Typing() {
		t.Fatal("enter left the filter typing")
	}
	if screen := queueScreen(t, p, 100, 30); !strings.Contains(screen, "filter: "+want+" · 1 invitations · esc clears") {
		t.Errorf("no filter line:\n%s", screen)
	}
	// Nothing matches: the screen says so.
	queuePress(p, "/")
	queueType(p, "zzzq")
	queueLoadMsg(t, p, p.filter.Now())
	if screen := queueScreen(t, p, 100, 30); !strings.Contains(screen, "no invitations match “"+want+"zzzq”") {
		t.Errorf("no match line:\n%s", screen)
	}
	queuePress(p, "enter")
	queueLoadMsg(t, p, nil, "esc")
	if p.filter.Value() != "" || p.list.Total() != 4 {
		t.Errorf("esc: filter %q, %d rows", p.filter.Value(), p.list.Total())
	}
}

// queueLoadMsg sends msg (or the keys) and runs what follows as
// queueLoad does.
func queueLoadMsg(t *testing.T, p *queue, msg any, keys ...string) {
	t.Helper()
	var msgs []any
	if msg != nil {
		_, cmd := p.Update(msg)
		for _, m := range queueExec(cmd) {
			msgs = append(msgs, m)
		}
	}
	for _, k := range keys {
		_, cmd := p.Update(queueKey(k))
		for _, m := range queueExec(cmd) {
			msgs = append(msgs, m)
		}
	}
	for len(msgs) > 0 {
		m := msgs[0]
		msgs = msgs[1:]
		switch m.(type) {
		case queueMsg, queueRowsMsg:
			_, next := p.Update(m)
			for _, n := range queueExec(next) {
				msgs = append(msgs, n)
			}
		}
	}
}
