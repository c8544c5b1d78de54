package gen

import (
	"context"
	"evalcred/internal/textnorm"
	"fmt"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/demo"
	"evalcred/internal/filing"
	"evalcred/internal/services"
)

// writer writes a plan into the database, one transaction per part.
type writer struct {
	s   *services.Set
	p   *Plan
	st  *Stats
	cal *calendar.Calendar
	// hash is the demo password's hash, computed once: argon2 per account
	// would cost more than the whole data set.
	hash string
	// reviewer is the provincial reviewer of each province (user id), who
	// decided the generated reviews and proposed the generated records.
	reviewer map[string]int64
	// userOf is each institution's account (0: none), by institution index.
	userOf []int64
}

// officials creates the demo officials (README's table) (unless present) and one
// provincial reviewer per other province (reviewer-110000, ...), all with
// the demo password.
func (w *writer) officials(ctx context.Context) error {
	var n int
	if err := w.s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE username = 'admin'").Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		if err := demo.CreateOfficials(ctx, w.s); err != nil {
			return err
		}
	}
	h, err := auth.HashPassword(demo.Password)
	if err != nil {
		return err
	}
	w.hash = h
	w.reviewer = map[string]int64{}
	return w.s.DB.Tx(ctx, func(tx *db.Tx) error {
		for _, pw := range provinceWeights {
			var id int64
			err := tx.QueryRow(ctx, "SELECT id FROM users WHERE role = ? AND region_code = ? ORDER BY id LIMIT 1",
				string(auth.RoleProvincialReviewer), pw.code).Scan(&id)
			if db.IsNoRows(err) {
				id, err = auth.CreateUser(ctx, tx, auth.NewUser{Username: "reviewer-" + pw.code, PasswordHash: h,
					Name: shortName(w.p.tree.MustLookup(pw.code).Name) + "省级审核员", Role: auth.RoleProvincialReviewer,
					RegionCode: pw.code, Email: "reviewer-" + pw.code + "@demo.evalcred.invalid"}, w.p.Now)
			}
			if err != nil {
				return err
			}
			w.reviewer[pw.code] = id
		}
		return nil
	})
}

// institutions writes the institutions, their registrations and, for
// approved registrations, their accounts (username org000001 ...).
func (w *writer) institutions(ctx context.Context) error {
	return w.s.DB.Tx(ctx, func(tx *db.Tx) error {
		var maxUser int64
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM users").Scan(&maxUser); err != nil {
			return err
		}
		p := newPipe(ctx, tx)
		ins := p.inserter("institutions", `id, uscc, name, name_norm, type, region_code, established_on, address, legal_rep_name,
			contact_name, contact_phone, contact_email, status, filing_state, filing_version, approved_version, approved_at, update_due_on,
			created_at, updated_at`)
		regs := p.inserter("registrations", "id, institution_id, username, password_hash, state, reason, user_id, decided_by, decided_at, created_at")
		users := p.inserter("users", "id, username, password_hash, name, role, region_code, institution_id, email, phone, active, created_at, updated_at")
		w.userOf = make([]int64, len(w.p.Institutions))
		for i, in := range w.p.Institutions {
			lr := w.p.Persons[in.People[0]]
			email := fmt.Sprintf("org%06d@example.cn", in.ID)
			state, latest := "none", 0
			if len(in.Versions) > 0 {
				latest = len(in.Versions)
				state = in.Versions[latest-1].State
			}
			var approvedAt any
			var due calendar.Date
			if in.Approved > 0 {
				approvedAt = in.ApprovedAt
				due = filing.AddMonths(calendar.DateOf(in.ApprovedAt), 12)
			}
			if err := ins.add(ctx, in.ID, in.USCC, in.Name, textnorm.Name(in.Name), in.Type, in.Region.code, in.Established,
				address(in), lr.Name, lr.Name, in.Phone, email, in.Status, state, latest, in.Approved, approvedAt, due,
				in.CreatedAt, w.updatedAt(in)); err != nil {
				return err
			}
			username := fmt.Sprintf("org%06d", in.ID)
			rstate, reason := "approved", ""
			var userID, decidedBy, decidedAt any
			switch in.Status {
			case "pending":
				rstate = "pending"
			case "rejected":
				rstate, reason = "rejected", "营业执照与统一社会信用代码不符"
			}
			if rstate != "pending" {
				decidedBy, decidedAt = w.reviewer[in.Region.code[:2]+"0000"], in.CreatedAt.Add(20*time.Hour)
			}
			if rstate == "approved" {
				maxUser++
				userID, w.userOf[i] = maxUser, maxUser
				if err := users.add(ctx, maxUser, username, w.hash, lr.Name, string(auth.RoleInstitution), in.Region.code, in.ID,
					email, in.Phone, in.Status == "active", in.CreatedAt.Add(20*time.Hour), in.CreatedAt.Add(20*time.Hour)); err != nil {
					return err
				}
			}
			if err := regs.add(ctx, in.ID, in.ID, username, w.hash, rstate, reason, userID, decidedBy, decidedAt, in.CreatedAt); err != nil {
				return err
			}
		}
		if err := p.wait(ctx, ins, users, regs); err != nil {
			return err
		}
		return tx.ResetIdentities(ctx, "institutions", "registrations", "users")
	})
}

// updatedAt is the institution's last change: its latest submission or decision.
func (w *writer) updatedAt(in *Institution) time.Time {
	t := in.CreatedAt
	for _, v := range in.Versions {
		t = maxTime(t, maxTime(v.SubmittedAt, maxTime(v.L1At, v.L2At)))
	}
	return t
}

func address(in *Institution) string {
	r := in.ID*7919 + 13
	return fmt.Sprintf("%s%s%s路%d号", in.Region.province, in.Region.city, string(brandChars[r%int64(len(brandChars))]), 1+r%300)
}

// people writes every person and the roles each filing version gives them:
// the approved version's are active; those of an earlier approved version
// ended on the day the next one was approved.
func (w *writer) people(ctx context.Context) error {
	return w.s.DB.Tx(ctx, func(tx *db.Tx) error {
		p := newPipe(ctx, tx)
		ps := p.inserter("persons", "id, id_number, name, created_at")
		first := make([]time.Time, len(w.p.Persons))
		for _, in := range w.p.Institutions {
			for _, x := range in.People {
				if first[x].IsZero() {
					first[x] = in.CreatedAt
				}
			}
		}
		for i, pe := range w.p.Persons {
			if err := ps.add(ctx, pe.ID, pe.IDNumber, pe.Name, first[i]); err != nil {
				return err
			}
		}
		ps.flush(ctx)
		roles := p.inserter("person_roles", "person_id, institution_id, role, filing_version, active, started_on, ended_on")
		for _, in := range w.p.Institutions {
			for vi, v := range in.Versions {
				var ended calendar.Date
				if v.State == "approved" && v.N != in.Approved {
					for _, later := range in.Versions[vi+1:] {
						if later.State == "approved" {
							ended = calendar.DateOf(later.L2At)
							break
						}
					}
				}
				for _, r := range in.rolesOf(v) {
					pe := w.p.Persons[r.person]
					var since calendar.Date
					if r.role == filing.RoleLeadEvaluator || r.role == filing.RolePractitioner {
						since = in.employedSince(r.person)
					}
					if err := roles.add(ctx, pe.ID, in.ID, r.role, v.N, v.N == in.Approved, since, ended); err != nil {
						return err
					}
					w.st.Roles++
				}
			}
		}
		if err := p.wait(ctx, roles); err != nil {
			return err
		}
		return tx.ResetIdentities(ctx, "persons")
	})
}

type role struct {
	person int32
	role   string
}

// rolesOf lists the people a version names with their roles.
func (in *Institution) rolesOf(v Version) []role {
	out := []role{{in.People[0], filing.RoleLegalRep}}
	for _, x := range in.People[1 : 1+in.Leads] {
		out = append(out, role{x, filing.RoleLeadEvaluator})
	}
	pr := in.People[1+in.Leads : 1+in.Leads+in.practitioners()]
	for _, x := range pr[:min(len(pr), v.Practitioner)] {
		out = append(out, role{x, filing.RolePractitioner})
	}
	for _, x := range in.People[len(in.People)-in.Experts:] {
		out = append(out, role{x, filing.RoleExpert})
	}
	return out
}

// employedSince is a stable hire date between establishment and creation.
func (in *Institution) employedSince(person int32) calendar.Date {
	span := max(1, in.Established.DaysUntil(calendar.DateOf(in.CreatedAt)))
	return in.Established.AddDays(int(person) * 7919 % span)
}
