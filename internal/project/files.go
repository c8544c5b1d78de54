package project

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/policy"
)

// File kinds of a project.
const (
	FilePlan         = "plan"
	FileWorkingPaper = "working_paper"
	FileDraftReport  = "draft_report"
)

// File is an uploaded project document.
type File struct {
	ID          int64     `json:"id"`
	ProjectID   int64     `json:"project_id"`
	Kind        string    `json:"kind"`
	Round       int       `json:"round"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
	key         string
}

// Upload stores a project document and moves the workflow on: the lead
// institution's plan opens (or re-opens) the plan review, its draft report
// opens (or re-opens) the three-party review; working papers come from any
// institution on the team. Only PDF, by content; at most policy
// attachment.max_bytes (413 beyond, nothing kept).
func (s *Service) Upload(ctx context.Context, a *auth.Actor, projectID int64, kind, filename string, r io.Reader) (*File, error) {
	if kind != FilePlan && kind != FileWorkingPaper && kind != FileDraftReport {
		return nil, apperr.InvalidField("kind", "project.field.file_kind")
	}
	if err := a.Require("project.team_work"); err != nil {
		return nil, err
	}
	p, err := Load(ctx, s.DB, a, projectID)
	if err != nil {
		return nil, err
	}
	if kind != FileWorkingPaper && !a.ActsFor(p.LeadInstitutionID) {
		return nil, apperr.New(apperr.Forbidden, "project.error.not_lead")
	}
	f, tmp, err := s.spool(ctx, a, r)
	if err != nil {
		return nil, err
	}
	defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
	f.ProjectID, f.Kind, f.Filename = projectID, kind, cleanFilename(filename)
	f.key = filestore.KeyFor("projects", f.SHA256)
	if err := s.Files.Put(ctx, f.key, tmp); err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := Load(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if err := advanceOnUpload(ctx, tx, a, p, kind, f.CreatedAt); err != nil {
			return err
		}
		f.Round = roundOf(p, kind)
		if f.ID, err = (workStore{tx}).addFile(ctx, f, a); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), f.CreatedAt, "project.file_uploaded", "project", p.ID, p.RegionCode, nil,
			map[string]any{"kind": kind, "round": f.Round, "filename": f.Filename, "size": f.Size, "sha256": f.SHA256})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

func roundOf(p *Project, kind string) int {
	switch kind {
	case FilePlan:
		return p.PlanRound
	case FileDraftReport:
		return p.ReportRound
	}
	return 0
}

// advanceOnUpload applies the workflow step an upload stands for.
func advanceOnUpload(ctx context.Context, tx *db.Tx, a *auth.Actor, p *Project, kind string, at time.Time) error {
	switch {
	case kind == FileWorkingPaper:
		return p.Check(ActionUploadWorkingPaper)
	case kind == FilePlan && p.Stage == StageTeamFormed:
		return move(ctx, tx, a, p, StagePreparation, "plan_submitted", at, change{planState: "submitted", planRound: 1})
	case kind == FilePlan && p.Stage == StagePreparation && p.PlanState == "returned":
		return move(ctx, tx, a, p, StagePreparation, "plan_resubmitted", at, change{planState: "submitted", planRound: p.PlanRound + 1})
	case kind == FileDraftReport && p.Stage == StageImplementation:
		return move(ctx, tx, a, p, StageReporting, "report_submitted", at, change{reportState: "under_review", reportRound: 1})
	case kind == FileDraftReport && p.Stage == StageReporting && p.ReportState == "revising":
		return move(ctx, tx, a, p, StageReporting, "report_revised", at, change{reportState: "under_review", reportRound: p.ReportRound + 1})
	}
	return p.wrongStage()
}

// spool checks the type and size while copying to a temporary file and
// hashing; an oversized or non-PDF upload is refused before it is stored.
func (s *Service) spool(ctx context.Context, a *auth.Actor, r io.Reader) (*File, *os.File, error) {
	now := clock.Stamp(s.Clock)
	maxBytes, err := policy.Int(ctx, s.DB, a.RegionCode, "attachment.max_bytes", calendar.Current(s.Clock))
	if err != nil {
		return nil, nil, err
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, nil, apperr.Wrap(err, apperr.Malformed, "error.malformed")
	}
	head = head[:n]
	if !strings.HasPrefix(http.DetectContentType(head), "application/pdf") {
		return nil, nil, apperr.New(apperr.Unsupported, "project.error.pdf_only")
	}
	tmp, err := os.CreateTemp(s.TempDir, "project-upload-*")
	if err != nil {
		return nil, nil, fmt.Errorf("project: upload: %w", err)
	}
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(tmp, h), io.MultiReader(bytes.NewReader(head), io.LimitReader(r, int64(maxBytes)+1-int64(n))))
	if err == nil && size > int64(maxBytes) {
		err = apperr.New(apperr.TooLarge, "error.too_large")
	} else if err != nil {
		err = apperr.Wrap(err, apperr.Malformed, "error.malformed")
	}
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, nil, err
	}
	return &File{ContentType: "application/pdf", Size: size, SHA256: hex.EncodeToString(h.Sum(nil)), CreatedAt: now}, tmp, nil
}

// cleanFilename keeps the base name a browser sent, without any path.
func cleanFilename(name string) string {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "." || name == "/" || name == "" {
		return "document.pdf"
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[len(r)-200:])
	}
	return name
}

// ListFiles lists a project's documents.
func (s *Service) ListFiles(ctx context.Context, a *auth.Actor, projectID int64) ([]File, error) {
	if _, err := Load(ctx, s.DB, a, projectID); err != nil {
		return nil, err
	}
	return workStore{s.DB}.files(ctx, projectID)
}

// OpenFile returns a document and its content to anyone who sees the
// project; the caller closes the reader.
func (s *Service) OpenFile(ctx context.Context, a *auth.Actor, projectID, fileID int64) (*File, io.ReadCloser, error) {
	fs, err := s.ListFiles(ctx, a, projectID)
	if err != nil {
		return nil, nil, err
	}
	for i := range fs {
		if fs[i].ID == fileID {
			rc, err := s.Files.Open(ctx, fs[i].key)
			return &fs[i], rc, err
		}
	}
	return nil, nil, apperr.NotFoundf("file")
}
