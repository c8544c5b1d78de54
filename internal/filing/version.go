package filing

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/policy"
	"evalcred/internal/registry"
)

// VersionInfo describes one submitted version.
type VersionInfo struct {
	Version     int        `json:"version"`
	State       string     `json:"state"`
	SubmittedAt time.Time  `json:"submitted_at"`
	DecidedAt   *time.Time `json:"decided_at,omitempty"`
}

// Version is a submitted version with its document.
type Version struct {
	VersionInfo
	InstitutionID int64    `json:"institution_id"`
	Document      Document `json:"document"`
	// IDsMasked says whether ID numbers are shown masked to this viewer.
	IDsMasked bool `json:"ids_masked"`
}

// ListVersions returns the institution's submitted versions, newest first,
// to those who may see the institution (NotFound for anyone else).
func (s *Service) ListVersions(ctx context.Context, a *auth.Actor, institutionID int64) ([]VersionInfo, error) {
	if _, err := registry.LoadFor(ctx, s.DB, a, institutionID, s.Clock.Now()); err != nil {
		return nil, err
	}
	return filingStore{s.DB}.versions(ctx, institutionID)
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// loadVersion reads a version without access checks; version 0 is an error.
func loadVersion(ctx context.Context, q db.Queryer, institutionID int64, version int) (*Version, error) {
	v, err := filingStore{q}.version(ctx, institutionID, version)
	if err != nil {
		return nil, err
	}
	v.Document.normalize()
	return v, nil
}

// visibleVersion reads a version of an institution a may see, with the
// institution; NotFound when a may not see it.
func (s *Service) visibleVersion(ctx context.Context, a *auth.Actor, institutionID int64, version int) (*registry.Institution, *Version, error) {
	inst, err := registry.LoadFor(ctx, s.DB, a, institutionID, s.Clock.Now())
	if err != nil {
		return nil, nil, err
	}
	v, err := loadVersion(ctx, s.DB, institutionID, version)
	if err != nil {
		return nil, nil, err
	}
	return inst, v, nil
}

// GetVersion returns one submitted version to those who may see the
// institution. ID numbers are masked unless SeesFullIDs; when an official
// receives them in full, a person.id_viewed entry is written to the audit log.
func (s *Service) GetVersion(ctx context.Context, a *auth.Actor, institutionID int64, version int) (*Version, error) {
	inst, v, err := s.visibleVersion(ctx, a, institutionID, version)
	if err != nil {
		return nil, err
	}
	if !SeesFullIDs(a, inst) {
		v.Document.MaskIDs()
		v.IDsMasked = true
		return v, nil
	}
	if err := s.RecordIDViewed(ctx, a, inst, fmt.Sprintf("filing version %d", version), v.Document.idNumbers()); err != nil {
		return nil, err
	}
	return v, nil
}

// SeesFullIDs reports whether a may see full resident ID numbers of the
// institution's people: its own users (who typed them) and the reviewers who
// must check them. Everyone else sees 430102********1234.
func SeesFullIDs(a *auth.Actor, inst *registry.Institution) bool {
	if a == nil {
		return false
	}
	if a.ForInstitution() {
		return a.ActsFor(inst.ID)
	}
	return a.Can("review.level1") || a.Can("review.level2")
}

// RecordIDViewed writes a person.id_viewed audit entry saying that an
// official was shown full ID numbers (listed masked: the log itself must not
// hold them) of the institution's people, and where. Institution users
// viewing their own filing are not recorded. Other parts (credit, teams) call
// it whenever they show a full ID number.
func (s *Service) RecordIDViewed(ctx context.Context, a *auth.Actor, inst *registry.Institution, where string, ids []string) error {
	if len(ids) == 0 || a == nil || a.ForInstitution() {
		return nil
	}
	masked := make([]string, len(ids))
	for i, id := range ids {
		masked[i] = ident.MaskResidentID(id)
	}
	return audit.Record(ctx, s.DB, a.Who(), s.Clock.Now(), "person.id_viewed", "institution", inst.ID, inst.RegionCode, nil,
		map[string]any{"where": where, "ids": masked})
}

// Advance moves a submitted version through the review, inside the
// reviewer's transaction: level1 → level2, level1|level2 → returned; the
// institution's filing state follows. Approval (level2 → approved) is
// Approve. Errors: Conflict (ErrStale) when the version is no longer in
// state from.
func Advance(ctx context.Context, tx *db.Tx, institutionID int64, version int, from, to string, now time.Time) error {
	if to == StateApproved {
		return fmt.Errorf("filing: approval goes through Approve")
	}
	if err := filingFlow.Check(from, to); err != nil {
		return err
	}
	return filingStore{tx}.advance(ctx, institutionID, version, from, to, now)
}

// approvedSections are the parts of a filing document that approval copies
// into the institution.
type approvedSections struct {
	Institution         InstitutionInfo     `json:"institution"`
	LegalRepresentative LegalRepresentative `json:"legal_representative"`
}

// decodeApproved reads the two sections from a stored document and stops
// there: they come first in what Document encodes to, and the people,
// records and attachments after them, most of a document, need not be
// decoded on the one writer. Keys in another order are still found.
func decodeApproved(raw string) (approvedSections, error) {
	var out approvedSections
	dec := json.NewDecoder(strings.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return out, fmt.Errorf("not an object (%v)", err)
	}
	for found := 0; found < 2 && dec.More(); {
		t, err := dec.Token()
		if err != nil {
			return out, err
		}
		var dst any
		switch t {
		case "institution":
			dst = &out.Institution
		case "legal_representative":
			dst = &out.LegalRepresentative
		default:
			dst = new(json.RawMessage)
		}
		if err := dec.Decode(dst); err != nil {
			return out, err
		}
		if _, ok := dst.(*json.RawMessage); !ok {
			found++
		}
	}
	return out, nil
}

// Current is an institution as the approving transaction read it.
type Current struct {
	ID         int64
	RegionCode string // its region now: the update interval is its province's policy
	Name       string
}

// Approved is what an approval changed that its caller must follow up.
type Approved struct {
	Name    string // the institution's name as the filing now gives it
	Renamed bool   // Name differs from Current.Name: the name search's grams need refreshing
}

// Approve approves a version under level-2 review, inside the reviewer's
// transaction, and makes it the institution's approved one: its institution
// section updates the institution (name_norm included), its people's roles
// become active and earlier ones end, and the next update falls due after
// policy filing.update_interval_months of the institution's province.
// Errors: Conflict (ErrStale) when the version is no longer under level-2
// review, or the name is no longer cur.Name.
//
// This is the hot write of a review (docs/performance.md): the version's
// state change returns the document and the update interval in force, the
// institution's guarded update and the swap of the roles are deferred (on
// PostgreSQL they go with the decision's notice and audit row, and a stale
// name fails the transaction there), and an unchanged name is not written
// again (its index entries stay as they are).
func Approve(ctx context.Context, tx *db.Tx, cur Current, version int, now time.Time) (Approved, error) {
	today := calendar.DateOf(now)
	filings := filingStore{tx}
	// The update interval in force is read by the same statement.
	const intervalKey = "filing.update_interval_months"
	raw, intervalValue, err := filings.approveVersion(ctx, cur, version, now, intervalKey, today)
	if err != nil {
		return Approved{}, err
	}
	doc, err := decodeApproved(raw)
	if err != nil {
		return Approved{}, fmt.Errorf("filing: decode version: %w", err)
	}
	d := Document{Institution: doc.Institution, LegalRepresentative: doc.LegalRepresentative}
	d.normalize()
	var months int
	if err := policy.Decode(intervalKey, intervalValue, &months); err != nil {
		return Approved{}, err
	}
	out := Approved{Name: d.Institution.Name, Renamed: d.Institution.Name != cur.Name}
	if err := filings.approveInstitution(ctx, cur, version, &d, out.Renamed, AddMonths(today, months), now); err != nil {
		return Approved{}, err
	}
	if err := filings.activateRoles(ctx, cur.ID, version, today); err != nil {
		return Approved{}, err
	}
	return out, nil
}

// AddMonths returns d moved by n months, clamped to the end of a shorter
// month (31 January + 1 month is 28 or 29 February, not 3 March).
func AddMonths(d calendar.Date, n int) calendar.Date {
	t := time.Date(d.Y, d.M+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := t.AddDate(0, 1, -1).Day()
	return calendar.Date{Y: t.Year(), M: t.Month(), D: min(d.D, last)}
}
