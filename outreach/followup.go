package outreach

import (
	"fmt"
	"time"
)

// Purpose is what a message is for. Each tier has one template per purpose.
type Purpose string

const (
	PurposeInvitation     Purpose = "invitation"
	PurposeFollowUp1      Purpose = "followup1"
	PurposeFollowUp2      Purpose = "followup2"
	PurposeSampleReminder Purpose = "sample_reminder"
	PurposeThankYou       Purpose = "thank_you"
)

// Purposes lists every purpose in the order the template editor shows them.
var Purposes = []Purpose{PurposeInvitation, PurposeFollowUp1, PurposeFollowUp2, PurposeSampleReminder, PurposeThankYou}

// Valid reports whether p is a known purpose.
func (p Purpose) Valid() bool {
	for _, v := range Purposes {
		if v == p {
			return true
		}
	}
	return false
}

// Label is the purpose in the staffer's words.
func (p Purpose) Label() string {
	switch p {
	case PurposeInvitation:
		return "invitation"
	case PurposeFollowUp1:
		return "follow-up 1"
	case PurposeFollowUp2:
		return "follow-up 2"
	case PurposeSampleReminder:
		return "sample reminder"
	case PurposeThankYou:
		return "thank-you"
	}
	return string(p)
}

// Stages are the stages a creator is at when a message of this purpose is
// queued for them by hand: a sample reminder while a sample is out, a
// thank-you once content is posted, anything else to a prospect.
func (p Purpose) Stages() []Stage {
	switch p {
	case PurposeSampleReminder:
		return []Stage{SampleShipped, SampleDelivered}
	case PurposeThankYou:
		return []Stage{ContentPosted}
	}
	return []Stage{Prospect}
}

// ParsePurpose reads a purpose as typed: "followup1", "follow-up 1", "fu1",
// "reminder", "thanks".
func ParsePurpose(s string) (Purpose, error) {
	switch normalizeWord(s) {
	case "invitation", "invite", "inv":
		return PurposeInvitation, nil
	case "followup1", "fu1", "followup":
		return PurposeFollowUp1, nil
	case "followup2", "fu2":
		return PurposeFollowUp2, nil
	case "samplereminder", "reminder", "sample":
		return PurposeSampleReminder, nil
	case "thankyou", "thanks", "thank":
		return PurposeThankYou, nil
	}
	return "", fmt.Errorf("%q is not a message purpose (invitation, followup1, followup2, sample_reminder, thank_you)", s)
}

func normalizeWord(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		}
	}
	return string(b)
}

// FollowUpPurposes are the follow-up steps, in order.
var FollowUpPurposes = []Purpose{PurposeFollowUp1, PurposeFollowUp2}

// FollowUps is the sequence that chases an invitation nobody answered:
// follow-up k goes Days[k] days after the invitation was sent, and
// NoResponseDays after it, with every follow-up sent and still no reply,
// the pipeline moves to no_response. A reply, any stage change or
// do-not-contact stops the sequence.
type FollowUps struct {
	Days           []int
	NoResponseDays int
}

// DefaultFollowUps: follow up 3 and 7 days after the invitation, give up
// after 14.
func DefaultFollowUps() FollowUps { return FollowUps{Days: []int{3, 7}, NoResponseDays: 14} }

// Validate checks the sequence: at most len(FollowUpPurposes) steps, days
// strictly increasing within 1–90, the give-up day after the last step.
func (f FollowUps) Validate() error {
	if len(f.Days) > len(FollowUpPurposes) {
		return fmt.Errorf("at most %d follow-ups, not %d", len(FollowUpPurposes), len(f.Days))
	}
	prev := 0
	for i, d := range f.Days {
		if d < 1 || d > 90 {
			return fmt.Errorf("follow-up %d after %d days: outside 1–90", i+1, d)
		}
		if d <= prev {
			return fmt.Errorf("follow-up %d after %d days: not later than follow-up %d", i+1, d, i)
		}
		prev = d
	}
	if f.NoResponseDays <= prev || f.NoResponseDays > 180 {
		return fmt.Errorf("no response after %d days: must be after the last follow-up (day %d) and at most 180", f.NoResponseDays, prev)
	}
	return nil
}

// Step says what is due for an invitation sent at sent that has had
// followUpsSent follow-ups and no reply, at now: the next follow-up's
// purpose and when it is due, or giveUp when the sequence is over and the
// creator should move to no_response.
func (f FollowUps) Step(sent time.Time, followUpsSent int, now time.Time) (next Purpose, due time.Time, giveUp bool) {
	if followUpsSent < len(f.Days) {
		return FollowUpPurposes[followUpsSent], sent.AddDate(0, 0, f.Days[followUpsSent]), false
	}
	return "", sent.AddDate(0, 0, f.NoResponseDays), !now.Before(sent.AddDate(0, 0, f.NoResponseDays))
}

// RetryDelay is how long a message that could not be handed over waits
// before its attempt-th retry (1-based): 5 minutes, doubling, at most 6
// hours.
func RetryDelay(attempt int) time.Duration {
	d := 5 * time.Minute
	for i := 1; i < attempt && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// MaxSendAttempts is how many times a message is tried before it fails.
const MaxSendAttempts = 8
