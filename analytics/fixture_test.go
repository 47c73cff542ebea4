package analytics_test

import (
	"context"
	"testing"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/crawlers/comtrade"
	"github.com/exportscope/exportscope/store"
)

const comtradeFixture = "../../shared/fixtures/trade/comtradeapi-v1_get_C_A_HS_TOTAL_CHN-ARG-DEU_2010_comtradr.json"

// The values the fixture's source states (shared/fixtures/README.md).
const (
	impARG = 6804128143.0
	expARG = 6115764185.0
	impDEU = 74251272075.0
	expDEU = 68047133397.0
)

// TestComtradeFixture builds a report on the real Comtrade response of
// China's 2010 trade with Argentina and Germany (all goods, HS TOTAL),
// through a tenant's own sector whose only code is TOTAL.
func TestComtradeFixture(t *testing.T) {
	flows, rowErrs, err := comtrade.ReadFile(comtradeFixture)
	if err != nil {
		t.Fatal(err)
	}
	if len(rowErrs) > 0 {
		t.Fatalf("row errors: %v", rowErrs)
	}
	var docs []store.Doc
	for i := range flows {
		docs = append(docs, &flows[i])
	}
	e := newEnv(t, docs...)
	ctx := context.Background()
	err = e.cat.Add(ctx, "t1", analytics.Sector{Slug: "all-goods", Name: analytics.Names{EN: "All goods", ZH: "全部商品"}, HS: []string{"TOTAL"}})
	if err != nil {
		t.Fatal(err)
	}

	// China as the market: its imports from its two partners.
	rep, err := e.svc.Market(ctx, analytics.MarketRequest{Tenant: "t1", Sector: "all-goods", Market: "CN", From: 2010, To: 2010}, nil)
	if err != nil {
		t.Fatal(err)
	}
	noBadNumbers(t, rep)
	cn := market(rep, "CN")
	total := impARG + impDEU
	want(t, "China's imports 2010", cn.Size, total)
	if cn.Size.Records != 2 {
		t.Errorf("size from %d rows, want 2", cn.Size.Records)
	}
	want(t, "share of DE", cn.Detail.TopSuppliers[0].Share, impDEU/total*100)
	want(t, "share of AR", cn.Detail.TopSuppliers[1].Share, impARG/total*100)
	sAR, sDE := impARG/total*100, impDEU/total*100
	want(t, "HHI", cn.Detail.HHI, sAR*sAR+sDE*sDE)
	wantStatus(t, "China's share of its own imports", cn.ChinaShare, analytics.StatusNotDefined)
	wantStatus(t, "unit value without weights", cn.UnitValue, analytics.StatusNotDefined)
	wantStatus(t, "one-year CAGR", cn.CAGR, analytics.StatusNotDefined)

	// Argentina and Germany as markets: they report nothing here, but
	// China's own reports give the bilateral balance.
	for _, c := range []struct {
		market   string
		exp, imp float64
	}{{"AR", expARG, impARG}, {"DE", expDEU, impDEU}} {
		rep, err := e.svc.Market(ctx, analytics.MarketRequest{Tenant: "t1", Sector: "all-goods", Market: c.market, From: 2010, To: 2010}, nil)
		if err != nil {
			t.Fatal(err)
		}
		noBadNumbers(t, rep)
		m := market(rep, c.market)
		wantStatus(t, c.market+" size", m.Size, analytics.StatusNoData)
		if m.Detail == nil || m.Detail.Bilateral == nil {
			t.Fatalf("%s: no bilateral detail", c.market)
		}
		want(t, c.market+" China's exports", m.Detail.Bilateral.ChinaExports, c.exp)
		want(t, c.market+" China's imports", m.Detail.Bilateral.ChinaImports, c.imp)
		want(t, c.market+" balance", m.Detail.Bilateral.Balance, c.exp-c.imp)
	}

	// The tenant's sector is private: another tenant does not see it.
	if _, err := e.svc.Market(ctx, analytics.MarketRequest{Tenant: "t2", Sector: "all-goods"}, nil); err == nil {
		t.Error("tenant t2 used tenant t1's sector")
	}
}
