package ui

import (
	"net/http"

	"evalcred/internal/auth"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /admin/users", u.adminUsers)
		h("POST /admin/users", u.adminCreateUser)
		h("POST /admin/users/{id}/active", u.adminSetActive)
		h("POST /admin/users/{id}/unlock", u.adminUnlock)
		h("POST /admin/users/{id}/password", u.adminResetPassword)
		h("GET /admin/users/{id}/failures", u.adminFailures)
	})
}

type adminUsersData struct {
	Users []*auth.User
	Roles []auth.Role
}

// creatableRoles are the roles an administrator may give: institution users
// come from registrations, ministry accounts from the ministry.
var creatableRoles = []auth.Role{auth.RoleLocalReviewer, auth.RoleProvincialReviewer, auth.RoleProvincialAdmin, auth.RoleExpert, auth.RoleFundDept}

func (u *UI) adminUsersPage(w http.ResponseWriter, r *http.Request, status int, p *Page) {
	a := p.Actor
	users, err := u.S.Auth.Users(r.Context(), a)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	p.Data = adminUsersData{Users: users, Roles: creatableRoles}
	u.Engine.Render(w, r, status, "admin_users", p)
}

func (u *UI) adminUsers(w http.ResponseWriter, r *http.Request) {
	if u.requireLogin(w, r) == nil {
		return
	}
	u.adminUsersPage(w, r, http.StatusOK, u.page(r, "admin.users.title", nil))
}

func (u *UI) adminCreateUser(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	in := auth.OfficialInput{Username: r.PostFormValue("username"), Password: r.PostFormValue("password"), Name: r.PostFormValue("name"),
		Role: auth.Role(r.PostFormValue("role")), RegionCode: r.PostFormValue("region_code"), Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone")}
	if _, err := u.S.Auth.CreateOfficial(r.Context(), a, in); err != nil {
		p := u.page(r, "admin.users.title", nil)
		p.Form = r.PostForm
		p.Form.Del("password")
		u.adminUsersPage(w, r, p.withError(r, err), p)
		return
	}
	redirect(w, r, "/admin/users", "user_created")
}

func (u *UI) adminSetActive(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "user")
	if !ok {
		return
	}
	if _, err := u.S.Auth.SetActive(r.Context(), a, id, r.PostFormValue("active") == "true"); err != nil {
		u.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/users", "user_updated")
}
