package credit

import (
	"context"
	"database/sql"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/ledger"
)

// Record is a credit record as officials and its own institution see it.
type Record struct {
	ID                    int64         `json:"id"`
	InstitutionID         int64         `json:"institution_id"`
	InstitutionName       string        `json:"institution_name"`
	PersonIDNumber        string        `json:"person_id_number,omitempty"` // masked
	Kind                  string        `json:"kind"`
	Severity              string        `json:"severity"`
	Category              string        `json:"category"`
	Facts                 string        `json:"facts"`
	Basis                 string        `json:"basis"`
	EvidenceAttachmentIDs []int64       `json:"evidence_attachment_ids"`
	State                 string        `json:"state"` // as it counts today: a lapsed proposal is effective
	ProposedOn            calendar.Date `json:"proposed_on"`
	ObjectionDeadline     calendar.Date `json:"objection_deadline"`
	EffectiveOn           calendar.Date `json:"effective_on"` // for a pending proposal: the day it takes effect unless objected
	PublishUntil          calendar.Date `json:"publish_until"`
	RepairEarliest        calendar.Date `json:"repair_earliest"`
	Published             bool          `json:"published"`
	ObjectionReason       string        `json:"objection_reason,omitempty"`
	ObjectionDecision     string        `json:"objection_decision,omitempty"`
	RepairState           string        `json:"repair_state,omitempty"`
	RepairComment         string        `json:"repair_comment,omitempty"`
	RepairedOn            calendar.Date `json:"repaired_on"`
	LockVersion           int           `json:"lock_version"`
	// Actions are what the reader may do with the record now (ActionObject,
	// ...): the service methods check the same rules (may, actions.go).
	Actions []string `json:"actions"`
	// RepairFrom is, when the reader could apply for repair but for the
	// date, the first day they may.
	RepairFrom calendar.Date `json:"-"`

	// What the record's rules (may) read beyond the fields above: the state
	// as stored, the proposer and the repair's applicant.
	stored                      string
	proposedBy, repairAppliedBy int64
	proposerRegion              string
}

// row is the part of the stored row that may reads.
func (r *Record) row() *recordRow {
	return &recordRow{State: r.stored, Kind: r.Kind, ObjectionDeadline: r.ObjectionDeadline, EffectiveOn: r.EffectiveOn,
		RepairState: r.RepairState, RepairEarliest: r.RepairEarliest, ProposedBy: r.proposedBy, ProposerRegion: r.proposerRegion,
		RepairAppliedBy: optInt{sql.NullInt64{Int64: r.repairAppliedBy, Valid: r.repairAppliedBy != 0}}}
}

// RecordFilter narrows ListRecords (query parameters of the list).
type RecordFilter struct {
	InstitutionID int64  `json:"institution_id"`
	State         string `json:"state"`
	Kind          string `json:"kind"`
	Severity      string `json:"severity"`
	// Repair keeps the records whose repair is in this state ("pending":
	// an application waits for a decision).
	Repair string `json:"repair"`
	// Sort is the order chosen among RecordSorts.
	Sort db.Sort `json:"sort"`
}

// RecordSorts are the orders of the credit record list, the latest
// proposed first by default.
var RecordSorts = db.Sorts{Cols: map[string]string{
	"id":          "c.id",
	"institution": "i.name_norm, c.id",
	"severity":    "c.severity, c.id",
	"state":       "c.state, c.id",
	"proposed":    "c.proposed_on, c.id",
	"effective":   "c.effective_on, c.id",
}, Default: db.Sort{Key: "proposed", Desc: true}}

// Page is a window of a list.
type Page struct {
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func (p Page) norm() Page {
	if p.Limit <= 0 || p.Limit > 500 {
		p.Limit = 50
	}
	return Page{p.Limit, max(0, p.Offset)}
}

// RecordList is a page of records with the total count.
type RecordList struct {
	Items []Record `json:"items"`
	Total int      `json:"total"`
}

// viewerOf is whose records a may see: officials (credit.view) their region
// scope, institution users (credit.view_own) their own institution's
// records, published or not.
func viewerOf(a *auth.Actor) (viewer, error) {
	switch {
	case a.Can("credit.view"):
		return viewer{scope: a.Scope()}, nil
	case a.Can("credit.view_own") && a.ForInstitution():
		return viewer{institutionID: a.InstitutionID}, nil
	case a == nil:
		return viewer{}, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	return viewer{}, apperr.New(apperr.Forbidden, "error.forbidden")
}

// Get returns one record the actor may see, with the actions the actor may
// take on it; another institution's record, or one outside the official's
// scope, is NotFound.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (Record, error) {
	v, err := viewerOf(a)
	if err != nil {
		return Record{}, err
	}
	today := calendar.Current(s.Clock)
	r, err := recordStore{s.DB}.view(ctx, v, id, today)
	if err == nil {
		r.Actions, r.RepairFrom = nextActions(a, r.row(), today)
	}
	return r, err
}

// ListRecords returns a page of the records the actor may see, newest first,
// each with the actions the actor may take on it.
func (s *Service) ListRecords(ctx context.Context, a *auth.Actor, f RecordFilter, page Page) (RecordList, error) {
	v, err := viewerOf(a)
	if err != nil {
		return RecordList{}, err
	}
	today := calendar.Current(s.Clock)
	list, err := recordStore{s.DB}.list(ctx, v, f, page, today)
	for i := range list.Items {
		r := &list.Items[i]
		r.Actions, r.RepairFrom = nextActions(a, r.row(), today)
	}
	return list, err
}

// Timeline returns the ledger entries of a record the actor may see, oldest
// first, each with the row as stored and the chain hashes, so that the
// reader can check them against the signed head.
func (s *Service) Timeline(ctx context.Context, a *auth.Actor, id int64) ([]ledger.Entry, error) {
	v, err := viewerOf(a)
	if err != nil {
		return nil, err
	}
	if _, err := (recordStore{s.DB}).view(ctx, v, id, calendar.Current(s.Clock)); err != nil {
		return nil, err
	}
	return ledger.EntriesOf(ctx, s.DB, SubjectRecord, id)
}
