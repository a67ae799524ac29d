package demo

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"creatordesk/outreach"
)

type creatorSpec struct {
	row        outreach.CreatorRow
	cul        culture
	givenASCII string
	tier       outreach.Tier
	camps      int // how many campaigns the creator is in
}

func (g *gen) makeCreators(n int) {
	heads := int(math.Round(float64(n) * 0.15))
	perm := g.rng.Perm(n)
	for i := range n {
		g.creators = append(g.creators, g.creator(perm[i] < heads))
	}
}

func (g *gen) creator(head bool) *creatorSpec {
	r := g.rng
	var region string
	var cul culture
	{
		ws := make([]weighted[int], len(regionWeights))
		for i, rw := range regionWeights {
			ws[i] = weighted[int]{i, rw.weight}
		}
		rw := regionWeights[pickWeighted(r, ws)]
		region, cul = rw.code, pickWeighted(r, rw.culture)
	}
	cat := pickWeighted(r, categoryWeights)
	givenD, givenA := split(pick(r, givenNames[cul]))
	var famD, famA string
	if fams := familyNames[cul]; len(fams) > 0 {
		famD, famA = split(pick(r, fams))
	}
	c := &creatorSpec{cul: cul, givenASCII: givenA}
	cr := &c.row.Creator
	cr.Region, cr.Category = region, cat
	cr.DisplayName = g.displayName(cul, cat, givenD, givenA, famD)
	cr.Handle = g.handle(cul, cat, givenA, famA)

	// Reach: a long tail. Micro creators mostly between 2k and 300k, head
	// creators above the 500k line with a few in the millions.
	var followers int64
	if head {
		followers = int64(520_000 / math.Pow(1-r.Float64(), 1/2.2))
		followers = min(followers, 9_400_000)
	} else {
		followers = int64(math.Exp(math.Log(25_000) + 1.1*r.NormFloat64()))
		followers = max(2_000+int64(r.IntN(600)), min(followers, 480_000))
	}
	cr.Followers = &followers
	c.tier = outreach.TierFor(cr.Followers, g.threshold)
	if r.Float64() < 0.95 {
		v := int64(float64(followers) * math.Exp(math.Log(0.12)+0.7*r.NormFloat64()))
		v = max(200+int64(r.IntN(300)), min(v, followers*5/2))
		cr.AvgViews = &v
	}
	if r.Float64() < 0.93 {
		var bp float64
		if head {
			bp = 100 + 520*math.Pow(r.Float64(), 1.3)
		} else {
			bp = 250 + 1250*math.Pow(r.Float64(), 1.6)
		}
		e := outreach.BasisPoints(min(1500, max(100, int(bp))))
		cr.Engagement = &e
	}
	if r.Float64() < 0.5 {
		base := 700.0 * math.Sqrt(float64(followers)/30_000)
		if cat == "Beauty" || cat == "Home" || cat == "Food" {
			base *= 1.6
		}
		dollars := base * math.Exp(r.NormFloat64())
		cr.GMV30 = &outreach.Money{Minor: max(1_500, int64(dollars*100)), Currency: "USD"}
	}
	if r.Float64() < 0.6 {
		cr.Email = g.email(cr.Handle, givenA, famA, head)
	}
	if r.Float64() < 0.3 {
		cr.Phone = g.phone(region)
	}
	cr.Tags = g.tags(cul, cat, region)
	if r.Float64() < 0.25 {
		cr.Notes = pick(r, creatorNotes)
	}
	return c
}

// split reads a word-list entry: "Hương|huong" → ("Hương", "huong").
func split(s string) (display, ascii string) {
	display, ascii, ok := strings.Cut(s, "|")
	if !ok {
		ascii = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r
			}
			return -1
		}, strings.ToLower(display))
	}
	return display, ascii
}

func (g *gen) displayName(cul culture, cat, given, givenA, family string) string {
	r := g.rng
	brand := func() string { return fmt.Sprintf(pick(r, brandNames[cul][cat]), given) }
	emoji := func(s string) string { return s + " " + pick(r, categoryEmoji[cat]) }
	full := given + " " + family
	x := r.Float64()
	switch cul {
	case vietnamese:
		switch {
		case x < 0.35:
			return family + " " + pick(r, vietMiddle) + " " + given
		case x < 0.5:
			return given + " " + family
		case x < 0.85:
			return brand()
		}
		return emoji(given)
	case chinese:
		switch {
		case x < 0.3:
			return family + given
		case x < 0.5:
			return given + " " + title(givenA)
		case x < 0.6:
			return title(givenA) + " " + title(asciiOf(family))
		case x < 0.88:
			return brand()
		}
		return emoji(given)
	case thai:
		switch {
		case x < 0.3:
			return given + " " + title(givenA)
		case x < 0.45:
			return "น้อง" + given
		case x < 0.85:
			return brand()
		}
		return emoji(given)
	}
	switch {
	case x < 0.5:
		return full
	case x < 0.8:
		return brand()
	case x < 0.9:
		return emoji(strings.ToLower(given))
	}
	return emoji(full)
}

// asciiOf finds the ASCII form of a family name shown in another script.
func asciiOf(display string) string {
	for _, f := range familyNames[chinese] {
		if d, a := split(f); d == display {
			return a
		}
	}
	return display
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *gen) handle(cul culture, cat, given, family string) string {
	r := g.rng
	word := pick(r, handleWords[cat])
	if family == "" {
		family = word
	}
	sep := pick(r, []string{"", ".", "_"})
	var h string
	switch r.IntN(12) {
	case 0:
		h = given + family
	case 1:
		h = given + "." + family
	case 2:
		h = given + "_" + family
	case 3:
		h = word + "with" + given
	case 4:
		h = given + "." + word
	case 5:
		h = given + word
	case 6:
		h = given + sep + strconv.Itoa(r.IntN(100))
	case 7:
		h = "its" + given + sep + word
	case 8:
		local := pick(r, localHandleWords[cul])
		if r.IntN(2) == 0 {
			h = local + sep + given
		} else {
			h = given + sep + local
		}
	case 9:
		h = "the" + given + word
	case 10:
		h = word + "by" + given
	default:
		h = given + sep + family + strconv.Itoa(r.IntN(1000))
	}
	h = cleanHandle(h)
	for tries := 0; g.handles[h]; tries++ {
		if tries >= 4 { // a long handle cannot grow: shorten it, then number it
			h = cleanHandle(h[:min(len(h), 14)] + "_" + strconv.Itoa(r.IntN(100_000_000)))
			continue
		}
		switch r.IntN(3) {
		case 0:
			h = cleanHandle(h + strconv.Itoa(r.IntN(100)))
		case 1:
			h = cleanHandle(h + "_" + strconv.Itoa(r.IntN(1000)))
		default:
			h = cleanHandle(h + "." + pick(r, []string{"official", "daily", "shop", "tv", "xo"}))
		}
	}
	g.handles[h] = true
	return h
}

// cleanHandle keeps what TikTok allows and what looks like a handle: no
// dot or underscore at either end, no two in a row, at most 24 characters.
func cleanHandle(h string) string {
	var b strings.Builder
	prevSep := true
	for _, c := range strings.ToLower(h) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
			prevSep = false
		case (c == '.' || c == '_') && !prevSep:
			b.WriteRune(c)
			prevSep = true
		}
	}
	out := b.String()
	if len(out) > 24 {
		out = out[:24]
	}
	out = strings.TrimRight(out, "._")
	for len(out) < 2 {
		out += "x"
	}
	return out
}

func (g *gen) email(handle, given, family string, head bool) string {
	r := g.rng
	domain := pick(r, []string{"example.com", "example.com", "example.net"})
	local := handle
	x := r.Float64()
	switch {
	case head && x < 0.5:
		local = pick(r, []string{"mgmt.", "team.", "bookings."}) + handle
	case x < 0.2:
		local = "collab." + handle
	case x < 0.35 && family != "" && family != given:
		local = given + "." + family + ".pipelines"
	case x < 0.45:
		local = "hello" + given
	}
	local = strings.Trim(strings.ReplaceAll(local, "..", "."), ".")
	addr := local + "@" + domain
	if e, err := outreach.NormalizeEmail(addr); err == nil {
		return e
	}
	return strings.ReplaceAll(handle, ".", "_") + "@example.com"
}

// phone makes a number in the 555-0100–0199 range set aside for fiction.
func (g *gen) phone(region string) string {
	r := g.rng
	line := 100 + r.IntN(100)
	if region == "US" || region == "GB" || region == "MX" {
		area := pick(r, []string{"212", "213", "305", "310", "415", "512", "646", "702", "917"})
		return fmt.Sprintf("+1 (%s) 555-%04d", area, line)
	}
	return fmt.Sprintf("WA: +1 555-%04d", line)
}

func (g *gen) tags(cul culture, cat, region string) []string {
	r := g.rng
	if r.Float64() < 0.12 {
		return nil
	}
	var t []string
	ct := categoryTags[cat]
	for range 1 + r.IntN(2) {
		t = append(t, pick(r, ct))
	}
	for range r.IntN(3) {
		t = append(t, pick(r, generalTags))
	}
	bilingual := region == "SG" || region == "MY" || region == "PH" || (region == "US" && cul != english)
	if bilingual && r.Float64() < 0.6 {
		t = append(t, "bilingual")
	}
	out, _ := outreach.NormalizeTags(t)
	return out
}
