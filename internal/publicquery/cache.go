package publicquery

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/jobs"
)

// PageCache keeps institutions' public pages in memory, so that the busiest
// page of the platform (the public lookup by USCC) is answered without a
// query. It stays exact without knowing who writes:
//
//   - triggers on institutions, sanctions and credit_records log the id of
//     every institution whose page may have changed in public_changes
//     (migration 0014), whoever the writer is, even SQL run by hand;
//   - before answering, the cache reads the changes after the last one it saw
//     and drops those pages. It does so whenever this process has committed a
//     write since (db.Commits), so a server always shows its own writes at
//     once, and otherwise at most every Refresh, so other servers' writes show
//     within that time (200 ms by default);
//   - a page is kept for the day it was built on: publications and sanctions
//     end by date, so on the next day it is built again.
//
// On PostgreSQL transactions commit in parallel and a change row may become
// visible after rows with higher numbers; the cache remembers which
// transactions were running when it last read and reads their rows again.
//
// A page is kept as its JSON, which the API writes as it is: no encoding per
// request, and no pointers for the garbage collector to trace through a
// cache of the whole country. The HTML page decodes it. The cache holds at most MaxBytes
// of pages; beyond that it forgets pages at random.
type PageCache struct {
	db    *db.DB
	clock clock.Clock
	// MaxBytes bounds the memory of the pages kept.
	MaxBytes int64
	// Refresh is how old the last read of changes may be before an answer.
	Refresh time.Duration

	syncMu  sync.Mutex             // one read of changes at a time
	mu      sync.Mutex             // guards the fields below
	pages   map[string]*cachedPage // by USCC
	byInst  map[int64]string
	size    int64
	started bool
	seq     int64     // the last change read
	running string    // PostgreSQL: transactions in progress at the last read, as an array literal
	readAt  time.Time // when changes were last read
	commits uint64    // db.Commits() before the last read
	epoch   uint64    // counts reads of changes that dropped pages

	hits, misses, restarts atomic.Int64
}

// CacheStats counts a cache's answers from memory and from the database, and
// how often it forgot everything and started over (once at the start, then
// only after RestartAfter without a read of changes).
type CacheStats struct {
	Hits, Misses, Restarts int64
}

// Stats returns the counts so far.
func (c *PageCache) Stats() CacheStats {
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Restarts: c.restarts.Load()}
}

type cachedPage struct {
	day  calendar.Date
	id   int64
	body []byte // the page as JSON, shared by callers, who must not modify it
}

// RestartAfter is how long a cache may go without reading changes before it
// forgets every page and starts again from the newest change; the prune job
// keeps changes for a day, far longer.
const RestartAfter = time.Hour

// NewPageCache returns a cache of at most maxBytes of pages on d.
func NewPageCache(d *db.DB, clk clock.Clock, maxBytes int64) *PageCache {
	return &PageCache{db: d, clock: clk, MaxBytes: maxBytes, Refresh: 200 * time.Millisecond,
		pages: map[string]*cachedPage{}, byInst: map[int64]string{}}
}

// Len returns how many pages are kept.
func (c *PageCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pages)
}

// get returns the page of code for day if it is kept; epoch is what put
// needs to know that nothing was dropped in between.
func (c *PageCache) get(ctx context.Context, code string, day calendar.Date) (body []byte, epoch uint64, err error) {
	if err := c.refresh(ctx); err != nil {
		return nil, 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.pages[code]; p != nil && p.day == day {
		c.hits.Add(1)
		return p.body, c.epoch, nil
	}
	c.misses.Add(1)
	return nil, c.epoch, nil
}

// put keeps a page built from the database after a get that returned epoch.
// If changes were dropped since, the page may predate one of them and is not
// kept (the next request builds it again).
func (c *PageCache) put(code string, id int64, day calendar.Date, body []byte, epoch uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch != c.epoch {
		return
	}
	c.drop(id)
	if old := c.pages[code]; old != nil {
		c.drop(old.id)
	}
	p := &cachedPage{day: day, id: id, body: body}
	c.pages[code] = p
	c.byInst[id] = code
	c.size += p.size()
	for k, v := range c.pages { // random eviction beyond the bound
		if c.size <= c.MaxBytes {
			break
		}
		if k != code {
			c.drop(v.id)
		}
	}
}

// size estimates the memory a kept page takes: its JSON and the entries of
// the two maps.
func (p *cachedPage) size() int64 { return int64(len(p.body)) + 160 }

// drop forgets the page of institution id.
func (c *PageCache) drop(id int64) {
	code, ok := c.byInst[id]
	if !ok {
		return
	}
	delete(c.byInst, id)
	if p := c.pages[code]; p != nil && p.id == id {
		c.size -= p.size()
		delete(c.pages, code)
	}
}

// fresh reports whether the last read of changes began after this
// process's commits up to want and less than Refresh before now (or after
// now: a read that began after the caller arrived serves it). Called with
// c.mu held.
func (c *PageCache) fresh(want uint64, now time.Time) bool {
	age := now.Sub(c.readAt)
	return c.started && c.commits >= want && age < c.Refresh && age > -time.Minute
}

// refresh reads the changes not yet seen, if it is time to, and drops their
// pages. One goroutine reads at a time; those waiting meanwhile use its read
// when it began after what they must see.
func (c *PageCache) refresh(ctx context.Context) error {
	want, now := c.db.Commits(), c.clock.Now()
	c.mu.Lock()
	ok := c.fresh(want, now)
	c.mu.Unlock()
	if ok {
		return nil
	}
	c.syncMu.Lock()
	defer c.syncMu.Unlock()
	c.mu.Lock()
	ok = c.fresh(want, now)
	// What this read will see: every commit counted before it begins. The
	// time is taken now, not on arrival: another goroutine may have read
	// while this one waited, and its later time is no reason to restart.
	commits, readAt := c.db.Commits(), c.clock.Now()
	restart := !c.started || readAt.Sub(c.readAt) > RestartAfter || readAt.Before(c.readAt)
	seq, running := c.seq, c.running
	c.mu.Unlock()
	if ok {
		return nil
	}
	var ids []int64
	var err error
	if restart {
		seq, running, err = changeStore{c.db}.head(ctx)
	} else {
		ids, seq, running, err = changeStore{c.db}.since(ctx, seq, running)
	}
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if restart {
		clear(c.pages)
		clear(c.byInst)
		c.size = 0
		c.epoch++
		c.restarts.Add(1)
	}
	for _, id := range ids {
		c.drop(id)
	}
	if len(ids) > 0 {
		c.epoch++
	}
	c.seq, c.running, c.readAt, c.commits, c.started = seq, running, readAt, commits, true
	return nil
}

// PruneChanges deletes the change rows older than a day (the public-changes.prune job).
func (s *Service) PruneChanges(ctx context.Context) error {
	return changeStore{s.DB}.prune(ctx, s.Clock.Now().Add(-24*time.Hour).Unix())
}

// Jobs returns the public part's background jobs.
func (s *Service) Jobs() []jobs.Job {
	return []jobs.Job{{Name: "public-changes.prune", Every: time.Hour, Slot: jobs.Daily, Run: s.PruneChanges}}
}
