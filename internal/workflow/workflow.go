// Package workflow is the shape of every state machine in EvalCred: an
// explicit table of the moves a record may make, declared once beside its
// states and checked before the conditional UPDATE that makes the move (see
// db.Tx.Update: of two people acting at once, one wins).
package workflow

import (
	"slices"

	"evalcred/internal/apperr"
)

// Table is a workflow: for each state, the states it may move to.
type Table struct {
	moves map[string][]string
	// wrongState is the message key of the 409 for a move the table does not
	// allow; its one argument is the state the record is in.
	wrongState string
}

// New declares a workflow: moves maps a state to the states it may move to,
// wrongStateKey is the message of a refused move (with the current state as
// its argument).
func New(wrongStateKey string, moves map[string][]string) Table {
	return Table{moves: moves, wrongState: wrongStateKey}
}

// Can reports whether the table allows from → to.
func (t Table) Can(from, to string) bool { return slices.Contains(t.moves[from], to) }

// Check returns nil when from → to is allowed, otherwise a Conflict naming
// the current state.
func (t Table) Check(from, to string) error {
	if t.Can(from, to) {
		return nil
	}
	return apperr.New(apperr.Conflict, t.wrongState, from)
}

// Next lists the states from may move to, in the order declared.
func (t Table) Next(from string) []string { return slices.Clone(t.moves[from]) }

// Final reports whether no move leaves from.
func (t Table) Final(from string) bool { return len(t.moves[from]) == 0 }
