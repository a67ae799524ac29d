package form

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// maxSuggestions bounds how many entries of one directory are offered.
const maxSuggestions = 1000

// Path asks for a file path: tab completes the typed name from the entries
// of its directory (the first match is shown greyed after the cursor; ↓/↑
// or ctrl+n/ctrl+p pick another), a name ending in / lists that directory.
// def works as in Input: shown greyed, used when the field is left empty.
// Paths starting with ~/ are completed from the home directory and given to
// answer as typed.
func Path(title, label, def string, validate func(string) error, isDark bool, answer func(path string) tea.Msg) *Dialog {
	var value string
	f := huh.NewForm(huh.NewGroup(PathField(label, def, &value, validate)))
	return New(title, f, isDark, func() tea.Msg { return answer(value) })
}

// PathField is the path field of Path, for a form of several fields. Tab
// completes in it; enter moves on.
func PathField(label, def string, value *string, validate func(string) error) huh.Field {
	p := &pathField{}
	p.acc = &pathAccessor{defaultAccessor: defaultAccessor{def: def, value: value}, field: p}
	*value = def
	p.listed.Store(new(string))
	in := DefaultInput(label, def, value, validate)
	in.Accessor(p.acc)
	in.SuggestionsFunc(func() []string {
		if s := suggest(*p.listed.Load()); len(s) > 0 {
			return s
		}
		// huh hides an empty list by turning suggestions off, which leaves
		// the textinput's old matches for tab to take (and panic on); a
		// suggestion nothing typed can match keeps them fresh.
		return []string{"\x00"}
	}, &p.bound)
	p.Input = in
	return p
}

// pathField is a huh Input whose tab completes instead of moving on.
type pathField struct {
	*huh.Input
	acc *pathAccessor
	// bound changes when another directory (or dot files) must be listed;
	// huh hashes it after every message, in Update.
	bound string
	// listed is what the suggestion command reads, on another goroutine.
	listed atomic.Pointer[string]
}

// keepsFocus: tab completes here; it never moves to the next field.
func (p *pathField) keepsFocus(k tea.KeyPressMsg) bool { return k.String() == "tab" }

// Update turns tab into huh's accept-suggestion key.
func (p *pathField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "tab" {
		msg = tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl}
	}
	_, cmd := p.Input.Update(msg)
	return p, cmd
}

// tabCompletes is the help for a path field's tab.
var tabCompletes = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete"))

// KeyBinds shows tab, not huh's ctrl+e, as the key that completes.
func (p *pathField) KeyBinds() []key.Binding {
	binds := p.Input.KeyBinds()
	for i, b := range binds {
		if b.Help().Desc == "complete" {
			binds[i] = tabCompletes
		}
	}
	return binds
}

// pathAccessor is a defaultAccessor that tells the field what to list.
type pathAccessor struct {
	defaultAccessor
	field *pathField
}

func (a *pathAccessor) Set(s string) {
	a.defaultAccessor.Set(s)
	dir, base := splitTyped(s)
	bound := dir
	if strings.HasPrefix(base, ".") {
		bound += "\x00."
	}
	if bound != a.field.bound {
		a.field.bound = bound
		a.field.listed.Store(&bound)
	}
}

// splitTyped parts a typed path after its last slash.
func splitTyped(s string) (dir, base string) {
	i := strings.LastIndex(s, "/")
	return s[:i+1], s[i+1:]
}

// suggest lists the directory named in bound (as splitTyped's dir, maybe
// with "\x00." to include dot files) as completions: the typed directory
// followed by each entry, directories ending in "/".
func suggest(bound string) []string {
	dir, dots := strings.CutSuffix(bound, "\x00.")
	open := dir
	switch {
	case open == "":
		open = "."
	case strings.HasPrefix(open, "~/"):
		home, err := os.UserHomeDir()
		if err != nil {
			return nil
		}
		open = filepath.Join(home, open[2:])
	}
	entries, err := os.ReadDir(open)
	if err != nil {
		return nil
	}
	out := make([]string, 0, min(len(entries), maxSuggestions))
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") && !dots {
			continue
		}
		if isDir(open, e) {
			name += "/"
		}
		out = append(out, dir+name)
		if len(out) == maxSuggestions {
			break
		}
	}
	return out
}

// isDir follows a symbolic link to see whether it names a directory.
func isDir(dir string, e os.DirEntry) bool {
	if e.IsDir() {
		return true
	}
	if e.Type()&os.ModeSymlink == 0 {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, e.Name()))
	return err == nil && fi.IsDir()
}
