package store

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
)

// ValidationError says which document and field were rejected and why.
type ValidationError struct {
	Kind   Kind
	ID     string
	Field  string
	Reason string
}

func (e *ValidationError) Error() string {
	id := e.ID
	if id == "" {
		id = "(no id)"
	}
	return fmt.Sprintf("%s %s: field %s: %s", e.Kind, id, e.Field, e.Reason)
}

func invalid(d Doc, field, format string, args ...any) error {
	return &ValidationError{Kind: d.Kind(), ID: d.DocID(), Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 country code.
func ValidCountry(code string) bool {
	if len(code) != 2 || strings.ToUpper(code) != code {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry()
}

// ValidCurrency reports whether code is an ISO 4217 currency code.
func ValidCurrency(code string) bool {
	if len(code) != 3 || strings.ToUpper(code) != code {
		return false
	}
	_, err := currency.ParseISO(code)
	return err == nil
}

var hsPattern = regexp.MustCompile(`^[0-9]{2}([0-9]{2}){0,4}$`)

// ValidHS reports whether code is an HS code in digits (2, 4, 6, 8 or 10 of
// them, no dots) or "TOTAL".
func ValidHS(code string) bool { return code == "TOTAL" || hsPattern.MatchString(code) }

// NormalizeHS turns "2519.10" or "2519 10" into "251910". It does not
// validate; call ValidHS on the result.
func NormalizeHS(code string) string {
	code = strings.TrimSpace(code)
	if strings.EqualFold(code, "total") {
		return "TOTAL"
	}
	return strings.NewReplacer(".", "", " ", "").Replace(code)
}

func checkFloat(d Doc, field string, v *float64, min, max float64) error {
	if v == nil {
		return nil
	}
	if math.IsNaN(*v) || math.IsInf(*v, 0) {
		return invalid(d, field, "not a number")
	}
	if *v < min {
		return invalid(d, field, "must be at least %g, got %g", min, *v)
	}
	if *v > max {
		return invalid(d, field, "must be at most %g, got %g", max, *v)
	}
	return nil
}

func required(d Doc, field, v string) error {
	if strings.TrimSpace(v) == "" {
		return invalid(d, field, "required")
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func checkCountry(d Doc, field, v string, optional bool) error {
	if v == "" && optional {
		return nil
	}
	if !ValidCountry(v) {
		return invalid(d, field, "%q is not an ISO 3166-1 alpha-2 country code", v)
	}
	return nil
}

func checkCurrency(d Doc, field, v string, optional bool) error {
	if v == "" && optional {
		return nil
	}
	if !ValidCurrency(v) {
		return invalid(d, field, "%q is not an ISO 4217 currency code", v)
	}
	return nil
}

func (d *Listing) Validate() error {
	err := firstErr(
		required(d, "id", d.ID),
		required(d, "marketplace", d.Marketplace),
		checkCountry(d, "country", d.Country, false),
		required(d, "url", d.URL),
		required(d, "title", d.Title),
		checkCountry(d, "sellerCountry", d.SellerCountry, true),
		checkFloat(d, "price", d.Price, 0, math.MaxFloat64),
		checkFloat(d, "priceUSD", d.PriceUSD, 0, math.MaxFloat64),
		checkFloat(d, "priceCNY", d.PriceCNY, 0, math.MaxFloat64),
		checkFloat(d, "rating", d.Rating, 0, 5),
		checkFloat(d, "netWeightKg", d.NetWeightKg, 0, math.MaxFloat64),
		checkFloat(d, "usdPerKg", d.USDPerKg, 0, math.MaxFloat64),
	)
	if err != nil {
		return err
	}
	if d.Price != nil {
		if err := checkCurrency(d, "currency", d.Currency, false); err != nil {
			return err
		}
	} else if err := checkCurrency(d, "currency", d.Currency, true); err != nil {
		return err
	}
	if d.ReviewCount < 0 {
		return invalid(d, "reviewCount", "must not be negative")
	}
	if d.SalesRank < 0 {
		return invalid(d, "salesRank", "must not be negative")
	}
	if d.FirstSeen.IsZero() {
		return invalid(d, "firstSeen", "required")
	}
	if d.LastSeen.IsZero() {
		return invalid(d, "lastSeen", "required")
	}
	if d.LastSeen.Before(d.FirstSeen) {
		return invalid(d, "lastSeen", "is before firstSeen")
	}
	return nil
}

func (d *Snapshot) Validate() error {
	err := firstErr(
		required(d, "id", d.ID),
		required(d, "listingId", d.ListingID),
		required(d, "marketplace", d.Marketplace),
		checkCountry(d, "country", d.Country, false),
		checkFloat(d, "price", d.Price, 0, math.MaxFloat64),
		checkFloat(d, "priceUSD", d.PriceUSD, 0, math.MaxFloat64),
		checkFloat(d, "rating", d.Rating, 0, 5),
		checkCurrency(d, "currency", d.Currency, d.Price == nil),
	)
	if err != nil {
		return err
	}
	if d.Time.IsZero() {
		return invalid(d, "time", "required")
	}
	if d.ReviewCount < 0 || d.SalesRank < 0 {
		return invalid(d, "reviewCount", "must not be negative")
	}
	if d.SearchQuery == "" {
		if d.SearchPage != 0 || d.SearchPosition != 0 {
			return invalid(d, "searchQuery", "required with searchPage and searchPosition")
		}
		return nil
	}
	if d.SearchPage < 1 {
		return invalid(d, "searchPage", "must be 1 or more on a search snapshot")
	}
	if d.SearchPosition < 1 {
		return invalid(d, "searchPosition", "must be 1 or more on a search snapshot")
	}
	return nil
}

func (d *Review) Validate() error {
	r := d.Rating
	err := firstErr(
		required(d, "id", d.ID),
		required(d, "listingId", d.ListingID),
		required(d, "marketplace", d.Marketplace),
		checkCountry(d, "country", d.Country, false),
		checkFloat(d, "rating", &r, 0, 5),
	)
	if err != nil {
		return err
	}
	if d.Date.IsZero() {
		return invalid(d, "date", "required")
	}
	return nil
}

func (d *TradeFlow) Validate() error {
	v := d.ValueUSD
	err := firstErr(
		required(d, "id", d.ID),
		checkCountry(d, "reporter", d.Reporter, false),
		checkFloat(d, "valueUSD", &v, 0, math.MaxFloat64),
		checkFloat(d, "netWeightKg", d.NetWeightKg, 0, math.MaxFloat64),
		checkFloat(d, "quantity", d.Quantity, 0, math.MaxFloat64),
	)
	if err != nil {
		return err
	}
	if d.Partner != World && !ValidCountry(d.Partner) {
		return invalid(d, "partner", "%q is not an ISO 3166-1 alpha-2 country code or %s", d.Partner, World)
	}
	if !ValidHS(d.HS) {
		return invalid(d, "hs", "%q is not an HS code (2 to 10 digits in pairs, no dots, or TOTAL)", d.HS)
	}
	if d.Year < 1900 || d.Year > 2200 {
		return invalid(d, "year", "%d is not a plausible year", d.Year)
	}
	if d.Month < 0 || d.Month > 12 {
		return invalid(d, "month", "%d is not a month (0 for annual, 1..12)", d.Month)
	}
	switch d.Flow {
	case FlowImport, FlowExport, FlowReImport, FlowReExport:
	default:
		return invalid(d, "flow", "%q is not one of import, export, reimport, reexport", d.Flow)
	}
	return nil
}

func (d *Rate) Validate() error {
	if d.Date.IsZero() {
		return invalid(d, "date", "required")
	}
	v := d.PerEUR
	return firstErr(
		checkCurrency(d, "currency", d.Currency, false),
		checkFloat(d, "perEUR", &v, math.SmallestNonzeroFloat64, math.MaxFloat64),
	)
}

func (d *Report) Validate() error {
	err := firstErr(
		required(d, "id", d.ID),
		required(d, "kind", d.Type),
		required(d, "sector", d.Sector),
	)
	if err != nil {
		return err
	}
	if d.CreatedAt.IsZero() {
		return invalid(d, "createdAt", "required")
	}
	if len(d.Body) == 0 {
		return invalid(d, "body", "required")
	}
	return nil
}
