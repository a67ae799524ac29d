package outreach

import (
	"fmt"
	"strings"
)

// Stage is where a creator stands in one campaign's pipeline.
type Stage string

// The main path, in order, then the exits.
const (
	Prospect        Stage = "prospect"
	Invited         Stage = "invited"
	Replied         Stage = "replied"
	Negotiating     Stage = "negotiating"
	Partnered       Stage = "partnered"
	SampleShipped   Stage = "sample_shipped"
	SampleDelivered Stage = "sample_delivered"
	ContentPosted   Stage = "content_posted"

	Declined     Stage = "declined"
	NoResponse   Stage = "no_response"
	DoNotContact Stage = "do_not_contact"
)

// Path is the main pipeline in order; a stage's index is its rank.
var Path = []Stage{Prospect, Invited, Replied, Negotiating, Partnered, SampleShipped, SampleDelivered, ContentPosted}

// Exits end a pipeline without content.
var Exits = []Stage{Declined, NoResponse, DoNotContact}

// Stages lists every stage: the path, then the exits.
var Stages = append(append([]Stage{}, Path...), Exits...)

// Rank is the stage's position on the path (prospect 0 … content_posted 7),
// or -1 for an exit.
func (s Stage) Rank() int {
	for i, p := range Path {
		if p == s {
			return i
		}
	}
	return -1
}

// IsExit reports whether the stage ends the pipeline without content.
func (s Stage) IsExit() bool { return s == Declined || s == NoResponse || s == DoNotContact }

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return s.Rank() >= 0 || s.IsExit() }

// IsSample reports whether the stage is one of the sample steps.
func (s Stage) IsSample() bool { return s == SampleShipped || s == SampleDelivered }

// Label is the stage for people: "sample shipped".
func (s Stage) Label() string { return strings.ReplaceAll(string(s), "_", " ") }

// StageAt returns the path stage of a rank; ranks outside the path give "".
func StageAt(rank int) Stage {
	if rank < 0 || rank >= len(Path) {
		return ""
	}
	return Path[rank]
}

var stageAliases = map[string]Stage{
	"new": Prospect, "lead": Prospect, "待邀约": Prospect, "潜在": Prospect,
	"contacted": Invited, "sent": Invited, "已邀约": Invited, "已邀请": Invited,
	"reply": Replied, "responded": Replied, "已回复": Replied,
	"negotiation": Negotiating, "in_talks": Negotiating, "洽谈中": Negotiating, "沟通中": Negotiating,
	"partner": Partnered, "agreed": Partnered, "signed": Partnered, "已合作": Partnered, "合作中": Partnered,
	"shipped": SampleShipped, "寄样": SampleShipped, "已寄样": SampleShipped,
	"delivered": SampleDelivered, "已签收": SampleDelivered,
	"posted": ContentPosted, "published": ContentPosted, "live": ContentPosted, "已发布": ContentPosted, "已出视频": ContentPosted,
	"rejected": Declined, "已拒绝": Declined, "拒绝": Declined,
	"ghosted": NoResponse, "no_reply": NoResponse, "未回复": NoResponse,
	"dnc": DoNotContact, "blocked": DoNotContact, "勿扰": DoNotContact, "不再联系": DoNotContact,
}

// ParseStage reads a stage name the way trackers write it: any case, with
// spaces, dashes or underscores, and common synonyms in English and Chinese.
func ParseStage(s string) (Stage, error) {
	w := normWord(s)
	if st := Stage(w); st.Valid() {
		return st, nil
	}
	if st, ok := stageAliases[w]; ok {
		return st, nil
	}
	return "", fmt.Errorf("%q is not a stage (one of %s)", s, joinStages(Stages))
}

// normWord lower-cases and joins words with underscores: "Sample Shipped" →
// "sample_shipped".
func normWord(s string) string {
	f := strings.FieldsFunc(strings.ToLower(strings.TrimSpace(s)), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t'
	})
	return strings.Join(f, "_")
}

func joinStages(st []Stage) string {
	parts := make([]string, len(st))
	for i, s := range st {
		parts[i] = string(s)
	}
	return strings.Join(parts, ", ")
}

// Position is a creator's state in one campaign: the current stage and the
// furthest path stage ever reached (exits keep it, so the funnel still counts
// a partner who later declined as a partner).
type Position struct {
	Stage    Stage
	Furthest Stage
	Tier     Tier
	// HasSample is true when a sample shipment is recorded for this creator
	// in this campaign; head creators only enter sample stages with one.
	HasSample bool
	// DoNotContact is true when the creator is marked do-not-contact (in
	// any campaign): no pipeline of theirs moves anywhere else.
	DoNotContact bool
}

// AllowedMoves lists the stages the pipeline may move to from p, path stages
// first in order, then exits.
func (p Position) AllowedMoves() []Stage {
	var out []Stage
	for _, s := range Stages {
		if p.allows(s) == nil {
			out = append(out, s)
		}
	}
	return out
}

// MoveError explains a refused move (or correction) and lists the moves
// (or corrections) that are allowed.
type MoveError struct {
	From, To Stage
	Reason   string
	Allowed  []Stage
	// Correction is set when the refused move was a correction.
	Correction bool
	// Correctable is set when a correction may make the refused move: the
	// way out of a mistake, which the CLI and the dashboard name.
	Correctable bool
}

func (e *MoveError) Error() string {
	allowed := "none"
	if len(e.Allowed) > 0 {
		allowed = joinStages(e.Allowed)
	}
	if e.Correction {
		return fmt.Sprintf("cannot correct from %s to %s: %s (corrections allowed: %s)", e.From, e.To, e.Reason, allowed)
	}
	return fmt.Sprintf("cannot move from %s to %s: %s (allowed: %s)", e.From, e.To, e.Reason, allowed)
}

// CheckMove returns nil when the pipeline may move from p to the stage to,
// else a *MoveError.
func (p Position) CheckMove(to Stage) error {
	if err := p.allows(to); err != nil {
		return &MoveError{From: p.Stage, To: to, Reason: err.Error(), Allowed: p.AllowedMoves(),
			Correctable: p.correctable(to) == nil}
	}
	return nil
}

// Next is the position after a move that CheckMove allowed.
func (p Position) Next(to Stage) Position {
	if p.Stage.Rank() > p.Furthest.Rank() {
		p.Furthest = p.Stage // Furthest unset or behind: the stage left was reached
	}
	p.Stage = to
	if to.Rank() > p.Furthest.Rank() {
		p.Furthest = to
	}
	return p
}

type reason string

func (r reason) Error() string { return string(r) }

func (p Position) allows(to Stage) error {
	from := p.Stage
	switch {
	case !to.Valid():
		return reason("unknown stage")
	case to == from:
		return reason("already there")
	case from == DoNotContact:
		return reason("do-not-contact is final")
	case to == DoNotContact:
		return nil
	case p.DoNotContact:
		return reason("the creator is marked do-not-contact")
	case from == ContentPosted:
		return reason("content is posted; the collaboration is complete")
	}
	furthest := p.Furthest
	if furthest.Rank() < 0 {
		furthest = from
	}
	if from.IsExit() {
		// Coming back from declined or no response resumes from the furthest
		// stage reached: a late reply, a change of mind, a late post.
		if to == Declined && from == NoResponse {
			return nil
		}
		if to.IsExit() {
			return reason("already ended")
		}
		if to.Rank() < Replied.Rank() {
			return reason("a creator coming back has replied")
		}
		if to == furthest {
			if to.IsSample() && p.Tier == Head && !p.HasSample {
				return reason("head creators skip sample stages unless a sample is recorded")
			}
			return nil // resume where it stopped
		}
		return Position{Stage: furthest, Furthest: furthest, Tier: p.Tier, HasSample: p.HasSample, DoNotContact: p.DoNotContact}.forward(to)
	}
	if to == Declined || to == NoResponse {
		if from == Prospect {
			return reason("the creator has not been invited yet")
		}
		return nil
	}
	return p.forward(to)
}

// forward checks a move along the path from p.Stage.
func (p Position) forward(to Stage) error {
	from, fr, tr := p.Stage, p.Stage.Rank(), to.Rank()
	if tr <= fr {
		return reason("the pipeline only moves forward")
	}
	sampled := p.Tier != Head || p.HasSample
	pr := Partnered.Rank()
	switch {
	case tr <= pr:
		return nil // skipping ahead before a deal is fine: a fast yes
	case fr < pr:
		return reason("partner first")
	case to.IsSample() && !sampled:
		return reason("head creators skip sample stages unless a sample is recorded")
	case to == SampleDelivered && from != SampleShipped:
		return reason("ship the sample first")
	case to == ContentPosted && sampled && from == Partnered:
		return reason("the sample comes before content")
	}
	return nil
}

// ImpliedFurthest is the furthest path stage a creator must have reached to
// stand at s: an exit found in a tracker implies an invitation (a creator
// declines or ignores something), except do-not-contact.
func ImpliedFurthest(s Stage) Stage {
	switch s {
	case Declined, NoResponse:
		return Invited
	case DoNotContact:
		return Prospect
	}
	return s
}

// IsContact reports whether moving to s means the seller and the creator
// were in touch, which sets the creator's last contact.
func (s Stage) IsContact() bool {
	return s.Rank() >= Invited.Rank() || s == Declined
}
