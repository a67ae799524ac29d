package outreach

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// regionNames maps country names people write (English, Chinese, Spanish,
// Vietnamese, local) to ISO 3166-1 alpha-2 codes, for TikTok Shop's markets
// and their neighbours.
var regionNames = map[string]string{
	"united states": "US", "usa": "US", "america": "US", "美国": "US", "estados unidos": "US", "mỹ": "US", "hoa kỳ": "US",
	"united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB", "britain": "GB", "英国": "GB", "reino unido": "GB", "anh": "GB",
	"indonesia": "ID", "印尼": "ID", "印度尼西亚": "ID",
	"malaysia": "MY", "马来西亚": "MY", "马来": "MY",
	"philippines": "PH", "菲律宾": "PH", "filipinas": "PH",
	"thailand": "TH", "泰国": "TH", "tailandia": "TH", "thái lan": "TH",
	"vietnam": "VN", "viet nam": "VN", "việt nam": "VN", "越南": "VN",
	"singapore": "SG", "新加坡": "SG",
	"mexico": "MX", "méxico": "MX", "墨西哥": "MX",
	"brazil": "BR", "brasil": "BR", "巴西": "BR",
	"spain": "ES", "españa": "ES", "西班牙": "ES",
	"ireland": "IE", "爱尔兰": "IE",
	"germany": "DE", "deutschland": "DE", "德国": "DE", "alemania": "DE",
	"france": "FR", "法国": "FR", "francia": "FR",
	"italy": "IT", "italia": "IT", "意大利": "IT",
	"japan": "JP", "日本": "JP", "japón": "JP", "nhật bản": "JP",
	"south korea": "KR", "korea": "KR", "韩国": "KR", "hàn quốc": "KR",
	"saudi arabia": "SA", "沙特": "SA", "沙特阿拉伯": "SA",
	"united arab emirates": "AE", "uae": "AE", "阿联酋": "AE",
	"canada": "CA", "加拿大": "CA", "canadá": "CA",
	"australia": "AU", "澳大利亚": "AU", "澳洲": "AU",
	"china": "CN", "中国": "CN", "mainland china": "CN",
	"hong kong": "HK", "香港": "HK", "taiwan": "TW", "台湾": "TW",
	"india": "IN", "印度": "IN", "colombia": "CO", "哥伦比亚": "CO",
	"argentina": "AR", "阿根廷": "AR", "chile": "CL", "智利": "CL", "peru": "PE", "perú": "PE", "秘鲁": "PE",
	"netherlands": "NL", "荷兰": "NL", "poland": "PL", "波兰": "PL", "turkey": "TR", "türkiye": "TR", "土耳其": "TR",
}

// NormalizeRegion turns a country code or name into an upper-case ISO 3166-1
// alpha-2 code: "us", "United States", "美国" all give "US".
func NormalizeRegion(s string) (string, error) {
	t := strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
	if t == "" {
		return "", nil
	}
	if code, ok := regionNames[t]; ok {
		return code, nil
	}
	if len(t) == 2 && t[0] >= 'a' && t[0] <= 'z' && t[1] >= 'a' && t[1] <= 'z' {
		return strings.ToUpper(t), nil
	}
	return "", fmt.Errorf("%q is not a country (use a 2-letter code such as US or VN)", s)
}
