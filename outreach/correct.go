package outreach

// A correction puts right a stage recorded by mistake: it moves a pipeline
// backwards along the path, or out of an exit (declined, no response,
// do-not-contact), which the ordinary moves never do. The funnel follows:
// the furthest stage becomes the one corrected to.

// AllowedCorrections lists the stages a correction may take the pipeline
// to from p, path stages first in order, then exits.
func (p Position) AllowedCorrections() []Stage {
	var out []Stage
	for _, s := range Stages {
		if p.correctable(s) == nil {
			out = append(out, s)
		}
	}
	return out
}

// CheckCorrection returns nil when a correction may take the pipeline from
// p to the stage to, else a *MoveError whose Allowed lists the corrections.
func (p Position) CheckCorrection(to Stage) error {
	if err := p.correctable(to); err != nil {
		return &MoveError{From: p.Stage, To: to, Reason: err.Error(), Allowed: p.AllowedCorrections(), Correction: true}
	}
	return nil
}

// IsCorrection reports whether the stage to is reached from p by a
// correction and not by an ordinary move.
func (p Position) IsCorrection(to Stage) bool {
	return p.allows(to) != nil && p.correctable(to) == nil
}

func (p Position) correctable(to Stage) error {
	from := p.Stage
	switch {
	case !to.Valid():
		return reason("unknown stage")
	case to == from:
		return reason("already there")
	case p.DoNotContact && from != DoNotContact:
		return reason("the creator is marked do-not-contact: correct the do-not-contact first")
	case p.allows(to) == nil:
		return reason("an ordinary move: leave out the correction")
	case to.IsSample() && p.Tier == Head && !p.HasSample:
		return reason("head creators skip sample stages unless a sample is recorded")
	}
	if from.IsExit() {
		if to.IsExit() && p.furthest().Rank() < Invited.Rank() {
			return reason("the creator was never invited")
		}
		return nil // out of an exit, anywhere
	}
	if to.IsExit() || to.Rank() > from.Rank() {
		return reason("a correction goes back along the path or out of an exit")
	}
	return nil
}

// furthest is p.Furthest, or the stage when that is unset or behind.
func (p Position) furthest() Stage {
	if p.Stage.Rank() > p.Furthest.Rank() {
		return p.Stage
	}
	return p.Furthest
}

// Corrected is the position after a correction CheckCorrection allowed:
// corrected to a path stage, that is the furthest reached (the funnel no
// longer counts the steps past it); to an exit, the furthest stays.
func (p Position) Corrected(to Stage) Position {
	f := p.furthest()
	switch {
	case to.Rank() >= 0:
		f = to
	case ImpliedFurthest(to).Rank() > f.Rank():
		f = ImpliedFurthest(to)
	}
	p.Stage, p.Furthest = to, f
	if to != DoNotContact {
		p.DoNotContact = false
	}
	return p
}

// FitsStage reports whether an open message of this purpose still has a
// place once the pipeline is at s: the invitation for a prospect, the
// follow-ups for an invited creator, a sample reminder while a sample is
// out, a thank-you once content is posted. A correction calls off the
// messages that no longer fit.
func (p Purpose) FitsStage(s Stage) bool {
	switch p {
	case PurposeInvitation:
		return s == Prospect
	case PurposeFollowUp1, PurposeFollowUp2:
		return s == Invited
	case PurposeSampleReminder:
		return s.IsSample()
	case PurposeThankYou:
		return s == ContentPosted
	}
	return false
}
