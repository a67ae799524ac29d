package outreach

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Money is an amount in the minor unit of its currency (cents for USD), so
// sums are exact.
type Money struct {
	Minor    int64
	Currency string // ISO 4217, upper case
}

// minorDigits lists currencies whose minor unit is not cents.
var minorDigits = map[string]int{
	"JPY": 0, "KRW": 0, "VND": 0, "IDR": 0, "CLP": 0, "HUF": 0, "TWD": 0,
	"BHD": 3, "KWD": 3, "OMR": 3,
}

// currencySymbols are the symbols people paste in front of amounts.
var currencySymbols = map[string]string{
	"$": "USD", "US$": "USD", "RMB": "CNY", "CN¥": "CNY", "£": "GBP", "€": "EUR", "¥": "CNY", "￥": "CNY",
	"RM": "MYR", "₱": "PHP", "฿": "THB", "₫": "VND", "Rp": "IDR", "S$": "SGD",
	"R$": "BRL", "MX$": "MXN", "₩": "KRW",
}

// MinorDigits is the number of decimal places of a currency's minor unit.
func MinorDigits(currency string) int {
	if d, ok := minorDigits[currency]; ok {
		return d
	}
	return 2
}

// ParseMoney reads "1,200.50", "$20", "USD 15", "15 usd" or "¥3,000" into an
// exact amount. A bare number takes defaultCurrency.
func ParseMoney(s, defaultCurrency string) (Money, error) {
	t := strings.TrimSpace(norm.NFKC.String(s))
	if t == "" {
		return Money{}, ErrEmptyCount
	}
	cur, symbol := "", ""
	for sym, code := range currencySymbols {
		if strings.HasPrefix(t, sym) && len(sym) > len(symbol) {
			cur, symbol = code, sym
		}
	}
	t = strings.TrimSpace(t[len(symbol):])
	// A three-letter code before or after the number.
	fields := strings.Fields(t)
	if len(fields) == 2 {
		if isCurrencyCode(fields[0]) {
			cur, t = strings.ToUpper(fields[0]), fields[1]
		} else if isCurrencyCode(fields[1]) {
			cur, t = strings.ToUpper(fields[1]), fields[0]
		}
	} else if len(t) > 3 && isCurrencyCode(t[len(t)-3:]) && !isCurrencyCode(t) {
		cur, t = strings.ToUpper(t[len(t)-3:]), strings.TrimSpace(t[:len(t)-3])
	}
	if cur == "RMB" {
		cur = "CNY" // renminbi, how Chinese sellers write the yuan
	}
	if cur == "" {
		cur = strings.ToUpper(defaultCurrency)
	}
	if cur == "" {
		return Money{}, fmt.Errorf("%q has no currency", s)
	}
	if strings.HasPrefix(t, "-") {
		return Money{}, fmt.Errorf("%q is negative", s)
	}
	intPart, frac, err := splitDecimal(t)
	if err != nil || !allDigits(intPart) || !allDigits(frac) {
		return Money{}, fmt.Errorf("%q is not an amount", s)
	}
	d := MinorDigits(cur)
	if len(frac) > d && strings.Trim(frac[d:], "0") == "" && looksGrouped(t, intPart, frac) {
		dec := intPart
		if d > 0 {
			dec += "." + frac[:d]
		}
		return Money{}, fmt.Errorf("%q is ambiguous: \".\" may be a thousands separator (write %s,%s or %s)", s, intPart, frac, dec)
	}
	if len(frac) > d {
		if strings.Trim(frac[d:], "0") != "" {
			return Money{}, fmt.Errorf("%q has more decimals than %s allows (%d)", s, cur, d)
		}
		frac = frac[:d]
	}
	frac += strings.Repeat("0", d-len(frac))
	v, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return Money{}, fmt.Errorf("%q is too large", s)
	}
	return Money{Minor: v, Currency: cur}, nil
}

func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) || r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats the amount with its currency code: "USD 1,200.50".
func (m Money) String() string {
	if m.Currency == "" {
		return ""
	}
	return m.Currency + " " + m.Decimal(true)
}

// Decimal formats the amount without currency, optionally with thousands
// separators: "1200.50" or "1,200.50".
func (m Money) Decimal(grouped bool) string {
	d := MinorDigits(m.Currency)
	neg := m.Minor < 0
	v := uint64(m.Minor)
	if neg {
		v = -v // two's complement: exact even for math.MinInt64
	}
	p := uint64(math.Pow10(d))
	whole := strconv.FormatUint(v/p, 10)
	if grouped {
		whole = groupThousands(whole)
	}
	out := whole
	if d > 0 {
		out += "." + fmt.Sprintf("%0*d", d, v%p)
	}
	if neg {
		out = "-" + out
	}
	return out
}

func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	lead := len(digits) % 3
	if lead > 0 {
		b.WriteString(digits[:lead])
	}
	for i := lead; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// BasisPoints is an exact rate: 1 basis point is 0.01%, so 1500 is 15%.
type BasisPoints int32

// ErrEmptyRate is returned by ParseRate for a blank cell.
var ErrEmptyRate = errors.New("empty")

// ParseRate reads "15%", "15", "12.5 %" as a percentage and "0.15" (a plain
// fraction below 1, as spreadsheets store percentages) as 15%.
func ParseRate(s string) (BasisPoints, error) {
	t := strings.TrimSpace(norm.NFKC.String(s))
	if t == "" {
		return 0, ErrEmptyRate
	}
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if strings.HasPrefix(t, "-") {
		return 0, fmt.Errorf("%q is negative", s)
	}
	intPart, frac, found := strings.Cut(t, ".")
	if !allDigits(intPart) || !allDigits(frac) || (intPart == "" && frac == "") || strings.Contains(frac, ".") {
		return 0, fmt.Errorf("%q is not a rate", s)
	}
	if intPart == "" {
		intPart = "0"
	}
	scale := 2 // percent → basis points
	if !pct && found && intPart == "0" {
		scale = 4 // 0.15 → 1500
	}
	if len(frac) > scale {
		if strings.Trim(frac[scale:], "0") != "" {
			return 0, fmt.Errorf("%q is finer than 0.01%%", s)
		}
		frac = frac[:scale]
	}
	frac += strings.Repeat("0", scale-len(frac))
	v, err := strconv.ParseInt(intPart+frac, 10, 32)
	if err != nil || v > 1_000_000 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return BasisPoints(v), nil
}

// String formats the rate as a percentage: "15%", "12.5%".
func (b BasisPoints) String() string {
	return b.Percent() + "%"
}

// Percent formats the rate as a plain percentage number: "15", "12.5".
func (b BasisPoints) Percent() string {
	sign, v := "", int64(b)
	if v < 0 {
		sign, v = "-", -v
	}
	s := fmt.Sprintf("%d.%02d", v/100, v%100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return sign + s
}
