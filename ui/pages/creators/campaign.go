package creators

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"creatordesk/store"
	"creatordesk/ui/common"
	"creatordesk/ui/components/form"
)

// A move, new terms or an invitation for one creator touch the campaign
// the store's one rule picks (store.ResolveCampaign): the campaign in view,
// else the creator's only pipeline, else the default campaign; when the
// creator is in several and none is in view, the screen asks which.

// action is what waits for the campaign.
type action int

const (
	actMove action = iota
	actTerms
	actInvite
)

// campaignMsg answers which campaign act on handle touches: campaign, or
// choices when the creator is in several. d is the creator's detail as it
// was when asked (nil for an invitation).
type campaignMsg struct {
	req      int
	act      action
	handle   string
	d        *creatorDetail
	campaign string
	choices  []string
	err      error
}

// resolve asks the store which campaign act on handle touches.
func (m *creators) resolve(act action, handle string, d *creatorDetail) tea.Cmd {
	m.resolveReq++
	req, st, named := m.resolveReq, m.ctx.Store, m.ctx.Campaign
	if act != actInvite {
		m.ctx.Dialogs.Expect() // a dialog follows: keys typed meanwhile wait for it
	}
	return func() tea.Msg {
		msg := campaignMsg{req: req, act: act, handle: handle, d: d}
		c, err := st.ResolveCampaign(common.Bg(), handle, named)
		var several *store.AmbiguousCampaignError
		switch {
		case errors.As(err, &several):
			msg.choices = several.Campaigns
		case err != nil:
			msg.err = err
		default:
			msg.campaign = c.Name
		}
		return msg
	}
}

// resolved goes on with the action once its campaign is known, or asks
// which when there are several.
func (m *creators) resolved(msg campaignMsg) tea.Cmd {
	if msg.req != m.resolveReq {
		return nil
	}
	// what follows opens its dialog (Open) or says why not
	m.ctx.Dialogs.Cancel()
	if msg.err != nil {
		return common.Status(msg.err.Error(), true)
	}
	if len(msg.choices) > 0 {
		return m.ctx.Dialogs.Open(m.askCampaign(msg))
	}
	switch msg.act {
	case actMove:
		return m.openMove(msg)
	case actTerms:
		return m.openTerms(msg)
	case actInvite:
		return m.queueInvites([]string{msg.handle}, msg.campaign)
	}
	return nil
}

// askCampaign lists the creator's campaigns; the one chosen answers the
// question as the store would have.
func (m *creators) askCampaign(msg campaignMsg) *form.Dialog {
	opts := make([]huh.Option[string], len(msg.choices))
	for i, c := range msg.choices {
		opts[i] = huh.NewOption(common.Clean(c), c)
	}
	h := common.Clean(msg.handle)
	label := fmt.Sprintf("@%s is in %d campaigns", h, len(msg.choices))
	return form.Select("Which campaign for @"+h+"?", label, opts, m.ctx.Styles.IsDark, func(c string) tea.Msg {
		answer := msg
		answer.campaign, answer.choices = c, nil
		return answer
	})
}

// markedHandles are the creators selected with space, in order.
func (m *creators) markedHandles() []string { return slices.Sorted(maps.Keys(m.marked)) }

// startInvite queues the built-in invitation for the creator under the
// cursor in the campaign the rule picks, or for the marked creators, each
// in theirs (one in several campaigns is held, named).
func (m *creators) startInvite() tea.Cmd {
	c, _, ok := m.selected()
	if !ok {
		return nil
	}
	handles := m.markedHandles()
	if len(handles) == 0 {
		return m.resolve(actInvite, c.Handle, nil)
	}
	clear(m.marked) // the selection was for this invitation, as for a move
	return m.queueInvites(handles, m.ctx.Campaign)
}

// queueInvites queues the invitations in campaign, or ("") in each
// creator's campaign by the rule.
func (m *creators) queueInvites(handles []string, campaign string) tea.Cmd {
	st, ctx := m.ctx.Store, m.ctx.Bg()
	return func() tea.Msg {
		// the queueing 'creatordesk queue HANDLE…' does
		res, err := st.QueueMatching(ctx, store.QueueRequest{Handles: handles, Campaign: campaign, ByRule: campaign == ""}, nil)
		n, held := res.Queued, res.Held
		if errors.Is(err, store.ErrNoSender) {
			err = errors.New("no sender name yet: press s on the Queue screen to set it")
		}
		if err != nil {
			return common.StatusMsg{Text: err.Error(), Err: true}
		}
		note := fmt.Sprintf("queued %d invitation(s)", n)
		if campaign != "" {
			note += " in " + campaign
		}
		if len(held) > 0 {
			note += fmt.Sprintf("; %d held (@%s: %s)", len(held), held[0].Handle, held[0].Reason)
		}
		return common.ChangedMsg{Note: note}
	}
}
