package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/storetest"
)

const (
	ingestN     = 100_000
	ingestBatch = 5_000
)

func openBench(b *testing.B, dir string) *Store {
	st, err := Open(context.Background(), Options{Path: filepath.Join(dir, "market.db")})
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkIngest stores 100k generated listings through Store.Bulk.
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	batches := make([][]store.Doc, 0, ingestN/ingestBatch)
	for start := 0; start < ingestN; start += ingestBatch {
		batches = append(batches, storetest.BenchBatch(start, ingestBatch))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := openBench(b, b.TempDir())
		b.StartTimer()
		for _, batch := range batches {
			res, err := st.Bulk(ctx, batch)
			if err != nil || res.Err() != nil {
				b.Fatal(err, res.Err())
			}
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(ingestN*b.N)/b.Elapsed().Seconds(), "listings/s")
}

// BenchmarkIngestBareDriver writes the same rows with a hand-written insert
// loop on the bare driver: the same table, the same JSON document and full-
// text row, without the store's validation and column mapping. It is the
// yardstick BenchmarkIngest is compared with.
func BenchmarkIngestBareDriver(b *testing.B) {
	ctx := context.Background()
	var rows []*store.Listing
	for i := 0; i < ingestN; i++ {
		rows = append(rows, storetest.BenchListing(i))
	}
	const insert = `INSERT INTO listings (tenant, id, "availability", "brand", "category", "country", "currency",
		"firstSeen", "gtin", "lastSeen", "marketplace", "netWeightKg", "price", "priceCNY", "priceUSD", "rating", "reviewCount",
		"salesRank", "sectors", "seller", "sellerCountry", "shipsFrom", "sku", "usdPerKg", textlen, gen, doc)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (tenant, id) DO UPDATE SET doc = excluded.doc RETURNING rowid`
	nullable := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := openBench(b, b.TempDir())
		db := st.write
		b.StartTimer()
		for start := 0; start < ingestN; start += ingestBatch {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			ins, _ := tx.PrepareContext(ctx, insert)
			fts, _ := tx.PrepareContext(ctx, "INSERT OR REPLACE INTO listings_fts (rowid, text) VALUES (?, ?)")
			for _, l := range rows[start : start+ingestBatch] {
				doc, _ := json.Marshal(l)
				text := tokens(l.Title + " " + l.Brand + " " + l.Seller + " " + l.Category)
				sectors, _ := json.Marshal(l.Sectors)
				var rowid int64
				err := ins.QueryRowContext(ctx, "", l.ID, nil, l.Brand, l.Category, l.Country, l.Currency,
					l.FirstSeen.UnixMilli(), nil, l.LastSeen.UnixMilli(), l.Marketplace, *l.NetWeightKg, *l.Price, *l.PriceCNY, *l.PriceUSD,
					*l.Rating, float64(l.ReviewCount), nil, string(sectors), nullable(l.Seller), nullable(l.SellerCountry),
					nil, nil, *l.USDPerKg, len(text), 1, doc).Scan(&rowid)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := fts.ExecContext(ctx, rowid, strings.Join(text, " ")); err != nil {
					b.Fatal(err)
				}
			}
			ins.Close()
			fts.Close()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(ingestN*b.N)/b.Elapsed().Seconds(), "listings/s")
}

// BenchmarkSearch1M runs the explorer's faceted searches on a store of
// BENCH_LISTINGS listings (default 1M). The store is built once per
// BENCH_CACHE folder, so repeated runs skip the load.
func BenchmarkSearch1M(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_LISTINGS")); err == nil && v > 0 {
		n = v
	}
	dir := os.Getenv("BENCH_CACHE")
	if dir == "" {
		dir = b.TempDir()
	}
	dir = filepath.Join(dir, "sqlite-"+strconv.Itoa(n))
	ctx := context.Background()
	marker := filepath.Join(dir, "complete")
	if _, err := os.Stat(marker); err != nil {
		os.RemoveAll(dir)
		st := openBench(b, dir)
		start := time.Now()
		if err := storetest.Fill(ctx, st, n, 10_000); err != nil {
			b.Fatal(err)
		}
		if _, err := st.write.ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
		st.Close()
		os.WriteFile(marker, nil, 0o644)
		b.Logf("loaded %d listings in %s", n, time.Since(start))
	}
	st := openBench(b, dir)
	defer st.Close()
	storetest.MeasureSearch(b, st)
}

var _ = sql.ErrNoRows
