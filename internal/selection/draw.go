// Package selection holds the two ways the province picks from a pool: a
// verifiable random draw and a merit ranking. Both are pure functions of their
// published inputs, so that anyone holding the inputs can re-run them and get
// the same answer; the project part stores the inputs, this package only
// computes.
//
// # The draw algorithm (Algorithm "evalcred-draw-v1")
//
//  1. The pool is the candidates' ids, ascending, without duplicates.
//  2. PoolHash is the lower-case hex SHA-256 of the ids written in decimal and
//     joined by "," (e.g. "3,17,42"); it is published with the pool.
//  3. A stream of random bytes is block(0) || block(1) || ..., where
//     block(i) = SHA-256(seed || PoolHash || uint64-big-endian(i)) and seed is
//     the published seed string in UTF-8.
//  4. Words are read from the stream 8 bytes at a time, big-endian. A uniform
//     integer below n is the first word w with w < 2^64 - (2^64 mod n),
//     reduced mod n (rejection sampling: no modulo bias).
//  5. A Fisher–Yates shuffle of the pool stops after count steps: for i from 0
//     to count-1, j = i + uniform(len(pool) - i), swap pool[i] and pool[j].
//     The result is pool[0:count], in order.
//
// Because the seed is fixed before the draw and the pool hash ties the stream
// to the exact pool, neither can be changed afterwards without the result
// changing.
package selection

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
)

// Algorithm names the draw algorithm documented above; it is stored with
// every draw so that a later version can never silently re-interpret old ones.
const Algorithm = "evalcred-draw-v1"

// MaxSeedLen bounds a caller's seed (in bytes).
const MaxSeedLen = 128

// ErrPool is returned for a pool that is not strictly ascending.
var ErrPool = errors.New("selection: pool must be strictly ascending")

// Canonical returns the pool sorted ascending without duplicates.
func Canonical(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// PoolHash returns the hex SHA-256 of the canonical text of pool.
func PoolHash(pool []int64) string {
	h := sha256.New()
	var buf []byte
	for i, id := range pool {
		buf = buf[:0]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = strconv.AppendInt(buf, id, 10)
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// NewSeed returns a fresh seed from crypto/rand: 32 bytes in hex.
func NewSeed() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// stream is the deterministic byte stream of step 3.
type stream struct {
	prefix  []byte // seed || pool hash
	counter uint64
	block   [32]byte
	pos     int
}

func newStream(seed, poolHash string) *stream {
	s := &stream{prefix: append([]byte(seed), poolHash...), pos: 32}
	return s
}

func (s *stream) word() uint64 {
	if s.pos+8 > len(s.block) {
		var c [8]byte
		binary.BigEndian.PutUint64(c[:], s.counter)
		s.counter++
		h := sha256.New()
		h.Write(s.prefix)
		h.Write(c[:])
		h.Sum(s.block[:0])
		s.pos = 0
	}
	w := binary.BigEndian.Uint64(s.block[s.pos:])
	s.pos += 8
	return w
}

// uniform returns an unbiased integer in [0, n) for n > 0 (step 4).
func (s *stream) uniform(n uint64) uint64 {
	// 2^64 mod n computed as (2^64 - n) mod n without overflow.
	rem := (-n) % n
	limit := ^uint64(0) - rem // accept w <= limit, i.e. w < 2^64 - rem
	for {
		w := s.word()
		if rem == 0 || w <= limit {
			return w % n
		}
	}
}

// Draw selects count ids from pool (strictly ascending) with seed, by the
// algorithm documented in the package comment. A count larger than the pool
// selects the whole pool (in drawn order).
func Draw(seed string, pool []int64, count int) ([]int64, error) {
	for i := 1; i < len(pool); i++ {
		if pool[i] <= pool[i-1] {
			return nil, ErrPool
		}
	}
	count = max(0, min(count, len(pool)))
	a := slices.Clone(pool)
	s := newStream(seed, PoolHash(pool))
	for i := 0; i < count; i++ {
		j := i + int(s.uniform(uint64(len(a)-i)))
		a[i], a[j] = a[j], a[i]
	}
	return a[:count], nil
}
