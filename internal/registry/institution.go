// Package registry holds institutions and their registrations: an
// institution registers with its USCC, a reviewer of its region approves or
// rejects it, and on approval the applicant's account is created. It also
// answers who may see an institution, for the filing, review and credit
// parts.
package registry

import (
	"context"
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// Types are the kinds of institution (the enum of an institution's type
// in internal/httpapi/openapi/20-registry.json).
var Types = []string{"accounting_firm", "asset_appraisal", "consulting", "law_firm", "research_institute", "university", "other"}

// ValidType reports whether t is one of Types.
func ValidType(t string) bool { return slices.Contains(Types, t) }

// The registration statuses of an institution (institutions.status).
// Suspensions and bans are derived by the credit part, not stored here.
const (
	StatusPending      = "pending"
	StatusActive       = "active"
	StatusRejected     = "rejected"
	StatusDeregistered = "deregistered"
)

// Institution is an institution as officials and its own users see it.
type Institution struct {
	ID              int64         `json:"id"`
	USCC            string        `json:"uscc"`
	Name            string        `json:"name"`
	Type            string        `json:"type"`
	RegionCode      string        `json:"region_code"`
	RegionName      string        `json:"region_name"`
	EstablishedOn   calendar.Date `json:"established_on"`
	Address         string        `json:"address"`
	LegalRepName    string        `json:"legal_rep_name"`
	ContactName     string        `json:"contact_name"`
	ContactPhone    string        `json:"contact_phone"`
	ContactEmail    string        `json:"contact_email"`
	Status          string        `json:"status"`
	FilingState     string        `json:"filing_state"`
	FilingVersion   int           `json:"filing_version"`
	ApprovedVersion int           `json:"approved_version"`
	ApprovedAt      *time.Time    `json:"approved_at,omitempty"`
	UpdateDueOn     calendar.Date `json:"update_due_on"`
	// UpdateOverdue is true when an approved filing is past its periodic
	// update date (policy filing.update_interval_months after approval).
	UpdateOverdue bool      `json:"update_overdue"`
	LockVersion   int       `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Load returns institution id without any scope check, for code that has
// already decided the caller may see it (or acts as the system). A missing
// institution is NotFound.
func Load(ctx context.Context, q db.Queryer, id int64, now time.Time) (*Institution, error) {
	return institutionStore{q}.get(ctx, id, calendar.DateOf(now))
}

// CanSee reports whether a may see the institution: its own users, and
// officials holding institution.view or filing.view whose scope contains its
// region. Everyone else must be answered NotFound, as if it did not exist.
func CanSee(a *auth.Actor, in *Institution) bool {
	if a == nil || in == nil {
		return false
	}
	if a.ForInstitution() {
		return a.ActsFor(in.ID)
	}
	if !a.Can("institution.view") && !a.Can("filing.view") {
		return false
	}
	return a.Scope().Contains(in.RegionCode)
}

// LoadFor returns institution id if a may see it, NotFound otherwise.
func LoadFor(ctx context.Context, q db.Queryer, a *auth.Actor, id int64, now time.Time) (*Institution, error) {
	in, err := Load(ctx, q, id, now)
	if err != nil {
		return nil, err
	}
	if !CanSee(a, in) {
		return nil, apperr.NotFoundf("institution")
	}
	return in, nil
}

// LoadLocked takes the row lock of institution id for the rest of the
// transaction (a no-op update) and returns the institution, so that work on
// its filing by two requests at once is serialised on PostgreSQL as it is on
// SQLite. A missing institution is NotFound.
func LoadLocked(ctx context.Context, tx *db.Tx, id int64, now time.Time) (*Institution, error) {
	insts := institutionStore{tx}
	if err := insts.lockRow(ctx, id); err != nil {
		return nil, err
	}
	return insts.get(ctx, id, calendar.DateOf(now))
}

// scopeOf is the subtree of a region code given by a client as a filter; the
// caller's own scope is applied beside it, so it can only narrow.
func scopeOf(code string) region.Scope { return region.Scope{Code: code} }
