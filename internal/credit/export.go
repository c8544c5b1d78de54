package credit

import (
	"context"

	"evalcred/internal/auth"
	"evalcred/internal/locale"
)

// MaxRecordExport caps a spreadsheet of credit records; a province holds far
// fewer, and the cap keeps one request from reading without end.
const MaxRecordExport = 20000

// RecordHeaders are the columns of a credit record export (message keys).
var RecordHeaders = []string{"creditweb.col.id", "creditweb.col.institution", "creditweb.col.kind", "creditweb.col.severity",
	"creditweb.col.category", "creditweb.col.state", "creditweb.col.proposed_on", "creditweb.col.objection_deadline",
	"creditweb.col.effective_on", "creditweb.col.publish_until", "creditweb.col.published", "creditweb.col.repair_state",
	"creditweb.col.facts", "creditweb.col.basis"}

// RecordRow is one record as a spreadsheet row in lang, in RecordHeaders' order.
func RecordRow(lang string, c *Record) []any {
	published := locale.T(lang, "common.no")
	if c.Published {
		published = locale.T(lang, "common.yes")
	}
	repair := ""
	if c.RepairState != "" {
		repair = locale.T(lang, "creditweb.repair."+c.RepairState)
	}
	return []any{c.ID, c.InstitutionName, locale.T(lang, "creditweb.kind."+c.Kind), locale.T(lang, "creditweb.severity."+c.Severity),
		locale.T(lang, "creditweb.category."+c.Category), locale.T(lang, "credit.state."+c.State), c.ProposedOn, c.ObjectionDeadline,
		c.EffectiveOn, c.PublishUntil, published, repair, c.Facts, c.Basis}
}

// EachRecord calls fn for every record the actor may see under f, newest
// first, up to MaxRecordExport, reading ListRecords a page at a time.
func (s *Service) EachRecord(ctx context.Context, a *auth.Actor, f RecordFilter, fn func(*Record) error) error {
	const size = 500
	for off := 0; off < MaxRecordExport; off += size {
		list, err := s.ListRecords(ctx, a, f, Page{Limit: size, Offset: off})
		if err != nil {
			return err
		}
		for i := range list.Items {
			if err := fn(&list.Items[i]); err != nil {
				return err
			}
		}
		if len(list.Items) < size {
			return nil
		}
	}
	return nil
}
