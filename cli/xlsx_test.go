package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A creators workbook imports end to end like its CSV: the first sheet's
// rows, numbers as Excel shows them, a bad row named by its sheet row;
// re-importing it adds no one.
func TestImportCreatorsFromXLSX(t *testing.T) {
	e := newEnv(t)
	book := excelize.NewFile()
	defer book.Close()
	rows := [][]any{
		{"达人账号", "达人昵称", "粉丝数", "邮箱"},
		{"@ann_1", "小安", 1234567, "ann@example.com"},
		{"bob_2", "Bob", "lots", nil},
		{"cat_3", "猫", 98765432101, nil},
	}
	for i, row := range rows {
		if err := book.SetSheetRow("Sheet1", "A"+string(rune('1'+i)), &row); err != nil {
			t.Fatal(err)
		}
	}
	// A second sheet is not read.
	book.NewSheet("Notes")
	book.SetSheetRow("Notes", "A1", &[]any{"handle"})
	book.SetSheetRow("Notes", "A2", &[]any{"not_me"})
	path := filepath.Join(e.home, "达人.xlsx")
	if err := book.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	r := e.run("import", "creators", path)
	if r.code != 1 || !strings.Contains(r.stdout, "imported 2 new, updated 0, skipped 1") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if want := "达人.xlsx:3: followers: "; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q lacks %q", r.stderr, want)
	}
	if c := showJSON(t, e, "ann_1"); c.DisplayName != "小安" || c.Followers == nil || *c.Followers != 1234567 || c.Email != "ann@example.com" {
		t.Errorf("ann_1: %+v", c)
	}
	if c := showJSON(t, e, "cat_3"); c.Followers == nil || *c.Followers != 98765432101 {
		t.Errorf("cat_3: %+v", c)
	}
	if r := e.run("creator", "show", "not_me"); r.code == 0 {
		t.Errorf("the second sheet was read: %q", r.stdout)
	}
	r = e.run("import", "creators", path)
	if !strings.HasPrefix(r.stdout, "imported 0 new, updated 2, skipped 1") {
		t.Errorf("re-import: stdout %q", r.stdout)
	}
	if n := e.stats().Creators.Total; n != 2 {
		t.Errorf("%d creators after a re-import, want 2", n)
	}
}
