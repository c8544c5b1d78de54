package stats

import "evalcred/internal/auth"

// CanReadAudit says whether the actor may read the audit log (permission
// audit.view): an export checks it before its file starts, so that a
// refusal is an error rather than a truncated file.
func CanReadAudit(a *auth.Actor) error { return a.Require("audit.view") }
