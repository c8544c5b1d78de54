package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/web"
)

// Most endpoints are the same few steps around one service call: 401
// without a login, the record the path names (404 when the path value is
// malformed), the JSON body (400 or 422 when it is bad), the call, and its
// answer. serve is those steps once; the helpers below give them their
// usual shapes, so that such an endpoint needs no handler of its own:
//
//	h("GET /api/v1/things/{id}", byID(api.S.Things.Get))
//	h("POST /api/v1/things/{id}/notes", createWith(api.S.Things.AddNote))
//
// The service applies permissions and region scope.

// none is the body of an endpoint that reads none, and the key of one
// whose path names nothing.
type none = struct{}

// key reads what a request names (a path value, a query parameter), or
// writes the error and reports false.
type key[K any] func(w http.ResponseWriter, r *http.Request, a *auth.Actor) (K, bool)

// serve answers with status and what call returns for the path's key and
// the decoded body (not read when In is none).
func serve[K, In, Out any](status int, k key[K], call func(context.Context, *auth.Actor, K, In) (Out, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, id, ok := actorAnd(w, r, k)
		if !ok {
			return
		}
		var in In
		if _, empty := any(in).(none); !empty {
			if err := web.Decode(w, r, &in); err != nil {
				web.Error(w, r, err)
				return
			}
		}
		out, err := call(r.Context(), a, id, in)
		replyStatus(w, r, status, out, err)
	}
}

// actorAnd is the start of a handler that needs more than serve gives (a
// file to stream, a spreadsheet): the actor and the key, false when either
// has already answered.
func actorAnd[K any](w http.ResponseWriter, r *http.Request, k key[K]) (*auth.Actor, K, bool) {
	var zero K
	a := actor(w, r)
	if a == nil {
		return nil, zero, false
	}
	id, ok := k(w, r, a)
	return a, id, ok
}

// noKey is the key of an endpoint whose path names nothing.
func noKey(http.ResponseWriter, *http.Request, *auth.Actor) (none, bool) { return none{}, true }

// idKey is the path's {id}.
func idKey(w http.ResponseWriter, r *http.Request, _ *auth.Actor) (int64, bool) {
	return pathID(w, r, "id")
}

// yearKey is the path's {year}.
func yearKey(w http.ResponseWriter, r *http.Request, _ *auth.Actor) (int, bool) {
	return yearParam(w, r)
}

// idAnd is the path's {id} and a second value that second reads, e.g. a
// year, a version or the id of a file.
type idAnd[T any] struct {
	id     int64
	second T
}

func idWith[T any](second func(http.ResponseWriter, *http.Request) (T, bool)) key[idAnd[T]] {
	return func(w http.ResponseWriter, r *http.Request, a *auth.Actor) (idAnd[T], bool) {
		id, ok := idKey(w, r, a)
		if !ok {
			return idAnd[T]{}, false
		}
		v, ok := second(w, r)
		return idAnd[T]{id, v}, ok
	}
}

// pathIDOf reads the numeric path value name (see pathID).
func pathIDOf(name string) func(http.ResponseWriter, *http.Request) (int64, bool) {
	return func(w http.ResponseWriter, r *http.Request) (int64, bool) { return pathID(w, r, name) }
}

// readKey is a key read from the request where every value is acceptable
// (a bad number in the query string reads as zero, as the service's
// default), so reading never answers.
func readKey[K any](read func(*http.Request) K) key[K] {
	return func(_ http.ResponseWriter, r *http.Request, _ *auth.Actor) (K, bool) { return read(r), true }
}

// bodiless adapts a call that takes no body.
func bodiless[K, Out any](f func(context.Context, *auth.Actor, K) (Out, error)) func(context.Context, *auth.Actor, K, none) (Out, error) {
	return func(ctx context.Context, a *auth.Actor, k K, _ none) (Out, error) { return f(ctx, a, k) }
}

// keyless adapts a call on no record.
func keyless[In, Out any](f func(context.Context, *auth.Actor, In) (Out, error)) func(context.Context, *auth.Actor, none, In) (Out, error) {
	return func(ctx context.Context, a *auth.Actor, _ none, in In) (Out, error) { return f(ctx, a, in) }
}

// listed answers a list as {"items": [...]}.
func listed[K, In, T any](f func(context.Context, *auth.Actor, K, In) ([]T, error)) func(context.Context, *auth.Actor, K, In) (map[string]any, error) {
	return func(ctx context.Context, a *auth.Actor, k K, in In) (map[string]any, error) {
		list, err := f(ctx, a, k, in)
		return items(list), err
	}
}

// byID fetches or acts on the record named by {id}, without a body.
func byID[T any](f func(context.Context, *auth.Actor, int64) (T, error)) http.HandlerFunc {
	return serve(http.StatusOK, idKey, bodiless(f))
}

// listByID is byID for a list, sent as {"items": [...]}.
func listByID[T any](f func(context.Context, *auth.Actor, int64) ([]T, error)) http.HandlerFunc {
	return serve(http.StatusOK, idKey, listed(bodiless(f)))
}

// withBody acts on the record named by {id} with the body.
func withBody[In, Out any](f func(context.Context, *auth.Actor, int64, In) (Out, error)) http.HandlerFunc {
	return serve(http.StatusOK, idKey, f)
}

// createWith creates something under the record named by {id} from the
// body: 201 with what was created.
func createWith[In, Out any](f func(context.Context, *auth.Actor, int64, In) (Out, error)) http.HandlerFunc {
	return serve(http.StatusCreated, idKey, f)
}

// create creates a record from the body: 201 with what was created.
func create[In, Out any](f func(context.Context, *auth.Actor, In) (Out, error)) http.HandlerFunc {
	return serve(http.StatusCreated, noKey, keyless(f))
}

// mine answers what the caller asks of no record in particular (their
// dashboard, the templates of their province).
func mine[T any](f func(context.Context, *auth.Actor) (T, error)) http.HandlerFunc {
	return serve(http.StatusOK, noKey, func(ctx context.Context, a *auth.Actor, _ none, _ none) (T, error) { return f(ctx, a) })
}

// listMine is mine for a list, sent as {"items": [...]}.
func listMine[T any](f func(context.Context, *auth.Actor) ([]T, error)) http.HandlerFunc {
	return serve(http.StatusOK, noKey, listed(func(ctx context.Context, a *auth.Actor, _ none, _ none) ([]T, error) { return f(ctx, a) }))
}

// pathID parses a numeric path value; a bad one is a 404 like a missing record.
func pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		web.Error(w, r, apperr.NotFoundf(name))
		return 0, false
	}
	return id, true
}

// yearParam parses {year}; a bad one is a 404 like a missing record.
func yearParam(w http.ResponseWriter, r *http.Request) (int, bool) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 1900 || y > 2200 {
		web.Error(w, r, apperr.NotFoundf("year"))
		return 0, false
	}
	return y, true
}
