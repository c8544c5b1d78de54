package imports

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// Lease is how long an import stays claimed by the server running it
// without a renewal; that server renews it every Lease/4 while it runs. On
// SQLite a renewal waits for the import's own insert to commit, which takes
// seconds even for MaxRows rows.
const Lease = 10 * time.Minute

// InterruptedAfter judges the imports started before leases existed: one
// without a word of progress for this long is taken for interrupted.
const InterruptedAfter = 30 * time.Minute

// holdLease renews the lease of import id until the returned function is
// called.
func (s *Service) holdLease(ctx context.Context, id int64) (release func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(Lease / 4)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if err := (importStore{s.DB}).renew(ctx, id, s.Clock.Now().Add(Lease)); err != nil {
					slog.WarnContext(ctx, "import lease not renewed", "import", id, "err", err)
				}
			}
		}
	}()
	return func() { close(done) }
}

// SweepInterrupted ends the imports whose lease has run out (their server
// stopped or crashed): each is marked failed with the reason, and the
// person who started it is told to upload again. Nothing of such an import
// was imported: its insert is one transaction, undone with its server, and
// it records the import done in that same transaction. It is a job
// (imports.sweep) that every server runs; an import is ended and its
// creator told by exactly one of them, the one whose update changed it.
func (s *Service) SweepInterrupted(ctx context.Context) error {
	now := s.Clock.Now()
	b, _ := json.Marshal([]RowError{{Field: "file", Key: "import.error.interrupted"}})
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		ended, err := importStore{tx}.endExpired(ctx, now, string(b))
		if err != nil {
			return err
		}
		for _, im := range ended {
			u, err := auth.GetUser(ctx, tx, im.createdBy)
			if err != nil {
				return fmt.Errorf("imports: sweep: creator of %d: %w", im.id, err)
			}
			slog.WarnContext(ctx, "import interrupted, ended by the sweep", "import", im.id)
			if s.Notify == nil {
				continue
			}
			if err := s.Notify.ToUsers(ctx, tx, now, []*auth.User{u}, "notice.import_interrupted", "/imports/"+strconv.FormatInt(im.id, 10), im.filename); err != nil {
				return err
			}
		}
		return nil
	})
}
