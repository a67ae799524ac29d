package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"creatordesk/outreach"
)

func orderLine(order, sku, creator string, paid int64) outreach.OrderLine {
	return outreach.OrderLine{
		OrderID: order, SKUID: sku, Creator: creator, Quantity: 1,
		Payment:        outreach.Money{Minor: paid, Currency: "USD"},
		CommissionRate: 1000, EstCommission: outreach.Money{Minor: paid / 10, Currency: "USD"},
		Status: "Shipped", Created: time.Date(2025, 11, 3, 14, 22, 5, 0, time.UTC),
	}
}

// lineSource hands out lines, then fail (io.EOF when nil).
func lineSource(fail error, lines ...outreach.OrderLine) func() (outreach.OrderLine, error) {
	i := 0
	return func() (outreach.OrderLine, error) {
		if i == len(lines) {
			if fail == nil {
				return outreach.OrderLine{}, io.EOF
			}
			return outreach.OrderLine{}, fail
		}
		i++
		return lines[i-1], nil
	}
}

func importOrders(t *testing.T, s *Store, opt OrderImportOptions, lines ...outreach.OrderLine) OrderImportResult {
	t.Helper()
	res, err := s.ImportOrders(context.Background(), lineSource(nil, lines...), opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func countOrderLines(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT COUNT(*) FROM order_lines").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportOrdersReimportAndUpdates(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.AddCreator(ctx, "anna_1", CreatorEdit{}, ""); err != nil {
		t.Fatal(err)
	}
	file := []outreach.OrderLine{
		orderLine("o1", "s1", "anna_1", 2249),
		orderLine("o1", "s2", "anna_1", 1200),
		orderLine("o2", "s1", "anna_1", 4998),
	}
	res := importOrders(t, s, OrderImportOptions{}, file...)
	if res.New != 3 || res.Updated != 0 || res.Unchanged != 0 || res.Lines != 3 || res.Unmatched.Orders != 0 {
		t.Fatalf("first import: %+v", res)
	}
	res = importOrders(t, s, OrderImportOptions{}, file...)
	if res.New != 0 || res.Updated != 0 || res.Unchanged != 3 {
		t.Fatalf("same file again: %+v, want 3 unchanged", res)
	}

	later := append([]outreach.OrderLine(nil), file...)
	later[0].FullyRefunded = true
	later[1].HasActual, later[1].ActualCommission = true, outreach.Money{Minor: 108, Currency: "USD"}
	later[1].Status = "Completed"
	res = importOrders(t, s, OrderImportOptions{}, later...)
	if res.New != 0 || res.Updated != 2 || res.Unchanged != 1 {
		t.Fatalf("later file: %+v, want 2 updated 1 unchanged", res)
	}
	var refunded, revisions int
	var actual *int64
	var status string
	if err := s.db.QueryRow("SELECT refunded, revisions FROM order_lines WHERE order_id = 'o1' AND sku_id = 's1'").Scan(&refunded, &revisions); err != nil || refunded != 1 || revisions != 1 {
		t.Fatalf("refund not stored: refunded %d revisions %d (%v)", refunded, revisions, err)
	}
	if err := s.db.QueryRow("SELECT actual_commission_minor, status FROM order_lines WHERE order_id = 'o1' AND sku_id = 's2'").Scan(&actual, &status); err != nil || actual == nil || *actual != 108 || status != "Completed" {
		t.Fatalf("actual commission not stored: %v %q (%v)", actual, status, err)
	}
	if err := s.db.QueryRow("SELECT actual_commission_minor FROM order_lines WHERE order_id = 'o2'").Scan(&actual); err != nil || actual != nil {
		t.Fatalf("a line without actual commission stores %v, want NULL (%v)", actual, err)
	}
	if n := countOrderLines(t, s); n != 3 {
		t.Fatalf("%d lines stored, want 3", n)
	}
}

func TestImportOrdersUnmatchedThenMatched(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.AddCreator(ctx, "anna_1", CreatorEdit{}, ""); err != nil {
		t.Fatal(err)
	}
	var lines []outreach.OrderLine
	lines = append(lines, orderLine("o0", "s", "anna_1", 100))
	// 7 creators not in creatordesk: zed has 3 orders (one with two lines), bob 2, the rest 1.
	lines = append(lines, orderLine("z1", "s", "zed", 100), orderLine("z1", "t", "zed", 100), orderLine("z2", "s", "zed", 100), orderLine("z3", "s", "zed", 100))
	lines = append(lines, orderLine("b1", "s", "bob", 100), orderLine("b2", "s", "bob", 100))
	for _, h := range []string{"cat", "dan", "eve", "fay", "gus"} {
		lines = append(lines, orderLine(h+"1", "s", h, 100))
	}
	res := importOrders(t, s, OrderImportOptions{}, lines...)
	u := res.Unmatched
	if u.Orders != 10 || u.Creators != 7 {
		t.Fatalf("unmatched %+v, want 10 orders from 7 creators", u)
	}
	if want := "10 orders from 7 creators not in creatordesk: @zed, @bob, @cat, @dan, @eve and 2 more"; u.Line() != want {
		t.Fatalf("line %q, want %q", u.Line(), want)
	}
	stored, err := s.UnmatchedOrders(ctx)
	if err != nil || stored.Orders != 10 || stored.Creators != 7 {
		t.Fatalf("stored unmatched %+v (%v)", stored, err)
	}

	// The creator arrives later: their orders match from then on.
	if _, err := s.AddCreator(ctx, "@ZED", CreatorEdit{}, ""); err != nil {
		t.Fatal(err)
	}
	stored, err = s.UnmatchedOrders(ctx)
	if err != nil || stored.Orders != 7 || stored.Creators != 6 || stored.Handles[0] != "bob" {
		t.Fatalf("after adding @zed: %+v (%v)", stored, err)
	}
	res = importOrders(t, s, OrderImportOptions{}, lines...)
	if res.Unmatched.Orders != 7 || res.Unmatched.Creators != 6 || res.Unchanged != len(lines) {
		t.Fatalf("re-import after adding @zed: %+v", res)
	}
	if (UnmatchedOrders{}).Line() != "" {
		t.Fatal("no unmatched orders should say nothing")
	}
	one := UnmatchedOrders{Orders: 1, Creators: 1, Handles: []string{"a"}}
	if one.Line() != "1 order from 1 creator not in creatordesk: @a" {
		t.Fatalf("singular: %q", one.Line())
	}
}

func TestImportOrdersDryRunWritesNothing(t *testing.T) {
	s, _ := openTest(t)
	first := importOrders(t, s, OrderImportOptions{}, orderLine("o1", "s1", "anna_1", 100))
	if first.New != 1 {
		t.Fatalf("%+v", first)
	}
	changed := orderLine("o1", "s1", "anna_1", 100)
	changed.FullyRefunded = true
	res := importOrders(t, s, OrderImportOptions{DryRun: true}, changed, orderLine("o2", "s1", "bob", 100))
	if res.New != 1 || res.Updated != 1 || res.Unmatched.Creators != 2 {
		t.Fatalf("dry run counts %+v, want 1 new 1 updated", res)
	}
	var refunded int
	if err := s.db.QueryRow("SELECT refunded FROM order_lines WHERE order_id = 'o1'").Scan(&refunded); err != nil || refunded != 0 {
		t.Fatalf("dry run changed a line: refunded %d (%v)", refunded, err)
	}
	if n := countOrderLines(t, s); n != 1 {
		t.Fatalf("dry run left %d lines, want 1", n)
	}
}

// An import that fails part way, after several batches went in, leaves
// nothing: one transaction per file, as a killed process would leave it.
func TestImportOrdersAllOrNothing(t *testing.T) {
	s, _ := openTest(t)
	var lines []outreach.OrderLine
	for i := range 3*orderBatch + 7 {
		lines = append(lines, orderLine(fmt.Sprintf("o%d", i), "s", "anna_1", 100))
	}
	boom := errors.New("disk pulled")
	if _, err := s.ImportOrders(context.Background(), lineSource(boom, lines...), OrderImportOptions{}); !errors.Is(err, boom) {
		t.Fatalf("err %v, want %v", err, boom)
	}
	if n := countOrderLines(t, s); n != 0 {
		t.Fatalf("a failed import left %d lines", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	next := func() (outreach.OrderLine, error) {
		if n == 2*orderBatch+1 {
			cancel()
			return outreach.OrderLine{}, ctx.Err()
		}
		n++
		return lines[n-1], nil
	}
	if _, err := s.ImportOrders(ctx, next, OrderImportOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled import: %v", err)
	}
	if n := countOrderLines(t, s); n != 0 {
		t.Fatalf("a cancelled import left %d lines", n)
	}
	res := importOrders(t, s, OrderImportOptions{}, lines...)
	if res.New != len(lines) || countOrderLines(t, s) != len(lines) {
		t.Fatalf("whole file after: %+v", res)
	}
	bad := orderLine("x", "s", "anna_1", 100)
	bad.Quantity = 0
	if _, err := s.ImportOrders(context.Background(), lineSource(nil, orderLine("y", "s", "a", 1), bad), OrderImportOptions{}); err == nil {
		t.Fatal("a line that fails Validate was stored")
	}
	if n := countOrderLines(t, s); n != len(lines) {
		t.Fatalf("an invalid line's file left %d lines, want %d", n, len(lines))
	}
}
