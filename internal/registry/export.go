package registry

import "evalcred/internal/locale"

// InstitutionHeaders are the columns of the institution export (message keys).
var InstitutionHeaders = []string{"registryweb.col.id", "registryweb.col.uscc", "registryweb.col.name", "registryweb.col.type",
	"registryweb.col.region", "registryweb.col.status", "registryweb.col.filing_state", "registryweb.col.approved_version",
	"registryweb.col.update_due_on", "registryweb.col.contact", "registryweb.col.phone"}

// InstitutionRow is one institution as a spreadsheet row in lang, in
// InstitutionHeaders' order.
func InstitutionRow(lang string, in *Institution) []any {
	return []any{in.ID, in.USCC, in.Name, locale.T(lang, "institution.type."+in.Type), in.RegionName,
		locale.T(lang, "institution.status."+in.Status), locale.T(lang, "filing.state."+in.FilingState), in.ApprovedVersion,
		in.UpdateDueOn, in.ContactName, in.ContactPhone}
}

// RegistrationHeaders are the columns of the registration export (message keys).
var RegistrationHeaders = []string{"registryweb.col.id", "registryweb.col.uscc", "registryweb.col.name", "registryweb.col.type",
	"registryweb.col.region", "registryweb.col.contact", "registryweb.col.phone", "registryweb.col.email", "registryweb.col.username",
	"registryweb.col.state", "registryweb.col.reason", "registryweb.col.created_at", "registryweb.col.decided_at"}

// RegistrationRow is one registration as a spreadsheet row in lang, in
// RegistrationHeaders' order.
func RegistrationRow(lang string, g *Registration) []any {
	return []any{g.ID, g.USCC, g.Name, locale.T(lang, "institution.type."+g.Type), g.RegionName, g.ContactName, g.ContactPhone,
		g.ContactEmail, g.Username, locale.T(lang, "registration.state."+g.State), g.Reason, g.CreatedAt, g.DecidedAt}
}
