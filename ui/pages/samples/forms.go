package samples

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/form"
)

// The Samples screen's forms: shipped, tracking, posted and a new sample,
// each a huh form in a dialog. A submitted form answers with a message
// the page turns into the store write; the checks are the fields'
// Validate functions, so a refused value keeps the dialog open with the
// reason.

// maxField bounds what a text field of these forms takes.
const maxField = 200

// writeMsg is a submitted form's write: the page runs write in a command
// and says note when it succeeds.
type writeMsg struct {
	note  string
	write func() error
}

// newSampleMsg is the new-sample form's answer. campaign is the one in
// view or the one picked when the rule asked; "" lets the rule pick.
type newSampleMsg struct {
	handle   string
	campaign string
	sh       outreach.Shipment
}

// askCampaignMsg says the creator is in several campaigns and none is in
// view: the page asks which.
type askCampaignMsg struct {
	ask newSampleMsg
	amb *store.AmbiguousCampaignError
}

func (writeMsg) For() common.PageID       { return common.SamplesPage }
func (newSampleMsg) For() common.PageID   { return common.SamplesPage }
func (askCampaignMsg) For() common.PageID { return common.SamplesPage }

// field is a one-line text field of at most maxField characters.
func field(label, placeholder string, value *string) *huh.Input {
	return huh.NewInput().Key(label).Title(label).Placeholder(placeholder).CharLimit(maxField).Value(value)
}

// checkVideo is the posted form's check.
func checkVideo(s string) error {
	_, err := store.CheckVideoURL(s)
	return err
}

func checkHandle(s string) error {
	if _, err := outreach.NormalizeHandle(s); err != nil {
		return fmt.Errorf("handle: %w", err)
	}
	return nil
}

func checkSKU(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("SKU: needed")
	}
	return nil
}

func parseQty(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 10_000 {
		return 0, errors.New("quantity: a whole number from 1")
	}
	return n, nil
}

func checkQty(s string) error { _, err := parseQty(s); return err }

// checkCost refuses an amount ParseMoney cannot read; empty is no cost.
func checkCost(currency string) func(string) error {
	return func(s string) error {
		if s = strings.TrimSpace(s); s == "" {
			return nil
		}
		if _, err := outreach.ParseMoney(s, currency); err != nil {
			return fmt.Errorf("unit cost: %w", err)
		}
		return nil
	}
}

// dateField is the day a step happened: today (shown) unless typed over;
// not a later day, nor one before after (the step before, which what
// names; zero for none).
func (m *samples) dateField(value *string, after time.Time, what string) *huh.Input {
	today := m.ctx.Now().In(m.ctx.Loc).Format(outreach.DateLayout)
	return form.DefaultInput("date", today, value, func(s string) error {
		_, err := m.parseDate(s, after, what)
		return err
	}).Key("date").CharLimit(len(outreach.DateLayout))
}

// parseDate reads a dateField's value: the time to record.
func (m *samples) parseDate(s string, after time.Time, what string) (time.Time, error) {
	at, err := outreach.ParsePastDate(s, m.ctx.Now(), m.ctx.Loc)
	if err != nil {
		return at, err
	}
	day := func(t time.Time) string { return t.In(m.ctx.Loc).Format(outreach.DateLayout) }
	if !after.IsZero() && day(at) < day(after) {
		return at, fmt.Errorf("%s is before %s (%s)", day(at), what, day(after))
	}
	return at, nil
}

// openShipping asks for the carrier and tracking number: to mark the
// sample shipped (s), with the day it left, or to correct them (t).
func (m *samples) openShipping(r store.ShipmentRow, ship bool) tea.Cmd {
	st, ctx, id, what := m.ctx.Store, m.ctx.Bg(), r.ID, fmt.Sprintf("@%s · %s ×%d", r.Handle, common.Clean(r.SKU), r.Qty)
	title := "Ship " + what
	if !ship {
		title = "Tracking for " + what
	}
	carrier, tracking := common.Clean(r.Carrier), common.Clean(r.Tracking)
	var date string
	fields := []huh.Field{
		field("carrier", "UPS, USPS, J&T…", &carrier),
		field("tracking", "tracking number", &tracking),
	}
	if ship {
		fields = append(fields, m.dateField(&date, time.Time{}, ""))
	}
	f := huh.NewForm(huh.NewGroup(fields...))
	return m.ctx.Dialogs.Open(form.New(title, f, m.ctx.Styles.IsDark, func() tea.Msg {
		carrier, tracking := strings.TrimSpace(carrier), strings.TrimSpace(tracking)
		if !ship {
			return writeMsg{fmt.Sprintf("@%s: tracking saved", r.Handle), func() error {
				return st.SetTracking(common.Bg(), id, carrier, tracking)
			}}
		}
		at, err := m.parseDate(date, time.Time{}, "")
		if err != nil { // the field's check refused it already
			return common.StatusMsg{Text: err.Error(), Err: true}
		}
		note := fmt.Sprintf("@%s: %s shipped", r.Handle, r.SKU)
		if carrier != "" {
			note += " via " + carrier
		}
		return writeMsg{note, func() error { return st.MarkShipped(ctx, id, carrier, tracking, at) }}
	}))
}

// openDelivered asks the day the sample arrived, today unless typed over:
// the content is due that many days after it.
func (m *samples) openDelivered(r store.ShipmentRow) tea.Cmd {
	st, ctx, id, days, loc := m.ctx.Store, m.ctx.Bg(), r.ID, m.ctx.ContentDueDays, m.ctx.Loc
	var date string
	f := huh.NewForm(huh.NewGroup(m.dateField(&date, r.ShippedAt, "it shipped").
		Description(fmt.Sprintf("content is due %d days after it", days))))
	title := fmt.Sprintf("Delivered: @%s · %s ×%d", r.Handle, common.Clean(r.SKU), r.Qty)
	return m.ctx.Dialogs.Open(form.New(title, f, m.ctx.Styles.IsDark, func() tea.Msg {
		at, err := m.parseDate(date, r.ShippedAt, "it shipped")
		if err != nil { // the field's check refused it already
			return common.StatusMsg{Text: err.Error(), Err: true}
		}
		note := fmt.Sprintf("@%s: %s delivered, content due %s", r.Handle, r.SKU,
			outreach.ContentDue(at, days).In(loc).Format("Jan 2"))
		return writeMsg{note, func() error { return st.MarkDelivered(ctx, id, at, days) }}
	}))
}

// openPosted asks for the video's URL and the day it went up.
func (m *samples) openPosted(r store.ShipmentRow) tea.Cmd {
	st, ctx, id := m.ctx.Store, m.ctx.Bg(), r.ID
	after, what := r.DeliveredAt, "it arrived"
	if after.IsZero() {
		after, what = r.ShippedAt, "it shipped"
	}
	var video, date string
	f := huh.NewForm(huh.NewGroup(
		field("video", "https://www.tiktok.com/@…/video/…", &video).CharLimit(2048).Validate(checkVideo),
		m.dateField(&date, after, what),
	))
	title := fmt.Sprintf("Content posted by @%s · %s", r.Handle, common.Clean(r.SKU))
	return m.ctx.Dialogs.Open(form.New(title, f, m.ctx.Styles.IsDark, func() tea.Msg {
		u, err := store.CheckVideoURL(video)
		if err == nil {
			var at time.Time
			if at, err = m.parseDate(date, after, what); err == nil {
				return writeMsg{fmt.Sprintf("@%s: content posted", r.Handle), func() error { return st.MarkPosted(ctx, id, u, at) }}
			}
		}
		// the fields' checks refused it already
		return common.StatusMsg{Text: err.Error(), Err: true}
	}))
}

// A new sample is asked for in two steps. First the creator: the store
// checks at once (in a command) that they can have a sample, in the
// campaign in view, else their only one, else the one the page asks
// for; a refusal opens the box again on the handle, with the reason under
// it. Then the SKU, the quantity (1 unless typed over) and the unit cost.

// sampleHandleMsg is the handle box's answer, and the campaign picked when
// the creator is in several ("" until then: the rule's).
type sampleHandleMsg struct{ handle, campaign string }

// sampleCheckMsg answers whether handle can have a sample in campaign (as
// asked): camp is where it goes; amb lists the campaigns to choose from.
type sampleCheckMsg struct {
	handle, campaign string
	camp             outreach.Campaign
	amb              *store.AmbiguousCampaignError
	err              error
}

func (sampleHandleMsg) For() common.PageID { return common.SamplesPage }
func (sampleCheckMsg) For() common.PageID  { return common.SamplesPage }

// openNew asks for the new sample's creator; refused, when set, is the
// handle typed before and why it was refused, shown under it.
func (m *samples) openNew(refused ...sampleCheckMsg) tea.Cmd {
	camp := m.ctx.Campaign
	title := "New sample"
	if camp != "" {
		title = "New sample in " + common.Clean(camp)
	}
	var handle string
	var why error
	if len(refused) > 0 {
		handle, why = refused[0].handle, refused[0].err
	}
	in := field("handle", "@handle", &handle).CharLimit(outreach.MaxHandleLen + 1).Validate(func(s string) error {
		if why != nil && s == refused[0].handle {
			return why // the store's reason, until the handle is changed
		}
		return checkHandle(s)
	})
	d := form.New(title, huh.NewForm(huh.NewGroup(in)), m.ctx.Styles.IsDark, func() tea.Msg {
		h, _ := outreach.NormalizeHandle(handle)
		m.ctx.Dialogs.Expect() // the next box follows the check: keys typed meanwhile wait for it
		return sampleHandleMsg{handle: h, campaign: camp}
	})
	if why != nil {
		in.Blur() // shows the reason under the handle at once
		in.Focus()
	}
	return m.ctx.Dialogs.Open(d)
}

// checkSample asks the store whether the creator can have a sample, and
// where it goes.
func (m *samples) checkSample(msg sampleHandleMsg) tea.Cmd {
	st := m.ctx.Store
	return func() tea.Msg {
		c := sampleCheckMsg{handle: msg.handle, campaign: msg.campaign}
		c.camp, c.err = st.SampleCampaign(common.Bg(), msg.handle, msg.campaign)
		if errors.As(c.err, &c.amb) {
			c.err = nil
		}
		return c
	}
}

// checked goes on once the check answers: the question of which campaign,
// the handle again with the reason, or the sample's details.
func (m *samples) checked(msg sampleCheckMsg) tea.Cmd {
	m.ctx.Dialogs.Cancel() // what follows opens its own box
	switch {
	case msg.amb != nil:
		return m.askCampaign(msg.handle, msg.amb)
	case msg.err != nil:
		return m.openNew(msg)
	}
	return m.openDetails(msg.handle, msg.camp.Name)
}

// openDetails asks for the SKU, the quantity and the unit cost of a sample
// for handle in campaign.
func (m *samples) openDetails(handle, campaign string) tea.Cmd {
	currency := ""
	if r, ok := m.selected(); ok {
		currency = r.UnitCost.Currency
	} else if len(m.costs) == 1 {
		currency = m.costs[0].Currency
	}
	costHint := "12.50 USD"
	if currency != "" {
		costHint = "12.50 " + currency // a bare number is in this currency
	}
	var sku, qty, cost string
	f := huh.NewForm(huh.NewGroup(
		field("SKU", "product SKU", &sku).Validate(checkSKU),
		form.DefaultInput("quantity", "1", &qty, checkQty).Key("quantity").CharLimit(6),
		field("unit cost", costHint, &cost).Validate(checkCost(currency)),
	))
	title := "New sample for @" + handle + " in " + common.Clean(campaign)
	return m.ctx.Dialogs.Open(form.New(title, f, m.ctx.Styles.IsDark, func() tea.Msg {
		n, _ := parseQty(qty)
		sh := outreach.Shipment{SKU: strings.TrimSpace(sku), Qty: n, Status: outreach.SampleToShip}
		if c := strings.TrimSpace(cost); c != "" {
			sh.UnitCost, _ = outreach.ParseMoney(c, currency)
		}
		return newSampleMsg{handle: handle, campaign: campaign, sh: sh}
	}))
}

// recordSample records the new sample in the campaign checked; one in
// several campaigns and none named (an import since the check) asks which
// (askCampaignMsg).
func (m *samples) recordSample(msg newSampleMsg) tea.Cmd {
	m.saving = true
	st, days := m.ctx.Store, m.ctx.ContentDueDays
	return func() tea.Msg {
		// The store applies the rule in the write itself, so a pipeline
		// added meanwhile (an import) cannot slip between choice and write.
		_, err := st.RecordSample(common.Bg(), msg.handle, msg.campaign, msg.sh, days)
		var amb *store.AmbiguousCampaignError
		if errors.As(err, &amb) {
			return askCampaignMsg{ask: msg, amb: amb}
		}
		if err != nil {
			return sampleSavedMsg{err: err}
		}
		where := msg.campaign
		if where == "" { // for the note: the campaign the rule took
			if c, err := st.ResolveCampaign(common.Bg(), msg.handle, ""); err == nil {
				where = c.Name
			}
		}
		return sampleSavedMsg{note: fmt.Sprintf("@%s: sample %s ×%d recorded in %s", msg.handle, msg.sh.SKU, msg.sh.Qty, where)}
	}
}

// askCampaign asks in which of the creator's campaigns the sample goes;
// the answer is checked like the handle was.
func (m *samples) askCampaign(handle string, amb *store.AmbiguousCampaignError) tea.Cmd {
	m.saving = false
	opts := make([]huh.Option[string], len(amb.Campaigns))
	for i, c := range amb.Campaigns {
		opts[i] = huh.NewOption(common.Clean(c), c)
	}
	title := fmt.Sprintf("New sample for @%s", handle)
	label := fmt.Sprintf("@%s is in %d campaigns: which one?", handle, len(opts))
	return m.ctx.Dialogs.Open(form.Select(title, label, opts, m.ctx.Styles.IsDark, func(c string) tea.Msg {
		m.ctx.Dialogs.Expect()
		return sampleHandleMsg{handle: handle, campaign: c}
	}))
}

// write runs a submitted form's write.
func (m *samples) write(msg writeMsg) tea.Cmd {
	m.saving = true
	return func() tea.Msg { return sampleSavedMsg{msg.note, msg.write()} }
}
