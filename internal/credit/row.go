package credit

import (
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"evalcred/internal/calendar"
)

// optInt is a nullable id that marshals as a number or null.
type optInt struct{ sql.NullInt64 }

func (o optInt) MarshalJSON() ([]byte, error) {
	if !o.Valid {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatInt(o.Int64, 10)), nil
}

// optStr is a nullable text that marshals as a string or null.
type optStr struct{ sql.NullString }

func (o optStr) MarshalJSON() ([]byte, error) {
	if !o.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(o.String)
}

// stamp is a time as stored: UTC, microseconds, so that the ledger's copy of a
// row and the row read back later marshal to identical bytes on both engines.
type stamp struct{ sql.NullTime }

func (s stamp) MarshalJSON() ([]byte, error) {
	if !s.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(s.Time.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z"))
}

// recordRow is a credit_records row exactly as stored. Its JSON (fields in
// column order) is the ledger payload, so every column belongs here. The
// source columns (migration 0013) are left out of the JSON while NULL, so
// that a record without a source, including every one logged before they
// existed, has the payload it always had.
type recordRow struct {
	ID                 int64         `json:"id"`
	InstitutionID      int64         `json:"institution_id"`
	PersonID           optInt        `json:"person_id"`
	Kind               string        `json:"kind"`
	Severity           string        `json:"severity"`
	Category           string        `json:"category"`
	Facts              string        `json:"facts"`
	Basis              string        `json:"basis"`
	EvidenceJSON       string        `json:"evidence_json"`
	State              string        `json:"state"`
	ProposedBy         int64         `json:"proposed_by"`
	ProposerRegion     string        `json:"proposer_region"`
	ProposedOn         calendar.Date `json:"proposed_on"`
	ObjectionDeadline  calendar.Date `json:"objection_deadline"`
	EffectiveOn        calendar.Date `json:"effective_on"`
	PublishUntil       calendar.Date `json:"publish_until"`
	RepairEarliest     calendar.Date `json:"repair_earliest"`
	ObjectionReason    string        `json:"objection_reason"`
	ObjectedBy         optInt        `json:"objected_by"`
	ObjectedAt         stamp         `json:"objected_at"`
	ObjectionDecision  string        `json:"objection_decision"`
	ObjectionDecidedBy optInt        `json:"objection_decided_by"`
	ObjectionDecidedAt stamp         `json:"objection_decided_at"`
	RepairState        string        `json:"repair_state"`
	RepairExplanation  string        `json:"repair_explanation"`
	RepairEvidenceJSON string        `json:"repair_evidence_json"`
	RepairAppliedBy    optInt        `json:"repair_applied_by"`
	RepairAppliedAt    stamp         `json:"repair_applied_at"`
	RepairDecidedBy    optInt        `json:"repair_decided_by"`
	RepairDecidedAt    stamp         `json:"repair_decided_at"`
	RepairComment      string        `json:"repair_comment"`
	RepairedOn         calendar.Date `json:"repaired_on"`
	ExpiredAt          stamp         `json:"expired_at"`
	LockVersion        int           `json:"lock_version"`
	CreatedAt          stamp         `json:"created_at"`
	UpdatedAt          stamp         `json:"updated_at"`
	SourceKind         optStr        `json:"source_kind,omitzero"`
	SourceID           optInt        `json:"source_id,omitzero"`
}

const recordCols = `id, institution_id, person_id, kind, severity, category, facts, basis, evidence_json, state,
	proposed_by, proposer_region, proposed_on, objection_deadline, effective_on, publish_until, repair_earliest,
	objection_reason, objected_by, objected_at, objection_decision, objection_decided_by, objection_decided_at,
	repair_state, repair_explanation, repair_evidence_json, repair_applied_by, repair_applied_at, repair_decided_by,
	repair_decided_at, repair_comment, repaired_on, expired_at, lock_version, created_at, updated_at, source_kind, source_id`

func (r *recordRow) ptrs() []any {
	return []any{&r.ID, &r.InstitutionID, &r.PersonID, &r.Kind, &r.Severity, &r.Category, &r.Facts, &r.Basis, &r.EvidenceJSON, &r.State,
		&r.ProposedBy, &r.ProposerRegion, &r.ProposedOn, &r.ObjectionDeadline, &r.EffectiveOn, &r.PublishUntil, &r.RepairEarliest,
		&r.ObjectionReason, &r.ObjectedBy, &r.ObjectedAt, &r.ObjectionDecision, &r.ObjectionDecidedBy, &r.ObjectionDecidedAt,
		&r.RepairState, &r.RepairExplanation, &r.RepairEvidenceJSON, &r.RepairAppliedBy, &r.RepairAppliedAt, &r.RepairDecidedBy,
		&r.RepairDecidedAt, &r.RepairComment, &r.RepairedOn, &r.ExpiredAt, &r.LockVersion, &r.CreatedAt, &r.UpdatedAt,
		&r.SourceKind, &r.SourceID}
}

// lapsed reports whether a proposed record's objection window has passed on
// day: it then counts as effective although its state column still says proposed.
func (r *recordRow) lapsed(day calendar.Date) bool {
	return r.State == StateProposed && !r.EffectiveOn.After(day)
}

// sanctionRow is a sanctions row exactly as stored (the ledger payload).
type sanctionRow struct {
	ID            int64         `json:"id"`
	InstitutionID int64         `json:"institution_id"`
	Type          string        `json:"type"`
	Scope         string        `json:"scope"`
	StartsOn      calendar.Date `json:"starts_on"`
	EndsOn        calendar.Date `json:"ends_on"`
	LiftedOn      calendar.Date `json:"lifted_on"`
	SourceKind    string        `json:"source_kind"`
	SourceID      int64         `json:"source_id"`
	RecordID      optInt        `json:"record_id"`
	Reason        string        `json:"reason"`
	CreatedBy     optInt        `json:"created_by"`
	CreatedAt     stamp         `json:"created_at"`
}

const sanctionCols = `id, institution_id, type, scope, starts_on, ends_on, lifted_on, source_kind, source_id, record_id, reason, created_by, created_at`

func (s *sanctionRow) ptrs() []any {
	return []any{&s.ID, &s.InstitutionID, &s.Type, &s.Scope, &s.StartsOn, &s.EndsOn, &s.LiftedOn, &s.SourceKind, &s.SourceID,
		&s.RecordID, &s.Reason, &s.CreatedBy, &s.CreatedAt}
}
