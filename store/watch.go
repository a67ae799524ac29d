package store

import (
	"context"
	"database/sql"
)

// Watch tells a dashboard that the database changed under it: a commit by
// another process, another Store, or this Store's own writes. It holds one
// connection of its own that only ever asks SQLite's PRAGMA data_version,
// which moves on a connection when any other connection commits and never
// for a read. (The number is per connection, and database/sql hands out
// whichever pooled connection is idle: hence a connection kept apart.)
type Watch struct {
	conn *sql.Conn
}

// Watch starts watching the database. Close the watch when done with it:
// it keeps a connection open.
func (s *Store) Watch(ctx context.Context) (*Watch, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &Watch{conn: conn}
	if _, err := w.Version(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return w, nil
}

// Version is a number that differs from the one before whenever something
// was committed since: compare it with the last one to know whether to
// reload. It is one statement on the watch's own connection (about 20-50
// µs measured here on a busy machine) and takes no lock a writer waits for.
func (w *Watch) Version(ctx context.Context) (int64, error) {
	var v int64
	err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

// Close gives the watch's connection back.
func (w *Watch) Close() error { return w.conn.Close() }
