package outreach

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestCheckCorrection(t *testing.T) {
	micro := func(s, f Stage) Position { return Position{Stage: s, Furthest: f, Tier: Micro} }
	head := func(s, f Stage) Position { return Position{Stage: s, Furthest: f, Tier: Head} }
	dnc := Position{Stage: DoNotContact, Furthest: Partnered, Tier: Micro, DoNotContact: true}
	tests := []struct {
		p      Position
		to     Stage
		reason string // "" means allowed
	}{
		// Backwards along the path.
		{micro(Invited, Invited), Prospect, ""},
		{micro(Partnered, Partnered), Replied, ""},
		{micro(ContentPosted, ContentPosted), SampleDelivered, ""},
		{micro(SampleDelivered, SampleDelivered), Prospect, ""},
		// Forward is an ordinary move, or refused, never a correction.
		{micro(Invited, Invited), Replied, "an ordinary move"},
		{micro(Negotiating, Negotiating), SampleShipped, "a correction goes back"},
		{micro(Invited, Invited), Declined, "an ordinary move"},
		{micro(ContentPosted, ContentPosted), Declined, "a correction goes back"},
		// Out of an exit, anywhere the ordinary moves do not go.
		{micro(Declined, Partnered), Invited, ""},
		{micro(Declined, Partnered), Prospect, ""},
		{micro(Declined, Partnered), Partnered, "an ordinary move"}, // resume
		{micro(Declined, Invited), NoResponse, ""},
		{micro(NoResponse, Invited), Prospect, ""},
		{micro(NoResponse, Invited), Declined, "an ordinary move"},
		{dnc, Partnered, ""},
		{dnc, Prospect, ""},
		{dnc, Declined, ""},
		{Position{Stage: DoNotContact, Tier: Micro, DoNotContact: true}, Declined, "never invited"},
		{head(Declined, Partnered), SampleShipped, "head creators skip sample stages"},
		{Position{Stage: Declined, Furthest: Partnered, Tier: Head, HasSample: true}, SampleShipped, "an ordinary move"},
		// A creator marked do-not-contact: the do-not-contact goes first.
		{Position{Stage: Partnered, Furthest: Partnered, Tier: Micro, DoNotContact: true}, Invited, "correct the do-not-contact first"},
		// Nonsense.
		{micro(Invited, Invited), Invited, "already there"},
		{micro(Invited, Invited), "bogus", "unknown stage"},
	}
	for _, tt := range tests {
		err := tt.p.CheckCorrection(tt.to)
		if tt.reason == "" {
			if err != nil {
				t.Errorf("%+v.CheckCorrection(%s) = %v, want nil", tt.p, tt.to, err)
			}
			if !tt.p.IsCorrection(tt.to) || !slices.Contains(tt.p.AllowedCorrections(), tt.to) {
				t.Errorf("%+v to %s: allowed, but not listed as a correction", tt.p, tt.to)
			}
			continue
		}
		var me *MoveError
		if !errors.As(err, &me) || !me.Correction {
			t.Errorf("%+v.CheckCorrection(%s) = %v, want a correction's *MoveError (%s)", tt.p, tt.to, err, tt.reason)
			continue
		}
		if !strings.Contains(me.Reason, tt.reason) {
			t.Errorf("%+v.CheckCorrection(%s) reason %q, want %q", tt.p, tt.to, me.Reason, tt.reason)
		}
		if tt.p.IsCorrection(tt.to) {
			t.Errorf("%+v to %s: refused, yet IsCorrection", tt.p, tt.to)
		}
	}
	// A move and a correction never overlap: every stage is one, the
	// other or neither.
	for _, from := range Stages {
		for _, f := range Path {
			p := micro(from, f)
			for _, to := range Stages {
				if p.CheckMove(to) == nil && p.CheckCorrection(to) == nil {
					t.Errorf("%+v to %s is both a move and a correction", p, to)
				}
			}
		}
	}
	err := dnc.CheckCorrection(dnc.Stage)
	if err == nil || !strings.HasPrefix(err.Error(), "cannot correct from do_not_contact to do_not_contact: already there (corrections allowed: prospect,") {
		t.Errorf("error = %v", err)
	}
}

func TestCorrectedFunnel(t *testing.T) {
	tests := []struct {
		p        Position
		to       Stage
		furthest Stage
	}{
		{Position{Stage: Partnered, Furthest: Partnered}, Replied, Replied},
		{Position{Stage: Declined, Furthest: Partnered}, Invited, Invited},
		{Position{Stage: Declined, Furthest: Invited}, Partnered, Partnered}, // they had agreed after all
		{Position{Stage: Declined, Furthest: Partnered}, NoResponse, Partnered},
		{Position{Stage: DoNotContact, Furthest: Negotiating, DoNotContact: true}, Declined, Negotiating},
		{Position{Stage: DoNotContact, Furthest: Prospect, DoNotContact: true}, Prospect, Prospect},
	}
	for _, tt := range tests {
		got := tt.p.Corrected(tt.to)
		if got.Stage != tt.to || got.Furthest != tt.furthest || got.DoNotContact {
			t.Errorf("%+v corrected to %s = %+v, want furthest %s and not do-not-contact", tt.p, tt.to, got, tt.furthest)
		}
	}
}

func TestPurposeFitsStage(t *testing.T) {
	want := map[Purpose][]Stage{
		PurposeInvitation:     {Prospect},
		PurposeFollowUp1:      {Invited},
		PurposeFollowUp2:      {Invited},
		PurposeSampleReminder: {SampleShipped, SampleDelivered},
		PurposeThankYou:       {ContentPosted},
	}
	for _, p := range Purposes {
		for _, s := range Stages {
			if got := p.FitsStage(s); got != slices.Contains(want[p], s) {
				t.Errorf("%s fits %s: %v", p, s, got)
			}
		}
	}
}
