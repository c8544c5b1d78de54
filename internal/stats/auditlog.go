package stats

import (
	"context"

	"evalcred/internal/audit"
	"evalcred/internal/auth"
)

// MaxAuditExport is the most audit log entries one spreadsheet holds.
const MaxAuditExport = 100000

// AuditLog searches the audit log inside the actor's region (permission
// audit.view), newest first; see audit.Search for the filter.
func (s *Service) AuditLog(ctx context.Context, a *auth.Actor, f audit.Filter) ([]audit.Entry, error) {
	if err := a.Require("audit.view"); err != nil {
		return nil, err
	}
	return audit.Search(ctx, s.DB, a.Scope(), f)
}

// EachAuditEntry calls fn for every entry matching f inside the actor's
// region, newest first, up to MaxAuditExport. It reads a page at a time, so
// an export streams without holding the log in memory.
func (s *Service) EachAuditEntry(ctx context.Context, a *auth.Actor, f audit.Filter, fn func(audit.Entry) error) error {
	if err := a.Require("audit.view"); err != nil {
		return err
	}
	f.Limit = 1000
	n := 0
	for n < MaxAuditExport {
		page, err := audit.Search(ctx, s.DB, a.Scope(), f)
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		n += len(page)
		if len(page) < f.Limit {
			return nil
		}
		f.BeforeID = page[len(page)-1].ID
	}
	return nil
}
