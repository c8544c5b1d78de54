package filing

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/notify"
	"evalcred/internal/registry"
	"evalcred/internal/workflow"
)

// Service edits, submits and shows filings.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Files  filestore.Store
	Notify *notify.Notifier
	// OnSubmit opens the level-1 review of a submitted version inside the
	// submitting transaction; the app sets it to the review service's
	// OpenLevel1. Nil leaves the version without a task (tests of filing alone).
	OnSubmit func(ctx context.Context, tx *db.Tx, inst *registry.Institution, version int) error
	// TempDir is where uploads are spooled before they are stored; "" is the
	// system's temporary directory.
	TempDir string
}

// Draft is the filing an institution is editing: its document with its
// revision. A save carrying an older revision than the stored one is
// refused (409), so that one person's save never silently drops another's.
type Draft struct {
	Document
	// Revision counts saves; 0 means nothing was saved yet (prefilled).
	Revision int `json:"revision"`
	// FilingState is the institution's filing state (none, draft, level1,
	// level2, returned, approved); the draft is read-only under review.
	FilingState string     `json:"filing_state"`
	Editable    bool       `json:"editable"`
	UpdatedAt   *time.Time `json:"updated_at,omitempty"`
	// Actions are what the caller may do with the filing now: edit the
	// draft, submit it.
	Actions workflow.Actions `json:"actions"`
	// Exact makes a save whose revision is 0 a conflict once a draft has
	// been saved, as any other revision but the stored one: set where the
	// revision is required (the API's PUT), so no save can overwrite blind.
	Exact bool `json:"-"`
}

// own checks that a holds perm and is a user of the institution: only its
// own people edit a filing; to anyone else it does not exist.
func own(a *auth.Actor, institutionID int64, perm string) error {
	if err := a.Require(perm); err != nil {
		return err
	}
	if !a.ActsFor(institutionID) {
		return apperr.NotFoundf("institution")
	}
	return nil
}

// locked reports whether a filing state forbids editing: under review.
func locked(state string) bool { return state == StateLevel1 || state == StateLevel2 }

// submittable reports whether the institution's draft may be submitted: its
// registration is approved and its filing may move to level 1.
func submittable(inst *registry.Institution) bool {
	return inst.Status == registry.StatusActive && filingFlow.Can(inst.FilingState, StateLevel1)
}

// draftActions lists what a may do now with the institution's filing: its
// own users edit the draft unless it is under review, and submit it when
// it is submittable.
func draftActions(a *auth.Actor, inst *registry.Institution) workflow.Actions {
	out := workflow.Actions{}
	if !a.ActsFor(inst.ID) {
		return out
	}
	if a.Can("filing.edit") && !locked(inst.FilingState) {
		out = append(out, "edit")
	}
	if a.Can("filing.submit") && submittable(inst) {
		out = append(out, "submit")
	}
	return out
}

// GetDraft returns the institution's draft, prefilled from the registration
// when nothing was saved yet. Permission filing.edit, own institution only.
func (s *Service) GetDraft(ctx context.Context, a *auth.Actor, institutionID int64) (*Draft, error) {
	if err := own(a, institutionID, "filing.edit"); err != nil {
		return nil, err
	}
	inst, err := registry.Load(ctx, s.DB, institutionID, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	return loadDraft(ctx, s.DB, a, inst)
}

// loadDraft reads the institution's draft as a sees it.
func loadDraft(ctx context.Context, q db.Queryer, a *auth.Actor, inst *registry.Institution) (*Draft, error) {
	d := &Draft{FilingState: inst.FilingState, Editable: !locked(inst.FilingState), Actions: draftActions(a, inst)}
	found, err := filingStore{q}.draft(ctx, inst.ID, d)
	if err != nil {
		return nil, err
	}
	if !found {
		d.Document = prefill(inst)
	}
	d.Document.normalize()
	return d, nil
}

// prefill starts a first draft from what the registration said.
func prefill(inst *registry.Institution) Document {
	d := Document{Institution: InstitutionInfo{Name: inst.Name, Type: inst.Type, EstablishedOn: inst.EstablishedOn.String(), Address: inst.Address,
		RegionCode: inst.RegionCode, ContactName: inst.ContactName, ContactPhone: inst.ContactPhone, ContactEmail: inst.ContactEmail}}
	d.LegalRepresentative.Name = inst.LegalRepName
	d.normalize()
	return d
}

// SaveDraft stores the draft. Invalid values are refused (Invalid, naming
// each field by its JSON path) and nothing is saved; missing values are
// allowed. Permission filing.edit, own institution only. Errors: Conflict
// when in.Revision is set and older than the stored draft (someone saved
// since it was loaded), or the filing is under review (error.filing_locked).
// A save without a revision overwrites (last writer wins), unless in.Exact.
func (s *Service) SaveDraft(ctx context.Context, a *auth.Actor, institutionID int64, in Draft) (*Draft, error) {
	if err := own(a, institutionID, "filing.edit"); err != nil {
		return nil, err
	}
	doc := in.Document
	doc.normalize()
	now := s.Clock.Now()
	var out *Draft
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		inst, err := registry.LoadLocked(ctx, tx, institutionID, now)
		if err != nil {
			return err
		}
		if locked(inst.FilingState) {
			return apperr.New(apperr.Conflict, "error.filing_locked")
		}
		atts, err := attachmentStore{tx}.of(ctx, institutionID)
		if err != nil {
			return err
		}
		c := &checker{today: now, atts: atts}
		c.values(&doc)
		if err := c.f.Err(); err != nil {
			return err
		}
		raw, err := json.Marshal(doc)
		if err != nil {
			return fmt.Errorf("filing: encode draft: %w", err)
		}
		filings := filingStore{tx}
		cur, err := filings.revision(ctx, institutionID)
		if err != nil {
			return fmt.Errorf("filing: save draft: %w", err)
		}
		if (in.Revision != 0 || in.Exact) && in.Revision != cur {
			return apperr.ErrStale
		}
		if err := filings.saveDraft(ctx, institutionID, string(raw), cur, a.UserID, now); err != nil {
			return err
		}
		if inst.FilingState == StateNone {
			if err := filings.drafted(ctx, institutionID, now); err != nil {
				return err
			}
			inst.FilingState = StateDraft
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "filing.draft_saved", "institution", institutionID, inst.RegionCode, nil,
			map[string]any{"revision": cur + 1}); err != nil {
			return err
		}
		out, err = loadDraft(ctx, tx, a, inst)
		return err
	})
	return out, err
}
