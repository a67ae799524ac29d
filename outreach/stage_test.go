package outreach

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestStageBasics(t *testing.T) {
	wantPath := []Stage{"prospect", "invited", "replied", "negotiating", "partnered", "sample_shipped", "sample_delivered", "content_posted"}
	if !slices.Equal(Path, wantPath) {
		t.Fatalf("Path = %v, want %v", Path, wantPath)
	}
	if want := []Stage{"declined", "no_response", "do_not_contact"}; !slices.Equal(Exits, want) {
		t.Fatalf("Exits = %v, want %v", Exits, want)
	}
	if want := append(slices.Clone(wantPath), Exits...); !slices.Equal(Stages, want) {
		t.Fatalf("Stages = %v, want %v", Stages, want)
	}
	for i, s := range Path {
		if s.Rank() != i || StageAt(i) != s || s.IsExit() || !s.Valid() {
			t.Errorf("%s: Rank %d, StageAt %q, IsExit %v, Valid %v", s, s.Rank(), StageAt(i), s.IsExit(), s.Valid())
		}
		if s.IsSample() != (s == SampleShipped || s == SampleDelivered) {
			t.Errorf("%s.IsSample() = %v", s, s.IsSample())
		}
	}
	for _, s := range Exits {
		if s.Rank() != -1 || !s.IsExit() || !s.Valid() || s.IsSample() {
			t.Errorf("%s: Rank %d, IsExit %v, Valid %v, IsSample %v", s, s.Rank(), s.IsExit(), s.Valid(), s.IsSample())
		}
	}
	for _, s := range []Stage{"", "bogus", "Partnered", "sample shipped", " invited"} {
		if s.Valid() || s.Rank() != -1 || s.IsExit() || s.IsSample() {
			t.Errorf("Stage(%q): Valid %v, Rank %d, IsExit %v", s, s.Valid(), s.Rank(), s.IsExit())
		}
	}
	for _, r := range []int{-2, -1, 8, 100} {
		if got := StageAt(r); got != "" {
			t.Errorf("StageAt(%d) = %q, want \"\"", r, got)
		}
	}
	for s, want := range map[Stage]string{SampleShipped: "sample shipped", DoNotContact: "do not contact", Invited: "invited", ContentPosted: "content posted"} {
		if got := s.Label(); got != want {
			t.Errorf("%s.Label() = %q, want %q", s, got, want)
		}
	}
}

func TestParseStage(t *testing.T) {
	tests := []struct {
		in   string
		want Stage
	}{
		{"Sample Shipped", SampleShipped},
		{"sample-shipped", SampleShipped},
		{"sample_shipped", SampleShipped},
		{"SAMPLE_SHIPPED", SampleShipped},
		{"  Sample   Shipped\t", SampleShipped},
		{"sample - shipped", SampleShipped},
		{"已合作", Partnered},
		{"DNC", DoNotContact},
		{"dnc", DoNotContact},
		{"Do Not Contact", DoNotContact},
		{"do-not-contact", DoNotContact},
		{"blocked", DoNotContact},
		{"勿扰", DoNotContact},
		{"No Response", NoResponse},
		{"ghosted", NoResponse},
		{"no reply", NoResponse},
		{"未回复", NoResponse},
		{"Rejected", Declined},
		{"已拒绝", Declined},
		{"new", Prospect},
		{"Lead", Prospect},
		{"待邀约", Prospect},
		{"Contacted", Invited},
		{"已邀请", Invited},
		{"responded", Replied},
		{"In Talks", Negotiating},
		{"洽谈中", Negotiating},
		{"Signed", Partnered},
		{"合作中", Partnered},
		{"shipped", SampleShipped},
		{"已寄样", SampleShipped},
		{"Delivered", SampleDelivered},
		{"已签收", SampleDelivered},
		{"Content Posted", ContentPosted},
		{"posted", ContentPosted},
		{"已出视频", ContentPosted},
	}
	for _, tt := range tests {
		if got, err := ParseStage(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseStage(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	// Every stage reads back from its name and its label.
	for _, s := range Stages {
		for _, in := range []string{string(s), s.Label(), strings.ToUpper(s.Label()), strings.ReplaceAll(string(s), "_", "-")} {
			if got, err := ParseStage(in); err != nil || got != s {
				t.Errorf("ParseStage(%q) = %q, %v; want %q", in, got, err, s)
			}
		}
	}
	for _, in := range []string{"", "  ", "sample", "shipping", "partnered!", "stage 3", "3", "prospects"} {
		got, err := ParseStage(in)
		if err == nil {
			t.Errorf("ParseStage(%q) = %q, want an error", in, got)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "not a stage") || !strings.Contains(msg, "sample_shipped") {
			t.Errorf("ParseStage(%q) error %q should say it is not a stage and list the stages", in, msg)
		}
	}
}

// allowedTable lists, for every consistent position, exactly the stages the
// pipeline may move to (path stages in order, then exits). For a path stage
// Furthest is the stage itself; for declined and no_response it is the
// furthest stage reached before leaving ("" when unknown).
var allowedTable = []struct {
	tier      Tier
	hasSample bool
	from      Stage
	furthest  Stage
	want      string
}{
	// Micro: partnered → sample_shipped → sample_delivered → content_posted.
	{Micro, false, Prospect, Prospect, "invited replied negotiating partnered do_not_contact"},
	{Micro, false, Invited, Invited, "replied negotiating partnered declined no_response do_not_contact"},
	{Micro, false, Replied, Replied, "negotiating partnered declined no_response do_not_contact"},
	{Micro, false, Negotiating, Negotiating, "partnered declined no_response do_not_contact"},
	{Micro, false, Partnered, Partnered, "sample_shipped declined no_response do_not_contact"},
	{Micro, false, SampleShipped, SampleShipped, "sample_delivered content_posted declined no_response do_not_contact"},
	{Micro, false, SampleDelivered, SampleDelivered, "content_posted declined no_response do_not_contact"},
	{Micro, false, ContentPosted, ContentPosted, "do_not_contact"},
	{Micro, false, DoNotContact, Partnered, ""},
	{Micro, false, DoNotContact, "", ""},
	{Micro, false, Declined, "", "replied negotiating partnered do_not_contact"},
	{Micro, false, Declined, Invited, "replied negotiating partnered do_not_contact"},
	{Micro, false, Declined, Replied, "replied negotiating partnered do_not_contact"},
	{Micro, false, Declined, Negotiating, "negotiating partnered do_not_contact"},
	{Micro, false, Declined, Partnered, "partnered sample_shipped do_not_contact"},
	{Micro, false, Declined, SampleShipped, "sample_shipped sample_delivered content_posted do_not_contact"},
	{Micro, false, Declined, SampleDelivered, "sample_delivered content_posted do_not_contact"},
	{Micro, false, NoResponse, "", "replied negotiating partnered declined do_not_contact"},
	{Micro, false, NoResponse, Invited, "replied negotiating partnered declined do_not_contact"},
	{Micro, false, NoResponse, Replied, "replied negotiating partnered declined do_not_contact"},
	{Micro, false, NoResponse, Negotiating, "negotiating partnered declined do_not_contact"},
	{Micro, false, NoResponse, Partnered, "partnered sample_shipped declined do_not_contact"},
	{Micro, false, NoResponse, SampleShipped, "sample_shipped sample_delivered content_posted declined do_not_contact"},
	{Micro, false, NoResponse, SampleDelivered, "sample_delivered content_posted declined do_not_contact"},

	// Head without a sample: partnered → content_posted, no sample stages.
	{Head, false, Prospect, Prospect, "invited replied negotiating partnered do_not_contact"},
	{Head, false, Invited, Invited, "replied negotiating partnered declined no_response do_not_contact"},
	{Head, false, Replied, Replied, "negotiating partnered declined no_response do_not_contact"},
	{Head, false, Negotiating, Negotiating, "partnered declined no_response do_not_contact"},
	{Head, false, Partnered, Partnered, "content_posted declined no_response do_not_contact"},
	{Head, false, ContentPosted, ContentPosted, "do_not_contact"},
	{Head, false, DoNotContact, Partnered, ""},
	{Head, false, Declined, Invited, "replied negotiating partnered do_not_contact"},
	{Head, false, Declined, Negotiating, "negotiating partnered do_not_contact"},
	{Head, false, Declined, Partnered, "partnered content_posted do_not_contact"},
	{Head, false, NoResponse, Partnered, "partnered content_posted declined do_not_contact"},
	{Head, false, NoResponse, "", "replied negotiating partnered declined do_not_contact"},
	// A creator re-tiered to head while in a sample stage, with no shipment
	// recorded, may still post but not move through sample stages.
	{Head, false, SampleShipped, SampleShipped, "content_posted declined no_response do_not_contact"},
	{Head, false, SampleDelivered, SampleDelivered, "content_posted declined no_response do_not_contact"},
	{Head, false, Declined, SampleShipped, "content_posted do_not_contact"},
	{Head, false, NoResponse, SampleDelivered, "content_posted declined do_not_contact"},

	// Head with a sample recorded behaves like micro.
	{Head, true, Prospect, Prospect, "invited replied negotiating partnered do_not_contact"},
	{Head, true, Negotiating, Negotiating, "partnered declined no_response do_not_contact"},
	{Head, true, Partnered, Partnered, "sample_shipped declined no_response do_not_contact"},
	{Head, true, SampleShipped, SampleShipped, "sample_delivered content_posted declined no_response do_not_contact"},
	{Head, true, SampleDelivered, SampleDelivered, "content_posted declined no_response do_not_contact"},
	{Head, true, ContentPosted, ContentPosted, "do_not_contact"},
	{Head, true, Declined, Partnered, "partnered sample_shipped do_not_contact"},
	{Head, true, NoResponse, SampleShipped, "sample_shipped sample_delivered content_posted declined do_not_contact"},

	// A micro creator with a sample recorded is still micro; an unset tier is micro.
	{Micro, true, Partnered, Partnered, "sample_shipped declined no_response do_not_contact"},
	{"", false, Partnered, Partnered, "sample_shipped declined no_response do_not_contact"},
	{"", false, SampleShipped, SampleShipped, "sample_delivered content_posted declined no_response do_not_contact"},
}

func stageNames(st []Stage) string {
	parts := make([]string, len(st))
	for i, s := range st {
		parts[i] = string(s)
	}
	return strings.Join(parts, " ")
}

func TestAllowedMovesTable(t *testing.T) {
	for _, tt := range allowedTable {
		p := Position{Stage: tt.from, Furthest: tt.furthest, Tier: tt.tier, HasSample: tt.hasSample}
		if got := stageNames(p.AllowedMoves()); got != tt.want {
			t.Errorf("%+v.AllowedMoves() = [%s], want [%s]", p, got, tt.want)
		}
		// The table also pins every refused move: check each stage one by one.
		want := strings.Fields(tt.want)
		for _, to := range Stages {
			err := p.CheckMove(to)
			if ok := slices.Contains(want, string(to)); ok != (err == nil) {
				t.Errorf("%+v.CheckMove(%s) = %v, want allowed=%v", p, to, err, ok)
			}
		}
	}
}

func TestCheckMoveReasons(t *testing.T) {
	micro := func(s, f Stage) Position { return Position{Stage: s, Furthest: f, Tier: Micro} }
	head := func(s, f Stage) Position { return Position{Stage: s, Furthest: f, Tier: Head} }
	tests := []struct {
		p      Position
		to     Stage
		reason string // "" means allowed
	}{
		// Skipping ahead up to partnered: a fast yes.
		{micro(Prospect, Prospect), Partnered, ""},
		{micro(Invited, Invited), Partnered, ""},
		{head(Prospect, Prospect), Negotiating, ""},
		// Forward only.
		{micro(Invited, Invited), Prospect, "the pipeline only moves forward"},
		{micro(Partnered, Partnered), Negotiating, "the pipeline only moves forward"},
		{micro(SampleDelivered, SampleDelivered), SampleShipped, "the pipeline only moves forward"},
		{micro(Partnered, Partnered), Invited, "the pipeline only moves forward"},
		// Nothing past partnered before a deal.
		{micro(Negotiating, Negotiating), SampleShipped, "partner first"},
		{micro(Prospect, Prospect), SampleShipped, "partner first"},
		{micro(Replied, Replied), SampleDelivered, "partner first"},
		{micro(Negotiating, Negotiating), ContentPosted, "partner first"},
		{head(Negotiating, Negotiating), ContentPosted, "partner first"},
		// Micro sample path.
		{micro(Partnered, Partnered), SampleShipped, ""},
		{micro(Partnered, Partnered), SampleDelivered, "ship the sample first"},
		{micro(Partnered, Partnered), ContentPosted, "the sample comes before content"},
		{micro(SampleShipped, SampleShipped), SampleDelivered, ""},
		{micro(SampleShipped, SampleShipped), ContentPosted, ""}, // posted before delivery was recorded
		{micro(SampleDelivered, SampleDelivered), ContentPosted, ""},
		// Head creators.
		{head(Partnered, Partnered), ContentPosted, ""},
		{head(Partnered, Partnered), SampleShipped, "head creators skip sample stages unless a sample is recorded"},
		{head(Partnered, Partnered), SampleDelivered, "head creators skip sample stages"},
		{Position{Stage: Partnered, Tier: Head, HasSample: true}, SampleShipped, ""},
		{Position{Stage: Partnered, Tier: Head, HasSample: true}, ContentPosted, "the sample comes before content"},
		{Position{Stage: Partnered, Tier: Head, HasSample: true}, SampleDelivered, "ship the sample first"},
		// Exits.
		{micro(Prospect, Prospect), Declined, "the creator has not been invited yet"},
		{micro(Prospect, Prospect), NoResponse, "the creator has not been invited yet"},
		{micro(Prospect, Prospect), DoNotContact, ""},
		{micro(Invited, Invited), NoResponse, ""},
		{micro(Invited, Invited), Declined, ""},
		{micro(SampleDelivered, SampleDelivered), NoResponse, ""},
		{micro(NoResponse, Invited), Declined, ""},
		{micro(Declined, Invited), NoResponse, "already ended"},
		{micro(Declined, Partnered), DoNotContact, ""},
		{micro(NoResponse, Partnered), DoNotContact, ""},
		// do_not_contact is final, content_posted complete.
		{micro(DoNotContact, Partnered), Partnered, "do-not-contact is final"},
		{micro(DoNotContact, ""), Prospect, "do-not-contact is final"},
		{micro(DoNotContact, ""), Declined, "do-not-contact is final"},
		{micro(ContentPosted, ContentPosted), DoNotContact, ""},
		{micro(ContentPosted, ContentPosted), Declined, "content is posted; the collaboration is complete"},
		{micro(ContentPosted, ContentPosted), NoResponse, "the collaboration is complete"},
		{head(ContentPosted, ContentPosted), SampleShipped, "the collaboration is complete"},
		// Coming back from an exit.
		{micro(NoResponse, Invited), Replied, ""}, // a late reply
		{micro(NoResponse, Invited), Invited, "a creator coming back has replied"},
		{micro(Declined, Partnered), Prospect, "a creator coming back has replied"},
		{micro(Declined, Partnered), Partnered, ""}, // a change of mind: resume
		{micro(Declined, Partnered), Negotiating, "the pipeline only moves forward"},
		{micro(Declined, Partnered), SampleShipped, ""},
		{micro(Declined, Partnered), ContentPosted, "the sample comes before content"},
		{head(Declined, Partnered), ContentPosted, ""}, // a late post
		{head(Declined, Partnered), SampleShipped, "head creators skip sample stages"},
		{micro(Declined, SampleShipped), ContentPosted, ""},
		{micro(Declined, SampleShipped), SampleShipped, ""},
		{head(Declined, SampleShipped), SampleShipped, "head creators skip sample stages"}, // re-tiered, no shipment recorded
		{head(Declined, SampleShipped), ContentPosted, ""},
		{micro(NoResponse, Negotiating), Replied, "the pipeline only moves forward"},
		{micro(Declined, ""), SampleShipped, "partner first"},
		// Nonsense targets.
		{micro(Invited, Invited), Invited, "already there"},
		{micro(Declined, Invited), Declined, "already there"},
		{micro(DoNotContact, ""), DoNotContact, "already there"},
		{micro(Invited, Invited), "bogus", "unknown stage"},
		{micro(Invited, Invited), "", "unknown stage"},
		{micro(Invited, Invited), "Replied", "unknown stage"},
	}
	for _, tt := range tests {
		err := tt.p.CheckMove(tt.to)
		if tt.reason == "" {
			if err != nil {
				t.Errorf("%+v.CheckMove(%s) = %v, want nil", tt.p, tt.to, err)
			}
			continue
		}
		var me *MoveError
		if !errors.As(err, &me) {
			t.Errorf("%+v.CheckMove(%s) = %v, want a *MoveError (%s)", tt.p, tt.to, err, tt.reason)
			continue
		}
		if !strings.Contains(me.Reason, tt.reason) {
			t.Errorf("%+v.CheckMove(%s) reason %q, want %q", tt.p, tt.to, me.Reason, tt.reason)
		}
	}
}

func TestMoveErrorMessage(t *testing.T) {
	p := Position{Stage: Partnered, Furthest: Partnered, Tier: Micro}
	err := p.CheckMove(ContentPosted)
	var me *MoveError
	if !errors.As(err, &me) {
		t.Fatalf("CheckMove = %v, want *MoveError", err)
	}
	if me.From != Partnered || me.To != ContentPosted || me.Reason != "the sample comes before content" {
		t.Errorf("MoveError = %+v", me)
	}
	if !slices.Equal(me.Allowed, p.AllowedMoves()) {
		t.Errorf("MoveError.Allowed = %v, want %v", me.Allowed, p.AllowedMoves())
	}
	want := "cannot move from partnered to content_posted: the sample comes before content (allowed: sample_shipped, declined, no_response, do_not_contact)"
	if err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err, want)
	}

	err = Position{Stage: DoNotContact, Furthest: Replied}.CheckMove(Replied)
	want = "cannot move from do_not_contact to replied: do-not-contact is final (allowed: none)"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %q", err, want)
	}
	// Nothing can clear it by a move: the way out is a correction, and the
	// error says it is one.
	if !errors.As(err, &me) || !me.Correctable {
		t.Errorf("a move out of do-not-contact is not marked correctable: %+v", me)
	}

	err = Position{Stage: Invited, Furthest: Invited}.CheckMove("bogus")
	if err == nil || !strings.Contains(err.Error(), "to bogus: unknown stage") {
		t.Errorf("error = %v, want it to name the unknown stage", err)
	}

	// Every refusal names from, to, the reason and the allowed moves.
	for _, p := range allPositions() {
		for _, to := range Stages {
			err := p.CheckMove(to)
			if err == nil {
				continue
			}
			msg := err.Error()
			allowed := "none"
			if a := p.AllowedMoves(); len(a) > 0 {
				allowed = joinStages(a)
			}
			for _, part := range []string{"from " + string(p.Stage), "to " + string(to), err.(*MoveError).Reason, "(allowed: " + allowed + ")"} {
				if !strings.Contains(msg, part) {
					t.Fatalf("%+v.CheckMove(%s) = %q, missing %q", p, to, msg, part)
				}
			}
		}
	}
}

// allPositions enumerates every stage × furthest × tier × sample combination,
// including inconsistent ones (furthest behind or unset).
func allPositions() []Position {
	var out []Position
	furthests := append([]Stage{""}, Path...)
	for _, s := range Stages {
		for _, f := range furthests {
			for _, tier := range []Tier{Micro, Head} {
				for _, hs := range []bool{false, true} {
					out = append(out, Position{Stage: s, Furthest: f, Tier: tier, HasSample: hs})
				}
			}
		}
	}
	return out
}

// specAllows restates the product rules independently of stage.go.
func specAllows(p Position, to Stage) bool {
	from := p.Stage
	switch {
	case !to.Valid(), to == from, from == DoNotContact:
		return false
	case to == DoNotContact: // from anywhere
		return true
	case from == ContentPosted: // complete
		return false
	}
	if from == Declined || from == NoResponse {
		switch to {
		case Declined:
			return from == NoResponse
		case NoResponse:
			return false
		}
		if to.Rank() < Replied.Rank() {
			return false
		}
		base := p.Furthest // resume at the furthest stage reached, or forward from it
		if base.Rank() < 0 {
			base = from // unknown: as if nothing past invited was reached
		}
		if to == base { // resume where it stopped, but never into a sample stage without a sample
			return !to.IsSample() || p.Tier != Head || p.HasSample
		}
		return specForward(base, to, p.Tier, p.HasSample)
	}
	if to == Declined || to == NoResponse {
		return from != Prospect
	}
	return specForward(from, to, p.Tier, p.HasSample)
}

func specForward(from, to Stage, tier Tier, hasSample bool) bool {
	if to.Rank() <= from.Rank() {
		return false
	}
	if to.Rank() <= Partnered.Rank() {
		return true
	}
	if from.Rank() < Partnered.Rank() {
		return false
	}
	sampled := tier != Head || hasSample
	switch to {
	case SampleShipped:
		return sampled && from == Partnered
	case SampleDelivered:
		return sampled && from == SampleShipped
	case ContentPosted:
		return !sampled || from == SampleShipped || from == SampleDelivered
	}
	return false
}

func TestCheckMoveMatchesSpec(t *testing.T) {
	targets := append(slices.Clone(Stages), "", "bogus", "Invited")
	n := 0
	for _, p := range allPositions() {
		for _, to := range targets {
			n++
			want := specAllows(p, to)
			if err := p.CheckMove(to); (err == nil) != want {
				t.Errorf("%+v.CheckMove(%s) = %v, spec says allowed=%v", p, to, err, want)
			}
		}
	}
	if n < 4000 {
		t.Fatalf("only %d combinations checked", n)
	}
}

func TestAllowedMovesAgreesWithCheckMove(t *testing.T) {
	targets := append(slices.Clone(Stages), "", "bogus")
	for _, p := range allPositions() {
		allowed := p.AllowedMoves()
		// Ordered as Stages: path stages in order, then exits.
		last := -1
		for _, s := range allowed {
			i := slices.Index(Stages, s)
			if i <= last {
				t.Fatalf("%+v.AllowedMoves() = %v, not in Stages order", p, allowed)
			}
			last = i
		}
		for _, to := range targets {
			err := p.CheckMove(to)
			if in := slices.Contains(allowed, to); in != (err == nil) {
				t.Fatalf("%+v: %s in AllowedMoves = %v but CheckMove = %v", p, to, in, err)
			}
			if err != nil {
				var me *MoveError
				if !errors.As(err, &me) || me.From != p.Stage || me.To != to || !slices.Equal(me.Allowed, allowed) || me.Reason == "" {
					t.Fatalf("%+v.CheckMove(%s) = %#v", p, to, err)
				}
			}
		}
	}
}

func TestNoBackwardMoves(t *testing.T) {
	for _, p := range allPositions() {
		for _, to := range p.AllowedMoves() {
			if to.IsExit() {
				continue
			}
			if p.Stage.IsExit() {
				// Re-entry: never below replied or the furthest stage reached.
				if to.Rank() < Replied.Rank() || to.Rank() < p.Furthest.Rank() {
					t.Errorf("%+v may re-enter at %s, behind the furthest stage", p, to)
				}
				continue
			}
			if to.Rank() <= p.Stage.Rank() {
				t.Errorf("%+v may move back to %s", p, to)
			}
		}
	}
}

func TestSampleRules(t *testing.T) {
	for _, p := range allPositions() {
		sampled := p.Tier != Head || p.HasSample
		for _, to := range p.AllowedMoves() {
			base := p.Stage
			if base.IsExit() {
				base = p.Furthest
			}
			if to.IsSample() && !sampled {
				t.Errorf("%+v may enter %s without a sample", p, to)
			}
			if (to.IsSample() || to == ContentPosted) && base.Rank() < Partnered.Rank() {
				t.Errorf("%+v may reach %s before partnered", p, to)
			}
		}
		if p.Stage == ContentPosted && stageNames(p.AllowedMoves()) != "do_not_contact" {
			t.Errorf("%+v.AllowedMoves() = %v, want only do_not_contact", p, p.AllowedMoves())
		}
		if p.Stage == DoNotContact && len(p.AllowedMoves()) != 0 {
			t.Errorf("%+v.AllowedMoves() = %v, want none", p, p.AllowedMoves())
		}
		if p.Stage != DoNotContact && p.CheckMove(DoNotContact) != nil {
			t.Errorf("%+v cannot move to do_not_contact", p)
		}
	}
}

func maxRank(st ...Stage) int {
	m := -1
	for _, s := range st {
		m = max(m, s.Rank())
	}
	return m
}

func TestNext(t *testing.T) {
	tests := []struct {
		p    Position
		to   Stage
		want Position
	}{
		{Position{Stage: Prospect, Furthest: Prospect}, Invited, Position{Stage: Invited, Furthest: Invited}},
		{Position{Stage: Invited, Furthest: Invited}, Partnered, Position{Stage: Partnered, Furthest: Partnered}},
		{Position{Stage: Partnered, Furthest: Partnered, Tier: Head}, Declined, Position{Stage: Declined, Furthest: Partnered, Tier: Head}},
		{Position{Stage: Declined, Furthest: Partnered}, Partnered, Position{Stage: Partnered, Furthest: Partnered}},
		{Position{Stage: NoResponse, Furthest: Invited}, Replied, Position{Stage: Replied, Furthest: Replied}},
		{Position{Stage: NoResponse, Furthest: Negotiating}, Declined, Position{Stage: Declined, Furthest: Negotiating}},
		{Position{Stage: SampleShipped, Furthest: SampleShipped, HasSample: true}, DoNotContact, Position{Stage: DoNotContact, Furthest: SampleShipped, HasSample: true}},
		// Furthest unset (a position built from a stage alone): the stage
		// left was reached, so an exit must not lose it.
		{Position{Stage: Partnered}, Declined, Position{Stage: Declined, Furthest: Partnered}},
		{Position{Stage: Negotiating}, NoResponse, Position{Stage: NoResponse, Furthest: Negotiating}},
		{Position{Stage: Prospect}, DoNotContact, Position{Stage: DoNotContact, Furthest: Prospect}},
		{Position{Stage: Replied, Furthest: Invited}, Declined, Position{Stage: Declined, Furthest: Replied}},
		{Position{Stage: Declined}, Replied, Position{Stage: Replied, Furthest: Replied}},
	}
	for _, tt := range tests {
		if got := tt.p.Next(tt.to); got != tt.want {
			t.Errorf("%+v.Next(%s) = %+v, want %+v", tt.p, tt.to, got, tt.want)
		}
	}
}

func TestNextNeverLowersFurthest(t *testing.T) {
	for _, p := range allPositions() {
		for _, to := range Stages {
			n := p.Next(to)
			if n.Stage != to || n.Tier != p.Tier || n.HasSample != p.HasSample {
				t.Fatalf("%+v.Next(%s) = %+v", p, to, n)
			}
			if want := maxRank(p.Furthest, p.Stage, to); n.Furthest.Rank() != want {
				t.Fatalf("%+v.Next(%s).Furthest = %q, want rank %d", p, to, n.Furthest, want)
			}
			if n.Furthest.Rank() < p.Furthest.Rank() {
				t.Fatalf("%+v.Next(%s) lowered Furthest to %q", p, to, n.Furthest)
			}
		}
	}
}

// TestRandomWalks drives positions through random allowed moves and checks
// the invariants a real pipeline must keep.
func TestRandomWalks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for walk := 0; walk < 3000; walk++ {
		p := Position{Stage: Prospect, Tier: Tiers[rng.IntN(2)], HasSample: rng.IntN(2) == 0}
		sampled := p.Tier != Head || p.HasSample
		visited := map[Stage]bool{Prospect: true}
		furthest := 0
		for step := 0; step < 40; step++ {
			moves := p.AllowedMoves()
			if len(moves) == 0 {
				if p.Stage != DoNotContact {
					t.Fatalf("stuck at %+v", p)
				}
				break
			}
			to := moves[rng.IntN(len(moves))]
			if err := p.CheckMove(to); err != nil {
				t.Fatalf("AllowedMoves offered %s but CheckMove says %v", to, err)
			}
			p = p.Next(to)
			visited[to] = true
			furthest = max(furthest, to.Rank())
			if p.Furthest.Rank() != furthest {
				t.Fatalf("after moving to %s, Furthest = %q, want rank %d", to, p.Furthest, furthest)
			}
			if to == ContentPosted && !visited[Partnered] {
				t.Fatalf("content posted without partnering: %v", visited)
			}
			if to == SampleDelivered && !visited[SampleShipped] {
				t.Fatalf("sample delivered without shipping: %v", visited)
			}
			if to.IsSample() && !sampled {
				t.Fatalf("%+v entered a sample stage", p)
			}
			if to == ContentPosted && sampled && !visited[SampleShipped] {
				t.Fatalf("sampled creator posted without a sample shipped: %v", visited)
			}
		}
	}
}
