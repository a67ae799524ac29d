package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"creatordesk/internal/killtest"
	"creatordesk/outreach"
	"creatordesk/store"
)

// fiveCSV is five creators with an email address each.
const fiveCSV = `handle,nickname,followers,email
ann,Ann,12000,ann@example.com
bo,Bo,9000,bo@example.com
cy,Cy,8000,cy@example.com
dee,Dee,7000,dee@example.com
eve,Eve,6000,eve@example.com
`

// sentFive sets up email through a mail sink, queues five approved
// invitations, backs up, and sends them: five delivered. It returns the
// sink and the backup.
func sentFive(t *testing.T, e *env) (*mailSink, string) {
	t.Helper()
	sink, port := startMailSink(t)
	e.useMailSink(port, "")
	e.must("import", "creators", e.writeCSV(fiveCSV))
	if r := e.must("queue", "--sender", "Mia from Glow", "--approve"); !strings.HasPrefix(r.stdout, "queued 5, held 0") {
		t.Fatalf("queue: %q %q", r.stdout, r.stderr)
	}
	backup := filepath.Join(e.home, "backup.db")
	e.must("backup", backup)
	if r := e.must("send"); !strings.Contains(r.stdout, "sent 5,") || sink.count() != 5 {
		t.Fatalf("send: %d delivered\n%s%s", sink.count(), r.stdout, r.stderr)
	}
	return sink, backup
}

// uniqueIDs fails the test unless every message the sink holds has its
// own Message-ID.
func (m *mailSink) uniqueIDs(t *testing.T) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	seen := map[string]bool{}
	for _, msg := range m.messages {
		id := msg.Header.Get("Message-Id")
		if seen[id] {
			t.Errorf("Message-ID %s delivered twice", id)
		}
		seen[id] = true
	}
}

// statuses counts the database's messages by status.
func (e *env) statuses() map[outreach.InvitationStatus]int64 {
	e.t.Helper()
	s, err := store.Open(context.Background(), e.dbPath(), store.Options{})
	if err != nil {
		e.t.Fatal(err)
	}
	defer s.Close()
	n, err := s.CountInvitations(context.Background(), "")
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// The scenario: five approved, backup, send (five delivered),
// restore, send again: still five deliveries, no Message-ID twice.
func TestRestoreSendsNothingTwice(t *testing.T) {
	e := newEnv(t)
	sink, backup := sentFive(t, e)

	if r := e.run("restore", backup); r.code != 2 || !strings.Contains(r.stderr, "add --yes") {
		t.Errorf("restore from a pipe without --yes: exit %d, %q", r.code, r.stderr)
	}
	r := e.must("restore", "--yes", backup)
	t.Logf("restore said:\n%s%s", r.stdout, r.stderr)
	for _, want := range []string{"restored " + backup + " to " + e.dbPath(), "kept as " + e.dbPath() + ".before-restore-",
		"carried over from it: 5 messages sent, 0 maybe sent", "0 emails are ready to go with the next send"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("restore's output lacks %q", want)
		}
	}
	r = e.must("send")
	if sink.count() != 5 {
		t.Errorf("after the restore send delivered again: %d deliveries in all, want 5\n%s", sink.count(), r.stdout)
	}
	sink.uniqueIDs(t)
	if st := e.stats(); st.Funnel.All.Invited != 5 {
		t.Errorf("%d creators invited after the restore, want 5", st.Funnel.All.Invited)
	}
}

// A database that cannot be read is kept as it was, and every message the
// backup has ready to go comes back maybe sent: nothing is sent until the
// staffer says so.
func TestRestoreOverUnreadableDatabase(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string)
		said   string
	}{
		{"not a database", func(t *testing.T, path string) {
			data := fileBytes(t, path)
			copy(data, "this is no longer SQLite")
			os.WriteFile(path, data, 0o600)
		}, "file is not a database"},
		{"a damaged table", func(t *testing.T, path string) {
			damagePage(t, path, "invitations")
		}, "damaged: *** in database main ***"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			sink, backup := sentFive(t, e)
			tc.damage(t, e.dbPath())
			damaged := fileBytes(t, e.dbPath())

			r := e.must("restore", "--yes", backup)
			t.Logf("restore said:\n%s%s", r.stdout, r.stderr)
			if !strings.Contains(r.stderr, "could not be read") || !strings.Contains(r.stderr, tc.said) ||
				!strings.Contains(r.stderr, "5 messages ready to go may have left after the backup was made and are marked maybe sent") {
				t.Errorf("restore's warning: %q", r.stderr)
			}
			kept := strings.TrimSpace(r.stdout[strings.Index(r.stdout, "kept as ")+len("kept as "):])
			kept, _, _ = strings.Cut(kept, "\n")
			if !bytes.Equal(fileBytes(t, kept), damaged) {
				t.Errorf("the kept database %s is not the damaged one as it was", kept)
			}
			if n := e.statuses(); n[outreach.InvitationUnknown] != 5 {
				t.Errorf("statuses after the restore %v, want 5 unknown", n)
			}
			e.must("send")
			if sink.count() != 5 {
				t.Errorf("after the restore send delivered again: %d deliveries in all, want 5", sink.count())
			}
		})
	}
}

// damagePage overwrites the first page of table in the database at path.
func damagePage(t *testing.T, path, table string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var root, size int64
	err = db.QueryRow("SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema WHERE name = ?", table).Scan(&root, &size)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	data := fileBytes(t, path)
	for i := (root - 1) * size; i < root*size; i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// On a terminal restore asks first; only y or yes goes ahead.
func TestRestoreAsksOnATerminal(t *testing.T) {
	dir, db, csv := terminalEnv(t, fiveCSV)
	backup := filepath.Join(dir, "backup.db")
	for _, args := range [][]string{{"import", "creators", csv}, {"backup", backup}, {"forget", "ann", "--yes"}} {
		if _, stderr, code := runOnTerminal(t, "", append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%v: exit %d, %s", args, code, stderr)
		}
	}
	question := "Replace " + db + " with the backup " + backup + "? The database there now is kept beside it. [y/N]"
	for _, answer := range []string{"", "n\n", "nope\n"} {
		if _, stderr, code := runOnTerminal(t, answer, "--db", db, "restore", backup); code != 1 ||
			!strings.Contains(stderr, question) || !strings.Contains(stderr, "nothing restored") {
			t.Errorf("answer %q: exit %d, %q", answer, code, stderr)
		}
	}
	if matches, _ := filepath.Glob(db + ".before-restore-*"); len(matches) != 0 {
		t.Errorf("restore said no, yet kept %v", matches)
	}
	if stdout, stderr, code := runOnTerminal(t, "y\n", "--db", db, "restore", backup); code != 0 || !strings.Contains(stdout, "restored") {
		t.Fatalf("answer y: exit %d, %s%s", code, stdout, stderr)
	}
	if _, stderr, code := runOnTerminal(t, "", "--db", db, "stage", "ann", "invited"); code != 0 {
		t.Errorf("@ann is not back: exit %d, %s", code, stderr)
	}
}

// A damaged backup is refused and nothing changes: the database, the
// files beside it.
func TestRestoreRefusesDamagedBackup(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", e.writeCSV(fiveCSV))
	backup := filepath.Join(e.home, "backup.db")
	e.must("backup", backup)
	damagePage(t, backup, "creators")
	before := fileBytes(t, e.dbPath())
	entries, _ := os.ReadDir(filepath.Dir(e.dbPath()))

	r := e.run("restore", "--yes", backup)
	if r.code != 1 || !strings.Contains(r.stderr, backup+" is damaged") || !strings.Contains(r.stderr, "nothing restored") {
		t.Errorf("damaged backup: exit %d, %q", r.code, r.stderr)
	}
	if !bytes.Equal(fileBytes(t, e.dbPath()), before) {
		t.Error("the database changed")
	}
	if after, _ := os.ReadDir(filepath.Dir(e.dbPath())); len(after) != len(entries) {
		t.Errorf("%d files beside the database, %d before", len(after), len(entries))
	}
}

// heldSink is a mail sink that keeps each message's data waiting until
// released, telling arrived when one comes.
type heldSink struct {
	*mailSink
	arrived, release chan struct{}
}

func (h *heldSink) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &heldSession{sinkSession: &sinkSession{sink: h.mailSink}, h: h}, nil
}

type heldSession struct {
	*sinkSession
	h *heldSink
}

func (s *heldSession) Data(r io.Reader) error {
	s.h.arrived <- struct{}{}
	<-s.h.release
	return s.sinkSession.Data(r)
}

// While a send is handing a message over, restore refuses and changes
// nothing; once the send is done it restores, and the message does not go
// again.
func TestRestoreRefusesWhileSending(t *testing.T) {
	e := newEnv(t)
	sink := &heldSink{mailSink: &mailSink{}, arrived: make(chan struct{}, 1), release: make(chan struct{})}
	e.useMailSink(serveSMTP(t, sink), "")
	e.must("import", "creators", e.writeCSV(fiveCSV))
	e.must("queue", "--sender", "Mia", "--approve", "ann")
	backup := filepath.Join(e.home, "backup.db")
	e.must("backup", backup)

	send := e.command("send")
	var out bytes.Buffer
	send.Stdout, send.Stderr = &out, &out
	if err := send.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sink.arrived:
	case <-time.After(time.Minute): // a hang guard only
		send.Process.Kill()
		t.Fatalf("the message never reached the server: %s", out.String())
	}
	r := e.run("restore", "--yes", backup)
	close(sink.release)
	if err := send.Wait(); err != nil || !strings.HasPrefix(out.String(), "sent") {
		t.Fatalf("send: %v\n%s", err, out.String())
	}
	if r.code != 1 || !strings.Contains(r.stderr, "is open in another creatordesk") {
		t.Errorf("restore during a send: exit %d, %q", r.code, r.stderr)
	}
	if n := e.statuses(); n[outreach.InvitationSent] != 1 {
		t.Errorf("after the refused restore: %v, want the message sent", n)
	}
	if matches, _ := filepath.Glob(e.dbPath() + ".before-restore-*"); len(matches) != 0 {
		t.Errorf("a refused restore kept %v", matches)
	}
	e.must("restore", "--yes", backup)
	e.must("send")
	if sink.count() != 1 {
		t.Errorf("%d deliveries, want 1", sink.count())
	}
}

// creatorsCSV is n creators from number from on, enough of them for a
// restore to take a while.
func creatorsCSV(from, n int) string {
	var b strings.Builder
	b.WriteString("handle,nickname,followers,notes\n")
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&b, "creator_%05d,Creator %d,%d,%s\n", i, i, 1000+i, strings.Repeat("notes ", 40))
	}
	return b.String()
}

// A restore killed (SIGKILL) at any moment leaves the database it was
// replacing or the backup, whole: it opens, passes integrity_check and has
// one of the two creator counts; the next restore then completes.
func TestRestoreSurvivesKill(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", e.writeCSV(creatorsCSV(0, 1500)))
	small := filepath.Join(e.home, "small.db")
	e.must("backup", small)
	e.must("import", "creators", e.writeCSV(creatorsCSV(1500, 1500)))
	big := filepath.Join(e.home, "big.db")
	e.must("backup", big)
	backups := map[int64]string{1500: big, 3000: small} // the other one
	var took time.Duration
	for _, b := range []string{big, small} {
		start := time.Now()
		e.must("restore", "--yes", b)
		took = max(took, time.Since(start))
	}

	kills, rng := killtest.Plan(t)
	have, killed, late := int64(1500), 0, 0
	for i := range kills {
		delay := time.Duration(rng.Int64N(int64(took) * 5 / 4))
		res := killtest.Run(t, e.command("restore", "--yes", backups[have]), "", delay)
		if res.Killed {
			killed++
		}
		db, err := sql.Open("sqlite", e.dbPath())
		if err != nil {
			t.Fatal(err)
		}
		var check string
		var n int64
		err = db.QueryRow("PRAGMA integrity_check").Scan(&check)
		if err == nil {
			err = db.QueryRow("SELECT COUNT(*) FROM creators").Scan(&n)
		}
		db.Close()
		if err != nil || check != "ok" {
			t.Fatalf("kill %d after %v: integrity %q, %v", i, delay, check, err)
		}
		switch target := 4500 - have; {
		case n == target:
			have = target
			if res.Killed {
				late++
			}
		case n == have && res.Killed: // killed before the new one was in
		default:
			t.Fatalf("kill %d after %v (killed: %v): %d creators, want %d (as before) or %d (restored)", i, delay, res.Killed, n, have, target)
		}
	}
	t.Logf("%d of %d restores killed, %d of them after the new database was in (a restore takes %v)", killed, kills, late, took)
	if st := e.stats(); st.Creators.Total != have {
		t.Errorf("creatordesk sees %d creators, want %d", st.Creators.Total, have)
	}
	// What the killed restores left (copies of every creator) is gone once
	// the next backup has run, as it would be after an export, a forget or
	// another restore.
	e.must("backup", filepath.Join(e.home, "after.db"))
	dir := filepath.Dir(e.dbPath())
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		if strings.HasPrefix(en.Name(), ".") {
			t.Errorf("%s is still in %s after the next backup", en.Name(), dir)
		}
	}
}
