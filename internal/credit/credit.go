// Package credit holds credit records (good and bad), sanctions, objections,
// repair, an institution's standing and eligibility, and the re-registration
// warnings reviewers see. Everything that ends by date (objection windows,
// publication windows, bans, suspensions) is derived from states and dates at
// query time, so nothing has to be run by hand for a ban to end; a daily job
// only writes down (state column, ledger, notices) what the dates already say.
package credit

import (
	"context"
	"sync"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/ledger"
	"evalcred/internal/notify"
)

// Kinds, severities, categories of a credit record.
const (
	KindGood = "good"
	KindBad  = "bad"

	SeverityMinor   = "minor"
	SeverityGeneral = "general"
	SeveritySerious = "serious"
)

// Categories are the misconduct (or merit) categories of DOMAIN.md section 2.
var Categories = []string{"fraud", "favouritism", "false_report", "leaking_data", "illegal_subcontracting",
	"poor_quality", "missed_deadline", "refusing_cooperation", "other"}

// Sanction types, scopes and sources.
const (
	SanctionWarning    = "warning"
	SanctionCorrection = "correction"
	SanctionSuspension = "suspension"
	SanctionBan        = "ban"

	ScopeProvince  = "province"
	ScopeAllLevels = "all_levels"

	SourceCreditRecord = "credit_record"
	SourceAssessment   = "assessment"
	SourceForeignBan   = "foreign_ban"
)

// Service is the credit part. Its zero value is not usable: DB, Clock and
// Ledger are required; Cal defaults to calendar.Default() and Notify may be
// nil in tools that send nothing.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Cal    *calendar.Calendar
	Notify *notify.Notifier
	Ledger *ledger.Ledger

	mu    sync.RWMutex
	rules []Rule // added with AddRule
}

func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) today() calendar.Date { return calendar.DateOf(s.Clock.Now()) }

func (s *Service) cal() *calendar.Calendar {
	if s.Cal != nil {
		return s.Cal
	}
	return calendar.Default()
}

func (s *Service) notifyInstitution(ctx context.Context, tx *db.Tx, institutionID int64, kind string, recordID int64, args ...string) error {
	if s.Notify == nil {
		return nil
	}
	return s.Notify.ToInstitution(ctx, tx, s.now(), institutionID, kind, recordLink(recordID), args...)
}

func recordLink(id int64) string { return "/credit-records/" + itoa(id) }
