package credit

import (
	"context"
	"encoding/json"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/ident"
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

const listCols = "c." + `id, c.institution_id, i.name, COALESCE(p.id_number, ''), c.kind, c.severity, c.category, c.facts, c.basis, c.evidence_json,
	c.state, c.proposed_on, c.objection_deadline, c.effective_on, c.publish_until, c.repair_earliest, c.objection_reason, c.objection_decision,
	c.repair_state, c.repair_comment, c.repaired_on, c.lock_version`

const listFrom = ` FROM credit_records c JOIN institutions i ON i.id = c.institution_id LEFT JOIN persons p ON p.id = c.person_id`

func scanRecord(sc interface{ Scan(...any) error }, today calendar.Date) (Record, error) {
	var r Record
	var evidence string
	if err := sc.Scan(&r.ID, &r.InstitutionID, &r.InstitutionName, &r.PersonIDNumber, &r.Kind, &r.Severity, &r.Category, &r.Facts, &r.Basis,
		&evidence, &r.State, &r.ProposedOn, &r.ObjectionDeadline, &r.EffectiveOn, &r.PublishUntil, &r.RepairEarliest, &r.ObjectionReason,
		&r.ObjectionDecision, &r.RepairState, &r.RepairComment, &r.RepairedOn, &r.LockVersion); err != nil {
		return r, err
	}
	if r.PersonIDNumber != "" {
		r.PersonIDNumber = ident.MaskResidentID(r.PersonIDNumber)
	}
	_ = json.Unmarshal([]byte(evidence), &r.EvidenceAttachmentIDs)
	if r.State == StateProposed && !r.EffectiveOn.After(today) {
		r.State = StateEffective
	}
	r.Published = r.State == StateEffective && !r.EffectiveOn.After(today) && !r.PublishUntil.IsZero() && !r.PublishUntil.Before(today)
	return r, nil
}

// visibility restricts a list or get to what the actor may see: officials
// (credit.view) their region scope, institution users (credit.view_own)
// their own institution's records, published or not.
func visibility(a *auth.Actor) (string, []any, error) {
	switch {
	case a.Can("credit.view"):
		c, args := a.Scope().SQL("i.region_code")
		return c, args, nil
	case a.Can("credit.view_own") && a.InstitutionID != 0:
		return "c.institution_id = ?", []any{a.InstitutionID}, nil
	case a == nil:
		return "", nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	return "", nil, apperr.New(apperr.Forbidden, "error.forbidden")
}

// Get returns one record the actor may see; another institution's record, or
// one outside the official's scope, is NotFound.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (Record, error) {
	cond, args, err := visibility(a)
	if err != nil {
		return Record{}, err
	}
	r, err := scanRecord(s.DB.QueryRow(ctx, "SELECT "+listCols+listFrom+" WHERE c.id = ? AND "+cond, append([]any{id}, args...)...), s.today())
	if db.IsNoRows(err) {
		return r, apperr.NotFoundf("credit record")
	}
	return r, err
}

// ListRecords returns a page of the records the actor may see, newest first.
func (s *Service) ListRecords(ctx context.Context, a *auth.Actor, f RecordFilter, page Page) (RecordList, error) {
	cond, args, err := visibility(a)
	if err != nil {
		return RecordList{}, err
	}
	today := s.today()
	where := " WHERE " + cond
	add := func(c string, v ...any) { where += " AND " + c; args = append(args, v...) }
	if f.InstitutionID != 0 {
		add("c.institution_id = ?", f.InstitutionID)
	}
	switch f.State {
	case "":
	case StateEffective: // lapsed proposals count as effective, as everywhere
		add("(c.state = ? OR (c.state = ? AND c.effective_on <= ?))", StateEffective, StateProposed, today)
	case StateProposed:
		add("c.state = ? AND c.effective_on > ?", StateProposed, today)
	default:
		add("c.state = ?", f.State)
	}
	if f.Kind != "" {
		add("c.kind = ?", f.Kind)
	}
	if f.Severity != "" {
		add("c.severity = ?", f.Severity)
	}
	out := RecordList{Items: []Record{}}
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*)"+listFrom+where, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("credit: count records: %w", err)
	}
	p := page.norm()
	rows, err := s.DB.Query(ctx, "SELECT "+listCols+listFrom+where+" ORDER BY c.id DESC LIMIT ? OFFSET ?", append(args, p.Limit, p.Offset)...)
	if err != nil {
		return out, fmt.Errorf("credit: list records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows, today)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, r)
	}
	return out, rows.Err()
}
