package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"creatordesk/outreach"
	"creatordesk/outreach/csvio"
	"creatordesk/store"
)

// importOrdersCmd is `import orders`: Seller Center's affiliate-orders
// exports, one transaction per file.
func (a *app) importOrdersCmd() *cobra.Command {
	var dryRun bool
	var dateOrder string
	cmd := &cobra.Command{
		Use:   "orders FILE...",
		Short: "Import order lines from Seller Center's affiliate-orders exports",
		Long: `Imports Seller Center's affiliate-orders export (CSV: UTF-8 with or without
BOM, GBK, , or ; separators). A line is one SKU of one order, keyed by Order ID
and SKU ID: importing the same file again changes nothing, and a later export
updates the status, the refund and the actual commission of the lines it
changes. Each line belongs to the creator named by Creator Username; orders of
creators not in creatordesk are kept and reported, and count as soon as the
creator is added or imported.

Dates are read day-first or month-first as each file's values prove (a date
such as 18/11/2025 can only be day-first); a file whose every date could be
either is refused unless --date-order says which. Each bad row is reported as
FILE:LINE: column: reason and skipped; the good rows are imported, one
transaction per file. Exit status 1 when any row was skipped or any file
refused.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("import orders needs at least one FILE")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, files []string) error {
			var opt csvio.OrderOptions
			if dateOrder != "" {
				o, err := outreach.ParseDateOrder(dateOrder)
				if err != nil {
					return usageError{fmt.Errorf("--date-order: %w", err)}
				}
				opt.DateOrder = o
			}
			importGC()
			return a.withStoreCreating(cmd, !dryRun, func(ctx context.Context, s *store.Store) error {
				var total store.OrderImportResult
				skipped, failed := 0, 0
				var unmatched []string
				for _, file := range files {
					res, bad, err := importOrderFile(ctx, s, file, opt, store.OrderImportOptions{DryRun: dryRun}, func(re *csvio.RowError) {
						sayf(a.stderr, "%s", re.Error())
					})
					skipped += bad
					var fe *csvio.FileError
					switch {
					case errors.Is(err, context.Canceled):
						return errors.New("interrupted: nothing imported from the file being read")
					case errors.As(err, &fe):
						sayf(a.stderr, "%s; nothing imported from this file", fe.Error())
						failed++
						continue
					case err != nil:
						return fmt.Errorf("%s: %w", file, err)
					}
					total.Lines += res.Lines
					total.New += res.New
					total.Updated += res.Updated
					total.Unchanged += res.Unchanged
					if line := res.Unmatched.Line(); line != "" {
						if len(files) > 1 {
							line = file + ": " + line
						}
						unmatched = append(unmatched, line)
					}
				}
				summary := fmt.Sprintf("imported %d new order lines, updated %d, unchanged %d, skipped %d",
					total.New, total.Updated, total.Unchanged, skipped)
				if dryRun {
					summary = "dry run, nothing written: " + summary
				}
				fmt.Fprintln(a.stdout, summary)
				for _, line := range unmatched {
					sayf(a.stdout, "%s", line)
				}
				if skipped > 0 || failed > 0 {
					return exitError{exitFailure}
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&dryRun, "dry-run", false, "check and count, write nothing")
	f.StringVar(&dateOrder, "date-order", "", "how the files write dates whose every day is 12 or less: day-first or month-first")
	return cmd
}

// importOrderFile imports one file in one transaction, telling bad of each
// bad row, which it skips. Any other error is the file's: a *csvio.FileError
// when the file could not be read, and nothing of it is written.
func importOrderFile(ctx context.Context, s *store.Store, file string, opt csvio.OrderOptions, sopt store.OrderImportOptions, bad func(*csvio.RowError)) (store.OrderImportResult, int, error) {
	f, err := os.Open(file)
	if err != nil {
		return store.OrderImportResult{}, 0, &csvio.FileError{File: file, Err: err}
	}
	defer f.Close()
	r, err := csvio.NewOrderReader(f, file, opt)
	if err != nil {
		return store.OrderImportResult{}, 0, err
	}
	defer r.Close()
	skipped := 0
	next := func() (outreach.OrderLine, error) {
		for {
			if err := ctx.Err(); err != nil {
				return outreach.OrderLine{}, err
			}
			l, err := r.Next()
			var re *csvio.RowError
			if errors.As(err, &re) {
				skipped++
				bad(re)
				continue
			}
			return l, err // io.EOF ends the file
		}
	}
	res, err := s.ImportOrders(ctx, next, sopt)
	return res, skipped, err
}
