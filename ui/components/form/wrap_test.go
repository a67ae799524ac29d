package form

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// A refused value's reason shows whole under its field, wrapped to the
// box, however long: its last words say what to do.
func TestLongValidationErrorWraps(t *testing.T) {
	reason := "@someone is no response in Summer Glow Serum Relaunch 2026: record samples for partners, " +
		"or move them to partnered first with m on Creators"
	for _, size := range [][2]int{{76, 20}, {56, 16}} {
		var v string
		in := huh.NewInput().Title("handle").Value(&v).Validate(func(s string) error {
			if s == "someone" {
				return errors.New(reason)
			}
			return nil
		})
		d := New("New sample", huh.NewForm(huh.NewGroup(in)), true, func() tea.Msg { return answered{} })
		dr := newDriver(t, d, size[0], size[1])
		dr.typeText("someone").key(tea.KeyEnter)
		if dr.closed() {
			t.Fatalf("%v: a refused value closed the box", size)
		}
		view := d.View()
		fits(t, view, size[0], size[1])
		var text []string
		for _, l := range strings.Split(dr.screen(), "\n") {
			text = append(text, strings.Trim(l, "│ "))
		}
		if got := strings.Join(strings.Fields(strings.Join(text, " ")), " "); !strings.Contains(got, reason) {
			t.Errorf("%v: the reason is cut:\n%s", size, dr.screen())
		}
	}
}
