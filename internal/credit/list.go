package credit

import (
	"context"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
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
}

// RecordFilter narrows ListRecords (query parameters of the list).
type RecordFilter struct {
	InstitutionID int64  `json:"institution_id"`
	State         string `json:"state"`
	Kind          string `json:"kind"`
	Severity      string `json:"severity"`
}

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

// Get returns one record the actor may see; another institution's record, or
// one outside the official's scope, is NotFound.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (Record, error) {
	v, err := viewerOf(a)
	if err != nil {
		return Record{}, err
	}
	return recordStore{s.DB}.view(ctx, v, id, calendar.Current(s.Clock))
}

// ListRecords returns a page of the records the actor may see, newest first.
func (s *Service) ListRecords(ctx context.Context, a *auth.Actor, f RecordFilter, page Page) (RecordList, error) {
	v, err := viewerOf(a)
	if err != nil {
		return RecordList{}, err
	}
	return recordStore{s.DB}.list(ctx, v, f, page, calendar.Current(s.Clock))
}
