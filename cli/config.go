package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"creatordesk/internal/termtext"
	"creatordesk/outreach/config"
)

func (a *app) configCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Show where creatordesk keeps its files, and an example configuration",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(a.stdout, "database:      %s\ndemo database: %s\nconfiguration: %s\n\n%s",
				termtext.Quote(a.resolveDB("")), termtext.Quote(a.resolveDB("demo.db")), termtext.Quote(a.resolveConfig()), config.Example)
			return nil
		},
	}
}
