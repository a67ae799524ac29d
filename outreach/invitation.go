package outreach

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"
)

// InvitationStatus is where one invitation message stands.
type InvitationStatus string

// The statuses a person sets by hand. The sending engine will add sending,
// retry_wait and unknown (interrupted after SMTP DATA: never resend); like
// queued and approved they are open, so the store's one-open-invitation
// rule lists the closed statuses, not the open ones.
const (
	InvitationQueued   InvitationStatus = "queued"   // waiting for review
	InvitationApproved InvitationStatus = "approved" // reviewed, ready to go
	InvitationSent     InvitationStatus = "sent"
	InvitationSkipped  InvitationStatus = "skipped" // will not go; Reason says why
	InvitationFailed   InvitationStatus = "failed"  // could not go; Reason says why
)

// InvitationStatuses lists every status in the order the queue shows them.
var InvitationStatuses = []InvitationStatus{InvitationQueued, InvitationApproved, InvitationSent, InvitationSkipped, InvitationFailed}

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

// CheckInvitationStatus returns nil when an invitation may go from one
// status to the other by hand. Sent, skipped and failed are final.
func CheckInvitationStatus(from, to InvitationStatus) error {
	switch {
	case !to.Valid():
		return fmt.Errorf("%q is not an invitation status", to)
	case from == to:
		return fmt.Errorf("the invitation is %s already", to)
	case !from.Open():
		return fmt.Errorf("the invitation is %s: that is final", from)
	}
	return nil
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
	CreatedAt    time.Time
	SentAt       time.Time // zero until sent
	Reason       string    // why skipped or failed
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

// MessageError names the values a message needs and does not have.
type MessageError struct {
	Handle  string
	Tier    Tier
	Missing []string
}

func (e *MessageError) Error() string {
	return fmt.Sprintf("no invitation for @%s (%s): missing %s", e.Handle, e.Tier, strings.Join(e.Missing, ", "))
}

var (
	subjects = map[Tier]string{
		Head:  "Paid collaboration{{if .Campaign}}: {{.Campaign}}{{end}}",
		Micro: "A free sample for you{{if .Campaign}}: {{.Campaign}}{{end}}",
	}
	bodies = map[Tier]string{
		Head: `Hi {{.Name}},

I'm {{.Sender}}. We love your videos and would like to invite you to a paid collaboration{{if .Campaign}} for {{.Campaign}}{{end}} on TikTok Shop.

What we offer:
- a flat fee of {{.SlotFee}} for the video
- {{.Commission}} commission on every sale through your link

If that sounds good, reply here and I will send the details.

Thanks,
{{.Sender}}`,
		Micro: `Hi {{.Name}},

I'm {{.Sender}}. We love your videos and would like to send you a free sample{{if .Campaign}} from {{.Campaign}}{{end}} to try, no strings attached.

What we offer:
- {{.Sample}}, shipped to you free
- {{.Discount}} off for your followers{{if .Code}} with your own code {{.Code}}{{end}}
{{- if .Commission}}
- {{.Commission}} commission on every sale through your link
{{- end}}

If you would like to try it, reply here and I will arrange the shipping.

Thanks,
{{.Sender}}`,
	}
	// valueNames say which value is missing, in the staffer's words.
	valueNames = map[string]string{"Name": "handle", "Sender": "sender", "SlotFee": "slot fee",
		"Commission": "commission", "Discount": "discount percent"}
	subjectTemplates = parseTemplates(subjects)
	bodyTemplates    = parseTemplates(bodies)
)

func parseTemplates(src map[Tier]string) map[Tier]*template.Template {
	out := map[Tier]*template.Template{}
	for t, s := range src {
		out[t] = template.Must(template.New(string(t)).Option("missingkey=error").Parse(s))
	}
	return out
}

// DefaultMessage renders creatordesk's built-in invitation for the
// creator's tier: a slot fee and commission for head creators, a free sample
// and a discount for micro creators. Every inserted value is plain text
// (control characters, escape sequences and line breaks removed). A value
// the message needs and does not have is a *MessageError: it never sends a
// blank where an amount should be. The default campaign is not named.
func DefaultMessage(c Creator, campaign string, t Terms, sender string) (subject, body string, err error) {
	handle := plainText(c.Handle)
	name := plainText(c.DisplayName)
	if name == "" && handle != "" {
		name = "@" + handle
	}
	camp := plainText(campaign)
	data := map[string]string{
		"Name": name, "Sender": plainText(sender), "Campaign": camp,
		"SlotFee": "", "Commission": "", "Sample": sampleText(plainText(t.SampleSKU), t.SampleQty),
		"Discount": "", "Code": plainText(t.DiscountCode),
	}
	if strings.EqualFold(camp, DefaultCampaign) {
		data["Campaign"] = "" // "default" is no product name
	}
	if t.SlotFee.Minor > 0 && t.SlotFee.Currency != "" {
		data["SlotFee"] = t.SlotFee.String()
	}
	if t.Commission > 0 {
		data["Commission"] = t.Commission.String()
	}
	if t.DiscountPct > 0 {
		data["Discount"] = strconv.Itoa(t.DiscountPct) + "%"
	}
	need := []string{"Name", "Sender"}
	switch c.Tier {
	case Head:
		need = append(need, "SlotFee", "Commission")
	case Micro:
		need = append(need, "Discount")
	}
	e := &MessageError{Handle: handle, Tier: c.Tier}
	if !c.Tier.Valid() {
		e.Missing = append(e.Missing, "tier")
	}
	if camp == "" {
		e.Missing = append(e.Missing, "campaign")
	}
	for _, k := range need {
		if data[k] == "" {
			e.Missing = append(e.Missing, valueNames[k])
		}
	}
	if len(e.Missing) > 0 {
		return "", "", e
	}
	if err := t.Validate(); err != nil {
		return "", "", fmt.Errorf("no invitation for @%s: %w", handle, err)
	}
	var sb, bb bytes.Buffer
	if err := subjectTemplates[c.Tier].Execute(&sb, data); err != nil {
		return "", "", err
	}
	if err := bodyTemplates[c.Tier].Execute(&bb, data); err != nil {
		return "", "", err
	}
	return sb.String(), bb.String(), nil
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
