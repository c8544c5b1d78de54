package audit

import (
	"evalcred/internal/region"
	"evalcred/internal/words"
)

// EntryHeaders are the columns of the audit log's spreadsheet (message keys).
var EntryHeaders = []string{"audit.col.id", "audit.col.at", "audit.col.actor", "audit.col.role", "audit.col.action",
	"audit.col.object_type", "audit.col.object_id", "audit.col.region", "audit.col.ip", "audit.col.request_id", "login.audit.client_request_id"}

// EntryRow is one entry as a spreadsheet row in lang, in EntryHeaders'
// order: the role, the action, the kind of object and the region in words.
func EntryRow(lang string, e Entry) []any {
	reg := e.RegionCode
	if name := region.Default().FullName(e.RegionCode); name != "" {
		reg = name
	}
	return []any{e.ID, e.At, e.ActorName, words.Code(lang, "role", e.ActorRole), words.AuditAction(lang, e.Action),
		words.Code(lang, "audit_object", e.ObjectType), e.ObjectID, reg, e.IP, e.RequestID, e.ClientRequestID}
}
