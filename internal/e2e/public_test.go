package e2e

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"evalcred/internal/apptest/demoapp"
	"evalcred/internal/db/dbtest"
)

// The public pages on a phone (390 px wide, like the phones people query
// with): none may scroll sideways, with the demo's long names, hashes and
// tables in them.
func TestPublicPagesFitAPhone(t *testing.T) {
	ctx := browser(t)
	e := demoapp.New(t, dbtest.Engines()[0])
	bans, err := e.App.Services.Public.BansToday(context.Background())
	if err != nil || len(bans) == 0 {
		t.Fatalf("the demo has no ban to show: %v", err)
	}
	name := []rune(bans[0].Name)
	pages := []string{
		"/public",
		"/public?q=" + url.QueryEscape(string(name[:2])),
		"/public/institutions/" + bans[0].USCC,
		"/public/bans",
		"/public/ledger",
		"/faq",
		"/login",
		"/no/such/page",
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(e.Server.URL+p), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if width > 390 {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391).slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ')`))
			t.Errorf("%s is %d px wide at 390 px (too wide: %s)", p, width, wide)
		}
	}
}
