package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/app"
	"evalcred/internal/apptest"
	"evalcred/internal/demo"
	"evalcred/internal/web"
)

// behindProxy has the test server trust its own address as a reverse
// proxy, so that each request names its client in X-Forwarded-For.
func behindProxy(c *app.Config) {
	c.Proxies, _ = web.ParseProxies("127.0.0.1/32,::1/128")
}

// client is one browser or API client at an address, keeping cookies.
type client struct {
	t    *testing.T
	e    *apptest.Env
	addr string
	c    *http.Client
}

func newClient(t *testing.T, e *apptest.Env, addr string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, e: e, addr: addr, c: &http.Client{Jar: jar}}
}

func (c *client) call(method, path, token string, body any, header ...string) *apptest.Response {
	c.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, c.e.Server.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", c.addr)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(res.Body)
	return &apptest.Response{Status: res.StatusCode, Header: res.Header, Body: buf.Bytes()}
}

func (c *client) login(username, password string) *apptest.Response {
	c.t.Helper()
	return c.call("POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": password})
}

func errorOf(r *apptest.Response) (code, message string) {
	e, _ := r.Map()["error"].(map[string]any)
	code, _ = e["code"].(string)
	message, _ = e["message"].(string)
	return code, message
}

// The owner's browser, known from an earlier login, gets in with the right
// password while the attacker's address waits and browsers the account
// does not know are refused.
func TestKnownDeviceThroughTheAPI(t *testing.T) {
	apptest.ForEachWith(t, behindProxy, func(t *testing.T, e *apptest.Env) {
		owner := newClient(t, e, "198.51.100.20")
		if r := owner.login("hunan", demo.Password); r.Status != 200 || !strings.Contains(r.Header.Get("Set-Cookie"), web.DeviceCookie+"=") {
			t.Fatalf("owner's first login: %d, cookies %q", r.Status, r.Header.Values("Set-Cookie"))
		}
		attacker := newClient(t, e, "203.0.113.9")
		for i := 0; i < 5; i++ {
			if r := attacker.login("hunan", "guess"); r.Status != 401 {
				t.Fatalf("guess %d: %d", i, r.Status)
			}
		}
		if r := attacker.login("hunan", demo.Password); r.Status != 429 {
			t.Fatalf("attacker's address after 5 guesses: %d, want 429", r.Status)
		}
		owner.addr = "192.0.2.44" // the owner, travelling, with the same browser
		if r := owner.login("hunan", demo.Password); r.Status != 200 {
			t.Fatalf("owner while the attacker waits: %d %s", r.Status, r.Body)
		}
		// From many addresses at once (20 failures with the 5 above): the
		// account is locked, but not for the owner's browser.
		for i := 0; i < 15; i++ {
			if r := newClient(t, e, fmt.Sprintf("203.0.114.%d", i+1)).login("hunan", "guess"); r.Status != 401 {
				t.Fatalf("spread guess %d: %d", i, r.Status)
			}
		}
		r := newClient(t, e, "192.0.2.45").login("hunan", demo.Password)
		if code, msg := errorOf(r); r.Status != 429 || code != "rate_limited" || !strings.Contains(msg, "省级管理员") {
			t.Errorf("a new browser on the locked account: %d %s", r.Status, r.Body)
		}
		if r := owner.login("hunan", demo.Password); r.Status != 200 {
			t.Errorf("owner's browser on the locked account: %d %s", r.Status, r.Body)
		}
		// A department behind one address is not locked out by one account's failures.
		colleague := newClient(t, e, "203.0.113.9")
		if r := colleague.login("changsha", demo.Password); r.Status != 200 {
			t.Errorf("another account behind the attacker's address: %d", r.Status)
		}
	})
}

// The administrator unlocks a locked official and reads its failed logins
// through the API; a county reviewer may do neither for an official.
func TestUnlockAndFailureLogThroughTheAPI(t *testing.T) {
	apptest.ForEachWith(t, behindProxy, func(t *testing.T, e *apptest.Env) {
		for i := 0; i < 20; i++ {
			newClient(t, e, fmt.Sprintf("203.0.114.%d", i+1)).login("zhuzhou", "guess")
		}
		if r := newClient(t, e, "192.0.2.1").login("zhuzhou", demo.Password); r.Status != 429 {
			t.Fatalf("locked: %d", r.Status)
		}
		admin := e.Login("admin")
		id := userID(t, e, admin, "zhuzhou")
		path := fmt.Sprintf("/api/v1/users/%d", id)
		for _, p := range []string{path + "/unlock", path + "/password-reset"} {
			if r := e.Call("POST", p, e.Login("furong"), nil); r.Status != 404 {
				t.Errorf("county reviewer POST %s: %d, want 404", p, r.Status)
			}
		}
		if r := e.Call("GET", path+"/login-failures", e.Login("furong"), nil); r.Status != 404 {
			t.Errorf("county reviewer reads the log: %d, want 404", r.Status)
		}
		var log struct {
			User  struct{ Locked bool }
			Items []struct {
				IP, Reason string
				Cleared    bool
			}
		}
		if st := e.JSON("GET", path+"/login-failures", admin, nil, &log); st != 200 || !log.User.Locked || len(log.Items) != 20 {
			t.Fatalf("failure log: %d %+v", st, log)
		}
		if it := log.Items[0]; it.IP != "203.0.114.20" || it.Reason != "wrong_password" || it.Cleared {
			t.Errorf("latest failure %+v", it)
		}
		if r := e.Call("POST", path+"/unlock", admin, nil); r.Status != 200 {
			t.Fatalf("unlock: %d %s", r.Status, r.Body)
		}
		if r := newClient(t, e, "192.0.2.1").login("zhuzhou", demo.Password); r.Status != 200 {
			t.Errorf("after the unlock: %d", r.Status)
		}
		if r := e.Call("POST", path+"/unlock", admin, nil); r.Status != 409 {
			t.Errorf("unlocking an account not locked: %d, want 409", r.Status)
		}
	})
}

// A reset password is shown once and must be changed before anything
// else: every call but the change and logout answers 403, saying so.
func TestResetPasswordMustBeChangedFirst(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Login("admin")
		id := userID(t, e, admin, "hunan")
		var reset struct {
			TemporaryPassword string `json:"temporary_password"`
			User              struct {
				MustChangePassword bool `json:"must_change_password"`
			}
		}
		if st := e.JSON("POST", fmt.Sprintf("/api/v1/users/%d/password-reset", id), admin, nil, &reset); st != 200 || reset.TemporaryPassword == "" || !reset.User.MustChangePassword {
			t.Fatalf("reset: %d %+v", st, reset)
		}
		if r := e.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "hunan", "password": demo.Password}); r.Status != 401 {
			t.Errorf("old password after the reset: %d", r.Status)
		}
		tok := e.Login("hunan", reset.TemporaryPassword)
		r := e.Call("GET", "/api/v1/institutions", tok, nil)
		if code, msg := errorOf(r); r.Status != 403 || code != "password_change_required" || !strings.Contains(msg, "修改密码") {
			t.Fatalf("a call before the change: %d %s", r.Status, r.Body)
		}
		if r := e.Call("POST", "/api/v1/me/password", tok, map[string]any{"old_password": reset.TemporaryPassword, "new_password": "mine-now-123", "new_password_confirm": "mine-now-124"}); r.Status != 422 || r.ErrorFields()["new_password_confirm"] == nil {
			t.Errorf("confirmation differs: %d %s", r.Status, r.Body)
		}
		if r := e.Call("POST", "/api/v1/me/password", tok, map[string]any{"old_password": reset.TemporaryPassword, "new_password": "mine-now-123"}); r.Status != 200 {
			t.Fatalf("change: %d %s", r.Status, r.Body)
		}
		if r := e.Call("GET", "/api/v1/institutions", tok, nil); r.Status != 200 {
			t.Errorf("after the change: %d %s", r.Status, r.Body)
		}
		// The temporary password no longer opens anything.
		if r := e.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "hunan", "password": reset.TemporaryPassword}); r.Status != 401 {
			t.Errorf("temporary password after the change: %d", r.Status)
		}
	})
}

// The city or county reviewer resets its region's institutions' users,
// and nobody else's.
func TestReviewerResetsItsInstitutions(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		inst, _ := registerApproved(t, e, "430102", "furong")
		other, _ := registerApproved(t, e, "430202", "zhuzhou")
		furong := e.Login("furong")
		var list struct {
			Items []struct {
				ID            int64
				InstitutionID int64 `json:"institution_id"`
				Actions       []string
			}
		}
		if st := e.JSON("GET", "/api/v1/users", furong, nil, &list); st != 200 || len(list.Items) != 1 || list.Items[0].InstitutionID != inst {
			t.Fatalf("the reviewer's accounts: %d %+v", st, list)
		}
		if r := e.Call("POST", fmt.Sprintf("/api/v1/users/%d/password-reset", list.Items[0].ID), furong, nil); r.Status != 200 {
			t.Errorf("reset in scope: %d %s", r.Status, r.Body)
		}
		e.JSON("GET", "/api/v1/users", e.Login("zhuzhou"), nil, &list)
		if len(list.Items) != 1 || list.Items[0].InstitutionID != other {
			t.Fatalf("zhuzhou's accounts: %+v", list)
		}
		if r := e.Call("POST", fmt.Sprintf("/api/v1/users/%d/password-reset", list.Items[0].ID), furong, nil); r.Status != 404 {
			t.Errorf("reset outside scope: %d, want 404", r.Status)
		}
		if r := e.Call("POST", fmt.Sprintf("/api/v1/users/%d/password-reset", userID(t, e, e.Login("admin"), "changsha")), furong, nil); r.Status != 404 {
			t.Errorf("reviewer resets an official: %d, want 404", r.Status)
		}
	})
}

// An applicant whose registration awaits review is told so, in words,
// when the password is right; a wrong one is just wrong.
func TestPendingApplicantIsToldToWait(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		in := registration("430102")
		in["password_confirm"] = in["password"]
		if st := e.JSON("POST", "/api/v1/registrations", "", in, nil); st != 201 {
			t.Fatalf("register: %d", st)
		}
		r := e.Call("POST", "/api/v1/auth/login", "", map[string]any{"username": in["username"], "password": in["password"]})
		if code, msg := errorOf(r); r.Status != 403 || code != "registration_pending" || !strings.Contains(msg, "审核") || strings.Contains(msg, "密码错误") {
			t.Errorf("right password, pending: %d %s", r.Status, r.Body)
		}
		if r := e.Call("POST", "/api/v1/auth/login", "", map[string]any{"username": in["username"], "password": "not-it-at-all"}); r.Status != 401 {
			t.Errorf("wrong password, pending: %d", r.Status)
		}
		bad := registration("430102")
		bad["password_confirm"] = "something-else"
		if r := e.Call("POST", "/api/v1/registrations", "", bad); r.Status != 422 || r.ErrorFields()["password_confirm"] == nil {
			t.Errorf("confirmation differs: %d %s", r.Status, r.Body)
		}
	})
}

var serverID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// The request id is the server's: a client's X-Request-Id is kept beside
// it in the audit log, cleaned and capped, never taken as the id.
func TestRequestIDIsTheServers(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Login("admin")
		c := newClient(t, e, "")
		sent := "mine-1\t<script>" + strings.Repeat("x", 100)
		body := map[string]any{"username": "yueyang2", "password": "yueyang-pass", "name": "岳阳审核", "role": "local_reviewer", "region_code": "430600"}
		r := c.call("POST", "/api/v1/users", admin, body, "X-Request-Id", sent)
		id := r.Header.Get("X-Request-Id")
		if r.Status != 201 || !serverID.MatchString(id) {
			t.Fatalf("create: %d, request id %q", r.Status, id)
		}
		var audit struct {
			Items []struct {
				RequestID       string `json:"request_id"`
				ClientRequestID string `json:"client_request_id"`
			}
		}
		if st := e.JSON("GET", "/api/v1/audit?action=user.created", admin, nil, &audit); st != 200 || len(audit.Items) == 0 {
			t.Fatalf("audit: %d %+v", st, audit)
		}
		got := audit.Items[0]
		want := ("mine-1script" + strings.Repeat("x", 100))[:web.MaxClientRequestID]
		if got.RequestID != id || got.ClientRequestID != want {
			t.Errorf("audit entry ids %+v, want %q and %q", got, id, want)
		}
		// Two requests with the same client id get different ids of their own.
		r2 := c.call("GET", "/api/v1/me", admin, nil, "X-Request-Id", id)
		if other := r2.Header.Get("X-Request-Id"); other == id || !serverID.MatchString(other) {
			t.Errorf("second request's id %q (the first was %q)", other, id)
		}
		// Errors name the id for support.
		r3 := c.call("GET", "/api/v1/users/999999/login-failures", admin, nil)
		if e, _ := r3.Map()["error"].(map[string]any); r3.Status != 404 || e["request_id"] != r3.Header.Get("X-Request-Id") {
			t.Errorf("error body %s, header %q", r3.Body, r3.Header.Get("X-Request-Id"))
		}
	})
}

func userID(t *testing.T, e *apptest.Env, token, username string) int64 {
	t.Helper()
	var list struct {
		Items []struct {
			ID       int64
			Username string
		}
	}
	e.JSON("GET", "/api/v1/users", token, nil, &list)
	for _, u := range list.Items {
		if u.Username == username {
			return u.ID
		}
	}
	t.Fatalf("no user %s", username)
	return 0
}
