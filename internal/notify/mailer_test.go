package notify_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/notify"
)

// fakeSender records deliveries and fails while down is set.
type fakeSender struct {
	mu   sync.Mutex
	down bool
	sent map[string]int
}

func (f *fakeSender) Send(_ context.Context, to, subject, _ string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errors.New("connection refused")
	}
	if f.sent == nil {
		f.sent = map[string]int{}
	}
	f.sent[to+"|"+subject]++
	return nil
}

func queue(t *testing.T, d *db.DB, now time.Time, to ...string) {
	t.Helper()
	for _, addr := range to {
		if _, err := d.Exec(context.Background(), `INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)`,
			addr, "filing returned", "body", now, now); err != nil {
			t.Fatal(err)
		}
	}
}

// A message that cannot be sent now stays in the outbox and goes out on a
// later attempt, after a back-off: never lost.
func TestOutboxRetriesUntilSent(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(time.Date(2026, 5, 6, 2, 0, 0, 0, time.UTC))
		s := &fakeSender{down: true}
		m := &notify.Mailer{DB: d, Clock: clk, Sender: s}
		queue(t, d, clk.Now(), "a@example.cn")
		if n, err := m.Drain(ctx, 10); err != nil || n != 0 {
			t.Fatalf("drain while down: %d %v", n, err)
		}
		var attempts int
		var lastErr string
		if err := d.QueryRow(ctx, "SELECT attempts, last_error FROM outbox").Scan(&attempts, &lastErr); err != nil {
			t.Fatal(err)
		}
		if attempts != 1 || lastErr == "" {
			t.Errorf("after failure: attempts %d, last error %q", attempts, lastErr)
		}
		s.down = false
		if n, _ := m.Drain(ctx, 10); n != 0 {
			t.Errorf("sent %d before the back-off passed", n)
		}
		clk.Advance(3 * time.Minute)
		if n, err := m.Drain(ctx, 10); err != nil || n != 1 {
			t.Fatalf("drain after back-off: %d %v", n, err)
		}
		if n, _ := m.Drain(ctx, 10); n != 0 {
			t.Errorf("a sent message went out again")
		}
	})
}

// Several servers draining one outbox at once send each message exactly once.
func TestOutboxNeverSendsTwice(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(time.Date(2026, 5, 6, 2, 0, 0, 0, time.UTC))
		var addrs []string
		for i := range 20 {
			addrs = append(addrs, string(rune('a'+i))+"@example.cn")
		}
		queue(t, d, clk.Now(), addrs...)
		s := &fakeSender{}
		var wg sync.WaitGroup
		for range 4 {
			m := &notify.Mailer{DB: d, Clock: clk, Sender: s}
			wg.Go(func() {
				if _, err := m.Drain(ctx, 100); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if len(s.sent) != len(addrs) {
			t.Errorf("%d distinct messages sent, want %d", len(s.sent), len(addrs))
		}
		for k, n := range s.sent {
			if n != 1 {
				t.Errorf("%s sent %d times", k, n)
			}
		}
	})
}

// Without SMTP configured, mail waits in the outbox.
func TestNoSenderKeepsMail(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(time.Now())
		queue(t, d, clk.Now(), "x@example.cn")
		m := &notify.Mailer{DB: d, Clock: clk}
		if n, err := m.Drain(context.Background(), 10); err != nil || n != 0 {
			t.Fatalf("%d %v", n, err)
		}
		var pending int
		_ = d.QueryRow(context.Background(), "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").Scan(&pending)
		if pending != 1 {
			t.Errorf("pending = %d", pending)
		}
	})
}
