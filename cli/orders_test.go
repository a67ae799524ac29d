package cli

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func orderFixture(name string) string { return filepath.Join("..", "testdata", "orders", name) }

func TestImportOrdersEndToEnd(t *testing.T) {
	e := newEnv(t)
	r := e.must("import", "orders", orderFixture("orders.csv"))
	if want := "imported 5 new order lines, updated 0, unchanged 0, skipped 0\n" +
		"5 orders from 4 creators not in creatordesk: @anna_1, @glowwithmia, @nailsbykim, @tech.tom\n"; r.stdout != want {
		t.Fatalf("first import:\n%s\nwant:\n%s", r.stdout, want)
	}
	r = e.must("import", "orders", orderFixture("orders.csv"))
	if !strings.HasPrefix(r.stdout, "imported 0 new order lines, updated 0, unchanged 5, skipped 0\n") {
		t.Fatalf("same file again: %s", r.stdout)
	}

	// A dry run of the later export counts its changes and writes none.
	r = e.must("import", "orders", "--dry-run", orderFixture("orders_later.csv"))
	if !strings.HasPrefix(r.stdout, "dry run, nothing written: imported 0 new order lines, updated 2, unchanged 3, skipped 0\n") {
		t.Fatalf("dry run: %s", r.stdout)
	}
	r = e.must("import", "orders", orderFixture("orders_later.csv"))
	if !strings.HasPrefix(r.stdout, "imported 0 new order lines, updated 2, unchanged 3, skipped 0\n") {
		t.Fatalf("later export after a dry run: %s", r.stdout)
	}

	// The creators arrive: their orders match from then on.
	e.must("import", "creators", fixture("kalodata_en.csv"))
	r = e.must("import", "orders", orderFixture("orders_later.csv"))
	if strings.Contains(r.stdout, "@anna_1") || strings.Contains(r.stdout, "@glowwithmia") {
		t.Fatalf("orders of imported creators still unmatched: %s", r.stdout)
	}
}

func TestImportOrdersRefusalsAndBadRows(t *testing.T) {
	e := newEnv(t)
	r := e.run("import", "orders", orderFixture("orders_ambiguous.csv"), orderFixture("orders_bad.csv"))
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "orders_ambiguous.csv: Time Created: every date could be day-first or month-first: say which with --date-order; nothing imported from this file") {
		t.Errorf("ambiguous dates not refused:\n%s", r.stderr)
	}
	rowLine := regexp.MustCompile(`(?m)^\.\./testdata/orders/orders_bad\.csv:(\d): (Payment Amount|Quantity|Creator Username|Order ID): .+$`)
	if got := rowLine.FindAllStringSubmatch(r.stderr, -1); len(got) != 4 || got[0][1] != "2" || got[3][2] != "Order ID" {
		t.Errorf("bad rows as FILE:LINE: column: reason, want 4:\n%s", r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "imported 1 new order lines, updated 0, unchanged 0, skipped 4\n") {
		t.Errorf("summary: %s", r.stdout)
	}
	// The bad file's one good line is the ambiguous file's fifth, read
	// day-first there: month-first moves its date.
	r = e.must("import", "orders", "--date-order", "month-first", orderFixture("orders_ambiguous.csv"))
	if !strings.HasPrefix(r.stdout, "imported 4 new order lines, updated 1, unchanged 0") {
		t.Errorf("--date-order: %s", r.stdout)
	}
	if r := e.run("import", "orders", "--date-order", "yesterday", orderFixture("orders.csv")); r.code != 2 || !strings.Contains(r.stderr, "--date-order") {
		t.Errorf("bad --date-order: exit %d\n%s", r.code, r.stderr)
	}
	// The month-first file moves all five dates back; the GBK copy changes
	// two product names and the ';' copy changes them back: nothing else
	// differs, so each file reads as the original export does.
	if r := e.run("import", "orders", orderFixture("orders_monthfirst.csv"), orderFixture("orders_gbk.csv"), orderFixture("orders_semicolon.csv")); r.code != 0 ||
		!strings.HasPrefix(r.stdout, "imported 0 new order lines, updated 9, unchanged 6, skipped 0\n") {
		t.Errorf("month-first, GBK and ';' files: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestImportOrdersXLSX: the export saved as a workbook imports, and again
// unchanged.
func TestImportOrdersXLSX(t *testing.T) {
	e := newEnv(t)
	f := excelize.NewFile()
	header := []any{"Order ID", "Product ID", "SKU ID", "Payment Amount", "Currency", "Quantity", "Creator Username", "Time Created"}
	rows := [][]any{header,
		{"576543210987654321", "1729384756102938475", "1729384756102938476", "22.49", "USD", 1, "anna_1", "25/11/2026 14:03:11"},
		{int64(576543210987654322), "1729384756102938475", "1729384756102938477", "49.98", "USD", 2, "glowwithmia", "26/11/2026 09:00:00"},
	}
	for i, row := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "x.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r := e.must("import", "orders", path)
	if !strings.HasPrefix(r.stdout, "imported 2 new order lines, updated 0, unchanged 0, skipped 0\n") {
		t.Fatalf("first import: %s", r.stdout)
	}
	r = e.must("import", "orders", path)
	if !strings.HasPrefix(r.stdout, "imported 0 new order lines, updated 0, unchanged 2, skipped 0\n") {
		t.Fatalf("same workbook again: %s", r.stdout)
	}
}
