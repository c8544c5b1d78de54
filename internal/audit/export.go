package audit

// EntryHeaders are the columns of the audit log's spreadsheet (message keys).
var EntryHeaders = []string{"audit.col.id", "audit.col.at", "audit.col.actor", "audit.col.role", "audit.col.action",
	"audit.col.object_type", "audit.col.object_id", "audit.col.region", "audit.col.ip", "audit.col.request_id", "login.audit.client_request_id"}

// EntryRow is one entry as a spreadsheet row, in EntryHeaders' order.
func EntryRow(e Entry) []any {
	return []any{e.ID, e.At, e.ActorName, e.ActorRole, e.Action, e.ObjectType, e.ObjectID, e.RegionCode, e.IP, e.RequestID, e.ClientRequestID}
}
