package analytics_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/store"
)

func TestBuiltinCatalogue(t *testing.T) {
	cat, err := analytics.NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	set := cat.Builtin()
	wantSlugs := []string{"magnesium", "seafood", "petrochem", "waterproof", "auto", "energy", "textiles", "silk", "food"}
	if diff := cmp.Diff(wantSlugs, set.Slugs()); diff != "" {
		t.Errorf("slugs mismatch (-want +got):\n%s", diff)
	}
	for _, s := range set.List() {
		if s.Name.ZH == "" || s.Name.EN == "" {
			t.Errorf("%s: names %+v", s.Slug, s.Name)
		}
		for _, lang := range analytics.Languages {
			if len(s.Keywords[lang]) == 0 {
				t.Errorf("%s has no %s keywords", s.Slug, lang)
			}
		}
		for _, c := range s.HS {
			if strings.ContainsAny(c, ". ") || (len(c) != 2 && len(c) != 4 && len(c) != 6) {
				t.Errorf("%s: HS code %q is not normalised", s.Slug, c)
			}
		}
	}
	mg, _ := set.Get("magnesium")
	if !cmp.Equal(mg.HS[:2], []string{"251910", "251990"}) || len(mg.HS) != 11 {
		t.Errorf("magnesium HS %v", mg.HS)
	}
	tx, _ := set.Get("Apparel & home textiles")
	if diff := cmp.Diff([]string{"61", "62", "6301", "6302"}, tx.HS); diff != "" {
		t.Errorf("textiles HS mismatch (-want +got):\n%s", diff)
	}
	if s, err := set.Get("特色食品"); err != nil || s.Slug != "food" {
		t.Errorf("Get by Chinese name: %v, %v", s.Slug, err)
	}
	_, err = set.Get("seafod")
	if !errors.Is(err, analytics.ErrUnknown) || !strings.Contains(err.Error(), "valid sectors: seafood, ") {
		t.Errorf("unknown sector error %v, want the nearest (seafood) first", err)
	}
}

func TestTenantSectors(t *testing.T) {
	db := openControl(t)
	cat, err := analytics.NewCatalogue(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	own := analytics.Sector{Slug: "boron", Name: analytics.Names{EN: "Boron"}, HS: []string{"2528.00", "2810 00"},
		Keywords: map[string][]string{"en": {"borax"}, "zh": {"硼砂"}}}
	if err := cat.Add(ctx, "t1", own); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []analytics.Sector{
		{Slug: "magnesium", Name: analytics.Names{EN: "Mine"}, HS: []string{"251910"}},
		{Slug: "Bad Slug", Name: analytics.Names{EN: "x"}, HS: []string{"251910"}},
		{Slug: "odd", Name: analytics.Names{EN: "x"}, HS: []string{"2519.1"}},
		{Slug: "empty", Name: analytics.Names{EN: "x"}},
		{Slug: "lang", Name: analytics.Names{EN: "x"}, Keywords: map[string][]string{"xx": {"a"}}},
	} {
		if err := cat.Add(ctx, "t1", bad); err == nil {
			t.Errorf("sector %+v was accepted", bad)
		}
	}
	t1, err := cat.Sectors(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	got, err := t1.Get("boron")
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(got.HS, []string{"252800", "281000"}) || got.Tenant != "t1" || !strings.HasPrefix(got.Tag(), "t-") {
		t.Errorf("tenant sector %+v tag %s", got, got.Tag())
	}
	t2, _ := cat.Sectors(ctx, "t2")
	if _, err := t2.Get("boron"); err == nil {
		t.Error("tenant t2 sees tenant t1's sector")
	}
	l := &store.Listing{Title: "Borax decahydrate 25 kg"}
	if tags := analytics.Classify(l, t1); !cmp.Equal(tags, []string{got.Tag()}) {
		t.Errorf("Classify with the tenant's sectors = %v", tags)
	}
}

func TestClassify(t *testing.T) {
	cat, err := analytics.NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	set := cat.Builtin()
	tests := []struct {
		title, category string
		want            []string
	}{
		{"Magnesium Oxide Powder 25kg", "", []string{"magnesium"}},
		{"MAGNESIA carbon brick", "", []string{"magnesium"}},
		{"ＭＡＧＮＥＳＩＡ ｐｏｗｄｅｒ", "", []string{"magnesium"}}, // full-width
		{"Magnesian limestone", "", nil},               // whole words only
		{"高纯氧化镁 99%", "", []string{"magnesium"}},       // CJK substring
		{"マグネシウム インゴット 1kg", "", []string{"magnesium"}},
		{"ﾏｸﾞﾈｼｱ 粉末", "", []string{"magnesium"}}, // half-width katakana
		{"Оксид магния 25 кг", "", []string{"magnesium"}},
		{"Медуза солёная", "", []string{"seafood"}},
		{"Medusa salada lista", "", []string{"seafood"}},
		{"Tlenek magnezu 1 kg", "", []string{"magnesium"}},
		{"SBS 改性沥青防水卷材", "", []string{"petrochem", "waterproof"}},
		{"Reifenmontiermaschine 24 Zoll", "", []string{"auto"}},
		{"Drilling Rig Parts: PDC Drill Bit", "", []string{"energy"}},
		{"Men's T-Shirt cotton", "", []string{"textiles"}},
		{"Kaschmirpullover Herren", "", []string{"silk"}},
		{"Some product", "Industrial & Scientific › Refractories & Magnesia", []string{"magnesium"}},
		{"Some product", "Grocery › Rice & Dried Fruit", []string{"food"}},
		{"Burnt powder, HS code: 2519.90", "", []string{"magnesium"}},
		{"Powder (HS 2519)", "", []string{"magnesium"}},
		{"Cotton shirt HS 6205.20.00", "", []string{"textiles"}},
		{"Garden hose 20 m", "Garden", nil},
	}
	for _, tt := range tests {
		got := analytics.Classify(&store.Listing{Title: tt.title, Category: tt.category}, set)
		if !cmp.Equal(got, tt.want) {
			t.Errorf("Classify(%q, %q) = %v, want %v", tt.title, tt.category, got, tt.want)
		}
	}
}

func TestParseNetWeight(t *testing.T) {
	tests := []struct {
		title string
		kg    float64
		ok    bool
	}{
		{"Magnesium oxide 25kg bag", 25, true},
		{"Magnesia 500 g", 0.5, true},
		{"Ingot 2 x 1 kg", 2, true},
		{"Ingot 3×500g", 1.5, true},
		{"Epsom salt 2,5 kg", 2.5, true},
		{"산화마그네슘 분말 MgO 99% 1,000kg 톤백", 1000, true},
		{"Big bag 1,250 kg", 1250, true},
		{"Big bag 1 t", 1000, true},
		{"Road bitumen per Metric Ton", 1000, true},
		{"Dried fruit 10 lb", 4.5359237, true},
		{"盘锦大米 5公斤", 5, true},
		{"果干 500克装", 0.5, true},
		{"氧化镁 1吨", 1000, true},
		{"Оксид магния 25 кг", 25, true},
		{"マグネシア 20キロ", 20, true},
		{"마그네시아 20톤", 20000, true},
		{"Membrane 10 m²", 0, false},
		{"Board 1200 g/m2", 0, false},
		{"5G router", 0, false},
		{"Bag 25 kg and 50 kg", 0, false}, // two weights: ambiguous
		{"Car lift 4 t capacity, 25 kg", 0, false},
		{"Tire changer", 0, false},
	}
	for _, tt := range tests {
		kg, ok := analytics.ParseNetWeight(tt.title)
		if ok != tt.ok || (ok && (kg-tt.kg > 1e-9 || tt.kg-kg > 1e-9)) {
			t.Errorf("ParseNetWeight(%q) = %g, %v; want %g, %v", tt.title, kg, ok, tt.kg, tt.ok)
		}
	}
}

func TestReclassify(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	mk := func(id, title string, sectors ...string) *store.Listing {
		return &store.Listing{ID: id, Marketplace: "m", Country: "DE", URL: "u" + id, Title: title, Sectors: sectors, FirstSeen: now, LastSeen: now}
	}
	e := newEnv(t,
		mk("a", "Magnesia powder"),                      // gains magnesium
		mk("b", "Jellyfish salad", "magnesium"),         // wrong tag replaced
		mk("c", "Magnesia brick", "magnesium", "t-xyz"), // unchanged; another tenant's tag kept
		mk("d", "Garden hose", "t-xyz"),                 // only the unmanaged tag
	)
	var last float64
	res, err := analytics.Reclassify(context.Background(), e.st, e.cat.Builtin(), store.Public, func(f float64) { last = f })
	if err != nil {
		t.Fatal(err)
	}
	if res != (analytics.ReclassifyResult{Scanned: 4, Changed: 2}) || last != 1 {
		t.Errorf("result %+v progress %g, want 4 scanned, 2 changed, progress 1", res, last)
	}
	docs, err := e.st.Get(context.Background(), store.Public, store.KindListing, []string{"a", "b", "c", "d"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, d := range docs {
		l := d.(*store.Listing)
		got[l.ID] = l.Sectors
	}
	wantTags := map[string][]string{"a": {"magnesium"}, "b": {"seafood"}, "c": {"magnesium", "t-xyz"}, "d": {"t-xyz"}}
	if diff := cmp.Diff(wantTags, got); diff != "" {
		t.Errorf("sectors mismatch (-want +got):\n%s", diff)
	}
}

func TestUploads(t *testing.T) {
	csv := "\ufeffBrand;Min Price;Currency;GTIN;Country\n" +
		"Acme;12,50;eur;4006381333931;de\n" +
		"Acme;abc;USD;;\n" +
		";10;USD;;\n" +
		"Acme;10;XYZ;;\n" +
		"Acme;-3;USD;;\n" +
		"Acme;10;USD;;ZZ\n" +
		"\n" +
		"Bolt;99;USD;;\n"
	prices, bad, err := analytics.ParseMinPrices(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	wantPrices := []analytics.MinPrice{
		{Brand: "Acme", GTIN: "4006381333931", Country: "DE", Currency: "EUR", Price: 12.5},
		{Brand: "Bolt", Currency: "USD", Price: 99},
	}
	if diff := cmp.Diff(wantPrices, prices); diff != "" {
		t.Errorf("good rows mismatch (-want +got):\n%s", diff)
	}
	var lines []int
	var cols []string
	for _, b := range bad {
		lines = append(lines, b.Line)
		cols = append(cols, b.Column)
	}
	if !cmp.Equal(lines, []int{3, 4, 5, 6, 7}) || !cmp.Equal(cols, []string{"min_price", "brand", "currency", "min_price", "country"}) {
		t.Errorf("bad rows at lines %v columns %v; errors %v", lines, cols, bad)
	}
	if !strings.Contains(bad[0].Error(), `line 3, column min_price: "abc" is not a number`) {
		t.Errorf("row error %q does not name the row and the problem", bad[0])
	}

	_, _, err = analytics.ParseMinPrices(strings.NewReader("brand,price\nAcme,1\n"))
	if err == nil || !strings.Contains(err.Error(), `unknown column "price"`) {
		t.Errorf("a wrong header gave %v", err)
	}
	sellers, bad, err := analytics.ParseAuthorisedSellers(strings.NewReader("seller,brand\nShop A,Acme\n,Acme\n\"Shop \"\"B\"\"\",Acme,extra\nShop C,Acme\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sellers) != 2 || sellers[1].Seller != "Shop C" || len(bad) != 2 || bad[0].Line != 3 || bad[1].Line != 4 {
		t.Errorf("sellers %+v, bad %v", sellers, bad)
	}

	// Stored per tenant and brand; an upload replaces the brands it names.
	e := newEnv(t)
	ctx := context.Background()
	if err := e.tenant.ReplaceMinPrices(ctx, "t1", prices); err != nil {
		t.Fatal(err)
	}
	if err := e.tenant.ReplaceMinPrices(ctx, "t1", []analytics.MinPrice{{Brand: "Bolt", Currency: "USD", Price: 80}}); err != nil {
		t.Fatal(err)
	}
	acme, _ := e.tenant.MinPrices(ctx, "t1", "Acme")
	bolt, _ := e.tenant.MinPrices(ctx, "t1", "Bolt")
	other, _ := e.tenant.MinPrices(ctx, "t2", "Bolt")
	if len(acme) != 1 || len(bolt) != 1 || bolt[0].Price != 80 || len(other) != 0 {
		t.Errorf("stored: acme %v bolt %v other tenant %v", acme, bolt, other)
	}
}
