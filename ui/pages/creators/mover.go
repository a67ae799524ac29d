package creators

import (
	"creatordesk/ui/common"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"creatordesk/outreach"
	"creatordesk/store"
)

// mover is the stage-move dialog: it offers only the moves the pipeline
// allows (for several selected creators, every stage: each move is still
// checked), then asks for a note, then moves in a command.
type mover struct {
	ctx      *common.Common
	handles  []string
	campaign string
	from     outreach.Stage
	options  []outreach.Stage
	cursor   int
	note     textinput.Model
	noting   bool
	dnc      bool
}

type moveDoneMsg struct {
	note  string
	moved int
	err   error
}

// openMover starts a move of the marked creators, or of the one under the
// cursor; dnc asks only for the do-not-contact reason.
func (m *creators) openMover(dnc bool) tea.Cmd {
	c, _, ok := m.selected()
	if !ok {
		return nil
	}
	if !dnc && (m.detail == nil || m.detail.handle != c.Handle) {
		// The allowed moves come from the creator's pipelines: without them
		// the dialog would guess prospect in the default campaign.
		return func() tea.Msg {
			return common.StatusMsg{Text: "still loading @" + common.Clean(c.Handle) + "'s pipelines; try again"}
		}
	}
	mv := &mover{ctx: m.ctx, dnc: dnc, campaign: m.ctx.Campaign}
	for h := range m.marked {
		mv.handles = append(mv.handles, h)
	}
	if len(mv.handles) == 0 {
		mv.handles = []string{c.Handle}
	}
	pos := outreach.Position{Stage: outreach.Prospect, Tier: c.Tier}
	if m.detail != nil && m.detail.handle == c.Handle {
		for _, p := range m.detail.pipelines {
			if mv.campaign == "" || strings.EqualFold(p.Campaign, mv.campaign) {
				if mv.campaign == "" {
					mv.campaign = p.Campaign // the most recent pipeline
				}
				pos = p.Position
				break
			}
		}
	}
	if mv.campaign == "" {
		mv.campaign = outreach.DefaultCampaign
	}
	mv.from = pos.Stage
	switch {
	case dnc:
		mv.options = []outreach.Stage{outreach.DoNotContact}
	case len(mv.handles) > 1:
		mv.options = outreach.Stages
	default:
		mv.options = pos.AllowedMoves()
	}
	if len(mv.options) == 0 {
		return func() tea.Msg {
			return common.StatusMsg{Text: fmt.Sprintf("@%s: no moves from %s", c.Handle, pos.Stage.Label()), Err: true}
		}
	}
	in := textinput.New()
	in.Prompt = "note: "
	in.CharLimit = 500
	if dnc {
		in.Prompt = "reason: "
	}
	mv.note = in
	m.mover = mv
	if dnc {
		return mv.startNote()
	}
	return nil
}

func (mv *mover) typing() bool { return mv.noting }

func (mv *mover) startNote() tea.Cmd {
	mv.noting = true
	return mv.note.Focus()
}

func (mv *mover) help() []key.Binding {
	k := mv.ctx.Keys
	if mv.noting {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "move")), k.Clear}
	}
	return []key.Binding{k.Up, k.Down, k.Enter, k.Clear}
}

// key returns nil as the mover when the dialog closes.
func (mv *mover) key(msg tea.KeyPressMsg) (*mover, tea.Cmd) {
	k := mv.ctx.Keys
	if key.Matches(msg, k.Clear) {
		return nil, nil
	}
	if mv.noting {
		if key.Matches(msg, k.Enter) {
			if mv.dnc && strings.TrimSpace(mv.note.Value()) == "" {
				return mv, func() tea.Msg { return common.StatusMsg{Text: "do not contact needs a reason", Err: true} }
			}
			return mv, mv.run()
		}
		var cmd tea.Cmd
		mv.note, cmd = mv.note.Update(msg)
		return mv, cmd
	}
	switch {
	case key.Matches(msg, k.Up):
		mv.cursor = max(0, mv.cursor-1)
	case key.Matches(msg, k.Down):
		mv.cursor = min(len(mv.options)-1, mv.cursor+1)
	case key.Matches(msg, k.Enter):
		return mv, mv.startNote()
	}
	return mv, nil
}

// run moves every creator in one command; each move is its own transaction,
// so one refusal does not undo the others.
func (mv *mover) run() tea.Cmd {
	st, to, note, camp, handles := mv.ctx.Store, mv.options[mv.cursor], strings.TrimSpace(mv.note.Value()), mv.campaign, mv.handles
	return func() tea.Msg {
		var errs []error
		moved := 0
		for _, h := range handles {
			_, err := st.MoveStage(common.Bg(), store.Move{Handle: h, Campaign: camp, To: to, Note: note, Source: "dashboard"})
			if err != nil {
				errs = append(errs, fmt.Errorf("@%s: %w", h, err))
				continue
			}
			moved++
		}
		text := fmt.Sprintf("moved %d to %s in %s", moved, to.Label(), camp)
		if len(handles) == 1 && moved == 1 {
			text = fmt.Sprintf("@%s → %s in %s", handles[0], to.Label(), camp)
		}
		if len(errs) > 0 {
			return moveDoneMsg{moved: moved, note: text, err: fmt.Errorf("%s; %d refused: %w", text, len(errs), errors.Join(errs...))}
		}
		return moveDoneMsg{moved: moved, note: text}
	}
}

func (mv *mover) view(w, h int) string {
	st := mv.ctx.Styles
	inner := max(10, w-4)
	who := "@" + mv.handles[0]
	if len(mv.handles) > 1 {
		who = fmt.Sprintf("%d creators", len(mv.handles))
	}
	lines := []string{st.Title.Render(common.Fit("Move "+who, inner)), st.Muted.Render(common.Fit("in "+mv.campaign+", now "+mv.from.Label(), inner)), ""}
	if !mv.dnc {
		for i, s := range mv.options {
			line := common.Fit("  "+s.Label(), inner)
			if i == mv.cursor {
				line = st.Selected.Render(common.Fit("▶ "+s.Label(), inner))
			}
			lines = append(lines, line)
		}
	} else {
		lines = append(lines, st.Bad.Render("do not contact: stops every campaign"))
	}
	if mv.noting {
		mv.note.SetWidth(max(5, inner-len(mv.note.Prompt)-1))
		lines = append(lines, "", mv.note.View())
	}
	if len(lines) > h-2 {
		lines = lines[len(lines)-(h-2):]
	}
	return st.Panel.Width(w).Render(strings.Join(lines, "\n"))
}
