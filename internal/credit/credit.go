// Package credit holds credit records (good and bad) with their objections
// and repair, sanctions with the foreign bans some come from, an
// institution's standing and eligibility, and the re-registration warnings
// reviewers see. Its two aggregates keep their queries in record_store.go
// and sanction_store.go; eligibility is a list of rules, each declared once
// (eligibility.go, rules.go). Everything that ends by date (objection
// windows, publication windows, bans, suspensions) is derived from states
// and dates at query time, so nothing has to be run by hand for a ban to
// end; a daily job only writes down (state column, ledger, notices) what the
// dates already say.
package credit

import (
	"context"
	"sync"

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

// Categories are the misconduct (or merit) categories a record may name.
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
	return s.Notify.ToInstitution(ctx, tx, clock.Stamp(s.Clock), institutionID, kind, recordLink(recordID), args...)
}

func recordLink(id int64) string { return "/credit-records/" + itoa(id) }
