package auth

import (
	"context"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/db"
)

// OfficialInput is what an administrator fills in to create an account.
type OfficialInput struct {
	Username   string `json:"username"`
	Password   string `json:"password"`
	Name       string `json:"name"`
	Role       Role   `json:"role"`
	RegionCode string `json:"region_code"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
}

// CreateOfficial creates an official's account inside the administrator's
// region. Institution users come from approved registrations, never from here.
func (s *Service) CreateOfficial(ctx context.Context, a *Actor, in OfficialInput) (*User, error) {
	if err := a.Require("user.manage"); err != nil {
		return nil, err
	}
	if in.Role == RoleInstitution || in.Role == RoleMinistry {
		return nil, apperr.InvalidField("role", "field.role_not_here")
	}
	if in.RegionCode != "" && !a.Scope().Contains(in.RegionCode) {
		return nil, apperr.InvalidField("region_code", "field.region_outside")
	}
	now := s.Clock.Now()
	var id int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = CreateUser(ctx, tx, NewUser{Username: in.Username, Password: in.Password, Name: in.Name, Role: in.Role,
			RegionCode: in.RegionCode, Email: in.Email, Phone: in.Phone}, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "user.created", "user", id, in.RegionCode, nil,
			map[string]any{"username": in.Username, "role": in.Role, "region_code": in.RegionCode})
	})
	if err != nil {
		return nil, err
	}
	return userStore{s.DB}.get(ctx, id)
}

// SetActive switches an account on or off; switching it off ends its sessions.
// Administrators manage accounts inside their region only, and never their own.
func (s *Service) SetActive(ctx context.Context, a *Actor, id int64, active bool) (*User, error) {
	if err := a.Require("user.manage"); err != nil {
		return nil, err
	}
	u, err := userStore{s.DB}.get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Scope().Contains(u.RegionCode) {
		return nil, apperr.NotFoundf("user")
	}
	if u.ID == a.UserID {
		return nil, apperr.New(apperr.Conflict, "error.not_yourself")
	}
	now := s.Clock.Now()
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := (userStore{tx}).setActive(ctx, id, active, now); err != nil {
			return err
		}
		if !active {
			if err := (sessionStore{tx}).endAll(ctx, id); err != nil {
				return err
			}
		}
		action := "user.deactivated"
		if active {
			action = "user.activated"
		}
		return audit.Record(ctx, tx, a.Who(), now, action, "user", id, u.RegionCode, map[string]bool{"active": !active}, map[string]bool{"active": active})
	})
	if err != nil {
		return nil, err
	}
	u.Active = active
	return u, nil
}

// Users lists the accounts the viewer manages or looks after: for an
// administrator every account inside its region, for a city or county
// reviewer those of its region's institutions.
func (s *Service) Users(ctx context.Context, a *Actor) ([]*User, error) {
	var users []*User
	var err error
	switch {
	case a.Can("user.manage"):
		users, err = userStore{s.DB}.inScope(ctx, a.Scope())
	case a.Can("user.reset_institution"):
		users, err = userStore{s.DB}.institutionsInScope(ctx, a.Scope())
	default:
		return nil, a.Require("user.manage")
	}
	if err != nil {
		return nil, err
	}
	return users, s.describe(ctx, a, users)
}

// Me returns the account of the signed-in person.
func (s *Service) Me(ctx context.Context, a *Actor) (*User, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	return userStore{s.DB}.get(ctx, a.UserID)
}
