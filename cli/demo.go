package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"creatordesk/store"
	"creatordesk/store/demo"
)

// openDemo opens the demo database, filling it on first use. A half-made
// demo is removed so the next try starts clean.
func (a *app) openDemo(ctx context.Context) (*store.Store, error) {
	return a.openDemoWith(ctx, demo.Options{}, nil)
}

// openDemoWith opens the demo database; progress notes go to say unless
// it is nil (inside the dashboard, stderr would scribble on the screen).
func (a *app) openDemoWith(ctx context.Context, opt demo.Options, say io.Writer) (*store.Store, error) {
	path := a.resolveDB("demo.db")
	s, err := a.open(ctx, path, true)
	if err != nil {
		return nil, err
	}
	n, err := s.CountCreators(ctx)
	if err != nil || n.Total > 0 {
		if err != nil {
			s.Close()
			return nil, err
		}
		return s, nil
	}
	if say != nil {
		fmt.Fprintf(say, "creating demo data in %s…\n", path)
	}
	fill := demo.Generate
	if opt.Creators > demo.ScaleThreshold {
		fill = demo.Scale
	}
	start := time.Now()
	sum, err := fill(ctx, s, opt)
	if err == nil && say != nil {
		fmt.Fprintf(say, "%d creators, %d pipelines, %d samples in %.1f s\n", sum.Creators, sum.Pipelines, sum.Samples, time.Since(start).Seconds())
	}
	if err != nil {
		s.Close()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		return nil, fmt.Errorf("creating demo data: %w", err)
	}
	return s, nil
}

func (a *app) demoCmd() *cobra.Command {
	var creators int
	var noOpen bool
	var seed int64
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Open a separate demo database, created with sample data on first use",
		Long: `demo opens demo.db in the XDG data dir (or --db), filling it on first use
with a few hundred made-up creators, three campaigns, pipelines at every stage,
samples in every state and a few months of history. Your own database is not
touched.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, err := a.openDemoWith(ctx, demo.Options{Creators: creators, Seed: seed}, a.stderr)
			if err != nil {
				return err
			}
			path := s.Path()
			s.Close()
			if noOpen {
				fmt.Fprintln(a.stdout, path)
				return nil
			}
			return a.dashboard(ctx, cmd.InOrStdin(), path, false)
		},
	}
	cmd.Flags().BoolVar(&noOpen, "no-open", false, "fill the demo database if needed, then exit without opening the dashboard")
	cmd.Flags().IntVar(&creators, "creators", 300, "how many creators a new demo database gets")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed of a new demo database")
	return cmd
}
