package credit

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// institution is what the credit part needs to know of an institution.
type institution struct {
	ID         int64
	Name       string
	USCC       string
	RegionCode string
	Status     string
}

// institutionStore holds what credit reads of institutions and persons, and
// runs the eligibility rules (eligibility.go) over institutions.
type institutionStore struct{ q db.Queryer }

// scoped reads an institution inside scope; outside it is NotFound, exactly
// like a missing one.
func (s institutionStore) scoped(ctx context.Context, scope region.Scope, id int64) (*institution, error) {
	cond, args := scope.SQL("i.region_code")
	var in institution
	err := s.q.QueryRow(ctx, "SELECT i.id, i.name, i.uscc, i.region_code, i.status FROM institutions i WHERE i.id = ? AND "+cond,
		append([]any{id}, args...)...).Scan(&in.ID, &in.Name, &in.USCC, &in.RegionCode, &in.Status)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("institution")
	}
	if err != nil {
		return nil, fmt.Errorf("credit: institution %d: %w", id, err)
	}
	return &in, nil
}

// get reads an institution wherever it is.
func (s institutionStore) get(ctx context.Context, id int64) (*institution, error) {
	return s.scoped(ctx, region.Scope{Code: region.RootCode}, id)
}

// region is the region code of an institution.
func (s institutionStore) region(ctx context.Context, id int64) (string, error) {
	var code string
	err := loadRow(ctx, s.q, "institution", "SELECT region_code FROM institutions WHERE id = ?", id, &code)
	return code, err
}

// person is the id of the person with a resident ID number, if known.
func (s institutionStore) person(ctx context.Context, idNumber string) (int64, bool, error) {
	var id int64
	err := s.q.QueryRow(ctx, "SELECT id FROM persons WHERE id_number = ?", idNumber).Scan(&id)
	if db.IsNoRows(err) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// reasons runs one rule's block for one institution: a reason per blocking
// row, in the block's order.
func (s institutionStore) reasons(ctx context.Context, id int64, r Rule, b Block) ([]Reason, error) {
	cols, from := b.Cols, "institutions i"
	if cols == "" {
		cols = "i.id"
	}
	if b.From != "" {
		from += ", " + b.From
	}
	q := "SELECT " + cols + " FROM " + from + " WHERE i.id = ? AND (" + b.Where + ")"
	if b.Order != "" {
		q += " ORDER BY " + b.Order
	}
	return db.List(ctx, s.q, "credit: rule "+r.Code, func(sc db.Scanner) (Reason, error) {
		reason := b.Reason
		var err error
		if b.Scan != nil {
			err = b.Scan(sc, &reason)
		} else {
			var id int64
			err = sc.Scan(&id)
		}
		if reason.Code == "" {
			reason.Code = r.Code
		}
		if reason.Key == "" {
			reason.Key = r.Key
		}
		return reason, err
	}, q, append([]any{id}, b.Args...)...)
}

// pool selects, in id order, the institutions in scope that no block
// blocks: one query, a NOT EXISTS (or NOT) per block.
func (s institutionStore) pool(ctx context.Context, scope region.Scope, blocks []Block) ([]int64, error) {
	cond, args := scope.SQL("i.region_code")
	q := `SELECT i.id FROM institutions i WHERE ` + cond
	for _, b := range blocks {
		if b.From == "" {
			q += "\n\t\tAND NOT (" + b.Where + ")"
		} else {
			q += "\n\t\tAND NOT EXISTS (SELECT 1 FROM " + b.From + " WHERE " + b.Where + ")"
		}
		args = append(args, b.Args...)
	}
	return db.IDs(ctx, s.q, "credit: eligible pool", q+" ORDER BY i.id", args...)
}
