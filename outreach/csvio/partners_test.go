package csvio

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

func partnerInt64(v int64) *int64 { return &v }

// partnerFixture is the two-row example: a head creator with a slot fee and a
// micro creator whose name is a formula.
func partnerFixture() []outreach.Partnership {
	return []outreach.Partnership{
		{
			Creator: outreach.Creator{
				Handle: "anna_1", DisplayName: "Anna & Lee", Tier: outreach.Head,
				Followers: partnerInt64(1200000), Region: "US", Category: "Beauty",
				Email: "anna@example.com",
			},
			Campaign:    "Spring Launch",
			Stage:       outreach.Partnered,
			PartneredAt: time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC),
			Terms: outreach.Terms{
				SlotFee:    outreach.Money{Minor: 150000, Currency: "USD"},
				Commission: 1250,
			},
		},
		{
			Creator: outreach.Creator{
				Handle: "xiao.mei", DisplayName: `=HYPERLINK("http://x","小美")`,
				Tier: outreach.Micro, Region: "CN", Category: "美妆, 护肤",
			},
			Campaign: "春季",
			Stage:    outreach.SampleShipped,
			Terms: outreach.Terms{
				Commission: 1500, SampleSKU: "SKU-1", SampleQty: 1,
				DiscountCode: "MEI15", DiscountPct: 15,
			},
		},
	}
}

var partnerShanghai = time.FixedZone("CST", 8*3600)

// partnerExport writes ps in format and returns the bytes.
func partnerExport(t *testing.T, format string, loc *time.Location, ps ...outreach.Partnership) []byte {
	t.Helper()
	var b bytes.Buffer
	pw, err := NewPartnerWriter(&b, format, loc)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if err := pw.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	if pw.Count() != len(ps) {
		t.Fatalf("Count = %d, want %d", pw.Count(), len(ps))
	}
	return b.Bytes()
}

// partnerReadCSV parses an export with encoding/csv after checking the BOM
// and the header.
func partnerReadCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Fatalf("no UTF-8 BOM: %q", data[:min(len(data), 10)])
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.FieldsPerRecord = len(PartnerColumns)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("reading the export back: %v\n%q", err, data)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(PartnerColumns, ",") {
		t.Fatalf("header = %q", recs)
	}
	return recs[1:]
}

func TestPartnerCSVExactBytes(t *testing.T) {
	got := string(partnerExport(t, "csv", partnerShanghai, partnerFixture()...))
	want := "\uFEFF" +
		"handle,display_name,tier,followers,region,category,email,campaign,stage,partnered_at,slot_fee,currency,commission_pct,sample_sku,discount_code,discount_pct,profile_url\r\n" +
		"anna_1,Anna & Lee,head,1200000,US,Beauty,anna@example.com,Spring Launch,partnered,2025-03-14 17:26:53,1500.00,USD,12.5,,,,https://www.tiktok.com/@anna_1\r\n" +
		`xiao.mei,"'=HYPERLINK(""http://x"",""小美"")",micro,,CN,"美妆, 护肤",,春季,sample_shipped,,,,15,SKU-1,MEI15,15,https://www.tiktok.com/@xiao.mei` + "\r\n"
	if got != want {
		t.Errorf("CSV export\n got %q\nwant %q", got, want)
	}
}

func TestPartnerJSONExactBytes(t *testing.T) {
	got := string(partnerExport(t, "json", partnerShanghai, partnerFixture()...))
	want := "[\n" +
		`{"handle":"anna_1","display_name":"Anna & Lee","tier":"head","followers":1200000,"region":"US","category":"Beauty","email":"anna@example.com","campaign":"Spring Launch","stage":"partnered","partnered_at":"2025-03-14T09:26:53Z","slot_fee":"1500.00","currency":"USD","commission_pct":12.5,"sample_sku":"","discount_code":"","discount_pct":null,"profile_url":"https://www.tiktok.com/@anna_1"}` +
		",\n" +
		`{"handle":"xiao.mei","display_name":"=HYPERLINK(\"http://x\",\"小美\")","tier":"micro","followers":null,"region":"CN","category":"美妆, 护肤","email":"","campaign":"春季","stage":"sample_shipped","partnered_at":null,"slot_fee":null,"currency":"","commission_pct":15,"sample_sku":"SKU-1","discount_code":"MEI15","discount_pct":15,"profile_url":"https://www.tiktok.com/@xiao.mei"}` +
		"\n]\n"
	if got != want {
		t.Errorf("JSON export\n got %s\nwant %s", got, want)
	}
}

func TestPartnerEmptyExport(t *testing.T) {
	for _, tc := range []struct{ format, want string }{
		{"csv", "\uFEFF" + strings.Join(PartnerColumns, ",") + "\r\n"},
		{"json", "[]\n"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			got := string(partnerExport(t, tc.format, time.UTC))
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if tc.format == "json" {
				var v []map[string]any
				if err := json.Unmarshal([]byte(got), &v); err != nil || v == nil || len(v) != 0 {
					t.Errorf("empty JSON export does not decode to an empty array: %v %v", v, err)
				}
			}
		})
	}
}

func TestPartnerNeutralizeCell(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"equals", "=1+1", "'=1+1"},
		{"plus", "+1 555 0100", "'+1 555 0100"},
		{"minus", "-2+3", "'-2+3"},
		{"at", "@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"tab", "\t=1+1", "'\t=1+1"},
		{"carriage return", "\r=1+1", "'\r=1+1"},
		{"dde", `=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`},
		{"empty", "", ""},
		{"dash inside", "Ann-Marie", "Ann-Marie"},
		{"formula inside", "a=1+1", "a=1+1"},
		{"already quoted", "'=1", "'=1"},
		{"leading space", " =1", " =1"},
		{"leading newline", "\n=1", "\n=1"},
		{"cjk", "小美の店", "小美の店"},
		{"emoji", "🌸 Mei 🌸", "🌸 Mei 🌸"},
		{"quotes", `say "hi"`, `say "hi"`},
		{"escape sequence", "\x1b[31mRed\x1b[0m", "\x1b[31mRed\x1b[0m"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := neutralizeCell(tc.in); got != tc.want {
				t.Errorf("neutralizeCell(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestPartnerCSVCells writes awkward display names and checks both the raw
// bytes of the row and what a CSV reader gets back.
func TestPartnerCSVCells(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		raw     string // the display_name cell as written in the file
		readsAs string // the cell read back by encoding/csv
	}{
		{"equals", "=1+1", "'=1+1", "'=1+1"},
		{"plus", "+1", "'+1", "'+1"},
		{"minus", "-1", "'-1", "'-1"},
		{"at", "@x", "'@x", "'@x"},
		{"tab", "\t=1", "'\t=1", "'\t=1"},
		// encoding/csv with UseCRLF would drop a bare CR; it becomes a line break.
		{"carriage return", "\r=1", "\"'\r\n=1\"", "'\n=1"},
		{"safe dash", "Ann-Marie", "Ann-Marie", "Ann-Marie"},
		{"cjk", "小美", "小美", "小美"},
		{"emoji", "Mei🌸✨", "Mei🌸✨", "Mei🌸✨"},
		{"quotes", `Anna "Glow" Lee`, `"Anna ""Glow"" Lee"`, `Anna "Glow" Lee`},
		{"newline", "line1\nline2", "\"line1\r\nline2\"", "line1\nline2"},
		{"crlf", "line1\r\nline2", "\"line1\r\nline2\"", "line1\nline2"},
		{"comma", "Lee, Anna", `"Lee, Anna"`, "Lee, Anna"},
		{"leading space", " Anna", `" Anna"`, " Anna"},
		{"formula with quotes and comma", `=HYPERLINK("a","b")`, `"'=HYPERLINK(""a"",""b"")"`, `'=HYPERLINK("a","b")`},
		{"escape sequence", "\x1b[31mRed\x1b[0m", "\x1b[31mRed\x1b[0m", "\x1b[31mRed\x1b[0m"},
		{"escape sequence and comma", "\x1b]52;c;aGk=\x07,x", "\"\x1b]52;c;aGk=\x07,x\"", "\x1b]52;c;aGk=\x07,x"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := outreach.Partnership{Creator: outreach.Creator{Handle: "h1", DisplayName: tc.in}}
			data := partnerExport(t, "csv", time.UTC, p)
			wantRow := "h1," + tc.raw + ",,,,,,,,,,,,,,,https://www.tiktok.com/@h1\r\n"
			if row := string(data[bytes.Index(data, []byte("\r\n"))+2:]); row != wantRow {
				t.Errorf("row\n got %q\nwant %q", row, wantRow)
			}
			recs := partnerReadCSV(t, data)
			if len(recs) != 1 || recs[0][1] != tc.readsAs {
				t.Errorf("read back %q, want display_name %q", recs, tc.readsAs)
			}
		})
	}
}

// TestPartnerCSVRoundTrip puts a formula trigger in every text column and
// checks that each reads back as "'" + original, while numbers and fixed
// values are left alone.
func TestPartnerCSVRoundTrip(t *testing.T) {
	triggers := []string{"=", "+", "-", "@", "\t", "\r"}
	var ps []outreach.Partnership
	var originals [][]string
	for i, tr := range triggers {
		v := func(col string) string { return fmt.Sprintf("%s%s(%d),\"x\"\n-1", tr, col, i) }
		p := outreach.Partnership{
			Creator: outreach.Creator{
				Handle: v("h"), DisplayName: v("name"), Tier: outreach.Tier(v("tier")),
				Followers: partnerInt64(-5), Region: v("region"), Category: v("cat"), Email: v("mail"),
			},
			Campaign: v("campaign"),
			Stage:    outreach.Stage(v("stage")),
			Terms: outreach.Terms{
				SlotFee:      outreach.Money{Minor: -250, Currency: v("cur")},
				Commission:   -150,
				SampleSKU:    v("sku"),
				DiscountCode: v("code"),
				DiscountPct:  -10,
			},
		}
		ps = append(ps, p)
		originals = append(originals, []string{
			p.Handle, p.DisplayName, string(p.Tier), "", p.Region, p.Category, p.Email,
			p.Campaign, string(p.Stage), "", "", p.Terms.SlotFee.Currency, "",
			p.Terms.SampleSKU, p.Terms.DiscountCode, "", "",
		})
	}
	recs := partnerReadCSV(t, partnerExport(t, "csv", time.UTC, ps...))
	if len(recs) != len(ps) {
		t.Fatalf("read back %d rows, want %d", len(recs), len(ps))
	}
	numeric := map[int]string{3: "-5", 10: "-2.50", 12: "-1.5", 15: "-10"}
	for i, rec := range recs {
		for j, cell := range rec {
			col := PartnerColumns[j]
			switch {
			case col == "partnered_at":
				if cell != "" {
					t.Errorf("row %d %s = %q, want empty", i, col, cell)
				}
			case col == "profile_url":
				if !strings.HasPrefix(cell, "https://www.tiktok.com/@") {
					t.Errorf("row %d %s = %q", i, col, cell)
				}
			case numeric[j] != "":
				// Numbers are ours, never neutralised: Excel reads -5 as a number.
				if cell != numeric[j] {
					t.Errorf("row %d %s = %q, want %q", i, col, cell, numeric[j])
				}
			default:
				// A bare CR cannot survive CSV with CRLF line ends; it is
				// written as a line break.
				want := "'" + strings.ReplaceAll(originals[i][j], "\r", "\n")
				if cell != want {
					t.Errorf("row %d %s = %q, want %q", i, col, cell, want)
				}
			}
		}
	}
}

// partnerJSONRow mirrors the export's objects with pointers, so null and
// absent keys show.
type partnerJSONRow struct {
	Handle        *string      `json:"handle"`
	DisplayName   *string      `json:"display_name"`
	Tier          *string      `json:"tier"`
	Followers     *int64       `json:"followers"`
	Region        *string      `json:"region"`
	Category      *string      `json:"category"`
	Email         *string      `json:"email"`
	Campaign      *string      `json:"campaign"`
	Stage         *string      `json:"stage"`
	PartneredAt   *time.Time   `json:"partnered_at"`
	SlotFee       *string      `json:"slot_fee"`
	Currency      *string      `json:"currency"`
	CommissionPct *json.Number `json:"commission_pct"`
	SampleSKU     *string      `json:"sample_sku"`
	DiscountCode  *string      `json:"discount_code"`
	DiscountPct   *json.Number `json:"discount_pct"`
	ProfileURL    *string      `json:"profile_url"`
}

func partnerStr(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func TestPartnerJSONParseBack(t *testing.T) {
	ps := partnerFixture()
	ps = append(ps, outreach.Partnership{
		Creator: outreach.Creator{
			Handle: "esc", DisplayName: "\x1b[31m<b>Red</b>\u202e\r\n", Followers: partnerInt64(0),
			Email: "a+b@example.com",
		},
		PartneredAt: time.Date(2025, 1, 2, 3, 4, 5, 600_000_000, partnerShanghai),
		Terms:       outreach.Terms{SlotFee: outreach.Money{Minor: 5000, Currency: "JPY"}, Commission: 5, DiscountPct: 50},
	})
	data := partnerExport(t, "json", partnerShanghai, ps...)

	// The keys come in PartnerColumns order.
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw []json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	for i, obj := range raw {
		keys := partnerJSONKeys(t, obj)
		if strings.Join(keys, ",") != strings.Join(PartnerColumns, ",") {
			t.Errorf("object %d keys = %v", i, keys)
		}
	}

	var rows []partnerJSONRow
	dec = json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(ps) {
		t.Fatalf("decoded %d rows, want %d", len(rows), len(ps))
	}
	for i, p := range ps {
		r := rows[i]
		strs := []struct {
			col       string
			got, want string
		}{
			{"handle", partnerStr(r.Handle), p.Handle},
			{"display_name", partnerStr(r.DisplayName), p.DisplayName},
			{"tier", partnerStr(r.Tier), string(p.Tier)},
			{"region", partnerStr(r.Region), p.Region},
			{"category", partnerStr(r.Category), p.Category},
			{"email", partnerStr(r.Email), p.Email},
			{"campaign", partnerStr(r.Campaign), p.Campaign},
			{"stage", partnerStr(r.Stage), string(p.Stage)},
			{"currency", partnerStr(r.Currency), p.Terms.SlotFee.Currency},
			{"sample_sku", partnerStr(r.SampleSKU), p.Terms.SampleSKU},
			{"discount_code", partnerStr(r.DiscountCode), p.Terms.DiscountCode},
			{"profile_url", partnerStr(r.ProfileURL), p.ProfileURL()},
		}
		for _, s := range strs {
			if s.got != s.want {
				t.Errorf("row %d %s = %q, want %q", i, s.col, s.got, s.want)
			}
		}
		if (r.Followers == nil) != (p.Followers == nil) || (r.Followers != nil && *r.Followers != *p.Followers) {
			t.Errorf("row %d followers = %v, want %v", i, r.Followers, p.Followers)
		}
		if p.PartneredAt.IsZero() {
			if r.PartneredAt != nil {
				t.Errorf("row %d partnered_at = %v, want null", i, r.PartneredAt)
			}
		} else if r.PartneredAt == nil || !r.PartneredAt.Equal(p.PartneredAt) || r.PartneredAt.Location() != time.UTC {
			t.Errorf("row %d partnered_at = %v, want %v in UTC", i, r.PartneredAt, p.PartneredAt)
		}
		if p.Terms.SlotFee == (outreach.Money{}) {
			if r.SlotFee != nil {
				t.Errorf("row %d slot_fee = %q, want null", i, *r.SlotFee)
			}
		} else if got, err := outreach.ParseMoney(partnerStr(r.SlotFee), partnerStr(r.Currency)); err != nil || got != p.Terms.SlotFee {
			t.Errorf("row %d slot_fee = %q %q → %v %v, want %v", i, partnerStr(r.SlotFee), partnerStr(r.Currency), got, err, p.Terms.SlotFee)
		}
		partnerCheckPct(t, fmt.Sprintf("row %d commission_pct", i), r.CommissionPct, p.Terms.Commission)
		partnerCheckPct(t, fmt.Sprintf("row %d discount_pct", i), r.DiscountPct, outreach.BasisPoints(p.Terms.DiscountPct*100))
	}
	if !bytes.Contains(data, []byte("<b>Red</b>")) || !bytes.Contains(data, []byte("Anna & Lee")) {
		t.Errorf("HTML characters were escaped: %s", data)
	}
}

// partnerCheckPct checks a percentage number against a rate, null for zero.
func partnerCheckPct(t *testing.T, what string, got *json.Number, want outreach.BasisPoints) {
	t.Helper()
	if want == 0 {
		if got != nil {
			t.Errorf("%s = %s, want null", what, *got)
		}
		return
	}
	if got == nil {
		t.Errorf("%s = null, want %s", what, want.Percent())
		return
	}
	if _, err := got.Float64(); err != nil {
		t.Errorf("%s = %s is not a number", what, *got)
	}
	if bp, err := outreach.ParseRate(got.String() + "%"); err != nil || bp != want {
		t.Errorf("%s = %s (%v %v), want %s", what, *got, bp, err, want.Percent())
	}
}

// partnerJSONKeys lists an object's keys in document order.
func partnerJSONKeys(t *testing.T, obj []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", obj)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestPartnerOptionalFields(t *testing.T) {
	tests := []struct {
		name string
		p    outreach.Partnership
		csv  string // the row after the header
		json string // the object
	}{
		{
			"all unset",
			outreach.Partnership{Creator: outreach.Creator{Handle: "h1"}},
			"h1,,,,,,,,,,,,,,,,https://www.tiktok.com/@h1\r\n",
			`{"handle":"h1","display_name":"","tier":"","followers":null,"region":"","category":"","email":"","campaign":"","stage":"","partnered_at":null,"slot_fee":null,"currency":"","commission_pct":null,"sample_sku":"","discount_code":"","discount_pct":null,"profile_url":"https://www.tiktok.com/@h1"}`,
		},
		{
			"zero followers and zero fee in a currency",
			outreach.Partnership{
				Creator: outreach.Creator{Handle: "h2", Followers: partnerInt64(0)},
				Terms:   outreach.Terms{SlotFee: outreach.Money{Currency: "USD"}},
			},
			"h2,,,0,,,,,,,0.00,USD,,,,,https://www.tiktok.com/@h2\r\n",
			`{"handle":"h2","display_name":"","tier":"","followers":0,"region":"","category":"","email":"","campaign":"","stage":"","partnered_at":null,"slot_fee":"0.00","currency":"USD","commission_pct":null,"sample_sku":"","discount_code":"","discount_pct":null,"profile_url":"https://www.tiktok.com/@h2"}`,
		},
		{
			"currencies without cents and with three decimals, a fine rate",
			outreach.Partnership{
				Creator: outreach.Creator{Handle: "h3"},
				Terms:   outreach.Terms{SlotFee: outreach.Money{Minor: 1234567, Currency: "JPY"}, Commission: 5},
			},
			"h3,,,,,,,,,,1234567,JPY,0.05,,,,https://www.tiktok.com/@h3\r\n",
			`{"handle":"h3","display_name":"","tier":"","followers":null,"region":"","category":"","email":"","campaign":"","stage":"","partnered_at":null,"slot_fee":"1234567","currency":"JPY","commission_pct":0.05,"sample_sku":"","discount_code":"","discount_pct":null,"profile_url":"https://www.tiktok.com/@h3"}`,
		},
		{
			"three-decimal currency, time with fraction",
			outreach.Partnership{
				Creator:     outreach.Creator{Handle: "h4"},
				PartneredAt: time.Date(2024, 12, 31, 23, 59, 59, 500_000_000, time.UTC),
				Terms:       outreach.Terms{SlotFee: outreach.Money{Minor: 1005, Currency: "KWD"}, Commission: 8000},
			},
			"h4,,,,,,,,,2025-01-01 07:59:59,1.005,KWD,80,,,,https://www.tiktok.com/@h4\r\n",
			`{"handle":"h4","display_name":"","tier":"","followers":null,"region":"","category":"","email":"","campaign":"","stage":"","partnered_at":"2024-12-31T23:59:59.5Z","slot_fee":"1.005","currency":"KWD","commission_pct":80,"sample_sku":"","discount_code":"","discount_pct":null,"profile_url":"https://www.tiktok.com/@h4"}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := string(partnerExport(t, "csv", partnerShanghai, tc.p))
			if row := data[strings.Index(data, "\r\n")+2:]; row != tc.csv {
				t.Errorf("CSV row\n got %q\nwant %q", row, tc.csv)
			}
			want := "[\n" + tc.json + "\n]\n"
			if got := string(partnerExport(t, "json", partnerShanghai, tc.p)); got != want {
				t.Errorf("JSON\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestPartnerPercentMatchesDomain(t *testing.T) {
	for bp := outreach.BasisPoints(0); bp <= 10000; bp++ {
		if got, want := partnerPercent(int64(bp)), bp.Percent(); got != want {
			t.Fatalf("partnerPercent(%d) = %q, BasisPoints.Percent = %q", bp, got, want)
		}
	}
	for bp, want := range map[int64]string{-50: "-0.5", -150: "-1.5", -1000: "-10", -2147483648: "-21474836.48"} {
		if got := partnerPercent(bp); got != want {
			t.Errorf("partnerPercent(%d) = %q, want %q", bp, got, want)
		}
	}
}

func TestPartnerTimeZone(t *testing.T) {
	p := outreach.Partnership{
		Creator:     outreach.Creator{Handle: "h1"},
		PartneredAt: time.Date(2025, 6, 30, 20, 0, 0, 0, time.UTC),
	}
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{
		{time.UTC, "2025-06-30 20:00:00"},
		{partnerShanghai, "2025-07-01 04:00:00"},
		{time.FixedZone("PDT", -7*3600), "2025-06-30 13:00:00"},
		{nil, p.PartneredAt.In(time.Local).Format("2006-01-02 15:04:05")},
	} {
		recs := partnerReadCSV(t, partnerExport(t, "csv", tc.loc, p))
		if got := recs[0][9]; got != tc.want {
			t.Errorf("loc %v: partnered_at = %q, want %q", tc.loc, got, tc.want)
		}
	}
}

func TestNewPartnerWriterFormats(t *testing.T) {
	for _, f := range []string{"csv", "json", "CSV", " json "} {
		if _, err := NewPartnerWriter(io.Discard, f, time.UTC); err != nil {
			t.Errorf("format %q: %v", f, err)
		}
	}
	for _, f := range []string{"", "xlsx", "tsv", "jsonl"} {
		_, err := NewPartnerWriter(io.Discard, f, time.UTC)
		if err == nil || !strings.Contains(err.Error(), "csv") || !strings.Contains(err.Error(), "json") {
			t.Errorf("format %q: error %v should name csv and json", f, err)
		}
	}
	if _, err := NewPartnerWriter(nil, "csv", time.UTC); err == nil {
		t.Error("nil destination accepted")
	}
}

func TestPartnerWriteAfterClose(t *testing.T) {
	for _, f := range []string{"csv", "json"} {
		var b bytes.Buffer
		pw, _ := NewPartnerWriter(&b, f, time.UTC)
		if err := pw.Close(); err != nil {
			t.Fatal(err)
		}
		n := b.Len()
		if err := pw.Write(partnerFixture()[0]); err == nil {
			t.Errorf("%s: Write after Close succeeded", f)
		}
		if err := pw.Close(); err != nil {
			t.Errorf("%s: second Close: %v", f, err)
		}
		if b.Len() != n || pw.Count() != 0 {
			t.Errorf("%s: output changed after Close", f)
		}
	}
}

var errPartnerBoom = errors.New("disk full")

// partnerFailWriter accepts limit bytes, then fails every write.
type partnerFailWriter struct {
	limit, n, calls int
}

func (w *partnerFailWriter) Write(p []byte) (int, error) {
	w.calls++
	if w.n+len(p) > w.limit {
		k := max(w.limit-w.n, 0)
		w.n += k
		return k, errPartnerBoom
	}
	w.n += len(p)
	return len(p), nil
}

func TestPartnerWriterFails(t *testing.T) {
	for _, f := range []string{"csv", "json"} {
		for _, tc := range []struct {
			name        string
			limit, rows int
		}{
			{"at once, empty export", 0, 0},
			{"at once, few rows", 0, 3},
			{"midway", 100_000, 5_000},
		} {
			t.Run(f+"/"+tc.name, func(t *testing.T) {
				w := &partnerFailWriter{limit: tc.limit}
				pw, err := NewPartnerWriter(w, f, time.UTC)
				if err != nil {
					t.Fatal(err)
				}
				var first error
				p := partnerFixture()[1]
				for i := 0; i < tc.rows; i++ {
					if err := pw.Write(p); err != nil {
						if first == nil {
							first = err
							if pw.Count() > i {
								t.Errorf("Count %d includes the failed row %d", pw.Count(), i)
							}
						} else if err != first {
							t.Errorf("row %d: error %v, want the first error %v again", i, err, first)
						}
					}
				}
				if tc.rows > partnerFlushEvery && first == nil {
					t.Error("a failing destination went unnoticed for a whole export")
				}
				calls := w.calls
				err = pw.Close()
				if !errors.Is(err, errPartnerBoom) {
					t.Fatalf("Close = %v, want %v", err, errPartnerBoom)
				}
				if first != nil && err != first {
					t.Errorf("Close = %v, want the first error %v", err, first)
				}
				if first != nil && w.calls != calls {
					t.Errorf("Close wrote again after a failure")
				}
				if err2 := pw.Close(); err2 != err {
					t.Errorf("second Close = %v, want %v", err2, err)
				}
			})
		}
	}
}

// partnerCountingWriter counts bytes and writes.
type partnerCountingWriter struct{ n, calls int }

func (w *partnerCountingWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	w.calls++
	return len(p), nil
}

// TestPartnerStreams checks that rows reach the destination as they are
// written, in bounded pieces, rather than all at Close.
func TestPartnerStreams(t *testing.T) {
	for _, f := range []string{"csv", "json"} {
		w := &partnerCountingWriter{}
		pw, _ := NewPartnerWriter(w, f, time.UTC)
		p := partnerFixture()[0]
		const rows = 20_000
		for i := 0; i < rows; i++ {
			if err := pw.Write(p); err != nil {
				t.Fatal(err)
			}
			if i == 2*partnerFlushEvery && w.n == 0 {
				t.Fatalf("%s: nothing written after %d rows", f, i)
			}
		}
		before := w.n
		if err := pw.Close(); err != nil {
			t.Fatal(err)
		}
		if pending := w.n - before; pending > partnerBufSize {
			t.Errorf("%s: %d bytes were still held at Close", f, pending)
		}
		if w.calls < rows/partnerFlushEvery {
			t.Errorf("%s: only %d writes for %d rows", f, w.calls, rows)
		}
		if pw.Count() != rows {
			t.Errorf("%s: Count = %d", f, pw.Count())
		}
	}
}

// TestPartnerFlushesSmallRows checks the periodic flush: rows far smaller
// than the buffer still reach the destination, and a failing destination is
// noticed by Write, within partnerFlushEvery rows.
func TestPartnerFlushesSmallRows(t *testing.T) {
	p := outreach.Partnership{Creator: outreach.Creator{Handle: "h1"}}
	for _, f := range []string{"csv", "json"} {
		w := &partnerCountingWriter{}
		pw, _ := NewPartnerWriter(w, f, time.UTC)
		for i := 0; i < partnerFlushEvery; i++ {
			if err := pw.Write(p); err != nil {
				t.Fatal(err)
			}
		}
		if w.n == 0 {
			t.Errorf("%s: nothing reached the destination after %d rows", f, partnerFlushEvery)
		}

		pw, _ = NewPartnerWriter(&partnerFailWriter{}, f, time.UTC)
		var err error
		for i := 0; i < partnerFlushEvery && err == nil; i++ {
			err = pw.Write(p)
		}
		if !errors.Is(err, errPartnerBoom) {
			t.Errorf("%s: Write = %v after %d rows to a failing destination, want %v", f, err, partnerFlushEvery, errPartnerBoom)
		}
	}
}

// An export knows its own earlier files, full or empty, CSV or JSON, from
// their first bytes, and nothing else.
func TestIsPartnerExport(t *testing.T) {
	for _, format := range []string{"csv", "json"} {
		for _, ps := range [][]outreach.Partnership{nil, partnerFixture()} {
			data := partnerExport(t, format, time.UTC, ps...)
			if !IsPartnerExport(data) || !IsPartnerExport(data[:min(len(data), 512)]) {
				t.Errorf("%s export of %d rows not recognised: %q", format, len(ps), data[:min(len(data), 80)])
			}
		}
	}
	for _, other := range []string{
		"", "SQLite format 3\x00...", "handle,display_name\r\n", "[]", "[\n{\"name\":1}\n]\n", "[]\nmore",
		strings.Join(PartnerColumns, ",") + "\r\n", // no BOM: not ours
		"\uFEFF" + strings.Join(PartnerColumns[:5], ",") + "\r\n",
	} {
		if IsPartnerExport([]byte(other)) {
			t.Errorf("%q taken for an export", other)
		}
	}
}
