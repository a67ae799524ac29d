// Command gencsv writes a creators CSV shaped like a discovery tool's export
// (Kalodata, FastMoss): abbreviated counts ("1.2K", "1.05M", "12.5万"), names
// in several scripts, emails on most rows. The same -n and -seed give the
// same bytes. Rows are written as they are made, so memory stays flat at any
// size. It lives under .ci so `go test ./...` skips it; .ci/bench runs it.
//
//	go run ./.ci/gencsv -n 1000000 -o creators.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

// person is a given or family name as displayed, and its ASCII form for
// handles and addresses.
type person struct{ shown, ascii string }

// script groups the names one creator's display name is drawn from.
type script struct {
	weight         int
	given, family  []person
	familyFirst    bool // Chinese and Vietnamese order
	regions        []string
	spaceInDisplay bool
}

func split(list ...string) []person {
	out := make([]person, len(list))
	for i, s := range list {
		shown, ascii, ok := strings.Cut(s, "|")
		if !ok {
			ascii = strings.ToLower(s)
		}
		out[i] = person{shown, ascii}
	}
	return out
}

// scripts mirror store/demo's cultures, so filter fragments that find demo
// creators find these too.
var scripts = []script{
	{weight: 34, spaceInDisplay: true, regions: []string{"US", "United Kingdom", "GB", "United States"},
		given:  split("Jess", "Olivia", "Emma", "Ava", "Mia", "Chloe", "Hannah", "Madison", "Tyler", "Jake", "Marcus", "Sophie", "Grace", "Poppy", "Megan", "Jordan", "Riley", "Brooke"),
		family: split("Carter", "Brooks", "Hughes", "Patel", "Johnson", "Williams", "Reed", "Bennett", "Foster", "Murphy", "Kim", "Okafor", "Evans", "Rivera")},
	{weight: 12, spaceInDisplay: true, regions: []string{"Indonesia", "ID"},
		given:  split("Rina", "Putri", "Ayu", "Dewi", "Siti", "Nadia", "Indah", "Fitri", "Bagas", "Rizky", "Dimas", "Wulan"),
		family: split("Kusuma", "Wijaya", "Saputra", "Pratama", "Lestari", "Hidayat", "Santoso", "Nugroho")},
	{weight: 14, spaceInDisplay: true, familyFirst: true, regions: []string{"Việt Nam", "VN", "Vietnam"},
		given:  split("Trang", "Linh", "Hương|huong", "Mai", "Anh", "Thảo|thao", "Vy", "Ngân|ngan", "Quỳnh|quynh", "Khánh|khanh", "Phương|phuong"),
		family: split("Nguyễn|nguyen", "Trần|tran", "Lê|le", "Phạm|pham", "Hoàng|hoang", "Huỳnh|huynh", "Võ|vo", "Đặng|dang")},
	{weight: 12, familyFirst: true, regions: []string{"美国", "MY", "SG", "新加坡"},
		given:  split("佳怡|jiayi", "美玲|meiling", "晓雯|xiaowen", "思琪|siqi", "欣怡|xinyi", "嘉欣|jiaxin", "凯文|kaiwen", "诗涵|shihan", "子轩|zixuan", "慧敏|huimin"),
		family: split("林|lin", "陈|chen", "黄|huang", "李|li", "王|wang", "吴|wu", "郑|zheng", "刘|liu", "张|zhang", "杨|yang")},
	{weight: 8, regions: []string{"TH", "Thailand"},
		given: split("มะปราง|maprang", "เมย์|may", "แพรว|praew", "ฝน|fon", "มิ้นท์|mint", "ใบเตย|baitoey", "ฟ้า|fah", "จูน|june")},
	{weight: 10, spaceInDisplay: true, regions: []string{"MX", "México", "US"},
		given:  split("Valeria", "Ximena", "Camila", "Sofía|sofia", "Renata", "Diego", "Andrés|andres", "Paola", "Itzel"),
		family: split("Ramírez|ramirez", "Hernández|hernandez", "García|garcia", "López|lopez", "Torres", "Flores", "Cruz")},
}

var (
	categories = []string{"Beauty", "Fashion", "Home", "Food", "Tech", "Fitness", "Baby", "Pets"}
	// suffixes make display names channel-like; some carry commas, emoji
	// or CJK so the file needs quoting.
	suffixes = []string{"", "", "", " Beauty", " | Skincare", ", Home Finds", " 🌸", " ✨", "的厨房", "穿搭", " Review Mỹ Phẩm", " รีวิว", " Eats", ", OOTD"}
	domains  = []string{"gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "qq.com", "163.com"}
	joiners  = []string{"", "_", ".", ""}
)

func main() {
	n := flag.Int("n", 1_000_000, "rows to write")
	out := flag.String("o", "-", "output file (- is standard output)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if flag.NArg() > 0 { // `gencsv 1000` works too
		v, err := strconv.Atoi(flag.Arg(0))
		if err != nil {
			fmt.Fprintf(os.Stderr, "gencsv: %q is not a row count\n", flag.Arg(0))
			os.Exit(2)
		}
		*n = v
	}
	w := io.Writer(os.Stdout)
	var f *os.File
	if *out != "-" {
		var err error
		if f, err = os.Create(*out); err != nil {
			fmt.Fprintln(os.Stderr, "gencsv:", err)
			os.Exit(1)
		}
		w = f
	}
	if err := write(w, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencsv:", err)
		os.Exit(1)
	}
	if f != nil {
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "gencsv:", err)
			os.Exit(1)
		}
	}
}

func write(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("Creator Username,Nickname,Followers,Country/Region,Category,Email,Avg. Views,Engagement Rate,Revenue\n")
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	total := 0
	for _, s := range scripts {
		total += s.weight
	}
	var line []byte
	for i := range n {
		line = row(line[:0], r, i, total)
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// row appends one CSV line for creator i.
func row(b []byte, r *rand.Rand, i, total int) []byte {
	pick := r.IntN(total)
	var s *script
	for k := range scripts {
		if pick < scripts[k].weight {
			s = &scripts[k]
			break
		}
		pick -= scripts[k].weight
	}
	given := s.given[r.IntN(len(s.given))]
	var family person
	if len(s.family) > 0 && r.IntN(3) > 0 {
		family = s.family[r.IntN(len(s.family))]
	}

	// Handle: the names in ASCII (no digits), then i, which keeps every
	// handle unique however the names repeat; some arrive with an @ or in
	// capitals, as tools write them.
	var h []byte
	if r.IntN(4) == 0 {
		h = append(h, '@')
	}
	name := given.ascii
	if family.ascii != "" {
		name += joiners[r.IntN(len(joiners))] + family.ascii
	}
	if len(name) > 20 {
		name = name[:20]
	}
	name += joiners[r.IntN(len(joiners))] + strconv.Itoa(i)
	if r.IntN(10) == 0 {
		name = strings.ToUpper(name[:1]) + name[1:]
	}
	h = append(h, name...)
	b = append(b, h...)
	b = append(b, ',')

	display := given.shown
	if family.shown != "" {
		sep := ""
		if s.spaceInDisplay {
			sep = " "
		}
		if s.familyFirst {
			display = family.shown + sep + given.shown
		} else {
			display = given.shown + sep + family.shown
		}
	}
	display += suffixes[r.IntN(len(suffixes))]
	b = appendField(b, display)
	b = append(b, ',')

	// Followers: a long tail around 25k, 15% above the head line.
	var followers float64
	if r.Float64() < 0.15 {
		followers = 520_000 / math.Pow(1-r.Float64(), 1/2.2)
		followers = min(followers, 9_400_000)
	} else {
		followers = math.Exp(math.Log(25_000) + 1.1*r.NormFloat64())
		followers = max(1_000, min(followers, 480_000))
	}
	b = appendCount(b, r, int64(followers))
	b = append(b, ',')
	b = appendField(b, s.regions[r.IntN(len(s.regions))])
	b = append(b, ',')
	b = append(b, categories[r.IntN(len(categories))]...)
	b = append(b, ',')
	if r.IntN(10) < 7 {
		b = append(b, strings.ToLower(name)...)
		b = append(b, '@')
		b = append(b, domains[r.IntN(len(domains))]...)
	}
	b = append(b, ',')
	if r.IntN(20) > 0 {
		views := followers * math.Exp(math.Log(0.12)+0.7*r.NormFloat64())
		b = appendCount(b, r, int64(max(200, views)))
	}
	b = append(b, ',')
	if r.IntN(15) > 0 {
		bp := 100 + r.IntN(1400)
		b = strconv.AppendInt(b, int64(bp/100), 10)
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(bp%100/10), 10)
		b = append(b, '%')
	}
	b = append(b, ',')
	if r.IntN(2) == 0 {
		cents := int64(math.Exp(math.Log(120_000) + 1.2*r.NormFloat64()))
		b = append(b, '"', '$')
		b = appendGrouped(b, cents/100)
		b = append(b, '.')
		if c := cents % 100; c < 10 {
			b = append(b, '0')
		}
		b = strconv.AppendInt(b, cents%100, 10)
		b = append(b, '"')
	}
	return append(b, '\n')
}

// appendCount writes a count the way exports abbreviate it: mostly "1.2K"
// or "1.05M", sometimes "12.5万", sometimes grouped in full ("8,432").
func appendCount(b []byte, r *rand.Rand, v int64) []byte {
	switch k := r.IntN(20); {
	case k < 2 && v >= 10_000:
		return appendDecimal(append(b, '"'), v, 10_000, 1, "万\"")
	case k < 4:
		b = append(b, '"')
		return append(appendGrouped(b, v), '"')
	case v >= 1_000_000:
		return appendDecimal(b, v, 1_000_000, 2, "M")
	case v >= 1_000:
		return appendDecimal(b, v, 1_000, 1, "K")
	default:
		return strconv.AppendInt(b, v, 10)
	}
}

// appendDecimal writes v/unit with the given decimals and suffix, trailing
// zeros dropped ("1.2K", "3M").
func appendDecimal(b []byte, v, unit int64, decimals int, suffix string) []byte {
	scale := int64(math.Pow10(decimals))
	q := (v*scale + unit/2) / unit
	b = strconv.AppendInt(b, q/scale, 10)
	frac := q % scale
	if frac != 0 {
		digits := strconv.FormatInt(frac+scale, 10)[1:] // zero-padded
		b = append(b, '.')
		b = append(b, strings.TrimRight(digits, "0")...)
	}
	return append(b, suffix...)
}

func appendGrouped(b []byte, v int64) []byte {
	s := strconv.FormatInt(v, 10)
	for i, c := range []byte(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	return b
}

// appendField quotes a cell when CSV needs it.
func appendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}
