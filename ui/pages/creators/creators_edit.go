package creators

import (
	"creatordesk/ui/common"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
)

// Editing a creator from the Creators screen: terms, notes and tags, each in
// a form over the detail pane. Writes run in commands; every screen reloads
// after.

// editTarget is the creator under the cursor with its loaded detail, and
// the campaign to edit terms in (the one in view, else their latest).
func (m *creators) editTarget() (*creatorDetail, string, tea.Cmd) {
	c, _, ok := m.selected()
	if !ok {
		return nil, "", nil
	}
	if m.detail == nil || m.detail.handle != c.Handle || m.detail.err != nil {
		return nil, "", func() tea.Msg {
			return common.StatusMsg{Text: "still loading @" + common.Clean(c.Handle) + "; try again"}
		}
	}
	camp := m.ctx.Campaign
	if camp == "" && len(m.detail.pipelines) > 0 {
		camp = m.detail.pipelines[0].Campaign
	}
	if camp == "" {
		camp = outreach.DefaultCampaign
	}
	return m.detail, camp, nil
}

func (m *creators) done(note string, err error) tea.Msg {
	if err != nil {
		return common.StatusMsg{Text: err.Error(), Err: true}
	}
	return common.ChangedMsg{Note: note}
}

// editNotes adds a dated note; the notes already there stay as they are
// (they may be long and span lines, which a one-line input would damage).
func (m *creators) editNotes() tea.Cmd {
	d, _, wait := m.editTarget()
	if d == nil {
		return wait
	}
	st, h := m.ctx.Store, d.handle
	m.form = newForm(m.ctx, "Add a note for @"+h, func(v []string) tea.Cmd {
		return func() tea.Msg { return m.done("note added for @"+h, st.AddNote(common.Bg(), h, v[0])) }
	}).add("note", "", func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("empty")
		}
		return nil
	})
	return m.form.start()
}

// editTags opens the tags form: "skincare, fast reply" adds, "-old" removes.
func (m *creators) editTags() tea.Cmd {
	d, _, wait := m.editTarget()
	if d == nil {
		return wait
	}
	st, h := m.ctx.Store, d.handle
	m.form = newForm(m.ctx, "Tags for @"+h+"  (a, b adds · -c removes)", func(v []string) tea.Cmd {
		var add, remove []string
		for _, t := range strings.FieldsFunc(v[0], func(r rune) bool { return r == ',' || r == '，' || r == ';' }) {
			t = strings.TrimSpace(t)
			if rest, ok := strings.CutPrefix(t, "-"); ok {
				remove = append(remove, rest)
			} else {
				add = append(add, t)
			}
		}
		return func() tea.Msg { return m.done("tags saved for @"+h, st.EditTags(common.Bg(), h, add, remove)) }
	}).add("tags", "", nil)
	return m.form.start()
}

// editTerms opens the terms form for the creator's pipeline in the campaign.
func (m *creators) editTerms() tea.Cmd {
	d, camp, wait := m.editTarget()
	if d == nil {
		return wait
	}
	var cur outreach.Terms
	for _, p := range d.pipelines {
		if strings.EqualFold(p.Campaign, camp) {
			cur = p.Terms
		}
	}
	money := func(mo outreach.Money) string {
		if mo.Minor == 0 {
			return ""
		}
		return mo.Decimal(false) + " " + mo.Currency
	}
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	pct := func(b outreach.BasisPoints) string {
		if b == 0 {
			return ""
		}
		return b.String()
	}
	// Each field is checked against the domain's limits before anything is
	// sent, so a refused value keeps the form open on it.
	currency := m.ctx.Currency
	checkMoney := func(s string) error { _, err := parseOptMoney(s, currency); return err }
	checkRate := func(s string) error {
		r, err := parseOptRate(s)
		if err != nil {
			return err
		}
		return outreach.Terms{Commission: r}.Validate()
	}
	checkInt := func(s string) error { _, err := parseOptInt(s); return err }
	checkPct := func(s string) error {
		n, err := parseOptInt(strings.TrimSuffix(s, "%"))
		if err != nil {
			return err
		}
		return outreach.Terms{DiscountPct: n}.Validate()
	}
	st, h := m.ctx.Store, d.handle
	title := fmt.Sprintf("Terms for @%s in %s (%s)", h, camp, d.creator.Tier)
	m.form = newForm(m.ctx, title, func(v []string) tea.Cmd {
		var t outreach.Terms
		t.SlotFee, _ = parseOptMoney(v[0], currency)
		t.Commission, _ = parseOptRate(v[1])
		t.SampleSKU = v[2]
		t.SampleQty, _ = parseOptInt(v[3])
		t.SampleUnitCost, _ = parseOptMoney(v[4], currency)
		t.DiscountCode = v[5]
		t.DiscountPct, _ = parseOptInt(strings.TrimSuffix(v[6], "%"))
		return func() tea.Msg {
			return m.done(fmt.Sprintf("terms saved for @%s in %s", h, camp), st.SetTerms(common.Bg(), h, camp, t))
		}
	}).
		add("slot fee", money(cur.SlotFee), checkMoney).
		add("commission", pct(cur.Commission), checkRate).
		add("sample SKU", cur.SampleSKU, nil).
		add("sample qty", num(cur.SampleQty), checkInt).
		add("sample cost", money(cur.SampleUnitCost), checkMoney).
		add("discount code", cur.DiscountCode, func(s string) error {
			if s == "" {
				return nil
			}
			return outreach.ValidateDiscountCode(outreach.NormalizeDiscountCode(s))
		}).
		add("discount %", num(cur.DiscountPct), checkPct)
	return m.form.start()
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
