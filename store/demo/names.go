package demo

// Word lists for the demo data. Names written in another script carry their
// ASCII form after a "|", which handles and e-mail addresses use; a name
// without one is lower-cased and stripped of anything but letters.
//
// Every name here is made up from common given names and family names; no
// list entry is meant to be a real creator.

// culture picks the word lists a creator's names come from.
type culture int

const (
	english culture = iota
	spanish
	vietnamese
	indonesian
	thai
	chinese
	malay
	filipino
)

// regionWeight is where the demo's creators live: weighted towards the US,
// the UK, Indonesia and Vietnam, TikTok Shop's largest markets for a seller
// like this one.
var regionWeights = []struct {
	code    string
	weight  int
	culture []weighted[culture]
}{
	{"US", 24, []weighted[culture]{{english, 74}, {spanish, 12}, {vietnamese, 7}, {chinese, 7}}},
	{"GB", 14, []weighted[culture]{{english, 88}, {chinese, 12}}},
	{"ID", 17, []weighted[culture]{{indonesian, 100}}},
	{"VN", 15, []weighted[culture]{{vietnamese, 100}}},
	{"PH", 8, []weighted[culture]{{filipino, 100}}},
	{"TH", 8, []weighted[culture]{{thai, 100}}},
	{"MY", 6, []weighted[culture]{{malay, 55}, {chinese, 45}}},
	{"MX", 5, []weighted[culture]{{spanish, 100}}},
	{"SG", 4, []weighted[culture]{{chinese, 60}, {english, 25}, {malay, 15}}},
}

type weighted[T any] struct {
	v T
	w int
}

// categories a creator mostly posts about, with their share.
var categoryWeights = []weighted[string]{
	{"Beauty", 28}, {"Fashion", 17}, {"Home", 14}, {"Food", 12},
	{"Tech", 8}, {"Fitness", 8}, {"Baby", 7}, {"Pets", 6},
}

var givenNames = map[culture][]string{
	english: {
		"Jess", "Olivia", "Emma", "Ava", "Mia", "Chloe", "Hannah", "Madison", "Kayla", "Brianna",
		"Tyler", "Jake", "Marcus", "Dylan", "Ethan", "Noah", "Liam", "Sophie", "Amelia", "Grace",
		"Ellie", "Poppy", "Freya", "Jade", "Megan", "Tash", "Becca", "Zoe", "Aaliyah", "Jordan",
		"Taylor", "Kendra", "Destiny", "Sam", "Harriet", "Imogen", "Callum", "Nia", "Riley", "Brooke",
	},
	spanish: {
		"Valeria", "Ximena", "Camila", "Fernanda", "Sofía|sofia", "Renata", "Mariana", "Daniela",
		"Diego", "Alejandro", "Luis", "Andrés|andres", "Paola", "Itzel", "Lupita", "Regina",
		"Ana Lucía|analucia", "Karla", "Montse", "Emilio",
	},
	vietnamese: {
		"Trang", "Linh", "Hương|huong", "Mai", "Anh", "Thảo|thao", "Vy", "Ngân|ngan", "Hà|ha",
		"Quỳnh|quynh", "Tú|tu", "Duy", "Huy", "Khánh|khanh", "Phương|phuong", "My", "Nhi", "Tâm|tam",
	},
	indonesian: {
		"Rina", "Putri", "Ayu", "Dewi", "Siti", "Nadia", "Indah", "Fitri", "Bagas", "Rizky",
		"Dimas", "Anisa", "Wulan", "Sari", "Intan", "Citra", "Tasya", "Yogi", "Laras", "Nabila",
	},
	thai: {
		"มะปราง|maprang", "เมย์|may", "ปอนด์|pond", "แพรว|praew", "ฝน|fon", "มิ้นท์|mint",
		"เบียร์|beer", "ต้นข้าว|tonkhao", "ใบเตย|baitoey", "ออม|aom", "น้ำฝน|namfon", "กิ๊ฟ|gift",
		"แนน|nan", "ปาล์ม|palm", "ฟ้า|fah", "จูน|june",
	},
	chinese: {
		"佳怡|jiayi", "美玲|meiling", "晓雯|xiaowen", "思琪|siqi", "欣怡|xinyi", "嘉欣|jiaxin",
		"凯文|kaiwen", "诗涵|shihan", "子轩|zixuan", "雨桐|yutong", "俊杰|junjie", "慧敏|huimin",
		"小美|xiaomei", "阿琪|ahqi", "可欣|kexin", "志豪|zhihao",
	},
	malay: {
		"Aisyah", "Farah", "Aina", "Hafiz", "Amirul", "Syafiqah", "Izzati", "Nadhirah",
		"Aqil", "Sofea", "Hanis", "Danial", "Alya", "Irfan",
	},
	filipino: {
		"Mika", "Bea", "Jasmine", "Kyla", "Trisha", "Angel", "Paolo", "Carlo", "Janine",
		"Nicole", "Kaye", "Bianca", "Migs", "Joanna", "Pia", "Rafa",
	},
}

var familyNames = map[culture][]string{
	english: {
		"Carter", "Brooks", "Hughes", "Patel", "Johnson", "Williams", "Reed", "Bennett", "Foster",
		"Hayes", "Price", "Walsh", "Murphy", "Kim", "Okafor", "Evans", "Wright", "Clarke", "Morgan",
		"Ellis", "Turner", "Shaw", "Rivera", "Brown",
	},
	spanish: {
		"Ramírez|ramirez", "Hernández|hernandez", "García|garcia", "López|lopez", "Martínez|martinez",
		"González|gonzalez", "Torres", "Flores", "Cruz", "Morales", "Reyes", "Vargas", "Castillo",
	},
	vietnamese: {
		"Nguyễn|nguyen", "Trần|tran", "Lê|le", "Phạm|pham", "Hoàng|hoang", "Huỳnh|huynh",
		"Võ|vo", "Đặng|dang", "Bùi|bui", "Đỗ|do",
	},
	indonesian: {
		"Kusuma", "Wijaya", "Saputra", "Pratama", "Lestari", "Hidayat", "Santoso", "Permata",
		"Rahmawati", "Nugroho", "Maharani", "Utami",
	},
	thai: {}, // Thai creators go by nickname
	chinese: {
		"林|lin", "陈|chen", "黄|huang", "李|li", "王|wang", "吴|wu", "郑|zheng", "刘|liu",
		"张|zhang", "杨|yang", "许|xu", "周|zhou",
	},
	malay: {
		"Rahman", "Ismail", "Hassan", "Hanim", "Zulkifli", "Roslan", "Aziz", "Kamal",
	},
	filipino: {
		"Santos", "Reyes", "dela Cruz|delacruz", "Mendoza", "Bautista", "Villanueva", "Garcia",
		"Ramos", "Aquino", "Navarro", "Castro",
	},
}

// vietMiddle are common Vietnamese middle names.
var vietMiddle = []string{"Thị", "Ngọc", "Minh", "Thu", "Thanh", "Hồng", "Bảo", "Gia"}

// brandNames are channel-style display names per culture and category; %s
// is the creator's given name.
var brandNames = map[culture]map[string][]string{
	english: {
		"Beauty":  {"Glow with %s", "%s Beauty", "%s | Skincare", "Makeup by %s"},
		"Fashion": {"%s Styles", "Outfits by %s", "%s's Closet"},
		"Home":    {"Home with %s", "%s's Home Finds", "Clean with %s"},
		"Food":    {"%s Eats", "Cooking with %s", "%s in the Kitchen"},
		"Tech":    {"%s Tech", "%s Unboxes", "Desk Setups by %s"},
		"Fitness": {"Fit with %s", "%s Lifts", "Pilates with %s"},
		"Baby":    {"Mama %s", "%s & Baby", "%s Mom Life"},
		"Pets":    {"%s and the Pups", "%s's Cat Diaries", "Paws with %s"},
	},
	spanish: {
		"Beauty":  {"%s Maquillaje", "Skincare con %s", "%s Belleza"},
		"Fashion": {"Outfits de %s", "%s Moda"},
		"Home":    {"%s en Casa", "Hogar con %s"},
		"Food":    {"Cocina con %s", "Recetas de %s"},
		"Tech":    {"%s Tecnología", "%s Unboxing"},
		"Fitness": {"Entrena con %s", "%s Fit"},
		"Baby":    {"Mamá %s", "%s y su Bebé"},
		"Pets":    {"%s y sus Perritos", "Michis de %s"},
	},
	vietnamese: {
		"Beauty":  {"%s Makeup", "%s Review Mỹ Phẩm", "Góc Làm Đẹp của %s"},
		"Fashion": {"%s Outfit", "Tủ Đồ của %s"},
		"Home":    {"%s Review Đồ Gia Dụng", "Nhà của %s"},
		"Food":    {"Bếp của %s", "%s Ăn Gì"},
		"Tech":    {"%s Review Công Nghệ", "%s Tech"},
		"Fitness": {"%s Gym", "Yoga cùng %s"},
		"Baby":    {"Mẹ %s", "Nhà %s Có Em Bé"},
		"Pets":    {"Boss của %s", "%s và Mèo"},
	},
	indonesian: {
		"Beauty":  {"Racun Skincare %s", "%s Beauty", "Makeup ala %s"},
		"Fashion": {"OOTD %s", "Racun Outfit %s"},
		"Home":    {"Rumah %s", "%s Review Barang"},
		"Food":    {"Dapur %s", "Masak Bareng %s"},
		"Tech":    {"%s Gadget", "Review Gadget %s"},
		"Fitness": {"%s Fit", "Olahraga Bareng %s"},
		"Baby":    {"Bunda %s", "Mama %s"},
		"Pets":    {"Anabul %s", "Kucing %s"},
	},
	thai: {
		"Beauty":  {"%s รีวิว", "%s Beauty", "สวยแบบ%s"},
		"Fashion": {"%s แต่งตัว", "ตู้เสื้อผ้า%s"},
		"Home":    {"บ้าน%s", "%s รีวิวของใช้"},
		"Food":    {"ครัว%s", "%s ชวนชิม"},
		"Tech":    {"%s รีวิวแกดเจ็ต", "%s Tech"},
		"Fitness": {"%s ฟิต", "%s Fit"},
		"Baby":    {"แม่%s", "%s กับลูก"},
		"Pets":    {"ทาสแมว %s", "%s กับน้องหมา"},
	},
	chinese: {
		"Beauty":  {"%s Beauty", "%s的护肤日记", "%s美妆"},
		"Fashion": {"%s穿搭", "%s OOTD"},
		"Home":    {"%s的家", "%s好物分享"},
		"Food":    {"%s的厨房", "%s吃什么"},
		"Tech":    {"%s玩科技", "%s Tech"},
		"Fitness": {"%s健身", "%s Fit"},
		"Baby":    {"%s妈妈", "%s育儿"},
		"Pets":    {"%s和猫", "%s家的狗狗"},
	},
	malay: {
		"Beauty":  {"%s Beauty", "Skincare %s"},
		"Fashion": {"%s Modest Style", "Tudung %s"},
		"Home":    {"Rumah %s", "%s Home"},
		"Food":    {"Dapur %s", "Resepi %s"},
		"Tech":    {"%s Gadget", "%s Tech"},
		"Fitness": {"%s Fit"},
		"Baby":    {"Mama %s", "Ibu %s"},
		"Pets":    {"Kucing %s", "%s & Meow"},
	},
	filipino: {
		"Beauty":  {"Ate %s", "%s Beauty", "Glow with %s"},
		"Fashion": {"%s Styles", "Ukay Finds ni %s"},
		"Home":    {"%s Home Finds", "Bahay ni %s"},
		"Food":    {"%s's Kitchen", "Luto ni %s"},
		"Tech":    {"%s Tech PH", "%s Gadgets"},
		"Fitness": {"Fit with %s"},
		"Baby":    {"Mommy %s", "%s & Baby"},
		"Pets":    {"%s and Furbabies", "Tita %s and the Cats"},
	},
}

// handleWords are what handles are built from, per category.
var handleWords = map[string][]string{
	"Beauty":  {"glow", "beauty", "skincare", "makeup", "skin", "glam", "lips"},
	"Fashion": {"style", "ootd", "closet", "fits", "wears", "outfits"},
	"Home":    {"home", "homefinds", "nest", "cleans", "decor", "finds"},
	"Food":    {"eats", "kitchen", "cooks", "food", "yum", "bakes"},
	"Tech":    {"tech", "gadgets", "setup", "unbox", "techie"},
	"Fitness": {"fit", "gym", "lifts", "yoga", "moves", "pilates"},
	"Baby":    {"mama", "mom", "babyfinds", "mumlife", "momlife"},
	"Pets":    {"pup", "dogmom", "paws", "meow", "catlady", "pets"},
}

// localHandleWords are local words some handles add to a name, whatever
// the creator posts about.
var localHandleWords = map[culture][]string{
	indonesian: {"racun", "review", "id", "official"},
	vietnamese: {"review", "vn", "daily"},
	thai:       {"review", "th", "official"},
	spanish:    {"mx", "conmigo", "oficial"},
	malay:      {"my", "official", "daily"},
	filipino:   {"ph", "ate", "daily"},
	chinese:    {"sg", "daily", "diary"},
	english:    {"daily", "finds", "official", "xo"},
}

// categoryEmoji decorate a few display names.
var categoryEmoji = map[string][]string{
	"Beauty":  {"✨", "💄", "🌸", "💅"},
	"Fashion": {"👗", "✨", "🛍️"},
	"Home":    {"🏡", "🧺", "🌿"},
	"Food":    {"🍳", "🍜", "🧁"},
	"Tech":    {"🎧", "📱", "⚡"},
	"Fitness": {"💪", "🏋️", "🧘"},
	"Baby":    {"🍼", "👶", "🧸"},
	"Pets":    {"🐶", "🐱", "🐾"},
}

// categoryTags are tags staffers give creators of each category.
var categoryTags = map[string][]string{
	"Beauty":  {"skincare", "makeup", "kbeauty", "haircare", "nails", "grwm"},
	"Fashion": {"ootd", "modest-fashion", "thrift", "streetwear", "try-on"},
	"Home":    {"home-decor", "cleaning", "organization", "home-finds"},
	"Food":    {"recipes", "asmr", "street-food", "baking", "meal-prep"},
	"Tech":    {"gadgets", "desk-setup", "phone-accessories", "gaming"},
	"Fitness": {"gym", "yoga", "pilates", "running"},
	"Baby":    {"mom-life", "baby-care", "toddler"},
	"Pets":    {"dog-mom", "cat", "pet-care"},
}

// generalTags apply to any creator.
var generalTags = []string{
	"unboxing", "review", "fast-reply", "slow-reply", "live-seller", "ugc", "high-gmv",
	"agency-managed", "repeat-partner", "faceless", "storytelling",
}

// creatorNotes are the short notes a staffer leaves on a creator.
var creatorNotes = []string{
	"Prefers WhatsApp over email",
	"Managed by an agency: cc her manager on every email",
	"Promoted a competitor serum in the spring",
	"Goes live on Friday evenings",
	"Asked for two shades last time",
	"Only works with cruelty-free brands",
	"Great hooks, slow to post",
	"Replies within the hour on TikTok DMs",
	"Wants the brief in writing before agreeing",
	"Audience skews 18–24",
	"Met at the creator meetup, very friendly",
	"Rate card on file, open to commission-only",
	"Posts in two languages",
	"Check the shipping address before sending, moved recently",
	"High GMV on lives, average on videos",
	"回复很快，适合做直播",
	"报价偏高，先寄样再谈",
	"粉丝以学生为主",
}

// Move notes, by the stage moved to.
var (
	inviteNotes = []string{
		"Sent invite in Seller Center", "DM'd on TikTok", "Emailed the media kit",
		"Invited via affiliate target collab", "Followed up on a comment", "WhatsApp intro",
	}
	replyNotes = []string{
		"Interested, asked for the rate card", "Replied on WhatsApp", "Wants to try the product first",
		"Asked about commission", "Replied within an hour", "Manager replied for her",
	}
	lateReplyNotes = []string{
		"Replied late: was travelling", "Came back after the second follow-up", "Replied after we commented on her video",
	}
	negotiateNotes = []string{
		"Countered on the slot fee", "Wants 20% commission", "Asked for a second SKU",
		"Discussing posting dates", "Sent the brief, waiting on questions", "Wants usage rights excluded",
	}
	partnerNotes = []string{
		"Agreed to the standard terms", "Deal confirmed, brief sent", "Signed, posting window agreed",
		"Confirmed by email", "Happy with the code discount",
	}
	shipNotes = []string{
		"Shipped", "Sample out today", "Handed to the courier",
	}
	deliverNotes = []string{
		"Delivered, reminded about the 14-day window", "Tracking shows delivered", "She confirmed it arrived",
	}
	postNotes = []string{
		"Video live", "Posted, good hook", "Posted and pinned", "Video is live, added to spark ads list",
	}
	declineNotes = []string{
		"Not a fit for her audience", "Rate too high for this campaign", "Already promoting a competitor",
		"Too busy this quarter", "Only does paid deals", "Doesn't ship-test products",
	}
	noReplyNotes = []string{
		"No reply after 2 follow-ups", "Seen, no reply", "No answer to email or DM",
	}
	ghostNotes = []string{
		"Went quiet after the rate card", "Stopped replying during talks", "No reply since the brief",
	}
	backOutNotes = []string{
		"Backed out after agreeing; sample cancelled before shipping",
		"Changed her mind, cancelled the sample",
	}
	headBackOutNotes = []string{
		"Deal fell through: schedule clash", "Agency pulled out over usage rights",
	}
	dncNotes = []string{
		"Asked us not to contact her again", "Reported our DM as spam", "Brand-safety concern about recent content",
		"Exclusive with a competitor brand", "Unsubscribed from our emails",
	}
)
