package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"creatordesk/store"
)

// A send that finds another send holding the queue sends nothing and
// says so on stderr alone: stdout stays empty, so a script reading it
// never sees a "sent 0" line from a run that did not send (issue 11,
// item 11).
func TestSendWhileAnotherSendsPrintsNoSummary(t *testing.T) {
	sink, port := startMailSink(t)
	e := newEnv(t)
	e.queueEmail(port, "anna_1,Anna,12000,anna@example.com\n")

	// This test process holds the queue as a running send does: alive,
	// its heartbeat fresh.
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(e.home, "data", "creatordesk", "creatordesk.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	host, _ := os.Hostname()
	run, _, err := s.StartSendRun(ctx, fmt.Sprintf("pid %d on %s", os.Getpid(), host), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := e.run("send")
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "another send is running") || sink.count() != 0 {
		t.Errorf("while another send runs: exit %d, %d sent\nstdout %q\nstderr %q", r.code, sink.count(), r.stdout, r.stderr)
	}

	if err := run.End(ctx); err != nil {
		t.Fatal(err)
	}
	r = e.must("send")
	if !strings.Contains(r.stdout, "sent 1, retry later 0, failed 0, unknown 0") || sink.count() != 1 {
		t.Errorf("once it ended: %d sent, stdout %q", sink.count(), r.stdout)
	}
}
