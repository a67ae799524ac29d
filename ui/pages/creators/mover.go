package creators

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

// The stage move: a dialog offers only the moves the pipeline allows (for
// several selected creators, every stage: each move is still checked),
// then asks for a note; the moves run in a command.

// moveMsg is the move dialog's answer: move handles to to, with note, in
// campaign ("" lets the store pick each creator's by the rule).
type moveMsg struct {
	handles  []string
	campaign string
	to       outreach.Stage
	note     string
}

type moveDoneMsg struct {
	note  string
	moved int
	err   error
}

// startMove moves the marked creators, or the one under the cursor once
// the campaign is known.
func (m *creators) startMove() tea.Cmd {
	c, _, ok := m.selected()
	if !ok {
		return nil
	}
	handles := m.markedHandles()
	if len(handles) > 1 || len(handles) == 1 && handles[0] != c.Handle {
		camp := m.ctx.Campaign
		where := "in " + common.Clean(camp)
		if camp == "" {
			where = "each in their own campaign"
		}
		return m.ctx.Dialogs.Open(m.moveDialog(handles, camp, where, outreach.Stages))
	}
	// The allowed moves come from the creator's pipelines: without them
	// the dialog would guess prospect, so it waits for them.
	d, wait := m.editTarget(m.startMove)
	if d == nil {
		return wait
	}
	return m.resolve(actMove, c.Handle, d)
}

// openMove opens the move dialog for one creator in the campaign resolved.
func (m *creators) openMove(msg campaignMsg) tea.Cmd {
	pos := outreach.Position{Stage: outreach.Prospect, Tier: msg.d.creator.Tier}
	for _, p := range msg.d.pipelines {
		if strings.EqualFold(p.Campaign, msg.campaign) {
			pos = p.Position
		}
	}
	options := pos.AllowedMoves()
	if len(options) == 0 {
		return common.Status(fmt.Sprintf("@%s: no moves from %s", common.Clean(msg.handle), pos.Stage.Label()), true)
	}
	where := "in " + common.Clean(msg.campaign) + ", now " + pos.Stage.Label()
	return m.ctx.Dialogs.Open(m.moveDialog([]string{msg.handle}, msg.campaign, where, options))
}

// moveDialog asks for the stage, then the note.
func (m *creators) moveDialog(handles []string, campaign, where string, options []outreach.Stage) *form.Dialog {
	var to outreach.Stage
	var note string
	opts := make([]huh.Option[outreach.Stage], len(options))
	for i, s := range options {
		opts[i] = huh.NewOption(s.Label(), s)
	}
	f := huh.NewForm(huh.NewGroup(
		huh.NewSelect[outreach.Stage]().Title("to").Description(where).Options(opts...).Value(&to),
		huh.NewInput().Title("note").CharLimit(500).Value(&note),
	))
	return form.New("Move "+who(handles), f, m.ctx.Styles.IsDark, func() tea.Msg {
		return moveMsg{handles: handles, campaign: campaign, to: to, note: strings.TrimSpace(note)}
	})
}

// openDoNotContact asks why, then stops every campaign of the marked
// creators, or of the one under the cursor.
func (m *creators) openDoNotContact() tea.Cmd {
	c, _, ok := m.selected()
	if !ok {
		return nil
	}
	handles := m.markedHandles()
	if len(handles) == 0 {
		handles = []string{c.Handle}
	}
	var reason string
	f := huh.NewForm(huh.NewGroup(
		huh.NewInput().Title("reason").Description("do not contact: stops every campaign").CharLimit(500).
			Value(&reason).Validate(func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New("do not contact needs a reason")
			}
			return nil
		}),
	))
	camp := m.ctx.Campaign
	return m.ctx.Dialogs.Open(form.New("Do not contact "+who(handles), f, m.ctx.Styles.IsDark, func() tea.Msg {
		return moveMsg{handles: handles, campaign: camp, to: outreach.DoNotContact, note: strings.TrimSpace(reason)}
	}))
}

// who names the creators a dialog acts on, cleaned for its title.
func who(handles []string) string {
	if len(handles) == 1 {
		return "@" + common.Clean(handles[0])
	}
	return fmt.Sprintf("%d creators", len(handles))
}

// runMove moves every creator in one command; each move is its own
// transaction, so one refusal does not undo the others.
func (m *creators) runMove(mv moveMsg) tea.Cmd {
	st := m.ctx.Store
	return func() tea.Msg {
		var errs []error
		moved, where := 0, mv.campaign
		for _, h := range mv.handles {
			res, err := st.MoveStage(common.Bg(), store.Move{Handle: h, Campaign: mv.campaign, To: mv.to, Note: mv.note, Source: "dashboard"})
			if err != nil {
				errs = append(errs, fmt.Errorf("@%s: %w", h, err))
				continue
			}
			moved++
			where = res.Campaign
		}
		text := fmt.Sprintf("moved %d to %s", moved, mv.to.Label())
		switch {
		case len(mv.handles) == 1 && moved == 1:
			text = fmt.Sprintf("@%s → %s in %s", mv.handles[0], mv.to.Label(), where)
		case mv.campaign != "":
			text += " in " + mv.campaign
		}
		if len(errs) > 0 {
			return moveDoneMsg{moved: moved, note: text, err: fmt.Errorf("%s; %d refused: %w", text, len(errs), errors.Join(errs...))}
		}
		return moveDoneMsg{moved: moved, note: text}
	}
}
