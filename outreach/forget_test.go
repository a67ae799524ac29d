package outreach

import (
	"strings"
	"testing"
)

// The question names the creator, warns that old copies keep them, and
// says that no is the default.
func TestForgetQuestion(t *testing.T) {
	got := ForgetQuestion("anna_1")
	for _, want := range []string{"Forget @anna_1 ", "Older exports and backups still hold them", "[y/N]"} {
		if !strings.Contains(got, want) {
			t.Errorf("ForgetQuestion = %q, missing %q", got, want)
		}
	}
	if !strings.HasSuffix(got, "[y/N]") {
		t.Errorf("ForgetQuestion = %q: the choice goes last", got)
	}
}
