package gen

import (
	"math/rand/v2"
	"time"
)

// people gives an institution its legal representative, lead evaluators,
// practitioners and cooperating experts, about Opts.People in all. Experts
// cooperate with several firms, so half of them come from a shared pool:
// the same ID number then appears in more than one institution's filing,
// as on the real platform.
func (p *Plan) people(r *rand.Rand, in *Institution) {
	county := in.Region.code
	in.People = append(in.People, p.addPerson(r, county, p.seenIDs))
	in.Leads = 2 + r.IntN(2)
	in.Experts = 1 + r.IntN(2)
	practitioners := max(2, p.Opts.People-1-in.Leads-in.Experts+r.IntN(5)-2)
	for range in.Leads + practitioners {
		in.People = append(in.People, p.addPerson(r, county, p.seenIDs))
	}
	for range in.Experts {
		if len(p.experts) > 0 && r.IntN(2) == 0 {
			e := p.experts[r.IntN(len(p.experts))]
			if !containsIdx(in.People, e) {
				in.People = append(in.People, e)
				continue
			}
		}
		e := p.addPerson(r, county, p.seenIDs)
		p.experts = append(p.experts, e)
		in.People = append(in.People, e)
	}
	in.Experts = len(in.People) - 1 - in.Leads - practitioners
}

func containsIdx(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// practitioners is how many practitioners the institution has in all.
func (in *Institution) practitioners() int { return len(in.People) - 1 - in.Leads - in.Experts }

// history lays out the filing versions: earlier ones approved or returned,
// the latest one in the state its kind asks for (the hot county's waiting
// at level 1, the backlog's at level 2, the rest mostly approved).
func (p *Plan) history(r *rand.Rand, in *Institution, kind int) {
	now := p.Now
	v := 1 + r.IntN(2*p.Opts.Versions-1)
	last := "approved"
	switch n := r.IntN(100); {
	case kind == kindHot:
		last = "level1"
	case kind == kindBacklog:
		last = "level2"
	case in.Status == "deregistered" || n < 70:
	case n < 78:
		last = "returned"
	case n < 90:
		last = "level1"
	default:
		last = "level2"
	}
	// The latest submission: recent while it waits for review (the hot
	// county's spread over ten days, so that some are overdue), otherwise
	// within the last year or so, as yearly updates require.
	var end time.Time
	switch last {
	case "level1", "level2":
		end = now.Add(-time.Duration(r.Int64N(int64(10 * 24 * time.Hour))))
	default:
		end = now.Add(-time.Duration(3+r.IntN(400)) * 24 * time.Hour)
	}
	start := in.CreatedAt.Add(7 * 24 * time.Hour)
	if !end.After(start) {
		start, end = in.CreatedAt.Add(time.Hour), maxTime(end, in.CreatedAt.Add(2*time.Hour))
	}
	total := in.practitioners()
	for k := range v {
		sub := end
		if v > 1 {
			sub = start.Add(time.Duration(int64(end.Sub(start)) * int64(k) / int64(v-1)))
		}
		limit := now
		if k < v-1 {
			limit = start.Add(time.Duration(int64(end.Sub(start)) * int64(k+1) / int64(v-1)))
		}
		ver := Version{N: k + 1, SubmittedAt: sub, Practitioner: max(1, total-(v-1-k))}
		state := last
		if k < v-1 {
			state = "approved"
			if r.IntN(10) < 4 {
				state = "returned"
			}
		}
		p.decide(r, &ver, state, limit)
		in.Versions = append(in.Versions, ver)
		if ver.State == "approved" {
			in.Approved, in.ApprovedAt = ver.N, ver.L2At
		}
	}
}

// decide fills the version's tasks so that it ends in state, every decision
// falling after the submission and before limit (the next submission, or now).
func (p *Plan) decide(r *rand.Rand, v *Version, state string, limit time.Time) {
	v.State = state
	step := func(from time.Time, most time.Duration) time.Time {
		room := limit.Sub(from) - time.Minute
		d := time.Hour + time.Duration(r.Int64N(int64(most)))
		if d > room {
			d = max(room/2, time.Second)
		}
		return from.Add(d)
	}
	switch state {
	case "level1":
		v.L1 = "open"
	case "level2":
		v.L1, v.L1At, v.L2 = "approved", step(v.SubmittedAt, 48*time.Hour), "open"
	case "approved":
		v.L1, v.L1At = "approved", step(v.SubmittedAt, 72*time.Hour)
		v.L2, v.L2At = "approved", step(v.L1At, 120*time.Hour)
	case "returned":
		v.L1, v.L1At = "returned", step(v.SubmittedAt, 72*time.Hour)
		if r.IntN(10) < 3 {
			v.L1 = "approved"
			v.L2, v.L2At = "returned", step(v.L1At, 120*time.Hour)
		}
	}
}

// decidedAt is when the version left review for good (zero while open).
func (v *Version) decidedAt() time.Time {
	switch {
	case v.L2 == "approved" || v.L2 == "returned":
		return v.L2At
	case v.L1 == "returned":
		return v.L1At
	}
	return time.Time{}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
