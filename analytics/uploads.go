package analytics

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/exportscope/exportscope/store"
)

// Tenants upload two lists for the brand report, as CSV with a header
// line (columns in any order, names case-insensitive, comma or semicolon
// separated, UTF-8 with or without a byte-order mark):
//
//	authorised sellers: brand, seller [, marketplace]
//	minimum prices:     brand, min_price, currency [, gtin] [, sku] [, country]
//
// A bad row is reported with its line number and left out; the good rows
// are kept.

// AuthorisedSeller is a seller a tenant authorises to sell its brand.
type AuthorisedSeller struct {
	Brand  string `json:"brand"`
	Seller string `json:"seller"`
	// Marketplace is empty for every marketplace.
	Marketplace string `json:"marketplace,omitempty"`
}

// MinPrice is a tenant's minimum advertised price for a brand, or for one
// product (GTIN or SKU) of it, optionally in one storefront country.
type MinPrice struct {
	Brand    string  `json:"brand"`
	GTIN     string  `json:"gtin,omitempty"`
	SKU      string  `json:"sku,omitempty"`
	Country  string  `json:"country,omitempty"`
	Currency string  `json:"currency"`
	Price    float64 `json:"minPrice"`
}

// RowError is one rejected row of an upload.
type RowError struct {
	Line   int    `json:"line"` // 1-based line of the CSV, the header being line 1
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

func (e *RowError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Reason)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
}

// csvRows reads a CSV with a header and returns each row as a map from
// lower-case column name to value, with its line number. A missing
// required column is an error for the whole file.
func csvRows(r io.Reader, required, optional []string) ([]map[string]string, []int, []*RowError, error) {
	data, err := io.ReadAll(io.LimitReader(r, 32<<20))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read upload: %w", err)
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	first, _, _ := strings.Cut(text, "\n")
	cr := csv.NewReader(strings.NewReader(text))
	if strings.Count(first, ";") > strings.Count(first, ",") {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, nil, errors.New("the file is empty: it needs a header line with the columns " + strings.Join(required, ", "))
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("header line: %w", err)
	}
	cols := map[string]int{}
	allowed := map[string]bool{}
	for _, c := range append(append([]string{}, required...), optional...) {
		allowed[c] = true
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		name = strings.ReplaceAll(name, " ", "_")
		if !allowed[name] {
			return nil, nil, nil, fmt.Errorf("header line: unknown column %q; columns: %s (required), %s (optional)", h, strings.Join(required, ", "), strings.Join(optional, ", "))
		}
		cols[name] = i
	}
	for _, c := range required {
		if _, ok := cols[c]; !ok {
			return nil, nil, nil, fmt.Errorf("header line: missing column %q; required columns: %s", c, strings.Join(required, ", "))
		}
	}
	var rows []map[string]string
	var lines []int
	var bad []*RowError
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, &RowError{Line: pe.Line, Reason: pe.Err.Error()})
				continue
			}
			return nil, nil, nil, err
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) > len(header) {
			bad = append(bad, &RowError{Line: line, Reason: fmt.Sprintf("%d fields, the header has %d", len(rec), len(header))})
			continue
		}
		row := map[string]string{}
		for name, i := range cols {
			if i < len(rec) {
				row[name] = strings.TrimSpace(rec[i])
			}
		}
		rows = append(rows, row)
		lines = append(lines, line)
	}
	return rows, lines, bad, nil
}

// ParseAuthorisedSellers reads an authorised-seller upload.
func ParseAuthorisedSellers(r io.Reader) ([]AuthorisedSeller, []*RowError, error) {
	rows, lines, bad, err := csvRows(r, []string{"brand", "seller"}, []string{"marketplace"})
	if err != nil {
		return nil, nil, fmt.Errorf("authorised sellers: %w", err)
	}
	var out []AuthorisedSeller
	for i, row := range rows {
		s := AuthorisedSeller{Brand: row["brand"], Seller: row["seller"], Marketplace: strings.ToLower(row["marketplace"])}
		switch {
		case s.Brand == "":
			bad = append(bad, &RowError{Line: lines[i], Column: "brand", Reason: "empty"})
		case s.Seller == "":
			bad = append(bad, &RowError{Line: lines[i], Column: "seller", Reason: "empty"})
		default:
			out = append(out, s)
		}
	}
	sortRowErrors(bad)
	return out, bad, nil
}

// ParseMinPrices reads a minimum-price upload.
func ParseMinPrices(r io.Reader) ([]MinPrice, []*RowError, error) {
	rows, lines, bad, err := csvRows(r, []string{"brand", "min_price", "currency"}, []string{"gtin", "sku", "country"})
	if err != nil {
		return nil, nil, fmt.Errorf("minimum prices: %w", err)
	}
	var out []MinPrice
	for i, row := range rows {
		line := lines[i]
		p := MinPrice{Brand: row["brand"], GTIN: row["gtin"], SKU: row["sku"],
			Country: strings.ToUpper(row["country"]), Currency: strings.ToUpper(row["currency"])}
		raw := strings.ReplaceAll(row["min_price"], " ", "")
		if strings.Count(raw, ",") == 1 && !strings.Contains(raw, ".") {
			raw = strings.Replace(raw, ",", ".", 1) // 12,50
		}
		v, perr := strconv.ParseFloat(raw, 64)
		switch {
		case p.Brand == "":
			bad = append(bad, &RowError{Line: line, Column: "brand", Reason: "empty"})
		case perr != nil:
			bad = append(bad, &RowError{Line: line, Column: "min_price", Reason: fmt.Sprintf("%q is not a number", row["min_price"])})
		case v <= 0 || v != v || v > 1e12:
			bad = append(bad, &RowError{Line: line, Column: "min_price", Reason: fmt.Sprintf("%s must be a positive price", row["min_price"])})
		case !store.ValidCurrency(p.Currency):
			bad = append(bad, &RowError{Line: line, Column: "currency", Reason: fmt.Sprintf("%q is not an ISO 4217 currency code", row["currency"])})
		case p.Country != "" && !store.ValidCountry(p.Country):
			bad = append(bad, &RowError{Line: line, Column: "country", Reason: fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 country code", row["country"])})
		default:
			p.Price = v
			out = append(out, p)
		}
	}
	sortRowErrors(bad)
	return out, bad, nil
}

func sortRowErrors(es []*RowError) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].Line < es[j-1].Line; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// sellerKey folds a seller name for matching: case, width and spacing.
func sellerKey(s string) string { return strings.Join(strings.Fields(fold(s)), " ") }

// TenantData keeps the tenants' uploads in the control database.
type TenantData struct {
	db ControlDB
}

// NewTenantData returns the upload store on db.
func NewTenantData(db ControlDB) (*TenantData, error) {
	if db == nil {
		return nil, errors.New("tenant data: a control database is required")
	}
	return &TenantData{db: db}, nil
}

// ReplaceAuthorisedSellers replaces the tenant's list for the brands the
// upload names; other brands' lists stay.
func (t *TenantData) ReplaceAuthorisedSellers(ctx context.Context, tenant string, sellers []AuthorisedSeller) error {
	tx, err := t.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store authorised sellers: %w", err)
	}
	defer tx.Rollback()
	now := time.Now().UnixMilli()
	cleared := map[string]bool{}
	for _, s := range sellers {
		b := strings.ToLower(s.Brand)
		if !cleared[b] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM authorised_sellers WHERE tenant_id = ? AND brand = ?`, tenant, s.Brand); err != nil {
				return fmt.Errorf("store authorised sellers: %w", err)
			}
			cleared[b] = true
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO authorised_sellers (tenant_id, brand, seller, seller_key, marketplace, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			tenant, s.Brand, s.Seller, sellerKey(s.Seller), s.Marketplace, now); err != nil {
			return fmt.Errorf("store authorised seller %s: %w", s.Seller, err)
		}
	}
	return tx.Commit()
}

// AuthorisedSellers returns the tenant's authorised sellers of a brand
// (of every brand for "").
func (t *TenantData) AuthorisedSellers(ctx context.Context, tenant, brand string) ([]AuthorisedSeller, error) {
	rows, err := t.db.Reader().QueryContext(ctx, `SELECT brand, seller, marketplace FROM authorised_sellers WHERE tenant_id = ? AND (? = '' OR brand = ?)
		ORDER BY brand COLLATE NOCASE, seller_key, marketplace`, tenant, brand, brand)
	if err != nil {
		return nil, fmt.Errorf("authorised sellers: %w", err)
	}
	defer rows.Close()
	var out []AuthorisedSeller
	for rows.Next() {
		var s AuthorisedSeller
		if err := rows.Scan(&s.Brand, &s.Seller, &s.Marketplace); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ReplaceMinPrices replaces the tenant's minimum prices for the brands the
// upload names.
func (t *TenantData) ReplaceMinPrices(ctx context.Context, tenant string, prices []MinPrice) error {
	tx, err := t.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store minimum prices: %w", err)
	}
	defer tx.Rollback()
	now := time.Now().UnixMilli()
	cleared := map[string]bool{}
	for _, p := range prices {
		b := strings.ToLower(p.Brand)
		if !cleared[b] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM min_prices WHERE tenant_id = ? AND brand = ?`, tenant, p.Brand); err != nil {
				return fmt.Errorf("store minimum prices: %w", err)
			}
			cleared[b] = true
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO min_prices (tenant_id, brand, gtin, sku, country, currency, min_price, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			tenant, p.Brand, p.GTIN, p.SKU, p.Country, p.Currency, p.Price, now); err != nil {
			return fmt.Errorf("store minimum price of %s: %w", p.Brand, err)
		}
	}
	return tx.Commit()
}

// MinPrices returns the tenant's minimum prices for a brand (for every
// brand for "").
func (t *TenantData) MinPrices(ctx context.Context, tenant, brand string) ([]MinPrice, error) {
	rows, err := t.db.Reader().QueryContext(ctx, `SELECT brand, gtin, sku, country, currency, min_price FROM min_prices WHERE tenant_id = ? AND (? = '' OR brand = ?)
		ORDER BY brand COLLATE NOCASE, gtin, sku, country`, tenant, brand, brand)
	if err != nil {
		return nil, fmt.Errorf("minimum prices: %w", err)
	}
	defer rows.Close()
	var out []MinPrice
	for rows.Next() {
		var p MinPrice
		if err := rows.Scan(&p.Brand, &p.GTIN, &p.SKU, &p.Country, &p.Currency, &p.Price); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
