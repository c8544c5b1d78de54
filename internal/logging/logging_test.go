package logging

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestRedactAndRequestID(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf, "json", slog.LevelInfo)
	ctx := WithAttrs(context.Background(), slog.String("request_id", "r-1"))
	log.InfoContext(ctx, "saw 11010519491231002X in form", "id", "44011320141005001x", "err", errors.New("bad id 360426199101010071"))
	out := buf.String()
	for _, id := range []string{"11010519491231002X", "44011320141005001x", "360426199101010071"} {
		if strings.Contains(out, id) {
			t.Errorf("log contains %s: %s", id, out)
		}
	}
	for _, want := range []string{"110105********002X", "r-1", "360426********0071"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q: %s", want, out)
		}
	}
}

func TestRedactLeavesOtherNumbers(t *testing.T) {
	for _, s := range []string{"91430102MA4L0ABC12", "order 12345", "1234567890123456789012"} {
		if got := Redact(s); got != s {
			t.Errorf("Redact(%q) = %q, want unchanged", s, got)
		}
	}
}
