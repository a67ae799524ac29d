package outreach

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MessageError names the values a message needs and does not have.
type MessageError struct {
	Handle  string
	Tier    Tier
	Missing []string
}

func (e *MessageError) Error() string {
	return fmt.Sprintf("no message for @%s (%s): missing %s", e.Handle, e.Tier, strings.Join(e.Missing, ", "))
}

// Template is the text of one kind of message for one tier: what the
// staffer edits. Subject is used by email only.
type Template struct {
	Tier      Tier
	Purpose   Purpose
	Subject   string
	Body      string
	Custom    bool      // edited by the staffer; false is the built-in default
	UpdatedAt time.Time // zero for the default
	// Where the subject and body sat in the text they were read from
	// (ParseTemplateText), so errors point into that text.
	subjectCol, bodyLine int
}

// DefaultTemplate is creatordesk's built-in text for a tier and purpose.
func DefaultTemplate(tier Tier, p Purpose) Template {
	k := tier
	if k != Head {
		k = Micro
	}
	d := defaultTexts[p][k]
	return Template{Tier: tier, Purpose: p, Subject: d[0], Body: d[1]}
}

// Check parses a template's subject and body: a syntax error names the
// line and column, an unknown placeholder the nearest known one.
func (t Template) Check() error {
	if _, err := NormalizeSubject(t.Subject); err != nil {
		return fmt.Errorf("subject: %w", err)
	}
	if _, err := ParseTemplate(t.Subject); err != nil {
		return fmt.Errorf("subject: %w", shift(err, 0, t.subjectCol))
	}
	if _, err := NormalizeMessageBody(t.Body); err != nil {
		return fmt.Errorf("body: %w", err)
	}
	if _, err := ParseTemplate(t.Body); err != nil {
		return fmt.Errorf("body: %w", shift(err, t.bodyLine, 0))
	}
	return nil
}

// shift moves a TemplateError's position by whole lines, or columns on
// the first line.
func shift(err error, lines, cols int) error {
	var te *TemplateError
	if errors.As(err, &te) && te.Line > 0 {
		te.Line += lines
		if te.Line == 1+lines && te.Column > 0 {
			te.Column += cols
		}
	}
	return err
}

// MessageValues are the placeholder values for one creator in one campaign
// on the terms offered. ContentDue is zero unless a sample is out.
func MessageValues(c Creator, camp Campaign, t Terms, sender string, contentDue time.Time) map[string]string {
	handle := plainText(c.Handle)
	name := plainText(c.DisplayName)
	if name == "" && handle != "" {
		name = "@" + handle
	}
	v := map[string]string{
		"Handle": handle, "Name": name, "Sender": plainText(sender), "Campaign": plainText(camp.Name),
		"Sample": sampleText(plainText(t.SampleSKU), t.SampleQty), "Code": plainText(t.DiscountCode),
	}
	if strings.EqualFold(v["Campaign"], DefaultCampaign) {
		v["Campaign"] = "" // "default" is no product name
	}
	if len(camp.SKUs) > 0 {
		v["Product"] = plainText(camp.SKUs[0])
	} else if t.SampleSKU != "" {
		v["Product"] = plainText(t.SampleSKU)
	}
	if t.SlotFee.Minor > 0 && t.SlotFee.Currency != "" {
		v["SlotFee"] = t.SlotFee.String()
	}
	if t.Commission > 0 {
		v["Commission"] = t.Commission.String()
	}
	if t.DiscountPct > 0 {
		v["Discount"] = strconv.Itoa(t.DiscountPct) + "%"
	}
	if !contentDue.IsZero() {
		v["ContentDue"] = contentDue.Format("Jan 2")
	}
	return v
}

// valueNames say which value is missing, in the staffer's words.
var valueNames = map[string]string{"Handle": "handle", "Name": "handle", "Sender": "sender", "Campaign": "campaign name",
	"Product": "product", "SlotFee": "slot fee", "Commission": "commission", "Sample": "sample", "Code": "discount code",
	"Discount": "discount percent", "ContentDue": "content due date"}

// Render fills the template for one creator. A value the subject or body
// prints unconditionally and does not have is a *MessageError naming it,
// so no message goes out with a blank where an amount belongs.
func (t Template) Render(handle string, values map[string]string) (subject, body string, err error) {
	st, err := ParseTemplate(t.Subject)
	if err != nil {
		return "", "", fmt.Errorf("subject: %w", err)
	}
	bt, err := ParseTemplate(t.Body)
	if err != nil {
		return "", "", fmt.Errorf("body: %w", err)
	}
	e := &MessageError{Handle: plainText(handle), Tier: t.Tier}
	if !t.Tier.Valid() {
		e.Missing = append(e.Missing, "tier")
	}
	for _, r := range append(append([]string{}, st.Required...), bt.Required...) {
		n := valueNames[r]
		if plainText(values[r]) == "" && !strings.Contains(strings.Join(e.Missing, "\x00")+"\x00", n+"\x00") {
			e.Missing = append(e.Missing, n)
		}
	}
	if len(e.Missing) > 0 {
		return "", "", e
	}
	if subject, err = st.Render(values); err != nil {
		return "", "", err
	}
	if body, err = bt.Render(values); err != nil {
		return "", "", err
	}
	return subject, body, nil
}

// DefaultMessage renders creatordesk's built-in invitation for the
// creator's tier: a slot fee and commission for head creators, a free sample
// and a discount for micro creators. See Template.Render.
func DefaultMessage(c Creator, campaign string, t Terms, sender string) (subject, body string, err error) {
	tm := DefaultTemplate(c.Tier, PurposeInvitation)
	tm.Tier = c.Tier
	return RenderFor(tm, c, Campaign{Name: campaign}, t, sender, time.Time{})
}

// RenderFor renders tm for a creator in a campaign on terms t, after
// checking the terms; a campaign without a name is refused.
func RenderFor(tm Template, c Creator, camp Campaign, t Terms, sender string, contentDue time.Time) (subject, body string, err error) {
	v := MessageValues(c, camp, t, sender, contentDue)
	subject, body, err = tm.Render(c.Handle, v)
	var me *MessageError
	if plainText(camp.Name) == "" {
		if errors.As(err, &me) {
			me.Missing = append(me.Missing, "campaign")
		} else {
			err = &MessageError{Handle: plainText(c.Handle), Tier: c.Tier, Missing: []string{"campaign"}}
		}
	}
	if err != nil {
		return "", "", err
	}
	if err := t.Validate(); err != nil {
		return "", "", fmt.Errorf("no message for @%s: %w", plainText(c.Handle), err)
	}
	return subject, body, nil
}

// defaultTexts are the built-in [subject, body] per purpose and tier.
var defaultTexts = map[Purpose]map[Tier][2]string{
	PurposeInvitation: {
		Head: {"Paid collaboration{{if .Campaign}}: {{.Campaign}}{{end}}", `Hi {{.Name}},

I'm {{.Sender}}. We love your videos and would like to invite you to a paid collaboration{{if .Campaign}} for {{.Campaign}}{{end}} on TikTok Shop.

What we offer:
- a flat fee of {{.SlotFee}} for the video
- {{.Commission}} commission on every sale through your link

If that sounds good, reply here and I will send the details.

Thanks,
{{.Sender}}`},
		Micro: {"A free sample for you{{if .Campaign}}: {{.Campaign}}{{end}}", `Hi {{.Name}},

I'm {{.Sender}}. We love your videos and would like to send you a free sample{{if .Campaign}} from {{.Campaign}}{{end}} to try, no strings attached.

What we offer:
- {{.Sample}}, shipped to you free
- {{.Discount}} off for your followers{{if .Code}} with your own code {{.Code}}{{end}}
{{- if .Commission}}
- {{.Commission}} commission on every sale through your link
{{- end}}

If you would like to try it, reply here and I will arrange the shipping.

Thanks,
{{.Sender}}`},
	},
	PurposeFollowUp1: {
		Head: {"Re: Paid collaboration{{if .Campaign}}: {{.Campaign}}{{end}}", `Hi {{.Name}},

Just checking you saw my note about a paid collaboration{{if .Campaign}} for {{.Campaign}}{{end}}: a flat fee of {{.SlotFee}} plus {{.Commission}} commission.

Happy to answer any questions.

{{.Sender}}`},
		Micro: {"Re: A free sample for you{{if .Campaign}}: {{.Campaign}}{{end}}", `Hi {{.Name}},

Just checking you saw my note: we would love to send you {{.Sample}}{{if .Campaign}} from {{.Campaign}}{{end}}, free, with {{.Discount}} off for your followers.

Reply here and I will arrange the shipping.

{{.Sender}}`},
	},
	PurposeFollowUp2: {
		Head: {"Re: Paid collaboration{{if .Campaign}}: {{.Campaign}}{{end}}", `Hi {{.Name}},

One last note from me: the offer of {{.SlotFee}} plus {{.Commission}} commission{{if .Campaign}} for {{.Campaign}}{{end}} stays open if the timing suits you later.

{{.Sender}}`},
		Micro: {"Re: A free sample for you{{if .Campaign}}: {{.Campaign}}{{end}}", `Hi {{.Name}},

One last note from me: the free sample{{if .Campaign}} from {{.Campaign}}{{end}} is still yours if you would like it. Just reply here.

{{.Sender}}`},
	},
	PurposeSampleReminder: {
		Head: {"Your video{{if .Campaign}} for {{.Campaign}}{{end}}", `Hi {{.Name}},

A friendly reminder that your video{{if .Campaign}} for {{.Campaign}}{{end}} is due {{if .ContentDue}}on {{.ContentDue}}{{else}}soon{{end}}. Let me know if you need anything from us.

{{.Sender}}`},
		Micro: {"Your sample{{if .Campaign}} from {{.Campaign}}{{end}}", `Hi {{.Name}},

I hope you are enjoying {{.Sample}}! A friendly reminder that your video is due {{if .ContentDue}}on {{.ContentDue}}{{else}}soon{{end}}{{if .Code}}; remember to share your code {{.Code}} ({{.Discount}} off){{end}}.

{{.Sender}}`},
	},
	PurposeThankYou: {
		Head: {"Thank you{{if .Campaign}}: {{.Campaign}}{{end}}", `Hi {{.Name}},

Thank you for your video{{if .Campaign}} for {{.Campaign}}{{end}}! It was a pleasure working with you, and we hope to again soon.

{{.Sender}}`},
		Micro: {"Thank you{{if .Campaign}}: {{.Campaign}}{{end}}", `Hi {{.Name}},

Thank you for your video! It was a pleasure working with you{{if .Code}}, and your code {{.Code}} stays active for your followers{{end}}.

{{.Sender}}`},
	},
}

// FormatTemplate writes a template as its editor shows it: a "Subject: "
// line, a blank line, then the body.
func FormatTemplate(t Template) string {
	return "Subject: " + t.Subject + "\n\n" + t.Body
}

// ParseTemplateText reads text in FormatTemplate's form into a copy of
// old: a first line starting "Subject:" (any case) sets the subject and
// the rest, less the blank lines before it, is the body; without it the whole text is
// the body and the old subject stays. Line endings become \n.
func ParseTemplateText(old Template, text string) Template {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	t := old
	t.subjectCol, t.bodyLine = 0, 0
	first, rest, _ := strings.Cut(text, "\n")
	if len(first) >= 8 && strings.EqualFold(first[:8], "subject:") {
		t.Subject = strings.TrimSpace(first[8:])
		t.subjectCol = utf8.RuneCountInString(first) - utf8.RuneCountInString(strings.TrimLeft(first[8:], " \t"))
		t.bodyLine = 1
		text = rest
	}
	// Blank lines before the body go; errors still count them.
	for {
		line, after, found := strings.Cut(text, "\n")
		if !found || strings.TrimSpace(line) != "" {
			break
		}
		text, t.bodyLine = after, t.bodyLine+1
	}
	t.Body = strings.TrimRight(text, "\n \t")
	return t
}
