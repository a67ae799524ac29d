package creators

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/form"
)

// Adding a creator (a, from any screen but the Queue) and editing one's
// contact fields and tier (E on Creators): one form in a dialog. Each
// field is checked as it is left, with the checks the store makes; a
// value the store still refuses reopens the form as it was typed, on that
// field, with the reason. Writes run in commands.

// creatorValues are the form's fields as typed.
type creatorValues struct {
	handle                                          string // adding only
	name, followers, email, phone, region, category string
	tier                                            string // auto, head or micro
	campaign                                        string // adding only; "" is none
}

// The tier choices: auto follows the followers.
const tierAuto = "auto"

// addMsg is the add form's answer; campaigns are the choices it offered,
// for opening it again.
type addMsg struct {
	v         creatorValues
	campaigns []string
}

type addDoneMsg struct {
	addMsg
	handle string
	err    error
}

// updateMsg is the edit form's answer: v as typed, was as it opened.
type updateMsg struct {
	handle string
	v, was creatorValues
}

type updateDoneMsg struct {
	updateMsg
	fields []string // the history's names of the fields changed
	err    error
}

// showCreatorMsg brings a creator into view on Creators.
type showCreatorMsg struct{ handle string }

func (addMsg) For() common.PageID         { return common.CreatorsPage }
func (addDoneMsg) For() common.PageID     { return common.CreatorsPage }
func (updateMsg) For() common.PageID      { return common.CreatorsPage }
func (updateDoneMsg) For() common.PageID  { return common.CreatorsPage }
func (showCreatorMsg) For() common.PageID { return common.CreatorsPage }
func (reopenMsg) For() common.PageID      { return common.CreatorsPage }

// Add opens the add form, offering campaigns, the one in view chosen.
// The root calls it for a, on any screen but the Queue; the answers go to
// Creators, which shows the creator added.
func Add(c *common.Common, campaigns []string) tea.Cmd {
	v := creatorValues{tier: tierAuto, campaign: c.Campaign}
	return c.Dialogs.Open(addDialog(c, v, campaigns, nil))
}

// updateForms handles the answers of the add and edit forms and of the
// history's pages; it reports whether msg was one.
func (m *creators) updateForms(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case addMsg:
		return m.runAdd(msg), true
	case addDoneMsg:
		return m.added(msg), true
	case updateMsg:
		return m.runUpdate(msg), true
	case updateDoneMsg:
		return m.updated(msg), true
	case showCreatorMsg:
		m.showCreator(msg.handle)
		return tea.Batch(m.restart(), showCreators), true
	case reopenMsg:
		return m.reopen(msg), true
	case historyMsg:
		m.historyAnswer(msg)
		return nil, true
	}
	return nil, false
}

func showCreators() tea.Msg { return common.ShowMsg{Page: common.CreatorsPage} }

// showCreator narrows the listing to handle and selects them when their
// row comes: the filters that could hide them are cleared.
func (m *creators) showCreator(handle string) {
	m.tier, m.stage, m.region = "", "", ""
	m.filter.SetValue(handle)
	m.selectHandle = handle
}

// selectShown puts the cursor on the creator showCreator asked for, once
// their row is in.
func (m *creators) selectShown() {
	if m.selectHandle == "" {
		return
	}
	for i, r := range m.list.Rows() {
		if r.Handle == m.selectHandle {
			m.list.SetCursor(m.list.Start() + i)
			m.selectHandle = ""
			return
		}
	}
}

func (m *creators) runAdd(msg addMsg) tea.Cmd {
	st, ctx, v := m.ctx.Store, m.ctx.Bg(), msg.v
	return func() tea.Msg {
		e := store.CreatorEdit{}
		set := func(dst **string, s string) {
			if strings.TrimSpace(s) != "" {
				*dst = store.Str(s)
			}
		}
		set(&e.Name, v.name)
		set(&e.Followers, v.followers)
		set(&e.Email, v.email)
		set(&e.Phone, v.phone)
		set(&e.Region, v.region)
		set(&e.Category, v.category)
		if v.tier != tierAuto {
			e.Tier = store.Str(v.tier)
		}
		c, err := st.AddCreator(ctx, v.handle, e, v.campaign)
		return addDoneMsg{addMsg: msg, handle: c.Handle, err: err}
	}
}

// added shows the creator added on Creators, or opens the form again as
// typed with the reason it was refused; a creator already there is
// offered instead.
func (m *creators) added(msg addDoneMsg) tea.Cmd {
	var exists *store.ExistsError
	var field *store.FieldError
	switch {
	case errors.As(msg.err, &exists):
		return m.ctx.Dialogs.Open(m.existsDialog(exists.Handle, msg.addMsg))
	case errors.As(msg.err, &field):
		return m.ctx.Dialogs.Open(addDialog(m.ctx, msg.v, msg.campaigns, field))
	case msg.err != nil:
		return m.ctx.Dialogs.Open(addDialog(m.ctx, msg.v, msg.campaigns, &store.FieldError{Err: msg.err}))
	}
	note := "added @" + msg.handle
	if msg.v.campaign != "" {
		note += " to " + msg.v.campaign
	}
	m.showCreator(msg.handle)
	return tea.Sequence(showCreators, func() tea.Msg { return common.ChangedMsg{Note: note} })
}

// existsDialog offers the creator already there, or the form again to
// change the handle.
func (m *creators) existsDialog(handle string, again addMsg) *form.Dialog {
	h := common.Clean(handle)
	// the values are not the zero value: the first option is chosen
	opts := []huh.Option[string]{huh.NewOption("show @"+h+" on Creators", "show"), huh.NewOption("change the handle", "change")}
	return form.Select("@"+h+" is already in creatordesk", "show them instead?", opts, m.ctx.Styles.IsDark, func(choice string) tea.Msg {
		if choice == "change" {
			return reopenMsg{again}
		}
		return showCreatorMsg{handle}
	})
}

// reopenMsg opens the add form again as it was, the handle refused.
type reopenMsg struct{ addMsg }

func (m *creators) reopen(msg reopenMsg) tea.Cmd {
	err := &store.FieldError{Field: "handle", Err: fmt.Errorf("@%s is already in creatordesk", strings.TrimPrefix(strings.TrimSpace(msg.v.handle), "@"))}
	return m.ctx.Dialogs.Open(addDialog(m.ctx, msg.v, msg.campaigns, err))
}

// startUpdate opens the edit form on the creator under the cursor, filled
// with their fields as stored (cleaned for the screen).
func (m *creators) startUpdate() tea.Cmd {
	d, wait := m.editTarget(m.startUpdate)
	if d == nil {
		return wait
	}
	return m.ctx.Dialogs.Open(m.editDialog(d.handle, valuesOf(d.creator), valuesOf(d.creator), nil))
}

// valuesOf is a creator's fields as the form shows them.
func valuesOf(c outreach.Creator) creatorValues {
	v := creatorValues{handle: c.Handle, name: common.Clean(c.DisplayName), email: common.Clean(c.Email), phone: common.Clean(c.Phone),
		region: common.Clean(c.Region), category: common.Clean(c.Category), tier: tierAuto}
	if c.Followers != nil {
		v.followers = strconv.FormatInt(*c.Followers, 10)
	}
	if c.TierManual {
		v.tier = string(c.Tier)
	}
	return v
}

// edit is what changed between the form as it opened and as submitted: a
// field left as shown is left alone, a blank one cleared.
func (u updateMsg) edit() store.CreatorEdit {
	var e store.CreatorEdit
	set := func(dst **string, now, was string) {
		if now != was {
			*dst = store.Str(now)
		}
	}
	set(&e.Name, u.v.name, u.was.name)
	set(&e.Followers, u.v.followers, u.was.followers)
	set(&e.Email, u.v.email, u.was.email)
	set(&e.Phone, u.v.phone, u.was.phone)
	set(&e.Region, u.v.region, u.was.region)
	set(&e.Category, u.v.category, u.was.category)
	set(&e.Tier, u.v.tier, u.was.tier)
	return e
}

func (m *creators) runUpdate(msg updateMsg) tea.Cmd {
	st, ctx := m.ctx.Store, m.ctx.Bg()
	return func() tea.Msg {
		_, fields, err := st.UpdateCreator(ctx, msg.handle, msg.edit())
		return updateDoneMsg{updateMsg: msg, fields: fields, err: err}
	}
}

// updated says what changed ("@anna: email, tier"), or opens the form
// again as typed with the reason it was refused.
func (m *creators) updated(msg updateDoneMsg) tea.Cmd {
	h := common.Clean(msg.handle)
	var field *store.FieldError
	switch {
	case errors.As(msg.err, &field):
		return m.ctx.Dialogs.Open(m.editDialog(msg.handle, msg.v, msg.was, field))
	case errors.Is(msg.err, store.ErrNotFound):
		return common.Status(fmt.Sprintf("@%s is no longer in creatordesk", h), true)
	case msg.err != nil:
		return m.ctx.Dialogs.Open(m.editDialog(msg.handle, msg.v, msg.was, &store.FieldError{Err: msg.err}))
	case len(msg.fields) == 0:
		return common.Status("@"+h+": nothing changed", false)
	}
	names := make([]string, len(msg.fields))
	for i, f := range msg.fields {
		names[i] = store.Entry{Field: f}.Label()
	}
	note := "@" + h + ": " + strings.Join(names, ", ")
	return func() tea.Msg { return common.ChangedMsg{Note: note} }
}

func (m *creators) editDialog(handle string, v, was creatorValues, problem *store.FieldError) *form.Dialog {
	note := "a blank field clears it · tier auto follows the followers"
	d := creatorDialog(m.ctx, "Edit @"+common.Clean(handle), note, &v, &was, nil, problem, func(v creatorValues) tea.Msg {
		return updateMsg{handle: handle, v: v, was: was}
	})
	return d
}

func addDialog(c *common.Common, v creatorValues, campaigns []string, problem *store.FieldError) *form.Dialog {
	note := "only the handle is needed · tier auto follows the followers"
	return creatorDialog(c, "Add a creator", note, &v, nil, campaigns, problem, func(v creatorValues) tea.Msg {
		return addMsg{v: v, campaigns: campaigns}
	})
}

// The form's fields, in order; the keys are store.FieldError's.
var formFields = []string{"handle", "name", "followers", "email", "phone", "region", "category", "tier", "campaign"}

// creatorDialog builds the form over v: with was nil, the add form, with
// the handle and the campaign (one of campaigns); else the edit form of a
// creator whose fields were was, where a value left as it was is not
// checked (it is not saved either: an address stored before today's checks
// does not block the other fields). problem, when the store refused the
// last try, is said above the fields, refuses the same value again, and
// has the focus.
func creatorDialog(c *common.Common, title, note string, v, was *creatorValues, campaigns []string,
	problem *store.FieldError, answer func(creatorValues) tea.Msg) *form.Dialog {
	adding := was == nil
	switch {
	case problem != nil && problem.Field == "":
		note = "not saved: " + problem.Err.Error()
	case problem != nil:
		note = "not saved: " + problem.Error()
	}
	checks := map[string]func(string) error{"handle": checkHandle, "name": checkText("name", store.MaxDisplayName),
		"followers": checkFollowers, "email": checkEmail, "phone": checkPhone, "region": checkRegion,
		"category": checkText("category", store.MaxCategory)}
	var fields []huh.Field
	focus := 0
	for _, key := range formFields {
		if !adding && (key == "handle" || key == "campaign") {
			continue
		}
		if problem != nil && problem.Field == key {
			focus = len(fields)
		}
		switch key {
		case "tier":
			fields = append(fields, choice(key, &v.tier, []huh.Option[string]{huh.NewOption("auto (by followers)", tierAuto),
				huh.NewOption("head", string(outreach.Head)), huh.NewOption("micro", string(outreach.Micro))}))
		case "campaign":
			fields = append(fields, choice(key, &v.campaign, campaignOptions(campaigns, v.campaign)))
		default:
			check := checks[key]
			if was != nil {
				check = unlessUnchanged(check, *fieldOf(was, key))
			}
			if problem != nil && problem.Field == key {
				check = refuseAgain(check, *fieldOf(v, key), problem.Err)
			}
			fields = append(fields, huh.NewInput().Key(key).Title(label(key)).Inline(true).CharLimit(limitOf(key)).
				Value(fieldOf(v, key)).Validate(check))
		}
	}
	f := huh.NewForm(huh.NewGroup(fields...).Description(note))
	d := form.New(title, f, c.Styles.IsDark, func() tea.Msg { return answer(*v) })
	for range focus {
		f.NextField()
	}
	return d
}

func label(key string) string { return fmt.Sprintf("%-10s", key) }

// fieldOf is v's text field named key.
func fieldOf(v *creatorValues, key string) *string {
	return map[string]*string{"handle": &v.handle, "name": &v.name, "followers": &v.followers, "email": &v.email,
		"phone": &v.phone, "region": &v.region, "category": &v.category}[key]
}

// unlessUnchanged is check for a value changed from was; was itself passes.
func unlessUnchanged(check func(string) error, was string) func(string) error {
	return func(s string) error {
		if s == was {
			return nil
		}
		return check(s)
	}
}

// choice is a one-line select, ←/→ changing it: huh puts a select's
// title on a line of its own, so the label goes in each option instead.
func choice(key string, value *string, opts []huh.Option[string]) *huh.Select[string] {
	for i := range opts {
		opts[i].Key = label(key) + "  " + opts[i].Key
	}
	return huh.NewSelect[string]().Key(key).Inline(true).Value(value).Options(opts...)
}

func limitOf(key string) int {
	switch key {
	case "handle":
		return outreach.MaxHandleLen + 1 // an @ before it
	case "name":
		return store.MaxDisplayName
	case "category":
		return store.MaxCategory
	}
	return 200
}

// campaignOptions are "none" and the campaigns, with the chosen one among
// them even if the list is older than it.
func campaignOptions(campaigns []string, chosen string) []huh.Option[string] {
	opts := []huh.Option[string]{huh.NewOption("none", "")}
	found := chosen == ""
	for _, c := range campaigns {
		opts = append(opts, huh.NewOption(common.Clean(c), c))
		found = found || c == chosen
	}
	if !found {
		opts = append(opts, huh.NewOption(common.Clean(chosen), chosen))
	}
	return opts
}

// refuseAgain refuses the value the store refused, with its reason, until
// it is changed; then check decides.
func refuseAgain(check func(string) error, refused string, reason error) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == strings.TrimSpace(refused) {
			return reason
		}
		return check(s)
	}
}

// The fields' checks are the store's (store.CreatorEdit), made as a field
// is left so that a refusal keeps the dialog open on it.

func checkHandle(s string) error {
	if _, err := outreach.NormalizeHandle(s); err != nil {
		return fmt.Errorf("handle: %w", err)
	}
	return nil
}

func checkText(field string, limit int) func(string) error {
	return func(s string) error {
		s = strings.TrimSpace(s)
		if strings.IndexFunc(s, unicode.IsControl) >= 0 {
			return fmt.Errorf("%s: no control characters", field)
		}
		if n := utf8.RuneCountInString(s); n > limit {
			return fmt.Errorf("%s: %d characters, the limit is %d", field, n, limit)
		}
		return nil
	}
}

func checkFollowers(s string) error {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	if _, _, err := outreach.ParseApproxCount(s); err != nil { // as the store reads it
		return fmt.Errorf("followers: %w", err)
	}
	return nil
}

func checkEmail(s string) error {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	if _, err := outreach.NormalizeEmail(s); err != nil {
		return fmt.Errorf("email: %w", err)
	}
	return nil
}

func checkPhone(s string) error {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	if _, err := outreach.NormalizePhone(s); err != nil {
		return fmt.Errorf("phone: %w", err)
	}
	return nil
}

func checkRegion(s string) error {
	if _, err := outreach.NormalizeRegion(s); err != nil {
		return fmt.Errorf("region: %w", err)
	}
	return nil
}
