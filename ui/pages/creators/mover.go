package creators

import (
	"errors"
	"fmt"
	"slices"
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
// then the corrections (back along the path, out of an exit), then asks
// for a note, which a correction needs as its reason; a correction is
// confirmed in a second dialog. The moves run in a command.

// moveMsg is the move dialog's answer: move handles to to, with note, in
// campaign ("" lets the store pick each creator's by the rule). correct
// asks for a correction, which runs once confirmed.
type moveMsg struct {
	handles   []string
	campaign  string
	to        outreach.Stage
	note      string
	correct   bool
	from      outreach.Stage // the stage corrected from, for the question
	confirmed bool
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
		return m.ctx.Dialogs.Open(m.moveDialog(handles, camp, where, outreach.Position{}, outreach.Stages, nil))
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
	options, corrections := pos.AllowedMoves(), pos.AllowedCorrections()
	if len(options)+len(corrections) == 0 {
		return common.Status(fmt.Sprintf("@%s: no moves from %s", common.Clean(msg.handle), pos.Stage.Label()), true)
	}
	where := "in " + common.Clean(msg.campaign) + ", now " + pos.Stage.Label()
	return m.ctx.Dialogs.Open(m.moveDialog([]string{msg.handle}, msg.campaign, where, pos, options, corrections))
}

// correctionLabel marks a correction among the moves offered.
func correctionLabel(s outreach.Stage) string { return "← " + s.Label() + " (correct a mistake)" }

// moveDialog asks for the stage (the moves, then the corrections), then
// the note: a correction's reason, which it needs.
func (m *creators) moveDialog(handles []string, campaign, where string, pos outreach.Position, options, corrections []outreach.Stage) *form.Dialog {
	var to outreach.Stage
	var note string
	opts := make([]huh.Option[outreach.Stage], 0, len(options)+len(corrections))
	for _, s := range options {
		opts = append(opts, huh.NewOption(s.Label(), s))
	}
	for _, s := range corrections {
		opts = append(opts, huh.NewOption(correctionLabel(s), s))
	}
	correcting := func() bool { return slices.Contains(corrections, to) }
	noteField := huh.NewInput().Title("note").CharLimit(500).Value(&note).Validate(func(s string) error {
		if correcting() && strings.TrimSpace(s) == "" {
			return errors.New("a correction needs a reason: say what was wrong")
		}
		return nil
	})
	if len(corrections) > 0 {
		noteField.Description("a correction (←) needs the reason here")
	}
	f := huh.NewForm(huh.NewGroup(
		huh.NewSelect[outreach.Stage]().Title("to").Description(where).Options(opts...).Value(&to),
		noteField,
	))
	return form.New("Move "+who(handles), f, m.ctx.Styles.IsDark, func() tea.Msg {
		return moveMsg{handles: handles, campaign: campaign, to: to, note: strings.TrimSpace(note), correct: correcting(), from: pos.Stage}
	})
}

// onMove runs the move dialog's answer; a correction asks first.
func (m *creators) onMove(mv moveMsg) tea.Cmd {
	if !mv.correct || mv.confirmed {
		return m.runMove(mv)
	}
	h := "@" + common.Clean(mv.handles[0])
	q := fmt.Sprintf("Correct %s in %s from %s back to %s? The funnel counts them at %s from now on; waiting messages that no longer fit are called off.",
		h, common.Clean(mv.campaign), mv.from.Label(), mv.to.Label(), mv.to.Label())
	if mv.to.IsExit() {
		q = fmt.Sprintf("Correct %s in %s from %s to %s? Waiting messages are called off.", h, common.Clean(mv.campaign), mv.from.Label(), mv.to.Label())
	}
	if mv.from == outreach.DoNotContact {
		q += " They are no longer do-not-contact, and the campaigns that do-not-contact stopped go back to where they were."
	}
	return m.ctx.Dialogs.Open(form.Confirm("Correct "+h, q, m.ctx.Styles.IsDark, func() tea.Msg {
		mv.confirmed = true
		return mv
	}))
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

// runMove moves (or corrects) every creator in one command; each move is
// its own transaction, so one refusal does not undo the others, and all
// are one change, which u takes back whole.
func (m *creators) runMove(mv moveMsg) tea.Cmd {
	st, ctx := m.ctx.Store, store.Together(m.ctx.Bg())
	return func() tea.Msg {
		var errs []error
		moved, where, correctable := 0, mv.campaign, false
		var res store.MoveResult
		for _, h := range mv.handles {
			r, err := st.MoveStage(ctx, store.Move{Handle: h, Campaign: mv.campaign, To: mv.to, Note: mv.note, Source: "dashboard",
				Correct: mv.correct})
			if err != nil {
				var me *outreach.MoveError
				correctable = correctable || errors.As(err, &me) && me.Correctable
				errs = append(errs, fmt.Errorf("@%s: %w", h, err))
				continue
			}
			moved++
			where, res = r.Campaign, r
		}
		text := fmt.Sprintf("moved %d to %s", moved, mv.to.Label())
		switch {
		case len(mv.handles) == 1 && moved == 1 && mv.correct:
			text = fmt.Sprintf("@%s corrected to %s in %s", mv.handles[0], mv.to.Label(), where)
			if res.Restored > 0 {
				text += "; no longer do-not-contact, " + outreach.Count(res.Restored, "other campaign", "other campaigns") + " back"
			}
			if res.CalledOff > 0 {
				text += "; " + outreach.Count(res.CalledOff, "waiting message", "waiting messages") + " called off"
			}
		case len(mv.handles) == 1 && moved == 1:
			text = fmt.Sprintf("@%s → %s in %s", mv.handles[0], mv.to.Label(), where)
		case mv.campaign != "":
			text += " in " + mv.campaign
		}
		if len(errs) > 0 {
			hint := ""
			if correctable { // the way out of a mistake, one creator at a time; said first, as the line may be cut
				hint = " (a mistake is corrected from m on the creator)"
			}
			return moveDoneMsg{moved: moved, note: text, err: fmt.Errorf("%s; %d refused%s: %w", text, len(errs), hint, errors.Join(errs...))}
		}
		return moveDoneMsg{moved: moved, note: text}
	}
}
