package gen

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/filing"
)

// filings writes the submitted versions, each institution's current draft
// (its latest version's document) and the review tasks of every version.
func (w *writer) filings(ctx context.Context) error {
	r := rand.New(rand.NewPCG(w.p.Opts.Seed, 2))
	return w.s.DB.Tx(ctx, func(tx *db.Tx) error {
		p := newPipe(ctx, tx)
		vs := p.inserter("filing_versions", "institution_id, version, state, doc_json, submitted_by, submitted_at, decided_at")
		drafts := p.inserter("filing_drafts", "institution_id, doc_json, revision, updated_by, updated_at")
		tasks := p.inserter("review_tasks", `institution_id, region_code, filing_version, level, state, due_at, decided_by, decided_at,
			comments_json, created_at`)
		for i, in := range w.p.Institutions {
			if len(in.Versions) == 0 {
				continue
			}
			base := w.document(r, in)
			var raw []byte
			for _, v := range in.Versions {
				doc := base
				doc.Practitioners = base.Practitioners[:min(len(base.Practitioners), v.Practitioner)]
				var err error
				if raw, err = json.Marshal(doc); err != nil {
					return err
				}
				var decided any
				if t := v.decidedAt(); !t.IsZero() {
					decided = t
				}
				if err := vs.add(ctx, in.ID, v.N, v.State, string(raw), nullID(w.userOf[i]), v.SubmittedAt, decided); err != nil {
					return err
				}
				w.st.Versions++
				if err := w.tasks(ctx, tasks, in, v); err != nil {
					return err
				}
			}
			last := in.Versions[len(in.Versions)-1]
			if err := drafts.add(ctx, in.ID, string(raw), 1, nullID(w.userOf[i]), last.SubmittedAt); err != nil {
				return err
			}
		}
		return p.wait(ctx, vs, drafts, tasks)
	})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// returnComments are what a reviewer writes when sending a filing back.
var returnComments = []map[string]string{
	{"practitioners": "请补充从业人员的资格证书编号"},
	{"attachments": "营业执照扫描件不清晰，请重新上传"},
	{"lead_evaluators": "主评人须为本机构在职人员，请核实劳动合同"},
	{"business_records": "业务记录中的项目金额与合同不一致"},
}

// tasks writes the review tasks of one version, due after the policy's
// default working days (2 at level 1, 5 at level 2) like the service's own.
func (w *writer) tasks(ctx context.Context, b *inserter, in *Institution, v Version) error {
	reviewer := w.reviewer[in.Region.code[:2]+"0000"]
	levels := []struct {
		state   string
		created time.Time
		decided time.Time
		days    int
	}{{v.L1, v.SubmittedAt, v.L1At, 2}, {v.L2, v.L1At, v.L2At, 5}}
	for li, l := range levels {
		if l.state == "" {
			continue
		}
		var by, at any
		comments := "{}"
		if l.state != "open" {
			by, at = reviewer, l.decided
		}
		if l.state == "returned" {
			c, _ := json.Marshal(returnComments[int(in.ID)%len(returnComments)])
			comments = string(c)
		}
		if err := b.add(ctx, in.ID, in.Region.code, v.N, li+1, l.state, w.cal.DueAt(l.created, l.days), by, at, comments, l.created); err != nil {
			return err
		}
		w.st.Tasks++
	}
	return nil
}

// document is the institution's filing with every practitioner (versions
// list a prefix of them): the JSON a real submit would have stored.
func (w *writer) document(r *rand.Rand, in *Institution) filing.Document {
	ps := w.p.Persons
	lr := ps[in.People[0]]
	d := filing.Document{
		Institution: filing.InstitutionInfo{Name: in.Name, Type: in.Type, EstablishedOn: in.Established.String(),
			Address: address(in), RegionCode: in.Region.code, ContactName: lr.Name, ContactPhone: in.Phone,
			ContactEmail: fmt.Sprintf("org%06d@example.cn", in.ID)},
		LegalRepresentative: filing.LegalRepresentative{Name: lr.Name, IDNumber: lr.IDNumber, Phone: in.Phone},
		Experts:             []filing.Expert{},
		Branches:            []filing.Branch{},
		Attachments:         []filing.AttachmentRef{},
	}
	person := func(x int32) filing.Person {
		pe := ps[x]
		p := filing.Person{Name: pe.Name, IDNumber: pe.IDNumber, Education: pe.Edu, Title: pe.Title,
			Qualifications: []filing.Qualification{}, EmployedSince: in.employedSince(x).String()}
		if r.IntN(3) > 0 {
			kinds := []string{"cpa", "asset_appraiser", "lawyer", "tax_agent", "cost_engineer"}
			p.Qualifications = append(p.Qualifications, filing.Qualification{Kind: kinds[r.IntN(len(kinds))], Number: digits(r, 12)})
		}
		return p
	}
	for _, x := range in.People[1 : 1+in.Leads] {
		d.LeadEvaluators = append(d.LeadEvaluators, person(x))
	}
	for _, x := range in.People[1+in.Leads : 1+in.Leads+in.practitioners()] {
		d.Practitioners = append(d.Practitioners, person(x))
	}
	for _, x := range in.People[len(in.People)-in.Experts:] {
		pe := ps[x]
		d.Experts = append(d.Experts, filing.Expert{Name: pe.Name, IDNumber: pe.IDNumber, Title: pe.Title,
			Field: fields[r.IntN(len(fields))], Employer: in.Region.province + "财经大学"})
	}
	year := w.p.Opts.Today.Y
	for range 2 + r.IntN(4) {
		y := year - 1 - r.IntN(4)
		role := "lead"
		if r.IntN(3) == 0 {
			role = "participant"
		}
		d.BusinessRecords = append(d.BusinessRecords, filing.BusinessRecord{
			Client: in.Region.city + clientTail[r.IntN(len(clientTail))], Year: y,
			Project:   fmt.Sprintf("%d年度%s绩效评价", y, funds[r.IntN(len(funds))]),
			AmountFen: int64(50_000+r.IntN(950_000)) * 100, Role: role})
	}
	return d
}

// today is the plan's date, for the credit part.
func (w *writer) today() calendar.Date { return w.p.Opts.Today }
