package filing

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/db"
)

// attachmentStore holds every query of uploaded supporting documents.
type attachmentStore struct{ q db.Queryer }

const attCols = "id, institution_id, kind, section, filename, content_type, size, sha256, storage_key, created_at"

func scanAttachment(s db.Scanner) (*Attachment, error) {
	var a Attachment
	err := s.Scan(&a.ID, &a.InstitutionID, &a.Kind, &a.Section, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.storageKey, &a.CreatedAt)
	return &a, err
}

// insert records a stored upload and returns its id.
func (s attachmentStore) insert(ctx context.Context, att *Attachment, by int64, now time.Time) (int64, error) {
	id, err := s.q.Insert(ctx, `INSERT INTO attachments (institution_id, kind, section, filename, content_type, size, sha256, storage_key, uploaded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, att.InstitutionID, att.Kind, att.Section, att.Filename, att.ContentType, att.Size, att.SHA256, att.storageKey, by, now)
	if err != nil {
		return 0, fmt.Errorf("filing: upload: %w", err)
	}
	return id, nil
}

// get returns attachment id; a missing one is NotFound.
func (s attachmentStore) get(ctx context.Context, id int64) (*Attachment, error) {
	att, err := scanAttachment(s.q.QueryRow(ctx, "SELECT "+attCols+" FROM attachments WHERE id = ?", id))
	return db.Found(att, err, "attachment", "filing: attachment")
}

// of returns the institution's uploads by id.
func (s attachmentStore) of(ctx context.Context, institutionID int64) (map[int64]*Attachment, error) {
	list, err := db.List(ctx, s.q, "filing: attachments", scanAttachment, "SELECT "+attCols+" FROM attachments WHERE institution_id = ?", institutionID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*Attachment, len(list))
	for _, a := range list {
		out[a.ID] = a
	}
	return out, nil
}
