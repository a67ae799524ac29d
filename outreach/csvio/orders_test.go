package csvio

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"creatordesk/outreach"
)

const orderFixtures = "../../testdata/orders"

// readOrders reads a fixture whole: its lines, and its bad rows' errors.
func readOrders(t *testing.T, name string, opt OrderOptions) ([]outreach.OrderLine, []*RowError, error) {
	t.Helper()
	f, err := os.Open(filepath.Join(orderFixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	r, err := NewOrderReader(f, name, opt)
	if err != nil {
		return nil, nil, err
	}
	var lines []outreach.OrderLine
	var bad []*RowError
	for {
		l, err := r.Next()
		if err == io.EOF {
			return lines, bad, nil
		}
		var re *RowError
		if errors.As(err, &re) {
			bad = append(bad, re)
			continue
		}
		if err != nil {
			return lines, bad, err
		}
		lines = append(lines, l)
	}
}

func TestOrderReaderExport(t *testing.T) {
	for _, name := range []string{"orders.csv", "orders_gbk.csv", "orders_semicolon.csv", "orders_monthfirst.csv"} {
		t.Run(name, func(t *testing.T) {
			lines, bad, err := readOrders(t, name, OrderOptions{})
			if err != nil || len(bad) > 0 {
				t.Fatalf("err %v, bad rows %v", err, bad)
			}
			if len(lines) != 5 {
				t.Fatalf("%d lines, want 5", len(lines))
			}
			l := lines[1]
			if l.OrderID != "576543210987654322" || l.SKUID != "1729384756102938477" || l.Creator != "glowwithmia" {
				t.Errorf("line 2 key/creator: %+v", l)
			}
			if l.Payment != (outreach.Money{Minor: 4998, Currency: "USD"}) || l.Quantity != 2 || l.CommissionRate != 1500 {
				t.Errorf("line 2 amounts: %+v", l)
			}
			if !l.HasActual || l.ActualCommission.Minor != 750 || l.EstCommission.Minor != 750 || l.Status != "Completed" {
				t.Errorf("line 2 commission/status: %+v", l)
			}
			if want := time.Date(2025, 11, 4, 20, 1, 47, 0, time.UTC); !l.Created.Equal(want) {
				t.Errorf("created %v, want %v (4 November)", l.Created, want)
			}
			if want := time.Date(2025, 11, 19, 2, 0, 0, 0, time.UTC); !l.CommissionPaid.Equal(want) {
				t.Errorf("commission paid %v, want %v", l.CommissionPaid, want)
			}
			if !lines[2].FullyRefunded || lines[0].FullyRefunded {
				t.Errorf("refunds: line 3 %v, line 1 %v", lines[2].FullyRefunded, lines[0].FullyRefunded)
			}
			if shopAds := lines[3]; shopAds.HasActual || !shopAds.Estimated() || shopAds.Commission().Minor != 108 || !shopAds.CommissionPaid.IsZero() {
				t.Errorf("Shop Ads line with blank actual commission: %+v", shopAds)
			}
		})
	}
	gbk, _, _ := readOrders(t, "orders_gbk.csv", OrderOptions{})
	if len(gbk) == 0 || gbk[0].ProductName != "玫瑰保湿精华 30ml" {
		t.Errorf("GBK product name not decoded: %+v", gbk)
	}
}

func TestOrderReaderDateOrder(t *testing.T) {
	f, _ := os.Open(filepath.Join(orderFixtures, "orders_monthfirst.csv"))
	defer f.Close()
	r, err := NewOrderReader(f, "m.csv", OrderOptions{})
	if err != nil || r.DateOrder() != outreach.MonthFirst {
		t.Fatalf("month-first file read as %v (%v)", r, err)
	}

	_, _, err = readOrders(t, "orders_ambiguous.csv", OrderOptions{})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, outreach.ErrAmbiguousDates) || fe.File != "orders_ambiguous.csv" {
		t.Fatalf("ambiguous file: err %v, want a FileError wrapping ErrAmbiguousDates", err)
	}
	lines, _, err := readOrders(t, "orders_ambiguous.csv", OrderOptions{DateOrder: outreach.MonthFirst})
	if err != nil || len(lines) != 5 || lines[0].Created.Month() != time.March || lines[0].Created.Day() != 11 {
		t.Fatalf("ambiguous file read month-first: %v %+v", err, lines)
	}
	lines, _, err = readOrders(t, "orders_ambiguous.csv", OrderOptions{DateOrder: outreach.DayFirst})
	if err != nil || lines[0].Created.Month() != time.November || lines[0].Created.Day() != 3 {
		t.Fatalf("ambiguous file read day-first: %v %+v", err, lines)
	}
	if _, _, err := readOrders(t, "orders.csv", OrderOptions{DateOrder: outreach.MonthFirst}); err == nil || !strings.Contains(err.Error(), "day-first") {
		t.Fatalf("a day-first file read month-first as asked: %v", err)
	}
}

func TestOrderReaderBadRows(t *testing.T) {
	lines, bad, err := readOrders(t, "orders_bad.csv", OrderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || lines[0].OrderID != "576543210987654325" {
		t.Errorf("good lines: %+v", lines)
	}
	want := []string{
		"orders_bad.csv:2: Payment Amount: ",
		"orders_bad.csv:3: Quantity: ",
		"orders_bad.csv:4: Creator Username: empty",
		"orders_bad.csv:5: Order ID: \"5.76543E+17\" is an id a spreadsheet turned into a number",
	}
	if len(bad) != len(want) {
		t.Fatalf("bad rows %v, want %d", bad, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(bad[i].Error(), w) {
			t.Errorf("bad row %d: %q, want prefix %q", i, bad[i].Error(), w)
		}
		if bad[i].Line != i+2 {
			t.Errorf("bad row %d at line %d", i, bad[i].Line)
		}
	}
}

func TestOrderReaderHeader(t *testing.T) {
	_, err := NewOrderReader(strings.NewReader("order id,sku id,CREATOR USERNAME,payment amount,currency\n1,2,a,3,USD\n"), "x.csv", OrderOptions{})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line != 1 || !strings.Contains(err.Error(), "no Quantity column") {
		t.Fatalf("header without Quantity: %v", err)
	}
	r, err := NewOrderReader(strings.NewReader("ORDER ID,Sku Id,creator username,Payment Amount,CURRENCY,quantity\n1,2,@Anna_1,\"1,200.50\",usd,3\n"), "y.csv", OrderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := r.Next()
	if err != nil || l.Creator != "anna_1" || l.Payment != (outreach.Money{Minor: 120050, Currency: "USD"}) || l.Quantity != 3 || !l.Created.IsZero() {
		t.Fatalf("headers in any case: %+v %v", l, err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("after the last line: %v", err)
	}
}
