package notify

import (
	"context"
	"time"

	"evalcred/internal/db"
)

// ToAddress e-mails an address that belongs to no account (an applicant's
// contact address), in Chinese like every other mail; "" sends nothing.
func (n *Notifier) ToAddress(ctx context.Context, tx *db.Tx, now time.Time, to, kind, link string, args ...string) error {
	return n.mail(ctx, tx, now, to, kind, link, args)
}
