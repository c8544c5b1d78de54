package httpapi

import (
	"context"
	"net/http"
	"strings"

	"evalcred/internal/auth"
	"evalcred/internal/notify"
	"evalcred/internal/web"
)

func (api *API) healthz(w http.ResponseWriter, r *http.Request) {
	web.JSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (api *API) readyz(w http.ResponseWriter, r *http.Request) {
	if err := api.S.Ready(r.Context()); err != nil {
		web.JSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	web.JSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// login opens a bearer session. The known-device cookie is read and set as
// for a browser, so that a client that keeps cookies is a known device too.
func (api *API) login(w http.ResponseWriter, r *http.Request) {
	var in loginRequest
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Auth.LoginFrom(r.Context(), auth.LoginAttempt{Username: strings.TrimSpace(in.Username), Password: in.Password,
		IP: web.ClientIP(r.Context()), Devices: web.Devices(r), Kind: auth.KindBearer})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.SetDevices(w, r, res.Devices)
	web.JSON(w, http.StatusOK, map[string]any{"token": res.Token, "expires_at": res.Session.ExpiresAt, "user": res.User})
}

func (api *API) logout(w http.ResponseWriter, r *http.Request) {
	if actor(w, r) == nil {
		return
	}
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if err := api.S.Auth.Logout(r.Context(), strings.TrimSpace(token)); err != nil {
		web.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (api *API) me(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	u, err := api.S.Auth.Me(r.Context(), a)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, map[string]any{"id": u.ID, "username": u.Username, "name": u.Name, "role": u.Role,
		"region_code": u.RegionCode, "institution_id": u.InstitutionID, "email": u.Email, "permissions": auth.Permissions(u.Role),
		"must_change_password": u.MustChangePassword})
}

func (api *API) changePassword(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	var in auth.PasswordChange
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	err := api.S.Auth.ChangePassword(r.Context(), a, in, strings.TrimSpace(token))
	reply(w, r, map[string]string{"status": "changed"}, err)
}

// notifications are the caller's latest notices.
func (api *API) notifications(ctx context.Context, a *auth.Actor) ([]notify.Notice, error) {
	return api.S.Inbox.List(ctx, a, 100)
}
