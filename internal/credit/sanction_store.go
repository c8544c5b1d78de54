package credit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/privacy"
	"evalcred/internal/region"
)

// sanctionStore holds every query of sanctions, of the foreign bans some of
// them come from, and of the institutions banned (for re-registration
// warnings). Its writes run in the transaction it is built on.
type sanctionStore struct{ q db.Queryer }

// get reads the row as stored.
func (s sanctionStore) get(ctx context.Context, id int64) (*sanctionRow, error) {
	var r sanctionRow
	if err := loadRow(ctx, s.q, "sanction", "SELECT "+sanctionCols+" FROM sanctions WHERE id = ?", id, r.ptrs()...); err != nil {
		return nil, err
	}
	return &r, nil
}

// insert writes a sanction once per source, institution and type: a second
// insert writes nothing and returns the id of the first.
func (s sanctionStore) insert(ctx context.Context, in SanctionInput, now time.Time) (id int64, inserted bool, err error) {
	var recordID, createdBy any
	if in.SourceKind == SourceCreditRecord {
		recordID = in.SourceID
	}
	if in.CreatedBy != 0 {
		createdBy = in.CreatedBy
	}
	// ON CONFLICT DO NOTHING rather than catching the duplicate: on PostgreSQL
	// a failed statement would abort the caller's whole transaction.
	id, err = s.q.Insert(ctx, `INSERT INTO sanctions (institution_id, type, scope, starts_on, ends_on, source_kind, source_id, record_id, reason, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_kind, source_id, institution_id, type) DO NOTHING`,
		in.InstitutionID, in.Type, in.Scope, in.StartsOn, in.EndsOn, in.SourceKind, in.SourceID, recordID, in.Reason, createdBy, now)
	if db.IsNoRows(err) {
		err = s.q.QueryRow(ctx, `SELECT id FROM sanctions WHERE source_kind = ? AND source_id = ? AND institution_id = ? AND type = ?`,
			in.SourceKind, in.SourceID, in.InstitutionID, in.Type).Scan(&id)
		return id, false, err
	}
	if err != nil {
		return 0, false, fmt.Errorf("credit: impose sanction: %w", err)
	}
	return id, true, nil
}

// inForce lists the institution's sanctions in force on day, the longest first.
func (s sanctionStore) inForce(ctx context.Context, institutionID int64, day calendar.Date) ([]Sanction, error) {
	c, args := inForceSQL("s", day)
	return db.List(ctx, s.q, "credit: restrictions", func(sc db.Scanner) (Sanction, error) {
		var r sanctionRow
		err := sc.Scan(r.ptrs()...)
		return r.view(), err
	}, "SELECT "+prefixed("s", sanctionCols)+" FROM sanctions s WHERE s.institution_id = ? AND "+c+" ORDER BY s.ends_on DESC, s.id",
		append([]any{institutionID}, args...)...)
}

// unliftedOf lists the record's sanctions not lifted yet.
func (s sanctionStore) unliftedOf(ctx context.Context, recordID int64) ([]int64, error) {
	return db.IDs(ctx, s.q, "credit: sanctions of record", "SELECT id FROM sanctions WHERE record_id = ? AND lifted_on IS NULL ORDER BY id", recordID)
}

// lift ends a sanction as of day.
func (s sanctionStore) lift(ctx context.Context, id int64, day calendar.Date) error {
	_, err := s.q.Exec(ctx, "UPDATE sanctions SET lifted_on = ? WHERE id = ?", day, id)
	return err
}

// bans lists every ban in force on day, latest end first, with the
// institution's name masked.
func (s sanctionStore) bans(ctx context.Context, day calendar.Date) ([]BanEntry, error) {
	c, args := inForceSQL("s", day)
	return db.List(ctx, s.q, "credit: ban list", func(sc db.Scanner) (BanEntry, error) {
		var b BanEntry
		err := sc.Scan(&b.InstitutionID, &b.Name, &b.USCC, &b.RegionCode, &b.SanctionID, &b.Scope, &b.StartsOn, &b.EndsOn, &b.SourceKind)
		b.Name = privacy.Mask(b.Name)
		return b, err
	}, `SELECT i.id, i.name, i.uscc, i.region_code, s.id, s.scope, s.starts_on, s.ends_on, s.source_kind
		FROM sanctions s JOIN institutions i ON i.id = s.institution_id WHERE s.type = 'ban' AND `+c+` ORDER BY s.ends_on DESC, s.id`, args...)
}

// firstUnlogged is the lowest id of a sanction without a ledger entry.
func (s sanctionStore) firstUnlogged(ctx context.Context) (int64, bool, error) {
	return firstUnlogged(ctx, s.q, "sanctions", SubjectSanction)
}

// insertForeignBan records another province's ban.
func (s sanctionStore) insertForeignBan(ctx context.Context, institutionID int64, in ForeignBanInput, recognised bool, by int64, now time.Time) (int64, error) {
	return s.q.Insert(ctx, `INSERT INTO foreign_bans (institution_id, province_code, starts_on, ends_on, public, reference, recognised, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, institutionID, in.Province, in.StartsOn, in.EndsOn, in.Public, in.Reference, recognised, by, now)
}

// linkForeignBan names the sanction a recognised foreign ban was imposed as.
func (s sanctionStore) linkForeignBan(ctx context.Context, id, sanctionID int64) error {
	_, err := s.q.Exec(ctx, "UPDATE foreign_bans SET sanction_id = ? WHERE id = ?", sanctionID, id)
	return err
}

// foreignBans reads a page of the foreign bans of institutions in scope,
// the latest first, and their total.
func (s sanctionStore) foreignBans(ctx context.Context, scope region.Scope, p Page) (ForeignBanList, error) {
	out := ForeignBanList{Items: []ForeignBan{}}
	cond, args := scope.SQL("i.region_code")
	from := ` FROM foreign_bans f JOIN institutions i ON i.id = f.institution_id WHERE ` + cond
	if err := s.q.QueryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("credit: count foreign bans: %w", err)
	}
	var err error
	out.Items, err = db.List(ctx, s.q, "credit: foreign bans", func(sc db.Scanner) (ForeignBan, error) {
		var b ForeignBan
		err := sc.Scan(&b.ID, &b.InstitutionID, &b.InstitutionName, &b.USCC, &b.Province, &b.StartsOn, &b.EndsOn, &b.Public,
			&b.Reference, &b.Recognised, &b.SanctionID, &b.CreatedAt)
		return b, err
	}, `SELECT f.id, f.institution_id, i.name, i.uscc, f.province_code, f.starts_on, f.ends_on, f.public, f.reference,
		f.recognised, COALESCE(f.sanction_id, 0), f.created_at`+from+` ORDER BY f.created_at DESC, f.id DESC LIMIT ? OFFSET ?`,
		append(args, p.Limit, p.Offset)...)
	return out, err
}

// bannedWithPerson lists the banned institutions (other than except) where
// the person held one of WarningRoles, as warnings about field.
func (s sanctionStore) bannedWithPerson(ctx context.Context, idNumber string, except int64, day calendar.Date) ([]Warning, error) {
	bc, bargs := bannedSQL("i", day)
	args := append([]any{idNumber, except}, strs(WarningRoles)...)
	return db.List(ctx, s.q, "credit: warnings", func(sc db.Scanner) (Warning, error) {
		var w Warning
		err := sc.Scan(&w.BannedID, &w.BannedName, &w.BannedUSCC, &w.PersonRole)
		return w, err
	}, `SELECT DISTINCT i.id, i.name, i.uscc, pr.role FROM persons p JOIN person_roles pr ON pr.person_id = p.id
			JOIN institutions i ON i.id = pr.institution_id WHERE p.id_number = ? AND i.id <> ? AND pr.role IN (`+db.In(len(WarningRoles))+`) AND `+bc+`
			ORDER BY i.id`, append(args, bargs...)...)
}

// bannedInstitution is a banned institution's name, address and phone, to
// compare a newcomer's with.
type bannedInstitution struct {
	id                                int64
	name, uscc, nameNorm, addr, phone string
}

// banned lists the banned institutions other than except.
func (s sanctionStore) banned(ctx context.Context, except int64, day calendar.Date) ([]bannedInstitution, error) {
	bc, bargs := bannedSQL("i", day)
	return db.List(ctx, s.q, "credit: warnings", func(sc db.Scanner) (bannedInstitution, error) {
		var b bannedInstitution
		err := sc.Scan(&b.id, &b.name, &b.uscc, &b.nameNorm, &b.addr, &b.phone)
		return b, err
	}, `SELECT i.id, i.name, i.uscc, i.name_norm, i.address, i.contact_phone FROM institutions i WHERE i.id <> ? AND `+bc+` ORDER BY i.id`,
		append([]any{except}, bargs...)...)
}

// inForceSQL is the one definition of "the sanction is in force on day": inside
// its dates, not lifted, and, when it comes from a credit record, that record
// counts on day.
func inForceSQL(alias string, day calendar.Date) (string, []any) {
	a := alias + "."
	rc, rargs := tookEffectSQL("sr", day)
	c := "(" + a + "starts_on <= ? AND " + a + "ends_on >= ? AND (" + a + "lifted_on IS NULL OR " + a + "lifted_on > ?) AND (" +
		a + "record_id IS NULL OR EXISTS (SELECT 1 FROM credit_records sr WHERE sr.id = " + a + "record_id AND " + rc + ")))"
	return c, append([]any{day, day, day}, rargs...)
}

// InForceSQL exposes the sanction predicate (alias of the sanctions table) to
// the public search, which derives an institution's status from it.
func InForceSQL(alias string, day calendar.Date) (string, []any) { return inForceSQL(alias, day) }

// bannedSQL selects institutions banned now, or ever banned for a serious
// credit record that took effect (even one since repaired or expired).
func bannedSQL(alias string, day calendar.Date) (string, []any) {
	c, args := inForceSQL("bs", day)
	return `(EXISTS (SELECT 1 FROM sanctions bs WHERE bs.institution_id = ` + alias + `.id AND bs.type = 'ban' AND ` + c + `)
		OR EXISTS (SELECT 1 FROM sanctions bs2 JOIN credit_records br ON br.id = bs2.record_id WHERE bs2.institution_id = ` + alias + `.id
			AND bs2.type = 'ban' AND br.severity = 'serious' AND br.state IN ('proposed', 'effective', 'repaired') AND br.effective_on <= ?))`, append(args, day)
}

// prefixed qualifies a comma-separated column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
