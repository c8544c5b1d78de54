package credit

import (
	"slices"
	"strconv"

	"evalcred/internal/apperr"
)

// Record states. A proposed record whose objection window has passed counts
// as effective everywhere (see tookEffectSQL) even before the daily job
// writes state = effective; objected records count nowhere until decided.
const (
	StateProposed  = "proposed"
	StateObjected  = "objected"
	StateEffective = "effective"
	StateVoid      = "void"
	StateRepaired  = "repaired"
)

// transitions is the record state machine: from → allowed targets.
// proposed → objected (institution objects in the window)
// proposed → effective (institution accepts, or the window passes)
// objected → void (objection upheld) | effective (objection rejected)
// effective → repaired (repair approved)
var transitions = map[string][]string{
	StateProposed:  {StateObjected, StateEffective},
	StateObjected:  {StateVoid, StateEffective},
	StateEffective: {StateRepaired},
}

// CanTransition reports whether the state machine allows from → to.
func CanTransition(from, to string) bool { return slices.Contains(transitions[from], to) }

// checkTransition is the 409 answer for a move the table does not allow.
func checkTransition(from, to string) error {
	if CanTransition(from, to) {
		return nil
	}
	return apperr.New(apperr.Conflict, "credit.wrong_state", from)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
