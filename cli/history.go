package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"creatordesk/internal/termtext"
	"creatordesk/outreach"
	"creatordesk/store"
)

func (a *app) historyCmd() *cobra.Command {
	var campaign string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history HANDLE",
		Short: "Print everything that was changed about a creator, newest first",
		Long: `Prints a creator's whole history, newest first: every change to their
contact fields, tier, tags, notes and terms, every stage move and
correction, every message queued and every sample, one row each: when, who
(cli, dashboard, import), the campaign when the change was in one, the
field, its old and new value, and the note. Long values are cut to fit a
line of 80 columns; a row too long for one line shows its values on lines
of their own; --json prints them whole. --campaign keeps the rows of one campaign.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := handleArg(args[0])
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				q := store.HistoryQuery{Handle: h, Campaign: campaign}
				if campaign != "" {
					// Checked first, so an unknown campaign is not reported
					// as a missing creator or halfway through the output.
					c, err := s.Campaign(ctx, campaign)
					if err != nil {
						return fmt.Errorf("history of @%s: %w", h, err)
					}
					q.Campaign = c.Name
				}
				if asJSON {
					w, flush := document(a.stdout)
					err := writeHistoryJSON(ctx, w, s, historyJSON{Handle: h, Campaign: q.Campaign}, q, "")
					if ferr := flush(); err == nil {
						err = ferr
					}
					return err
				}
				n := 0
				err := eachEntry(ctx, s, q, func(e store.Entry) error {
					n++
					for _, l := range entryLines(e, "") {
						sayf(a.stdout, "%s", l)
					}
					return nil
				})
				if err != nil {
					return err
				}
				if n == 0 {
					in := ""
					if q.Campaign != "" {
						in = " in " + q.Campaign
					}
					sayf(a.stderr, "@%s: nothing recorded%s", h, in)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&campaign, "campaign", "", "only the rows of this campaign (default: all, and those of no campaign)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON, values whole")
	return cmd
}

// handleArg normalises a handle typed on the command line; a handle that
// cannot be one is misuse.
func handleArg(s string) (string, error) {
	h, err := outreach.NormalizeHandle(s)
	if err != nil {
		return "", usageError{fmt.Errorf("handle %q: %w", s, err)}
	}
	return h, nil
}

// historyPage is how many rows eachEntry asks the store for at a time.
const historyPage = 200

// eachEntry calls fn with every entry of a creator's history, newest
// first, a page at a time.
func eachEntry(ctx context.Context, s *store.Store, q store.HistoryQuery, fn func(store.Entry) error) error {
	q.Limit, q.Before = historyPage, 0
	for {
		page, more, err := s.History(ctx, q)
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		if !more || len(page) == 0 {
			return nil
		}
		q.Before = page[len(page)-1].ID
	}
}

// historyJSON is history --json: the creator, the campaign asked for ("":
// all), and the entries, newest first.
type historyJSON struct {
	Handle   string `json:"handle"`
	Campaign string `json:"campaign"`
}

// entryJSON is one history row in JSON. Values are text as stored ("" for
// none); field names follow the store's contract (a creators or pipelines
// column, tier, tag, stage, invitation, sample, creator).
type entryJSON struct {
	ID       int64  `json:"id"`
	Change   int64  `json:"change"` // rows of one action share it; 0 before changes were kept
	At       string `json:"at"`     // RFC 3339, UTC
	Who      string `json:"who"`
	Campaign string `json:"campaign"` // "" when the field is not a campaign's
	Field    string `json:"field"`
	Old      string `json:"old"`
	New      string `json:"new"`
	Note     string `json:"note"`
	Ref      int64  `json:"ref"` // the message or sample the row is about, else 0
}

func toEntryJSON(e store.Entry) entryJSON {
	return entryJSON{ID: e.ID, Change: e.Change, At: jsonTime(e.At), Who: e.Who, Campaign: e.Campaign, Field: e.Field,
		Old: e.Old, New: e.New, Note: e.Note, Ref: e.Ref}
}

func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// marshalJSON is json.MarshalIndent without HTML escapes (a note's "<"
// stays "<") and without the encoder's newline.
func marshalJSON(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// writeHistoryJSON writes head (a struct, so a JSON object) with one more
// key, "history", holding the creator's entries newest first, paged from
// the store as they are written. prefix indents the whole object.
func writeHistoryJSON(ctx context.Context, w io.Writer, s *store.Store, head any, q store.HistoryQuery, prefix string) error {
	b, err := marshalJSON(head, prefix)
	if err != nil {
		return err
	}
	if !bytes.HasSuffix(b, []byte("}")) {
		return errors.New("history JSON: the head is not an object")
	}
	b = bytes.TrimRight(b[:len(b)-1], " \n")
	if !bytes.HasSuffix(b, []byte("{")) {
		b = append(b, ',')
	}
	if _, err := fmt.Fprintf(w, "%s\n%s  \"history\": [", b, prefix); err != nil {
		return err
	}
	n := 0
	err = eachEntry(ctx, s, q, func(e store.Entry) error {
		eb, err := marshalJSON(toEntryJSON(e), prefix+"    ")
		if err != nil {
			return err
		}
		sep := ","
		if n == 0 {
			sep = ""
		}
		n++
		_, err = fmt.Fprintf(w, "%s\n%s    %s", sep, prefix, eb)
		return err
	})
	if err != nil {
		return err
	}
	end := "]"
	if n > 0 {
		end = "\n" + prefix + "  ]"
	}
	_, err = fmt.Fprintf(w, "%s\n%s}\n", end, prefix)
	return err
}

// lineCells is the width a history row keeps to: a row that would be
// wider puts its values on lines of their own, cut to fit.
const lineCells = 80

// entryLines are one history row as text, indented by indent: when (local
// time), who, the campaign and what changed, on one line when it fits in
// lineCells, else with the old value, the new and the note below. Values
// come quoted (see cut).
func entryLines(e store.Entry, indent string) []string {
	head := fmt.Sprintf("%s%s  %-9s  ", indent, e.At.In(time.Local).Format("2006-01-02 15:04"), e.Who)
	if e.Campaign != "" {
		head += cut(e.Campaign, 24) + " · "
	}
	one := head + describe(e, lineCells)
	if e.Note != "" {
		one += " — " + cut(e.Note, lineCells)
	}
	if ansi.StringWidth(one) <= lineCells {
		return []string{one}
	}
	field := e.Label()
	if e.Ref != 0 {
		field += fmt.Sprintf(" #%d", e.Ref)
	}
	out := []string{head + field}
	more := indent + "    "
	room := lineCells - ansi.StringWidth(more) - len("old: ")
	old, new := e.Values()
	out = append(out, more+"old: "+shown(old, room), more+"new: "+shown(new, room))
	if e.Note != "" {
		out = append(out, more+"note: "+cut(e.Note, room-1))
	}
	return out
}

// describe says what an entry changed, each value cut to n cells:
// "email a@x → b@y", "tag +vip", "stage invited → replied".
func describe(e store.Entry, n int) string {
	old, new := e.Values()
	switch {
	case e.Field == store.FieldTag && e.Old == "":
		return "tag +" + cut(e.New, n)
	case e.Field == store.FieldTag && e.New == "":
		return "tag −" + cut(e.Old, n)
	case e.Field == "creator" && e.Old == "":
		return "creator @" + cut(e.New, n)
	case e.Ref != 0:
		return fmt.Sprintf("%s #%d %s → %s", e.Label(), e.Ref, shown(old, n), shown(new, n))
	}
	return fmt.Sprintf("%s %s → %s", e.Label(), shown(old, n), shown(new, n))
}

// shown is a value as a line shows it: "(none)" for nothing, else cut to
// n cells.
func shown(v string, n int) string {
	if v == "" {
		return "(none)"
	}
	return cut(v, n)
}

// cut quotes v (so what could steer the terminal is measured as it will
// show) and shortens it to n cells, ending in "…".
func cut(v string, n int) string {
	return ansi.Truncate(termtext.Quote(v), n, "…")
}
