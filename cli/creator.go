package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"creatordesk/outreach"
	"creatordesk/store"
)

func (a *app) creatorCmd() *cobra.Command {
	cmd := group(&cobra.Command{Use: "creator", Short: "Add a creator, correct their fields, or show everything about them"})
	cmd.AddCommand(a.creatorAddCmd(), a.creatorSetCmd(), a.creatorShowCmd())
	return cmd
}

// creatorFlags are the fields creator add and set take, by flag name.
type creatorFlags struct {
	name, followers, email, phone, region, category, tier string
}

func (f *creatorFlags) bind(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&f.name, "name", "", "display name")
	fs.StringVar(&f.followers, "followers", "", `follower count, as written: 12000, 1.2M, 12.5万`)
	fs.StringVar(&f.email, "email", "", "email address")
	fs.StringVar(&f.phone, "phone", "", "phone or WhatsApp number")
	fs.StringVar(&f.region, "region", "", "country, as a two-letter code (US, GB) or a name")
	fs.StringVar(&f.category, "category", "", "category (beauty, fitness, …)")
	fs.StringVar(&f.tier, "tier", "", "head, micro, or auto (by followers)")
}

// edit is the change the flags given on cmd ask for: a flag not given
// leaves its field alone, an empty one clears it.
func (f *creatorFlags) edit(cmd *cobra.Command) (store.CreatorEdit, bool) {
	var e store.CreatorEdit
	given := false
	for _, fl := range []struct {
		name string
		v    *string
		dst  **string
	}{
		{"name", &f.name, &e.Name}, {"followers", &f.followers, &e.Followers}, {"email", &f.email, &e.Email},
		{"phone", &f.phone, &e.Phone}, {"region", &f.region, &e.Region}, {"category", &f.category, &e.Category},
		{"tier", &f.tier, &e.Tier},
	} {
		if cmd.Flags().Changed(fl.name) {
			*fl.dst, given = store.Str(*fl.v), true
		}
	}
	return e, given
}

// editError makes a field the store refused misuse naming the flag
// (exit 2); other errors pass.
func editError(err error) error {
	var fe *store.FieldError
	if errors.As(err, &fe) {
		if fe.Field == "handle" {
			return usageError{err}
		}
		return usageError{fmt.Errorf("--%s: %w", fe.Field, fe.Err)}
	}
	return err
}

func (a *app) creatorAddCmd() *cobra.Command {
	var f creatorFlags
	var campaign string
	cmd := &cobra.Command{
		Use:   "add HANDLE",
		Short: "Add a creator by hand",
		Long: `Adds a creator with the fields given, checked as an import checks them.
The tier follows the followers (see the head threshold) unless --tier says
head or micro. With --campaign the creator starts at prospect there.
Someone already in creatordesk is refused: correct them with creator set.
The addition and each field go into the creator's history.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := handleArg(args[0])
			if err != nil {
				return err
			}
			e, _ := f.edit(cmd)
			if err := e.Check(); err != nil {
				return editError(err) // before a mistyped --db is made
			}
			// Adding puts data in, as an import does: a first creator
			// makes the database. A new one holds no campaign but the
			// default, so naming another does not make it.
			create := strings.TrimSpace(campaign) == "" || strings.EqualFold(strings.TrimSpace(campaign), outreach.DefaultCampaign)
			return a.withStoreCreating(cmd, create, func(ctx context.Context, s *store.Store) error {
				c, err := s.AddCreator(ctx, h, e, campaign)
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("@%s not added: %w", h, err)
				}
				if err != nil {
					return editError(err)
				}
				parts := []string{}
				if rows, err := lastChange(ctx, s, h); err == nil {
					for _, r := range rows {
						if r.Field != "creator" && r.Field != "tier" && r.Field != store.FieldStage {
							parts = append(parts, r.Label()+" "+shown(r.New, lineCells))
						}
					}
				}
				parts = append(parts, "tier "+tierText(c))
				if campaign != "" {
					if ps, err := s.Pipelines(ctx, h); err == nil && len(ps) == 1 {
						parts = append(parts, "prospect in "+ps[0].Campaign)
					}
				}
				sayf(a.stdout, "added @%s: %s", c.Handle, strings.Join(parts, ", "))
				return nil
			})
		},
	}
	f.bind(cmd)
	cmd.Flags().StringVar(&campaign, "campaign", "", "start their pipeline at prospect in this campaign")
	return cmd
}

func (a *app) creatorSetCmd() *cobra.Command {
	var f creatorFlags
	cmd := &cobra.Command{
		Use:   "set HANDLE",
		Short: "Correct a creator's fields",
		Long: `Changes the fields given and leaves the others alone. An empty value
clears a field (--email ""). --tier auto (or --tier "") returns the creator
to tiering by followers; head or micro fixes the tier by hand, and imports
leave it alone. Values are checked as an import checks them. Prints each
change, old → new, or that there was nothing to change; each change goes
into the creator's history.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := handleArg(args[0])
			if err != nil {
				return err
			}
			e, given := f.edit(cmd)
			if !given {
				return usageError{errors.New("creator set: name a field to change (--name, --followers, --email, --phone, --region, --category, --tier)")}
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				_, fields, err := s.UpdateCreator(ctx, h, e)
				if err != nil {
					return editError(err)
				}
				if len(fields) == 0 {
					sayf(a.stdout, "@%s: nothing to change", h)
					return nil
				}
				sayf(a.stdout, "@%s: %s", h, changeSummary(ctx, s, h, fields))
				return nil
			})
		},
	}
	f.bind(cmd)
	return cmd
}

// lastChange returns the rows of the newest change in a creator's
// history, in the order they were written.
func lastChange(ctx context.Context, s *store.Store, h string) ([]store.Entry, error) {
	page, _, err := s.History(ctx, store.HistoryQuery{Handle: h, Limit: 50})
	if err != nil || len(page) == 0 || page[0].Change == 0 {
		return nil, err
	}
	var rows []store.Entry
	for _, e := range page {
		if e.Change != page[0].Change {
			break
		}
		rows = append([]store.Entry{e}, rows...)
	}
	return rows, nil
}

// changeSummary says what an UpdateCreator that changed fields did, old →
// new, from the history it wrote; just the fields if another change came
// between.
func changeSummary(ctx context.Context, s *store.Store, h string, fields []string) string {
	rows, err := lastChange(ctx, s, h)
	if err != nil || len(rows) != len(fields) {
		return "changed " + strings.Join(fields, ", ")
	}
	parts := make([]string, len(rows))
	for i, r := range rows {
		if r.Field != fields[i] {
			return "changed " + strings.Join(fields, ", ")
		}
		parts[i] = describe(r, lineCells)
	}
	return strings.Join(parts, ", ")
}

// tierText is a creator's tier as the history writes it: "head", or
// "head (auto)" when the followers decide it.
func tierText(c outreach.Creator) string {
	if c.TierManual {
		return string(c.Tier)
	}
	return string(c.Tier) + " (auto)"
}

func (a *app) creatorShowCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show HANDLE",
		Short: "Show every field of a creator, their campaigns, samples and history",
		Long: `Shows a creator's fields, each campaign they are in with its stage and
terms, their samples, and their whole history, newest first (as the
history command prints it). --json prints the same as one JSON object;
README.md describes its keys.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := handleArg(args[0])
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				c, err := s.Creator(ctx, h)
				if err != nil {
					return err
				}
				ps, err := s.Pipelines(ctx, h)
				if err != nil {
					return err
				}
				if asJSON {
					w, flush := document(a.stdout)
					err := writeHistoryJSON(ctx, w, s, toCreatorJSON(c, ps), store.HistoryQuery{Handle: h}, "")
					if ferr := flush(); err == nil {
						err = ferr
					}
					return err
				}
				return a.printCreator(ctx, s, c, ps)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// creatorJSON is creator show --json; "history" follows campaigns (see
// entryJSON). Times are RFC 3339 in UTC, "" when none; counts are null
// when unknown.
type creatorJSON struct {
	Handle        string         `json:"handle"`
	DisplayName   string         `json:"display_name"`
	Followers     *int64         `json:"followers"`
	AvgViews      *int64         `json:"avg_views"`
	EngagementBP  *int64         `json:"engagement_bp"`
	GMV30Minor    *int64         `json:"gmv_30d_minor"`
	GMV30Currency string         `json:"gmv_30d_currency"`
	Email         string         `json:"email"`
	Phone         string         `json:"phone"`
	Region        string         `json:"region"`
	Category      string         `json:"category"`
	Tier          string         `json:"tier"`
	TierManual    bool           `json:"tier_manual"` // false: by followers
	Tags          []string       `json:"tags"`
	Notes         string         `json:"notes"`
	DoNotContact  bool           `json:"do_not_contact"`
	DNCReason     string         `json:"dnc_reason"`
	DNCAt         string         `json:"dnc_at"`
	CreatedAt     string         `json:"created_at"`
	UpdatedAt     string         `json:"updated_at"`
	LastContactAt string         `json:"last_contact_at"`
	ProfileURL    string         `json:"profile_url"`
	Campaigns     []pipelineJSON `json:"campaigns"`
}

// pipelineJSON is one campaign a creator is in.
type pipelineJSON struct {
	Campaign  string       `json:"campaign"`
	Stage     string       `json:"stage"`
	Furthest  string       `json:"furthest"`
	StageAt   string       `json:"stage_at"`
	InvitedAt string       `json:"invited_at"`
	Terms     termsJSON    `json:"terms"`
	Samples   []sampleJSON `json:"samples"` // newest first
}

// termsJSON are a pipeline's terms by their column names (the history's
// field names); 0 and "" are not set.
type termsJSON struct {
	CommissionBP        int64  `json:"commission_bp"`
	SlotFeeMinor        int64  `json:"slot_fee_minor"`
	SlotFeeCurrency     string `json:"slot_fee_currency"`
	SampleSKU           string `json:"sample_sku"`
	SampleQty           int    `json:"sample_qty"`
	SampleUnitCostMinor int64  `json:"sample_unit_cost_minor"`
	SampleCurrency      string `json:"sample_currency"`
	DiscountCode        string `json:"discount_code"`
	DiscountPct         int    `json:"discount_pct"`
}

type sampleJSON struct {
	ID              int64  `json:"id"`
	SKU             string `json:"sku"`
	Qty             int    `json:"qty"`
	UnitCostMinor   int64  `json:"unit_cost_minor"`
	Currency        string `json:"currency"`
	Status          string `json:"status"`
	Carrier         string `json:"carrier"`
	Tracking        string `json:"tracking"`
	CreatedAt       string `json:"created_at"`
	ShippedAt       string `json:"shipped_at"`
	DeliveredAt     string `json:"delivered_at"`
	ContentDueAt    string `json:"content_due_at"`
	ContentPostedAt string `json:"content_posted_at"`
	VideoURL        string `json:"video_url"`
}

func toCreatorJSON(c outreach.Creator, ps []store.Pipeline) creatorJSON {
	out := creatorJSON{Handle: c.Handle, DisplayName: c.DisplayName, Followers: c.Followers, AvgViews: c.AvgViews,
		Email: c.Email, Phone: c.Phone, Region: c.Region, Category: c.Category, Tier: string(c.Tier), TierManual: c.TierManual,
		Tags: c.Tags, Notes: c.Notes, DoNotContact: c.DoNotContact, DNCReason: c.DNCReason, DNCAt: jsonTime(c.DNCAt),
		CreatedAt: jsonTime(c.CreatedAt), UpdatedAt: jsonTime(c.UpdatedAt), LastContactAt: jsonTime(c.LastContactAt),
		ProfileURL: c.ProfileURL(), Campaigns: []pipelineJSON{}}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if c.Engagement != nil {
		v := int64(*c.Engagement)
		out.EngagementBP = &v
	}
	if c.GMV30 != nil {
		out.GMV30Minor, out.GMV30Currency = &c.GMV30.Minor, c.GMV30.Currency
	}
	for _, p := range ps {
		t := p.Terms
		pj := pipelineJSON{Campaign: p.Campaign, Stage: string(p.Position.Stage), Furthest: string(p.Position.Furthest),
			StageAt: jsonTime(p.StageAt), InvitedAt: jsonTime(p.InvitedAt), Samples: []sampleJSON{},
			Terms: termsJSON{CommissionBP: int64(t.Commission), SlotFeeMinor: t.SlotFee.Minor, SlotFeeCurrency: t.SlotFee.Currency,
				SampleSKU: t.SampleSKU, SampleQty: t.SampleQty, SampleUnitCostMinor: t.SampleUnitCost.Minor,
				SampleCurrency: t.SampleUnitCost.Currency, DiscountCode: t.DiscountCode, DiscountPct: t.DiscountPct}}
		for _, sh := range p.Samples {
			pj.Samples = append(pj.Samples, sampleJSON{ID: sh.ID, SKU: sh.SKU, Qty: sh.Qty, UnitCostMinor: sh.UnitCost.Minor,
				Currency: sh.UnitCost.Currency, Status: string(sh.Status), Carrier: sh.Carrier, Tracking: sh.Tracking,
				CreatedAt: jsonTime(sh.CreatedAt), ShippedAt: jsonTime(sh.ShippedAt), DeliveredAt: jsonTime(sh.DeliveredAt),
				ContentDueAt: jsonTime(sh.ContentDueAt), ContentPostedAt: jsonTime(sh.ContentPostedAt), VideoURL: sh.VideoURL})
		}
		out.Campaigns = append(out.Campaigns, pj)
	}
	return out
}

// printCreator writes creator show's text: the fields, one a line, each
// campaign with its terms and samples, then the history.
func (a *app) printCreator(ctx context.Context, s *store.Store, c outreach.Creator, ps []store.Pipeline) error {
	line := func(label, format string, args ...any) {
		sayf(a.stdout, "  %-13s %s", label, fmt.Sprintf(format, args...))
	}
	title := "@" + c.Handle
	if c.DisplayName != "" {
		title += "  " + c.DisplayName
	}
	sayf(a.stdout, "%s", title)
	tier := "by followers"
	if c.TierManual {
		tier = "set by hand"
	}
	line("tier", "%s (%s)", c.Tier, tier)
	line("followers", "%s", countText(c.Followers))
	if c.AvgViews != nil {
		line("avg views", "%s", countText(c.AvgViews))
	}
	if c.Engagement != nil {
		line("engagement", "%s", c.Engagement.String())
	}
	if c.GMV30 != nil {
		line("GMV 30 days", "%s", c.GMV30.String())
	}
	for _, f := range []struct{ label, v string }{{"email", c.Email}, {"phone", c.Phone}, {"region", c.Region}, {"category", c.Category},
		{"tags", strings.Join(c.Tags, ", ")}} {
		line(f.label, "%s", orNone(f.v))
	}
	if c.DoNotContact {
		line("do not contact", "since %s: %s", dateText(c.DNCAt), orNone(c.DNCReason))
	}
	line("added", "%s", dateText(c.CreatedAt))
	line("last contact", "%s", dateText(c.LastContactAt))
	line("profile", "%s", c.ProfileURL())
	notes := strings.Split(c.Notes, "\n")
	line("notes", "%s", orNone(notes[0]))
	for _, n := range notes[1:] {
		line("", "%s", n)
	}

	fmt.Fprintln(a.stdout)
	if len(ps) == 0 {
		fmt.Fprintln(a.stdout, "campaigns: none yet")
	} else {
		fmt.Fprintf(a.stdout, "campaigns (%d)\n", len(ps))
	}
	for _, p := range ps {
		sayf(a.stdout, "  %s: %s since %s (furthest: %s)", p.Campaign, p.Position.Stage, dateText(p.StageAt), p.Position.Furthest)
		for _, t := range termsLines(p.Terms) {
			sayf(a.stdout, "    %s", t)
		}
		for _, sh := range p.Samples {
			sayf(a.stdout, "    sample #%d  %s × %d, %s", sh.ID, sh.SKU, sh.Qty, strings.ReplaceAll(string(sh.Status), "_", " "))
			if sh.Carrier != "" || sh.Tracking != "" {
				sayf(a.stdout, "      %s %s", sh.Carrier, sh.Tracking)
			}
			var dates []string
			for _, d := range []struct {
				label string
				at    time.Time
			}{{"shipped", sh.ShippedAt}, {"delivered", sh.DeliveredAt}, {"content due", sh.ContentDueAt}, {"posted", sh.ContentPostedAt}} {
				if !d.at.IsZero() {
					dates = append(dates, d.label+" "+d.at.In(time.Local).Format("2006-01-02"))
				}
			}
			if len(dates) > 0 {
				sayf(a.stdout, "      %s", strings.Join(dates, ", "))
			}
			if sh.VideoURL != "" {
				sayf(a.stdout, "      %s", sh.VideoURL)
			}
		}
	}

	fmt.Fprintln(a.stdout)
	fmt.Fprintln(a.stdout, "history (newest first)")
	n := 0
	err := eachEntry(ctx, s, store.HistoryQuery{Handle: c.Handle}, func(e store.Entry) error {
		n++
		for _, l := range entryLines(e, "  ") {
			sayf(a.stdout, "%s", l)
		}
		return nil
	})
	if err == nil && n == 0 {
		fmt.Fprintln(a.stdout, "  nothing recorded")
	}
	return err
}

// termsLines are a pipeline's terms, one a line; unset terms are left out.
func termsLines(t outreach.Terms) []string {
	var out []string
	if t.Commission != 0 {
		out = append(out, "commission "+t.Commission.String())
	}
	if t.SlotFee.Minor != 0 {
		out = append(out, "slot fee "+t.SlotFee.String())
	}
	if t.DiscountCode != "" || t.DiscountPct != 0 {
		d := "discount " + orNone(t.DiscountCode)
		if t.DiscountPct != 0 {
			d += fmt.Sprintf(", %d%% off", t.DiscountPct)
		}
		out = append(out, d)
	}
	if t.SampleSKU != "" || t.SampleQty != 0 {
		d := fmt.Sprintf("sample %s × %d", orNone(t.SampleSKU), t.SampleQty)
		if t.SampleUnitCost.Minor != 0 {
			d += " at " + t.SampleUnitCost.String() + " each"
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		out = append(out, "no terms set (the tier's defaults fill them at partnered)")
	}
	return out
}

// countText is an exact count with thousands separators: "1,200,000".
func countText(n *int64) string {
	if n == nil {
		return "(unknown)"
	}
	s := strconv.FormatInt(*n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.In(time.Local).Format("2006-01-02 15:04")
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}
