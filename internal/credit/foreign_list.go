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

// ForeignBanList is a page of foreign bans with the total count.
type ForeignBanList struct {
	Items []ForeignBan `json:"items"`
	Total int          `json:"total"`
}

// ListForeignBans returns a page of the foreign bans recorded for
// institutions in the actor's scope, the latest first, with their total.
// Needs credit.propose, like recording one.
func (s *Service) ListForeignBans(ctx context.Context, a *auth.Actor, p Page) (ForeignBanList, error) {
	out := ForeignBanList{Items: []ForeignBan{}}
	if err := a.Require("credit.propose"); err != nil {
		return out, err
	}
	p = p.norm()
	cond, args := a.Scope().SQL("i.region_code")
	from := ` FROM foreign_bans f JOIN institutions i ON i.id = f.institution_id WHERE ` + cond
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("credit: count foreign bans: %w", err)
	}
	rows, err := s.DB.Query(ctx, `SELECT f.id, f.institution_id, i.name, i.uscc, f.province_code, f.starts_on, f.ends_on, f.public, f.reference,
		f.recognised, COALESCE(f.sanction_id, 0), f.created_at`+from+` ORDER BY f.created_at DESC, f.id DESC LIMIT ? OFFSET ?`,
		append(args, p.Limit, p.Offset)...)
	if err != nil {
		return out, fmt.Errorf("credit: foreign bans: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b ForeignBan
		if err := rows.Scan(&b.ID, &b.InstitutionID, &b.InstitutionName, &b.USCC, &b.Province, &b.StartsOn, &b.EndsOn, &b.Public,
			&b.Reference, &b.Recognised, &b.SanctionID, &b.CreatedAt); err != nil {
			return out, err
		}
		out.Items = append(out.Items, b)
	}
	return out, rows.Err()
}
