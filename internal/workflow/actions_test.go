package workflow

import (
	"encoding/json"
	"testing"
)

func TestActions(t *testing.T) {
	a := Actions{"approve", "reject"}
	if !a.Has("reject") || a.Has("submit") || Actions(nil).Has("approve") {
		t.Fatal("Has disagrees with the list")
	}
	for _, c := range []struct {
		in   Actions
		want string
	}{{nil, "[]"}, {Actions{}, "[]"}, {a, `["approve","reject"]`}} {
		if b, err := json.Marshal(struct {
			A Actions `json:"actions"`
		}{c.in}); err != nil || string(b) != `{"actions":`+c.want+`}` {
			t.Errorf("%v encodes as %s (%v)", c.in, b, err)
		}
	}
}
