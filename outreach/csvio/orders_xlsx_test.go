package csvio

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

// orderWorkbookRows is orders.csv's header (all 29 columns) and its first
// two lines, each cell as text, Time Created as "25/11/2026 14:03:11".
func orderWorkbookRows(t *testing.T) [][]any {
	t.Helper()
	f, err := os.Open(filepath.Join(orderFixtures, "orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs[0][0] = strings.TrimPrefix(recs[0][0], "\ufeff")
	if len(recs[0]) != 29 {
		t.Fatalf("header has %d columns, want 29", len(recs[0]))
	}
	var rows [][]any
	for _, rec := range recs[:3] {
		row := make([]any, len(rec))
		for i, c := range rec {
			row[i] = c
		}
		rows = append(rows, row)
	}
	rows[1][26] = "25/11/2026 14:03:11"
	return rows
}

func readOrderWorkbook(t *testing.T, path string) ([]string, []*RowError, *OrderReader) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := NewOrderReader(f, filepath.Base(path), OrderOptions{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	var bad []*RowError
	for {
		l, err := r.Next()
		if err == io.EOF {
			return ids, bad, r
		}
		var re *RowError
		if errors.As(err, &re) {
			bad = append(bad, re)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, l.OrderID)
		if l.OrderID == "576543210987654321" {
			if want := time.Date(2026, 11, 25, 14, 3, 11, 0, time.UTC); !l.Created.Equal(want) {
				t.Errorf("Time Created %v, want %v", l.Created, want)
			}
			if l.Creator != "anna_1" || l.Quantity != 1 {
				t.Errorf("line %+v", l)
			}
		}
	}
}

// TestOrderReaderXLSX: a workbook's first sheet reads as the CSV export
// does, dates decided from its cells (25/11 is day-first).
func TestOrderReaderXLSX(t *testing.T) {
	path := writeWorkbook(t, t.TempDir(), "orders.xlsx", orderWorkbookRows(t))
	ids, bad, r := readOrderWorkbook(t, path)
	if len(bad) > 0 || strings.Join(ids, " ") != "576543210987654321 576543210987654322" {
		t.Fatalf("ids %v, bad rows %v", ids, bad)
	}
	if r.Encoding() != "xlsx" || r.DateOrder() != outreach.DayFirst {
		t.Errorf("encoding %q, date order %v", r.Encoding(), r.DateOrder())
	}
}

// TestOrderReaderXLSXIDs: a long Order ID stored as text or as a number
// whose digits the file holds reads whole; one Excel shows as 5.76543E+17
// (its digits lost) is a bad row named by its sheet row.
func TestOrderReaderXLSXIDs(t *testing.T) {
	rows := orderWorkbookRows(t)
	rows[1][0] = int64(576543210987654321) // a number cell, shown as 5.76543210987654E+17
	rows[2][0] = "576543210987654322"      // text
	third := append([]any(nil), rows[2]...)
	third[0] = "5.76543E+17"
	rows = append(rows, third)
	path := writeWorkbook(t, t.TempDir(), "ids.xlsx", rows)
	ids, bad, _ := readOrderWorkbook(t, path)
	if strings.Join(ids, " ") != "576543210987654321 576543210987654322" {
		t.Fatalf("ids %v", ids)
	}
	if len(bad) != 1 || !strings.HasPrefix(bad[0].Error(), "ids.xlsx:4: Order ID: \"5.76543E+17\" is an id a spreadsheet turned into a number") {
		t.Fatalf("bad rows %v", bad)
	}
}
