package ui_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/demo"
	"evalcred/internal/registry/registrytest"
)

func userID(t *testing.T, e *apptest.Env, username string) int64 {
	t.Helper()
	var list struct {
		Items []struct {
			ID       int64
			Username string
		}
	}
	e.JSON("GET", "/api/v1/users", e.Login("admin"), nil, &list)
	for _, u := range list.Items {
		if u.Username == username {
			return u.ID
		}
	}
	t.Fatalf("no user %s", username)
	return 0
}

// The login page tells a forgetful user whom to ask, in words.
func TestLoginPageSaysWhomToAsk(t *testing.T) {
	e := apptest.One(t)
	p := e.Browser("").Get("/login")
	for _, want := range []string{"忘记密码", "市、县财政部门的审核人员", "省级财政部门的系统管理员", "临时密码"} {
		if !strings.Contains(p.HTML, want) {
			t.Errorf("login page lacks %q", want)
		}
	}
	if p := e.Browser("").Get("/login?lang=en"); !strings.Contains(p.HTML, "Forgot your password?") {
		t.Errorf("English login page lacks the help")
	}
}

var tempPassword = regexp.MustCompile(`class="temporary-password"><code>([^<]+)</code>`)

// The administrator resets an official's password on the users page; the
// temporary password is shown once, and its owner is held to the
// change-password page until a new one is chosen.
func TestResetAndForcedChangeThroughThePages(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		id := userID(t, e, "hunan")
		admin := e.Browser("admin")
		list := admin.Get("/admin/users")
		if list.Status != 200 || !strings.Contains(list.HTML, fmt.Sprintf(`action="/admin/users/%d/password"`, id)) {
			t.Fatalf("users page: %d, no reset button for hunan", list.Status)
		}
		p := admin.Post(fmt.Sprintf("/admin/users/%d/password", id), nil)
		m := tempPassword.FindStringSubmatch(p.HTML)
		if p.Status != 200 || m == nil || !strings.Contains(p.HTML, "只显示这一次") {
			t.Fatalf("reset page: %d %s", p.Status, p.HTML)
		}
		if again := admin.Get("/admin/users"); strings.Contains(again.HTML, m[1]) || !strings.Contains(again.HTML, "待修改临时密码") {
			t.Errorf("the users page shows the temporary password again, or not that it must change")
		}
		hunan := e.Browser("")
		if p := hunan.Post("/login", url.Values{"username": {"hunan"}, "password": {m[1]}}); p.Status != 303 || p.Location != "/account/password" {
			t.Fatalf("login with the temporary password: %d → %q", p.Status, p.Location)
		}
		for _, path := range []string{"/", "/institutions", "/notifications"} {
			if p := hunan.Get(path); p.Status != 303 || p.Location != "/account/password" {
				t.Errorf("GET %s before the change: %d → %q", path, p.Status, p.Location)
			}
		}
		form := hunan.Get("/account/password")
		if form.Status != 200 || !strings.Contains(form.HTML, "密码已由管理员重置") {
			t.Fatalf("change page: %d", form.Status)
		}
		if p := hunan.Post("/account/password", url.Values{"old_password": {m[1]}, "new_password": {"hunan-new-pass"}, "new_password_confirm": {"hunan-new-pasS"}}); p.Status != 422 || !strings.Contains(p.HTML, "两次输入的密码不一致") {
			t.Errorf("confirmation differs: %d", p.Status)
		}
		if p := hunan.Post("/account/password", url.Values{"old_password": {m[1]}, "new_password": {"hunan-new-pass"}, "new_password_confirm": {"hunan-new-pass"}}); p.Status != 303 {
			t.Fatalf("change: %d %s", p.Status, p.HTML)
		}
		if p := hunan.Get("/institutions"); p.Status != 200 {
			t.Errorf("after the change: %d → %q", p.Status, p.Location)
		}
	})
}

// A locked account shows as such, with its failed logins in words and a
// button that unlocks it.
func TestLockedAccountOnTheUsersPage(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		for i := 0; i < 6; i++ {
			e.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "zhuzhou", "password": "guess"})
		}
		id := userID(t, e, "zhuzhou")
		admin := e.Browser("admin")
		list := admin.Get("/admin/users")
		if !strings.Contains(list.HTML, "登录受限") || !strings.Contains(list.HTML, fmt.Sprintf(`action="/admin/users/%d/unlock"`, id)) {
			t.Fatalf("users page lacks the lock or its button")
		}
		log := admin.Get(fmt.Sprintf("/admin/users/%d/failures", id))
		if log.Status != 200 || !strings.Contains(log.HTML, "登录失败记录") || !strings.Contains(log.HTML, "<td>127.0.0.1</td><td>密码错误</td>") || !strings.Contains(log.HTML, "计入") {
			t.Fatalf("failure log: %d %s", log.Status, log.HTML)
		}
		if p := admin.Post(fmt.Sprintf("/admin/users/%d/unlock", id), nil); p.Status != 303 {
			t.Fatalf("unlock: %d", p.Status)
		}
		if p := admin.Get("/admin/users"); strings.Contains(p.HTML, "登录受限") {
			t.Errorf("still locked after the unlock")
		}
		if tok := e.Login("zhuzhou"); tok == "" {
			t.Errorf("no login after the unlock")
		}
	})
}

// A county reviewer sees its institutions' accounts with a reset button,
// not the form that opens staff accounts, and cannot reach an official's.
func TestReviewerUsersPage(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		_, inst := registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430102")
		furong := e.Browser("furong")
		p := furong.Get("/admin/users")
		if p.Status != 200 || !strings.Contains(p.HTML, inst.Username) || !strings.Contains(p.HTML, fmt.Sprintf(`action="/admin/users/%d/password"`, inst.UserID)) {
			t.Fatalf("reviewer's users page: %d", p.Status)
		}
		if strings.Contains(p.HTML, `action="/admin/users"`) || strings.Contains(p.HTML, ">hunan<") {
			t.Errorf("reviewer's page offers staff accounts")
		}
		if p := furong.Post(fmt.Sprintf("/admin/users/%d/password", userID(t, e, "changsha")), nil); p.Status != 404 {
			t.Errorf("reviewer resets an official: %d, want 404", p.Status)
		}
		if p := furong.Post(fmt.Sprintf("/admin/users/%d/password", inst.UserID), nil); p.Status != 200 || tempPassword.FindStringSubmatch(p.HTML) == nil {
			t.Errorf("reviewer resets its institution's user: %d", p.Status)
		}
	})
}

// Registration asks for the password twice and says when the two differ;
// an applicant logging in before the review is told to wait.
func TestRegistrationPasswordTwiceAndPendingLogin(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		b := e.Browser("")
		if p := b.Get("/register"); !strings.Contains(p.HTML, `name="password_confirm"`) {
			t.Fatalf("registration form lacks the second password")
		}
		in := registrytest.Input("430102")
		form := url.Values{"uscc": {in.USCC}, "name": {in.Name}, "type": {in.Type}, "region_code": {in.RegionCode}, "contact_name": {in.ContactName},
			"contact_phone": {in.ContactPhone}, "contact_email": {in.ContactEmail}, "username": {in.Username}, "password": {in.Password},
			"password_confirm": {in.Password + "x"}, "province": {"430000"}}
		p := b.Post("/register", form)
		if p.Status != 422 || !strings.Contains(p.HTML, "两次输入的密码不一致") || strings.Contains(p.HTML, in.Password) {
			t.Fatalf("differing passwords: %d", p.Status)
		}
		form.Set("password_confirm", in.Password)
		if p := b.Post("/register", form); p.Status != 201 {
			t.Fatalf("register: %d %s", p.Status, p.HTML)
		}
		p = b.Post("/login", url.Values{"username": {in.Username}, "password": {in.Password}})
		if p.Status != 403 || !strings.Contains(p.HTML, "正在审核中") || strings.Contains(p.HTML, "用户名或密码错误") {
			t.Errorf("pending applicant's login: %d", p.Status)
		}
		if p := b.Post("/login", url.Values{"username": {in.Username}, "password": {demo.Password}}); p.Status != 401 {
			t.Errorf("pending applicant, wrong password: %d", p.Status)
		}
	})
}

var pageRequestID = regexp.MustCompile(`请求编号：([0-9a-f]{16})`)

// An error page names the request for support, by the server's id.
func TestErrorPageNamesTheRequest(t *testing.T) {
	e := apptest.One(t)
	b := e.Browser("hunan")
	b.Header.Set("X-Request-Id", "from-the-client")
	p := b.Get("/institutions/999999")
	if p.Status != 404 || pageRequestID.FindStringSubmatch(p.HTML) == nil || strings.Contains(p.HTML, "from-the-client") {
		t.Errorf("error page: %d %s", p.Status, p.HTML)
	}
}
