package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"creatordesk/outreach"
)

// orderBatch lines go into one multi-row upsert: 17 values a line keeps it
// far under SQLite's parameter limit.
const orderBatch = 50

// OrderImportOptions tune ImportOrders.
type OrderImportOptions struct {
	// DryRun counts what the import would do and writes nothing: the
	// transaction is rolled back.
	DryRun bool
}

// OrderImportResult counts what one file's import did.
type OrderImportResult struct {
	Lines     int // lines read
	New       int // lines not stored before
	Updated   int // stored lines the file changed (status, refund, commission...)
	Unchanged int // stored lines the file repeats as they are
	// Unmatched are the file's orders whose creator is not in creatordesk.
	Unmatched UnmatchedOrders
}

// UnmatchedOrders are orders whose creator is not in creatordesk: kept, and
// counted as soon as the creator is added.
type UnmatchedOrders struct {
	Orders   int      // distinct order ids
	Creators int      // distinct handles
	Handles  []string // the handles with the most orders first, at most maxUnmatchedNamed
}

// maxUnmatchedNamed bounds the handles an unmatched line names.
const maxUnmatchedNamed = 5

// Line reads "12 orders from 3 creators not in creatordesk: @a, @b, @c",
// naming at most five handles then "and N more"; "" when there are none.
func (u UnmatchedOrders) Line() string {
	if u.Orders == 0 {
		return ""
	}
	named := make([]string, len(u.Handles))
	for i, h := range u.Handles {
		named[i] = "@" + h
	}
	list := strings.Join(named, ", ")
	if more := u.Creators - len(u.Handles); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	return fmt.Sprintf("%s from %s not in creatordesk: %s",
		orderPlural(u.Orders, "order", "orders"), orderPlural(u.Creators, "creator", "creators"), list)
}

func orderPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ImportOrders upserts the order lines next returns, until it returns
// io.EOF, in one write transaction: the whole file or nothing. A line is
// keyed by (order id, SKU id); a line stored before is updated only when
// the file changes it. Any error from next other than io.EOF ends the
// import and writes nothing.
func (s *Store) ImportOrders(ctx context.Context, next func() (outreach.OrderLine, error), opt OrderImportOptions) (OrderImportResult, error) {
	var res OrderImportResult
	tx, err := s.begin(ctx)
	if err != nil {
		return res, fileError(s.path, err)
	}
	defer tx.Rollback()
	oi := orderImport{ctx: ctx, tx: tx, now: s.now().Unix(), known: map[string]bool{}, unmatched: map[string]map[string]struct{}{}}
	batch := make([]outreach.OrderLine, 0, orderBatch)
	for {
		l, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return OrderImportResult{}, err
		}
		if err := l.Validate(); err != nil {
			return OrderImportResult{}, fmt.Errorf("order %s, SKU %s: %w", l.OrderID, l.SKUID, err)
		}
		res.Lines++
		if batch = append(batch, l); len(batch) == orderBatch {
			if err := oi.flush(batch, &res); err != nil {
				return OrderImportResult{}, fileError(s.path, err)
			}
			batch = batch[:0]
		}
	}
	if err := oi.flush(batch, &res); err != nil {
		return OrderImportResult{}, fileError(s.path, err)
	}
	res.Unchanged = res.Lines - res.New - res.Updated
	res.Unmatched = summarizeUnmatched(oi.unmatched)
	if opt.DryRun {
		return res, nil // the deferred Rollback writes nothing
	}
	return res, fileError(s.path, tx.Commit())
}

type orderImport struct {
	ctx       context.Context
	tx        *sql.Tx
	now       int64
	known     map[string]bool                // handle → a creator has it
	unmatched map[string]map[string]struct{} // handle → its order ids, for handles of no creator
}

const orderColumns = `order_id, sku_id, creator_handle, product_id, product_name, seller_sku, currency,
	payment_minor, quantity, refunded, status, commission_bp, est_commission_minor,
	actual_commission_minor, created_at, commission_paid_at, imported_at, updated_at`

// orderChanged lists the columns whose change updates a stored line.
var orderChanged = []string{"creator_handle", "product_id", "product_name", "seller_sku", "currency",
	"payment_minor", "quantity", "refunded", "status", "commission_bp", "est_commission_minor",
	"actual_commission_minor", "created_at", "commission_paid_at"}

var orderUpsert = func() string {
	set := make([]string, 0, len(orderChanged)+2)
	differ := make([]string, len(orderChanged))
	for i, c := range orderChanged {
		set = append(set, c+" = excluded."+c)
		differ[i] = "order_lines." + c + " IS NOT excluded." + c
	}
	set = append(set, "updated_at = excluded.updated_at", "revisions = order_lines.revisions + 1")
	return " ON CONFLICT (order_id, sku_id) DO UPDATE SET " + strings.Join(set, ", ") +
		" WHERE " + strings.Join(differ, " OR ") + " RETURNING revisions"
}()

// flush upserts lines and counts them: the upsert returns a row for each
// line inserted (revisions 0) or changed, none for a line left as it was.
func (oi *orderImport) flush(lines []outreach.OrderLine, res *OrderImportResult) error {
	if len(lines) == 0 {
		return nil
	}
	if err := oi.match(lines); err != nil {
		return err
	}
	row := "(" + placeholders(18) + ")"
	var q strings.Builder
	q.WriteString("INSERT INTO order_lines (" + orderColumns + ") VALUES ")
	args := make([]any, 0, 18*len(lines))
	for i, l := range lines {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
		var actual any
		if l.HasActual {
			actual = l.ActualCommission.Minor
		}
		refunded := 0
		if l.FullyRefunded {
			refunded = 1
		}
		args = append(args, l.OrderID, l.SKUID, l.Creator, l.ProductID, l.ProductName, l.SellerSKU, l.Currency(),
			l.Payment.Minor, l.Quantity, refunded, l.Status, int64(l.CommissionRate), l.EstCommission.Minor,
			actual, unix(l.Created), unix(l.CommissionPaid), oi.now, oi.now)
	}
	q.WriteString(orderUpsert)
	rows, err := oi.tx.QueryContext(oi.ctx, q.String(), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rev int64
		if err := rows.Scan(&rev); err != nil {
			return err
		}
		if rev == 0 {
			res.New++
		} else {
			res.Updated++
		}
	}
	return rows.Err()
}

// match learns which of the lines' handles are creators', and notes the
// orders of the others.
func (oi *orderImport) match(lines []outreach.OrderLine) error {
	var ask []any
	for _, l := range lines {
		if _, seen := oi.known[l.Creator]; !seen && !slices.Contains(ask, any(l.Creator)) {
			ask = append(ask, l.Creator)
		}
	}
	if len(ask) > 0 {
		for _, h := range ask {
			oi.known[h.(string)] = false
		}
		rows, err := oi.tx.QueryContext(oi.ctx, "SELECT handle FROM creators WHERE handle IN ("+placeholders(len(ask))+")", ask...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return err
			}
			oi.known[h] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, l := range lines {
		if oi.known[l.Creator] {
			continue
		}
		ids := oi.unmatched[l.Creator]
		if ids == nil {
			ids = map[string]struct{}{}
			oi.unmatched[l.Creator] = ids
		}
		ids[l.OrderID] = struct{}{}
	}
	return nil
}

// summarizeUnmatched counts the orders of handles of no creator and names
// the handles with the most orders.
func summarizeUnmatched(by map[string]map[string]struct{}) UnmatchedOrders {
	var u UnmatchedOrders
	orders := map[string]struct{}{}
	handles := make([]string, 0, len(by))
	for h, ids := range by {
		handles = append(handles, h)
		for id := range ids {
			orders[id] = struct{}{}
		}
	}
	slices.SortFunc(handles, func(a, b string) int {
		if d := len(by[b]) - len(by[a]); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	u.Orders, u.Creators = len(orders), len(handles)
	u.Handles = handles[:min(len(handles), maxUnmatchedNamed)]
	return u
}

// UnmatchedOrders counts the stored orders whose creator is not in
// creatordesk, as results leave them out.
func (s *Store) UnmatchedOrders(ctx context.Context) (UnmatchedOrders, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.creator_handle, o.order_id FROM order_lines o
		WHERE NOT EXISTS (SELECT 1 FROM creators c WHERE c.handle = o.creator_handle)
		GROUP BY o.creator_handle, o.order_id`)
	if err != nil {
		return UnmatchedOrders{}, err
	}
	defer rows.Close()
	by := map[string]map[string]struct{}{}
	for rows.Next() {
		var h, id string
		if err := rows.Scan(&h, &id); err != nil {
			return UnmatchedOrders{}, err
		}
		if by[h] == nil {
			by[h] = map[string]struct{}{}
		}
		by[h][id] = struct{}{}
	}
	if err := rows.Err(); err != nil {
		return UnmatchedOrders{}, err
	}
	return summarizeUnmatched(by), nil
}
