package ui_test

import (
	"net/url"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/calendar"
)

// The upload hint states the attachment cap of the policy in force (set in
// megabytes on the policy form), so a province that changes the cap does
// not leave the form saying the old one.
func TestUploadHintFollowsPolicy(t *testing.T) {
	e := apptest.One(t)
	user := registerThroughTheForm(t, e, "furong")
	b := login(t, e, user)
	if p := b.Get("/filing"); !strings.Contains(p.HTML, "单个文件不超过 20 MB") {
		t.Fatalf("default hint missing")
	}
	admin := e.Browser("admin")
	today := calendar.DateOf(e.Clock.Now()).String()
	if p := admin.Post("/admin/policies", url.Values{"key": {"attachment.max_bytes"}, "value": {"10"}, "effective_from": {today}}); p.Status != 303 {
		t.Fatalf("adopt: %d", p.Status)
	}
	if p := b.Get("/filing"); !strings.Contains(p.HTML, "单个文件不超过 10 MB") {
		t.Errorf("hint does not follow the policy")
	}
}
