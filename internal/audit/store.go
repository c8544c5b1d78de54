package audit

import (
	"context"
	"encoding/json"

	"evalcred/internal/db"
	"evalcred/internal/region"
)

// logStore holds every query of the audit log.
type logStore struct{ q db.Queryer }

// add appends e with its before and after JSON (nil for none). Deferred:
// on PostgreSQL the row goes with the transaction's next statement or its
// commit, in the same round trip.
func (s logStore) add(ctx context.Context, e Entry, before, after any) error {
	var actorID any
	if e.ActorID != 0 {
		actorID = e.ActorID
	}
	return s.q.Defer(ctx, `INSERT INTO audit_log (at, actor_id, actor_name, actor_role, ip, request_id, client_request_id, action, object_type, object_id, region_code, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.At, actorID, e.ActorName, e.ActorRole, e.IP, e.RequestID, e.ClientRequestID, e.Action, e.ObjectType, e.ObjectID, e.RegionCode, before, after)
}

// search lists the entries inside scope that f selects, newest first. The
// national scope also sees the entries of no region (the system's).
func (s logStore) search(ctx context.Context, scope region.Scope, f Filter) ([]Entry, error) {
	cond, args := scope.SQL("region_code")
	sql := `SELECT id, at, COALESCE(actor_id, 0), actor_name, actor_role, ip, request_id, client_request_id, action, object_type, COALESCE(object_id, 0), region_code,
		COALESCE(before_json, ''), COALESCE(after_json, '') FROM audit_log WHERE (` + cond
	if scope.Code == "000000" {
		sql += " OR region_code = ''"
	}
	sql += ")"
	add := func(c string, v any) { sql += " AND " + c; args = append(args, v) }
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != 0 {
		add("object_id = ?", f.ObjectID)
	}
	if f.Actor != "" {
		add("actor_name = ?", f.Actor)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("at < ?", f.To)
	}
	if f.BeforeID > 0 {
		add("id < ?", f.BeforeID)
	}
	sql += " ORDER BY id DESC LIMIT ?"
	args = append(args, f.Limit)
	return db.List(ctx, s.q, "audit: search", scanEntry, sql, args...)
}

func scanEntry(r db.Scanner) (Entry, error) {
	var e Entry
	var before, after string
	if err := r.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.ActorRole, &e.IP, &e.RequestID, &e.ClientRequestID, &e.Action, &e.ObjectType, &e.ObjectID, &e.RegionCode, &before, &after); err != nil {
		return e, err
	}
	if before != "" {
		e.Before = json.RawMessage(before)
	}
	if after != "" {
		e.After = json.RawMessage(after)
	}
	return e, nil
}
