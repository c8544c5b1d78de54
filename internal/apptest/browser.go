package apptest

import (
	"evalcred/internal/demo"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
)

// Browser is a person using the web UI: a cookie session and the CSRF token of
// the last page seen, no JavaScript.
type Browser struct {
	// Header is sent with every request (X-Forwarded-For behind a trusted
	// proxy, X-Request-Id).
	Header http.Header
	e      *Env
	c      *http.Client
	csrf   string
}

// Response of a page.
type Page struct {
	Status   int
	HTML     string
	Location string // where a redirect pointed
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// Browser returns a browser logged in as username (password demo.Password),
// or anonymous when username is "".
func (e *Env) Browser(username string) *Browser {
	e.T.Helper()
	return e.BrowserWith(username, demo.Password)
}

// BrowserWith returns a browser logged in as username with password, or
// anonymous when username is "".
func (e *Env) BrowserWith(username, password string) *Browser {
	e.T.Helper()
	jar, _ := cookiejar.New(nil)
	b := &Browser{Header: http.Header{}, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if username != "" {
		p := b.Post("/login", url.Values{"username": {username}, "password": {password}})
		if p.Status != http.StatusSeeOther {
			e.T.Fatalf("browser login %s: %d %s", username, p.Status, p.HTML)
		}
		// Picks up the CSRF token from the home page (or the page it
		// redirects to).
		if p := b.Get("/"); p.Status == http.StatusSeeOther && strings.HasPrefix(p.Location, "/") {
			b.Get(p.Location)
		}
	}
	return b
}

// Get fetches a page.
func (b *Browser) Get(path string) *Page {
	b.e.T.Helper()
	req, _ := http.NewRequest("GET", b.e.Server.URL+path, nil)
	return b.do(req)
}

// Post submits a form as the page's form would, with the CSRF token.
func (b *Browser) Post(path string, form url.Values) *Page {
	b.e.T.Helper()
	if form == nil {
		form = url.Values{}
	}
	if b.csrf != "" && form.Get("csrf_token") == "" {
		form.Set("csrf_token", b.csrf)
	}
	req, _ := http.NewRequest("POST", b.e.Server.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// PostMultipart submits a multipart form (uploads) with the CSRF token.
func (b *Browser) PostMultipart(path, contentType string, body io.Reader) *Page {
	b.e.T.Helper()
	req, _ := http.NewRequest("POST", b.e.Server.URL+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-CSRF-Token", b.csrf)
	return b.do(req)
}

// CSRF is the token of the current session.
func (b *Browser) CSRF() string { return b.csrf }

func (b *Browser) do(req *http.Request) *Page {
	for k, vs := range b.Header {
		req.Header[k] = vs
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.e.T.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	p := &Page{Status: res.StatusCode, HTML: string(body), Location: res.Header.Get("Location")}
	if m := csrfMeta.FindStringSubmatch(p.HTML); m != nil {
		b.csrf = m[1]
	}
	return p
}

// PostForm submits a body as a browser's form submission would: the CSRF
// token travels inside the body (a multipart field), not in a header.
func (b *Browser) PostForm(path, contentType string, body io.Reader) *Page {
	b.e.T.Helper()
	req, _ := http.NewRequest("POST", b.e.Server.URL+path, body)
	req.Header.Set("Content-Type", contentType)
	return b.do(req)
}
