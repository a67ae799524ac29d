package outreach

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDefaultTemplatesRenderForEveryTierAndPurpose(t *testing.T) {
	c := Creator{Handle: "anna_1", DisplayName: "Anna", Tier: Head}
	camp := Campaign{Name: "Summer Glow", SKUs: []string{"GLOW-30"}}
	terms := Terms{SlotFee: Money{Minor: 20000, Currency: "USD"}, Commission: 1000, SampleQty: 1, DiscountPct: 15, DiscountCode: "ANNA15"}
	due := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	for _, tier := range []Tier{Head, Micro} {
		for _, p := range Purposes {
			tm := DefaultTemplate(tier, p)
			if err := tm.Check(); err != nil {
				t.Fatalf("%s %s: %v", tier, p, err)
			}
			c.Tier = tier
			subject, body, err := RenderFor(tm, c, camp, terms, "Mia", due)
			if err != nil {
				t.Fatalf("%s %s: %v", tier, p, err)
			}
			if subject == "" || !strings.Contains(body, "Anna") || !strings.Contains(body, "Mia") || strings.Contains(body, "<no value>") {
				t.Errorf("%s %s: %q\n%s", tier, p, subject, body)
			}
			if p == PurposeSampleReminder && !strings.Contains(body, "Dec 6") {
				t.Errorf("%s reminder without the due date:\n%s", tier, body)
			}
		}
	}
}

func TestFollowUpWithoutValueIsRefused(t *testing.T) {
	tm := DefaultTemplate(Head, PurposeFollowUp1)
	_, _, err := RenderFor(tm, Creator{Handle: "bo", Tier: Head}, Campaign{Name: "X"}, Terms{Commission: 1000}, "Mia", time.Time{})
	var me *MessageError
	if !errors.As(err, &me) || len(me.Missing) != 1 || me.Missing[0] != "slot fee" {
		t.Fatalf("got %v", err)
	}
}

func TestParseTemplateText(t *testing.T) {
	old := Template{Tier: Micro, Purpose: PurposeThankYou, Subject: "Old", Body: "old"}
	got := ParseTemplateText(old, "subject:  Thanks {{.Name}}\r\n\r\nHi\r\nthere\r\n\r\n")
	if got.Subject != "Thanks {{.Name}}" || got.Body != "Hi\nthere" || got.Tier != Micro {
		t.Errorf("%+v", got)
	}
	got = ParseTemplateText(old, "Just a body")
	if got.Subject != "Old" || got.Body != "Just a body" {
		t.Errorf("no subject line: %+v", got)
	}
	if back := ParseTemplateText(old, FormatTemplate(got)); back.Subject != got.Subject || back.Body != got.Body {
		t.Errorf("round trip: %+v", back)
	}
	// Errors point into the text as typed.
	cases := map[string]string{
		"Subject: Hi {{.Nmae}}\n\nBody":     "subject: line 1, column 15: unknown placeholder .Nmae (did you mean .Name?)",
		"Subject: Hi\n\nLine\n{{.Nmae}}":    "body: line 4, column 3: unknown placeholder .Nmae (did you mean .Name?)",
		"Subject: Hi\nLine\n{{if .Code}}x":  "body: line 3, column 1: {{if .Code}} is never closed with {{end}}",
		"Hi\nthanks {{.Name} and {{.Code}}": "body: line 2, column 8: bad character U+007D '}'",
		"Line\n{{.Sendr}}":                  "body: line 2, column 3: unknown placeholder .Sendr (did you mean .Sender?)",
	}
	for text, want := range cases {
		err := ParseTemplateText(old, text).Check()
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: got %v, want %q…", text, err, want)
		}
	}
	if err := ParseTemplateText(old, "Subject: Hi\n\n  \n").Check(); err == nil {
		t.Error("an empty body was accepted")
	}
}

func TestFollowUpsStepAndValidate(t *testing.T) {
	f := DefaultFollowUps()
	sent := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for i, want := range []struct {
		p   Purpose
		due time.Time
	}{{PurposeFollowUp1, sent.AddDate(0, 0, 3)}, {PurposeFollowUp2, sent.AddDate(0, 0, 7)}} {
		p, due, giveUp := f.Step(sent, i, sent)
		if p != want.p || !due.Equal(want.due) || giveUp {
			t.Errorf("step %d: %s %v %v", i, p, due, giveUp)
		}
	}
	if p, _, giveUp := f.Step(sent, 2, sent.AddDate(0, 0, 13)); p != "" || giveUp {
		t.Errorf("day 13: %s %v", p, giveUp)
	}
	if _, _, giveUp := f.Step(sent, 2, sent.AddDate(0, 0, 14)); !giveUp {
		t.Error("day 14: not given up")
	}
	for _, bad := range []FollowUps{{Days: []int{7, 3}, NoResponseDays: 14}, {Days: []int{3, 7, 9}, NoResponseDays: 14},
		{Days: []int{0}, NoResponseDays: 14}, {Days: []int{3, 7}, NoResponseDays: 7}, {NoResponseDays: 0}} {
		if bad.Validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if err := (FollowUps{NoResponseDays: 10}).Validate(); err != nil {
		t.Errorf("no follow-ups: %v", err)
	}
}

func TestRetryDelayDoublesToSixHours(t *testing.T) {
	want := []time.Duration{5 * time.Minute, 10 * time.Minute, 20 * time.Minute, 40 * time.Minute, 80 * time.Minute,
		160 * time.Minute, 320 * time.Minute, 6 * time.Hour, 6 * time.Hour}
	for i, w := range want {
		if got := RetryDelay(i + 1); got != w {
			t.Errorf("attempt %d: %v, want %v", i+1, got, w)
		}
	}
}

func TestPurposeStopRules(t *testing.T) {
	for _, tt := range []struct {
		p    Purpose
		to   Stage
		stop bool
	}{
		{PurposeInvitation, Invited, false}, {PurposeFollowUp1, Invited, false}, {PurposeFollowUp1, Replied, true},
		{PurposeFollowUp2, Negotiating, true}, {PurposeFollowUp1, DoNotContact, true}, {PurposeFollowUp1, NoResponse, true},
		{PurposeSampleReminder, SampleDelivered, false}, {PurposeSampleReminder, ContentPosted, true},
		{PurposeThankYou, ContentPosted, false}, {PurposeThankYou, Declined, true},
	} {
		if got := tt.p.StoppedBy(tt.to); got != tt.stop {
			t.Errorf("%s stopped by %s: %v", tt.p, tt.to, got)
		}
	}
	for _, s := range []string{"followup1", "Follow-up 1", "fu2", "sample_reminder", "thanks", "Invitation"} {
		if _, err := ParsePurpose(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := ParsePurpose("chase"); err == nil {
		t.Error("chase accepted")
	}
}

// Each purpose is queued by hand at its stages, and a move away from them
// stops a message of that purpose.
func TestPurposeStages(t *testing.T) {
	want := map[Purpose][]Stage{
		PurposeInvitation:     {Prospect},
		PurposeSampleReminder: {SampleShipped, SampleDelivered},
		PurposeThankYou:       {ContentPosted},
	}
	for p, stages := range want {
		if got := p.Stages(); !slices.Equal(got, stages) {
			t.Errorf("%s.Stages() = %v, want %v", p, got, stages)
		}
	}
	for _, st := range PurposeSampleReminder.Stages() {
		if PurposeSampleReminder.StoppedBy(st) {
			t.Errorf("a sample reminder is stopped by a move to %s, one of its own stages", st)
		}
	}
	if !PurposeSampleReminder.StoppedBy(ContentPosted) {
		t.Error("a sample reminder goes on after content is posted")
	}
}
