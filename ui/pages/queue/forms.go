package queue

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"creatordesk/outreach"
	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/form"
)

// The Queue's prompts, each a huh input in a dialog: the name that signs
// invitations (s, and n before the first) and the creator to queue (n).

// senderMsg is the sender prompt's answer; then says whether the handle
// is asked next (n with no sender yet).
type senderMsg struct {
	name       string
	thenHandle bool
}

// handleMsg is the handle prompt's answer; campaign, when the creator is
// in several and none is in view, the one chosen.
type handleMsg struct{ handle, campaign string }

// whichCampaignMsg says the creator is in several campaigns and none is in
// view: the screen asks which.
type whichCampaignMsg struct {
	handle    string
	campaigns []string
}

func (senderMsg) For() common.PageID        { return common.QueuePage }
func (handleMsg) For() common.PageID        { return common.QueuePage }
func (whichCampaignMsg) For() common.PageID { return common.QueuePage }

func checkSender(s string) error {
	_, err := outreach.NormalizeSender(s)
	return err
}

func checkHandle(s string) error {
	_, err := outreach.NormalizeHandle(s)
	return err
}

// askSender asks for the name that signs invitations, the current one
// shown: typing replaces it, enter on nothing keeps it.
func (p *queue) askSender(thenHandle bool) tea.Cmd {
	d := form.Input("Sign invitations", "sign invitations as", common.Clean(p.sender), checkSender, p.ctx.Styles.IsDark,
		func(v string) tea.Msg { return senderMsg{name: strings.TrimSpace(v), thenHandle: thenHandle} })
	return p.ctx.Dialogs.Open(d)
}

// askHandle asks which creator to queue, in the campaign in view. The
// handle completes as it is typed, from the handles in the store.
func (p *queue) askHandle() tea.Cmd {
	title := "Queue a creator"
	if c := p.ctx.Campaign; c != "" {
		title += " in " + common.Clean(c)
	}
	var v string
	in := form.Completing("handle", &v, completeHandle(p.ctx.Store)).
		Description("ctrl+e completes · ↑/↓ other handles").CharLimit(outreach.MaxHandleLen + 2).Validate(checkHandle)
	d := form.New(title, huh.NewForm(huh.NewGroup(in)), p.ctx.Styles.IsDark,
		func() tea.Msg { return handleMsg{handle: strings.TrimSpace(v)} })
	return p.ctx.Dialogs.Open(d)
}

// handleSuggestions is how many handles complete one typed: enough to
// go through with ↓, few enough to ask for on every key.
const handleSuggestions = 10

// completeHandle lists the handles starting with what is typed, written as
// it is typed (an @ before it stays), for form.Completing.
func completeHandle(st *store.Store) func(typed string) []string {
	return func(typed string) []string {
		rest := strings.TrimLeft(typed, " @")
		hs, err := st.HandlesWithPrefix(common.Bg(), rest, handleSuggestions)
		if err != nil {
			return nil // no completion; the handle can still be typed whole
		}
		lead := typed[:len(typed)-len(rest)]
		for i, h := range hs {
			hs[i] = lead + h
		}
		return hs
	}
}

// askCampaign asks in which of the creator's campaigns to queue them.
func (p *queue) askCampaign(msg whichCampaignMsg) tea.Cmd {
	p.saving = false
	opts := make([]huh.Option[string], len(msg.campaigns))
	for i, c := range msg.campaigns {
		opts[i] = huh.NewOption(common.Clean(c), c)
	}
	h := common.Clean(strings.TrimPrefix(msg.handle, "@"))
	return p.ctx.Dialogs.Open(form.Select("Queue @"+h, fmt.Sprintf("@%s is in %d campaigns: which one?", h, len(opts)), opts,
		p.ctx.Styles.IsDark, func(c string) tea.Msg { return handleMsg{handle: msg.handle, campaign: c} }))
}

// saveSender stores the name; the answer (queueSenderMsg) asks for the
// handle next when n asked for it.
func (p *queue) saveSender(msg senderMsg) tea.Cmd {
	p.saving = true
	st := p.ctx.Store
	return func() tea.Msg {
		name, err := st.SetSender(common.Bg(), msg.name)
		return queueSenderMsg{name: name, thenHandle: msg.thenHandle, err: err}
	}
}

// queueHandle queues the built-in invitation for the creator, through the
// queueing 'creatordesk queue' uses: in the campaign chosen or in view,
// else in the one the campaign rule picks (asking when there are several).
func (p *queue) queueHandle(msg handleMsg) tea.Cmd {
	p.saving = true
	st, ctx, value, where := p.ctx.Store, p.ctx.Bg(), msg.handle, msg.campaign
	if where == "" {
		where = p.ctx.Campaign
	}
	return func() tea.Msg {
		// with no campaign the store applies the rule in the write
		res, err := st.QueueMatching(ctx, store.QueueRequest{Handles: []string{value}, Campaign: where, ByRule: where == ""}, nil)
		var amb *store.AmbiguousCampaignError
		if errors.As(err, &amb) {
			return whichCampaignMsg{handle: value, campaigns: amb.Campaigns}
		}
		if err == nil && where == "" { // for the note: the campaign the rule took
			if c, rerr := st.ResolveCampaign(common.Bg(), value, ""); rerr == nil {
				where = c.Name
			}
		}
		switch {
		case err != nil:
		case len(res.Held) > 0:
			err = fmt.Errorf("@%s not queued: %s", strings.TrimPrefix(res.Held[0].Handle, "@"), res.Held[0].Reason)
		case res.Queued == 0:
			err = fmt.Errorf("nothing queued")
		}
		return queueDoneMsg{note: "queued an invitation to @" + strings.TrimPrefix(value, "@") + " in " + where, err: err}
	}
}
