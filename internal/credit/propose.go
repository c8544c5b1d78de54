package credit

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/privacy"
	"evalcred/internal/region"
)

// SanctionSpec is the sanction a proposed record carries (API "sanction").
type SanctionSpec struct {
	Type     string        `json:"type"`
	StartsOn calendar.Date `json:"starts_on"`
	EndsOn   calendar.Date `json:"ends_on"`
	Scope    string        `json:"scope"`
}

// ProposeInput is the body of POST /api/v1/credit-records.
type ProposeInput struct {
	InstitutionID int64 `json:"institution_id"`
	// PersonIDNumber, when set, makes the record one against a practitioner of
	// the institution; the person must be known to the platform.
	PersonIDNumber        string        `json:"person_id_number,omitempty"`
	Kind                  string        `json:"kind"`
	Severity              string        `json:"severity"`
	Category              string        `json:"category"`
	Facts                 string        `json:"facts"`
	Basis                 string        `json:"basis"`
	EvidenceAttachmentIDs []int64       `json:"evidence_attachment_ids,omitempty"`
	Sanction              *SanctionSpec `json:"sanction"`
}

// ProposeResult is the 201 answer.
type ProposeResult struct {
	ID                int64         `json:"id"`
	State             string        `json:"state"`
	ObjectionDeadline calendar.Date `json:"objection_deadline"`
}

const maxText = 10000

func (in *ProposeInput) validate() apperr.Fields {
	var f apperr.Fields
	if in.InstitutionID <= 0 {
		f.Add("institution_id", "field.required")
	}
	if in.Kind != KindGood && in.Kind != KindBad {
		f.Add("kind", "credit.field.kind")
	}
	if !slices.Contains([]string{SeverityMinor, SeverityGeneral, SeveritySerious}, in.Severity) {
		f.Add("severity", "credit.field.severity")
	}
	if !slices.Contains(Categories, in.Category) {
		f.Add("category", "credit.field.category")
	}
	for name, v := range map[string]*string{"facts": &in.Facts, "basis": &in.Basis} {
		*v = strings.TrimSpace(*v)
		switch {
		case *v == "":
			f.Add(name, "field.required")
		case utf8.RuneCountInString(*v) > maxText:
			f.Add(name, "credit.field.too_long")
		default:
			privacy.Check(&f, name, *v) // published with the record
		}
	}
	for i, id := range in.EvidenceAttachmentIDs {
		if id <= 0 {
			f.Add(fmt.Sprintf("evidence_attachment_ids[%d]", i), "credit.field.attachment")
		}
	}
	if sp := in.Sanction; sp != nil {
		if in.Kind == KindGood {
			f.Add("sanction", "credit.field.sanction_on_good")
		}
		validateSanction(&f, "sanction.", sp.Type, sp.Scope, sp.StartsOn, sp.EndsOn)
	}
	return f
}

func validateSanction(f *apperr.Fields, prefix, typ, scope string, starts, ends calendar.Date) {
	if !slices.Contains([]string{SanctionWarning, SanctionCorrection, SanctionSuspension, SanctionBan}, typ) {
		f.Add(prefix+"type", "credit.field.sanction_type")
	}
	if scope != ScopeProvince && scope != ScopeAllLevels {
		f.Add(prefix+"scope", "credit.field.sanction_scope")
	}
	if starts.IsZero() {
		f.Add(prefix+"starts_on", "field.required")
	}
	if ends.IsZero() {
		f.Add(prefix+"ends_on", "field.required")
	} else if !starts.IsZero() && ends.Before(starts) {
		f.Add(prefix+"ends_on", "credit.field.ends_before_starts")
	}
}

// Propose records a credit record as proposed and notifies the institution,
// which may object until the deadline. Needs credit.propose (provincial
// reviewer) and the institution inside the proposer's scope.
func (s *Service) Propose(ctx context.Context, a *auth.Actor, in ProposeInput) (ProposeResult, error) {
	if err := a.Require("credit.propose"); err != nil {
		return ProposeResult{}, err
	}
	f := in.validate()
	idNumber := ident.NormalizeResidentID(in.PersonIDNumber)
	if idNumber != "" && ident.ValidateResidentID(idNumber, s.Clock.Now()) != nil {
		f.Add("person_id_number", "credit.field.id_number")
	}
	if err := f.Err(); err != nil {
		return ProposeResult{}, err
	}
	var res ProposeResult
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		inst, err := institutionStore{tx}.scoped(ctx, a.Scope(), in.InstitutionID)
		if err != nil {
			return err
		}
		var personID int64
		if idNumber != "" {
			var known bool
			if personID, known, err = (institutionStore{tx}).person(ctx, idNumber); err != nil {
				return err
			} else if !known {
				return apperr.InvalidField("person_id_number", "credit.field.person_unknown")
			}
		}
		res, err = s.propose(ctx, tx, proposal{in: &in, inst: inst, personID: personID, who: a.Who(), userID: a.UserID, region: a.RegionCode})
		return err
	})
	return res, err
}

// Sources of a record proposed by a rule of the platform (SystemProposal).
var recordSources = []string{SourceAssessment}

// SystemProposal is a record proposed by a rule of the platform rather than
// by a person: its source (the kind and id of the row that called for it,
// e.g. SourceAssessment and a year_consequences id) identifies it.
type SystemProposal struct {
	InstitutionID int64
	Kind          string
	Severity      string
	Category      string
	Facts         string
	Basis         string
	// RegionCode is the region whose rule proposes it (the proposer region:
	// officials at or above it decide an objection).
	RegionCode string
	SourceKind string
	SourceID   int64
}

// ProposeTx proposes a record for a rule of the platform inside the caller's
// transaction, so that the record and the caller's own writes happen
// together or not at all. Like Propose it goes through the objection window,
// appends the ledger entry and notifies the institution; the audit log names
// the system as its proposer (and no user: any official above the region
// may decide an objection). It checks no permission and no scope: the caller
// is the platform. It is idempotent by source: a second call with the same
// source kind and id returns the record already proposed and changes nothing.
func (s *Service) ProposeTx(ctx context.Context, tx *db.Tx, sp SystemProposal) (ProposeResult, error) {
	in := ProposeInput{InstitutionID: sp.InstitutionID, Kind: sp.Kind, Severity: sp.Severity, Category: sp.Category, Facts: sp.Facts, Basis: sp.Basis}
	f := in.validate()
	if !slices.Contains(recordSources, sp.SourceKind) {
		f.Add("source_kind", "credit.field.record_source")
	}
	if sp.SourceID <= 0 {
		f.Add("source_id", "field.required")
	}
	if _, ok := region.Default().Lookup(sp.RegionCode); !ok {
		f.Add("region_code", "field.region_code")
	}
	if err := f.Err(); err != nil {
		return ProposeResult{}, err
	}
	if res, ok, err := (recordStore{tx}).bySource(ctx, sp.SourceKind, sp.SourceID); err != nil || ok {
		return res, err
	}
	inst, err := institutionStore{tx}.get(ctx, sp.InstitutionID)
	if err != nil {
		return ProposeResult{}, err
	}
	return s.propose(ctx, tx, proposal{in: &in, inst: inst, who: audit.Who{Name: "system"}, region: sp.RegionCode,
		sourceKind: sp.SourceKind, sourceID: sp.SourceID})
}

// proposal is what both ways of proposing hand to propose: the checked
// input, the institution, and who proposes (a person, or the system with
// user id 0 and a source).
type proposal struct {
	in         *ProposeInput
	inst       *institution
	personID   int64
	who        audit.Who
	userID     int64
	region     string
	sourceKind string
	sourceID   int64
}

// propose writes a proposed record inside tx: the row with its objection
// deadline and windows, the ledger entry, the sanction it carries, the audit
// entry and the institution's notice.
func (s *Service) propose(ctx context.Context, tx *db.Tx, p proposal) (ProposeResult, error) {
	in, inst := p.in, p.inst
	now, today := clock.Stamp(s.Clock), calendar.Current(s.Clock)
	deadline, err := s.objectionDeadline(ctx, tx, inst.RegionCode, today)
	if err != nil {
		return ProposeResult{}, err
	}
	// effective_on is the day the record takes effect if nobody objects; an
	// acceptance or a rejected objection moves it earlier or later.
	effective := deadline.AddDays(1)
	until, earliest, err := window(ctx, tx, inst.RegionCode, in.Kind, in.Severity, effective)
	if err != nil {
		return ProposeResult{}, err
	}
	evidence, _ := json.Marshal(nonNil(in.EvidenceAttachmentIDs))
	records := recordStore{tx}
	id, err := records.insert(ctx, newRecord{institutionID: inst.ID, personID: p.personID, kind: in.Kind, severity: in.Severity,
		category: in.Category, facts: in.Facts, basis: in.Basis, evidence: string(evidence), proposedBy: p.userID, proposerRegion: p.region,
		proposedOn: today, deadline: deadline, effective: effective, publishUntil: until, repairEarliest: earliest, now: now,
		sourceKind: p.sourceKind, sourceID: p.sourceID})
	if db.IsNoRows(err) && p.sourceKind != "" {
		res, _, err := records.bySource(ctx, p.sourceKind, p.sourceID)
		return res, err
	}
	if err != nil {
		return ProposeResult{}, fmt.Errorf("credit: propose: %w", err)
	}
	row, err := s.logRecord(ctx, tx, "proposed", id)
	if err != nil {
		return ProposeResult{}, err
	}
	if sp := in.Sanction; sp != nil {
		if _, err := s.ImposeSanction(ctx, tx, SanctionInput{InstitutionID: inst.ID, Type: sp.Type, StartsOn: sp.StartsOn,
			EndsOn: sp.EndsOn, Scope: sp.Scope, SourceKind: SourceCreditRecord, SourceID: id, Reason: in.Category, CreatedBy: p.userID}); err != nil {
			return ProposeResult{}, err
		}
	}
	if err := audit.Record(ctx, tx, p.who, now, "credit.proposed", "credit_record", id, inst.RegionCode, nil, row); err != nil {
		return ProposeResult{}, err
	}
	res := ProposeResult{ID: id, State: StateProposed, ObjectionDeadline: deadline}
	return res, s.notifyInstitution(ctx, tx, inst.ID, "notice.credit_proposed", id, itoa(id), deadline.String())
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
