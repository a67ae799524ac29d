package creators

import (
	"context"
	"strings"
	"testing"

	"creatordesk/outreach"
	"creatordesk/store"
)

// campaignRuleStore holds c0000–c0004 with no pipeline, then c0001 in
// Glow, c0002 in Glow and Spring (both invited).
func campaignRuleStore(t *testing.T) *store.Store {
	t.Helper()
	s := creatorsStore(t, 5)
	ctx := context.Background()
	for _, name := range []string{"Glow", "Spring"} {
		if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	for _, mv := range []store.Move{{Handle: "c0001", Campaign: "Glow"}, {Handle: "c0002", Campaign: "Glow"}, {Handle: "c0002", Campaign: "Spring"}} {
		mv.To = outreach.Invited
		if _, err := s.MoveStage(ctx, mv); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// stagesByCampaign is handle's stage in each of its campaigns.
func stagesByCampaign(t *testing.T, s *store.Store, handle string) map[string]outreach.Stage {
	t.Helper()
	ps, err := s.Pipelines(context.Background(), handle)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]outreach.Stage{}
	for _, p := range ps {
		out[p.Campaign] = p.Position.Stage
	}
	return out
}

// A move from the Creators screen lands in the campaign the store's rule
// picks: the one in view; else the creator's only pipeline; with several,
// the one the user picks when asked; with none, the default campaign.
func TestCreatorsMoveTakesTheCampaignByTheRule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, inView, handle string
		pick                 []string // keys in the "which campaign" question; nil: none asked
		want                 string   // the campaign moved
		from, to             outreach.Stage
		others               map[string]outreach.Stage // the other pipelines, unchanged
	}{
		{"in view", "Spring", "c0002", nil, "Spring", outreach.Invited, outreach.Replied, map[string]outreach.Stage{"Glow": outreach.Invited}},
		{"only pipeline", "", "c0001", nil, "Glow", outreach.Invited, outreach.Replied, nil},
		{"several: asked", "", "c0002", []string{"down", "enter"}, "Spring", outreach.Invited, outreach.Replied, map[string]outreach.Stage{"Glow": outreach.Invited}},
		{"none: default", "", "c0003", nil, outreach.DefaultCampaign, outreach.Prospect, outreach.Invited, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := campaignRuleStore(t)
			a := rootStart(t, rootApp(s, true), 120, 40)
			a.ctx.Campaign = tc.inView
			creatorsFind(t, a, tc.handle)
			rootPressUntil(t, a, "m", isOpen)
			got := rootDialogText(a)
			if asked := strings.Contains(got, "Which campaign for @"+tc.handle); asked != (tc.pick != nil) {
				t.Fatalf("asked which campaign: %v, want %v:\n%s", asked, tc.pick != nil, got)
			}
			if tc.pick != nil {
				if !strings.Contains(got, "is in 2 campaigns") || !strings.Contains(got, "Glow") || !strings.Contains(got, "Spring") {
					t.Errorf("the question does not list both campaigns:\n%s", got)
				}
				rootPress(t, a, tc.pick[:len(tc.pick)-1]...)
				rootPressUntil(t, a, tc.pick[len(tc.pick)-1], isOpen) // the move dialog
				got = rootDialogText(a)
			}
			if want := "in " + tc.want + ", now " + tc.from.Label(); !strings.Contains(got, "Move @"+tc.handle) || !strings.Contains(got, want) {
				t.Fatalf("move dialog lacks %q:\n%s", want, got)
			}
			rootPress(t, a, "enter") // the first move offered
			rootType(t, a, "by the rule")
			rootPressUntil(t, a, "enter", isClose)
			if rootDialog(a) {
				t.Fatalf("dialog still open:\n%s", rootDialogText(a))
			}
			stages := stagesByCampaign(t, s, tc.handle)
			if stages[tc.want] != tc.to {
				t.Errorf("%s: @%s is %q in %s, want %s (all: %v)", tc.name, tc.handle, stages[tc.want], tc.want, tc.to, stages)
			}
			for camp, st := range tc.others {
				if stages[camp] != st {
					t.Errorf("%s: @%s moved in %s too: %s", tc.name, tc.handle, camp, stages[camp])
				}
			}
			if len(stages) != 1+len(tc.others) {
				t.Errorf("%s: pipelines %v", tc.name, stages)
			}
			if screen := rootScreen(a); !strings.Contains(screen, "@"+tc.handle+" → "+tc.to.Label()+" in "+tc.want) {
				t.Errorf("status does not name the campaign:\n%s", screen)
			}
		})
	}
}

// Terms for a creator in several campaigns: the screen asks which, and the
// terms land in that one only.
func TestCreatorsTermsAskWhichCampaign(t *testing.T) {
	t.Parallel()
	s := campaignRuleStore(t)
	a := rootStart(t, rootApp(s, true), 120, 40)
	creatorsFind(t, a, "c0002")
	rootPressUntil(t, a, "e", isOpen)
	if got := rootDialogText(a); !strings.Contains(got, "Which campaign for @c0002") {
		t.Fatalf("e did not ask which campaign:\n%s", got)
	}
	rootPressUntil(t, a, "enter", isOpen) // Glow, listed first
	if got := rootDialogText(a); !strings.Contains(got, "Terms for @c0002 in Glow") {
		t.Fatalf("no terms dialog for Glow:\n%s", got)
	}
	rootPress(t, a, "tab")
	rootType(t, a, "12%")
	for range 5 {
		rootPress(t, a, "enter")
	}
	rootPressUntil(t, a, "enter", isClose)
	if rootDialog(a) {
		t.Fatalf("dialog still open:\n%s", rootDialogText(a))
	}
	ps, err := s.Pipelines(context.Background(), "c0002")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		want := outreach.BasisPoints(0)
		if p.Campaign == "Glow" {
			want = 1200
		}
		if p.Terms.Commission != want {
			t.Errorf("%s: commission %v, want %v", p.Campaign, p.Terms.Commission, want)
		}
	}
}

// An invitation goes to the campaign the rule picks: a creator in none is
// invited in the default campaign without a question; one in several is
// asked about, and the answer is used.
func TestCreatorsInviteTakesTheCampaignByTheRule(t *testing.T) {
	t.Parallel()
	s := campaignRuleStore(t)
	if _, err := s.SetSender(context.Background(), "Mai"); err != nil {
		t.Fatal(err)
	}
	a := rootStart(t, rootApp(s, true), 120, 40)
	creatorsFind(t, a, "c0003")
	rootPress(t, a, "i")
	if rootDialog(a) {
		t.Fatalf("asked for a creator in no campaign:\n%s", rootDialogText(a))
	}
	if got := rootScreen(a); !strings.Contains(got, "queued 1 invitation(s) in "+outreach.DefaultCampaign) {
		t.Fatalf("no invitation queued in the default campaign:\n%s", got)
	}
	rootPress(t, a, "esc") // clears the filter
	creatorsFind(t, a, "c0002")
	rootPressUntil(t, a, "i", isOpen)
	if got := rootDialogText(a); !strings.Contains(got, "Which campaign for @c0002") {
		t.Fatalf("i did not ask which campaign:\n%s", got)
	}
	rootPress(t, a, "down")
	rootPressUntil(t, a, "enter", isClose) // Spring
	// c0002 is past the first invitation there: held, in Spring.
	if got := rootScreen(a); !strings.Contains(got, "queued 0 invitation(s) in Spring; 1 held (@c0002") {
		t.Fatalf("the answer was not used:\n%s", got)
	}
}
