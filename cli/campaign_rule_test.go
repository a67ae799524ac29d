package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// partnerCampaigns lists the campaign of every partnership, as exported.
func partnerCampaigns(t *testing.T, e *env) []string {
	t.Helper()
	out := e.must("export", "partners", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out.stdout), &rows); err != nil {
		t.Fatalf("export: %v %s", err, out.stdout)
	}
	var camps []string
	for _, r := range rows {
		camps = append(camps, r["handle"].(string)+" in "+r["campaign"].(string))
	}
	return camps
}

// The case: after an import into Glow, a stage with no --campaign
// moves the creator's Glow pipeline, not a new one in default.
func TestStageTakesTheOnlyCampaign(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", "--campaign", "Glow", fixture("kalodata_en.csv"))
	r := e.must("stage", "anna_1", "partnered")
	if got := strings.TrimSpace(r.stdout); got != "@anna_1 in Glow: prospect → partnered" {
		t.Errorf("stdout %q", got)
	}
	if got := strings.Join(partnerCampaigns(t, e), "; "); got != "anna_1 in Glow" {
		t.Errorf("partners: %s", got)
	}
	// Still the one pipeline: a second move finds it at partnered.
	r = e.must("stage", "anna_1", "content_posted")
	if got := strings.TrimSpace(r.stdout); got != "@anna_1 in Glow: partnered → content_posted" {
		t.Errorf("second move: %q", got)
	}
}

// --campaign wins over the creator's only pipeline.
func TestStageNamedCampaignWins(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", "--campaign", "Glow", fixture("kalodata_en.csv"))
	e.must("campaign", "add", "Spring")
	r := e.must("stage", "anna_1", "invited", "--campaign", "spring")
	if got := strings.TrimSpace(r.stdout); got != "@anna_1 in Spring: prospect → invited" {
		t.Errorf("stdout %q", got)
	}
}

// In no campaign yet: the default campaign, as before.
func TestStageWithoutPipelineUsesDefault(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", fixture("kalodata_en.csv"))
	r := e.must("stage", "anna_1", "invited")
	if got := strings.TrimSpace(r.stdout); got != "@anna_1 in default: prospect → invited" {
		t.Errorf("stdout %q", got)
	}
}

// In several campaigns and none named: stage, code and queue by handle
// refuse with exit 2, name the campaigns (sorted) and change nothing.
func TestCampaignRuleSeveralExit2(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", "--campaign", "Spring", fixture("kalodata_en.csv"))
	e.must("import", "creators", "--campaign", "Glow", fixture("kalodata_en.csv"))
	const want = "@anna_1 is in 2 campaigns: Glow, Spring — name one with --campaign"
	r := e.run("stage", "anna_1", "partnered")
	if r.code != 2 || !strings.Contains(r.stderr, want) || r.stdout != "" {
		t.Errorf("stage: exit %d, stdout %q, stderr %q; want 2 and %q", r.code, r.stdout, r.stderr, want)
	}
	r = e.run("queue", "--sender", "Mia", "anna_1")
	if r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Errorf("queue: exit %d, stderr %q", r.code, r.stderr)
	}
	r = e.run("code", "glowwithmia")
	if r.code != 2 || !strings.Contains(r.stderr, "@glowwithmia is in 2 campaigns: Glow, Spring — name one with --campaign") {
		t.Errorf("code: exit %d, stderr %q", r.code, r.stderr)
	}
	if got := partnerCampaigns(t, e); len(got) != 0 {
		t.Errorf("partners after the refusal: %v", got)
	}
	// Named, it goes.
	r = e.must("stage", "anna_1", "partnered", "--campaign", "glow")
	if got := strings.TrimSpace(r.stdout); got != "@anna_1 in Glow: prospect → partnered" {
		t.Errorf("named: %q", got)
	}
	// Do-not-contact stops every campaign: it needs none named.
	r = e.must("stage", "anna_1", "do_not_contact", "--note", "asked us to stop")
	if !strings.Contains(r.stdout, "@anna_1 in Glow: partnered → do_not_contact") ||
		!strings.Contains(r.stdout, "also moved to do_not_contact in 1 other campaign\n") {
		t.Errorf("do not contact: %q", r.stdout)
	}
}

// Queue and code by handle follow the rule too; the queue without handles
// queues the prospects of the default campaign (or --campaign), its own.
func TestQueueAndCodeTakeTheOnlyCampaign(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", "--campaign", "Glow", fixture("kalodata_en.csv"))
	r := e.must("queue", "--sender", "Mia", "anna_1")
	if !strings.Contains(r.stdout, "queued 1, held 0") {
		t.Fatalf("queue: %q %q", r.stdout, r.stderr)
	}
	r = e.must("queue", "anna_1", "--campaign", "Glow")
	if !strings.Contains(r.stdout, "queued 0, held 1") || !strings.Contains(r.stderr, "already queued in Glow") {
		t.Errorf("the first queue did not go to Glow: %q %q", r.stdout, r.stderr)
	}
	// A code is unique across the database: the same code again means the
	// same pipeline, Glow's.
	r = e.must("code", "glowwithmia")
	first := r.stdout
	if !strings.HasPrefix(first, "@glowwithmia\t") {
		t.Errorf("code: %q", first)
	}
	if r = e.must("code", "glowwithmia", "--campaign", "glow"); r.stdout != first {
		t.Errorf("code in Glow %q, without --campaign %q", r.stdout, first)
	}
	// Without handles: the prospects of one campaign, its own creators only
	// (issue 13: 'queue --campaign A' queued everyone in the database into
	// A). Everyone here is in Glow, so the default campaign has none.
	if r = e.must("queue"); !strings.Contains(r.stdout, "queued 0, held 0") {
		t.Errorf("the bulk queue of the default campaign reached Glow's creators: %q %q", r.stdout, r.stderr)
	}
	if r = e.must("queue", "--campaign", "Glow"); strings.Contains(r.stdout, "queued 0,") {
		t.Errorf("the bulk queue of Glow queued none of Glow's prospects: %q %q", r.stdout, r.stderr)
	}
}

// A campaign named that does not exist is an error naming it.
func TestStageUnknownCampaign(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", "--campaign", "Glow", fixture("kalodata_en.csv"))
	r := e.run("stage", "anna_1", "invited", "--campaign", "Glwo")
	if r.code != 1 || !strings.Contains(r.stderr, `no campaign named "Glwo"`) {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// Campaign names in the refusal come out cleaned: a right-to-left override
// in a name cannot turn the line around.
func TestCampaignRuleCleansNames(t *testing.T) {
	e := newEnv(t)
	e.must("import", "creators", "--campaign", "Glow", fixture("kalodata_en.csv"))
	e.must("import", "creators", "--campaign", "evil\u202eexe.txt", fixture("kalodata_en.csv"))
	r := e.run("stage", "anna_1", "invited")
	if r.code != 2 || strings.ContainsRune(r.stderr, '\u202e') || !strings.Contains(r.stderr, `evil\u202eexe.txt, Glow`) {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}
