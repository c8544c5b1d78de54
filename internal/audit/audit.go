// Package audit keeps the audit log: who did what to which record, when, from
// where, and the record before and after. Entries are written in the same
// transaction as the change they describe, so a change without its entry
// cannot happen.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/region"
)

// Entry is one line of the audit log.
type Entry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	ActorID   int64     `json:"actor_id,omitempty"`
	ActorName string    `json:"actor_name"`
	ActorRole string    `json:"actor_role"`
	IP        string    `json:"ip"`
	RequestID string    `json:"request_id"`
	// ClientRequestID is the id the client sent in X-Request-Id, if any:
	// kept for matching its own logs, never taken as the entry's id.
	ClientRequestID string          `json:"client_request_id,omitempty"`
	Action          string          `json:"action"`
	ObjectType      string          `json:"object_type"`
	ObjectID        int64           `json:"object_id,omitempty"`
	RegionCode      string          `json:"region_code"`
	Before          json.RawMessage `json:"before,omitempty"`
	After           json.RawMessage `json:"after,omitempty"`
}

// Who is the person behind an entry; the zero value is the system itself.
// auth.Actor.Who fills it.
type Who struct {
	ID              int64
	Name            string
	Role            string
	IP              string
	RequestID       string
	ClientRequestID string
}

// Request is where a request came from: the server's id for it, the id the
// client sent, and its address. The web layer puts it in the request's
// context, so that entries written for nobody logged in (an applicant, the
// system acting on a request) carry it too.
type Request struct {
	ID       string
	ClientID string
	IP       string
}

type requestKey struct{}

// WithRequest returns ctx carrying rq.
func WithRequest(ctx context.Context, rq Request) context.Context {
	return context.WithValue(ctx, requestKey{}, rq)
}

// RequestFrom returns the request of ctx, if any.
func RequestFrom(ctx context.Context) (Request, bool) {
	rq, ok := ctx.Value(requestKey{}).(Request)
	return rq, ok
}

// Record appends an entry for who (the zero Who for the system or the public).
// before and after are marshalled to JSON; pass nil when there is none.
// Never put a full resident ID number in before or after: mask it first.
func Record(ctx context.Context, q db.Queryer, w Who, at time.Time, action, objectType string, objectID int64, regionCode string, before, after any) error {
	e := Entry{At: at, Action: action, ObjectType: objectType, ObjectID: objectID, RegionCode: regionCode, ActorName: "system"}
	if w.Name != "" {
		e.ActorID, e.ActorName, e.ActorRole, e.IP, e.RequestID, e.ClientRequestID = w.ID, w.Name, w.Role, w.IP, w.RequestID, w.ClientRequestID
	}
	if rq, ok := RequestFrom(ctx); ok && e.RequestID == "" {
		e.RequestID, e.ClientRequestID = rq.ID, rq.ClientID
		if e.IP == "" {
			e.IP = rq.IP
		}
	}
	b, err := marshal(before)
	if err != nil {
		return err
	}
	af, err := marshal(after)
	if err != nil {
		return err
	}
	if err := (logStore{q}).add(ctx, e, b, af); err != nil {
		return fmt.Errorf("audit: record %s: %w", action, err)
	}
	return nil
}

func marshal(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return string(raw), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: marshal: %w", err)
	}
	return string(b), nil
}

// Filter selects entries for Search.
type Filter struct {
	Action     string
	ObjectType string
	ObjectID   int64
	Actor      string
	From, To   time.Time
	Limit      int
	BeforeID   int64 // for paging: entries older than this id
}

// Search returns entries inside scope, newest first: Limit of them (100
// when Limit is not between 1 and 1000).
func Search(ctx context.Context, q db.Queryer, scope region.Scope, f Filter) ([]Entry, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	return logStore{q}.search(ctx, scope, f)
}
