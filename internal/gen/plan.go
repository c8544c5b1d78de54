package gen

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/ident"
	"evalcred/internal/region"
)

// Institution is one generated institution with its people and the history
// of its filing versions.
type Institution struct {
	ID          int64
	USCC        string
	Name        string
	Type        string
	Region      place
	Status      string // pending, active, rejected, deregistered
	Established calendar.Date
	CreatedAt   time.Time
	Phone       string
	// People indexes Plan.Persons: the legal representative first, then
	// Leads lead evaluators, then practitioners, then Experts experts.
	People         []int32
	Leads, Experts int
	Versions       []Version
	// Approved is the latest approved version (0: none), ApprovedAt its time.
	Approved   int
	ApprovedAt time.Time
}

// Version is one submitted filing version and what the review made of it.
type Version struct {
	N           int
	State       string // level1, level2, approved, returned
	SubmittedAt time.Time
	// L1 and L2 are the two review tasks' states (open, approved, returned;
	// "" when the version never reached the level) and decision times.
	L1, L2       string
	L1At, L2At   time.Time
	Practitioner int // how many practitioners this version lists
}

// Person is one natural person on the platform.
type Person struct {
	ID       int64
	IDNumber string
	Name     string
	Title    string
	Edu      string
}

// Plan is the whole data set before it is written: a pure function of the
// options, so that one seed gives one data set on either engine.
type Plan struct {
	Opts         Options
	Now          time.Time
	Institutions []*Institution
	Persons      []Person
	tree         *region.Tree
	seenIDs      map[string]bool
	experts      []int32
}

// at returns a time on day d at a working hour, in UTC.
func at(r *rand.Rand, d calendar.Date) time.Time {
	return d.Time().Add(time.Duration(8*3600+r.IntN(10*3600)) * time.Second).UTC()
}

// NewPlan lays out institutions, people and filing histories.
func NewPlan(o Options) (*Plan, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	p := &Plan{Opts: o, tree: region.Default(), seenIDs: map[string]bool{}, Now: o.Today.Time().Add(12 * time.Hour).UTC()}
	r := rand.New(rand.NewPCG(o.Seed, 1))
	places, err := p.allocate(r)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	tw := make([]int, len(typeWeights))
	total := 0
	for i, t := range typeWeights {
		tw[i], total = t.weight, total+t.weight
	}
	for i, pl := range places {
		in := &Institution{ID: int64(i + 1), Region: pl.place, Status: "active"}
		in.USCC = ident.GenerateUSCC(r, pl.code)
		for seen[in.USCC] {
			in.USCC = ident.GenerateUSCC(r, pl.code)
		}
		seen[in.USCC] = true
		in.Type = typeWeights[pickWeighted(r, tw, total)].typ
		in.Name = institutionName(r, pl.place, in.Type)
		in.Phone = "1" + string("3589"[r.IntN(4)]) + digits(r, 9)
		switch n := r.IntN(100); {
		case pl.kind != kindNormal:
		case n < 2:
			in.Status = "pending"
		case n < 3:
			in.Status = "rejected"
		case n < 5:
			in.Status = "deregistered"
		}
		age := 60 + r.IntN(2500)
		if in.Status == "pending" || in.Status == "rejected" {
			age = 1 + r.IntN(20)
		}
		created := o.Today.AddDays(-age)
		in.CreatedAt = at(r, created)
		in.Established = created.AddDays(-r.IntN(6000))
		p.people(r, in)
		if in.Status == "active" || in.Status == "deregistered" {
			p.history(r, in, pl.kind)
		}
		p.Institutions = append(p.Institutions, in)
	}
	return p, nil
}

// The kinds of placement: an ordinary institution, one of the hot county's
// (an open level-1 review), one of the backlog (an open level-2 review).
const (
	kindNormal = iota
	kindHot
	kindBacklog
)

type placed struct {
	place
	kind int
}

// allocate places every institution: the hot county's first, then the
// backlog across the hot county's province, then the rest across the 31
// provinces by largest remainder of the weight table, each in a random
// county of its province.
func (p *Plan) allocate(r *rand.Rand) ([]placed, error) {
	o := p.Opts
	var out []placed
	if o.HotCount > 0 || o.Backlog > 0 {
		hot, err := placeOf(p.tree, o.HotRegion)
		if err != nil {
			return nil, err
		}
		for range o.HotCount {
			out = append(out, placed{hot, kindHot})
		}
		counties := countiesOf(p.tree, o.HotRegion[:2]+"0000")
		for range o.Backlog {
			out = append(out, placed{counties[r.IntN(len(counties))], kindBacklog})
		}
	}
	rest := o.Institutions - o.HotCount
	wsum := 0
	for _, w := range provinceWeights {
		wsum += w.weight
	}
	counts := make([]int, len(provinceWeights))
	given := 0
	for i, w := range provinceWeights {
		counts[i] = rest * w.weight / wsum
		given += counts[i]
	}
	// Largest remainder, ties by table order: deterministic and exact.
	order := make([]int, len(provinceWeights))
	for i := range order {
		order[i] = i
	}
	rem := func(i int) int { return rest * provinceWeights[i].weight % wsum }
	sort.SliceStable(order, func(a, b int) bool { return rem(order[a]) > rem(order[b]) })
	for k := 0; given < rest; k++ {
		counts[order[k%len(order)]]++
		given++
	}
	for i, w := range provinceWeights {
		counties := countiesOf(p.tree, w.code)
		if len(counties) == 0 {
			return nil, fmt.Errorf("gen: province %s has no counties", w.code)
		}
		for range counts[i] {
			out = append(out, placed{counties[r.IntN(len(counties))], kindNormal})
		}
	}
	return out, nil
}

// addPerson creates a person with a fresh, valid and unique ID number
// registered in the institution's county.
func (p *Plan) addPerson(r *rand.Rand, county string, seen map[string]bool) int32 {
	birth := calendar.Date{Y: 1958 + r.IntN(42), M: time.Month(1 + r.IntN(12)), D: 1 + r.IntN(28)}.Time()
	id := ident.GenerateResidentID(r, county, birth)
	for seen[id] {
		id = ident.GenerateResidentID(r, county, birth.AddDate(0, 0, r.IntN(300)))
	}
	seen[id] = true
	p.Persons = append(p.Persons, Person{ID: int64(len(p.Persons) + 1), IDNumber: id, Name: personName(r),
		Title: titles[r.IntN(len(titles))], Edu: educations[r.IntN(len(educations))]})
	return int32(len(p.Persons) - 1)
}
