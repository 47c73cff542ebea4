package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/analyticstest"
	"github.com/exportscope/exportscope/analytics/export"
	"github.com/exportscope/exportscope/store/sqlite"
)

func reports(t *testing.T) (*analytics.MarketReport, *analytics.BrandReport) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(t.TempDir(), "m.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	analyticstest.Load(t, st, analyticstest.Magnesium())
	cat, _ := analytics.NewCatalogue(nil)
	svc, err := analytics.NewService(analytics.ServiceOptions{Store: st, Catalogue: cat, Now: func() time.Time { return analyticstest.Now }})
	if err != nil {
		t.Fatal(err)
	}
	m, err := svc.Market(context.Background(), analytics.MarketRequest{Sector: "magnesium", From: 2019, To: 2021}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := svc.Brand(context.Background(), analytics.BrandRequest{Sector: "magnesium", Brand: "Acme"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m, b
}

func TestCSV(t *testing.T) {
	m, b := reports(t)
	for _, rep := range []any{m, b} {
		var buf bytes.Buffer
		if err := export.CSV(&buf, rep); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(recs[0], ",") != "section,subject,detail,figure,label_zh,label_en,value,unit,status,reason,note,definition,window_from,window_to,records,sources,approximate" {
			t.Errorf("header %v", recs[0])
		}
		if len(recs) < 20 {
			t.Errorf("only %d rows", len(recs))
		}
	}
	var buf bytes.Buffer
	_ = export.CSV(&buf, m)
	out := buf.String()
	for _, want := range []string{
		"trade,DE,,cagr,复合年增长率,CAGR,58.113883008418",
		"trade,DE,,detail/hhi,供应商集中度 HHI,Supplier concentration HHI,3400,",
		"trade,FR,,cagr,复合年增长率,CAGR,,%,not_defined,imports in the start year 2019 were zero",
		"marketplace,DE,,priceMedian,价格中位数,Median price,30,USD,ok",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks %q", want)
		}
	}
}

func TestXLSX(t *testing.T) {
	m, _ := reports(t)
	var buf bytes.Buffer
	if err := export.XLSX(&buf, m); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	for _, want := range []string{"Report", "Figures", "trade", "opportunity", "marketplace", "retailVsCustoms"} {
		found := false
		for _, s := range sheets {
			found = found || s == want
		}
		if !found {
			t.Errorf("sheet %s missing from %v", want, sheets)
		}
	}
	rows, err := f.GetRows("trade")
	if err != nil {
		t.Fatal(err)
	}
	var cagr []string
	for _, r := range rows {
		if len(r) > 6 && r[1] == "DE" && r[3] == "cagr" {
			cagr = r
		}
	}
	if cagr == nil || !strings.HasPrefix(cagr[6], "58.11") || cagr[8] != "ok" {
		t.Errorf("DE CAGR row %v", cagr)
	}
	head, _ := f.GetRows("Report")
	if head[0][1] != "市场报告 / Market report" {
		t.Errorf("report sheet starts %v", head[0])
	}
}

func TestHTML(t *testing.T) {
	m, b := reports(t)
	var buf bytes.Buffer
	if err := export.HTML(&buf, m); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"<html lang=\"zh-CN\">", "市场报告", "Market report", "镁及镁质材料", "复合年增长率", "CAGR",
		"未定义 not defined", "@media print", "58.11", "3,400"} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	buf.Reset()
	if err := export.HTML(&buf, b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"品牌报告", "Brand report", "Acme", "货架份额", "无数据 no data"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("brand HTML lacks %q", want)
		}
	}
	if err := export.HTML(&buf, "not a report"); err == nil {
		t.Error("a string was exported")
	}
}
