package outreach

// A Figure is one number the dashboard shows, defined once: its tile, the
// explanation ? shows and the test that adds campaigns up all read it here.
type Figure struct {
	Label string // on a tile with room
	Short string // in a narrow window: at most ShortLabelWidth cells
	// Counts says what is counted and Campaign what changes when one
	// campaign is in view, each in a sentence or two; Period is over which
	// time, a phrase.
	Counts, Period, Campaign string
	// Adds is true when the campaigns' figures sum to the all-campaigns
	// one; else NotAdded says why they need not.
	Adds     bool
	NotAdded string
}

// ShortLabelWidth is the most cells a Figure's Short label takes.
const ShortLabelWidth = 14

// The dashboard's figures. A creator's pipeline is their place in one
// campaign; "on record" excludes what an import brought (BroughtOutcome).
var (
	FigureCreators = Figure{Label: "creators", Short: "creators",
		Counts:   "Creators in the database, by tier.",
		Period:   "now",
		Campaign: "Creators with a pipeline in it, prospects included.",
		NotAdded: "a creator may be in several campaigns, and all campaigns also counts creators in none."}
	FigureInvitedThisWeek = Figure{Label: "invited this week", Short: "inv. this week",
		Counts:   "Invitations: pipelines that reached invited, by a move or a sent message. A creator invited in two campaigns counts twice. New creators (TikTok's quota) are on the Queue.",
		Period:   "this week, from Monday 00:00 (the trend's last week)",
		Campaign: "Its pipelines only.",
		Adds:     true}
	FigureReplyRate = Figure{Label: "reply rate", Short: "reply rate",
		Counts:   "Funnel replied ÷ invited, both tiers: creators on record who replied, of those invited.",
		Period:   "since the first invitation",
		Campaign: "Its pipelines only.",
		NotAdded: "a rate; and all campaigns counts a creator once, at the furthest stage in any campaign."}
	FigureConversion = Figure{Label: "conversion head · micro", Short: "conv. h · m",
		Counts:   "Funnel partnered ÷ invited, per tier.",
		Period:   "since the first invitation",
		Campaign: "Its pipelines only.",
		NotAdded: "a rate, of creators counted once across campaigns."}
	FigureInTransit = Figure{Label: "samples in transit", Short: "in transit",
		Counts:   "Samples shipped and not delivered yet.",
		Period:   "now",
		Campaign: "Samples of its pipelines.",
		Adds:     true}
	FigureOverdue = Figure{Label: "content overdue", Short: "overdue",
		Counts:   "Delivered samples whose content due date has passed with no content posted.",
		Period:   "now",
		Campaign: "Samples of its pipelines.",
		Adds:     true}
	FigureSpend = Figure{Label: "spend (fees + samples)", Short: "spend",
		Counts:   "Slot fees of partnerships (partnered or further, not ended) plus the cost of samples not cancelled, per currency.",
		Period:   "since the first partnership",
		Campaign: "Its partnerships and samples.",
		Adds:     true}
	FigureFunnel = Figure{Label: "funnel", Short: "funnel",
		Counts:   "Creators on record at or past each step: invited, replied, partnered, posted; a creator who declined later still counts where they got to. The bar and % are of invited.",
		Period:   "since the first invitation",
		Campaign: "Its pipelines; all campaigns counts a creator once, at the furthest stage in any campaign.",
		NotAdded: "all campaigns counts a creator in several campaigns once."}
	FigureImported = Figure{Label: "imported", Short: "imported",
		Counts:   "Pipelines a file brought in at replied or further, or declined or no response: the outcome came with the file, and a file of partners would read as a 100% reply rate, so they are kept out of the funnel and rates.",
		Period:   "since the first import",
		Campaign: "Its pipelines; all campaigns counts creators.",
		NotAdded: "all campaigns counts a creator in several campaigns once."}
	FigureTrend = Figure{Label: "last 12 weeks", Short: "trend",
		Counts:   "Invitations and partnerships (pipelines first reaching partnered) per week, as moves and sent messages dated them; a stage a file brought is left out.",
		Period:   "12 weeks, Monday to Sunday, this week last",
		Campaign: "Its pipelines only.",
		Adds:     true}
)

// Figures lists the dashboard's figures in the order it shows them.
var Figures = []Figure{FigureCreators, FigureInvitedThisWeek, FigureReplyRate, FigureConversion,
	FigureInTransit, FigureOverdue, FigureSpend, FigureFunnel, FigureImported, FigureTrend}

// BroughtOutcome reports whether a pipeline imported at stage entered
// brought its outcome with it: the creator had replied, declined or gone
// quiet before creatordesk knew them. The funnel and its rates leave such
// pipelines out; an import at invited is counted, as its reply is recorded
// here.
func BroughtOutcome(entered Stage) bool {
	return entered.Rank() >= Replied.Rank() || entered == Declined || entered == NoResponse
}

// ImportDated reports whether a pipeline imported at stage entered carries
// the import's date on step, rather than the day the step happened: the
// weekly figures leave such a step out.
func ImportDated(entered, step Stage) bool {
	return step.Rank() >= Invited.Rank() && ImpliedFurthest(entered).Rank() >= step.Rank()
}
