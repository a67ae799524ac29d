package csvio

import (
	"errors"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"creatordesk/outreach"
)

// CreatorFields are the fields a creators file may carry, in the order a row
// is checked. They name RowError.Field and the entries of Fields().
var CreatorFields = []string{
	"handle", "url", "display_name", "followers", "avg_views", "engagement",
	"gmv", "currency", "region", "category", "email", "phone", "stage", "tier",
	"tags", "notes", "campaign", "partnered_at", "slot_fee", "commission_pct",
	"sample_sku", "discount_code", "discount_pct",
}

// creatorAlias lists the header texts of one field. Strong names say exactly
// what the column holds; weak ones ("creator", "name", "level") are what
// discovery tools put over a column that may hold something else, so a
// strong column for the same field wins over a weak one wherever it stands.
type creatorAlias struct {
	field        string
	strong, weak []string
}

// creatorAliases is the header vocabulary: English, Chinese (simplified and
// traditional), Spanish and Vietnamese, as Kalodata, FastMoss, Echotik,
// Seller Center and hand-made trackers write it. Matching ignores case,
// accents, spaces and punctuation (see headerKey), so "Follower Count",
// "follower_count" and "FOLLOWER-COUNT" are one entry.
//
// Deliberately absent: bare "sales"/"销量"/"ventas" (Kalodata and FastMoss
// use them for units sold, not revenue) and "id"/"user id" (TikTok's numeric
// user id, not the handle).
var creatorAliases = []creatorAlias{
	{field: "handle",
		strong: []string{
			"handle", "username", "user name", "creator username", "creator handle",
			"creator user name", "tiktok", "tiktok handle", "tiktok username",
			"tiktok id", "tiktok account", "unique id", "uniqueid",
			"influencer handle", "influencer username", "account name", "account handle",
			"达人账号", "账号", "用户名", "达人用户名", "抖音号", "tiktok号", "tiktok账号",
			"达人id", "账号名", "达人帐号", "帐号",
			"達人帳號", "帳號", "用戶名", "使用者名稱", "達人用戶名", "tiktok帳號",
			"usuario", "nombre de usuario", "usuario de tiktok", "cuenta de tiktok",
			"tên người dùng", "tài khoản", "tên tài khoản", "tài khoản tiktok", "id tiktok",
		},
		weak: []string{
			"creator", "creators", "account", "influencer", "kol", "达人", "達人", "红人",
			"creador", "cuenta", "nhà sáng tạo", "người sáng tạo", "kênh",
		}},
	{field: "display_name",
		strong: []string{
			"display name", "nickname", "nick name", "creator name", "creator nickname",
			"influencer name", "full name", "profile name",
			"昵称", "达人昵称", "达人名称", "暱稱", "達人暱稱", "達人名稱",
			"apodo", "nombre del creador", "nombre visible",
			"biệt danh", "tên hiển thị", "tên nhà sáng tạo",
		},
		weak: []string{"name", "名称", "名稱", "名字", "nombre", "tên"}},
	{field: "followers",
		strong: []string{
			"followers", "follower", "follower count", "followers count", "number of followers",
			"fans", "fan count", "fans count", "total followers",
			"粉丝数", "粉丝", "粉丝量", "粉丝总数", "粉丝数量", "粉絲數", "粉絲", "粉絲量", "粉絲數量",
			"seguidores", "número de seguidores", "numero de seguidores",
			"người theo dõi", "số người theo dõi", "lượt theo dõi", "số lượt theo dõi",
		}},
	{field: "region",
		strong: []string{
			"region", "country", "country/region", "country region", "country code",
			"market", "location", "creator region", "creator country",
			"国家", "地区", "国家/地区", "国家地区", "达人国家", "达人地区", "所在地区", "国家或地区",
			"國家", "地區", "國家/地區", "國家或地區",
			"país", "pais", "región", "ubicación", "mercado",
			"quốc gia", "khu vực", "thị trường", "vị trí",
		}},
	{field: "category",
		strong: []string{
			"category", "categories", "niche", "main category", "creator category",
			"product category", "content category",
			"类目", "品类", "分类", "带货类目", "主营类目", "达人类目", "主要类目", "内容分类",
			"類目", "品類", "分類", "帶貨類目", "主營類目",
			"categoría", "categorías", "nicho",
			"danh mục", "ngành hàng", "lĩnh vực",
		}},
	{field: "email",
		strong: []string{
			"email", "e-mail", "mail", "email address", "contact email", "business email",
			"邮箱", "电子邮箱", "电子邮件", "邮件", "联系邮箱", "郵箱", "電子郵件", "電子郵箱", "聯絡郵箱",
			"correo", "correo electrónico", "email de contacto",
			"thư điện tử", "địa chỉ email",
		}},
	{field: "phone",
		strong: []string{
			"phone", "phone number", "whatsapp", "phone/whatsapp", "whatsapp number",
			"mobile", "mobile number", "tel", "telephone", "contact number", "zalo",
			"电话", "手机", "手机号", "手机号码", "联系电话", "电话号码", "電話", "手機", "手機號碼", "聯絡電話",
			"teléfono", "celular", "móvil", "número de teléfono",
			"số điện thoại", "sđt", "điện thoại",
		}},
	{field: "avg_views",
		strong: []string{
			"avg views", "average views", "avg video views", "average video views",
			"avg. video views", "avg views per video", "views per video", "avg. views",
			"平均播放量", "场均播放", "场均播放量", "视频平均播放量", "平均播放", "平均观看量",
			"平均播放次數", "場均播放", "場均播放量", "平均觀看次數",
			"vistas promedio", "promedio de vistas", "visualizaciones promedio",
			"lượt xem trung bình", "lượt xem tb",
		}},
	{field: "engagement",
		strong: []string{
			"engagement rate", "engagement", "er", "avg engagement rate", "average engagement rate",
			"互动率", "平均互动率", "互動率", "平均互動率",
			"tasa de interacción", "tasa de engagement", "engagement promedio",
			"tỷ lệ tương tác", "tương tác",
		}},
	{field: "gmv",
		strong: []string{
			"gmv", "revenue", "30d gmv", "gmv 30d", "gmv (30d)", "30 day gmv", "30-day gmv",
			"gmv last 30 days", "30d revenue", "revenue 30d", "revenue (30d)", "sales revenue",
			"sales amount", "total revenue", "total gmv", "creator gmv",
			"销售额", "带货销售额", "近30天销售额", "近28天销售额", "30天销售额", "总销售额", "成交额", "带货gmv",
			"銷售額", "帶貨銷售額", "近30天銷售額", "成交金額",
			"ingresos", "ingresos 30d", "ventas totales",
			"doanh thu", "doanh thu 30 ngày", "tổng doanh thu",
		}},
	{field: "currency",
		strong: []string{
			"currency", "currency code", "币种", "货币", "幣種", "貨幣",
			"moneda", "divisa", "tiền tệ", "đơn vị tiền tệ",
		}},
	{field: "url",
		strong: []string{
			"profile url", "url", "tiktok url", "tiktok link", "profile link", "tiktok profile",
			"homepage", "creator url", "creator link",
			"主页链接", "链接", "达人主页", "主页", "主页地址", "达人链接",
			"主頁連結", "連結", "主頁", "鏈接",
			"enlace", "enlace de perfil", "url del perfil",
			"liên kết", "link tiktok", "đường dẫn", "link hồ sơ",
		},
		weak: []string{"link", "profile", "perfil"}},
	{field: "stage",
		strong: []string{
			"stage", "pipeline stage", "outreach stage", "outreach status", "collaboration status",
			"阶段", "合作状态", "跟进状态", "建联状态", "階段", "合作狀態",
			"etapa", "estado de colaboración",
			"giai đoạn", "trạng thái hợp tác",
		},
		weak: []string{"status", "状态", "狀態", "estado", "trạng thái"}},
	{field: "tier",
		strong: []string{
			"tier", "creator tier", "层级", "达人层级", "达人等级", "達人等級", "層級",
			"nivel", "cấp độ", "hạng",
		},
		weak: []string{"level", "等级", "等級"}},
	{field: "tags",
		strong: []string{
			"tags", "tag", "labels", "label", "标签", "標籤", "標簽",
			"etiquetas", "etiqueta", "thẻ", "nhãn",
		}},
	{field: "notes",
		strong: []string{
			"notes", "note", "remarks", "remark", "comment", "comments", "memo",
			"备注", "備註", "说明", "notas", "nota", "comentarios", "observaciones",
			"ghi chú", "chú thích",
		}},
	// The pipeline columns of our own partners export (csvio.PartnerColumns)
	// and of trackers that keep the same. Only names that say what the
	// column holds: a discovery tool's product "commission rate" is not a
	// creator's terms.
	{field: "campaign",
		strong: []string{
			"campaign", "campaign name", "活动", "活动名称", "活動", "活動名稱",
			"campaña", "nombre de campaña", "chiến dịch", "tên chiến dịch",
		}},
	{field: "partnered_at",
		strong: []string{
			"partnered at", "partnered on", "partnership date", "partnered date",
			"合作时间", "合作日期", "合作時間",
			"fecha de colaboración", "ngày hợp tác",
		}},
	{field: "slot_fee",
		strong: []string{
			"slot fee", "slotting fee", "坑位费", "坑位費", "tarifa de espacio", "phí slot", "phí booking",
		},
		weak: []string{"fee", "费用", "費用", "tarifa", "phí"}},
	{field: "commission_pct",
		strong: []string{
			"commission pct", "commission percent", "creator commission",
			"佣金比例", "达人佣金", "佣金率", "達人佣金", "comisión del creador", "hoa hồng nhà sáng tạo",
		},
		weak: []string{"commission", "佣金", "comisión", "hoa hồng"}},
	{field: "sample_sku",
		strong: []string{
			"sample sku", "sample product", "样品sku", "寄样sku", "样品 sku", "樣品sku",
			"sku de muestra", "sku mẫu",
		}},
	{field: "discount_code",
		strong: []string{
			"discount code", "promo code", "coupon code", "coupon", "折扣码", "优惠码", "折扣碼", "優惠碼",
			"código de descuento", "cupón", "mã giảm giá",
		},
		weak: []string{"code", "代码", "código", "mã"}},
	{field: "discount_pct",
		strong: []string{
			"discount pct", "discount percent", "discount", "折扣", "折扣率", "优惠比例",
			"descuento", "giảm giá",
		}},
}

// headerAlias is what one normalised header text names.
type headerAlias struct {
	field string
	weak  bool
}

// headerAliases maps headerKey(alias) to its field.
var headerAliases = func() map[string]headerAlias {
	m := map[string]headerAlias{}
	for _, a := range creatorAliases {
		for _, s := range a.strong {
			m[headerKey(s)] = headerAlias{a.field, false}
		}
		for _, s := range a.weak {
			m[headerKey(s)] = headerAlias{a.field, true}
		}
	}
	delete(m, "") // a blank or all-punctuation header names nothing
	return m
}()

// foldAccents removes combining marks, so "Categoría" matches "categoria"
// and Vietnamese typed without diacritics still matches.
var foldAccents = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// headerKey is the comparable form of a header text: NFKC (fullwidth to
// ASCII), lower case, accents folded, and only letters and digits kept.
func headerKey(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	if f, _, err := transform.String(foldAccents, s); err == nil {
		s = f
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == 'đ':
			b.WriteByte('d')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// creatorColumn is what one header cell means.
type creatorColumn struct {
	field string // "" for a column that is not read
	weak  bool
	// exp is a power of ten the header puts on bare numbers: "粉丝数(万)",
	// "GMV (K USD)".
	exp int
	// currency is the currency a GMV header names: "Revenue ($)", "销售额(元)".
	currency string
	// percent: the header says the values are percentages, "ER (%)", so a
	// bare "0.5" is 0.5%, not 50%.
	percent bool
}

// parseHeaderCell reads one header cell. A trailing "(unit)" or "[unit]" is
// read as a unit when the rest names a field; unknown units are ignored.
func parseHeaderCell(cell string) creatorColumn {
	s := strings.TrimSpace(norm.NFKC.String(cleanHeaderText(cell)))
	if base, unit, ok := splitHeaderUnit(s); ok {
		if a, found := headerAliases[headerKey(base)]; found {
			col := creatorColumn{field: a.field, weak: a.weak}
			switch a.field {
			case "followers", "avg_views":
				col.exp = unitExp(unit)
			case "engagement", "commission_pct", "discount_pct":
				col.percent = unit == "%"
			case "gmv", "slot_fee":
				col.currency, col.exp = moneyUnit(unit)
			}
			return col
		}
	}
	if a, ok := headerAliases[headerKey(s)]; ok {
		col := creatorColumn{field: a.field, weak: a.weak}
		// "commission_pct", "Discount %": bare numbers are percentages.
		if k := headerKey(s); a.field == "commission_pct" || a.field == "discount_pct" {
			col.percent = strings.HasSuffix(k, "pct") || strings.HasSuffix(k, "percent") || strings.Contains(s, "%")
		}
		return col
	}
	return creatorColumn{}
}

// cleanHeaderText drops the BOM and zero-width characters spreadsheets leave
// around header texts.
func cleanHeaderText(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\uFEFF', '\u200B', '\u200C', '\u200D', '\u2060':
			return -1
		}
		return r
	}, s)
}

// splitHeaderUnit splits "Followers (K)" into "Followers" and "K".
func splitHeaderUnit(s string) (base, unit string, ok bool) {
	var open byte
	switch {
	case strings.HasSuffix(s, ")"):
		open = '('
	case strings.HasSuffix(s, "]"):
		open = '['
	default:
		return "", "", false
	}
	i := strings.LastIndexByte(s, open)
	if i <= 0 {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : len(s)-1]), true
}

// countUnits are the multipliers a header or a cell may name; the values are
// powers of ten.
var countUnits = map[string]int{
	"k": 3, "千": 3, "thousand": 3, "thousands": 3, "nghìn": 3, "ngàn": 3,
	"万": 4, "萬": 4, "w": 4, "万人": 4,
	"m": 6, "mn": 6, "million": 6, "millions": 6, "百万": 6, "百萬": 6, "triệu": 6, "millones": 6,
	"亿": 8, "億": 8,
	"b": 9, "bn": 9, "billion": 9, "tỷ": 9,
}

// unitExp is the power of ten a unit names, 0 when it names none.
func unitExp(unit string) int {
	return countUnits[strings.ToLower(strings.TrimSpace(unit))]
}

// expSuffix writes a power of ten as a unit outreach.ParseCount reads.
var expSuffix = map[int]string{3: "K", 4: "万", 6: "M", 8: "亿", 9: "B"}

// currencyWords are currency names that outreach.ParseMoney does not know.
var currencyWords = map[string]string{
	"元": "CNY", "人民币": "CNY", "人民幣": "CNY", "rmb": "CNY", "块": "CNY",
	"美元": "USD", "美金": "USD", "dollars": "USD", "us dollars": "USD",
	"đồng": "VND", "vnđ": "VND", "vnd": "VND",
}

// currencyCode reads a currency as a header or a currency column writes it:
// "USD", "usd", "$", "元", "RMB". ok is false for anything else.
func currencyCode(s string) (string, bool) {
	t := strings.TrimSpace(norm.NFKC.String(s))
	if t == "" {
		return "", false
	}
	if c, ok := currencyWords[strings.ToLower(t)]; ok {
		return c, true
	}
	// ParseMoney knows the symbols ($, €, RM, ₫ ...) and three-letter codes.
	m, err := outreach.ParseMoney(t+" 0", "")
	if err != nil || len(m.Currency) != 3 {
		return "", false
	}
	return m.Currency, true
}

// moneyUnit reads the unit of a GMV header: "USD", "$", "元", "万元",
// "K USD", "$K".
func moneyUnit(unit string) (currency string, exp int) {
	u := strings.TrimSpace(norm.NFKC.String(unit))
	for _, w := range []string{"美元", "人民币", "元"} {
		if rest, ok := strings.CutSuffix(u, w); ok {
			currency, u = currencyWords[w], strings.TrimSpace(rest)
			break
		}
	}
	for _, tok := range strings.FieldsFunc(u, func(r rune) bool { return r == ' ' || r == ',' || r == '/' }) {
		if e := unitExp(tok); e > 0 {
			exp = e
		} else if c, ok := currencyCode(tok); ok {
			currency = c
		} else if n := len(tok); n > 1 && unitExp(tok[n-1:]) > 0 {
			// "$K": a symbol glued to a unit.
			if c, ok := currencyCode(tok[:n-1]); ok {
				currency, exp = c, unitExp(tok[n-1:])
			}
		}
	}
	return currency, exp
}

// handleHint is the list of handle headers named when a file has none.
const handleHint = "handle, username, creator, tiktok, unique id, 达人账号, 用户名, 帳號, usuario, tên người dùng, profile url, ..."

// ErrAffiliateOrders is the refusal of a Seller Center affiliate-orders
// export offered as a creators list. Its "Creator Username" column would
// pass for a handle and every order would update a creator. The message is
// written here only, so it can point to the right command in one place.
var ErrAffiliateOrders = errors.New("this is a Seller Center affiliate-orders export, not a creators list: read it with creatordesk import orders")

// affiliateOrderHeaders are the columns of Seller Center's affiliate-orders
// export that no creators list has (see FIELD-NOTES.md), as headerKey
// writes them.
var affiliateOrderHeaders = func() map[string]bool {
	m := map[string]bool{}
	for _, h := range []string{
		"SKU ID", "Seller Sku", "Payment Amount", "Fully returned or refunded", "Content ID",
		"commission model", "Standard commission rate", "Est. Commission Base",
		"Est. standard commission payment", "Actual Commission Base",
		"Actual Commission Payment", "Shop Ads commission rate",
		"Est. Shop Ads commission payment", "Actual Shop Ads commission payment",
		"Est. co-funded creator bonus", "Actual co-funded creator bonus",
		"Time Commission Paid",
	} {
		m[headerKey(h)] = true
	}
	return m
}()

// isAffiliateOrdersHeader reports a header row of the affiliate-orders
// export: an Order ID column and three more of its own. Order ID alone, or
// with Quantity and Order Status, could be a tracker's sample orders.
func isAffiliateOrdersHeader(rec []string) bool {
	orderID, others := false, 0
	for _, cell := range rec {
		k := headerKey(cleanHeaderText(cell))
		switch {
		case k == "orderid":
			orderID = true
		case affiliateOrderHeaders[k]:
			others++
		}
	}
	return orderID && others >= 3
}
