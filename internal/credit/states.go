package credit

import (
	"strconv"

	"evalcred/internal/workflow"
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

// recordFlow is the record state machine:
// proposed → objected (institution objects in the window)
// proposed → effective (institution accepts, or the window passes)
// objected → void (objection upheld) | effective (objection rejected)
// effective → repaired (repair approved)
var recordFlow = workflow.New("credit.wrong_state", map[string][]string{
	StateProposed:  {StateObjected, StateEffective},
	StateObjected:  {StateVoid, StateEffective},
	StateEffective: {StateRepaired},
})

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
