package imports

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// batch is the validated content of a file, ready to insert.
type batch interface {
	// validate checks every row (calling progress with the rows done) and
	// returns what is wrong; nil means the batch may be inserted.
	validate(ctx context.Context, q db.Queryer, progress func(int)) ([]RowError, error)
	// insert writes every row inside tx.
	insert(ctx context.Context, tx *db.Tx, now time.Time, progress func(int)) error
}

func (s *Service) newBatch(kind string, a *auth.Actor, rows []row, now time.Time) batch {
	if kind == KindPersons {
		return &personBatch{a: a, rows: rows, now: now}
	}
	return &institutionBatch{a: a, rows: rows, now: now, onName: s.OnName}
}

// Start reads an uploaded file of kind (permission import) and starts its
// import in the background; it returns the import's id at once. Errors:
// Invalid on "file" for an unreadable file, a wrong template, no rows or
// too many; TooLarge over MaxFileBytes.
func (s *Service) Start(ctx context.Context, a *auth.Actor, kind, filename string, data []byte) (int64, error) {
	if err := a.Require("import"); err != nil {
		return 0, err
	}
	if !ValidKind(kind) {
		return 0, apperr.NotFoundf("template")
	}
	if len(data) > MaxFileBytes {
		return 0, apperr.New(apperr.TooLarge, "error.too_large")
	}
	rows, err := parse(kind, data)
	if err != nil {
		return 0, err
	}
	now := s.Clock.Now()
	var id int64
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = importStore{tx}.create(ctx, kind, filename, len(rows), a.UserID, a.Scope().Code, now)
		return err
	})
	if err != nil {
		return 0, err
	}
	go s.run(background(ctx), id, s.newBatch(kind, a, rows, now), len(rows))
	return id, nil
}

// run validates and, when every row is valid, inserts the batch.
func (s *Service) run(ctx context.Context, id int64, b batch, total int) {
	// Validation progress is written every so often; each write is a short
	// statement of its own, so readers on other servers see it move.
	st := importStore{s.DB}
	last := time.Time{}
	progress := func(done int) {
		if done < total && time.Since(last) < 250*time.Millisecond {
			return
		}
		last = time.Now()
		if err := st.progress(ctx, id, done, s.Clock.Now()); err != nil {
			slog.WarnContext(ctx, "import progress", "import", id, "err", err)
		}
	}
	errs, err := b.validate(ctx, s.DB, progress)
	if err != nil {
		s.fail(ctx, id, []RowError{{Field: "file", Key: keyOf(err)}}, err)
		return
	}
	if len(errs) > 0 {
		s.fail(ctx, id, errs, nil)
		return
	}
	if err := st.importing(ctx, id, s.Clock.Now()); err != nil {
		s.fail(ctx, id, []RowError{{Field: "file", Key: "error.internal"}}, err)
		return
	}
	// During the insert the transaction holds the writer (on SQLite the only
	// one), so progress lives in memory here and Get merges it.
	s.setLive(id, 0)
	defer s.setLive(id, -1)
	now := s.Clock.Now()
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		return b.insert(ctx, tx, now, func(done int) { s.setLive(id, done) })
	})
	if err != nil {
		s.fail(ctx, id, []RowError{{Field: "file", Key: keyOf(err)}}, err)
		return
	}
	if err := st.done(ctx, id, s.Clock.Now()); err != nil {
		slog.ErrorContext(ctx, "import finished but not recorded", "import", id, "err", err)
	}
}

func keyOf(err error) string {
	if e := apperr.As(err); e.Code != apperr.Internal {
		return e.Key
	}
	return "error.internal"
}

// fail records the errors of an import and ends it.
func (s *Service) fail(ctx context.Context, id int64, errs []RowError, cause error) {
	if cause != nil {
		slog.ErrorContext(ctx, "import failed", "import", id, "err", cause)
	}
	count := len(errs)
	if len(errs) > maxStoredErrors {
		errs = errs[:maxStoredErrors]
	}
	if err := (importStore{s.DB}).fail(ctx, id, errs, count, s.Clock.Now()); err != nil {
		slog.ErrorContext(ctx, "import failure not recorded", "import", id, "err", err)
	}
}

// Get returns an import to its creator and to officials who may import and
// whose region contains the creator's; NotFound to anyone else.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Import, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	im, err := importStore{s.DB}.get(ctx, id)
	if err != nil {
		return nil, err
	}
	if im.CreatedBy != a.UserID && !(a.Can("import") && a.Scope().Contains(im.RegionCode)) {
		return nil, apperr.NotFoundf("import")
	}
	if n, ok := s.liveDone(id); ok && im.State == StateImporting {
		im.Done = max(im.Done, n)
	}
	return im, nil
}

// InterruptedAfter is how long an import may go without a word of progress
// in the database before it is taken for interrupted (its server stopped or
// crashed): validation writes progress every 250 ms, and an insert of
// MaxRows rows takes seconds.
const InterruptedAfter = 30 * time.Minute

// SweepInterrupted ends the imports left validating or importing by a server
// that stopped: nothing of them was imported (the insert is one transaction,
// undone with the server), and their creator is told to upload again. It is
// a job (imports.sweep) that any server may run.
func (s *Service) SweepInterrupted(ctx context.Context) error {
	now := s.Clock.Now()
	errs := []RowError{{Field: "file", Key: "import.error.interrupted"}}
	if err := (importStore{s.DB}).failStale(ctx, errs, now.Add(-InterruptedAfter), now); err != nil {
		return fmt.Errorf("imports: sweep: %w", err)
	}
	return nil
}
