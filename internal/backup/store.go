package backup

import (
	"context"

	"evalcred/internal/db"
)

// Ref is a file the database references.
type Ref struct {
	Key    string
	SHA256 string
	Size   int64
}

// refStore reads what the database says about stored files.
type refStore struct{ q db.Queryer }

// refs lists every stored file the database references, once per key: the
// filing attachments and the project documents (the tables with a
// storage_key).
func (s refStore) refs(ctx context.Context) ([]Ref, error) {
	return db.List(ctx, s.q, "file references", func(sc db.Scanner) (Ref, error) {
		var r Ref
		err := sc.Scan(&r.Key, &r.SHA256, &r.Size)
		return r, err
	}, `SELECT storage_key, sha256, size FROM attachments
		UNION SELECT storage_key, sha256, size FROM project_files
		ORDER BY 1`)
}
