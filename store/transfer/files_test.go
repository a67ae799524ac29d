package transfer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"creatordesk/outreach/csvio"
	"creatordesk/store"
)

// A file after the first that cannot be read is placed by its
// *csvio.FileError, in every mode, and its problem says the same place.
func TestImportSecondFileErrorIsPlaced(t *testing.T) {
	dir := t.TempDir()
	var big strings.Builder
	big.WriteString("handle,notes\n")
	for i := 0; big.Len() < 100<<10; i++ {
		fmt.Fprintf(&big, "big_%05d,%s\n", i, strings.Repeat("a", 60))
	}
	bigLines := strings.Count(big.String(), "\n")
	tests := []struct {
		name, content string
		line          int
		reason        string
	}{
		{"bad_utf8.csv", big.String() + "bad,caf\xe9\n", bigLines + 1, "invalid UTF-8 text"},
		{"binary.csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", 1, "not a CSV file"},
		{"no_handle.csv", "\nname,followers\nanna,5\n", 2, "header: no handle column"},
		{"missing.csv", "", 0, "no such file or directory"},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, tt.name)
		if tt.content != "" {
			writeFile(t, path, tt.content)
		}
		for _, mode := range []string{"per file", "strict", "dry run"} {
			t.Run(tt.name+"/"+mode, func(t *testing.T) {
				s := openStore(t)
				var ps problems
				opt := ImportOptions{Strict: mode == "strict", DryRun: mode == "dry run"}
				sum, err := ImportCreators(context.Background(), s, []string{fixture("kalodata_en.csv"), path}, opt, ps.report)
				if err != nil {
					t.Fatal(err)
				}
				if sum.Failed != 1 || len(sum.Files) != 2 || sum.Files[0].Failed != nil {
					t.Fatalf("summary %+v", sum)
				}
				var fe *csvio.FileError
				if !errors.As(error(sum.Files[1].Failed), &fe) {
					t.Fatalf("second file failed with %v, not a *csvio.FileError", sum.Files[1].Failed)
				}
				if fe.File != path || fe.Line != tt.line || fe.Field != "" || !strings.Contains(fe.Err.Error(), tt.reason) {
					t.Errorf("FileError{%s, %d, %q, %v}, want {%s, %d, \"\", %s...}", fe.File, fe.Line, fe.Field, fe.Err, path, tt.line, tt.reason)
				}
				got := ps.of(path, false)
				if len(got) != 1 || got[0].File != path || got[0].Line != tt.line || got[0].Field != "" ||
					got[0].String() != fe.Error()+"; nothing imported from this file" {
					t.Errorf("problems %+v for %v", got, fe)
				}
			})
		}
	}
}

// A bad row in a second file is reported at its file, line and field.
func TestImportSecondFileBadRows(t *testing.T) {
	dir := t.TempDir()
	second := writeFile(t, filepath.Join(dir, "second.csv"), "handle,followers\nzed,10\nyan,lots\n\nbad handle!,3\n")
	s := openStore(t)
	var ps problems
	sum, err := ImportCreators(context.Background(), s, []string{fixture("kalodata_en.csv"), second}, ImportOptions{}, ps.report)
	if err != nil {
		t.Fatal(err)
	}
	got := ps.of(second, false)
	if len(got) != 2 || sum.Skipped != 2 || sum.Files[1].Rows != 3 || sum.Files[1].Result.New != 1 {
		t.Fatalf("summary %+v, problems %+v", sum, got)
	}
	for i, want := range []struct {
		line  int
		field string
	}{{3, "followers"}, {5, "handle"}} {
		if p := got[i]; p.File != second || p.Line != want.line || p.Field != want.field {
			t.Errorf("problem %d %+v, want line %d field %s", i, p, want.line, want.field)
		}
	}
	if want := second + `:3: followers: "lots" is not a number`; got[0].String() != want {
		t.Errorf("first problem %q, want %q", got[0].String(), want)
	}
}

// Each file's result is its own, whether files commit one by one or the
// import is one transaction (strict, dry run).
func TestImportPerFileResults(t *testing.T) {
	dir := t.TempDir()
	files := []string{
		writeFile(t, filepath.Join(dir, "a.csv"), "handle,followers\nanna,1000\nbob,2000\ncara,3000\n"),
		writeFile(t, filepath.Join(dir, "b.csv"), "handle,followers\nanna,1100\ndan,50\ndan,60\n"),
		writeFile(t, filepath.Join(dir, "c.csv"), "handle,followers\neve,70\nbob,2100\n"),
	}
	want := []store.ImportResult{
		{New: 3, Pipelines: 3, CreatedCampaigns: []string{"Glow"}},
		{New: 1, Updated: 1, Duplicates: 1, Pipelines: 1},
		{New: 1, Updated: 1, Pipelines: 1},
	}
	for _, mode := range []string{"per file", "strict", "dry run"} {
		t.Run(mode, func(t *testing.T) {
			s := openStore(t)
			opt := ImportOptions{Campaign: "Glow", Strict: mode == "strict", DryRun: mode == "dry run"}
			sum, err := ImportCreators(context.Background(), s, files, opt, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(sum.Files) != len(files) {
				t.Fatalf("%d file results", len(sum.Files))
			}
			var total store.ImportResult
			for i, fr := range sum.Files {
				if fr.File != files[i] || !reflect.DeepEqual(fr.Result, want[i]) || fr.Committed == (mode == "dry run") {
					t.Errorf("file %d: %s %+v committed %v, want %s %+v", i, fr.File, fr.Result, fr.Committed, files[i], want[i])
				}
				total.New += fr.Result.New
				total.Updated += fr.Result.Updated
				total.Duplicates += fr.Result.Duplicates
				total.Pipelines += fr.Result.Pipelines
			}
			if sum.New != total.New || sum.Updated != total.Updated || sum.Duplicates != total.Duplicates ||
				sum.Pipelines != total.Pipelines || !reflect.DeepEqual(sum.CreatedCampaigns, []string{"Glow"}) {
				t.Errorf("summary %+v, files add up to %+v", sum, total)
			}
		})
	}
}
