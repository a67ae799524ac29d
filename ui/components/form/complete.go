package form

import (
	"sync/atomic"

	"charm.land/huh/v2"
)

// Completing is a one-line field that completes what is typed: complete
// gets the text typed so far and returns whole values starting with it
// (case aside); the first shows greyed after the cursor, ctrl+e takes it
// and ↑/↓ go through the others. huh calls complete in a command, never
// in Update, so it may ask the store. *value follows what is typed.
func Completing(label string, value *string, complete func(typed string) []string) *huh.Input {
	a := &completingAccessor{value: value}
	a.Set(*value)
	return huh.NewInput().Title(label).Accessor(a).
		SuggestionsFunc(func() []string { return complete(*a.shared.Load()) }, &a.typed)
}

// completingAccessor keeps what is typed twice: typed for huh, which reads
// it in Update to notice a change, and shared for complete, which runs in
// a command while the next key may be arriving.
type completingAccessor struct {
	typed  string
	shared atomic.Pointer[string]
	value  *string
}

func (a *completingAccessor) Get() string { return a.typed }

func (a *completingAccessor) Set(s string) {
	a.typed, *a.value = s, s
	a.shared.Store(&s)
}
