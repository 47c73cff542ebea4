package graph_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/server/billing"
)

const uploadSellers = `mutation($csv: String!) { uploadAuthorisedSellers(csv: $csv) { accepted errors { row column message } } }`
const uploadMinPrices = `mutation($csv: String!) { uploadMinPrices(csv: $csv) { accepted errors { row column message } } }`

type uploadOut struct {
	Accepted int
	Errors   []struct {
		Row     int
		Column  *string
		Message string
	}
}

type sellerOut struct {
	Brand, Seller string
	Marketplace   *string
}

func TestUploads(t *testing.T) {
	e := newProductEnv(t, productOptions{})
	a, b := e.tenant("alpha"), e.tenant("beta")
	const sellersQuery = `query($b: String) { authorisedSellers(brand: $b) { brand seller marketplace } }`

	var up struct{ UploadAuthorisedSellers uploadOut }
	e.ok(e.do(a.admin, uploadSellers, map[string]any{"csv": "brand,seller,marketplace\nJinlong,Dalian Trade Co,amazon.de\nJinlong,,amazon.de\nRHI,Berlin Handel,\n"}), &up)
	u := up.UploadAuthorisedSellers
	if u.Accepted != 2 || len(u.Errors) != 1 || u.Errors[0].Row != 3 || u.Errors[0].Column == nil || *u.Errors[0].Column != "seller" {
		t.Fatalf("upload gave %+v; want 2 accepted and line 3's seller refused", u)
	}
	var list struct{ AuthorisedSellers []sellerOut }
	e.ok(e.do(a.viewer, sellersQuery, nil), &list)
	if len(list.AuthorisedSellers) != 2 {
		t.Fatalf("alpha's sellers: %+v", list.AuthorisedSellers)
	}
	e.ok(e.do(a.viewer, sellersQuery, map[string]any{"b": "RHI"}), &list)
	if len(list.AuthorisedSellers) != 1 || list.AuthorisedSellers[0].Seller != "Berlin Handel" || list.AuthorisedSellers[0].Marketplace != nil {
		t.Errorf("RHI's sellers: %+v", list.AuthorisedSellers)
	}
	e.ok(e.do(b.owner, sellersQuery, nil), &list)
	if len(list.AuthorisedSellers) != 0 {
		t.Errorf("beta sees alpha's sellers: %+v", list.AuthorisedSellers)
	}

	// A file without one good row changes nothing.
	e.ok(e.do(a.owner, uploadSellers, map[string]any{"csv": "brand,seller\n,nobody\nJinlong,\n"}), &up)
	if up.UploadAuthorisedSellers.Accepted != 0 || len(up.UploadAuthorisedSellers.Errors) != 2 {
		t.Errorf("all-bad upload gave %+v", up.UploadAuthorisedSellers)
	}
	e.ok(e.do(a.viewer, sellersQuery, nil), &list)
	if len(list.AuthorisedSellers) != 2 {
		t.Errorf("an all-bad upload changed the list: %+v", list.AuthorisedSellers)
	}

	// Whole-file problems are BAD_INPUT and change nothing either.
	for _, tc := range []struct{ name, csv, want string }{
		{"missing column", "brand\nJinlong\n", "seller"},
		{"unknown column", "brand,seller,colour\nJinlong,X,red\n", "colour"},
		{"empty file", "", "empty"},
		{"too large", "brand,seller\n" + strings.Repeat("Jinlong,Dalian Trade Co\n", 100000), "2 MB"},
	} {
		resp := e.do(a.owner, uploadSellers, map[string]any{"csv": tc.csv})
		e.expectCode(tc.name, resp, "BAD_INPUT")
		if !strings.Contains(resp.raw, tc.want) {
			t.Errorf("%s: message should mention %q: %s", tc.name, tc.want, resp.raw)
		}
	}
	e.ok(e.do(a.viewer, sellersQuery, nil), &list)
	if len(list.AuthorisedSellers) != 2 {
		t.Errorf("refused uploads changed the list: %+v", list.AuthorisedSellers)
	}

	// Minimum prices.
	var mp struct{ UploadMinPrices uploadOut }
	e.ok(e.do(a.admin, uploadMinPrices, map[string]any{"csv": "brand;currency;min_price;country\nJinlong;EUR;12,50;DE\nJinlong;EURO;10;DE\nJinlong;USD;-1;US\nRHI;USD;30;\n"}), &mp)
	if mp.UploadMinPrices.Accepted != 2 || len(mp.UploadMinPrices.Errors) != 2 ||
		*mp.UploadMinPrices.Errors[0].Column != "currency" || *mp.UploadMinPrices.Errors[1].Column != "min_price" {
		t.Fatalf("min price upload gave %+v", mp.UploadMinPrices)
	}
	var prices struct {
		MinPrices []struct {
			Brand, Currency string
			Country         *string
			MinPrice        float64
		}
	}
	e.ok(e.do(a.viewer, `query { minPrices(brand: "Jinlong") { brand currency country minPrice } }`, nil), &prices)
	if len(prices.MinPrices) != 1 || prices.MinPrices[0].MinPrice != 12.5 || *prices.MinPrices[0].Country != "DE" {
		t.Errorf("Jinlong's minimum prices: %+v", prices.MinPrices)
	}
	e.ok(e.do(b.owner, `{ minPrices { brand } }`, nil), &prices)
	if len(prices.MinPrices) != 0 {
		t.Errorf("beta sees alpha's prices: %+v", prices.MinPrices)
	}

	// Only owners and admins upload.
	for _, tok := range []string{a.analyst, a.viewer} {
		e.expectCode("upload sellers below admin", e.do(tok, uploadSellers, map[string]any{"csv": "brand,seller\nX,Y\n"}), "FORBIDDEN")
		e.expectCode("upload prices below admin", e.do(tok, uploadMinPrices, map[string]any{"csv": "brand,currency,min_price\nX,EUR,1\n"}), "FORBIDDEN")
	}
	e.expectCode("upload without a token", e.do("", uploadSellers, map[string]any{"csv": "brand,seller\nX,Y\n"}), "UNAUTHENTICATED")
}

const createSector = `mutation($in: SectorInput!) { createSector(input: $in) { slug name { zh en } hs custom } }`

func TestCustomSectors(t *testing.T) {
	e := newProductEnv(t, productOptions{})
	a, b := e.tenant("alpha"), e.tenant("beta")
	boron := map[string]any{"slug": "boron", "nameZh": "硼", "nameEn": "Boron", "hs": []string{"2528.00", "2840"}, "keywords": []string{"borax", "硼砂", "бура"}}

	var out struct {
		CreateSector struct {
			Slug   string
			Name   struct{ Zh, En string }
			Hs     []string
			Custom bool
		}
	}
	e.ok(e.do(a.admin, createSector, map[string]any{"in": boron}), &out)
	if s := out.CreateSector; s.Slug != "boron" || !s.Custom || s.Name.Zh != "硼" || !cmp.Equal(s.Hs, []string{"252800", "2840"}) {
		t.Fatalf("createSector gave %+v", s)
	}
	slugs := func(token string) []string {
		var secs struct {
			Sectors []struct {
				Slug   string
				Custom bool
			}
		}
		e.ok(e.do(token, `{ sectors { slug custom } }`, nil), &secs)
		var out []string
		for _, s := range secs.Sectors {
			if s.Custom {
				out = append(out, s.Slug)
			}
		}
		return out
	}
	if got := slugs(a.viewer); !cmp.Equal(got, []string{"boron"}) {
		t.Errorf("alpha's own sectors: %v", got)
	}
	if got := slugs(b.owner); len(got) != 0 {
		t.Errorf("beta sees alpha's sectors: %v", got)
	}
	// The sector works where sectors are taken: trade flows of its codes.
	e.ok(e.do(a.viewer, tradeFlows, map[string]any{"f": map[string]any{"sector": "boron"}}), &tradeFlowsOut{})
	e.expectCode("beta uses alpha's sector", e.do(b.owner, tradeFlows, map[string]any{"f": map[string]any{"sector": "boron"}}), "BAD_INPUT")

	for _, tc := range []struct {
		name string
		edit func(map[string]any)
		want string
	}{
		{"shipped slug", func(m map[string]any) { m["slug"] = "magnesium" }, "shipped"},
		{"bad slug", func(m map[string]any) { m["slug"] = "Boron!" }, "lower-case"},
		{"bad hs", func(m map[string]any) { m["hs"] = []string{"25x8"} }, "25x8"},
		{"no codes or keywords", func(m map[string]any) { m["hs"] = []string{}; m["keywords"] = []string{} }, "HS codes, keywords"},
		{"no English name", func(m map[string]any) { m["nameEn"] = " " }, "nameEn"},
	} {
		in := map[string]any{}
		for k, v := range boron {
			in[k] = v
		}
		in["slug"] = "boron-2"
		tc.edit(in)
		resp := e.do(a.admin, createSector, map[string]any{"in": in})
		e.expectCode(tc.name, resp, "BAD_INPUT")
		if !strings.Contains(resp.raw, tc.want) {
			t.Errorf("%s: message should mention %q: %s", tc.name, tc.want, resp.raw)
		}
	}
	if got := slugs(a.viewer); !cmp.Equal(got, []string{"boron"}) {
		t.Errorf("refused sectors were stored: %v", got)
	}
	e.expectCode("createSector by an analyst", e.do(a.analyst, createSector, map[string]any{"in": boron}), "FORBIDDEN")
	e.expectCode("deleteSector by an analyst", e.do(a.analyst, `mutation { deleteSector(slug: "boron") }`, nil), "FORBIDDEN")
	e.expectCode("deleteSector of alpha by beta", e.do(b.owner, `mutation { deleteSector(slug: "boron") }`, nil), "NOT_FOUND")
	e.expectCode("delete a shipped sector", e.do(a.owner, `mutation { deleteSector(slug: "magnesium") }`, nil), "BAD_INPUT")
	var del struct{ DeleteSector bool }
	e.ok(e.do(a.owner, `mutation { deleteSector(slug: "boron") }`, nil), &del)
	if got := slugs(a.viewer); !del.DeleteSector || len(got) != 0 {
		t.Errorf("after delete: %v %v", del.DeleteSector, got)
	}
}

func TestSectorQuota(t *testing.T) {
	e := newProductEnv(t, productOptions{billing: &billing.Config{WebhookSecret: billingSecret}})
	owner := e.signUp("owner@example.com", "Acme")
	in := func(slug string) map[string]any {
		return map[string]any{"in": map[string]any{"slug": slug, "nameZh": "硼", "nameEn": "Boron", "hs": []string{"2528"}, "keywords": []string{}}}
	}
	e.ok(e.do(owner, createSector, in("boron")), &struct{}{})
	// Saving the same slug again replaces it and is not a new sector.
	e.ok(e.do(owner, createSector, in("boron")), &struct{}{})
	resp := e.do(owner, createSector, in("borax"))
	e.expectCode("second sector on Free", resp, "QUOTA_EXCEEDED")
	if !strings.Contains(resp.raw, "Free plan allows 1") || !strings.Contains(resp.raw, "upgrade") {
		t.Errorf("quota message should name the limit and how to raise it: %s", resp.raw)
	}
}
