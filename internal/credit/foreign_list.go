package credit

import (
	"context"
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
	if err := a.Require("credit.propose"); err != nil {
		return ForeignBanList{Items: []ForeignBan{}}, err
	}
	return sanctionStore{s.DB}.foreignBans(ctx, a.Scope(), p.norm())
}
