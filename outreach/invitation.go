package outreach

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// InvitationStatus is where one invitation message stands.
type InvitationStatus string

// An invitation is queued (waiting for review) or approved (ready), then
// sent, by hand (a DM) or by the sending engine (email), which passes it
// through sending and, when the server could not take it yet, retry_wait.
// Open statuses are listed as not closed, so the store's
// one-open-invitation rule lists the closed ones.
const (
	InvitationQueued    InvitationStatus = "queued"     // waiting for review
	InvitationApproved  InvitationStatus = "approved"   // reviewed, ready to go
	InvitationSending   InvitationStatus = "sending"    // handed to the SMTP server right now
	InvitationRetryWait InvitationStatus = "retry_wait" // the server could not take it; tried again later
	InvitationUnknown   InvitationStatus = "unknown"    // cut off after its data went: maybe delivered; the staffer decides
	InvitationSent      InvitationStatus = "sent"
	InvitationSkipped   InvitationStatus = "skipped" // will not go; Reason says why
	InvitationFailed    InvitationStatus = "failed"  // could not go; Reason says why
)

// InvitationStatuses lists every status in the order the queue shows them.
var InvitationStatuses = []InvitationStatus{InvitationQueued, InvitationApproved, InvitationSending, InvitationRetryWait,
	InvitationUnknown, InvitationSent, InvitationSkipped, InvitationFailed}

// Valid reports whether s is a known status.
func (s InvitationStatus) Valid() bool {
	for _, v := range InvitationStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// Open reports whether the invitation may still go out. A creator has at
// most one open invitation per campaign.
func (s InvitationStatus) Open() bool {
	return s != InvitationSent && s != InvitationSkipped && s != InvitationFailed
}

// Stoppable reports whether nobody is handing the message over right now,
// so a reply, a stage change or do-not-contact may still call it off.
// Sending and unknown are not: the message may be out already.
func (s InvitationStatus) Stoppable() bool {
	return s == InvitationQueued || s == InvitationApproved || s == InvitationRetryWait
}

// CheckInvitationStatus returns nil when an invitation may go from one
// status to the other by hand. Sent, skipped and failed are final; a
// message being sent is left alone until the engine is done with it.
func CheckInvitationStatus(from, to InvitationStatus) error {
	switch {
	case !to.Valid():
		return fmt.Errorf("%q is not an invitation status", to)
	case from == to:
		return fmt.Errorf("the invitation is %s already", to)
	case !from.Open():
		return fmt.Errorf("the invitation is %s: that is final", from)
	case from == InvitationSending:
		return fmt.Errorf("the invitation is being sent right now")
	}
	return nil
}

// InSequence reports whether p is the invitation or one of its
// follow-ups: the messages that move a prospect to invited and chase a
// reply.
func (p Purpose) InSequence() bool {
	return p == PurposeInvitation || p == PurposeFollowUp1 || p == PurposeFollowUp2
}

// StoppedBy reports whether a pipeline moving to stage calls off an open
// message of this purpose: the invitation sequence stops once the creator
// is past invited, a sample reminder once the sample stage is over, and
// anything on do-not-contact or a decline.
func (p Purpose) StoppedBy(to Stage) bool {
	switch to {
	case DoNotContact, Declined, NoResponse:
		return true
	}
	switch {
	case p.InSequence():
		return to != Prospect && to != Invited
	case p == PurposeSampleReminder:
		return !to.IsSample()
	}
	return false
}

// Channel is how an invitation reaches the creator.
type Channel string

const (
	ChannelDM    Channel = "dm"    // TikTok message, sent by hand
	ChannelEmail Channel = "email" // the sending engine's SMTP
)

// Invitation is one message to one creator in one campaign.
type Invitation struct {
	ID           int64
	Handle       string
	CampaignName string
	Tier         Tier
	Stage        Stage // the creator's stage in the campaign now
	Channel      Channel
	Subject      string // for email; DMs have none
	Body         string
	Status       InvitationStatus
	Purpose      Purpose
	ToAddr       string // the email address it goes to; "" for a DM
	CreatedAt    time.Time
	DueAt        time.Time // not before: a follow-up's day, a retry's time; zero is now
	SentAt       time.Time // zero until sent
	Attempts     int       // tries to hand it to the SMTP server
	Reason       string    // why skipped, failed, waiting or unknown
	// QuotaRank is its place among open first invitations to creators not
	// yet contacted, which spend TikTok's weekly quota (1 goes first); 0
	// when it costs no quota.
	QuotaRank int
}

// ProfileURL is the creator's TikTok profile, where a DM is sent by hand.
func (i Invitation) ProfileURL() string { return ProfileURL(i.Handle) }

// MaxMessagesBeforeReply is TikTok's limit on messages to a creator who has
// not replied yet.
const MaxMessagesBeforeReply = 5

// MaxMessageBody bounds an invitation's text, in characters.
const MaxMessageBody = 4000

// NormalizeMessageBody checks a message edited by a person: line endings
// become \n, surrounding blank space goes, and it must be 1–MaxMessageBody
// characters without control characters (tabs and line breaks are fine).
func NormalizeMessageBody(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("the message is not valid UTF-8")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("the message is empty")
	}
	if n := utf8.RuneCountInString(s); n > MaxMessageBody {
		return "", fmt.Errorf("the message is %d characters, more than %d", n, MaxMessageBody)
	}
	for _, r := range s {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || isHiddenFormat(r)) {
			return "", fmt.Errorf("the message holds a control character (%U)", r)
		}
	}
	return s, nil
}

// isHiddenFormat reports bidi controls and other invisible format
// characters; the zero-width joiner stays because emoji need it.
func isHiddenFormat(r rune) bool {
	return unicode.Is(unicode.Cf, r) && r != 0x200d
}

// PlainText is plainText for the adapters: the one rule for untrusted text
// that goes into a message (a display name in an email header, for one).
func PlainText(s string) string { return plainText(s) }

// plainText makes a value from outside (a name, a campaign) fit to insert
// into a message: escape sequences go whole, other control and invisible
// format characters go, line breaks and tabs become spaces, and spaces
// collapse.
func plainText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			i = skipEscape(rs, i)
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case unicode.IsControl(r) || isHiddenFormat(r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// skipEscape returns the index of the last rune of the escape sequence
// starting at rs[i] (ESC or a C1 introducer).
func skipEscape(rs []rune, i int) int {
	kind := rs[i]
	if kind == 0x1b {
		if i+1 >= len(rs) {
			return i
		}
		i++
		switch rs[i] {
		case '[':
			kind = 0x9b
		case ']':
			kind = 0x9d
		case 'P', 'X', '^', '_':
			kind = 0x90
		default:
			// ESC, intermediates (0x20–0x2f), then one final character
			for i < len(rs)-1 && rs[i] >= 0x20 && rs[i] <= 0x2f {
				i++
			}
			return i
		}
	}
	if kind == 0x9b { // CSI: parameters and intermediates up to a final 0x40–0x7e
		for i+1 < len(rs) {
			i++
			if rs[i] >= 0x40 && rs[i] <= 0x7e {
				return i
			}
			if rs[i] < 0x20 || rs[i] > 0x7e {
				return i - 1 // malformed: keep what follows
			}
		}
		return i
	}
	// OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \ or 0x9c)
	for i+1 < len(rs) {
		i++
		switch {
		case rs[i] == 0x07 || rs[i] == 0x9c:
			return i
		case rs[i] == 0x1b && i+1 < len(rs) && rs[i+1] == '\\':
			return i + 1
		}
	}
	return i
}

// sampleText says what sample is offered: "a sample", "2 samples",
// "a sample of GLOW30", "2 × GLOW30".
func sampleText(sku string, qty int) string {
	switch {
	case sku == "" && qty > 1:
		return strconv.Itoa(qty) + " samples"
	case sku == "":
		return "a sample"
	case qty > 1:
		return strconv.Itoa(qty) + " × " + sku
	}
	return "a sample of " + sku
}

// MaxSender bounds the name that signs invitations; MaxSubject a subject.
const (
	MaxSender  = 80
	MaxSubject = 200
)

// NormalizeSender checks the name that signs invitations ("Mia from
// GlowLab"): one line of 1–MaxSender characters, spaces collapsed.
func NormalizeSender(s string) (string, error) {
	n, err := oneLine("sender", s, MaxSender)
	if err == nil && n == "" {
		err = fmt.Errorf("the sender is empty")
	}
	return n, err
}

// NormalizeSubject checks a subject line: one line (an email header must
// not hold CR or LF) of at most MaxSubject characters; empty is allowed.
func NormalizeSubject(s string) (string, error) { return oneLine("subject", s, MaxSubject) }

func oneLine(what, s string, limit int) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case !utf8.ValidString(s):
		return "", fmt.Errorf("the %s is not valid UTF-8", what)
	case strings.ContainsAny(s, "\r\n"):
		return "", fmt.Errorf("the %s spans more than one line", what)
	case strings.ContainsFunc(s, func(r rune) bool { return r != '\t' && (unicode.IsControl(r) || isHiddenFormat(r)) }):
		return "", fmt.Errorf("the %s holds a control character", what)
	}
	n := strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(n) > limit {
		return "", fmt.Errorf("the %s is longer than %d characters", what, limit)
	}
	return n, nil
}
