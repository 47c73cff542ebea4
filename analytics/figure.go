package analytics

import (
	"fmt"
	"math"
)

// Status says whether a figure has a value.
type Status string

// The statuses of a figure.
const (
	// StatusOK: Value holds the figure.
	StatusOK Status = "ok"
	// StatusNoData: the store holds no records the figure could be computed
	// from (no listings, no reviews, no trade rows in the window).
	StatusNoData Status = "no_data"
	// StatusNotDefined: there are records, but the figure is not defined for
	// them (a growth rate from a zero start, a unit value without weights).
	StatusNotDefined Status = "not_defined"
)

// Window is the data window a figure was computed over: years ("2019") for
// trade statistics, dates ("2024-01-01") for marketplace data. To is
// inclusive.
type Window struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Figure is one number of a report with its provenance. Value is present
// only when Status is "ok"; it is never NaN or infinite.
type Figure struct {
	Value  *float64 `json:"value"`
	Unit   string   `json:"unit,omitempty"`
	Status Status   `json:"status"`
	// Reason says why there is no value ("no_data", "not_defined").
	Reason string `json:"reason,omitempty"`
	// Note is a caveat about a value that is there (one supplier only, a
	// total taken from the World row).
	Note       string `json:"note,omitempty"`
	Definition string `json:"definition"`
	Window     Window `json:"window"`
	// Sources name the document kinds and filters the figure was read from.
	Sources []string `json:"sources"`
	// Records is the number of stored records (trade rows, listings,
	// reviews) behind the figure.
	Records int64 `json:"records"`
	// Approximate is set when a backend may estimate the figure
	// (percentiles: Elasticsearch uses t-digest, SQLite is exact).
	Approximate bool `json:"approximate,omitempty"`
}

// Prov is the provenance shared by the figures of one computation.
type Prov struct {
	Window  Window
	Sources []string
}

// Units used by figures.
const (
	UnitUSD      = "USD"
	UnitUSDPerKg = "USD/kg"
	UnitPercent  = "%"
	UnitPoints   = "percentage points"
	UnitHHI      = "HHI (0-10000)"
	UnitCount    = "count"
	UnitIndex    = "index (category = 100)"
	UnitScore    = "score (0-100)"
	UnitStars    = "stars (0-5)"
	UnitRatio    = "ratio"
)

func (p Prov) fig(def, unit string, records int64) Figure {
	src := append([]string(nil), p.Sources...)
	if src == nil {
		src = []string{}
	}
	return Figure{Unit: unit, Definition: def, Window: p.Window, Sources: src, Records: records}
}

// ok returns a figure with value v. A non-finite v (which the callers guard
// against) becomes "not_defined" rather than NaN in the JSON.
func (p Prov) ok(def, unit string, records int64, v float64) Figure {
	f := p.fig(def, unit, records)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		f.Status = StatusNotDefined
		f.Reason = "the computation gave no finite number"
		return f
	}
	if v == 0 {
		v = 0 // no negative zero in the JSON
	}
	f.Status = StatusOK
	f.Value = &v
	return f
}

func (p Prov) noData(def, unit string, records int64, reason string, args ...any) Figure {
	f := p.fig(def, unit, records)
	f.Status = StatusNoData
	f.Reason = fmt.Sprintf(reason, args...)
	return f
}

func (p Prov) notDefined(def, unit string, records int64, reason string, args ...any) Figure {
	f := p.fig(def, unit, records)
	f.Status = StatusNotDefined
	f.Reason = fmt.Sprintf(reason, args...)
	return f
}

// OK reports whether the figure has a value.
func (f Figure) OK() bool { return f.Status == StatusOK && f.Value != nil }

// V returns the value, or 0 when there is none; check OK first.
func (f Figure) V() float64 {
	if f.Value == nil {
		return 0
	}
	return *f.Value
}

func (f Figure) withNote(format string, args ...any) Figure {
	f.Note = fmt.Sprintf(format, args...)
	return f
}

func (f Figure) approx() Figure {
	f.Approximate = true
	return f
}
