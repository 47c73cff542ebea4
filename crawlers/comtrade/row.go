package comtrade

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/exportscope/exportscope/store"
)

// Source is the store.TradeFlow Source of every flow this package makes.
const Source = "comtrade"

// fields gives one row's values by lower-case column or key name. ok is
// false when the column is absent or the value empty (or JSON null).
type fields interface {
	get(name string) (value string, ok bool)
}

var flowCodes = map[string]string{
	"M":  store.FlowImport,
	"X":  store.FlowExport,
	"RM": store.FlowReImport,
	"RX": store.FlowReExport,
}

// buildFlow turns one row, in the column names of the v1 data API and the
// bulk files, into a trade flow. The checks run in this order, so that a
// row outside the model (another classification, a breakdown, a sub-flow,
// a non-country area) says so before any bad value is looked at:
// classification, breakdown, flow, reporter, partner, commodity, period,
// values.
func buildFlow(f fields) (store.TradeFlow, error) {
	var tf store.TradeFlow
	if err := checkClassification(f); err != nil {
		return tf, err
	}
	if err := checkTotal(f); err != nil {
		return tf, err
	}

	code, ok := f.get("flowcode")
	if !ok {
		return tf, fmt.Errorf("%w: flowCode missing", ErrBadValue)
	}
	flow, ok := flowCodes[strings.ToUpper(code)]
	if !ok {
		return tf, fmt.Errorf("flow code %q: %w", code, ErrSubFlow)
	}
	tf.Flow = flow

	var err error
	if tf.Reporter, err = area(f, "reporter"); err != nil {
		return tf, err
	}
	if tf.Reporter == store.World {
		return tf, fmt.Errorf("reporter code 0 (World): %w", ErrNotCountry)
	}
	if tf.Partner, err = area(f, "partner"); err != nil {
		return tf, err
	}

	cmd, ok := f.get("cmdcode")
	if !ok {
		return tf, fmt.Errorf("%w: cmdCode missing", ErrBadValue)
	}
	tf.HS = store.NormalizeHS(cmd)
	if !store.ValidHS(tf.HS) {
		return tf, fmt.Errorf("%w: cmdCode %q is not an HS code", ErrBadValue, cmd)
	}

	if tf.Year, tf.Month, err = period(f); err != nil {
		return tf, err
	}

	if tf.ValueUSD, err = value(f, tf.Flow); err != nil {
		return tf, err
	}
	w, err := number(f, "netWgt")
	if err != nil {
		return tf, err
	}
	if w != nil && *w != 0 {
		tf.NetWeightKg = w
	}
	tf.Quantity, tf.QtyUnit, err = quantity(f)
	if err != nil {
		return tf, err
	}

	tf.Source = Source
	tf.ID = store.TradeFlowID(&tf)
	if err := tf.Validate(); err != nil {
		return tf, fmt.Errorf("%w: %w", ErrBadValue, err)
	}
	return tf, nil
}

// checkClassification accepts HS rows (classificationSearchCode "HS", or a
// classificationCode H0..H6 or HS) and rejects SITC, BEC and services rows
// with ErrNotHS: their codes would read as HS codes of other goods.
func checkClassification(f fields) error {
	if t, ok := f.get("typecode"); ok && !strings.EqualFold(t, "C") {
		return fmt.Errorf("typeCode %s (not goods): %w", t, ErrNotHS)
	}
	search, hasSearch := f.get("classificationsearchcode")
	cl, hasCl := f.get("classificationcode")
	if !hasSearch && !hasCl {
		return fmt.Errorf("%w: classificationCode missing", ErrBadValue)
	}
	if hasSearch && strings.EqualFold(search, "HS") {
		return nil
	}
	if hasCl && isHSClassification(cl) {
		return nil
	}
	name := cl
	if !hasCl {
		name = search
	}
	return fmt.Errorf("classification %s: %w", name, ErrNotHS)
}

func isHSClassification(cl string) bool {
	cl = strings.ToUpper(cl)
	if cl == "HS" {
		return true
	}
	return len(cl) == 2 && cl[0] == 'H' && cl[1] >= '0' && cl[1] <= '9'
}

// checkTotal rejects rows that break a total down by second partner,
// customs procedure or mode of transport; absent columns count as totals.
func checkTotal(f fields) error {
	if n, ok, err := integer(f, "partner2Code"); err != nil {
		return err
	} else if ok && n != 0 {
		return fmt.Errorf("partner2Code %d: %w", n, ErrBreakdown)
	}
	if c, ok := f.get("customscode"); ok && !strings.EqualFold(c, "C00") {
		return fmt.Errorf("customsCode %s: %w", c, ErrBreakdown)
	}
	if n, ok, err := integer(f, "motCode"); err != nil {
		return err
	} else if ok && n != 0 {
		return fmt.Errorf("motCode %d: %w", n, ErrBreakdown)
	}
	return nil
}

// area maps the row's reporter or partner (role) to ISO alpha-2.
func area(f fields, role string) (string, error) {
	code, hasCode, err := integer(f, role+"Code")
	if err != nil {
		return "", err
	}
	iso3, _ := f.get(role + "iso")
	iso2, err := areaISO2(code, hasCode, iso3)
	if err != nil {
		return "", fmt.Errorf("%s %w", role, err)
	}
	return iso2, nil
}

// period reads freqCode, refYear, refMonth and period. Annual rows have
// refMonth 52 and month 0 here; without freqCode (the legacy format) the
// period's length tells: 2014 is annual, 201403 monthly.
func period(f fields) (year, month int, err error) {
	p, hasP := f.get("period")
	p = strings.TrimSuffix(p, ".0")
	freq, _ := f.get("freqcode")
	freq = strings.ToUpper(freq)
	if freq == "" {
		switch {
		case hasP && len(p) == 4:
			freq = "A"
		case hasP && len(p) == 6:
			freq = "M"
		default:
			return 0, 0, fmt.Errorf("%w: no freqCode, and period %q is neither YYYY nor YYYYMM", ErrBadValue, p)
		}
	}
	y, hasY, err := integer(f, "refYear")
	if err != nil {
		return 0, 0, err
	}
	if !hasY {
		if !hasP || len(p) < 4 {
			return 0, 0, fmt.Errorf("%w: no refYear or period", ErrBadValue)
		}
		if y, err = strconv.Atoi(p[:4]); err != nil {
			return 0, 0, fmt.Errorf("%w: period %q is not a number", ErrBadValue, p)
		}
	}
	switch freq {
	case "A":
		month = 0
	case "M":
		m, hasM, err := integer(f, "refMonth")
		if err != nil {
			return 0, 0, err
		}
		if !hasM {
			if !hasP || len(p) != 6 {
				return 0, 0, fmt.Errorf("%w: monthly row without refMonth or a YYYYMM period", ErrBadValue)
			}
			if m, err = strconv.Atoi(p[4:]); err != nil {
				return 0, 0, fmt.Errorf("%w: period %q is not a number", ErrBadValue, p)
			}
		}
		if m < 1 || m > 12 {
			return 0, 0, fmt.Errorf("%w: refMonth %d of a monthly row is not 1..12", ErrBadValue, m)
		}
		month = m
	default:
		return 0, 0, fmt.Errorf("%w: freqCode %q is neither A nor M", ErrBadValue, freq)
	}
	if y < 1900 || y > 2200 {
		return 0, 0, fmt.Errorf("%w: year %d", ErrBadValue, y)
	}
	if hasP {
		want := (&store.TradeFlow{Year: y, Month: month}).Period()
		if p != want {
			return 0, 0, fmt.Errorf("%w: period %q disagrees with refYear/refMonth/freqCode (%s)", ErrBadValue, p, want)
		}
	}
	return y, month, nil
}

// value is the flow's value in USD: primaryValue, which Comtrade defines as
// the CIF value of imports and the FOB value of exports where reported,
// else the value on that same basis (cifvalue for imports and re-imports,
// fobvalue for exports and re-exports). A row with neither is rejected
// rather than valued on the other basis, which would mix CIF and FOB.
func value(f fields, flow string) (float64, error) {
	v, err := number(f, "primaryValue")
	if err != nil || v != nil {
		return deref(v), err
	}
	basis := "fobvalue"
	if flow == store.FlowImport || flow == store.FlowReImport {
		basis = "cifvalue"
	}
	v, err = number(f, basis)
	if err != nil {
		return 0, err
	}
	if v == nil {
		return 0, fmt.Errorf("%w: no primaryValue and no %s", ErrBadValue, basis)
	}
	return *v, nil
}

// quantity reads qty with its unit: qtyUnitAbbr where given, else the
// abbreviation of qtyUnitCode. A quantity of 0, or one without a known
// unit (N/A, "no quantity", an unknown code), is left out: a number
// without a unit cannot be compared.
func quantity(f fields) (*float64, string, error) {
	q, err := number(f, "qty")
	if err != nil || q == nil || *q == 0 {
		return nil, "", err
	}
	unit := ""
	if abbr, ok := f.get("qtyunitabbr"); ok && !noUnit(abbr) {
		unit = abbr
	} else if code, ok := f.get("qtyunitcode"); ok {
		unit, _ = unitOfCode(code)
	}
	if unit == "" {
		return nil, "", nil
	}
	return q, unit, nil
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// number parses an optional decimal number; absent is nil.
func number(f fields, name string) (*float64, error) {
	s, ok := f.get(strings.ToLower(name))
	if !ok {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, fmt.Errorf("%w: %s %q is not a number", ErrBadValue, name, s)
	}
	return &v, nil
}

// integer parses an optional integer code, accepting "32" and "32.0".
func integer(f fields, name string) (int, bool, error) {
	s, ok := f.get(strings.ToLower(name))
	if !ok {
		return 0, false, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, true, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != math.Trunc(v) || math.Abs(v) > 1e9 {
		return 0, false, fmt.Errorf("%w: %s %q is not an integer", ErrBadValue, name, s)
	}
	return int(v), true, nil
}
