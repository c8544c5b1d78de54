package review

import (
	"context"

	"evalcred/internal/auth"
	"evalcred/internal/filing"
	"evalcred/internal/registry"
)

// VersionView is one submitted version of an institution's filing with what
// it changed since the approved one.
type VersionView struct {
	Institution *registry.Institution `json:"institution"`
	Version     *filing.Version       `json:"version"`
	Diff        *filing.DiffResult    `json:"diff"`
}

// ViewVersion assembles version of the institution's filing for those who
// may see the institution (NotFound for anyone else), its changes since the
// last approved version.
func (s *Service) ViewVersion(ctx context.Context, a *auth.Actor, institutionID int64, version int) (*VersionView, error) {
	return s.ViewVersionAgainst(ctx, a, institutionID, version, filing.BaseApproved)
}

// ViewVersionAgainst is ViewVersion with the changes since base
// (filing.Service.DiffAgainst).
func (s *Service) ViewVersionAgainst(ctx context.Context, a *auth.Actor, institutionID int64, version int, base string) (*VersionView, error) {
	v := &VersionView{}
	var err error
	if v.Institution, err = s.Institutions.GetInstitution(ctx, a, institutionID); err != nil {
		return nil, err
	}
	if v.Version, err = s.Filings.GetVersion(ctx, a, institutionID, version); err != nil {
		return nil, err
	}
	if v.Diff, err = s.Filings.DiffAgainst(ctx, a, institutionID, version, base); err != nil {
		return nil, err
	}
	return v, nil
}

// InstitutionView is an institution as officials read it: its versions,
// the decisions taken on them, its attachments, and the version shown in
// full (the approved one, or the latest when none is approved yet).
type InstitutionView struct {
	Institution *registry.Institution
	Versions    []filing.VersionInfo
	Shown       *filing.Version
	History     []*Decided
	Attachments []*filing.Attachment
}

// ViewInstitution assembles the InstitutionView of institution id for
// those who may see it (NotFound for anyone else).
func (s *Service) ViewInstitution(ctx context.Context, a *auth.Actor, id int64) (*InstitutionView, error) {
	v := &InstitutionView{}
	var err error
	if v.Institution, err = s.Institutions.GetInstitution(ctx, a, id); err != nil {
		return nil, err
	}
	if v.Versions, err = s.Filings.ListVersions(ctx, a, id); err != nil {
		return nil, err
	}
	if v.History, err = s.History(ctx, a, id); err != nil {
		return nil, err
	}
	if v.Attachments, err = s.Filings.ListAttachments(ctx, a, id); err != nil {
		return nil, err
	}
	shown := v.Institution.ApprovedVersion
	if shown == 0 {
		shown = v.Institution.FilingVersion
	}
	if shown > 0 {
		if v.Shown, err = s.Filings.GetVersion(ctx, a, id, shown); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// FilingView is an institution's filing as its own users work on it: the
// draft, the versions submitted with the decisions taken on each, the
// uploads, whether the draft may be submitted now (not under review, the
// institution active) and the upload size cap in force.
type FilingView struct {
	Institution    *registry.Institution
	Draft          *filing.Draft
	Versions       []VersionDecisions
	Uploaded       []*filing.Attachment
	MaxUploadBytes int
}

// VersionDecisions is a submitted version with the decisions taken on it.
type VersionDecisions struct {
	filing.VersionInfo
	Decisions []*Decided
}

// ViewFiling assembles the FilingView of the institution for those who may
// work on its filing (each part applies its own rule).
func (s *Service) ViewFiling(ctx context.Context, a *auth.Actor, institutionID int64) (*FilingView, error) {
	inst, err := s.Institutions.GetInstitution(ctx, a, institutionID)
	if err != nil {
		return nil, err
	}
	v := &FilingView{Institution: inst}
	if v.Draft, err = s.Filings.GetDraft(ctx, a, institutionID); err != nil {
		return nil, err
	}
	versions, err := s.Filings.ListVersions(ctx, a, institutionID)
	if err != nil {
		return nil, err
	}
	hist, err := s.History(ctx, a, institutionID)
	if err != nil {
		return nil, err
	}
	for _, ver := range versions {
		row := VersionDecisions{VersionInfo: ver}
		for _, h := range hist {
			if h.Version == ver.Version {
				row.Decisions = append(row.Decisions, h)
			}
		}
		v.Versions = append(v.Versions, row)
	}
	if v.Uploaded, err = s.Filings.ListAttachments(ctx, a, institutionID); err != nil {
		return nil, err
	}
	if v.MaxUploadBytes, err = s.Filings.MaxUploadBytes(ctx, a); err != nil {
		return nil, err
	}
	return v, nil
}
