package workflow

import (
	"encoding/json"
	"slices"
)

// Actions names what a viewer may do next with a record ("approve",
// "submit", ...): decided by the record's domain from its state and the
// viewer, so that pages show only the buttons that will work and the JSON
// API tells its callers the same. It encodes as a JSON array, never null.
type Actions []string

// Has reports whether name is among the actions (templates ask
// {{if .Actions.Has "approve"}}).
func (a Actions) Has(name string) bool { return slices.Contains(a, name) }

// MarshalJSON encodes no actions as [].
func (a Actions) MarshalJSON() ([]byte, error) {
	if a == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(a))
}
