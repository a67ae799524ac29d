package store

import (
	"context"
	"reflect"
	"testing"
)

// NextFile starts each file of one import afresh, and EndFile gives what
// each file did, for a real import and a dry run alike.
func TestImportNextFileAndEndFile(t *testing.T) {
	for _, dry := range []bool{false, true} {
		s, _ := openTest(t)
		ctx := context.Background()
		im, err := s.BeginImport(ctx, ImportOptions{Campaign: "Glow", DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		if err := im.Add(row(2, "early", nil)); err == nil {
			t.Errorf("dry=%v: Add before NextFile accepted", dry)
		}
		files := []struct {
			name    string
			handles []string
			want    ImportResult
		}{
			{"a.csv", []string{"anna", "bob", "anna"}, ImportResult{New: 2, Duplicates: 1, Pipelines: 2, CreatedCampaigns: []string{"Glow"}}},
			// anna again: an earlier file created her, so she is updated,
			// and not a duplicate, since duplicates are within a file.
			{"b.csv", []string{"anna", "cara"}, ImportResult{New: 1, Updated: 1, Pipelines: 1}},
			{"empty.csv", nil, ImportResult{}},
		}
		var total ImportResult
		for _, f := range files {
			if err := im.NextFile(f.name); err != nil {
				t.Fatal(err)
			}
			for i, h := range f.handles {
				if err := im.Add(row(i+2, h, i64(100))); err != nil {
					t.Fatal(err)
				}
			}
			got, err := im.EndFile()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, f.want) {
				t.Errorf("dry=%v: %s did %+v, want %+v", dry, f.name, got, f.want)
			}
			total.New += got.New
			total.Updated += got.Updated
			total.Duplicates += got.Duplicates
			total.Pipelines += got.Pipelines
		}
		total.CreatedCampaigns = []string{"Glow"}
		var res ImportResult
		if dry {
			res, err = im.Rollback()
		} else {
			res, err = im.Commit()
		}
		if err != nil || !reflect.DeepEqual(res, total) {
			t.Errorf("dry=%v: import did %+v (%v), files add up to %+v", dry, res, err, total)
		}
	}
}
