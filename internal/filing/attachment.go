package filing

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/policy"
	"evalcred/internal/registry"
)

// Attachment is an uploaded supporting document.
type Attachment struct {
	ID            int64     `json:"id"`
	InstitutionID int64     `json:"institution_id"`
	Kind          string    `json:"kind"`
	Section       string    `json:"section"`
	Filename      string    `json:"filename"`
	ContentType   string    `json:"content_type"`
	Size          int64     `json:"size"`
	SHA256        string    `json:"sha256"`
	CreatedAt     time.Time `json:"created_at"`
	storageKey    string
}

// allowedTypes are what supporting documents may be: scans and PDFs. The type
// is sniffed from the content, never taken from the file name or the client.
var allowedTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// Upload stores a supporting document of the institution. Permission
// filing.edit, the institution's own users only (others: NotFound). Errors:
// Invalid (kind, section, or a kind that cannot support that section),
// Unsupported (415: not PDF, JPEG or PNG by content, whatever the name says),
// TooLarge (413: over policy attachment.max_bytes; nothing is stored).
func (s *Service) Upload(ctx context.Context, a *auth.Actor, institutionID int64, kind, section, filename string, r io.Reader) (*Attachment, error) {
	if err := own(a, institutionID, "filing.edit"); err != nil {
		return nil, err
	}
	var f apperr.Fields
	if !slices.Contains(AttachmentKinds, kind) {
		f.Add("kind", "field.attachment_kind")
	}
	if !slices.Contains(Sections, section) {
		f.Add("section", "field.section")
	} else if slices.Contains(AttachmentKinds, kind) && !KindFitsSection(kind, section) {
		f.Add("section", "field.attachment_section_mismatch")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	maxBytes, err := s.MaxUploadBytes(ctx, a)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, apperr.Wrap(err, apperr.Malformed, "error.malformed")
	}
	head = head[:n]
	ct, _, _ := mime.ParseMediaType(http.DetectContentType(head))
	if !slices.Contains(allowedTypes, ct) {
		return nil, apperr.New(apperr.Unsupported, "error.unsupported_type")
	}
	// Spool to a temporary file while hashing, reading at most one byte more
	// than allowed: an oversized upload is refused without ever being stored.
	tmp, err := os.CreateTemp(s.TempDir, "upload-*")
	if err != nil {
		return nil, fmt.Errorf("filing: upload: %w", err)
	}
	defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(tmp, h), io.MultiReader(bytes.NewReader(head), io.LimitReader(r, int64(maxBytes)+1-int64(n))))
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Malformed, "error.malformed")
	}
	if size > int64(maxBytes) {
		return nil, apperr.New(apperr.TooLarge, "error.too_large")
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("filing: upload: %w", err)
	}
	att := &Attachment{InstitutionID: institutionID, Kind: kind, Section: section, Filename: cleanFilename(filename), ContentType: ct,
		Size: size, SHA256: hex.EncodeToString(h.Sum(nil)), CreatedAt: now}
	att.storageKey = filestore.KeyFor("attachments", att.SHA256)
	if err := s.Files.Put(ctx, att.storageKey, tmp); err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		if att.ID, err = (attachmentStore{tx}).insert(ctx, att, a.UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "attachment.uploaded", "attachment", att.ID, a.RegionCode, nil,
			map[string]any{"institution_id": institutionID, "kind": kind, "section": section, "filename": att.Filename, "size": size, "sha256": att.SHA256})
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// cleanFilename keeps the base name a browser sent, without any path.
func cleanFilename(name string) string {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "." || name == "/" {
		name = ""
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[len(r)-200:])
	}
	return name
}

// OpenAttachment returns an attachment and its content, to the institution's
// own users and to officials whose region contains it (NotFound otherwise).
// The caller closes the reader.
func (s *Service) OpenAttachment(ctx context.Context, a *auth.Actor, attachmentID int64) (*Attachment, io.ReadCloser, error) {
	att, err := attachmentStore{s.DB}.get(ctx, attachmentID)
	if err != nil {
		return nil, nil, err
	}
	if _, err := registry.LoadFor(ctx, s.DB, a, att.InstitutionID, s.Clock.Now()); err != nil {
		return nil, nil, apperr.NotFoundf("attachment")
	}
	rc, err := s.Files.Open(ctx, att.storageKey)
	if err != nil {
		return nil, nil, err
	}
	return att, rc, nil
}

// ListAttachments returns the institution's uploads, newest first, to those
// who may see the institution.
func (s *Service) ListAttachments(ctx context.Context, a *auth.Actor, institutionID int64) ([]*Attachment, error) {
	if _, err := registry.LoadFor(ctx, s.DB, a, institutionID, s.Clock.Now()); err != nil {
		return nil, err
	}
	m, err := attachmentStore{s.DB}.of(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	out := make([]*Attachment, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(x, y *Attachment) int { return int(y.ID - x.ID) })
	return out, nil
}

// MaxUploadBytes is the largest attachment the actor's province accepts today
// (policy attachment.max_bytes): the one figure the upload check, the
// request body cap and the upload form's hint all use.
func (s *Service) MaxUploadBytes(ctx context.Context, a *auth.Actor) (int, error) {
	return policy.Int(ctx, s.DB, a.RegionCode, "attachment.max_bytes", calendar.Current(s.Clock))
}
