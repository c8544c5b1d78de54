package yearclose

import (
	"sort"

	"evalcred/internal/calendar"
)

// Consequence is an effect a year's grade has on an institution: a
// suspension from provincial evaluation work from StartsOn to EndsOn, and
// for RecordSeverity != "" a bad credit record.
type Consequence struct {
	InstitutionID  int64         `json:"institution_id"`
	Kind           string        `json:"kind"`
	StartsOn       calendar.Date `json:"starts_on"`
	EndsOn         calendar.Date `json:"ends_on"`
	RecordSeverity string        `json:"record_severity,omitempty"`
}

// History gives an institution's grades of earlier years: History[id][k] is
// its grade in year-1-k ("" for a year without one), as far back as known.
type History map[int64][]string

// span is months months from 1 January of year+1: the whole next year for 12.
func span(year, months int) (calendar.Date, calendar.Date) {
	start := calendar.Date{Y: year + 1, M: 1, D: 1}
	end := calendar.DateOf(start.Time().AddDate(0, months, 0)).AddDays(-1)
	return start, end
}

// Consequences applies the rules of p to a year's grades, in institution
// order then kind:
//   - qualified for consecutive_qualified_years years in a row: suspended
//     for consecutive_qualified_suspension_months from 1 January next year.
//     A run of qualified years triggers once per full count (years 2, 4, 6 of
//     a run of 2-year rules), so one year never counts for two suspensions;
//     any other grade, or a year without one, breaks the run.
//   - unqualified: suspended for unqualified_suspension_months and, when
//     unqualified_record_severity is set, a bad record of that severity.
//   - bottom_n > 0: the bottom_n lowest scores of the year (everyone tied
//     with the last of them too, so that equal scores are treated alike) are
//     barred for bottom_n_bar_months.
func Consequences(year int, grades []Grade, hist History, p Policy) []Consequence {
	r := p.Rules
	var out []Consequence
	add := func(id int64, kind string, months int, severity string) {
		if months <= 0 && severity == "" {
			return
		}
		s, e := span(year, max(months, 0))
		if months <= 0 {
			e = s // a record without suspension: the dates only say when
		}
		out = append(out, Consequence{InstitutionID: id, Kind: kind, StartsOn: s, EndsOn: e, RecordSeverity: severity})
	}
	bottom := bottomN(grades, r.BottomN)
	for _, g := range grades {
		if g.Grade == GradeQualified && r.ConsecutiveQualifiedYears > 0 {
			run := 1
			for _, h := range hist[g.InstitutionID] {
				if h != GradeQualified {
					break
				}
				run++
			}
			if run%r.ConsecutiveQualifiedYears == 0 {
				add(g.InstitutionID, KindConsecutiveQualified, r.ConsecutiveQualifiedSuspensionMonths, "")
			}
		}
		if g.Grade == GradeUnqualified {
			add(g.InstitutionID, KindUnqualified, r.UnqualifiedSuspensionMonths, r.UnqualifiedRecordSeverity)
		}
		if bottom[g.InstitutionID] {
			add(g.InstitutionID, KindBottomN, r.BottomNBarMonths, "")
		}
	}
	return out
}

// bottomN marks the n lowest scores and every score tied with the n-th.
func bottomN(grades []Grade, n int) map[int64]bool {
	out := map[int64]bool{}
	if n <= 0 || len(grades) == 0 {
		return out
	}
	scores := make([]int, len(grades))
	for i, g := range grades {
		scores[i] = g.Score
	}
	sort.Ints(scores)
	cut := scores[min(n, len(scores))-1]
	for _, g := range grades {
		if g.Score <= cut {
			out[g.InstitutionID] = true
		}
	}
	return out
}
