package csvio

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"creatordesk/outreach"
)

// parseRow turns one record into a CreatorRow; the first bad field, in the
// order of CreatorFields, makes it a *RowError.
func (r *CreatorReader) parseRow(rec []string, line int) (outreach.CreatorRow, error) {
	bad := func(field, reason string) (outreach.CreatorRow, error) {
		return outreach.CreatorRow{}, &RowError{FileError{File: r.name, Line: line, Field: field, Err: errors.New(reason)}}
	}
	if n := lastNonBlank(rec) + 1; n > r.width {
		return bad("row", fmt.Sprintf("%d fields, the header has %d", n, r.width))
	}
	cell := func(f int) string {
		if i := r.col[f]; i >= 0 && i < len(rec) {
			return cleanCell(rec[i])
		}
		return ""
	}
	// value is a cell that holds data: "-", "N/A" and the like are blanks.
	value := func(f int) string {
		s := cell(f)
		if isPlaceholder(s) {
			return ""
		}
		return s
	}
	row := outreach.CreatorRow{Line: line}

	h, u := cell(cfHandle), value(cfURL)
	var err error
	switch {
	case h != "":
		if looksLikeURL(h) {
			row.Handle, err = outreach.HandleFromURL(h)
		} else {
			row.Handle, err = outreach.NormalizeHandle(h)
		}
		if err != nil {
			return bad("handle", fmt.Sprintf("%s: %v", quoteShort(h), err))
		}
		if u != "" {
			if uh, err := outreach.HandleFromURL(u); err == nil && uh != row.Handle {
				return bad("url", fmt.Sprintf("%s is the profile of @%s, not of @%s", quoteShort(u), uh, row.Handle))
			}
		}
	case u != "":
		if row.Handle, err = outreach.HandleFromURL(u); err != nil {
			return bad("url", fmt.Sprintf("%s: %v", quoteShort(u), err))
		}
	case r.col[cfHandle] >= 0 && r.col[cfURL] >= 0:
		return bad("handle", "blank, and so is the profile URL")
	case r.col[cfHandle] >= 0:
		return bad("handle", "blank")
	default:
		return bad("url", "blank, and the file has no handle column")
	}

	if row.DisplayName, err = limitText(cell(cfDisplayName), maxDisplayName); err != nil {
		return bad("display_name", err.Error())
	}
	var approx []string // counts the file gives as approximate ("10万+")
	var rough bool
	if row.Followers, rough, err = parseCountCell(value(cfFollowers), r.info[cfFollowers].exp); err != nil {
		return bad("followers", err.Error())
	} else if rough {
		approx = append(approx, value(cfFollowers))
	}
	if row.AvgViews, rough, err = parseCountCell(value(cfAvgViews), r.info[cfAvgViews].exp); err != nil {
		return bad("avg_views", err.Error())
	} else if rough {
		approx = append(approx, value(cfAvgViews))
	}
	if s := value(cfEngagement); s != "" {
		if r.info[cfEngagement].percent && endsWithDigit(s) {
			s += "%"
		}
		bp, err := outreach.ParseRate(s)
		if err != nil && !errors.Is(err, outreach.ErrEmptyRate) {
			return bad("engagement", err.Error())
		}
		if err == nil {
			row.Engagement = &bp
		}
	}
	if s := value(cfGMV); s != "" {
		cur := r.currency
		if r.info[cfGMV].currency != "" {
			cur = r.info[cfGMV].currency
		}
		if c := value(cfCurrency); c != "" {
			code, ok := currencyCode(c)
			if !ok {
				return bad("currency", fmt.Sprintf("%s is not a currency (use a code such as USD)", quoteShort(c)))
			}
			cur = code
		}
		m, err := parseMoneyCell(s, cur, r.info[cfGMV].exp)
		if err != nil && !errors.Is(err, outreach.ErrEmptyCount) {
			return bad("gmv", err.Error())
		}
		if err == nil {
			row.GMV30 = &m
		}
	}
	if row.Region, err = outreach.NormalizeRegion(value(cfRegion)); err != nil {
		return bad("region", err.Error())
	}
	if row.Category, err = limitText(cell(cfCategory), maxCategory); err != nil {
		return bad("category", err.Error())
	}
	if s := value(cfEmail); s != "" {
		if row.Email, err = outreach.NormalizeEmail(s); err != nil {
			return bad("email", err.Error())
		}
	}
	if s := value(cfPhone); s != "" {
		if row.Phone, err = outreach.NormalizePhone(s); err != nil {
			return bad("phone", err.Error())
		}
	}
	if s := value(cfStage); s != "" {
		if row.Stage, err = outreach.ParseStage(s); err != nil {
			return bad("stage", err.Error())
		}
	}
	if s := value(cfTier); s != "" {
		if row.Tier, err = outreach.ParseTier(s); err != nil {
			return bad("tier", err.Error())
		}
		row.TierManual = true
	}
	if s := value(cfTags); s != "" {
		if row.Tags, err = outreach.ParseTags(s); err != nil {
			return bad("tags", err.Error())
		}
	}
	if row.Notes, err = limitText(cell(cfNotes), maxNotes); err != nil {
		return bad("notes", err.Error())
	}
	if field, err := r.parsePipeline(&row, value); err != nil {
		return bad(field, err.Error())
	}
	r.approxN += len(approx)
	for _, a := range approx {
		if len(r.approxEx) < maxApproxExamples {
			r.approxEx = append(r.approxEx, a)
		}
	}
	return row, nil
}

// limitText checks a free-text cell against its length limit.
func limitText(s string, limit int) (string, error) {
	if n := utf8.RuneCountInString(s); n > limit {
		return "", fmt.Errorf("%d characters, the limit is %d", n, limit)
	}
	return s, nil
}

// parseCountCell reads a follower or view count; exp is a unit the header
// puts on bare numbers ("粉丝数(万)"). A blank cell gives nil. approx says
// the file gave it as approximate ("10万+", "约5万"): read as the number
// given.
func parseCountCell(s string, exp int) (v *int64, approx bool, err error) {
	if s == "" {
		return nil, false, nil
	}
	if suffix, ok := expSuffix[exp]; ok && endsWithDigit(s) {
		s += suffix
	}
	n, approx, err := outreach.ParseApproxCount(s)
	if errors.Is(err, outreach.ErrEmptyCount) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return &n, approx, nil
}

// moneyCellUnits are the units an amount may carry, longest first so "mn"
// is tried before "m".
var moneyCellUnits = func() []string {
	var u []string
	for k := range countUnits {
		u = append(u, k)
	}
	// Longest first, then alphabetical, so the choice never depends on map order.
	sort.Slice(u, func(i, j int) bool {
		if len(u[i]) != len(u[j]) {
			return len(u[i]) > len(u[j])
		}
		return u[i] < u[j]
	})
	return u
}()

// parseMoneyCell reads a GMV cell with outreach.ParseMoney after writing out
// an abbreviation, as discovery tools print revenue: "$1.2M", "12.5万元",
// "1.5K USD". exp is a unit from the header ("销售额(万元)") for bare numbers.
func parseMoneyCell(s, currency string, exp int) (outreach.Money, error) {
	t := strings.TrimSpace(norm.NFKC.String(s))
	for _, w := range []string{"美元", "人民币", "元"} {
		if rest, ok := strings.CutSuffix(t, w); ok {
			currency, t = currencyWords[w], strings.TrimSpace(rest)
			break
		}
	}
	start := strings.IndexFunc(t, func(r rune) bool { return r >= '0' && r <= '9' || r == '.' })
	if start >= 0 && strings.ContainsAny(t[start:], "-–~") {
		return outreach.Money{}, fmt.Errorf("%q is a range, not an amount", s)
	}
	if start >= 0 {
		end := start
		for end < len(t) && (t[end] >= '0' && t[end] <= '9' || t[end] == '.' || t[end] == ',') {
			end++
		}
		num, rest := t[start:end], t[end:]
		after := strings.TrimLeft(rest, " ")
		unit := ""
		for _, u := range moneyCellUnits {
			if len(after) >= len(u) && strings.EqualFold(after[:len(u)], u) {
				next, _ := utf8.DecodeRuneInString(after[len(u):])
				if len(after) == len(u) || !unicode.IsLetter(next) {
					unit = u
					break
				}
			}
		}
		shift := exp
		if unit != "" {
			shift, rest = countUnits[strings.ToLower(unit)], after[len(unit):]
		}
		if shift > 0 {
			shifted, ok := shiftDecimal(num, shift)
			if !ok {
				return outreach.Money{}, fmt.Errorf("%q is not an amount", s)
			}
			t = t[:start] + shifted + rest
		}
	}
	m, err := outreach.ParseMoney(t, currency)
	if err != nil && !errors.Is(err, outreach.ErrEmptyCount) && t != strings.TrimSpace(norm.NFKC.String(s)) {
		return m, fmt.Errorf("%q: %v", s, err)
	}
	return m, err
}

// shiftDecimal multiplies a decimal string by 10^exp: ("1.25", 3) → "1250",
// ("1,234.5", 3) → "1234500". ok is false for anything but digits with an
// optional point and well-placed thousands separators.
func shiftDecimal(num string, exp int) (string, bool) {
	intPart, frac, _ := strings.Cut(num, ".")
	if strings.ContainsAny(frac, ".,") || intPart == "" && frac == "" {
		return "", false
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		for i, g := range groups {
			if i == 0 && (g == "" || len(g) > 3) || i > 0 && len(g) != 3 {
				return "", false // "1,5K" is a European decimal, not 15K
			}
		}
		intPart = strings.Join(groups, "")
	}
	for len(frac) < exp {
		frac += "0"
	}
	out := intPart + frac[:exp]
	if rest := frac[exp:]; rest != "" {
		out += "." + rest
	}
	return out, true
}

// cleanCell trims a cell and undoes the formula neutralisation of our own
// exports (see neutralizeCell): one ' before = + - @, tab, CR, or the line
// break an export writes for a CR. So an exported value reads back as the
// value itself would: less the blank space around it that every cell loses,
// and a tab or break dropped that way may uncover another ' to drop.
//
// A value that itself starts with ' and one of those is ambiguous: the
// export writes it unchanged, and it reads back without its '. We take the
// ' as a spreadsheet's text marker, which is what it almost always is (a
// person typing '+1 555 0100 into Excel), never as part of the value.
func cleanCell(s string) string {
	for {
		s = strings.TrimLeftFunc(s, isBlankRune)
		if len(s) < 2 || s[0] != '\'' || strings.IndexByte("=+-@\t\r\n", s[1]) < 0 {
			return strings.TrimRightFunc(s, isBlankRune)
		}
		s = s[1:]
	}
}

func isBlankRune(r rune) bool {
	return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
}

// placeholders are what exports and trackers write for "no data".
var placeholders = []string{
	"-", "--", "---", "—", "–", "/", "?", "n/a", "#n/a", "null", "none", "nil",
	"无", "暂无", "無", "暫無",
}

func isPlaceholder(s string) bool {
	if len(s) > 6 || s == "" {
		return false
	}
	if c := s[0]; c < utf8.RuneSelf && !strings.ContainsRune("-/?#nN", rune(c)) {
		return false // the common case: a value
	}
	for _, p := range placeholders {
		if strings.EqualFold(s, p) {
			return true
		}
	}
	return false
}

func countNonBlank(rec []string) int {
	n := 0
	for _, c := range rec {
		if cleanCell(c) != "" {
			n++
		}
	}
	return n
}

func isBlankRecord(rec []string) bool { return lastNonBlank(rec) < 0 }

func lastNonBlank(rec []string) int {
	for i := len(rec) - 1; i >= 0; i-- {
		if cleanCell(rec[i]) != "" {
			return i
		}
	}
	return -1
}

// isSepLine reports Excel's "sep=;" first line, which names the delimiter.
func isSepLine(rec []string) bool {
	return strings.EqualFold(strings.TrimSpace(rec[0]), "sep=") && lastNonBlank(rec) == 0
}

func looksLikeURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.Contains(l, "tiktok.com/")
}

func endsWithDigit(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsDigit(r)
}

// quoteShort quotes a cell for a message, cut to a readable length.
func quoteShort(s string) string {
	const limit = 60
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// describeCells lists header cells for a message.
func describeCells(rec []string) string {
	var parts []string
	for _, c := range rec {
		if c = strings.TrimSpace(cleanHeaderText(c)); c == "" {
			continue
		}
		if len(parts) == 8 {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, quoteShort(c))
	}
	if len(parts) == 0 {
		return "no named columns"
	}
	return strings.Join(parts, ", ")
}

// parsePipeline reads the pipeline columns of a partners export (or a
// tracker that keeps them) into row: the campaign, when the partnership
// began, and the terms. A bad cell gives its field and why.
func (r *CreatorReader) parsePipeline(row *outreach.CreatorRow, value func(int) string) (string, error) {
	var err error
	if s := value(cfCampaign); s != "" {
		if row.Campaign, err = outreach.NormalizeCampaignName(s); err != nil {
			return "campaign", err
		}
	}
	if s := value(cfPartneredAt); s != "" {
		if row.PartneredAt, err = parseTimeCell(s, r.loc); err != nil {
			return "partnered_at", err
		}
	}
	t := &row.Terms
	if s := value(cfSlotFee); s != "" {
		cur := r.currency
		if r.info[cfSlotFee].currency != "" {
			cur = r.info[cfSlotFee].currency
		}
		if c := value(cfCurrency); c != "" {
			code, ok := currencyCode(c)
			if !ok {
				return "currency", fmt.Errorf("%s is not a currency (use a code such as USD)", quoteShort(c))
			}
			cur = code
		}
		m, err := parseMoneyCell(s, cur, r.info[cfSlotFee].exp)
		if err != nil && !errors.Is(err, outreach.ErrEmptyCount) {
			return "slot_fee", err
		}
		t.SlotFee = m
	}
	if s := value(cfCommission); s != "" {
		if t.Commission, err = r.rateCell(s, cfCommission); err != nil {
			return "commission_pct", err
		}
		if t.Commission < outreach.MinCommission || t.Commission > outreach.MaxCommission {
			return "commission_pct", fmt.Errorf("%s is outside %s–%s", t.Commission, outreach.MinCommission, outreach.MaxCommission)
		}
	}
	if t.SampleSKU, err = limitText(value(cfSampleSKU), maxSampleSKU); err != nil {
		return "sample_sku", err
	}
	if s := value(cfDiscountCode); s != "" {
		t.DiscountCode = outreach.NormalizeDiscountCode(s)
		if err := outreach.ValidateDiscountCode(t.DiscountCode); err != nil {
			return "discount_code", err
		}
	}
	if s := value(cfDiscountPct); s != "" {
		bp, err := r.rateCell(s, cfDiscountPct)
		if err != nil {
			return "discount_pct", err
		}
		if bp%100 != 0 {
			return "discount_pct", fmt.Errorf("%s is not a whole percent", bp)
		}
		if t.DiscountPct = int(bp / 100); t.DiscountPct < outreach.MinDiscount || t.DiscountPct > outreach.MaxDiscount {
			return "discount_pct", fmt.Errorf("%d%% is outside %d–%d%%", t.DiscountPct, outreach.MinDiscount, outreach.MaxDiscount)
		}
	}
	return "", nil
}

// rateCell reads a percentage cell; a header that says percent ("Commission
// (%)", "commission_pct") makes a bare "0.5" 0.5%, not 50%.
func (r *CreatorReader) rateCell(s string, f int) (outreach.BasisPoints, error) {
	if r.info[f].percent && endsWithDigit(s) {
		s += "%"
	}
	return outreach.ParseRate(s)
}

// timeLayouts are how a partnered_at cell may be written: the export's
// own first, then what spreadsheets and trackers write.
var timeLayouts = []string{
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02",
	"2006/01/02 15:04:05", "2006/01/02 15:04", "2006/01/02",
}

// parseTimeCell reads a date and time in loc, or with the zone it names
// (RFC 3339, as a JSON export writes it).
func parseTimeCell(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%s is not a date (write 2006-01-02 15:04:05)", quoteShort(s))
}
