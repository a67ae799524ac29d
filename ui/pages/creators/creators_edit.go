package creators

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"creatordesk/outreach"
	"creatordesk/ui/common"
	"creatordesk/ui/components/form"
)

// Editing a creator from the Creators screen: terms, notes and tags, each
// in a dialog over the screen. Writes run in commands; every screen
// reloads after.

// editMsg is an edit dialog's answer: the write to run and what to say
// when it is done.
type editMsg struct {
	handle string
	note   *string // a note to add
	add    []string
	remove []string // tags
	terms  *outreach.Terms
	camp   string // of the terms
}

// editTarget is the creator under the cursor with its loaded detail. While
// the detail is still loading (the cursor just moved, a change reloaded
// it), again runs once it has come: a dialog is on its way, so the keys
// typed after this one wait for it instead of acting on the list.
func (m *creators) editTarget(again func() tea.Cmd) (*creatorDetail, tea.Cmd) {
	c, _, ok := m.selected()
	if !ok {
		return nil, nil
	}
	if m.detail != nil && m.detail.handle == c.Handle && m.detail.err != nil {
		return nil, common.Status("could not load @"+common.Clean(c.Handle)+": "+m.detail.err.Error(), true)
	}
	if m.detail == nil || m.detail.handle != c.Handle {
		m.afterDetail = again
		m.ctx.Dialogs.Expect()
		m.detail = nil // load it now, whatever was asked before
		return nil, m.loadDetail()
	}
	return m.detail, nil
}

// runEdit writes an edit in a command.
func (m *creators) runEdit(e editMsg) tea.Cmd {
	st, ctx, h := m.ctx.Store, m.ctx.Bg(), e.handle
	return func() tea.Msg {
		var err error
		var note string
		switch {
		case e.note != nil:
			err, note = st.AddNote(ctx, h, *e.note), "note added for @"+h
		case e.terms != nil:
			err, note = st.SetTerms(ctx, h, e.camp, *e.terms), fmt.Sprintf("terms saved for @%s in %s", h, e.camp)
		default:
			err, note = st.EditTags(ctx, h, e.add, e.remove), "tags saved for @"+h
		}
		if err != nil {
			return common.StatusMsg{Text: err.Error(), Err: true}
		}
		return common.ChangedMsg{Note: note}
	}
}

// editNotes adds a dated note; the notes already there stay as they are
// (they may be long and span lines, which a one-line input would damage).
func (m *creators) editNotes() tea.Cmd {
	d, wait := m.editTarget(m.editNotes)
	if d == nil {
		return wait
	}
	h := d.handle
	return m.ctx.Dialogs.Open(form.Input("Add a note for @"+common.Clean(h), "note", "", func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("write the note first")
		}
		return nil
	}, m.ctx.Styles.IsDark, func(v string) tea.Msg {
		v = strings.TrimSpace(v)
		return editMsg{handle: h, note: &v}
	}))
}

// editTags opens the tags prompt: "skincare, fast reply" adds, "-old"
// removes.
func (m *creators) editTags() tea.Cmd {
	d, wait := m.editTarget(m.editTags)
	if d == nil {
		return wait
	}
	h := d.handle
	return m.ctx.Dialogs.Open(form.Input("Tags for @"+common.Clean(h), "tags (a, b adds · -c removes)", "", func(v string) error {
		if strings.Trim(v, " ,，;") == "" {
			return errors.New("type a tag to add, or -tag to remove one")
		}
		return nil
	}, m.ctx.Styles.IsDark,
		func(v string) tea.Msg {
			e := editMsg{handle: h}
			for _, t := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == ';' }) {
				t = strings.TrimSpace(t)
				if rest, ok := strings.CutPrefix(t, "-"); ok {
					e.remove = append(e.remove, rest)
				} else {
					e.add = append(e.add, t)
				}
			}
			return e
		}))
}

// startTerms edits the terms of the creator under the cursor in the
// campaign the rule picks.
func (m *creators) startTerms() tea.Cmd {
	d, wait := m.editTarget(m.startTerms)
	if d == nil {
		return wait
	}
	return m.resolve(actTerms, d.handle, d)
}

// clearField typed in a terms field empties it; left empty, the field
// keeps the value shown.
const clearField = "-"

// openTerms opens the terms dialog for the creator's pipeline in the
// campaign resolved. Each field shows the value set (greyed: typing
// replaces it) and is checked against the domain's limits as it is left,
// so a refused value keeps the dialog open on it with the reason.
func (m *creators) openTerms(msg campaignMsg) tea.Cmd {
	d, camp := msg.d, msg.campaign
	var cur outreach.Terms
	for _, p := range d.pipelines {
		if strings.EqualFold(p.Campaign, camp) {
			cur = p.Terms
		}
	}
	currency := m.ctx.Currency
	var fee, rate, sku, qty, cost, code, pct string
	field := func(label, def string, value *string, check func(string) error) huh.Field {
		validate := func(s string) error {
			if s = strings.TrimSpace(s); s == clearField || check == nil {
				return nil
			}
			return check(s)
		}
		return form.DefaultInput(fmt.Sprintf("%-14s", label), def, value, validate).Inline(true).CharLimit(500)
	}
	f := huh.NewForm(huh.NewGroup(
		field("slot fee", money(cur.SlotFee), &fee, func(s string) error { _, err := parseOptMoney(s, currency); return err }),
		field("commission", pct100(cur.Commission), &rate, checkRate),
		field("sample SKU", cur.SampleSKU, &sku, nil),
		field("sample qty", num(cur.SampleQty), &qty, func(s string) error { _, err := parseOptInt(s); return err }),
		field("sample cost", money(cur.SampleUnitCost), &cost, func(s string) error { _, err := parseOptMoney(s, currency); return err }),
		field("discount code", cur.DiscountCode, &code, func(s string) error {
			if s == "" {
				return nil
			}
			return outreach.ValidateDiscountCode(outreach.NormalizeDiscountCode(s))
		}),
		field("discount %", num(cur.DiscountPct), &pct, checkPct),
	).Description("empty keeps the value shown · " + clearField + " clears it"))
	h := d.handle
	title := fmt.Sprintf("Terms for @%s in %s (%s)", common.Clean(h), common.Clean(camp), d.creator.Tier)
	return m.ctx.Dialogs.Open(form.New(title, f, m.ctx.Styles.IsDark, func() tea.Msg {
		v := func(s string) string {
			if s = strings.TrimSpace(s); s == clearField {
				return ""
			}
			return s
		}
		var t outreach.Terms
		t.SlotFee, _ = parseOptMoney(v(fee), currency)
		t.Commission, _ = parseOptRate(v(rate))
		t.SampleSKU = v(sku)
		t.SampleQty, _ = parseOptInt(v(qty))
		t.SampleUnitCost, _ = parseOptMoney(v(cost), currency)
		t.DiscountCode = v(code)
		t.DiscountPct, _ = parseOptInt(strings.TrimSuffix(v(pct), "%"))
		return editMsg{handle: h, terms: &t, camp: camp}
	}))
}

func money(mo outreach.Money) string {
	if mo.Minor == 0 {
		return ""
	}
	return mo.Decimal(false) + " " + mo.Currency
}

func num(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func pct100(b outreach.BasisPoints) string {
	if b == 0 {
		return ""
	}
	return b.String()
}

func checkRate(s string) error {
	r, err := parseOptRate(s)
	if err != nil {
		return err
	}
	return outreach.Terms{Commission: r}.Validate()
}

func checkPct(s string) error {
	n, err := parseOptInt(strings.TrimSuffix(s, "%"))
	if err != nil {
		return err
	}
	return outreach.Terms{DiscountPct: n}.Validate()
}

func parseOptMoney(s, currency string) (outreach.Money, error) {
	if s == "" {
		return outreach.Money{}, nil
	}
	return outreach.ParseMoney(s, currency)
}

func parseOptRate(s string) (outreach.BasisPoints, error) {
	if s == "" {
		return 0, nil
	}
	return outreach.ParseRate(s)
}

func parseOptInt(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return n, nil
}
