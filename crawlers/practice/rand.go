package practice

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"
)

// Every random choice in the market is drawn from a PCG generator seeded by
// the market's seed and a hash of the entity it belongs to ("listing",
// store, index...). Entities are therefore independent of each other and of
// the order in which they are generated: a page renders the same bytes
// whatever was requested before it.

// key hashes the parts of an entity's name with FNV-1a, separating them so
// that ("ab","c") and ("a","bc") differ.
func key(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return mix64(h.Sum64())
}

// mix64 is the splitmix64 finaliser; it spreads FNV's weak low bits.
func mix64(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return z
}

// rng returns a generator for the entity named by parts.
func rng(seed int64, parts ...string) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), key(parts...)))
}

// unit returns a number in [0, 1) fixed by the seed and parts; it is the
// cheap form of rng(seed, parts...).Float64() used for yes/no decisions.
func unit(seed int64, parts ...string) float64 {
	return float64(mix64(key(parts...)^uint64(seed)*0x9e3779b97f4a7c15)>>11) / (1 << 53)
}

func itoa(i int) string { return strconv.Itoa(i) }

// logNormal draws exp(N(log(median), sigma)).
func logNormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(r.NormFloat64()*sigma)
}

// zipf picks an index in [0, n) with weight 1/(i+1)^s: a few dominant
// entries and a long tail.
func zipf(r *rand.Rand, n int, s float64) int {
	if n <= 1 {
		return 0
	}
	total := 0.0
	for i := range n {
		total += math.Pow(float64(i+1), -s)
	}
	x := r.Float64() * total
	for i := range n {
		x -= math.Pow(float64(i+1), -s)
		if x < 0 {
			return i
		}
	}
	return n - 1
}

// pick chooses an index with the given weights.
func pick(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		x -= w
		if x < 0 {
			return i
		}
	}
	return len(weights) - 1
}

// weighted is a value with a selection weight.
type weighted[T any] struct {
	V T
	W float64
}

// pickW chooses a value from a weighted list.
func pickW[T any](r *rand.Rand, list []weighted[T]) T {
	ws := make([]float64, len(list))
	for i, e := range list {
		ws[i] = e.W
	}
	return list[pick(r, ws)].V
}

// clamp limits v to [lo, hi].
func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// round rounds v to d decimals.
func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}
