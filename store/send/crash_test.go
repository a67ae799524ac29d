package send

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"creatordesk/internal/killtest"
	"creatordesk/outreach"
	"creatordesk/outreach/email"
	"creatordesk/store"
)

// TestSendCrashHelper is the child's side of TestSendSurvivesKill: a
// sender run on the database at $CRASH_DB through the SMTP server at
// $CRASH_PORT, run by the parent so that it outlives the child.
func TestSendCrashHelper(t *testing.T) {
	switch killtest.Mode() {
	case "":
	case "send":
		port, _ := strconv.Atoi(os.Getenv("CRASH_PORT"))
		killtest.Exit(sendChild(os.Getenv("CRASH_DB"), port))
	default:
		killtest.Exit(fmt.Errorf("unknown helper %q", killtest.Mode()))
	}
}

func sendChild(db string, port int) error {
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{Now: func() time.Time { return t0 }, Email: true})
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Println("open")
	server := email.Server{Host: "127.0.0.1", Port: port, Security: email.None, Timeout: time.Minute}
	rep, err := Run(ctx, st, Options{From: from, Owner: fmt.Sprintf("pid %d", os.Getpid()), Alive: pidAlive,
		Now: func() time.Time { return t0 },
		Dial: func(ctx context.Context) (Mailer, error) {
			sess, err := email.Dial(ctx, server)
			if err != nil {
				return nil, err
			}
			return sess, nil
		}})
	fmt.Printf("sent %d, retry %d, failed %d, unknown %d, recovered %d\n", rep.Sent, rep.Retry, rep.Failed, rep.Unknown, rep.Recovered)
	return err
}

// pidAlive says whether the sender "pid N" runs: the parent reaps a killed
// child before it starts the next.
func pidAlive(owner string) bool {
	var pid int
	if _, err := fmt.Sscanf(owner, "pid %d", &pid); err != nil {
		return true
	}
	return syscall.Kill(pid, 0) == nil
}

var messageID = regexp.MustCompile(`(?m)^Message-ID: (<[^>]+>)\r$`)

// TestSendSurvivesKill kills a sender at random moments while the SMTP
// server, in this process, outlives it. After each kill at most the one
// message in hand is left sending; the next run marks it unknown and never
// sends it again. At the end no message was delivered twice, every message
// sent was delivered once, and every message is sent, unknown or failed.
func TestSendSurvivesKill(t *testing.T) {
	kills, rng := killtest.Plan(t)
	const creators, perRun = 1000, 25   // perRun are due as each run starts
	handles := []string{"gone", "drop"} // refused at RCPT; hung up on after its data
	for i := range creators - len(handles) {
		handles = append(handles, fmt.Sprintf("c%04d", i))
	}
	st, _ := setup(t, handles, nil)
	ctx := context.Background()
	queued := 0
	// Keep enough waiting that a run never runs dry before its kill.
	refill := func() {
		due, _, err := st.EmailDue(ctx, outreach.Quota{}, t0, perRun)
		if err != nil {
			t.Fatal(err)
		}
		if queued == len(handles) {
			t.Fatal("every creator was invited before the kills were done")
		}
		if n := min(perRun-len(due), len(handles)-queued); n > 0 {
			queue(t, st, store.QueueRequest{Handles: handles[queued : queued+n], Approve: true})
			queued += n
		}
	}
	b := &smtpServer{}
	server := serveSMTP(t, b)
	raw, err := sql.Open("sqlite", "file:"+st.Path()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	inStatus := func(status outreach.InvitationStatus) map[int64]bool {
		rows, err := raw.Query(`SELECT id FROM invitations WHERE status = ?`, string(status))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		ids := map[int64]bool{}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids[id] = true
		}
		return ids
	}
	run := func(mark string, delay time.Duration) killtest.Result {
		cmd := killtest.Command("TestSendCrashHelper", "send", "CRASH_DB="+st.Path(), "CRASH_PORT="+strconv.Itoa(server.Port))
		return killtest.Run(t, cmd, mark, delay)
	}

	// cut are the messages a kill left sending: once a run has taken the
	// queue they are unknown, whatever else happens. (A run killed before
	// it took the queue leaves them sending.)
	cut := map[int64]bool{}
	checkCut := func(killed bool) {
		unknown, sending := inStatus(outreach.InvitationUnknown), inStatus(outreach.InvitationSending)
		for id := range cut {
			if !unknown[id] && !(killed && sending[id]) {
				t.Fatalf("#%d, cut off by a kill, is %s, not unknown", id, statusOf(t, st, id).Status)
			}
		}
	}
	refill()
	res := run("open", -1) // times the start, and a run that sends what is due
	start, span := res.ToMark, res.Since
	landed, runs := 0, 1
	for landed < kills {
		if runs > 3*kills {
			t.Fatalf("only %d of %d kills landed in %d runs", landed, kills, runs)
		}
		refill()
		// One kill in five lands while the child starts.
		if rng.IntN(5) == 0 {
			res = run("", time.Duration(rng.Int64N(int64(start))))
		} else {
			res = run("open", time.Duration(rng.Int64N(int64(span)*4/5)))
		}
		runs++
		checkCut(res.Killed)
		if !res.Killed {
			if res.ToMark > 0 { // the kill was aimed too late: aim by this run
				start, span = res.ToMark, res.Since
			}
			continue
		}
		landed++
		sending := inStatus(outreach.InvitationSending)
		if len(sending) > 1 {
			t.Fatalf("%d messages sending after a kill: one sender has one in hand", len(sending))
		}
		for id := range sending {
			cut[id] = true
		}
	}
	if res := run("open", -1); !strings.Contains(res.Stdout, "sent ") {
		t.Fatalf("the last run said %q", res.Stdout)
	}
	runs++
	checkCut(false)

	rows, err := raw.Query(`SELECT i.id, c.handle, i.created_at, i.status, i.purpose
		FROM invitations i JOIN pipelines k ON k.id = i.pipeline_id JOIN creators c ON c.id = k.creator_id`)
	if err != nil {
		t.Fatal(err)
	}
	var all []outreach.Invitation
	for rows.Next() {
		var inv outreach.Invitation
		var created int64
		if err := rows.Scan(&inv.ID, &inv.Handle, &created, &inv.Status, &inv.Purpose); err != nil {
			t.Fatal(err)
		}
		inv.CreatedAt = time.Unix(created, 0)
		all = append(all, inv)
	}
	rows.Close()
	delivered := map[string]int{}
	_, got := b.seen()
	for _, m := range got {
		id := messageID.FindStringSubmatch(m.data)
		if id == nil {
			t.Fatalf("a message without a Message-ID:\n%s", m.data)
		}
		delivered[id[1]]++
	}
	counts := map[outreach.InvitationStatus]int{}
	unknownDelivered := 0
	for _, inv := range all {
		counts[inv.Status]++
		id := email.MessageID(inv.ID, inv.CreatedAt, from.Address)
		n := delivered[id]
		delete(delivered, id)
		switch {
		case n > 1:
			t.Errorf("#%d @%s delivered %d times", inv.ID, inv.Handle, n)
		case inv.Status == outreach.InvitationSent && n != 1:
			t.Errorf("#%d @%s is sent but was never delivered", inv.ID, inv.Handle)
		case inv.Status == outreach.InvitationUnknown:
			unknownDelivered += n
		case inv.Status == outreach.InvitationFailed && n != 0:
			t.Errorf("#%d @%s failed but was delivered", inv.ID, inv.Handle)
		case inv.Status != outreach.InvitationSent && inv.Status != outreach.InvitationFailed &&
			inv.Purpose == outreach.PurposeInvitation:
			t.Errorf("#%d @%s ended %s; want sent, unknown or failed", inv.ID, inv.Handle, inv.Status)
		}
	}
	for id, n := range delivered {
		t.Errorf("%s delivered %d times is no invitation's", id, n)
	}
	// Only the cut-off ones and the one whose server hung up are unknown.
	if want := len(cut) + 1; counts[outreach.InvitationUnknown] != want {
		t.Errorf("%d unknown, want %d (%d cut off by kills, and @drop)", counts[outreach.InvitationUnknown], want, len(cut))
	}
	t.Logf("%d kills survived in %d runs: %d left a message in hand (%d of those had reached the server), %d sent, %d failed, %d messages in all",
		landed, runs, len(cut), unknownDelivered, counts[outreach.InvitationSent], counts[outreach.InvitationFailed], len(got))
	if len(cut) == 0 {
		t.Error("no kill landed with a message in hand: the test hardly tested")
	}
}
