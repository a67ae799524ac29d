package form

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"
)

func quantity(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return errors.New("quantity must be a whole number of 1 or more")
	}
	return nil
}

func one(v string) tea.Msg { return answered{values: []string{v}} }

// The Samples quantity field showed 1 and typing 2 recorded ×12.
func TestDefaultIsReplacedByTyping(t *testing.T) {
	dr := newDriver(t, Input("New sample", "Quantity", "1", quantity, true, one), 80, 24)
	if s := dr.screen(); !strings.Contains(s, "1") {
		t.Fatalf("default not shown:\n%s", s)
	}
	dr.typeText("2").key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{"2"}}) {
		t.Fatalf("got %#v, want quantity 2", got)
	}
}

func TestDefaultIsKeptWhenLeftEmpty(t *testing.T) {
	dr := newDriver(t, Input("New sample", "Quantity", "1", quantity, true, one), 80, 24)
	dr.key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{"1"}}) {
		t.Fatalf("got %#v, want the default 1", got)
	}
}

func TestValidateShowsTheReasonAndBlocksSubmit(t *testing.T) {
	dr := newDriver(t, Input("New sample", "Quantity", "1", quantity, true, one), 80, 24)
	dr.typeText("x").key(tea.KeyEnter)
	if dr.closed() || len(dr.answers()) > 0 {
		t.Fatalf("a refused value was submitted: %#v", dr.out)
	}
	if s := dr.screen(); !strings.Contains(s, "quantity must be a whole number") {
		t.Fatalf("reason not shown:\n%s", s)
	}
	dr.key(tea.KeyBackspace).typeText("3").key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{"3"}}) {
		t.Fatalf("got %#v, want 3 after the fix", got)
	}
}

func TestEscCancelsWithoutAnswer(t *testing.T) {
	dr := newDriver(t, Input("Tag", "Tag", "", nil, true, one), 80, 24)
	dr.typeText("vip").key(tea.KeyEscape)
	if !dr.closed() || len(dr.answers()) != 0 {
		t.Fatalf("want Close and no answer, got %#v", dr.out)
	}
	// further keys do nothing once closed
	dr.out = nil
	dr.key(tea.KeyEnter)
	if len(dr.out) != 0 {
		t.Fatalf("closed dialog answered again: %#v", dr.out)
	}
}

func TestOnCancelMessage(t *testing.T) {
	d := Input("Tag", "Tag", "", nil, true, one).OnCancel(func() tea.Msg { return cancelled{} })
	dr := newDriver(t, d, 80, 24).key(tea.KeyEscape)
	if got := dr.onlyAnswer(); got != (cancelled{}) {
		t.Fatalf("got %#v, want the cancel message", got)
	}
}

func TestCtrlCQuitsTheApp(t *testing.T) {
	dr := newDriver(t, Input("Tag", "Tag", "", nil, true, one), 80, 24)
	dr.key('c', tea.ModCtrl)
	if !dr.quit {
		t.Fatalf("ctrl+c did not quit: %#v", dr.out)
	}
	if len(dr.answers()) != 1 { // the QuitMsg only
		t.Fatalf("ctrl+c answered the page: %#v", dr.out)
	}
}

func TestConfirm(t *testing.T) {
	forget := func() tea.Msg { return answered{[]string{"forget"}} }
	cases := []struct {
		name string
		keys []tea.KeyPressMsg
		yes  bool
	}{
		{"y", []tea.KeyPressMsg{{Code: 'y', Text: "y"}}, true},
		{"n", []tea.KeyPressMsg{{Code: 'n', Text: "n"}}, false},
		{"enter takes No, chosen at first", []tea.KeyPressMsg{{Code: tea.KeyEnter}}, false},
		{"left then enter", []tea.KeyPressMsg{{Code: tea.KeyLeft}, {Code: tea.KeyEnter}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dr := newDriver(t, Confirm("Forget", "Forget @anna? Her invitations and notes are deleted.", true, forget), 80, 24)
			for _, k := range c.keys {
				dr.send(k)
			}
			if !dr.closed() {
				t.Fatalf("not closed: %#v\n%s", dr.out, dr.screen())
			}
			if got := len(dr.answers()) == 1; got != c.yes {
				t.Fatalf("answered %v, want %v: %#v", got, c.yes, dr.out)
			}
		})
	}
}

func TestConfirmShowsTheChoiceWithoutColour(t *testing.T) {
	dr := newDriver(t, Confirm("Forget", "Forget @anna?", true, nil), 80, 24)
	if s := dr.screen(); !strings.Contains(s, "[No]") || strings.Contains(s, "[Yes]") {
		t.Fatalf("the chosen button is not marked:\n%s", s)
	}
	dr.key(tea.KeyLeft)
	if s := dr.screen(); !strings.Contains(s, "[Yes]") || strings.Contains(s, "[No]") {
		t.Fatalf("the chosen button is not marked after ←:\n%s", s)
	}
}

func TestSelect(t *testing.T) {
	opts := []huh.Option[int]{huh.NewOption("Glow", 1), huh.NewOption("Summer", 2), huh.NewOption("Winter", 3)}
	pick := func(id int) tea.Msg { return answered{[]string{fmt.Sprint(id)}} }
	dr := newDriver(t, Select("Move to campaign", "Which campaign?", opts, true, pick), 80, 24)
	if s := dr.screen(); !strings.Contains(s, "> Glow") {
		t.Fatalf("first option not marked:\n%s", s)
	}
	dr.key(tea.KeyDown).key(tea.KeyDown)
	if s := dr.screen(); !strings.Contains(s, "> Winter") {
		t.Fatalf("cursor not on Winter:\n%s", s)
	}
	dr.key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{"3"}}) {
		t.Fatalf("got %#v, want campaign 3", got)
	}
}

// esc leaves a select's filter first; a second esc cancels.
func TestSelectFilterTakesEsc(t *testing.T) {
	opts := huh.NewOptions("prospect", "invited", "partnered")
	dr := newDriver(t, Select("Move", "Stage", opts, true, one), 80, 24)
	dr.typeText("/par").key(tea.KeyEscape)
	if dr.closed() {
		t.Fatalf("esc in the filter closed the dialog:\n%s", dr.screen())
	}
	dr.key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{"partnered"}}) {
		t.Fatalf("got %#v, want the filtered stage", got)
	}
}

// A page builds its own multi-field form with huh and the dialog runs it.
func TestPageBuiltForm(t *testing.T) {
	var sku, qty, cost, carrier, tracking string
	f := huh.NewForm(huh.NewGroup(
		huh.NewInput().Title("SKU").Value(&sku),
		DefaultInput("Quantity", "1", &qty, quantity),
		DefaultInput("Cost", "0.00", &cost, nil),
		huh.NewInput().Title("Carrier").Value(&carrier),
		huh.NewInput().Title("Tracking").Value(&tracking),
	))
	d := New("New sample for @anna", f, false, func() tea.Msg {
		return answered{[]string{sku, qty, cost, carrier, tracking}}
	})
	dr := newDriver(t, d, 80, 24)
	dr.typeText("SERUM-30").key(tea.KeyEnter)
	dr.typeText("2").key(tea.KeyTab)
	dr.key(tea.KeyTab, tea.ModShift).key(tea.KeyBackspace).typeText("3").key(tea.KeyEnter)
	dr.key(tea.KeyEnter) // cost left at its default
	dr.typeText("DHL").key(tea.KeyEnter)
	if dr.closed() {
		t.Fatalf("closed before the last field: %#v", dr.out)
	}
	dr.typeText("JD0001").key(tea.KeyEnter)
	want := answered{[]string{"SERUM-30", "3", "0.00", "DHL", "JD0001"}}
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

func TestPathCompletesWithTab(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"reports/", "report-2025.csv", "notes.txt", ".hidden"} {
		p := filepath.Join(dir, name)
		var err error
		if strings.HasSuffix(name, "/") {
			err = os.Mkdir(p, 0o755)
		} else {
			err = os.WriteFile(p, nil, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "reports", "march.csv"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	dr := newDriver(t, Path("Import", "File", "", nil, true, one), 80, 24)
	if s := dr.screen(); !strings.Contains(s, "tab complete") {
		t.Fatalf("help does not name tab:\n%s", s)
	}
	dr.send(tea.PasteMsg{Content: dir + "/no"}).key(tea.KeyTab)
	if s := dr.screen(); !strings.Contains(s, dir+"/notes.txt") {
		t.Fatalf("tab did not complete notes.txt:\n%s", s)
	}
	// "rep" matches report-2025.csv first; ↓ picks reports/, tab takes
	// it, and tab again completes in it
	for range len("notes.txt") {
		dr.key(tea.KeyBackspace)
	}
	dr.typeText("rep")
	if s := dr.screen(); !strings.Contains(s, dir+"/report-2025.csv") {
		t.Fatalf("first match not shown after the cursor:\n%s", s)
	}
	dr.key(tea.KeyDown).key(tea.KeyTab).key(tea.KeyTab)
	if s := dr.screen(); !strings.Contains(s, dir+"/reports/march.csv") {
		t.Fatalf("tab did not complete in reports/:\n%s", s)
	}
	dr.key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{dir + "/reports/march.csv"}}) {
		t.Fatalf("got %#v, want the completed path", got)
	}
}

// A name without a folder completes from the working directory.
func TestPathCompletesInTheWorkingDirectory(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("creators-march.csv", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	dr := newDriver(t, Path("Import", "File", "", nil, true, one), 80, 24)
	dr.typeText("cr").key(tea.KeyTab).key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{"creators-march.csv"}}) {
		t.Fatalf("got %#v", got)
	}
}

func TestPathTabWithoutMatchStays(t *testing.T) {
	dir := t.TempDir()
	dr := newDriver(t, Path("Export", "File", "creators.csv", nil, true, one), 80, 24)
	dr.send(tea.PasteMsg{Content: dir + "/zz"}).key(tea.KeyTab)
	if dr.closed() {
		t.Fatalf("tab submitted: %#v", dr.out)
	}
	dr.key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{dir + "/zz"}}) {
		t.Fatalf("got %#v", got)
	}
}

func TestSuggestHidesDotFilesUnlessAsked(t *testing.T) {
	dir := t.TempDir() + "/"
	for _, n := range []string{".env", "a.csv"} {
		if err := os.WriteFile(dir+n, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := suggest(dir); !reflect.DeepEqual(got, []string{dir + "a.csv"}) {
		t.Errorf("plain listing: %q", got)
	}
	if got := suggest(dir + "\x00."); !reflect.DeepEqual(got, []string{dir + ".env", dir + "a.csv"}) {
		t.Errorf("dot listing: %q", got)
	}
}

func TestViewFits(t *testing.T) {
	five := func() *Dialog {
		var a, b, c, d, e string
		return New("Terms for @anna", huh.NewForm(huh.NewGroup(
			DefaultInput("Commission %", "15", &a, nil),
			DefaultInput("Slot fee", "0", &b, nil),
			huh.NewInput().Title("Code").Value(&c),
			huh.NewInput().Title("Carrier").Value(&d),
			huh.NewInput().Title("Tracking").Value(&e),
		)), true, nil)
	}
	long := strings.Repeat("Forget @anna? Everything about her goes. ", 6)
	dialogs := map[string]func() *Dialog{
		"five fields": five,
		"confirm":     func() *Dialog { return Confirm("Forget", long, true, nil) },
		"select": func() *Dialog {
			return Select("Stage", "Which stage?", huh.NewOptions("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"), false, one)
		},
		"path": func() *Dialog { return Path("Export", "File", "creators.csv", nil, false, one) },
		"hostile": func() *Dialog {
			return Input("取引先 🎉🎉🎉 "+strings.Repeat("長い題名", 20), "名前", "", nil, true, one)
		},
	}
	for name, mk := range dialogs {
		for _, sz := range [][2]int{{60, 14}, {80, 24}, {30, 10}} {
			t.Run(fmt.Sprintf("%s %dx%d", name, sz[0], sz[1]), func(t *testing.T) {
				dr := newDriver(t, mk(), sz[0], sz[1])
				fits(t, dr.d.View(), sz[0], sz[1])
				dr.typeText("x").key(tea.KeyEnter) // and with an error or the next field
				fits(t, dr.d.View(), sz[0], sz[1])
				if !strings.Contains(dr.screen(), "esc cancel") && !dr.closed() {
					t.Errorf("no esc in the help:\n%s", dr.screen())
				}
			})
		}
	}
}

func TestFocusedFieldVisibleWithoutColour(t *testing.T) {
	var a, b string
	d := New("Terms", huh.NewForm(huh.NewGroup(
		huh.NewInput().Title("Commission %").Value(&a),
		huh.NewInput().Title("Slot fee").Value(&b),
	)), true, nil)
	dr := newDriver(t, d, 80, 24)
	marked := func(label string) bool {
		for _, l := range strings.Split(dr.screen(), "\n") {
			if strings.Contains(l, label) {
				return strings.Contains(l, "┃")
			}
		}
		t.Fatalf("%s not shown:\n%s", label, dr.screen())
		return false
	}
	if !marked("Commission") || marked("Slot fee") {
		t.Fatalf("first field not marked as focused:\n%s", dr.screen())
	}
	dr.key(tea.KeyTab)
	if marked("Commission") || !marked("Slot fee") {
		t.Fatalf("second field not marked as focused:\n%s", dr.screen())
	}
}

func TestDarkAndLightDiffer(t *testing.T) {
	dark := Input("Tag", "Tag", "", nil, true, one)
	light := Input("Tag", "Tag", "", nil, false, one)
	if dark.View() == light.View() {
		t.Fatal("dark and light render the same")
	}
	if ansi.Strip(dark.View()) != ansi.Strip(light.View()) {
		t.Fatal("dark and light differ in text")
	}
}

func TestStaleMessagesOfAnotherDialogAreDropped(t *testing.T) {
	a := Input("A", "A", "", nil, true, one)
	b := Input("B", "B", "", nil, true, one)
	dr := newDriver(t, b, 80, 24)
	dr.send(Msg{dialog: a.id, msg: huh.NextField()})
	if dr.closed() {
		t.Fatal("another dialog's message moved this one")
	}
}

func BenchmarkFormKey(b *testing.B) {
	var v [5]string
	d := New("Sample", huh.NewForm(huh.NewGroup(
		DefaultInput("SKU", "", &v[0], nil),
		DefaultInput("Quantity", "1", &v[1], quantity),
		DefaultInput("Cost", "0.00", &v[2], nil),
		DefaultInput("Carrier", "", &v[3], nil),
		DefaultInput("Tracking", "", &v[4], nil),
	)), true, nil)
	d.SetSize(80, 24)
	keys := []tea.KeyPressMsg{{Code: 'a', Text: "a"}, {Code: tea.KeyBackspace}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		d.Update(keys[i%2])
		_ = d.View()
	}
}

// A long list scrolls inside a small box: the chosen option stays in view.
func TestSelectScrollsInASmallBox(t *testing.T) {
	names := make([]string, 30)
	for i := range names {
		names[i] = fmt.Sprintf("campaign %02d", i)
	}
	dr := newDriver(t, Select("Move", "Which campaign?", huh.NewOptions(names...), true, one), 60, 14)
	for range 20 {
		dr.key(tea.KeyDown)
	}
	fits(t, dr.d.View(), 60, 14)
	if s := dr.screen(); !strings.Contains(s, "> campaign 20") {
		t.Fatalf("chosen option out of view:\n%s", s)
	}
	dr.key(tea.KeyEnter)
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, answered{[]string{"campaign 20"}}) {
		t.Fatalf("got %#v", got)
	}
}

// Keys sent in the same instant as the enter that leaves a field (typed
// fast, pasted, sent by a script) reach the next field: huh moves the
// focus with a message of its own, and the dialog holds keys until it
// has come back. Before, "b" landed in the field being left.
func TestKeysAfterEnterReachTheNextField(t *testing.T) {
	var first, second, third string
	f := huh.NewForm(huh.NewGroup(
		huh.NewInput().Title("First").Value(&first),
		huh.NewInput().Title("Second").Value(&second),
		huh.NewInput().Title("Third").Value(&third),
	))
	d := New("Fast", f, true, func() tea.Msg { return answered{[]string{first, second, third}} })
	dr := newDriver(t, d, 80, 24)
	var cmds []tea.Cmd
	for _, k := range []tea.KeyPressMsg{
		{Code: 'a', Text: "a"}, {Code: tea.KeyEnter}, {Code: 'b', Text: "b"}, {Code: tea.KeyTab},
		{Code: 'c', Text: "c"}, {Code: tea.KeyEnter},
	} {
		var cmd tea.Cmd
		dr.d, cmd = dr.d.Update(k) // no command runs between the keys
		cmds = append(cmds, cmd)
	}
	dr.run(tea.Batch(cmds...))
	want := answered{[]string{"a", "b", "c"}}
	if got := dr.onlyAnswer(); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

// A refused value keeps the focus, so the keys after its enter are not
// held: they go on into the field whose value was refused.
func TestKeysAfterARefusedEnterStay(t *testing.T) {
	var qty string
	f := huh.NewForm(huh.NewGroup(DefaultInput("Quantity", "1", &qty, quantity), huh.NewInput().Title("Next")))
	d := New("Refused", f, true, nil)
	dr := newDriver(t, d, 80, 24)
	dr.typeText("x")
	var cmds []tea.Cmd
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyEnter}, {Code: tea.KeyBackspace}, {Code: '2', Text: "2"}} {
		var cmd tea.Cmd
		dr.d, cmd = dr.d.Update(k)
		cmds = append(cmds, cmd)
	}
	dr.run(tea.Batch(cmds...))
	if qty != "2" {
		t.Fatalf("quantity %q, want the refused x replaced by 2", qty)
	}
}
