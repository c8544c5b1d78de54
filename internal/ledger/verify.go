package ledger

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"sort"

	"evalcred/internal/db"
)

// Current returns the canonical payload of a subject's row as it is now, in
// the form the service appended it, or found=false when the row is gone.
type Current func(ctx context.Context, q db.Queryer, subject string, id int64) (payload json.RawMessage, found bool, err error)

// Mismatch names the first entry that does not hold and why.
type Mismatch struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
}

func (m *Mismatch) Error() string { return fmt.Sprintf("ledger entry %d: %s", m.Seq, m.Reason) }

// Verify walks the whole chain: every entry must follow its predecessor and
// hash to its stored hash; the head must name the last entry and carry a
// valid signature by pub; and the latest entry of every subject must equal
// the subject's current row (current). It returns nil when all holds,
// otherwise the first failing entry (lowest seq); err is for database trouble.
func Verify(ctx context.Context, q db.Queryer, pub ed25519.PublicKey, current Current) (*Mismatch, error) {
	type key struct {
		subject string
		id      int64
	}
	latest := map[key]Entry{}
	var first *Mismatch
	var last Entry
	err := chainStore{q}.each(ctx, func(e Entry) {
		if first == nil {
			switch {
			case e.Seq != last.Seq+1:
				first = &Mismatch{e.Seq, fmt.Sprintf("sequence gap after %d", last.Seq)}
			case e.PrevHash != last.Hash:
				first = &Mismatch{e.Seq, "previous hash does not match entry " + fmt.Sprint(last.Seq)}
			case Hash(e) != e.Hash:
				first = &Mismatch{e.Seq, "hash does not match the entry's content"}
			}
		}
		latest[key{e.Subject, e.SubjectID}] = e
		last = e
	})
	if err != nil {
		return nil, err
	}
	if first != nil {
		return first, nil
	}
	// Compare rows in seq order, so the answer is the first entry that fails.
	ents := make([]Entry, 0, len(latest))
	for _, e := range latest {
		ents = append(ents, e)
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].Seq < ents[j].Seq })
	for _, e := range ents {
		cur, found, err := current(ctx, q, e.Subject, e.SubjectID)
		if err != nil {
			return nil, fmt.Errorf("ledger: verify %s %d: %w", e.Subject, e.SubjectID, err)
		}
		if !found {
			return &Mismatch{e.Seq, fmt.Sprintf("%s %d no longer exists", e.Subject, e.SubjectID)}, nil
		}
		var c bytes.Buffer
		if err := json.Compact(&c, cur); err != nil {
			return nil, err
		}
		if !bytes.Equal(c.Bytes(), e.Payload) {
			return &Mismatch{e.Seq, fmt.Sprintf("%s %d was changed outside the platform", e.Subject, e.SubjectID)}, nil
		}
	}
	h, err := Head(ctx, q)
	if err != nil {
		return nil, err
	}
	if h.Seq != last.Seq || h.Hash != last.Hash {
		return &Mismatch{last.Seq, fmt.Sprintf("head names entry %d, chain ends at %d", h.Seq, last.Seq)}, nil
	}
	if !VerifyHead(h, pub) {
		return &Mismatch{h.Seq, "head signature does not verify"}, nil
	}
	return nil, nil
}
