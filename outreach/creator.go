package outreach

import (
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Creator is a TikTok creator the seller may work with. Metrics are pointers
// because "unknown" differs from zero.
type Creator struct {
	ID          int64
	Handle      string // normalised: see NormalizeHandle
	DisplayName string
	Region      string // ISO 3166-1 alpha-2
	Category    string

	Followers  *int64
	AvgViews   *int64
	Engagement *BasisPoints // average engagement rate
	GMV30      *Money       // sales driven in the last 30 days

	Email string
	Phone string // phone or WhatsApp, as written
	Tags  []string
	Notes string

	Tier       Tier
	TierManual bool // set by a person; imports and re-tiering leave it alone

	DoNotContact bool
	DNCReason    string
	DNCAt        time.Time

	CreatedAt     time.Time
	UpdatedAt     time.Time
	LastContactAt time.Time // zero when never contacted
}

// ProfileURL is the creator's TikTok profile address.
func (c Creator) ProfileURL() string { return ProfileURL(c.Handle) }

// NormalizeEmail validates an address and returns it with a lower-case domain.
// "Anna <anna@example.com>" yields "anna@example.com".
//
// net/mail takes any non-ASCII character as part of an address, so
// controls, bidi overrides and other invisible characters are refused
// here: "anna\u202e@example.com" would show one address and send to another.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if r, ok := HiddenRune(s); ok {
		return "", fmt.Errorf("%q is not an email address: it holds a control character (%U); type the address again", s, r)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", fmt.Errorf("%q is not an email address", s)
	}
	local, domain, ok := strings.Cut(a.Address, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", fmt.Errorf("%q is not an email address", s)
	}
	out := local + "@" + strings.ToLower(domain)
	// A no-break or ideographic space is non-ASCII too, so net/mail keeps it.
	if i := strings.IndexFunc(out, unicode.IsSpace); i >= 0 {
		r, _ := utf8.DecodeRuneInString(out[i:])
		return "", fmt.Errorf("%q is not an email address: it holds a space (%U)", s, r)
	}
	// A quoted local part ("a b"@x.com) comes back unquoted and would no
	// longer be an address: refuse it rather than store something unusable.
	if b, err := mail.ParseAddress(out); err != nil || b.Address != out || b.Name != "" {
		return "", fmt.Errorf("%q is not an email address we can send to", s)
	}
	return out, nil
}

// HiddenRune returns the first character of s that no address, host name
// or other one-line setting may hold: C0 and C1 controls, DEL, format
// characters (bidi controls and marks, zero-width ones, the BOM) and line
// or paragraph separators. ok is false when there is none.
func HiddenRune(s string) (r rune, ok bool) {
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			return r, true
		}
	}
	return 0, false
}

// NormalizePhone checks that a phone or WhatsApp number has enough digits and
// keeps it as written (trimmed), since formats vary by country.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-() ./", r):
		default:
			if !unicode.IsLetter(r) && r != ':' { // "WA: +84 ..." is fine
				return "", fmt.Errorf("%q is not a phone number", s)
			}
		}
	}
	if digits < 6 || digits > 20 {
		return "", fmt.Errorf("%q is not a phone number (%d digits)", s, digits)
	}
	return s, nil
}

// MaxNotes bounds a creator's notes, in characters.
const MaxNotes = 10_000

// MaxTagLen bounds one tag.
const MaxTagLen = 40

// ParseTags splits a tag cell on commas, semicolons, pipes and the CJK
// list commas, and returns the tags lower-cased, de-duplicated and sorted.
func ParseTags(s string) ([]string, error) {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune(",;|、，；#", r)
	})
	return NormalizeTags(parts)
}

// NormalizeTags trims, lower-cases, de-duplicates and sorts tags.
func NormalizeTags(tags []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, t := range tags {
		t = strings.ToLower(strings.Join(strings.Fields(t), " "))
		if t == "" || seen[t] {
			continue
		}
		if utf8.RuneCountInString(t) > MaxTagLen {
			return nil, fmt.Errorf("tag %q is longer than %d characters", t, MaxTagLen)
		}
		for _, r := range t {
			if unicode.IsControl(r) {
				return nil, fmt.Errorf("tag %q holds a control character", t)
			}
		}
		seen[t] = true
		out = append(out, t)
	}
	sort.Strings(out)
	return out, nil
}

// MergeTags returns the sorted union of two normalised tag lists.
// A tag that NormalizeTags would refuse is left out; the others are kept.
func MergeTags(a, b []string) []string {
	var all []string
	for _, t := range append(append([]string{}, a...), b...) {
		if n, err := NormalizeTags([]string{t}); err == nil {
			all = append(all, n...)
		}
	}
	out, _ := NormalizeTags(all)
	return out
}
