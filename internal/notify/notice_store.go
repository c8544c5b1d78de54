package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/db"
)

// noticeStore holds every query of notifications: notices in the platform,
// each to one user or to an institution.
type noticeStore struct{ q db.Queryer }

// add writes a notice to a user or (userID 0) an institution, deferred.
func (s noticeStore) add(ctx context.Context, now time.Time, userID, institutionID int64, kind, link string, args []string) error {
	if args == nil {
		args = []string{}
	}
	a, _ := json.Marshal(args)
	var uid, iid any
	if userID != 0 {
		uid = userID
	}
	if institutionID != 0 {
		iid = institutionID
	}
	err := s.q.Defer(ctx, `INSERT INTO notifications (user_id, institution_id, kind, args_json, link, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		uid, iid, kind, string(a), link, now)
	if err != nil {
		return fmt.Errorf("notify: insert notice: %w", err)
	}
	return nil
}

// list returns the notices to a user or their institution, newest first:
// by the time they were written, which a back-dated import or the demo's
// seeders may give out of id order.
func (s noticeStore) list(ctx context.Context, userID, institutionID int64, limit int) ([]Notice, error) {
	return db.List(ctx, s.q, "notify: list", scanNotice, `SELECT id, COALESCE(user_id, 0), COALESCE(institution_id, 0), kind, args_json, link, created_at, read_at IS NOT NULL
		FROM notifications WHERE user_id = ? OR (institution_id = ? AND institution_id <> 0) ORDER BY created_at DESC, id DESC LIMIT ?`,
		userID, institutionID, limit)
}

func scanNotice(r db.Scanner) (Notice, error) {
	var n Notice
	var args string
	if err := r.Scan(&n.ID, &n.UserID, &n.InstitutionID, &n.Kind, &args, &n.Link, &n.CreatedAt, &n.Read); err != nil {
		return n, err
	}
	_ = json.Unmarshal([]byte(args), &n.Args)
	return n, nil
}

// unread counts the unread notices to a user and to their institution, up
// to UnreadCap each. The two halves are counted apart so that each uses
// its index.
func (s noticeStore) unread(ctx context.Context, userID, institutionID int64) (int, error) {
	var n int
	err := s.q.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND read_at IS NULL LIMIT ?) u) +
		(SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE institution_id = ? AND read_at IS NULL LIMIT ?) i)`,
		userID, UnreadCap, institutionID, UnreadCap).Scan(&n)
	return n, err
}

// markRead marks the notices to a user and their institution read.
func (s noticeStore) markRead(ctx context.Context, userID, institutionID int64, now time.Time) error {
	_, err := s.q.Exec(ctx, `UPDATE notifications SET read_at = ? WHERE read_at IS NULL AND (user_id = ? OR (institution_id = ? AND institution_id <> 0))`,
		now, userID, institutionID)
	return err
}
