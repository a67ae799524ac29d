package outreach

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode"
)

// Placeholders are the values a message template may use, as {{.Name}}.
var Placeholders = []string{
	"Handle",     // the creator's handle, without @
	"Name",       // display name, else @handle
	"Campaign",   // the campaign's name
	"Product",    // the campaign's product (its first SKU)
	"Commission", // "15%"
	"SlotFee",    // "USD 200.00"
	"Sample",     // "a sample of SERUM-30"
	"Code",       // the creator's discount code
	"Discount",   // "15%"
	"ContentDue", // the date content is due, "Dec 6"
	"Sender",     // who signs the message
}

// TemplateError is a template refused when it is saved: where, and why.
type TemplateError struct {
	Line, Column int // 1-based; 0 when unknown
	Msg          string
}

func (e *TemplateError) Error() string {
	msg := visible(e.Msg)
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, msg)
	}
	return msg
}

// visible writes the control and invisible characters of a message as Go
// escapes (\r, \x1b, \u202e): text/template quotes the template's own text
// in its errors, and the message goes to a terminal.
func visible(s string) string {
	hidden := func(r rune) bool { return unicode.IsControl(r) || isHiddenFormat(r) }
	if !strings.ContainsFunc(s, hidden) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if hidden(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// parseErrLine finds "template: NAME:LINE:COL: msg" or "NAME:LINE: msg" in
// text/template's errors.
var parseErrLine = regexp.MustCompile(`^template: [^:]*:(\d+)(?::(\d+))?: (.*)$`)

// MessageTemplate is a checked template and what it needs to render.
type MessageTemplate struct {
	tmpl *template.Template
	// Required are the placeholders printed outside an {{if .X}} on
	// themselves: rendering refuses when one is empty.
	Required []string
}

// ParseTemplate checks a message template: its syntax (an error names the
// line and column), that every placeholder is known (an unknown one is
// refused with the nearest known name suggested), and that it uses nothing
// but placeholders, if/with/else/end and the functions in conditionFuncs.
func ParseTemplate(text string) (*MessageTemplate, error) {
	t, err := template.New("message").Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, templateError(err, text)
	}
	mt := &MessageTemplate{tmpl: t}
	// guarded are the placeholders an enclosing {{if .X}} has shown are set;
	// inWith is true inside {{with}}, where dot is that value, not the map.
	var walk func(n parse.Node, guarded []string, inWith bool) error
	walk = func(n parse.Node, guarded []string, inWith bool) error {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return nil
			}
			for _, c := range n.Nodes {
				if err := walk(c, guarded, inWith); err != nil {
					return err
				}
			}
		case *parse.ActionNode:
			fs, err := pipeFields(n.Pipe, text, inWith)
			if err != nil {
				return err
			}
			for _, f := range fs {
				if !slices.Contains(guarded, f) && !slices.Contains(mt.Required, f) {
					mt.Required = append(mt.Required, f)
				}
			}
		case *parse.IfNode:
			if _, err := pipeFields(n.Pipe, text, inWith); err != nil {
				return err
			}
			inner := guarded
			if f := soleField(n.Pipe); f != "" {
				inner = append(slices.Clone(guarded), f)
			}
			if err := walk(n.List, inner, inWith); err != nil {
				return err
			}
			return walk(n.ElseList, guarded, inWith)
		case *parse.WithNode:
			if _, err := pipeFields(n.Pipe, text, inWith); err != nil {
				return err
			}
			if err := walk(n.List, guarded, true); err != nil {
				return err
			}
			return walk(n.ElseList, guarded, inWith)
		case *parse.RangeNode:
			return &TemplateError{Msg: "range is not supported in messages"}
		case *parse.TemplateNode:
			return &TemplateError{Msg: "template calls are not supported in messages"}
		}
		return nil
	}
	if err := walk(t.Tree.Root, nil, false); err != nil {
		return nil, err
	}
	return mt, nil
}

// conditionFuncs are the only functions a message may call: enough to
// combine conditions, none that reach into the values or reformat them.
var conditionFuncs = []string{"and", "or", "not", "eq", "ne"}

// pipeFields checks a pipeline and lists the placeholders it names. It
// refuses what could print a blank or the whole value map: {{.}} outside a
// {{with}}, variables, other functions, and fields of a placeholder.
func pipeFields(p *parse.PipeNode, text string, inWith bool) ([]string, error) {
	if p == nil {
		return nil, nil
	}
	if len(p.Decl) > 0 {
		return nil, notAllowed(p.Decl[0], text)
	}
	var out []string
	for i, c := range p.Cmds {
		for _, a := range c.Args {
			switch a := a.(type) {
			case *parse.FieldNode:
				if inWith {
					// Dot is a string here: text/template would fail on every render.
					line, col := lineCol(text, int(a.Pos))
					return nil, &TemplateError{Line: line, Column: col, Msg: fmt.Sprintf("inside {{with}}, write {{.}} for its value; %s cannot be used there", a)}
				}
				if len(a.Ident) != 1 {
					return nil, notAllowed(a, text)
				}
				if err := known(a.Ident[0], text, int(a.Pos)); err != nil {
					return nil, err
				}
				out = append(out, a.Ident[0])
			case *parse.DotNode:
				if !inWith {
					return nil, notAllowed(a, text)
				}
			case *parse.IdentifierNode:
				if !slices.Contains(conditionFuncs, a.Ident) {
					return nil, notAllowed(a, text)
				}
			case *parse.PipeNode:
				fs, err := pipeFields(a, text, inWith)
				if err != nil {
					return nil, err
				}
				out = append(out, fs...)
			case *parse.StringNode:
				if strings.ContainsFunc(a.Text, func(r rune) bool { return unicode.IsControl(r) || isHiddenFormat(r) }) {
					line, col := lineCol(text, int(a.Pos))
					return nil, &TemplateError{Line: line, Column: col, Msg: fmt.Sprintf("%s holds a control character; text in quotes must be plain", a)}
				}
			case *parse.NumberNode:
				// A number too large for an int prints "<no value>" or fails every render.
				line, col := lineCol(text, int(a.Pos))
				return nil, &TemplateError{Line: line, Column: col, Msg: fmt.Sprintf("numbers such as %s are not allowed here; compare with text in quotes", a)}
			case *parse.BoolNode:
			default: // variables, chains, nil
				return nil, notAllowed(a, text)
			}
		}
		if err := checkCall(c, i > 0 && len(p.Cmds[i-1].Args) == 1 && textValued(p.Cmds[i-1].Args[0], inWith), i > 0, inWith, text); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// conditionArity is how many arguments each of conditionFuncs takes,
// counting a value piped in: at least [0], at most [1] (-1: no limit).
var conditionArity = map[string][2]int{"and": {1, -1}, "or": {1, -1}, "not": {1, 1}, "eq": {2, -1}, "ne": {2, 2}}

// checkCall refuses a command that parses but would fail every render:
// arguments given to a value, a function given too few or too many, and
// eq or ne comparing anything but text (placeholders are strings, and
// text/template will not compare a string with a number or a bool).
// piped is set when the previous command's value is passed in; pipedText
// when that value is text.
func checkCall(c *parse.CommandNode, pipedText, piped, inWith bool, text string) error {
	at := func(n parse.Node, msg string) error {
		line, col := lineCol(text, int(n.Position()))
		return &TemplateError{Line: line, Column: col, Msg: msg}
	}
	fn, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok {
		if len(c.Args) > 1 || piped {
			return at(c.Args[0], fmt.Sprintf("%s takes no arguments; only %s do", c.Args[0], strings.Join(conditionFuncs, ", ")))
		}
		return nil
	}
	ar := conditionArity[fn.Ident]
	n := len(c.Args) - 1
	if piped {
		n++
	}
	if n < ar[0] || ar[1] >= 0 && n > ar[1] {
		want := fmt.Sprintf("at least %d", ar[0])
		if ar[0] == ar[1] {
			want = fmt.Sprintf("exactly %d", ar[0])
		}
		return at(fn, fmt.Sprintf("%s takes %s arguments, not %d", fn.Ident, want, n))
	}
	if fn.Ident != "eq" && fn.Ident != "ne" {
		return nil
	}
	for _, a := range c.Args[1:] {
		if !textValued(a, inWith) {
			return at(a, fmt.Sprintf("%s compares placeholders and text in quotes, such as (%s .Code \"SPRING\"); %s is neither", fn.Ident, fn.Ident, a))
		}
	}
	if piped && !pipedText {
		return at(fn, fmt.Sprintf("%s compares placeholders and text in quotes; the value piped into it is neither", fn.Ident))
	}
	return nil
}

// textValued reports an argument whose value is a string: a placeholder,
// {{.}} inside a with, text in quotes, or one of those in parentheses.
func textValued(n parse.Node, inWith bool) bool {
	switch n := n.(type) {
	case *parse.FieldNode, *parse.StringNode:
		return true
	case *parse.DotNode:
		return inWith
	case *parse.PipeNode:
		return len(n.Decl) == 0 && len(n.Cmds) == 1 && len(n.Cmds[0].Args) == 1 && textValued(n.Cmds[0].Args[0], inWith)
	}
	return false
}

// soleField is X when the condition is exactly .X, the one condition that
// proves X is set inside its branch; "" for any other.
func soleField(p *parse.PipeNode) string {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return ""
	}
	if f, ok := p.Cmds[0].Args[0].(*parse.FieldNode); ok && len(f.Ident) == 1 {
		return f.Ident[0]
	}
	return ""
}

func notAllowed(n parse.Node, text string) error {
	line, col := lineCol(text, int(n.Position()))
	return &TemplateError{Line: line, Column: col, Msg: fmt.Sprintf("only placeholders such as {{.Name}} and if/else/end are allowed here; %q is not", n)}
}

// known refuses an unknown placeholder, suggesting the nearest known one.
func known(name, text string, pos int) error {
	if slices.Contains(Placeholders, name) {
		return nil
	}
	line, col := lineCol(text, pos)
	msg := fmt.Sprintf("unknown placeholder .%s", name)
	if s := nearest(name); s != "" {
		msg += fmt.Sprintf(" (did you mean .%s?)", s)
	}
	return &TemplateError{Line: line, Column: col, Msg: msg + "; known: " + strings.Join(Placeholders, ", ")}
}

func lineCol(text string, pos int) (int, int) {
	if pos < 0 || pos > len(text) {
		return 0, 0
	}
	before := text[:pos]
	line := strings.Count(before, "\n") + 1
	col := len([]rune(before[strings.LastIndex(before, "\n")+1:])) + 1
	return line, col
}

func templateError(err error, text string) error {
	m := parseErrLine.FindStringSubmatch(err.Error())
	if m == nil {
		return &TemplateError{Msg: err.Error()}
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	msg := m[3]
	if col == 0 {
		if msg == "unexpected EOF" {
			if l, c, open := unclosed(text); open != "" {
				return &TemplateError{Line: l, Column: c, Msg: open + " is never closed with {{end}}"}
			}
		} else {
			col = failingAction(text, line, msg)
		}
	}
	return &TemplateError{Line: line, Column: col, Msg: msg}
}

// failingAction finds the column of the action on line that text/template
// (which names only the line) refused: the first whose text, cut off
// before the next action, fails with the same message.
func failingAction(text string, line int, msg string) int {
	start := 0
	for i := 1; i < line; i++ {
		j := strings.IndexByte(text[start:], '\n')
		if j < 0 {
			return 0
		}
		start += j + 1
	}
	end := len(text)
	if j := strings.IndexByte(text[start:], '\n'); j >= 0 {
		end = start + j
	}
	for p := start; p < end; {
		i := strings.Index(text[p:end], "{{")
		if i < 0 {
			break
		}
		at := p + i
		cut := end
		if k := strings.Index(text[at+2:end], "{{"); k >= 0 {
			cut = at + 2 + k
		}
		_, err := template.New("message").Parse(text[:cut])
		if err != nil && strings.HasSuffix(err.Error(), ": "+msg) {
			return len([]rune(text[start:at])) + 1
		}
		p = at + 2
	}
	return 0
}

// blockAction matches the start of an action that opens or closes a block.
var blockAction = regexp.MustCompile(`\{\{-?\s*(if|with|range|block|define|end)\b[^}]*\}?\}?`)

// unclosed finds the last block action never closed, for an error at the
// end of the text that would otherwise point nowhere.
func unclosed(text string) (line, col int, action string) {
	type open struct {
		pos  int
		text string
	}
	var stack []open
	for _, m := range blockAction.FindAllStringSubmatchIndex(text, -1) {
		if text[m[2]:m[3]] == "end" {
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		stack = append(stack, open{m[0], text[m[0]:m[1]]})
	}
	if len(stack) == 0 {
		return 0, 0, ""
	}
	o := stack[len(stack)-1]
	line, col = lineCol(text, o.pos)
	return line, col, o.text
}

// nearest is the known placeholder closest to name by edit distance (case
// ignored), if it is close enough to be a typo.
func nearest(name string) string {
	best, bestD := "", 1<<30
	for _, p := range Placeholders {
		d := editDistance(strings.ToLower(name), strings.ToLower(p))
		if d < bestD {
			best, bestD = p, d
		}
	}
	if bestD > max(2, len(name)/3) {
		return ""
	}
	return best
}

// editDistance is the Damerau–Levenshtein (optimal string alignment)
// distance, so a swap of two letters ("Nmae") counts as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// ErrEmptyValue is wrapped by Render when a required value is empty.
var ErrEmptyValue = errors.New("empty")

// Render fills the template. Values are inserted as plain text (control
// characters and escape sequences removed). A required placeholder with an
// empty value is an error naming it, so no message ever goes out with a
// blank or "<no value>" where a value belongs.
func (mt *MessageTemplate) Render(values map[string]string) (string, error) {
	data := make(map[string]string, len(Placeholders))
	for _, p := range Placeholders {
		data[p] = plainText(values[p])
	}
	var missing []string
	for _, r := range mt.Required {
		if data[r] == "" {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("%s: %w", strings.Join(missing, ", "), ErrEmptyValue)
	}
	var b strings.Builder
	if err := mt.tmpl.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}
