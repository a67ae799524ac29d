// Package transfer moves data between the store and files: creators in from
// CSV exports, partnerships out to CSV or JSON. The command line and the
// dashboard both use it, so an import or export behaves the same from
// either.
package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"creatordesk/outreach/csvio"
	"creatordesk/store"
)

// ImportOptions control an import.
type ImportOptions struct {
	Campaign string // put every creator in this campaign's pipeline
	DryRun   bool   // check and count, write nothing
	Strict   bool   // import nothing if any row is bad
	Currency string // for amounts without a currency
	// Overwrite takes the file's non-empty contacts, notes and terms over
	// the stored ones, which are otherwise kept (Summary.Kept).
	Overwrite bool
	// Progress, when set, is called about every ProgressEvery rows with the
	// rows read so far in the current file.
	Progress func(file string, rows int)
}

// ProgressEvery is how many rows pass between Progress calls.
const ProgressEvery = 10_000

// Problem is a message about one row or file: a skipped row (Note false) or
// a note such as a merged duplicate (Note true).
//
// A file that could not be imported has no Field; its Line is where reading
// stopped, or 0 when the file could not be opened (csvio.FileError's rule).
type Problem struct {
	File   string
	Line   int // 0 when there is no line to point at
	Field  string
	Reason string
	Note   bool
}

func (p Problem) String() string {
	switch {
	case p.Line == 0 && p.Field == "":
		return fmt.Sprintf("%s: %s", p.File, p.Reason)
	case p.Line == 0:
		return fmt.Sprintf("%s: %s: %s", p.File, p.Field, p.Reason)
	case p.Field == "":
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Reason)
}

// failedFile is the problem reported for a file that was not imported.
func failedFile(fe *csvio.FileError) Problem {
	return Problem{File: fe.File, Line: fe.Line, Field: fe.Field,
		Reason: fe.Err.Error() + "; nothing imported from this file"}
}

// FileResult is what happened to one file.
type FileResult struct {
	File     string
	Encoding string
	Ignored  []string // header cells that matched no field
	// Approximate counts the counts the file gave as approximate ("10万+",
	// "约5万"), read as the number given; ApproxExamples names a few.
	Approximate    int
	ApproxExamples []string
	Rows           int // data rows read, good and bad
	Skipped        int // bad rows
	// Result is what the file did, or would have done when it was rolled
	// back (Committed false); the first file's names a campaign the import
	// created. It is empty for a file that Failed.
	Result    store.ImportResult
	Failed    *csvio.FileError // the file could not be read to the end: nothing from it was kept
	Committed bool
}

// Summary adds up an import.
type Summary struct {
	Files                             []FileResult
	New, Updated, Skipped, Duplicates int
	Pipelines                         int
	Failed                            int // files that could not be imported
	// Kept counts the stored values the files contradicted, kept.
	Kept             store.Kept
	CreatedCampaigns []string
	RolledBack       bool // strict mode found bad rows, or dry run
}

// Line is the one-line result people see.
func (s Summary) Line() string {
	line := fmt.Sprintf("imported %d new, updated %d, skipped %d", s.New, s.Updated, s.Skipped)
	if s.Duplicates > 0 {
		line += fmt.Sprintf(" (%d duplicate rows merged)", s.Duplicates)
	}
	return line
}

// OverwriteHint is what KeptLines tells a user of the command line.
const OverwriteHint = "use --overwrite to take the file's values"

// KeptLines says, one line per field, which stored values the import kept
// although the files differ: "kept email for 3 creators (file differs):
// " and hint.
func (s Summary) KeptLines(hint string) []string {
	var lines []string
	for _, f := range s.Kept.Fields() {
		noun := "creators"
		if f.N == 1 {
			noun = "creator"
		}
		lines = append(lines, fmt.Sprintf("kept %s for %d %s (file differs): %s", f.Field, f.N, noun, hint))
	}
	return lines
}

// ImportCreators imports each file in its own transaction (one for all of
// them with Strict), reporting every bad row through report as it goes. A
// file that cannot be read to the end is rolled back whole and reported; the
// other files still import. The error is for the store failing, not for bad
// input.
func ImportCreators(ctx context.Context, s *store.Store, files []string, opt ImportOptions, report func(Problem)) (Summary, error) {
	var sum Summary
	if report == nil {
		report = func(Problem) {}
	}
	in, err := readInputs(ctx, files)
	if err != nil {
		return sum, err
	}
	defer in.close()
	iopt := store.ImportOptions{Campaign: opt.Campaign, DryRun: opt.DryRun, Overwrite: opt.Overwrite,
		Duplicate: func(file string, line, first int, handle string) {
			report(Problem{File: file, Line: line, Field: "handle",
				Reason: fmt.Sprintf("@%s is also on line %d; merged", handle, first), Note: true})
		},
		Note: func(file string, line int, field, reason string) {
			report(Problem{File: file, Line: line, Field: field, Reason: reason, Note: true})
		}}
	var shared *store.Import
	// Strict and dry runs use one transaction for every file: strict to
	// undo all of it, dry runs so that counts across files add up as the
	// real import's would.
	if opt.Strict || opt.DryRun {
		im, err := s.BeginImport(ctx, iopt)
		if err != nil {
			return sum, err
		}
		shared = im
	}
	for _, name := range files {
		im := shared
		if im == nil {
			var err error
			if im, err = s.BeginImport(ctx, iopt); err != nil {
				return sum, err
			}
		}
		fr, err := importFile(ctx, im, in, name, opt, report)
		if err == nil && fr.Failed == nil {
			fr.Result, err = im.EndFile()
		}
		if err != nil {
			im.Rollback()
			return sum, err
		}
		if fr.Failed != nil {
			if shared == nil {
				im.Rollback()
			}
			report(failedFile(fr.Failed))
			sum.Failed++
		}
		sum.Skipped += fr.Skipped
		if shared == nil && fr.Failed == nil {
			res, err := finish(im, opt.DryRun)
			if err != nil {
				return sum, fmt.Errorf("%s: %w", name, err)
			}
			fr.Committed = !opt.DryRun
			sum.add(res)
		}
		sum.Files = append(sum.Files, fr)
	}
	if shared != nil {
		if sum.Skipped > 0 || sum.Failed > 0 || opt.DryRun {
			res, err := shared.Rollback()
			if err != nil {
				return sum, err
			}
			sum.RolledBack = true
			if opt.DryRun {
				sum.add(res)
			}
			return sum, nil
		}
		res, err := shared.Commit()
		if err != nil {
			return sum, err
		}
		sum.add(res)
		for i := range sum.Files {
			sum.Files[i].Committed = true
		}
	}
	sum.RolledBack = sum.RolledBack || opt.DryRun
	return sum, nil
}

func (s *Summary) add(r store.ImportResult) {
	s.New += r.New
	s.Updated += r.Updated
	s.Duplicates += r.Duplicates
	s.Pipelines += r.Pipelines
	s.Kept = s.Kept.Add(r.Kept)
	s.CreatedCampaigns = append(s.CreatedCampaigns, r.CreatedCampaigns...)
}

func finish(im *store.Import, dryRun bool) (store.ImportResult, error) {
	if dryRun {
		return im.Rollback()
	}
	return im.Commit()
}

// importFile reads one file into im, as the file NextFile starts. A fatal
// problem with the file is returned in FileResult.Failed; the error is for
// the store.
func importFile(ctx context.Context, im *store.Import, in inputs, name string, opt ImportOptions, report func(Problem)) (FileResult, error) {
	fr := FileResult{File: name}
	if err := im.NextFile(name); err != nil {
		return fr, err
	}
	f, err := in.open(name)
	if err != nil {
		fr.Failed = &csvio.FileError{File: name, Err: fileErr(err)}
		return fr, nil
	}
	defer f.Close()
	rd, err := csvio.NewCreatorReader(f, name, csvio.Options{DefaultCurrency: opt.Currency})
	if err != nil {
		fr.Failed = asFileError(name, err)
		return fr, nil
	}
	defer rd.Close()
	fr.Encoding, fr.Ignored = rd.Encoding(), rd.Ignored()
	for {
		if err := ctx.Err(); err != nil {
			return fr, err
		}
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			fr.Approximate, fr.ApproxExamples = rd.Approximate()
			return fr, nil
		}
		var re *csvio.RowError
		if errors.As(err, &re) {
			fr.Rows++
			fr.Skipped++
			report(Problem{File: re.File, Line: re.Line, Field: re.Field, Reason: re.Err.Error()})
			continue
		}
		if err != nil {
			fr.Failed = asFileError(name, err)
			return fr, nil
		}
		fr.Rows++
		if err := im.Add(row); err != nil {
			return fr, err
		}
		if opt.Progress != nil && fr.Rows%ProgressEvery == 0 {
			opt.Progress(name, fr.Rows)
		}
	}
}

// ApproxLine says, in one line, which counts were given as approximate and
// read as the number given: "f.csv: 3 counts given as approximate (10万+,
// 约5万, …) were read as the number given".
func (fr FileResult) ApproxLine() string {
	ex := strings.Join(fr.ApproxExamples, ", ")
	if fr.Approximate > len(fr.ApproxExamples) {
		ex += ", …"
	}
	noun := "counts"
	if fr.Approximate == 1 {
		noun = "count"
	}
	return fmt.Sprintf("%s: %d %s given as approximate (%s) read as the number given", fr.File, fr.Approximate, noun, ex)
}

// asFileError is the reader's error as the *csvio.FileError it is; one it
// does not place is about the whole file.
func asFileError(name string, err error) *csvio.FileError {
	var fe *csvio.FileError
	if errors.As(err, &fe) {
		return fe
	}
	return &csvio.FileError{File: name, Err: err}
}

// fileErr drops the path that os errors repeat, since messages already
// start with the file name.
func fileErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ExportPartners streams the partnerships q selects to w, page by page, and
// returns how many rows it wrote.
func ExportPartners(ctx context.Context, s *store.Store, q store.PartnerQuery, format string, w io.Writer, loc *time.Location) (int, error) {
	pw, err := csvio.NewPartnerWriter(w, format, loc)
	if err != nil {
		return 0, err
	}
	q.Limit = store.MaxPage
	for {
		page, next, err := s.Partnerships(ctx, q)
		if err != nil {
			return pw.Count(), err
		}
		for _, p := range page {
			if err := pw.Write(p); err != nil {
				return pw.Count(), err
			}
		}
		if next == 0 {
			break
		}
		q.AfterID = next
	}
	return pw.Count(), pw.Close()
}

// ReplaceError refuses to write an export over an existing file that is
// not an earlier export, since that file may be anyone's: the caller asks
// first, or is told to replace it (--force).
type ReplaceError struct {
	Path string
	What string // what the file is, e.g. "it is an SQLite database"
	// Export says the file is an earlier export, which ExportPartnersFile
	// replaces on its own; the dashboard asks first all the same.
	Export bool
}

func (e *ReplaceError) Error() string {
	if e.Export {
		return fmt.Sprintf("%s already exists (an earlier export)", e.Path)
	}
	return fmt.Sprintf("%s already exists and is not an earlier export (%s)", e.Path, e.What)
}

// ExportPartnersFile writes the export to path atomically: into a 0600
// temporary file beside it, renamed over path only when complete, so a
// failed export never leaves a partial file or damages an older one. It
// never writes over the store's own files (the database, its companions,
// the configuration: store.OwnFile) or anything but a regular file, and
// over an existing file that is not an earlier export only when replace
// is set (else a *ReplaceError). The export goes on the store's list of
// copies first, and temporary files that killed exports and backups left
// are removed.
func ExportPartnersFile(ctx context.Context, s *store.Store, q store.PartnerQuery, format, path string, loc *time.Location, replace bool) (int, error) {
	if err := checkExportPath(s, path, replace); err != nil {
		return 0, err
	}
	tmp, err := s.CreateCopy(store.CopyExport, path)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, fileErr(err))
	}
	defer tmp.Abort()
	n, err := ExportPartners(ctx, s, q, format, tmp, loc)
	if err != nil {
		return n, fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Commit(); err != nil {
		return n, fmt.Errorf("%s: %w", path, fileErr(err))
	}
	return n, nil
}

// IsEarlierExport reports whether path is a regular file that an export
// wrote (its BOM and header row say so), which an export replaces without
// a ReplaceError; the dashboard still asks first.
func IsEarlierExport(path string) bool {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	head, err := readHead(path)
	return err == nil && csvio.IsPartnerExport(head)
}

// readHead reads the start of path, enough to tell an earlier export.
func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, exportHead)
	n, _ := io.ReadFull(f, head)
	return head[:n], nil
}

// exportHead is how much of an existing file is read to tell an earlier
// export: its BOM and header row.
const exportHead = 512

// checkExportPath refuses what an export must not replace.
func checkExportPath(s *store.Store, path string, replace bool) error {
	if own := s.OwnFile(path); own != "" {
		return fmt.Errorf("%s is %s: export to another file", path, own)
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, fileErr(err))
	}
	switch {
	case st.IsDir():
		return fmt.Errorf("%s is a directory: export to a file in it", path)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file (a device, pipe or socket): export to a file", path)
	}
	head, err := readHead(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, fileErr(err))
	}
	if replace || csvio.IsPartnerExport(head) {
		return nil
	}
	what := csvio.FileKind(head)
	switch {
	case len(head) == 0:
		what = "it is empty"
	case what == "":
		what = "it does not start with the export's header"
	}
	return &ReplaceError{Path: path, What: what}
}
