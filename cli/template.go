package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"creatordesk/internal/termtext"
	"creatordesk/outreach"
	"creatordesk/store"
)

func (a *app) templateCmd() *cobra.Command {
	cmd := group(&cobra.Command{Use: "template", Short: "Show, edit and reset message templates"})
	args := func(args []string) (outreach.Tier, outreach.Purpose, error) {
		t, err := outreach.ParseTier(args[0])
		if err != nil {
			return "", "", usageError{err}
		}
		p, err := outreach.ParsePurpose(args[1])
		if err != nil {
			return "", "", usageError{err}
		}
		return t, p, nil
	}
	list := &cobra.Command{
		Use: "list", Short: "List the templates, edited or default", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				ts, err := s.Templates(ctx)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
				for _, t := range ts {
					state := "default"
					if t.Custom {
						state = "edited " + t.UpdatedAt.Format("2006-01-02")
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Tier, t.Purpose, state, termtext.Quote(oneLineClip(t.Subject, 50)))
				}
				return tw.Flush()
			})
		},
	}
	show := &cobra.Command{
		Use: "show TIER PURPOSE", Short: "Print a template as 'Subject: …', a blank line, then the body", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, argv []string) error {
			tier, p, err := args(argv)
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				t, err := s.Template(ctx, tier, p)
				if err != nil {
					return err
				}
				w, flush := document(a.stdout)
				fmt.Fprintln(w, outreach.FormatTemplate(t))
				return flush()
			})
		},
	}
	set := &cobra.Command{
		Use:   "set TIER PURPOSE FILE",
		Short: "Replace a template with a file ('-' is standard input) in the form 'template show' prints",
		Long: `Replaces a template. The file starts with a 'Subject: ' line (used by
email), a blank line, then the body. Placeholders: ` + strings.Join(outreach.Placeholders, ", ") + `.
A syntax error or an unknown placeholder is reported with its line and
column, and the stored template is kept.`,
		Args: exactArgs(3),
		RunE: func(cmd *cobra.Command, argv []string) error {
			tier, p, err := args(argv)
			if err != nil {
				return err
			}
			var data []byte
			if argv[2] == "-" {
				data, err = io.ReadAll(io.LimitReader(cmd.InOrStdin(), 1<<20))
			} else {
				data, err = os.ReadFile(argv[2])
			}
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				old, err := s.Template(ctx, tier, p)
				if err != nil {
					return err
				}
				t := outreach.ParseTemplateText(old, string(data))
				if err := s.SaveTemplate(ctx, t); err != nil {
					return fmt.Errorf("%s: %w (the stored template is unchanged)", argv[2], err)
				}
				fmt.Fprintf(a.stdout, "saved the %s %s template\n", tier, p.Label())
				return nil
			})
		},
	}
	reset := &cobra.Command{
		Use: "reset TIER PURPOSE", Short: "Go back to the built-in template", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, argv []string) error {
			tier, p, err := args(argv)
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(ctx context.Context, s *store.Store) error {
				if err := s.ResetTemplate(ctx, tier, p); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "the %s %s template is the built-in default again\n", tier, p.Label())
				return nil
			})
		},
	}
	cmd.AddCommand(list, show, set, reset)
	return cmd
}
