package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"creatordesk/outreach"
)

const fixtureDir = "../../testdata/csv"

// formatRow writes every field of a row that is set, so a test compares a
// whole row in one line: nil metrics are left out, zero ones are printed.
func formatRow(row outreach.CreatorRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d @%s", row.Line, row.Handle)
	add := func(k string, v any) { fmt.Fprintf(&b, " %s=%v", k, v) }
	quoted := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, " %s=%q", k, v)
		}
	}
	quoted("name", row.DisplayName)
	if row.Followers != nil {
		add("followers", *row.Followers)
	}
	if row.AvgViews != nil {
		add("views", *row.AvgViews)
	}
	if row.Engagement != nil {
		add("er", fmt.Sprintf("%dbp", *row.Engagement))
	}
	if row.GMV30 != nil {
		add("gmv", fmt.Sprintf("%s:%d", row.GMV30.Currency, row.GMV30.Minor))
	}
	if row.Region != "" {
		add("region", row.Region)
	}
	quoted("category", row.Category)
	if row.Email != "" {
		add("email", row.Email)
	}
	quoted("phone", row.Phone)
	if row.Stage != "" {
		add("stage", row.Stage)
	}
	if row.Tier != "" || row.TierManual {
		add("tier", fmt.Sprintf("%s(manual=%v)", row.Tier, row.TierManual))
	}
	if row.Tags != nil {
		add("tags", strings.Join(row.Tags, "|"))
	}
	quoted("notes", row.Notes)
	quoted("campaign", row.Campaign)
	if !row.PartneredAt.IsZero() {
		add("partnered", row.PartneredAt.UTC().Format(time.RFC3339))
	}
	if tm := row.Terms; !tm.IsZero() {
		add("terms", fmt.Sprintf("fee=%s:%d com=%dbp sku=%q code=%q off=%d%%",
			tm.SlotFee.Currency, tm.SlotFee.Minor, tm.Commission, tm.SampleSKU, tm.DiscountCode, tm.DiscountPct))
	}
	// Fields a file never sets.
	c := row.Creator
	if c.ID != 0 || c.DoNotContact || c.DNCReason != "" || !c.DNCAt.IsZero() || !c.CreatedAt.IsZero() ||
		!c.UpdatedAt.IsZero() || !c.LastContactAt.IsZero() {
		b.WriteString(" UNEXPECTED-FIELDS")
	}
	return b.String()
}

// readAll reads every row, writing rows with formatRow and errors as
// "ERR <error>"; it stops at io.EOF or a fatal error.
func readAll(t testing.TB, r *CreatorReader) []string {
	t.Helper()
	var out []string
	for i := 0; ; i++ {
		if i > 100000 {
			t.Fatal("reader does not stop")
		}
		row, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, "ERR "+err.Error())
			var re *RowError
			if errors.As(err, &re) {
				continue
			}
			return out
		}
		out = append(out, formatRow(row))
	}
}

func openFixture(t *testing.T, name string, opt Options) *CreatorReader {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := NewCreatorReader(f, name, opt)
	if err != nil {
		t.Fatalf("NewCreatorReader: %v", err)
	}
	return r
}

func newReader(t *testing.T, data string) *CreatorReader {
	t.Helper()
	r, err := NewCreatorReader(strings.NewReader(data), "f.csv", Options{})
	if err != nil {
		t.Fatalf("NewCreatorReader: %v", err)
	}
	return r
}

func checkLines(t *testing.T, got, want []string) {
	t.Helper()
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("line %d:\n got: %s\nwant: %s", i, g, w)
		}
	}
}

func TestFixtures(t *testing.T) {
	long := strings.Repeat("Nombre ", 28) + "Largo"
	tests := []struct {
		file     string
		opt      Options
		encoding string
		fields   []string
		ignored  []string
		want     []string
	}{
		{
			file:     "kalodata_en.csv",
			encoding: "utf-8",
			fields:   []string{"handle", "display_name", "followers", "gmv", "avg_views", "engagement", "region", "category", "email", "url"},
			ignored:  []string{"Creator ID"},
			want: []string{
				`2 @anna_1 name="Anna 🌸" followers=1200000 views=85300 er=452bp gmv=USD:4521050 region=US category="Beauty & Personal Care" email=anna@example.com`,
				`3 @glowwithmia name="Mia | Skincare, Daily" followers=15000 views=3100 er=610bp gmv=USD:120000 region=US category="Beauty & Personal Care"`,
				`4 @chef.leo name="Chef Leo" followers=830400 views=120000 er=780bp gmv=USD:0 region=GB category="Food & Beverage" email=leo.cooks@example.co.uk`,
				`5 @tech.tom name="Tom Reviews" followers=2050000 views=410000 er=230bp gmv=USD:115000000 region=US category="Phones & Electronics"`,
				`6 @fitbyjess name="Jess 💪" followers=98700 region=CA category="Sports & Outdoor"`,
				`7 @nailsbykim name="Nails by Kim" followers=45600 views=12000 er=500bp gmv=USD:340000 region=PH category="Beauty & Personal Care" email=kim@nails.ph`,
				`8 @home.with.hana name="Hana 🏡" followers=310000 views=56200 er=305bp gmv=USD:9876000 region=GB category="Home Supplies"`,
			},
		},
		{
			// The header's "($)" beats the default currency.
			file:     "kalodata_en.csv",
			opt:      Options{DefaultCurrency: "eur"},
			encoding: "utf-8",
			fields:   []string{"handle", "display_name", "followers", "gmv", "avg_views", "engagement", "region", "category", "email", "url"},
			ignored:  []string{"Creator ID"},
			want: []string{
				`2 @anna_1 name="Anna 🌸" followers=1200000 views=85300 er=452bp gmv=USD:4521050 region=US category="Beauty & Personal Care" email=anna@example.com`,
				`3 @glowwithmia name="Mia | Skincare, Daily" followers=15000 views=3100 er=610bp gmv=USD:120000 region=US category="Beauty & Personal Care"`,
				`4 @chef.leo name="Chef Leo" followers=830400 views=120000 er=780bp gmv=USD:0 region=GB category="Food & Beverage" email=leo.cooks@example.co.uk`,
				`5 @tech.tom name="Tom Reviews" followers=2050000 views=410000 er=230bp gmv=USD:115000000 region=US category="Phones & Electronics"`,
				`6 @fitbyjess name="Jess 💪" followers=98700 region=CA category="Sports & Outdoor"`,
				`7 @nailsbykim name="Nails by Kim" followers=45600 views=12000 er=500bp gmv=USD:340000 region=PH category="Beauty & Personal Care" email=kim@nails.ph`,
				`8 @home.with.hana name="Hana 🏡" followers=310000 views=56200 er=305bp gmv=USD:9876000 region=GB category="Home Supplies"`,
			},
		},
		{
			file:     "fastmoss_gbk.csv",
			encoding: "gb18030",
			fields:   []string{"handle", "display_name", "followers", "region", "category", "gmv", "avg_views", "engagement", "email"},
			want: []string{
				`2 @meimei.beauty name="美美爱化妆" followers=125000 views=86000 er=520bp gmv=USD:12300000 region=US category="美妆个护" email=meimei@163.com`,
				`3 @lily_home name="莉莉的家" followers=32000 views=11000 er=380bp gmv=USD:865000 region=GB category="家居日用"`,
				`4 @topstar.official name="顶流星星" followers=160000000 views=23500000 er=110bp gmv=USD:12000000000 region=US category="时尚配饰" email=biz@topstar.com`,
				`5 @nana.eats name="娜娜吃遍东南亚" followers=8600000 views=1200000 er=640bp region=MY category="食品饮料"`,
				`6 @kaixin_3c name="开心数码" followers=458000 views=150000 er=290bp gmv=USD:5600000 region=TH category="3C数码" email=kaixin3c@qq.com`,
				`7 @xiaoyu.vn name="小鱼在越南" followers=9800 views=5200 er=810bp gmv=USD:98000 region=VN category="美妆个护"`,
			},
		},
		{
			file:     "tracker_semicolon_bom.csv",
			encoding: "utf-8 (BOM)",
			fields:   []string{"handle", "display_name", "followers", "region", "email", "phone", "stage", "tier", "tags", "notes", "gmv", "currency"},
			want: []string{
				`2 @lucia.style name="Lucía Fernández" followers=12500 gmv=EUR:120050 region=ES email=Lucia@gmail.com phone="+34 612 345 678" stage=invited tier=micro(manual=true) tags=moda|summer24|vegan notes="first contact via DM"`,
				`3 @marco_cucina name="Marco 🍝" followers=1250000 region=IT email=marco@cucina.it phone="+39 333 123 4567" stage=sample_shipped tier=head(manual=true) tags=food|italy notes="=sample sent 12/05"`,
				`4 @sophie.paris name="@sophie" followers=98000 gmv=EUR:35000 region=FR stage=replied tier=micro(manual=true) notes="-10% code ok"`,
				`5 @hans.techt name="Hans" followers=45000 gmv=EUR:230000 region=DE email=hans@techt.de stage=partnered tier=head(manual=true) tags=tech notes="needs invoice; \"Rechnung\" in German"`,
				`6 @emma_nl name="Emma" region=NL stage=declined notes="+ follow up in Q3"`,
				`7 @jan.fit name="Jan" followers=8700 region=PL phone="WA: +48 601 234 567" stage=no_response tags=fitness`,
			},
		},
		{
			file:     "ragged_quoted.csv",
			encoding: "utf-8",
			fields:   []string{"handle", "display_name", "followers", "notes", "email"},
			want: []string{
				`2 @ann.a name="Ann, the \"Glow\" Girl" followers=12000 email=ann@example.com notes="loves serums, hates \"dupes\""`,
				`3 @bo_b name="Bob\nBuilder" followers=3400 notes="line one\nline two\nline three"`,
				`7 @cara`,
				`8 @dee.dee name="Dee"`,
				`9 @eve_ name="Eve" followers=1500 email=eve@example.com notes="quoted, with comma"`,
				`10 @fay name="Fay"`,
				`ERR ragged_quoted.csv:11: row: 7 fields, the header has 5`,
				`ERR ragged_quoted.csv:14: handle: "hal\"o": '"' is not allowed at position 4 (only letters, digits, _ and .)`,
				`15 @ivy name="Ivy \"Quotes\" Lee" notes="\"  spaced  \""`,
				`16 @kay name="Kay 5'2\" tall" followers=900 notes="windows\nline end"`,
				`18 @lee name="Lee" followers=1000 email=lee@example.com`,
			},
		},
		{
			file:     "duplicates.csv",
			encoding: "utf-8",
			fields:   []string{"handle", "display_name", "followers"},
			want: []string{
				`2 @anna_1 name="Anna" followers=1200000`,
				`3 @anna_1 name="Anna (old list)" followers=1100000`,
				`4 @anna_1 name="Anna fullwidth at"`,
				`5 @anna_1 name="Anna fullwidth"`,
				`6 @anna_1 name="Anna via URL"`,
				`7 @anna_1 name="Anna caps" followers=1200000`,
				`8 @bob.builder name="Bob" followers=500`,
				`9 @bob.builder name="Bob again"`,
				`10 @bob.builder name="Bob spaced"`,
				`11 @bob.builder name="Bob quoted" followers=501`,
			},
		},
		{
			file:     "bad_rows.csv",
			encoding: "utf-8",
			fields:   []string{"handle", "display_name", "followers", "avg_views", "engagement", "gmv", "region", "email", "phone", "stage", "tier", "url"},
			want: []string{
				`2 @good.one name="Good One" followers=10000 views=1000 er=500bp gmv=USD:10000 region=US email=good@example.com phone="+1 555 123 4567" stage=invited tier=micro(manual=true)`,
				`ERR bad_rows.csv:3: followers: "-5" is negative`,
				`ERR bad_rows.csv:4: followers: "abc" is not a number`,
				`ERR bad_rows.csv:5: followers: "1.2.3": more than one decimal point`,
				`ERR bad_rows.csv:6: email: "not-an-email" is not an email address`,
				`ERR bad_rows.csv:7: email: "anna@localhost" is not an email address`,
				`ERR bad_rows.csv:8: handle: "anna smith": ' ' is not allowed at position 5 (only letters, digits, _ and .)`,
				`ERR bad_rows.csv:9: handle: "a_very_long_handle_that_exceeds_30": 34 characters, must be 2–30`,
				`ERR bad_rows.csv:10: handle: "x": 1 characters, must be 2–30`,
				`ERR bad_rows.csv:11: handle: "安娜": '安' is not allowed at position 1 (only letters, digits, _ and .)`,
				`ERR bad_rows.csv:12: row: 13 fields, the header has 12`,
				`ERR bad_rows.csv:13: followers: "10-100" is a range, not a count`,
				`ERR bad_rows.csv:14: avg_views: "lots" is not a number`,
				`ERR bad_rows.csv:15: engagement: "12,5%" is not a rate`,
				`ERR bad_rows.csv:16: gmv: "$1.2.3" is not an amount`,
				`ERR bad_rows.csv:17: region: "Narnia" is not a country (use a 2-letter code such as US or VN)`,
				`ERR bad_rows.csv:18: phone: "12345" is not a phone number (5 digits)`,
				`ERR bad_rows.csv:19: stage: "maybe" is not a stage (one of prospect, invited, replied, negotiating, partnered, sample_shipped, sample_delivered, content_posted, declined, no_response, do_not_contact)`,
				`ERR bad_rows.csv:20: tier: "mega" is not a tier (head or micro)`,
				`ERR bad_rows.csv:21: url: "https://www.tiktok.com/@someone_else" is the profile of @someone_else, not of @url.mismatch`,
				`ERR bad_rows.csv:22: url: "https://instagram.com/nohandle": not a tiktok.com URL`,
				`ERR bad_rows.csv:23: handle: blank, and so is the profile URL`,
				`ERR bad_rows.csv:24: display_name: 201 characters, the limit is 200`,
				`25 @last.good name="Last" followers=2500 er=50bp gmv=USD:100025 region=VN email=last@example.com stage=sample_delivered tier=head(manual=true)`,
			},
		},
		{
			file:     "spanish_vietnamese.csv",
			encoding: "utf-8",
			fields:   []string{"handle", "display_name", "followers", "region", "category", "email", "phone", "avg_views", "engagement", "gmv", "currency", "stage", "notes"},
			want: []string{
				`2 @maria.moda name="María Moda" followers=125000 views=45000 er=620bp gmv=MXN:500000 region=MX category="Moda" email=maria@moda.mx phone="+52 55 1234 5678" stage=invited notes="colaboración en julio"`,
				`3 @carlos_tech name="Carlos" followers=1100000 er=340bp gmv=EUR:230000 region=ES category="Tecnología" stage=replied`,
				`4 @linh.beauty name="Linh Nguyễn" followers=89500 views=21000 er=750bp gmv=VND:12500000 region=VN category="Làm đẹp" email=linh@gmail.com phone="0912 345 678" stage=invited notes="Đã gửi mẫu"`,
				`5 @minh_food name="Minh Ăn Gì" followers=560000 views=150000 er=410bp region=TH category="Ẩm thực" phone="+84 90 123 4567"`,
				`6 @sofia.fit name="Sofía" followers=23400 gmv=USD:45000 region=US category="Fitness" email=sofia@fit.com stage=negotiating`,
			},
		},
		{
			file:     "utf16_tab.txt",
			encoding: "utf-16le",
			fields:   []string{"handle", "display_name", "followers", "region", "category", "notes"},
			want: []string{
				`2 @mei.ling name="美玲 Mei" followers=256000 region=SG category="美妆" notes="喜欢韩系"`,
				`3 @tran.thu name="Thu Trần 🌺" followers=1300000 region=VN category="Thời trang" notes="note with \"quotes\" inside"`,
				`4 @somchai_th name="สมชาย" followers=88000 region=TH category="อาหาร" notes="two\nlines"`,
				`6 @kim.lee name="Kim\tLee" followers=4200 region=KR`,
			},
		},
	}
	if n := len([]rune(long)); n != 201 {
		t.Fatalf("long name is %d runes", n)
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := openFixture(t, tt.file, tt.opt)
			if got := r.Encoding(); got != tt.encoding {
				t.Errorf("Encoding() = %q, want %q", got, tt.encoding)
			}
			if got := r.Fields(); !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("Fields() = %q\nwant %q", got, tt.fields)
			}
			if got := r.Ignored(); !reflect.DeepEqual(got, tt.ignored) {
				t.Errorf("Ignored() = %q, want %q", got, tt.ignored)
			}
			if r.HeaderLine() != 1 {
				t.Errorf("HeaderLine() = %d", r.HeaderLine())
			}
			checkLines(t, readAll(t, r), tt.want)
		})
	}
}

// Every fixture is listed in the README, and every file there is tested.
func TestFixtureREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(fixtureDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "*"))
	for _, f := range files {
		if b := filepath.Base(f); b != "README.md" && !bytes.Contains(readme, []byte("`"+b+"`")) {
			t.Errorf("%s is not described in README.md", b)
		}
	}
}

func TestHeaderMatching(t *testing.T) {
	tests := []struct {
		cell string
		want creatorColumn
	}{
		{"handle", creatorColumn{field: "handle"}},
		{" Handle ", creatorColumn{field: "handle"}},
		{"\ufeffHandle", creatorColumn{field: "handle"}},
		{"Ｈａｎｄｌｅ", creatorColumn{field: "handle"}},
		{"User Name", creatorColumn{field: "handle"}},
		{"user_name", creatorColumn{field: "handle"}},
		{"Creator Username", creatorColumn{field: "handle"}},
		{"TikTok ID", creatorColumn{field: "handle"}},
		{"uniqueId", creatorColumn{field: "handle"}},
		{"Creator", creatorColumn{field: "handle", weak: true}},
		{"达人账号", creatorColumn{field: "handle"}},
		{"TikTok号", creatorColumn{field: "handle"}},
		{"帳號", creatorColumn{field: "handle"}},
		{"达人", creatorColumn{field: "handle", weak: true}},
		{"Nombre de usuario", creatorColumn{field: "handle"}},
		{"Tên người dùng", creatorColumn{field: "handle"}},
		{"Ten nguoi dung", creatorColumn{field: "handle"}},
		{"Te\u0302n ngu\u031bo\u031b\u0300i du\u0300ng", creatorColumn{field: "handle"}}, // decomposed
		{"Tài khoản", creatorColumn{field: "handle"}},
		{"Nickname", creatorColumn{field: "display_name"}},
		{"Name", creatorColumn{field: "display_name", weak: true}},
		{"达人昵称", creatorColumn{field: "display_name"}},
		{"暱稱", creatorColumn{field: "display_name"}},
		{"Apodo", creatorColumn{field: "display_name"}},
		{"Biệt danh", creatorColumn{field: "display_name"}},
		{"Follower Count", creatorColumn{field: "followers"}},
		{"follower_count", creatorColumn{field: "followers"}},
		{"FOLLOWER-COUNT", creatorColumn{field: "followers"}},
		{" 粉丝数 ", creatorColumn{field: "followers"}},
		{"粉絲數", creatorColumn{field: "followers"}},
		{"Seguidores", creatorColumn{field: "followers"}},
		{"Người theo dõi", creatorColumn{field: "followers"}},
		{"粉丝数(万)", creatorColumn{field: "followers", exp: 4}},
		{"粉丝数（万）", creatorColumn{field: "followers", exp: 4}},
		{"Followers (K)", creatorColumn{field: "followers", exp: 3}},
		{"Followers [M]", creatorColumn{field: "followers", exp: 6}},
		{"Followers (total)", creatorColumn{field: "followers"}},
		{"Country/Region", creatorColumn{field: "region"}},
		{"国家/地区", creatorColumn{field: "region"}},
		{"País", creatorColumn{field: "region"}},
		{"pais", creatorColumn{field: "region"}},
		{"Quốc gia", creatorColumn{field: "region"}},
		{"Categoría", creatorColumn{field: "category"}},
		{"带货类目", creatorColumn{field: "category"}},
		{"Danh mục", creatorColumn{field: "category"}},
		{"E-mail", creatorColumn{field: "email"}},
		{"Correo Electrónico", creatorColumn{field: "email"}},
		{"邮箱", creatorColumn{field: "email"}},
		{"Phone/WhatsApp", creatorColumn{field: "phone"}},
		{"手机号", creatorColumn{field: "phone"}},
		{"Teléfono", creatorColumn{field: "phone"}},
		{"Số điện thoại", creatorColumn{field: "phone"}},
		{"Avg. Video Views", creatorColumn{field: "avg_views"}},
		{"场均播放", creatorColumn{field: "avg_views"}},
		{"平均播放量(万)", creatorColumn{field: "avg_views", exp: 4}},
		{"Vistas promedio", creatorColumn{field: "avg_views"}},
		{"Lượt xem trung bình", creatorColumn{field: "avg_views"}},
		{"Engagement Rate", creatorColumn{field: "engagement"}},
		{"ER", creatorColumn{field: "engagement"}},
		{"ER (%)", creatorColumn{field: "engagement", percent: true}},
		{"互动率", creatorColumn{field: "engagement"}},
		{"Tasa de interacción", creatorColumn{field: "engagement"}},
		{"Tỷ lệ tương tác", creatorColumn{field: "engagement"}},
		{"GMV", creatorColumn{field: "gmv"}},
		{"30D GMV", creatorColumn{field: "gmv"}},
		{"GMV (30d)", creatorColumn{field: "gmv"}},
		{"Revenue($)", creatorColumn{field: "gmv", currency: "USD"}},
		{"Revenue (USD)", creatorColumn{field: "gmv", currency: "USD"}},
		{"GMV (K USD)", creatorColumn{field: "gmv", currency: "USD", exp: 3}},
		{"GMV ($K)", creatorColumn{field: "gmv", currency: "USD", exp: 3}},
		{"销售额(元)", creatorColumn{field: "gmv", currency: "CNY"}},
		{"销售额(万元)", creatorColumn{field: "gmv", currency: "CNY", exp: 4}},
		{"近28天销售额", creatorColumn{field: "gmv"}},
		{"Ingresos", creatorColumn{field: "gmv"}},
		{"Doanh thu", creatorColumn{field: "gmv"}},
		{"Currency", creatorColumn{field: "currency"}},
		{"币种", creatorColumn{field: "currency"}},
		{"Profile URL", creatorColumn{field: "url"}},
		{"主页链接", creatorColumn{field: "url"}},
		{"Link", creatorColumn{field: "url", weak: true}},
		{"Liên kết", creatorColumn{field: "url"}},
		{"Stage", creatorColumn{field: "stage"}},
		{"Status", creatorColumn{field: "stage", weak: true}},
		{"合作状态", creatorColumn{field: "stage"}},
		{"Trạng thái", creatorColumn{field: "stage", weak: true}},
		{"Tier", creatorColumn{field: "tier"}},
		{"达人等级", creatorColumn{field: "tier"}},
		{"Level", creatorColumn{field: "tier", weak: true}},
		{"Tags", creatorColumn{field: "tags"}},
		{"标签", creatorColumn{field: "tags"}},
		{"Thẻ", creatorColumn{field: "tags"}},
		{"Remarks", creatorColumn{field: "notes"}},
		{"备注", creatorColumn{field: "notes"}},
		{"Ghi chú", creatorColumn{field: "notes"}},
		// Not ours.
		{"Sales", creatorColumn{}},
		{"销量", creatorColumn{}},
		{"Creator ID", creatorColumn{}},
		{"ID", creatorColumn{}},
		{"#", creatorColumn{}},
		{"", creatorColumn{}},
		{"()", creatorColumn{}},
		{"Email 2", creatorColumn{}},
	}
	for _, tt := range tests {
		if got := parseHeaderCell(tt.cell); got != tt.want {
			t.Errorf("parseHeaderCell(%q) = %+v, want %+v", tt.cell, got, tt.want)
		}
	}
}

// No two fields share a header text once normalised.
func TestAliasesDistinct(t *testing.T) {
	seen := map[string]string{}
	for _, a := range creatorAliases {
		if _, ok := creatorFieldIndex[a.field]; !ok {
			t.Errorf("alias table names unknown field %q", a.field)
		}
		for _, s := range append(append([]string{}, a.strong...), a.weak...) {
			k := headerKey(s)
			if k == "" {
				t.Errorf("%s alias %q normalises to nothing", a.field, s)
			}
			if f, ok := seen[k]; ok && f != a.field {
				t.Errorf("alias %q (%s) is also an alias of %s", s, a.field, f)
			}
			seen[k] = a.field
		}
	}
}

func TestCreatorFieldsOrder(t *testing.T) {
	if len(CreatorFields) != cfCount {
		t.Fatalf("%d fields, %d indexes", len(CreatorFields), cfCount)
	}
	for name, i := range map[string]int{"handle": cfHandle, "url": cfURL, "display_name": cfDisplayName,
		"followers": cfFollowers, "avg_views": cfAvgViews, "engagement": cfEngagement, "gmv": cfGMV,
		"currency": cfCurrency, "region": cfRegion, "category": cfCategory, "email": cfEmail,
		"phone": cfPhone, "stage": cfStage, "tier": cfTier, "tags": cfTags, "notes": cfNotes,
		"campaign": cfCampaign, "partnered_at": cfPartneredAt, "slot_fee": cfSlotFee, "commission_pct": cfCommission,
		"sample_sku": cfSampleSKU, "discount_code": cfDiscountCode, "discount_pct": cfDiscountPct} {
		if CreatorFields[i] != name {
			t.Errorf("CreatorFields[%d] = %q, want %q", i, CreatorFields[i], name)
		}
	}
}

func TestDuplicateAndWeakColumns(t *testing.T) {
	r := newReader(t, "Creator,Handle,Followers,Fans,Name,Nickname,,Notes,,\n@x_1,anna_1,1K,2K,N1,Nick,,note,,\n")
	if got, want := r.Fields(), []string{"handle", "followers", "display_name", "notes"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Fields() = %q, want %q", got, want)
	}
	if got, want := r.Ignored(), []string{"Creator", "Fans", "Name"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Ignored() = %q, want %q", got, want)
	}
	checkLines(t, readAll(t, r), []string{`2 @anna_1 name="Nick" followers=1000 notes="note"`})
}

func TestNoHandleColumn(t *testing.T) {
	_, err := NewCreatorReader(strings.NewReader("Name,Followers,Sales\nAnna,1K,3\n"), "list.csv", Options{})
	want := `list.csv:1: header: no handle column (looked for handle, username, creator, tiktok, unique id, 达人账号, 用户名, 帳號, usuario, tên người dùng, profile url, ...; the header has "Name", "Followers", "Sales")`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	var re *RowError
	if errors.As(err, &re) {
		t.Error("a header error must not be a RowError")
	}
	_, err = NewCreatorReader(strings.NewReader("a,b,c,d,,e,f,g,h\x1b]52;c;x\x07,i\n"), "wide.csv", Options{})
	want = `wide.csv:1: header: no handle column (looked for handle, username, creator, tiktok, unique id, 达人账号, 用户名, 帳號, usuario, tên người dùng, profile url, ...; the header has "a", "b", "c", "d", "e", "f", "g", "h\x1b]52;c;x\a", ...)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	for _, empty := range []string{"", "\n\n\r\n", "\xef\xbb\xbf", ",,,\n"} {
		_, err := NewCreatorReader(strings.NewReader(empty), "e.csv", Options{})
		if err == nil || err.Error() != "e.csv:1: header: the file is empty" {
			t.Errorf("%q: err = %v", empty, err)
		}
	}
}

// Seller Center's affiliate-orders export has a "Creator Username" column,
// which passes for a handle: the file is refused whole, by its header,
// whatever its encoding or a title row above it. A creators list with an
// order number, or a tracker of sample orders, is still a creators list.
func TestAffiliateOrdersExportRefused(t *testing.T) {
	for _, name := range []string{"affiliate_orders.csv", "affiliate_orders_gbk.csv"} {
		f, err := os.Open(filepath.Join(fixtureDir, name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = NewCreatorReader(f, name, Options{})
		f.Close()
		want := name + ":1: this is a Seller Center affiliate-orders export, not a creators list: read it with creatordesk import orders"
		if err == nil || err.Error() != want || !errors.Is(err, ErrAffiliateOrders) {
			t.Errorf("%s: err = %v\nwant %s", name, err, want)
		}
	}
	_, err := NewCreatorReader(strings.NewReader("Affiliate orders 2025-11\n"+
		"order_id;Creator Username;SKU ID;Payment Amount;Actual Commission Payment\n1;anna_1;2;9.99;1.00\n"), "o.csv", Options{})
	if err == nil || err.Error() != "o.csv:2: "+ErrAffiliateOrders.Error() {
		t.Errorf("with a title row: err = %v", err)
	}
	for _, in := range []string{
		"handle,Order ID,notes\nanna_1,5765,sample sent\n",
		"Creator Username,Order ID,Product ID,Quantity,Order Status\nanna_1,5765,1729,1,Shipped\n",
	} {
		if got := readAll(t, newReader(t, in)); len(got) != 1 || !strings.HasPrefix(got[0], "2 @anna_1") {
			t.Errorf("%q: read %q", in, got)
		}
	}
}

func TestURLOnlyFile(t *testing.T) {
	r := newReader(t, "Profile URL,Followers\nhttps://www.tiktok.com/@Anna_1,1K\n,2K\nhttps://vm.tiktok.com/ZMabc/,3K\n")
	checkLines(t, readAll(t, r), []string{
		`2 @anna_1 followers=1000`,
		`ERR f.csv:3: url: blank, and the file has no handle column`,
		`ERR f.csv:4: url: "https://vm.tiktok.com/ZMabc/": no @handle in the URL path`,
	})
}

func TestEmailWithHiddenCharacterRefused(t *testing.T) {
	r := newReader(t, "handle,email\nanna_1,anna@example.com\nbob,ev\u202eil@example.com\ncat,\"Cat\u2066 <cat@example.com>\"\ndan,dan\u00a0@example.com\n")
	checkLines(t, readAll(t, r), []string{
		`2 @anna_1 email=anna@example.com`,
		`ERR f.csv:3: email: "ev\u202eil@example.com" is not an email address: it holds a control character (U+202E); type the address again`,
		`ERR f.csv:4: email: "Cat\u2066 <cat@example.com>" is not an email address: it holds a control character (U+2066); type the address again`,
		`ERR f.csv:5: email: "dan\u00a0@example.com" is not an email address: it holds a space (U+00A0)`,
	})
}

func TestHandleCellHoldsURL(t *testing.T) {
	r := newReader(t, "handle\nhttps://www.tiktok.com/@Anna_1?lang=en\nwww.tiktok.com/@bob.b/video/1\nhttps://youtube.com/@anna\n")
	checkLines(t, readAll(t, r), []string{
		`2 @anna_1`,
		`3 @bob.b`,
		`ERR f.csv:4: handle: "https://youtube.com/@anna": not a tiktok.com URL`,
	})
}

func TestTitleRowsAndSepLine(t *testing.T) {
	r := newReader(t, "Kalodata Creator Export,,,\nExported 2024-05-01 10:00\n\nHandle,Followers\nanna_1,1K\n")
	if r.HeaderLine() != 4 {
		t.Errorf("HeaderLine() = %d, want 4", r.HeaderLine())
	}
	checkLines(t, readAll(t, r), []string{`5 @anna_1 followers=1000`})

	r = newReader(t, "sep=;\r\nHandle;Followers;Notes\r\nanna_1;1 000;a, b\r\n")
	if r.HeaderLine() != 2 {
		t.Errorf("HeaderLine() = %d, want 2", r.HeaderLine())
	}
	checkLines(t, readAll(t, r), []string{`3 @anna_1 followers=1000 notes="a, b"`})

	// A table without a handle column is not searched for one...
	for _, in := range []string{"Name,Platform,Followers\nAnna,TikTok,1K\n", "Report\nAnna,TikTok\n"} {
		_, err := NewCreatorReader(strings.NewReader(in), "t.csv", Options{})
		if err == nil || !strings.HasPrefix(err.Error(), `t.csv:1: header: no handle column (looked for handle, username, `) {
			t.Errorf("%q: err = %v", in, err)
		}
	}
	// ...and five rows without a header is where the search stops.
	_, err := NewCreatorReader(strings.NewReader("a\nb\nc\nd\ne\nhandle\nanna_1\n"), "t.csv", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), `t.csv:1: header: no handle column (looked for handle, username, `) {
		t.Errorf("err = %v", err)
	}
}

func TestQuotedNewlineLines(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n"} {
		in := strings.ReplaceAll("handle,notes\n"+
			"a1,\"x\ny\"\n"+
			"b2,\"p\n\nq\"\n"+
			"\n"+
			"c3,z\n"+
			"\"d4\",\"\"\"quoted\"\"\nend\"\n"+
			"e5,\"a,b\",\n", "\n", eol)
		r := newReader(t, in)
		checkLines(t, readAll(t, r), []string{
			`2 @a1 notes="x\ny"`,
			`4 @b2 notes="p\n\nq"`,
			`8 @c3 notes="z"`,
			`9 @d4 notes="\"quoted\"\nend"`,
			`11 @e5 notes="a,b"`,
		})
	}
	// Old Mac line ends (bare CR).
	r := newReader(t, "handle;notes\ra1;\"x\ry\"\rb2;z\r")
	checkLines(t, readAll(t, r), []string{`2 @a1 notes="x\ny"`, `4 @b2 notes="z"`})
}

func TestCells(t *testing.T) {
	in := "handle,name,followers,avg views,er,gmv,currency,region,category,email,phone,stage,tier,tags,notes\n" +
		// Our own export's formula neutralisation is undone, once.
		"n1,'=SUM(A1),,,,,,,'+cat,,'+1 555 010 9999,,,,'''=x\n" +
		"n2,'@at,,,,,,,'-minus,,,,,,'\tTab\n" +
		"n3,'plain,,,,,,,'',,,,,,'a\n" +
		// Placeholders for "no data".
		"n4,—,-,--,N/A,-,-,N/A,-,n/a,-,-,-,-,-\n" +
		// Units and currencies.
		"n5,,12.5万,3亿,0.15,12.5万元,,cn,,,,,,,\n" +
		"n6,,1.15M,999,15,1.5K USD,,,,,,,,,\n" +
		"n7,,\"12,345\",0,0%,RM1.2k,,,,,,,,,\n" +
		"n8,,１２３,,12.5 %,¥3000,JPY,,,,,,,,\n" +
		"n9,,,,,300,rmb,,,,,,,,\n" +
		"n10,,,,,300,bucks,,,,,,,,\n" +
		"n11,,,,,$1.234567K,,,,,,,,,\n" +
		"n12,,,,,,,,,,,Sample Shipped,koc,\"#summer, Summer ;VEGAN、美妆\",\n"
	r := newReader(t, in)
	checkLines(t, readAll(t, r), []string{
		`2 @n1 name="=SUM(A1)" category="+cat" phone="+1 555 010 9999" notes="'''=x"`,
		`3 @n2 name="@at" category="-minus" notes="Tab"`,
		`4 @n3 name="'plain" category="''" notes="'a"`,
		`5 @n4 name="—" category="-" notes="-"`,
		`6 @n5 followers=125000 views=300000000 er=1500bp gmv=CNY:12500000 region=CN`,
		`7 @n6 followers=1150000 views=999 er=1500bp gmv=USD:150000`,
		`8 @n7 followers=12345 views=0 er=0bp gmv=MYR:120000`,
		`9 @n8 followers=123 er=1250bp gmv=CNY:300000`,
		`10 @n9 gmv=CNY:30000`,
		`ERR f.csv:11: currency: "bucks" is not a currency (use a code such as USD)`,
		`ERR f.csv:12: gmv: "$1.234567K": "$1234.567" has more decimals than USD allows (2)`,
		`13 @n12 stage=sample_shipped tier=micro(manual=true) tags=summer|vegan|美妆`,
	})
}

// TestPipelineColumns reads the columns a partners export (or a tracker
// keeping the same) has beyond a creators list: the campaign, when the
// partnership began and the terms, each checked as the store would.
func TestPipelineColumns(t *testing.T) {
	in := "handle,campaign,stage,partnered_at,slot_fee,currency,commission_pct,sample_sku,discount_code,discount_pct\n" +
		"p1,  Summer   Glow ,partnered,2026-05-01 09:30:00,200.00,USD,15,,,\n" +
		"p2,Glow,sample_shipped,2026-05-02,,,12.5,SERUM-30,mei15,15\n" +
		"p3,-,,,\"$1,200\",,,,,\n" +
		"p4,,,,,,0.5,,,\n" +
		"p5,,,,,,,,TOO-LONG-CODE,\n" +
		"p6,,,,,,,,,12.5\n" +
		"p7,,,,,,,,,70\n" +
		"p8,,,yesterday,,,,,,\n" +
		"p9,,,,200,bucks,,,,\n" +
		"p10,,,2026-05-01T09:30:00+08:00,,,,,,\n"
	r, err := NewCreatorReader(strings.NewReader(in), "f.csv", Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, readAll(t, r), []string{
		`2 @p1 stage=partnered campaign="Summer Glow" partnered=2026-05-01T09:30:00Z terms=fee=USD:20000 com=1500bp sku="" code="" off=0%`,
		`3 @p2 stage=sample_shipped campaign="Glow" partnered=2026-05-02T00:00:00Z terms=fee=:0 com=1250bp sku="SERUM-30" code="MEI15" off=15%`,
		`4 @p3 terms=fee=USD:120000 com=0bp sku="" code="" off=0%`,
		`ERR f.csv:5: commission_pct: 0.5% is outside 1%–80%`,
		`ERR f.csv:6: discount_code: "TOO-LONG-CODE" must be 2–8 characters`,
		`ERR f.csv:7: discount_pct: 12.5% is not a whole percent`,
		`ERR f.csv:8: discount_pct: 70% is outside 5–50%`,
		`ERR f.csv:9: partnered_at: "yesterday" is not a date (write 2006-01-02 15:04:05)`,
		`ERR f.csv:10: currency: "bucks" is not a currency (use a code such as USD)`,
		`11 @p10 partnered=2026-05-01T01:30:00Z`,
	})
	// Other names for the same columns, as trackers write them.
	r = newReader(t, "Handle,Campaign Name,Slot fee (USD),Commission (%),Promo code,Discount\nanna,Glow,150,20,ANNA20,20%\n")
	if got, want := r.Fields(), []string{"handle", "campaign", "slot_fee", "commission_pct", "discount_code", "discount_pct"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Fields() = %q, want %q", got, want)
	}
	checkLines(t, readAll(t, r), []string{
		`2 @anna campaign="Glow" terms=fee=USD:15000 com=2000bp sku="" code="ANNA20" off=20%`,
	})
}

func TestHeaderUnits(t *testing.T) {
	in := "达人账号,粉丝数(万),平均播放量（万）,互动率(%),销售额(万元),GMV ($K)\n" +
		"a1,12.5,0.8,0.5,1.25,\n" +
		"a2,3万,1000,4.5%,,2.5\n" +
		"a3,,,,-,\n"
	r := newReader(t, in)
	if got, want := r.Fields(), []string{"handle", "followers", "avg_views", "engagement", "gmv"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Fields() = %q, want %q", got, want)
	}
	if got, want := r.Ignored(), []string{"GMV ($K)"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Ignored() = %q, want %q", got, want)
	}
	checkLines(t, readAll(t, r), []string{
		`2 @a1 followers=125000 views=8000 er=50bp gmv=CNY:1250000`,
		`3 @a2 followers=30000 views=10000000 er=450bp`,
		`4 @a3`,
	})
}

func TestTextLimits(t *testing.T) {
	in := "handle,name,category,notes\n" +
		"ok1," + strings.Repeat("名", 200) + "," + strings.Repeat("c", 100) + "," + strings.Repeat("n", 10000) + "\n" +
		"bad2,,," + strings.Repeat("n", 10001) + "\n" +
		"bad3,," + strings.Repeat("é", 101) + ",\n"
	r := newReader(t, in)
	got := readAll(t, r)
	if len(got) != 3 || !strings.HasPrefix(got[0], "2 @ok1 ") {
		t.Fatalf("got %d rows: %.80q", len(got), got)
	}
	checkLines(t, got[1:], []string{
		`ERR f.csv:3: notes: 10001 characters, the limit is 10000`,
		`ERR f.csv:4: category: 101 characters, the limit is 100`,
	})
}

func TestSniffEncoding(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("达人账号,达人昵称,粉丝数\nanna,安娜,12.5万\n")
	latin, _ := charmap.Windows1252.NewEncoder().String("Usuario;Categoría;País\njose;Decoración;España\n")
	utf16le := func(s string) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	utf16be := func(s string) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	mostlyUTF8 := strings.Repeat("Nguyễn Thị Minh Khai;", 20) + "caf\xe9\n"
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"ascii", []byte("handle,followers\nanna,1\n"), "utf-8"},
		{"utf-8 chinese", []byte("达人账号,粉丝数\n"), "utf-8"},
		{"rune cut at the end", []byte("达人账号,粉丝数\n安")[:len("达人账号,粉丝数\n")+2], "utf-8"},
		{"gbk", []byte(gbk), "gb18030"},
		{"windows-1252", []byte(latin), "windows-1252"},
		{"utf-8 with a stray byte", []byte(mostlyUTF8), "utf-8"},
		{"utf-16le without BOM", utf16le("handle\tfollowers\r\nanna\t1\r\n"), "utf-16le"},
		{"utf-16be without BOM", utf16be("handle\tfollowers\r\nanna\t1\r\n"), "utf-16be"},
		{"empty", nil, "utf-8"},
	}
	for _, tt := range tests {
		if got := sniffEncoding(tt.in); got != tt.want {
			t.Errorf("%s: sniffEncoding = %q, want %q", tt.name, got, tt.want)
		}
	}

	// Through the reader, with and without BOMs.
	files := []struct {
		name string
		in   []byte
		want string
	}{
		{"utf-8 BOM", append([]byte("\xef\xbb\xbf"), "handle\nanna_1\n"...), "utf-8 (BOM)"},
		{"utf-16le BOM", append([]byte{0xff, 0xfe}, utf16le("handle\tnickname\r\nanna_1\t安娜\r\n")...), "utf-16le"},
		{"utf-16be BOM", append([]byte{0xfe, 0xff}, utf16be("handle\tnickname\r\nanna_1\t安娜\r\n")...), "utf-16be"},
		{"utf-16le no BOM", utf16le("handle\tnickname\r\nanna_1\t安娜\r\n"), "utf-16le"},
		{"gbk", []byte(gbk), "gb18030"},
		{"windows-1252", []byte(latin), "windows-1252"},
	}
	for _, f := range files {
		r, err := NewCreatorReader(bytes.NewReader(f.in), "e.csv", Options{})
		if err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		if r.Encoding() != f.want {
			t.Errorf("%s: Encoding() = %q, want %q", f.name, r.Encoding(), f.want)
		}
		got := readAll(t, r)
		if len(got) != 1 || !strings.HasPrefix(got[0], "2 @") {
			t.Errorf("%s: rows %q", f.name, got)
		}
	}
	r, _ := NewCreatorReader(strings.NewReader(latin), "e.csv", Options{})
	checkLines(t, readAll(t, r), []string{`2 @jose region=ES category="Decoración"`})
}

// A UTF-8 file whose first 64 KiB end inside a rune is still UTF-8.
func TestSniffCutRune(t *testing.T) {
	for pad := 0; pad < 3; pad++ {
		var b strings.Builder
		b.WriteString("handle,nickname\n" + strings.Repeat("x", pad) + "pad,x\n")
		for i := 0; b.Len() < 3*sniffSize; i++ {
			fmt.Fprintf(&b, "h%d,达人达人达人达人达人达人\n", i)
		}
		data := b.String()
		if utf8.ValidString(data[:sniffSize]) {
			continue
		}
		r, err := NewCreatorReader(strings.NewReader(data), "cut.csv", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Encoding() != "utf-8" {
			t.Errorf("Encoding() = %q", r.Encoding())
		}
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if want := strings.Count(data, "\n") - 1; n != want {
			t.Errorf("%d rows, want %d", n, want)
		}
		return
	}
	t.Fatal("no padding cut a rune at the sample's end")
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		in     string
		delim  byte
		crOnly bool
	}{
		{"handle,followers,notes\n", ',', false},
		{"handle;followers;notes\r\n", ';', false},
		{"handle\tfollowers\tnotes\n", '\t', false},
		{"handle\n", ',', false},
		{"", ',', false},
		{`"a;b",c` + "\n", ',', false},
		{`"x,y,z";a;b` + "\n", ';', false},
		{`"a""b,c,d";e;f` + "\n", ';', false},
		{"a;b,c\n", ',', false},
		{"Name, Handle;Followers;Notes\n", ';', false},
		{"sep=;\nhandle,a,b,c\n", ';', false},
		{"SEP=\t\r\nhandle,a\n", '\t', false},
		{"Creator export\nhandle;followers\n", ';', false},
		{"handle;followers\rann;1\r", ';', true},
		{"no delimiter at all", ',', false},
	}
	for _, tt := range tests {
		d, cr := sniffLayout([]byte(tt.in))
		if d != tt.delim || cr != tt.crOnly {
			t.Errorf("sniffLayout(%q) = %q, %v; want %q, %v", tt.in, d, cr, tt.delim, tt.crOnly)
		}
	}
}

func TestLongRows(t *testing.T) {
	r := newReader(t, "handle,followers,,\nann_1,1K\nbob_2,2K,,\ncat_3,3K,x\ndan_4,4K,,,,, \nemu_5,5K,,,,,y\n")
	checkLines(t, readAll(t, r), []string{
		`2 @ann_1 followers=1000`,
		`3 @bob_2 followers=2000`,
		`ERR f.csv:4: row: 3 fields, the header has 2`,
		`5 @dan_4 followers=4000`,
		`ERR f.csv:6: row: 7 fields, the header has 2`,
	})
}

func TestFatalErrors(t *testing.T) {
	bigPrefix := func() string {
		var b strings.Builder
		b.WriteString("handle,notes\n")
		for i := 0; b.Len() < sniffSize+1000; i++ {
			fmt.Fprintf(&b, "h%d,%s\n", i, strings.Repeat("a", 90))
		}
		return b.String()
	}
	prefix := bigPrefix()
	prefixLines := strings.Count(prefix, "\n")
	tests := []struct {
		name string
		in   string
		rows int
		want string
	}{
		{"invalid UTF-8 after the sample", prefix + "bad,caf\xe9\nlast,x\n", prefixLines - 1,
			fmt.Sprintf("f.csv:%d: invalid UTF-8 text (the start of the file is UTF-8; save the whole file as UTF-8)", prefixLines+1)},
		{"unterminated quote", "handle,notes\na1,ok\nb2,\"never closed\nc3,x\n", 1,
			`f.csv:3: unterminated quoted field: the " opened here is never closed`},
		{"unterminated quote in the header", "handle,\"notes\n", 0, ""},
		{"record over 1 MiB", "handle,notes\na1,x\nb2," + strings.Repeat("a", 2<<20) + "\nc3,y\n", 1,
			"f.csv:3: a row longer than 1 MiB (is a quote left open or are the line ends missing?)"},
		{"open quote swallowing the file", "handle,notes\na1,x\nb2,\"" + strings.Repeat("a,b\n", 300000), 1,
			"f.csv:3: a row longer than 1 MiB (is a quote left open or are the line ends missing?)"},
		{"no line ends", "handle,notes," + strings.Repeat("a,", 1<<20), 0, ""},
		{"gb18030 junk", "\x81\x30handle,notes\nanna,\x81\x81\x81\n", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewCreatorReader(strings.NewReader(tt.in), "f.csv", Options{})
			if tt.want == "" {
				if err == nil {
					t.Fatalf("NewCreatorReader succeeded; Fields %q", r.Fields())
				}
				if !strings.HasPrefix(err.Error(), "f.csv:1: ") {
					t.Errorf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := readAll(t, r)
			if len(got) != tt.rows+1 {
				t.Fatalf("%d rows before the error, want %d; last %.200q", len(got)-1, tt.rows, got[len(got)-1])
			}
			if g := got[len(got)-1]; g != "ERR "+tt.want {
				t.Errorf("got  %s\nwant ERR %s", g, tt.want)
			}
			// The error is sticky.
			if _, err := r.Next(); err == nil || err.Error() != tt.want {
				t.Errorf("second Next: %v", err)
			}
		})
	}
}

func TestFatalHeaderMessages(t *testing.T) {
	_, err := NewCreatorReader(strings.NewReader("handle,\"notes\n"), "f.csv", Options{})
	if err == nil || err.Error() != `f.csv:1: unterminated quoted field: the " opened here is never closed` {
		t.Errorf("err = %v", err)
	}
	_, err = NewCreatorReader(strings.NewReader("handle,notes,"+strings.Repeat("a,", 1<<20)), "f.csv", Options{})
	if err == nil || err.Error() != "f.csv:1: a row longer than 1 MiB (is a quote left open or are the line ends missing?)" {
		t.Errorf("err = %v", err)
	}
	_, err = NewCreatorReader(strings.NewReader("\x81\x30handle,notes\nanna,\x81\x81\x81\n"), "f.csv", Options{})
	if err == nil || err.Error() != "f.csv:1: text that is neither UTF-8 nor GB18030 (save the file as UTF-8)" {
		t.Errorf("err = %v", err)
	}
}

var errBoom = errors.New("boom")

// failingReader returns its data, then an error.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadErrors(t *testing.T) {
	_, err := NewCreatorReader(&failingReader{err: errBoom}, "f.csv", Options{})
	if err == nil || err.Error() != "f.csv:1: read: boom" || !errors.Is(err, errBoom) {
		t.Errorf("err = %v", err)
	}
	// An error after the sample: the rows before it arrive, then the error
	// names the line being read.
	var b strings.Builder
	b.WriteString("handle,notes\n")
	for i := 0; b.Len() < 2*sniffSize; i++ {
		fmt.Fprintf(&b, "h%d,note\n", i)
	}
	data := b.String()
	lines := strings.Count(data, "\n")
	r, err := NewCreatorReader(&failingReader{data: []byte(data), err: errBoom}, "f.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, r)
	if len(got) != lines {
		t.Fatalf("%d results, want %d rows and the error", len(got), lines)
	}
	if want := fmt.Sprintf("ERR f.csv:%d: read error: boom", lines+1); got[len(got)-1] != want {
		t.Errorf("got %s, want %s", got[len(got)-1], want)
	}
	if _, err := r.Next(); !errors.Is(err, errBoom) {
		t.Errorf("error not sticky or not wrapped: %v", err)
	}
}

// endlessReader writes a header and then rows forever, counting the bytes
// handed out.
type endlessReader struct {
	buf  bytes.Buffer
	n    int
	read int64
}

func (e *endlessReader) Read(p []byte) (int, error) {
	for e.buf.Len() < len(p) {
		if e.n == 0 {
			e.buf.WriteString("handle,nickname,followers,notes\n")
		}
		fmt.Fprintf(&e.buf, "creator_%d,\"Name %d\",%d.5K,\"a note, with a comma\"\n", e.n, e.n, e.n%1000)
		e.n++
	}
	n, _ := e.buf.Read(p)
	e.read += int64(n)
	return n, nil
}

func TestStreams(t *testing.T) {
	src := &endlessReader{}
	r, err := NewCreatorReader(src, "endless.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var consumed int64
	for i := 0; i < 20000; i++ {
		row, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if row.Line != i+2 {
			t.Fatalf("row %d at line %d", i, row.Line)
		}
		consumed += int64(len(fmt.Sprintf("creator_%d,\"Name %d\",%d.5K,\"a note, with a comma\"\n", i, i, i%1000)))
	}
	// Read-ahead is bounded by the buffers, not by the file.
	if ahead := src.read - consumed; ahead > 3*sniffSize {
		t.Errorf("read %d bytes ahead of the rows returned", ahead)
	}
}

func TestRowErrorString(t *testing.T) {
	e := &RowError{FileError{File: "a.csv", Line: 7, Field: "email", Err: errors.New(`"x" is not an email address`)}}
	if got, want := e.Error(), `a.csv:7: email: "x" is not an email address`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestParseMoneyCell(t *testing.T) {
	tests := []struct {
		in, cur string
		exp     int
		want    string
	}{
		{"$1.2M", "USD", 0, "USD:120000000"},
		{"1.2m usd", "EUR", 0, "USD:120000000"},
		{"12.5万元", "USD", 0, "CNY:12500000"},
		{"12.5万", "CNY", 0, "CNY:12500000"},
		{"￥12.5w", "USD", 0, "CNY:12500000"},
		{"1.5", "USD", 3, "USD:150000"},
		{"1.5K", "USD", 4, "USD:150000"},
		{"100 RUB", "USD", 0, "RUB:10000"},
		{"100 MXN", "USD", 0, "MXN:10000"},
		{"5 BND", "USD", 0, "BND:500"},
		{"₫2.5 triệu", "USD", 0, "VND:2500000"},
		{"1,234.5K", "USD", 0, "USD:123450000"},
		{"1,234", "CNY", 4, "CNY:1234000000"},
		{"1,2K", "USD", 0, `ERR "1,2K" is not an amount`},
		{"1,5", "USD", 4, `ERR "1,5" is not an amount`},
		{"$1.2M-$1.5M", "USD", 0, `ERR "$1.2M-$1.5M" is a range, not an amount`},
		{"10K~50K", "USD", 0, `ERR "10K~50K" is a range, not an amount`},
		{"-$5", "USD", 0, `ERR "-$5" is negative`},
		{"$-5", "USD", 0, `ERR "$-5" is negative`},
		{"1.2.3K", "USD", 0, `ERR "1.2.3K" is not an amount`},
		{"", "USD", 0, "ERR empty"},
	}
	for _, tt := range tests {
		m, err := parseMoneyCell(tt.in, tt.cur, tt.exp)
		got := fmt.Sprintf("%s:%d", m.Currency, m.Minor)
		if err != nil {
			got = "ERR " + err.Error()
		}
		if got != tt.want {
			t.Errorf("parseMoneyCell(%q, %q, %d) = %s, want %s", tt.in, tt.cur, tt.exp, got, tt.want)
		}
	}
}

// FuzzCreatorReader: no input makes the reader panic or loop, every error
// names the file and a line, and every row it returns is usable.
func FuzzCreatorReader(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "*"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil && !strings.HasSuffix(name, ".md") {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"handle\n@a_1\n",
		"handle,notes\na1,\"x\ny\"\nb2,\"open\n",
		"\xff\xfeh\x00a\x00",
		"\xfe\xff\x00h",
		"\xef\xbb\xbfsep=;\nhandle;gmv;currency\nab;1.2M;xx\n",
		"url\nhttps://www.tiktok.com/@\x00\n",
		"handle,followers(万),gmv(万元)\nab,1.5,2.5\nab,\"\",,,,,x\n",
		"handle\r\"a\"\"b\"\r",
		"\x00\x00\x00\x00handle\x00\n",
		"达人账号,粉丝数\n\x81\x30\x81\x30,1亿\n",
		"handle,\"\n\n\n",
		"title\n\n,,\nhandle;x\n\"a\";\"\"\"\r\n",
	} {
		f.Add([]byte(s))
	}
	allowed := map[string]bool{"row": true}
	for _, fl := range CreatorFields {
		allowed[fl] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewCreatorReader(bytes.NewReader(data), "fuzz.csv", Options{})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv:") {
				t.Fatalf("error without the file name: %v", err)
			}
			var re *RowError
			if errors.As(err, &re) {
				t.Fatalf("NewCreatorReader returned a RowError: %v", err)
			}
			return
		}
		if len(r.Fields()) == 0 {
			t.Fatal("a header without fields was accepted")
		}
		lastLine := r.HeaderLine()
		for i := 0; ; i++ {
			if i > len(data)+1 {
				t.Fatal("more results than the input has lines")
			}
			row, err := r.Next()
			if err == io.EOF {
				return
			}
			var re *RowError
			if errors.As(err, &re) {
				if re.File != "fuzz.csv" || re.Line <= lastLine || !allowed[re.Field] || re.Err == nil || re.Err.Error() == "" {
					t.Fatalf("bad RowError %+v after line %d", re, lastLine)
				}
				lastLine = re.Line
				continue
			}
			if err != nil {
				var line int
				if _, serr := fmt.Sscanf(err.Error(), "fuzz.csv:%d:", &line); serr != nil || line < 1 {
					t.Fatalf("fatal error without FILE:LINE: %v", err)
				}
				if _, err2 := r.Next(); err2 == nil || err2.Error() != err.Error() {
					t.Fatalf("fatal error not sticky: %v then %v", err, err2)
				}
				return
			}
			if row.Line <= lastLine {
				t.Fatalf("row at line %d after line %d", row.Line, lastLine)
			}
			lastLine = row.Line
			if h, err := outreach.NormalizeHandle(row.Handle); err != nil || h != row.Handle {
				t.Fatalf("row with handle %q (%v)", row.Handle, err)
			}
			if utf8.RuneCountInString(row.DisplayName) > maxDisplayName || utf8.RuneCountInString(row.Category) > maxCategory ||
				utf8.RuneCountInString(row.Notes) > maxNotes {
				t.Fatal("text over its limit")
			}
		}
	})
}

func BenchmarkCreatorReader(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("handle,nickname,followers,gmv,region,email,notes\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&buf, "creator_%d,\"Name %d\",%d.5K,$%d.99,US,c%d@example.com,\"note, with comma\"\n", i, i, i%1000, i, i)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := NewCreatorReader(bytes.NewReader(data), "bench.csv", Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := r.Next(); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
		}
	}
}

// TestFileCutShortRefusesItsLastRow: a file that ends inside a row, as an
// interrupted download or a pipe whose writer died leaves it, does not
// import that row with a name cut in two; a short last row that ends its
// line is an ordinary ragged row, and a whole last row without a line end
// is taken.
func TestFileCutShortRefusesItsLastRow(t *testing.T) {
	head := "handle,nickname,followers,email\nuser1,Name 1,100,u1@example.com\n"
	for _, tt := range []struct {
		name, tail string
		want       string // the last row's entry, by prefix
	}{
		{"cut in a field", "user2,Name 2", "ERR f.csv:3: row: the file ends in the middle of this row (2 of 4 fields, no line end)"},
		{"cut in a quoted field", `user2,"Name`, "ERR f.csv:3: unterminated quoted field"},
		{"cut after a delimiter", "user2,Name 2,", "ERR f.csv:3: row: the file ends in the middle of this row (3 of 4 fields"},
		{"short row with its line end", "user2,Name 2\n", "3 @user2"},
		{"whole row, no line end", "user2,Name 2,200,u2@example.com", "3 @user2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewCreatorReader(strings.NewReader(head+tt.tail), "f.csv", Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := readAll(t, r)
			if len(got) != 2 || !strings.HasPrefix(got[0], "2 @user1") || !strings.HasPrefix(got[1], tt.want) {
				t.Errorf("got %q, want user1 then %q…", got, tt.want)
			}
		})
	}
}
