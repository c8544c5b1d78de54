// Package imports loads institutions and people in bulk from the Excel
// templates the platform hands out. The file is read when it arrives (so
// that an unreadable file or a wrong template is refused at once), then a
// goroutine validates every row and, only if all are valid, inserts them
// all in one transaction: a file is imported whole or not at all. State and
// progress are rows of the imports table, so any server can report them.
//
// Reading .xlsx: the package uses internal/xlsx, a small reader of the
// first sheet (zip, workbook, shared strings, inline strings), rather than
// github.com/xuri/excelize/v2. Our templates have one sheet of plain text
// cells; Excel and WPS write them back with a shared-strings table and
// dates as serial numbers, both of which the reader handles. Excelize
// would add a dozen modules to go.mod for features (styles, formulas,
// charts) the import never uses, and a reader we cap ourselves bounds the
// memory a hostile upload can take.
package imports

import (
	"context"
	"sync"
	"time"

	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/notify"
)

// The kinds of import.
const (
	KindInstitutions = "institutions"
	KindPersons      = "persons"
)

// The states of an import: validating → importing → done, or failed from
// either (invalid rows, or the insert refused).
const (
	StateValidating = "validating"
	StateImporting  = "importing"
	StateDone       = "done"
	StateFailed     = "failed"
)

// Limits of one file.
const (
	MaxFileBytes = 10 << 20
	MaxRows      = 20000
	// maxStoredErrors bounds the errors kept for display; ErrorCount has them all.
	maxStoredErrors = 500
)

// Service runs imports.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
	// OnName keeps the name search in step with an imported institution's
	// name, inside the import's transaction; services sets it to
	// publicquery.IndexName (imports does not import credit). Nil leaves the
	// index alone.
	OnName func(ctx context.Context, tx *db.Tx, institutionID int64, name string) error
	// Notify tells the person who started an import that it was interrupted.
	Notify *notify.Notifier

	mu   sync.Mutex
	live map[int64]int // progress of the insert phase of imports running here
}

// RowError is why one cell of the file cannot be imported. Row is the row
// number Excel shows (the header is row 1); Key is the message key, turned
// into Message in the reader's language by Translate.
type RowError struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Key     string `json:"key,omitempty"`
	Message string `json:"message"`
}

// Import is one import and its progress.
type Import struct {
	ID         int64      `json:"id"`
	Kind       string     `json:"kind"`
	State      string     `json:"state"`
	Filename   string     `json:"filename"`
	Total      int        `json:"total"`
	Done       int        `json:"done"`
	Errors     []RowError `json:"errors"`
	ErrorCount int        `json:"error_count"`
	CreatedAt  time.Time  `json:"created_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	CreatedBy  int64      `json:"-"`
	RegionCode string     `json:"-"`
}

// Finished reports whether the import has reached an end state.
func (im *Import) Finished() bool { return im.State == StateDone || im.State == StateFailed }

// Percent is the progress for a progress bar.
func (im *Import) Percent() int {
	if im.State == StateDone {
		return 100
	}
	if im.Total == 0 {
		return 0
	}
	// Validation is the first half of the work, inserting the second.
	p := 50 * im.Done / im.Total
	if im.State == StateImporting {
		p += 50
	}
	return min(p, 99)
}

// Translate fills each error's Message in lang with t (web.FieldMessage).
func (im *Import) Translate(lang string, t func(lang, reason string) string) {
	for i := range im.Errors {
		im.Errors[i].Message = t(lang, im.Errors[i].Key)
	}
}

func (s *Service) setLive(id int64, done int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live == nil {
		s.live = map[int64]int{}
	}
	if done < 0 {
		delete(s.live, id)
		return
	}
	s.live[id] = done
}

func (s *Service) liveDone(id int64) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.live[id]
	return n, ok
}

// background is the context of an import's goroutine: it outlives the
// request that started it, keeping the request's values (request id for
// the logs) but not its cancellation.
func background(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
