package crawl

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/store"
)

func TestMergeAndDiffers(t *testing.T) {
	day1 := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	day2 := day1.AddDate(0, 0, 1)
	old := &store.Listing{
		ID: "x", Marketplace: "shop.test", Country: "DE", URL: "https://shop.test/p/1", Title: "Old title",
		Brand: "Acme", Sectors: []string{"magnesium"}, Price: store.Float(10), Currency: "EUR",
		PriceUSD: store.Float(11), PriceCNY: store.Float(78), Rating: store.Float(4.5), ReviewCount: 12,
		SalesRank: 300, FirstSeen: day1, LastSeen: day1,
	}
	tests := []struct {
		name    string
		now     store.Listing
		want    store.Listing
		differs bool
	}{
		{
			name: "a list page shows less: nothing changes but LastSeen",
			now: store.Listing{ID: "x", Marketplace: "shop.test", Country: "DE", URL: "https://shop.test/p/1",
				Title: "New title", Price: store.Float(10), Currency: "EUR", FirstSeen: day2, LastSeen: day2},
			want: store.Listing{ID: "x", Marketplace: "shop.test", Country: "DE", URL: "https://shop.test/p/1",
				Title: "New title", Brand: "Acme", Sectors: []string{"magnesium"}, Price: store.Float(10), Currency: "EUR",
				PriceUSD: store.Float(11), PriceCNY: store.Float(78), Rating: store.Float(4.5), ReviewCount: 12,
				SalesRank: 300, FirstSeen: day1, LastSeen: day2},
		},
		{
			name: "a new price",
			now: store.Listing{ID: "x", URL: "https://shop.test/p/1", Price: store.Float(9.5), Currency: "EUR",
				PriceUSD: store.Float(10.45), Sectors: []string{"refractories"}, FirstSeen: day2, LastSeen: day2},
			want: store.Listing{ID: "x", URL: "https://shop.test/p/1", Title: "Old title", Brand: "Acme",
				Sectors: []string{"refractories", "magnesium"}, Price: store.Float(9.5), Currency: "EUR",
				PriceUSD: store.Float(10.45), Rating: store.Float(4.5), ReviewCount: 12, SalesRank: 300,
				FirstSeen: day1, LastSeen: day2},
			differs: true,
		},
		{
			name: "the same amount in another currency",
			now:  store.Listing{ID: "x", Price: store.Float(10), Currency: "USD", FirstSeen: day2, LastSeen: day2},
			want: store.Listing{ID: "x", URL: "https://shop.test/p/1", Title: "Old title", Brand: "Acme",
				Sectors: []string{"magnesium"}, Price: store.Float(10), Currency: "USD", Rating: store.Float(4.5),
				ReviewCount: 12, SalesRank: 300, FirstSeen: day1, LastSeen: day2},
			differs: true,
		},
		{
			name: "more reviews",
			now:  store.Listing{ID: "x", ReviewCount: 13, FirstSeen: day2, LastSeen: day2},
			want: store.Listing{ID: "x", URL: "https://shop.test/p/1", Title: "Old title", Brand: "Acme",
				Sectors: []string{"magnesium"}, Price: store.Float(10), Currency: "EUR", PriceUSD: store.Float(11),
				PriceCNY: store.Float(78), Rating: store.Float(4.5), ReviewCount: 13, SalesRank: 300,
				FirstSeen: day1, LastSeen: day2},
			differs: true,
		},
		{
			name: "a new rank",
			now:  store.Listing{ID: "x", SalesRank: 120, FirstSeen: day2, LastSeen: day2},
			want: store.Listing{ID: "x", URL: "https://shop.test/p/1", Title: "Old title", Brand: "Acme",
				Sectors: []string{"magnesium"}, Price: store.Float(10), Currency: "EUR", PriceUSD: store.Float(11),
				PriceCNY: store.Float(78), Rating: store.Float(4.5), ReviewCount: 12, SalesRank: 120,
				FirstSeen: day1, LastSeen: day2},
			differs: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := merge(old, tt.now)
			if tt.want.Marketplace == "" {
				tt.want.Marketplace, tt.want.Country = tt.now.Marketplace, tt.now.Country
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("merge mismatch (-want +got):\n%s", diff)
			}
			if d := differs(old, &got); d != tt.differs {
				t.Errorf("differs = %v, want %v", d, tt.differs)
			}
		})
	}
}
