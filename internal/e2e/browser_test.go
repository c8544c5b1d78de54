// Package e2e drives the real web UI in headless Chromium, as a person would:
// typing into forms, clicking buttons, following redirects. It runs when
// EVALCRED_TEST_BROWSER names a Chromium binary (.ci/run sets it) and is
// skipped otherwise.
package e2e

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"evalcred/internal/apptest"
)

// browser returns a chromedp context on a fresh headless Chromium, or skips.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := os.Getenv("EVALCRED_TEST_BROWSER")
	if bin == "" {
		t.Skip("EVALCRED_TEST_BROWSER not set (path to chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		// Chinese first, as the officials who use it.
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN"),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// login fills the login form and submits it.
func login(ctx context.Context, base, user string) error {
	return chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), user),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "demo12345"),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitNotPresent(chromedp.CSS("#f-password")),
	)
}

// logout presses the header's log-out button.
func logout(ctx context.Context) error {
	return chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#f-username")),
	)
}

func TestLoginAndLanguageSwitch(t *testing.T) {
	ctx := browser(t)
	e := apptest.One(t)
	if err := login(ctx, e.Server.URL, "hunan"); err != nil {
		t.Fatal(err)
	}
	who, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".who")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(who, "省级审核员 ·") || !strings.Contains(who, "省级财政审核员") {
		t.Errorf("header shows %q", who)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[hreflang="en"]`)), chromedp.WaitVisible(chromedp.CSS(`a[hreflang="zh"]`))); err != nil {
		t.Fatal(err)
	}
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("header")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, "Log out") {
		t.Errorf("English header lacks 'Log out': %s", html)
	}
	if err := logout(ctx); err != nil {
		t.Fatal(err)
	}
}
