// Package auth knows who is acting: users, their roles and regions, sessions,
// passwords and the brake on password guessing. Permissions are data
// (permissions.json, role → permission names); region scope is the subtree of
// the user's region node, applied by every store inside its SQL.
package auth

import (
	"context"
	_ "embed"
	"encoding/json"
	"slices"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/region"
)

// Role is what a user does on the platform; permissions.json gives each
// role its permissions.
type Role string

// The roles. A county and a city reviewer share one role: their level follows
// from their region code.
const (
	RoleInstitution        Role = "institution"
	RoleLocalReviewer      Role = "local_reviewer"
	RoleProvincialReviewer Role = "provincial_reviewer"
	RoleProvincialAdmin    Role = "provincial_admin"
	RoleMinistry           Role = "ministry"
	RoleExpert             Role = "expert"
	RoleFundDept           Role = "fund_dept"
)

// Roles lists every role, in the order screens show them.
var Roles = []Role{RoleInstitution, RoleLocalReviewer, RoleProvincialReviewer, RoleProvincialAdmin, RoleMinistry, RoleExpert, RoleFundDept}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// ByRegistration reports whether accounts of role r come only from approved
// registrations (institution users), never from an administrator.
func (r Role) ByRegistration() bool { return r == RoleInstitution }

// Official reports whether r works at a finance department or the ministry.
func (r Role) Official() bool {
	switch r {
	case RoleLocalReviewer, RoleProvincialReviewer, RoleProvincialAdmin, RoleMinistry:
		return true
	}
	return false
}

//go:embed permissions.json
var permissionsJSON []byte

var permissions = func() map[Role][]string {
	var m map[Role][]string
	if err := json.Unmarshal(permissionsJSON, &m); err != nil {
		panic("auth: permissions.json: " + err.Error())
	}
	return m
}()

// Permissions returns the permissions of role r.
func Permissions(r Role) []string { return slices.Clone(permissions[r]) }

// Actor is the user behind a request, resolved once per request.
type Actor struct {
	UserID        int64  `json:"id"`
	Username      string `json:"username"`
	Name          string `json:"name"`
	Role          Role   `json:"role"`
	RegionCode    string `json:"region_code"`
	InstitutionID int64  `json:"institution_id,omitempty"`
	// MustChangePassword holds the actor to the change-password page: its
	// password was reset and is temporary.
	MustChangePassword bool `json:"-"`
	// IP and RequestID are where the request came from, for the audit log;
	// ClientRequestID is the id the client sent, kept beside the server's.
	IP              string `json:"-"`
	RequestID       string `json:"-"`
	ClientRequestID string `json:"-"`
}

// Can reports whether the actor holds permission perm.
func (a *Actor) Can(perm string) bool {
	return a != nil && slices.Contains(permissions[a.Role], perm)
}

// Require returns a Forbidden error unless the actor holds perm.
func (a *Actor) Require(perm string) error {
	if a == nil {
		return apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	if !a.Can(perm) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

// ForInstitution reports whether a works for an institution (its user):
// such an actor sees its own institution's records, never a region's.
func (a *Actor) ForInstitution() bool {
	return a != nil && a.Role == RoleInstitution && a.InstitutionID != 0
}

// ActsFor reports whether a is a user of institution id.
func (a *Actor) ActsFor(id int64) bool { return a.ForInstitution() && a.InstitutionID == id }

// Official reports whether a works at a finance department or the ministry.
func (a *Actor) Official() bool { return a != nil && a.Role.Official() }

// National reports whether a sees the whole country (the ministry).
func (a *Actor) National() bool { return a != nil && a.Role == RoleMinistry }

// Oversees checks that a may decide on what another official did (an
// objection to a record that official proposed, a dispute over a score that
// official gave): a is not that official and sits at or above its region.
// The answer is Forbidden otherwise.
func (a *Actor) Oversees(userID int64, regionCode string) error {
	if a == nil {
		return apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	if userID != 0 && a.UserID == userID {
		return apperr.New(apperr.Forbidden, "error.decider_is_first_official")
	}
	if !(region.Scope{Code: a.RegionCode}).Contains(regionCode) {
		return apperr.New(apperr.Forbidden, "error.decider_not_above")
	}
	return nil
}

// Scope is the subtree of regions the actor sees. Institution users, experts
// and fund departments have no regional view: their stores restrict them by
// institution or assignment instead, and their scope is their own region.
func (a *Actor) Scope() region.Scope {
	if a == nil {
		return region.Scope{Code: "-"} // matches nothing
	}
	if a.Role == RoleMinistry {
		return region.Scope{Code: "000000"}
	}
	return region.Scope{Code: a.RegionCode}
}

// Level is the review level of a reviewer's region: county and city reviewers
// decide level 1, provincial reviewers level 2.
func (a *Actor) Level() region.Level {
	if r, ok := region.Default().Lookup(a.RegionCode); ok {
		return r.Level
	}
	return region.Country
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx, or nil for an anonymous request.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// DisplayName is how pages name the actor to other people: the name of the
// official or department, the login name only for an account without one.
func (a *Actor) DisplayName() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Username
}

// Who is the actor as the audit log names it; a nil actor is the system.
func (a *Actor) Who() audit.Who {
	if a == nil {
		return audit.Who{}
	}
	return audit.Who{ID: a.UserID, Name: a.Username, Role: string(a.Role), IP: a.IP, RequestID: a.RequestID, ClientRequestID: a.ClientRequestID}
}
