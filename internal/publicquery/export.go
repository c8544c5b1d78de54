package publicquery

import "evalcred/internal/locale"

// BanHeaders are the columns of the public ban list's spreadsheet (message keys).
var BanHeaders = []string{"creditweb.col.institution", "creditweb.col.uscc", "creditweb.col.region", "creditweb.col.scope",
	"creditweb.col.starts_on", "creditweb.col.ends_on", "creditweb.col.foreign"}

// BanRow is one ban as a spreadsheet row in lang, in BanHeaders' order.
func BanRow(lang string, b Ban) []any {
	foreign := locale.T(lang, "common.no")
	if b.Foreign {
		foreign = locale.T(lang, "common.yes")
	}
	return []any{b.Name, b.USCC, b.RegionName, locale.T(lang, "creditweb.scope."+b.Scope), b.StartsOn, b.EndsOn, foreign}
}
