package selection

import (
	"slices"
	"testing"
)

func pool(n int) []int64 {
	p := make([]int64, n)
	for i := range p {
		p[i] = int64(i*3 + 1)
	}
	return p
}

func TestDrawIsDeterministicAndSeedSensitive(t *testing.T) {
	p := pool(200)
	a, err := Draw("seed-1", p, 10)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Draw("seed-1", p, 10)
	if !slices.Equal(a, b) {
		t.Fatalf("same inputs gave %v and %v", a, b)
	}
	c, _ := Draw("seed-2", p, 10)
	if slices.Equal(a, c) {
		t.Fatalf("another seed gave the same result %v", a)
	}
	if len(a) != 10 || len(slices.Compact(slices.Sorted(slices.Values(a)))) != 10 {
		t.Fatalf("want 10 distinct ids, got %v", a)
	}
	// A different pool (one id more) changes the stream through the pool hash.
	d, _ := Draw("seed-1", append(slices.Clone(p), 10000), 10)
	if slices.Equal(a, d) {
		t.Errorf("a changed pool gave the same result")
	}
}

// The expected values pin the algorithm: if this test changes, published
// draws could no longer be re-run, so Algorithm must get a new name instead.
func TestDrawPinned(t *testing.T) {
	got, _ := Draw("evalcred", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 4)
	if want := []int64{8, 1, 9, 4}; !slices.Equal(got, want) {
		t.Fatalf("Draw = %v, want %v", got, want)
	}
	// printf '1,2,3' | sha256sum
	if h := PoolHash([]int64{1, 2, 3}); h != "8a6ae15122001229edb8866f56e342af12ae8187203c3e3b33931743e7c0c48d" {
		t.Errorf("PoolHash = %s", h)
	}
	if PoolHash([]int64{1, 2, 3}) == PoolHash([]int64{12, 3}) {
		t.Error("pool hash must separate ids")
	}
}

func TestDrawRejectsUnsortedPoolAndClampsCount(t *testing.T) {
	if _, err := Draw("s", []int64{3, 1}, 1); err == nil {
		t.Error("unsorted pool accepted")
	}
	got, _ := Draw("s", []int64{1, 2, 3}, 10)
	if len(got) != 3 {
		t.Errorf("count above pool: %v", got)
	}
}

// Every position is reachable and roughly uniform: a smoke test of the
// rejection sampling and the shuffle.
func TestDrawSpread(t *testing.T) {
	p := pool(5)
	hits := map[int64]int{}
	for i := 0; i < 5000; i++ {
		got, _ := Draw(string(rune('a'+i%26))+string(rune(i)), p, 1)
		hits[got[0]]++
	}
	for _, id := range p {
		if hits[id] < 800 || hits[id] > 1200 {
			t.Errorf("id %d drawn %d times of 5000", id, hits[id])
		}
	}
}

func TestRankTies(t *testing.T) {
	cs := []Candidate{
		{ID: 5, Score: 9000, HasScore: true, OpenProjects: 1},
		{ID: 3, Score: 9000, HasScore: true, OpenProjects: 1},
		{ID: 9, Score: 9000, HasScore: true, OpenProjects: 0},
		{ID: 1},
		{ID: 7, Score: 9500, HasScore: true, OpenProjects: 2},
	}
	ids, _, ties := Top(cs, 5)
	if want := []int64{7, 9, 3, 5, 1}; !slices.Equal(ids, want) {
		t.Fatalf("order %v, want %v", ids, want)
	}
	if want := []string{"", "", "fewer_open_projects", "lower_id", ""}; !slices.Equal(ties, want) {
		t.Errorf("ties %v, want %v", ties, want)
	}
}

func BenchmarkDraw20000(b *testing.B) {
	p := pool(20000)
	for b.Loop() {
		if _, err := Draw("bench", p, 5); err != nil {
			b.Fatal(err)
		}
	}
}
