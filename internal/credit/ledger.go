package credit

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/ledger"
)

// Ledger subjects.
const (
	SubjectRecord   = "credit_record"
	SubjectSanction = "sanction"
)

// logRecord re-reads the record inside tx and appends it to the ledger under
// kind: the payload is the row as the database now holds it, which is what
// Verify will compare it with.
func (s *Service) logRecord(ctx context.Context, tx *db.Tx, kind string, id int64) (*recordRow, error) {
	r, err := recordStore{tx}.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return r, s.log(ctx, tx, kind, SubjectRecord, id, r)
}

func (s *Service) logSanction(ctx context.Context, tx *db.Tx, kind string, id int64) (*sanctionRow, error) {
	r, err := sanctionStore{tx}.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return r, s.log(ctx, tx, kind, SubjectSanction, id, r)
}

func (s *Service) log(ctx context.Context, tx *db.Tx, kind, subject string, id int64, row any) error {
	b, err := json.Marshal(row)
	if err != nil {
		return err
	}
	_, err = s.Ledger.Append(ctx, tx, ledger.Event{At: clock.Stamp(s.Clock), Kind: kind, Subject: subject, SubjectID: id, Payload: b})
	return err
}

// CurrentRow is the ledger.Current of the credit part: the canonical payload
// of a credit record or sanction as it is now.
func CurrentRow(ctx context.Context, q db.Queryer, subject string, id int64) (json.RawMessage, bool, error) {
	var v any
	var err error
	switch subject {
	case SubjectRecord:
		v, err = recordStore{q}.get(ctx, id)
	case SubjectSanction:
		v, err = sanctionStore{q}.get(ctx, id)
	default:
		return nil, false, fmt.Errorf("credit: unknown ledger subject %q", subject)
	}
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	b, err := json.Marshal(v)
	return b, err == nil, err
}

// VerifyLedger checks the credit ledger against the current credit records and
// sanctions (for `evalcred ledger verify`): nil when the chain holds. A record
// or sanction row with no ledger entry at all (inserted behind the
// platform's back) is reported too, against the chain's last entry.
func VerifyLedger(ctx context.Context, q db.Queryer, pub ed25519.PublicKey) (*ledger.Mismatch, error) {
	m, err := ledger.Verify(ctx, q, pub, CurrentRow)
	if m != nil || err != nil {
		return m, err
	}
	for _, t := range []struct {
		subject string
		first   func(context.Context) (int64, bool, error)
	}{{SubjectRecord, recordStore{q}.firstUnlogged}, {SubjectSanction, sanctionStore{q}.firstUnlogged}} {
		id, found, err := t.first(ctx)
		if err != nil {
			return nil, err
		}
		if !found {
			continue
		}
		h, err := ledger.Head(ctx, q)
		if err != nil {
			return nil, err
		}
		return &ledger.Mismatch{Seq: h.Seq, Reason: fmt.Sprintf("%s %d has no ledger entry", t.subject, id)}, nil
	}
	return nil, nil
}
