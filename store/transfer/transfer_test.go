package transfer

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"creatordesk/outreach"
	"creatordesk/outreach/csvio"
	"creatordesk/store"
)

const fixtureDir = "../../testdata/csv"

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func fixture(name string) string { return filepath.Join(fixtureDir, name) }

// Handles in the fixtures the tests use.
var (
	kalodataHandles = []string{"anna_1", "glowwithmia", "chef.leo", "tech.tom", "fitbyjess", "nailsbykim", "home.with.hana"}
	badRowsGood     = []string{"good.one", "last.good"}
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"),
		store.Options{Now: func() time.Time { return t0 }, Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func countCreators(t *testing.T, s *store.Store) int64 {
	t.Helper()
	c, err := s.CountCreators(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Total
}

// hasCreator reports whether the store holds handle.
func hasCreator(t *testing.T, s *store.Store, handle string) bool {
	t.Helper()
	_, err := s.Creator(context.Background(), handle)
	if errors.Is(err, store.ErrNotFound) {
		return false
	}
	if err != nil {
		t.Fatalf("Creator(%s): %v", handle, err)
	}
	return true
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// brokenCSV writes a file whose first n rows are good and whose next row
// opens a quote that is never closed, so the file cannot be read to the end.
// The open quote is on line n+2.
func brokenCSV(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("handle,followers,notes\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "brk_%03d,%d,fine\n", i, 100+i)
	}
	b.WriteString("brk_open,200,\"this note never ends\nbrk_after,300,x\nbrk_last,400,y\n")
	return writeFile(t, filepath.Join(dir, "broken.csv"), b.String())
}

type problems []Problem

func (ps *problems) report(p Problem) { *ps = append(*ps, p) }

// of returns the problems about file, with notes or without.
func (ps problems) of(file string, notes bool) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.File == file && p.Note == notes {
			out = append(out, p)
		}
	}
	return out
}

type counts struct{ New, Updated, Skipped, Failed, Duplicates int }

func countsOf(s Summary) counts {
	return counts{s.New, s.Updated, s.Skipped, s.Failed, s.Duplicates}
}

func TestImportPerFileTransactions(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	broken := brokenCSV(t, t.TempDir(), 60) // more than one batch of rows before the bad quote
	files := []string{fixture("kalodata_en.csv"), broken, fixture("duplicates.csv"), fixture("bad_rows.csv")}
	var ps problems
	sum, err := ImportCreators(ctx, s, files, ImportOptions{}, ps.report)
	if err != nil {
		t.Fatalf("ImportCreators: %v", err)
	}
	// kalodata: 7 new. broken: nothing. duplicates: @anna_1 (from kalodata,
	// already committed) updated, @bob.builder new, 8 rows merged. bad_rows:
	// 2 new, 22 skipped.
	want := counts{New: 10, Updated: 1, Skipped: 22, Failed: 1, Duplicates: 8}
	if got := countsOf(sum); got != want {
		t.Errorf("summary %+v, want %+v", got, want)
	}
	if sum.RolledBack {
		t.Error("RolledBack set without strict or dry run")
	}
	if n := countCreators(t, s); n != 10 {
		t.Errorf("%d creators in the store, want 10", n)
	}
	for _, h := range append(append([]string{"bob.builder"}, kalodataHandles...), badRowsGood...) {
		if !hasCreator(t, s, h) {
			t.Errorf("@%s was not imported", h)
		}
	}
	for _, h := range []string{"brk_000", "brk_049", "brk_050", "brk_059", "brk_open"} {
		if hasCreator(t, s, h) {
			t.Errorf("@%s from the broken file is in the store", h)
		}
	}

	fails := ps.of(broken, false)
	if len(fails) != 1 {
		t.Fatalf("problems about the broken file: %+v", fails)
	}
	p := fails[0]
	if p.Line != 62 || p.Field != "" || !strings.Contains(p.Reason, "unterminated quoted field") ||
		!strings.HasSuffix(p.Reason, "; nothing imported from this file") {
		t.Errorf("broken file problem %+v", p)
	}
	if want := broken + ":62: unterminated quoted field"; !strings.HasPrefix(p.String(), want) ||
		strings.Count(p.String(), broken) != 1 {
		t.Errorf("String() = %q, want it to start %q and name the file once", p.String(), want)
	}

	if len(sum.Files) != len(files) {
		t.Fatalf("%d file results, want %d", len(sum.Files), len(files))
	}
	for i, fr := range sum.Files {
		if fr.File != files[i] {
			t.Errorf("file %d is %s, want %s", i, fr.File, files[i])
		}
		if failed := i == 1; (fr.Failed != nil) != failed || fr.Committed == failed {
			t.Errorf("%s: Failed %v, Committed %v", fr.File, fr.Failed, fr.Committed)
		}
	}
	if fr := sum.Files[0]; fr.Rows != 7 || fr.Result.New != 7 || fr.Encoding != "utf-8" ||
		!reflect.DeepEqual(fr.Ignored, []string{"Creator ID"}) {
		t.Errorf("kalodata result %+v", fr)
	}
	if fr := sum.Files[2]; fr.Rows != 10 || !reflect.DeepEqual(fr.Result, store.ImportResult{New: 1, Updated: 1, Duplicates: 8}) {
		t.Errorf("duplicates result %+v", fr)
	}
	if fr := sum.Files[3]; fr.Rows != 24 || fr.Skipped != 22 || fr.Result.New != 2 {
		t.Errorf("bad_rows result %+v", fr)
	}
	if got := sum.Line(); got != "imported 10 new, updated 1, skipped 22 (8 duplicate rows merged)" {
		t.Errorf("Line() = %q", got)
	}
}

func TestImportStrictAllOrNothing(t *testing.T) {
	ctx := context.Background()
	t.Run("bad row in the second file", func(t *testing.T) {
		s := openStore(t)
		var ps problems
		sum, err := ImportCreators(ctx, s, []string{fixture("kalodata_en.csv"), fixture("bad_rows.csv")},
			ImportOptions{Strict: true, Campaign: "Strict Test"}, ps.report)
		if err != nil {
			t.Fatalf("ImportCreators: %v", err)
		}
		if !sum.RolledBack {
			t.Error("RolledBack not set")
		}
		if n := countCreators(t, s); n != 0 {
			t.Errorf("%d creators committed, want 0", n)
		}
		if _, err := s.Campaign(ctx, "Strict Test"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("campaign of a rolled-back import: %v", err)
		}
		if got := countsOf(sum); got != (counts{Skipped: 22}) {
			t.Errorf("summary %+v, want only the 22 skipped rows", got)
		}
		for _, fr := range sum.Files {
			if fr.Committed {
				t.Errorf("%s marked committed", fr.File)
			}
		}
		if n := len(ps.of(fixture("bad_rows.csv"), false)); n != 22 {
			t.Errorf("%d problems reported, want 22", n)
		}
	})
	t.Run("unreadable second file", func(t *testing.T) {
		s := openStore(t)
		broken := brokenCSV(t, t.TempDir(), 3)
		sum, err := ImportCreators(ctx, s, []string{fixture("kalodata_en.csv"), broken}, ImportOptions{Strict: true}, nil)
		if err != nil {
			t.Fatalf("ImportCreators: %v", err)
		}
		if !sum.RolledBack || sum.Failed != 1 || sum.New != 0 {
			t.Errorf("summary %+v", sum)
		}
		if n := countCreators(t, s); n != 0 {
			t.Errorf("%d creators committed, want 0", n)
		}
	})
	t.Run("all good", func(t *testing.T) {
		s := openStore(t)
		var ps problems
		sum, err := ImportCreators(ctx, s, []string{fixture("kalodata_en.csv"), fixture("duplicates.csv")},
			ImportOptions{Strict: true}, ps.report)
		if err != nil {
			t.Fatalf("ImportCreators: %v", err)
		}
		// One transaction, but each file counts as its own import:
		// @anna_1 from kalodata is updated by the second file.
		if got := countsOf(sum); sum.RolledBack || got != (counts{New: 8, Updated: 1, Duplicates: 8}) {
			t.Errorf("summary %+v (rolled back %v), want 8 new, 1 updated, 8 duplicates", got, sum.RolledBack)
		}
		if n := countCreators(t, s); n != 8 {
			t.Errorf("%d creators committed, want 8", n)
		}
		for _, fr := range sum.Files {
			if !fr.Committed {
				t.Errorf("%s not marked committed", fr.File)
			}
		}
		// Merge notes name rows of the same file only.
		notes := ps.of(fixture("duplicates.csv"), true)
		if len(notes) != 8 {
			t.Fatalf("notes %v, want 8", notes)
		}
		for _, p := range notes {
			want := "also on line 8; merged" // @bob.builder
			if p.Line < 8 {
				want = "also on line 2; merged" // @anna_1
			}
			if !strings.HasSuffix(p.Reason, want) {
				t.Errorf("note %q, want it to end %q", p.String(), want)
			}
		}
	})
}

func TestImportDryRun(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	files := []string{fixture("kalodata_en.csv"), fixture("bad_rows.csv")}
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprintf("strict=%v", strict), func(t *testing.T) {
			var ps problems
			sum, err := ImportCreators(ctx, s, files, ImportOptions{DryRun: true, Strict: strict, Campaign: "Summer Glow"}, ps.report)
			if err != nil {
				t.Fatalf("ImportCreators: %v", err)
			}
			if got := countsOf(sum); got != (counts{New: 9, Skipped: 22}) {
				t.Errorf("summary %+v, want 9 new, 22 skipped", got)
			}
			if !sum.RolledBack || sum.Pipelines != 9 || !reflect.DeepEqual(sum.CreatedCampaigns, []string{"Summer Glow"}) {
				t.Errorf("summary %+v", sum)
			}
			if n := countCreators(t, s); n != 0 {
				t.Errorf("dry run committed %d creators", n)
			}
			if _, err := s.Campaign(ctx, "Summer Glow"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("dry run created its campaign: %v", err)
			}
			for _, fr := range sum.Files {
				if fr.Committed {
					t.Errorf("%s marked committed", fr.File)
				}
			}
			if n := len(ps.of(fixture("bad_rows.csv"), false)); n != 22 {
				t.Errorf("%d problems reported, want 22", n)
			}
		})
	}

	// Over existing data, a dry run counts updates and changes nothing.
	if _, err := ImportCreators(ctx, s, files[:1], ImportOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	before, err := s.Creator(ctx, "anna_1")
	if err != nil {
		t.Fatal(err)
	}
	edited := writeFile(t, filepath.Join(t.TempDir(), "edit.csv"), "handle,nickname,followers\nanna_1,Renamed,5\nnew.one,New,10\n")
	sum, err := ImportCreators(ctx, s, []string{edited}, ImportOptions{DryRun: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := countsOf(sum); got != (counts{New: 1, Updated: 1}) || !sum.RolledBack {
		t.Errorf("summary %+v, want 1 new, 1 updated, rolled back", sum)
	}
	after, err := s.Creator(ctx, "anna_1")
	if err != nil {
		t.Fatal(err)
	}
	if after.DisplayName != before.DisplayName || after.DisplayName == "Renamed" || hasCreator(t, s, "new.one") {
		t.Errorf("dry run changed the store: %q → %q", before.DisplayName, after.DisplayName)
	}
}

func TestImportProblemsNameFileLineField(t *testing.T) {
	s := openStore(t)
	var ps problems
	bad, dups := fixture("bad_rows.csv"), fixture("duplicates.csv")
	if _, err := ImportCreators(context.Background(), s, []string{bad, dups}, ImportOptions{}, ps.report); err != nil {
		t.Fatal(err)
	}
	rows := ps.of(bad, false)
	if len(rows) != 22 {
		t.Fatalf("%d row problems from bad_rows.csv, want 22: %v", len(rows), rows)
	}
	for i, p := range rows {
		if p.File != bad || p.Line <= 1 || p.Field == "" || p.Reason == "" {
			t.Errorf("problem %+v lacks file, line or field", p)
		}
		// Lines 3–24 are the bad ones, reported in order.
		if p.Line != i+3 {
			t.Errorf("problem %d on line %d, want %d", i, p.Line, i+3)
		}
		if want := fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Reason); p.String() != want {
			t.Errorf("String() = %q, want %q", p.String(), want)
		}
	}
	if got, want := rows[0].String(), bad+`:3: followers: "-5" is negative`; got != want {
		t.Errorf("first problem %q, want %q", got, want)
	}
	if got, want := rows[len(rows)-1].String(), bad+":24: display_name: 201 characters, the limit is 200"; got != want {
		t.Errorf("last problem %q, want %q", got, want)
	}
	if len(ps.of(bad, true)) != 0 {
		t.Errorf("notes about bad_rows.csv: %v", ps.of(bad, true))
	}

	// Merged duplicates are notes, each pointing at the first row.
	notes := ps.of(dups, true)
	if len(notes) != 8 || len(ps.of(dups, false)) != 0 {
		t.Fatalf("duplicates.csv: notes %v, problems %v", notes, ps.of(dups, false))
	}
	for _, p := range notes {
		first := 2
		if p.Line > 8 {
			first = 8
		}
		if p.Field != "handle" || p.Line <= first || !strings.Contains(p.Reason, fmt.Sprintf("also on line %d; merged", first)) {
			t.Errorf("note %+v", p)
		}
	}
}

func TestImportMissingFileAndDirectory(t *testing.T) {
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprintf("strict=%v", strict), func(t *testing.T) {
			s := openStore(t)
			dir := t.TempDir()
			missing := filepath.Join(dir, "missing.csv")
			sub := filepath.Join(dir, "exports")
			if err := os.Mkdir(sub, 0o700); err != nil {
				t.Fatal(err)
			}
			var ps problems
			files := []string{missing, fixture("kalodata_en.csv"), sub}
			sum, err := ImportCreators(context.Background(), s, files, ImportOptions{Strict: strict}, ps.report)
			if err != nil {
				t.Fatalf("ImportCreators returned %v; unreadable files are reported, not errors", err)
			}
			if sum.Failed != 2 || len(sum.Files) != 3 || sum.Files[0].Failed == nil || sum.Files[2].Failed == nil ||
				sum.Files[1].Failed != nil {
				t.Fatalf("summary %+v", sum)
			}
			for file, want := range map[string]string{
				missing: missing + ": no such file or directory; nothing imported from this file",
				sub:     sub + ": is a directory; nothing imported from this file",
			} {
				got := ps.of(file, false)
				if len(got) != 1 || got[0].String() != want {
					t.Errorf("problems about %s: %v, want %q", file, got, want)
				}
			}
			wantNew, wantCount := 7, int64(7)
			if strict {
				wantNew, wantCount = 0, 0
			}
			if sum.New != wantNew || sum.RolledBack != strict {
				t.Errorf("summary %+v, want %d new", sum, wantNew)
			}
			if n := countCreators(t, s); n != wantCount {
				t.Errorf("%d creators, want %d", n, wantCount)
			}
		})
	}
}

func TestImportCancelFromProgress(t *testing.T) {
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprintf("strict=%v", strict), func(t *testing.T) {
			s := openStore(t)
			big := filepath.Join(t.TempDir(), "big.csv")
			writeCreatorsCSV(t, big, ProgressEvery+500)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var calls []string
			opt := ImportOptions{Strict: strict, Progress: func(file string, rows int) {
				calls = append(calls, fmt.Sprintf("%s %d", file, rows))
				cancel()
			}}
			sum, err := ImportCreators(ctx, s, []string{fixture("kalodata_en.csv"), big}, opt, nil)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("ImportCreators error %v, want context.Canceled", err)
			}
			if want := []string{fmt.Sprintf("%s %d", big, ProgressEvery)}; !reflect.DeepEqual(calls, want) {
				t.Errorf("progress calls %q, want %q", calls, want)
			}
			// The first file was committed on its own, unless strict.
			want := int64(len(kalodataHandles))
			if strict {
				want = 0
			}
			if n := countCreators(t, s); n != want {
				t.Errorf("%d creators after cancelling, want %d (none from the cancelled file)", n, want)
			}
			for _, h := range []string{"creator_0000000", "creator_0009999"} {
				if hasCreator(t, s, h) {
					t.Errorf("@%s from the cancelled file is in the store", h)
				}
			}
			if !strict && (len(sum.Files) != 1 || !sum.Files[0].Committed || sum.New != 7) {
				t.Errorf("summary after cancelling %+v", sum)
			}
		})
	}
}

func TestReimportUpdates(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	for _, tt := range []struct {
		file    string
		rows    int
		unique  int
		merged  int
		creates int64
	}{
		{"kalodata_en.csv", 7, 7, 0, 7},
		{"duplicates.csv", 10, 2, 8, 8}, // @anna_1 is in both files
	} {
		path := fixture(tt.file)
		first, err := ImportCreators(ctx, s, []string{path}, ImportOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		second, err := ImportCreators(ctx, s, []string{path}, ImportOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if second.New != 0 || second.Updated != tt.unique || second.Duplicates != tt.merged || second.Skipped != 0 {
			t.Errorf("%s again: %+v, want 0 new, %d updated", tt.file, countsOf(second), tt.unique)
		}
		if first.New+first.Updated != tt.unique || second.Files[0].Rows != tt.rows {
			t.Errorf("%s: first %+v, second %+v", tt.file, countsOf(first), second.Files[0])
		}
		if n := countCreators(t, s); n != tt.creates {
			t.Errorf("after %s: %d creators, want %d", tt.file, n, tt.creates)
		}
	}
}

// partner moves handles to partnered.
func partner(t *testing.T, s *store.Store, handles ...string) {
	t.Helper()
	for _, h := range handles {
		if _, err := s.MoveStage(context.Background(), store.Move{Handle: h, To: outreach.Partnered, Source: "test"}); err != nil {
			t.Fatalf("MoveStage(%s): %v", h, err)
		}
	}
}

// readExportCSV parses a partner CSV: the BOM, the header, the rows.
func readExportCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
	if !ok {
		t.Fatalf("CSV does not start with a BOM: %.40q", data)
	}
	recs, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("export is not valid CSV: %v", err)
	}
	if len(recs) == 0 || !reflect.DeepEqual(recs[0], csvio.PartnerColumns) {
		t.Fatalf("header %q, want %q", recs[:min(1, len(recs))], csvio.PartnerColumns)
	}
	return recs[1:]
}

func TestExportPartners(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if _, err := ImportCreators(ctx, s, []string{fixture("kalodata_en.csv")}, ImportOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"anna_1", "chef.leo", "nailsbykim"}
	partner(t, s, want...)

	var buf bytes.Buffer
	n, err := ExportPartners(ctx, s, store.PartnerQuery{}, "csv", &buf, time.UTC)
	if err != nil || n != len(want) {
		t.Fatalf("ExportPartners(csv) = %d, %v; want %d", n, err, len(want))
	}
	rows := readExportCSV(t, buf.Bytes())
	var got []string
	for _, r := range rows {
		got = append(got, r[0])
		if r[8] != string(outreach.Partnered) || r[9] != t0.Format("2006-01-02 15:04:05") {
			t.Errorf("row %q", r)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CSV handles %q, want %q", got, want)
	}

	buf.Reset()
	n, err = ExportPartners(ctx, s, store.PartnerQuery{}, "json", &buf, time.UTC)
	if err != nil || n != len(want) {
		t.Fatalf("ExportPartners(json) = %d, %v; want %d", n, err, len(want))
	}
	var objs []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &objs); err != nil {
		t.Fatalf("export is not valid JSON: %v\n%s", err, buf.Bytes())
	}
	got = got[:0]
	for _, o := range objs {
		got = append(got, o["handle"].(string))
		if len(o) != len(csvio.PartnerColumns) {
			t.Errorf("object has %d keys, want %d", len(o), len(csvio.PartnerColumns))
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("JSON handles %q, want %q", got, want)
	}

	// Filters reach the store; nothing matching still gives a header.
	buf.Reset()
	n, err = ExportPartners(ctx, s, store.PartnerQuery{Tier: outreach.Head}, "csv", &buf, time.UTC)
	if err != nil || n != 2 || len(readExportCSV(t, buf.Bytes())) != 2 { // @anna_1 and @chef.leo
		t.Errorf("head partners: %d, %v; want 2", n, err)
	}
	buf.Reset()
	n, err = ExportPartners(ctx, s, store.PartnerQuery{Campaign: "nope"}, "csv", &buf, time.UTC)
	if err == nil {
		t.Errorf("export of an unknown campaign: %d rows, no error", n)
	}
	if _, err := ExportPartners(ctx, s, store.PartnerQuery{}, "xlsx", &buf, time.UTC); err == nil {
		t.Error("unknown format: no error")
	}
}

func TestExportPartnersPagesPastMaxPage(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	const n = store.MaxPage + 57
	im, err := s.BeginImport(ctx, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := im.NextFile("gen.csv"); err != nil {
		t.Fatal(err)
	}
	handles := make([]string, n)
	for i := range handles {
		handles[i] = fmt.Sprintf("page_%04d", i)
		followers := int64(1000 + i)
		row := outreach.CreatorRow{Line: i + 2, Creator: outreach.Creator{Handle: handles[i], Followers: &followers}}
		if err := im.Add(row); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	partner(t, s, handles...)

	var buf bytes.Buffer
	got, err := ExportPartners(ctx, s, store.PartnerQuery{}, "csv", &buf, time.UTC)
	if err != nil || got != n {
		t.Fatalf("ExportPartners = %d, %v; want %d", got, err, n)
	}
	rows := readExportCSV(t, buf.Bytes())
	var exported []string
	for _, r := range rows {
		exported = append(exported, r[0])
	}
	sort.Strings(exported)
	if !reflect.DeepEqual(exported, handles) {
		t.Errorf("exported %d rows, want each of the %d partners once", len(exported), n)
	}
}

// dirEntries lists the names in dir.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestExportPartnersFile(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	ctx := context.Background()
	s := openStore(t)
	if _, err := ImportCreators(ctx, s, []string{fixture("kalodata_en.csv")}, ImportOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	partner(t, s, "anna_1", "tech.tom")

	dir := t.TempDir()
	path := filepath.Join(dir, "partners.csv")
	const older = "an older export\n"
	writeFile(t, path, older)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	intact := func(t *testing.T) {
		t.Helper()
		if data, err := os.ReadFile(path); err != nil || string(data) != older {
			t.Errorf("older file after a failed export: %q, %v", data, err)
		}
		if names := dirEntries(t, dir); !reflect.DeepEqual(names, []string{"partners.csv"}) {
			t.Errorf("directory holds %q, want only partners.csv", names)
		}
	}

	t.Run("unknown format", func(t *testing.T) {
		if _, err := ExportPartnersFile(ctx, s, store.PartnerQuery{}, "xlsx", path, time.UTC, true); err == nil {
			t.Error("no error")
		}
		intact(t)
	})
	t.Run("unknown campaign", func(t *testing.T) {
		_, err := ExportPartnersFile(ctx, s, store.PartnerQuery{Campaign: "nope"}, "csv", path, time.UTC, true)
		if err == nil || !strings.HasPrefix(err.Error(), path+": ") {
			t.Errorf("error %v, want one naming %s", err, path)
		}
		intact(t)
	})
	t.Run("cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := ExportPartnersFile(cctx, s, store.PartnerQuery{}, "csv", path, time.UTC, true); !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
		intact(t)
	})
	t.Run("missing directory", func(t *testing.T) {
		p := filepath.Join(dir, "no", "such", "dir", "partners.csv")
		_, err := ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", p, time.UTC, true)
		if err == nil || err.Error() != p+": no such file or directory" {
			t.Errorf("error %v", err)
		}
		intact(t)
	})
	t.Run("path is a directory", func(t *testing.T) {
		p := t.TempDir()
		if _, err := ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", p, time.UTC, true); err == nil {
			t.Error("no error exporting over a directory")
		}
		if names := dirEntries(t, filepath.Dir(p)); len(names) != 1 {
			t.Errorf("left behind: %q", names)
		}
	})

	t.Run("success replaces", func(t *testing.T) {
		n, err := ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", path, time.UTC, true)
		if err != nil || n != 2 {
			t.Fatalf("ExportPartnersFile = %d, %v; want 2", n, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if rows := readExportCSV(t, data); len(rows) != 2 || rows[0][0] != "anna_1" || rows[1][0] != "tech.tom" {
			t.Errorf("exported rows %q", rows)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if perm := st.Mode().Perm(); perm != 0o600 {
			t.Errorf("export mode %v, want 0600", perm)
		}
		if names := dirEntries(t, dir); !reflect.DeepEqual(names, []string{"partners.csv"}) {
			t.Errorf("directory holds %q", names)
		}

		// JSON to a new file: also 0600 under umask 022.
		jpath := filepath.Join(dir, "partners.json")
		if n, err := ExportPartnersFile(ctx, s, store.PartnerQuery{}, "json", jpath, time.UTC, true); err != nil || n != 2 {
			t.Fatalf("json export = %d, %v", n, err)
		}
		var objs []map[string]any
		if data, err := os.ReadFile(jpath); err != nil || json.Unmarshal(data, &objs) != nil || len(objs) != 2 {
			t.Errorf("json export %d objects, %v", len(objs), err)
		}
		if st, err := os.Stat(jpath); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("json export mode %v, %v", st.Mode(), err)
		}
		os.Remove(jpath)
	})

	t.Run("closed store", func(t *testing.T) {
		writeFile(t, path, older)
		s.Close()
		if _, err := ExportPartnersFile(ctx, s, store.PartnerQuery{}, "csv", path, time.UTC, true); err == nil {
			t.Error("export from a closed store: no error")
		}
		intact(t)
	})
}

func TestProblemString(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a.csv", Line: 3, Field: "email", Reason: "bad"}, "a.csv:3: email: bad"},
		{Problem{File: "a.csv", Line: 7, Reason: "unterminated"}, "a.csv:7: unterminated"},
		{Problem{File: "a.csv", Field: "header", Reason: "no handle"}, "a.csv: header: no handle"},
		{Problem{File: "a.csv", Reason: "is a directory"}, "a.csv: is a directory"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestFailedFileProblem(t *testing.T) {
	fe := func(line int, err string) *csvio.FileError {
		return &csvio.FileError{File: "x.csv", Line: line, Err: errors.New(err)}
	}
	for _, tt := range []struct {
		err  *csvio.FileError
		want Problem
	}{
		{fe(5, "unterminated quoted field"), Problem{File: "x.csv", Line: 5, Reason: "unterminated quoted field; nothing imported from this file"}},
		{fe(1, "header: the file is empty"), Problem{File: "x.csv", Line: 1, Reason: "header: the file is empty; nothing imported from this file"}},
		{fe(0, "permission denied"), Problem{File: "x.csv", Reason: "permission denied; nothing imported from this file"}},
		// The text is never parsed for a place.
		{fe(0, "x.csv:abc: odd"), Problem{File: "x.csv", Reason: "x.csv:abc: odd; nothing imported from this file"}},
		{fe(0, "x.csv:7: odd"), Problem{File: "x.csv", Reason: "x.csv:7: odd; nothing imported from this file"}},
	} {
		if got := failedFile(tt.err); got != tt.want {
			t.Errorf("failedFile(%v) = %+v, want %+v", tt.err, got, tt.want)
		}
		if got, want := failedFile(tt.err).String(), tt.err.Error()+"; nothing imported from this file"; got != want {
			t.Errorf("failedFile(%v) reads %q, want %q", tt.err, got, want)
		}
	}
}

// A dry run over several files counts as the real import would: a creator
// in the second file that the first created is an update, not new.
func TestDryRunAcrossFilesMatchesRealImport(t *testing.T) {
	ctx := context.Background()
	files := []string{filepath.Join("..", "..", "testdata", "csv", "kalodata_en.csv"), filepath.Join("..", "..", "testdata", "csv", "duplicates.csv")}
	var got [2]Summary
	for i, dry := range []bool{true, false} {
		s, err := store.Open(ctx, filepath.Join(t.TempDir(), "d.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got[i], err = ImportCreators(ctx, s, files, ImportOptions{DryRun: dry}, nil)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	if got[0].New != got[1].New || got[0].Updated != got[1].Updated || got[0].Duplicates != got[1].Duplicates {
		t.Errorf("dry run %s, real import %s", got[0].Line(), got[1].Line())
	}
}

// An export replaces an earlier export without asking; any other file only
// when told to (the CLI's --force, the dashboard's question), and the
// refusal says what the file is.
func TestExportReplacesOnlyEarlierExports(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if _, err := ImportCreators(ctx, s, []string{fixture("kalodata_en.csv")}, ImportOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	partner(t, s, "anna_1")
	dir := t.TempDir()
	export := func(path, format string, replace bool) error {
		t.Helper()
		_, err := ExportPartnersFile(ctx, s, store.PartnerQuery{}, format, path, time.UTC, replace)
		return err
	}
	// Earlier exports, full or empty, CSV or JSON, are replaced as before.
	if _, err := s.CreateCampaign(ctx, outreach.Campaign{Name: "Empty"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []store.PartnerQuery{{}, {Campaign: "Empty"}} {
		for _, format := range []string{"csv", "json"} {
			p := filepath.Join(dir, "earlier-"+q.Campaign+"."+format)
			for range 2 {
				if _, err := ExportPartnersFile(ctx, s, q, format, p, time.UTC, false); err != nil {
					t.Errorf("export %s over an earlier one (%q): %v", format, q.Campaign, err)
				}
			}
		}
	}
	sqliteFile := filepath.Join(dir, "other.db")
	if other, err := store.Open(ctx, sqliteFile, store.Options{}); err != nil {
		t.Fatal(err)
	} else {
		other.Close()
	}
	target := filepath.Join(dir, "notes.txt")
	linked := filepath.Join(dir, "linked.csv")
	writeFile(t, filepath.Join(dir, "mine.txt"), "more of my notes\n")
	if err := os.Symlink("mine.txt", linked); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path, content, what string
	}{
		{target, "my own notes\n", "it does not start with the export's header"},
		{linked, "", "it does not start with the export's header"},
		{filepath.Join(dir, "empty.csv"), "", "it is empty"},
		{filepath.Join(dir, "creators.csv"), "handle,display_name\r\nanna_1,Anna\r\n", "it does not start with the export's header"},
		{sqliteFile, "", "it is an SQLite database"},
	} {
		if tt.path != sqliteFile && tt.path != linked {
			writeFile(t, tt.path, tt.content)
		}
		before, _ := os.ReadFile(tt.path)
		err := export(tt.path, "csv", false)
		var re *ReplaceError
		if !errors.As(err, &re) || re.Path != tt.path || re.What != tt.what {
			t.Errorf("export over %s: %v, want it refused: %s", filepath.Base(tt.path), err, tt.what)
		} else if want := tt.path + " already exists and is not an earlier export (" + tt.what + ")"; err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
		if after, _ := os.ReadFile(tt.path); string(after) != string(before) {
			t.Errorf("%s changed without being told to replace it", filepath.Base(tt.path))
		}
		if err := export(tt.path, "csv", true); err != nil {
			t.Errorf("export over %s, told to replace: %v", filepath.Base(tt.path), err)
		}
		if after, _ := os.ReadFile(tt.path); !bytes.HasPrefix(after, []byte("\uFEFFhandle,")) {
			t.Errorf("%s not replaced when told to: %q", filepath.Base(tt.path), after[:min(len(after), 20)])
		}
	}
	// Never over a directory or a device, even when told to replace.
	for _, p := range []string{t.TempDir(), os.DevNull} {
		if err := export(p, "csv", true); err == nil || !strings.Contains(err.Error(), p+" is ") {
			t.Errorf("export over %s: %v", p, err)
		}
	}
	for _, name := range dirEntries(t, dir) {
		if strings.HasSuffix(name, ".tmp") {
			t.Errorf("left behind: %s", name)
		}
	}
}

// TestExportImportRoundTrip exports partners, imports the file into a new
// database and exports again: the same rows, campaigns, stages, terms,
// codes and partnership dates. Importing it again changes nothing.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	now := t0
	open := func() *store.Store {
		s, err := store.Open(ctx, filepath.Join(t.TempDir(), "test.db"),
			store.Options{Now: func() time.Time { return now }, Synchronous: "OFF"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	src := open()
	if _, err := ImportCreators(ctx, src, []string{fixture("kalodata_en.csv")}, ImportOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CreateCampaign(ctx, outreach.Campaign{Name: "Summer Glow", Kind: outreach.Targeted, DefaultCommission: 1200}); err != nil {
		t.Fatal(err)
	}
	if err := src.SetTerms(ctx, "nailsbykim", "Summer Glow", outreach.Terms{Commission: 2000, SampleSKU: "SERUM-30", DiscountPct: 20}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []store.Move{
		{Handle: "anna_1", To: outreach.Partnered},
		{Handle: "glowwithmia", To: outreach.Partnered},
		{Handle: "glowwithmia", To: outreach.SampleShipped},
		{Handle: "nailsbykim", Campaign: "Summer Glow", To: outreach.Partnered},
		{Handle: "anna_1", Campaign: "Summer Glow", To: outreach.Partnered},
		{Handle: "tech.tom", Campaign: "Summer Glow", To: outreach.Partnered},
		{Handle: "tech.tom", Campaign: "Summer Glow", To: outreach.ContentPosted},
	} {
		now = now.Add(26 * time.Hour)
		if _, err := src.MoveStage(ctx, m); err != nil {
			t.Fatalf("%+v: %v", m, err)
		}
	}
	export := func(s *store.Store) []byte {
		var buf bytes.Buffer
		if _, err := ExportPartners(ctx, s, store.PartnerQuery{}, "csv", &buf, time.Local); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	first := export(src)
	if rows := readExportCSV(t, first); len(rows) != 5 {
		t.Fatalf("the source exports %d partnerships, want 5:\n%s", len(rows), first)
	}
	path := writeFile(t, filepath.Join(t.TempDir(), "partners.csv"), string(first))

	now = t0.Add(30 * 24 * time.Hour) // the new database imports a month later
	dst := open()
	sum, err := ImportCreators(ctx, dst, []string{path}, ImportOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 0 || sum.New != 4 || sum.Pipelines != 5 || !reflect.DeepEqual(sum.CreatedCampaigns, []string{"Summer Glow"}) {
		t.Errorf("import of the export: %+v", sum)
	}
	if again := export(dst); !bytes.Equal(again, first) {
		t.Errorf("exported again from the new database:\n%s\nwant\n%s", again, first)
	}
	sum, err = ImportCreators(ctx, dst, []string{path}, ImportOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Kept != (store.Kept{}) || sum.Pipelines != 0 || sum.New != 0 || len(sum.KeptLines(OverwriteHint)) != 0 {
		t.Errorf("importing the export again: %+v", sum)
	}
	if again := export(dst); !bytes.Equal(again, first) {
		t.Errorf("exported after a second import:\n%s\nwant\n%s", again, first)
	}
}

// KeptLines says what was kept, one line per field, in the user's words.
func TestKeptLines(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	first := writeFile(t, filepath.Join(dir, "a.csv"), "handle,email,phone\nanna,anna@example.com,+1 555 0100\nbob,bob@example.com,\ncara,cara@example.com,\n")
	if _, err := ImportCreators(ctx, s, []string{first}, ImportOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	next := writeFile(t, filepath.Join(dir, "b.csv"), "handle,email,phone\nanna,anna@new.example,+1 555 0199\nbob,bob@new.example,\ncara,cara@new.example,\n")
	want := []string{
		"kept email for 3 creators (file differs): use --overwrite to take the file's values",
		"kept phone for 1 creator (file differs): use --overwrite to take the file's values",
	}
	for _, dry := range []bool{true, false} {
		sum, err := ImportCreators(ctx, s, []string{next}, ImportOptions{DryRun: dry}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := sum.KeptLines(OverwriteHint); !reflect.DeepEqual(got, want) {
			t.Errorf("dry=%v: %q, want %q", dry, got, want)
		}
		if sum.Line() != "imported 0 new, updated 3, skipped 0" {
			t.Errorf("dry=%v: %q", dry, sum.Line())
		}
	}
	sum, err := ImportCreators(ctx, s, []string{next}, ImportOptions{Overwrite: true}, nil)
	if err != nil || len(sum.KeptLines(OverwriteHint)) != 0 {
		t.Errorf("--overwrite: %q (%v)", sum.KeptLines(OverwriteHint), err)
	}
	if c, _ := s.Creator(ctx, "anna"); c.Email != "anna@new.example" || c.Phone != "+1 555 0199" {
		t.Errorf("--overwrite left %q %q", c.Email, c.Phone)
	}
}
