package store

import (
	"context"
	"database/sql"
)

// settingDemoFinished marks a database the demo filled to the end. It is
// the demo's last write, so a fill cut short (killed, out of memory)
// never has it.
const settingDemoFinished = "demo_finished"

// MarkDemoFinished records that the demo data is all written.
func (s *Store) MarkDemoFinished(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, settingDemoFinished, "1") })
}

// DemoFinished reports whether MarkDemoFinished ran on this database.
func (s *Store) DemoFinished(ctx context.Context) (bool, error) {
	v, err := s.setting(ctx, s.db, settingDemoFinished)
	return v != "", err
}
