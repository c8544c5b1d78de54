package filing

import (
	"context"
	"io"

	"evalcred/internal/auth"
)

// DraftForm is what the filing form shows: the draft and the institution's
// uploads, which the form offers to include.
type DraftForm struct {
	Draft    *Draft
	Uploaded []*Attachment
}

// EditDraft returns the draft with the uploads, to the institution's users
// (each part applies its own rule).
func (s *Service) EditDraft(ctx context.Context, a *auth.Actor, institutionID int64) (*DraftForm, error) {
	d, err := s.GetDraft(ctx, a, institutionID)
	if err != nil {
		return nil, err
	}
	atts, err := s.ListAttachments(ctx, a, institutionID)
	if err != nil {
		return nil, err
	}
	return &DraftForm{Draft: d, Uploaded: atts}, nil
}

// UploadToDraft stores a document as Upload does and, while the draft can
// be edited (not under review), lists it among the draft's attachments at
// once: the person uploading a business licence means it to be part of the
// filing. The upload stays when the draft cannot take it.
func (s *Service) UploadToDraft(ctx context.Context, a *auth.Actor, institutionID int64, kind, section, filename string, r io.Reader) (*Attachment, error) {
	att, err := s.Upload(ctx, a, institutionID, kind, section, filename, r)
	if err != nil {
		return nil, err
	}
	d, err := s.GetDraft(ctx, a, institutionID)
	if err != nil || !d.Editable {
		return att, err
	}
	d.Attachments = append(d.Attachments, AttachmentRef{ID: att.ID, Kind: att.Kind})
	_, err = s.SaveDraft(ctx, a, institutionID, *d)
	return att, err
}
