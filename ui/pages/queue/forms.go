package queue

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

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

// handleMsg is the handle prompt's answer.
type handleMsg struct{ handle string }

func (senderMsg) For() common.PageID { return common.QueuePage }
func (handleMsg) For() common.PageID { return common.QueuePage }

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

// askHandle asks which creator to queue, in the campaign in view.
func (p *queue) askHandle() tea.Cmd {
	title := "Queue a creator"
	if c := p.ctx.Campaign; c != "" {
		title += " in " + common.Clean(c)
	}
	d := form.Input(title, "handle", "", checkHandle, p.ctx.Styles.IsDark,
		func(v string) tea.Msg { return handleMsg{strings.TrimSpace(v)} })
	return p.ctx.Dialogs.Open(d)
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
// queueing 'creatordesk queue' uses, in the campaign in view or, with all
// campaigns in view, the one the campaign rule picks.
func (p *queue) queueHandle(value string) tea.Cmd {
	p.saving = true
	st, camp := p.ctx.Store, p.ctx.Campaign
	return func() tea.Msg {
		where := camp
		if where == "" {
			c, err := st.ResolveCampaign(common.Bg(), value, "")
			if errors.As(err, new(*store.AmbiguousCampaignError)) {
				return queueDoneMsg{err: fmt.Errorf("%w: press c to choose it first", err)}
			}
			if err == nil {
				where = c.Name
			}
		}
		res, err := st.QueueMatching(common.Bg(), store.QueueRequest{Handles: []string{value}, Campaign: where, ByRule: where == ""}, nil)
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
