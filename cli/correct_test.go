package cli

import (
	"strings"
	"testing"
)

func TestStageCorrect(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", fixture("kalodata_en.csv"))
	e.must("stage", "anna_1", "invited")
	e.must("stage", "anna_1", "partnered")
	if f := e.stats().Funnel.All; f.Partnered != 1 {
		t.Fatalf("funnel before %+v", f)
	}

	// Back is refused, and the refusal names the way out.
	r := e.run("stage", "anna_1", "replied")
	if r.code != 1 || !strings.Contains(r.stderr, "only moves forward") || !strings.Contains(r.stderr, "use --correct --note REASON") {
		t.Errorf("moving back: exit %d, stderr %q", r.code, r.stderr)
	}
	// The reason is required.
	r = e.run("stage", "anna_1", "replied", "--correct")
	if r.code != 2 || !strings.Contains(r.stderr, "--correct needs the reason: --note REASON") {
		t.Errorf("--correct without --note: exit %d, stderr %q", r.code, r.stderr)
	}
	r = e.must("stage", "anna_1", "replied", "--correct", "--note", "clicked the wrong row")
	if !strings.Contains(r.stdout, "@anna_1 in default: corrected partnered → replied") {
		t.Errorf("stdout %q", r.stdout)
	}
	if f := e.stats().Funnel.All; f.Partnered != 0 || f.Replied != 1 || f.Invited != 1 {
		t.Errorf("funnel after the correction %+v", f)
	}
	// A forward move is no correction.
	r = e.run("stage", "anna_1", "partnered", "--correct", "--note", "x")
	if r.code != 1 || !strings.Contains(r.stderr, "cannot correct from replied to partnered: an ordinary move") {
		t.Errorf("a forward correction: exit %d, stderr %q", r.code, r.stderr)
	}

	// Do-not-contact: the refusal no longer sends anyone to a way out that
	// does not exist, and the correction clears it.
	e.must("stage", "anna_1", "do_not_contact", "--note", "wrong creator")
	r = e.run("stage", "anna_1", "replied")
	if r.code != 1 || strings.Contains(r.stderr, "clear it on the creator") || !strings.Contains(r.stderr, "use --correct --note REASON") {
		t.Errorf("out of do-not-contact: exit %d, stderr %q", r.code, r.stderr)
	}
	r = e.must("stage", "anna_1", "replied", "--correct", "--note", "it was the other anna")
	if !strings.Contains(r.stdout, "corrected do_not_contact → replied") {
		t.Errorf("stdout %q", r.stdout)
	}
	e.must("stage", "anna_1", "negotiating") // moves go on
}

func TestStageDate(t *testing.T) {
	e := newEnv(t)
	e.extra = append(e.extra, "CREATORDESK_NOW=2026-11-22T10:00:00Z")
	e.must("import", "creators", fixture("kalodata_en.csv"))
	r := e.run("stage", "anna_1", "invited", "--date", "2026-11-23")
	if r.code != 2 || !strings.Contains(r.stderr, "2026-11-23 is in the future (today is 2026-11-22)") {
		t.Errorf("a future date: exit %d, stderr %q", r.code, r.stderr)
	}
	r = e.run("stage", "anna_1", "invited", "--date", "22/11/2026")
	if r.code != 2 || !strings.Contains(r.stderr, "YYYY-MM-DD") {
		t.Errorf("a date written otherwise: exit %d, stderr %q", r.code, r.stderr)
	}
	e.must("stage", "anna_1", "invited", "--date", "2026-11-10")
	r = e.run("stage", "anna_1", "replied", "--date", "2026-11-09")
	if r.code != 1 || !strings.Contains(r.stderr, "2026-11-09 is before the last move (2026-11-10)") {
		t.Errorf("a reply before the invitation: exit %d, stderr %q", r.code, r.stderr)
	}
	e.must("stage", "anna_1", "replied", "--date", "2026-11-11")
	// The invitation counts in the week it was made, not today's.
	st := e.stats("--weeks", "2")
	if len(st.Weeks) != 1 || st.Weeks[0].Week != "2026-11-09" || st.Weeks[0].Invited != 1 {
		t.Errorf("weeks %+v, want the invitation in the week of Nov 9, not today's", st.Weeks)
	}
	r = e.run("stage", "anna_1", "invited", "--correct", "--note", "x", "--date", "2026-11-20")
	if r.code != 2 {
		t.Errorf("--date with --correct: exit %d", r.code)
	}
}
