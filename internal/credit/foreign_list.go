package credit

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
)

// ForeignBan is another province's ban as recorded here.
type ForeignBan struct {
	ID              int64         `json:"id"`
	InstitutionID   int64         `json:"institution_id"`
	InstitutionName string        `json:"institution_name"`
	USCC            string        `json:"uscc"`
	Province        string        `json:"province"`
	StartsOn        calendar.Date `json:"starts_on"`
	EndsOn          calendar.Date `json:"ends_on"`
	Public          bool          `json:"public"`
	Reference       string        `json:"reference"`
	Recognised      bool          `json:"recognised"`
	SanctionID      int64         `json:"sanction_id,omitempty"`
	CreatedAt       time.Time     `json:"created_at"`
}

// ListForeignBans returns the foreign bans recorded for institutions in the
// actor's scope, the latest first. Needs credit.propose, like recording one.
func (s *Service) ListForeignBans(ctx context.Context, a *auth.Actor) ([]ForeignBan, error) {
	if err := a.Require("credit.propose"); err != nil {
		return nil, err
	}
	cond, args := a.Scope().SQL("i.region_code")
	rows, err := s.DB.Query(ctx, `SELECT f.id, f.institution_id, i.name, i.uscc, f.province_code, f.starts_on, f.ends_on, f.public, f.reference,
		f.recognised, COALESCE(f.sanction_id, 0), f.created_at
		FROM foreign_bans f JOIN institutions i ON i.id = f.institution_id WHERE `+cond+` ORDER BY f.created_at DESC, f.id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, fmt.Errorf("credit: foreign bans: %w", err)
	}
	defer rows.Close()
	var out []ForeignBan
	for rows.Next() {
		var b ForeignBan
		if err := rows.Scan(&b.ID, &b.InstitutionID, &b.InstitutionName, &b.USCC, &b.Province, &b.StartsOn, &b.EndsOn, &b.Public,
			&b.Reference, &b.Recognised, &b.SanctionID, &b.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
