package outreach

import (
	"strings"
	"testing"
)

// The question names the creator and warns that old copies keep them;
// how to answer is the asker's: " [y/N]" on the command line (its tests
// check that), Yes and No on the dashboard.
func TestForgetQuestion(t *testing.T) {
	got := ForgetQuestion("anna_1")
	for _, want := range []string{"Forget @anna_1 ", "Older exports and backups still hold them"} {
		if !strings.Contains(got, want) {
			t.Errorf("ForgetQuestion = %q, missing %q", got, want)
		}
	}
	if strings.Contains(got, "[y/N]") {
		t.Errorf("ForgetQuestion = %q: the dashboard answers with Yes and No, not [y/N]", got)
	}
}
