package practice

import (
	"encoding/json"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const fixtures = "../../../shared/fixtures"

// fixture reads a shared real-world fixture, skipping the test (and saying
// why) when the shared folder is not checked out next to the repository.
func fixture(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, path))
	if os.IsNotExist(err) {
		t.Skipf("fixture %s not found: the shared fixtures folder is not next to the repository", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// orderedKeys returns the keys of a JSON object in document order.
func orderedKeys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

type rawResponse struct {
	ElapsedTime string            `json:"elapsedTime"`
	Count       int               `json:"count"`
	Data        []json.RawMessage `json:"data"`
	Error       *string           `json:"error"`
}

func TestComtradeHasTheFixtureShape(t *testing.T) {
	want := fixture(t, "trade/comtradeapi-v1_get_C_A_HS_TOTAL_CHN-ARG-DEU_2010_comtradr.json")
	_, srv := testMarket(t, Options{Seed: 1})
	got := get(t, srv, "/comtrade/data/v1/get/C/A/HS?reporterCode=392&period=2019,2020&cmdCode=251990&flowCode=M")
	if got.Status != http.StatusOK {
		t.Fatalf("status %d: %s", got.Status, got.Body)
	}
	var w, g json.RawMessage
	json.Unmarshal(want, &w)
	json.Unmarshal(got.Body, &g)
	if diff := cmp.Diff(orderedKeys(t, w), orderedKeys(t, g)); diff != "" {
		t.Errorf("envelope keys mismatch (-want +got):\n%s", diff)
	}
	var wr, gr rawResponse
	json.Unmarshal(want, &wr)
	json.Unmarshal(got.Body, &gr)
	if gr.Count != len(gr.Data) || gr.Count == 0 {
		t.Fatalf("count %d, %d rows", gr.Count, len(gr.Data))
	}
	if diff := cmp.Diff(orderedKeys(t, wr.Data[0]), orderedKeys(t, gr.Data[0])); diff != "" {
		t.Errorf("row keys mismatch (-want +got):\n%s", diff)
	}
	// Same JSON types field by field (null allowed where the fixture has
	// a value or null).
	var wrow, grow map[string]any
	json.Unmarshal(wr.Data[0], &wrow)
	json.Unmarshal(gr.Data[0], &grow)
	for k, wv := range wrow {
		gv := grow[k]
		if wv != nil && gv != nil && typeName(wv) != typeName(gv) {
			t.Errorf("field %s: fixture has %s, got %s", k, typeName(wv), typeName(gv))
		}
	}
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	}
	return "other"
}

func TestComtradeEmptyResult(t *testing.T) {
	want := fixture(t, "trade/comtradeapi-bulk-v1_empty-response_comtradr.json")
	_, srv := testMarket(t, Options{Seed: 1})
	for _, q := range []string{
		"reporterCode=392&period=2019&cmdCode=999999&flowCode=M", // unknown code
		"reporterCode=392&period=1990&cmdCode=251990",            // before the data
		"reporterCode=156&period=2019&cmdCode=251990&flowCode=M", // China's imports are not simulated
		"reporterCode=392&period=2019&cmdCode=251990&motCode=1000",
	} {
		r := get(t, srv, "/comtrade/data/v1/get/C/A/HS?"+q)
		var g, w json.RawMessage
		json.Unmarshal(r.Body, &g)
		json.Unmarshal(want, &w)
		if diff := cmp.Diff(orderedKeys(t, w), orderedKeys(t, g)); diff != "" {
			t.Errorf("%s: keys mismatch (-want +got):\n%s", q, diff)
		}
		var res rawResponse
		json.Unmarshal(r.Body, &res)
		if r.Status != http.StatusOK || res.Count != 0 || res.Data == nil || len(res.Data) != 0 {
			t.Errorf("%s: status %d, %s; want an empty result", q, r.Status, r.Body)
		}
	}
}

func TestComtradeWorldIsTheSumOfPartners(t *testing.T) {
	_, srv := testMarket(t, Options{Seed: 1, TradeRowCap: 100000})
	codes := []string{}
	specs := map[string]hsSpec{}
	for _, h := range hsSpecs {
		codes = append(codes, h.Code)
		specs[h.Code] = h
	}
	for _, q := range []string{
		"reporterCode=392,410,643,616,203,348,276,76,32,152,604,704,764,360,458,398,792,699,842&period=2016,2022&cmdCode=" + strings.Join(codes, ",") + "&flowCode=M",
		"reporterCode=156&period=2020,2024&cmdCode=251990,611012,842542&flowCode=X",
		"reporterCode=392,842&period=2021&cmdCode=61,6302&flowCode=M",
	} {
		r := get(t, srv, "/comtrade/data/v1/get/C/A/HS?"+q)
		var res comtradeResponse
		if err := json.Unmarshal(r.Body, &res); err != nil {
			t.Fatal(err)
		}
		type key struct {
			rep, cmd, flow string
			year           int
		}
		world := map[key]comtradeRow{}
		sum := map[key][3]float64{}
		chinaSeen := map[key]bool{}
		for _, row := range res.Data {
			k := key{row.ReporterISO, row.CmdCode, row.FlowCode, row.RefYear}
			if row.PartnerCode == 0 {
				world[k] = row
				continue
			}
			s := sum[k]
			s[0] += row.PrimaryValue
			s[1] += *row.NetWgt
			if row.Qty != nil {
				s[2] += *row.Qty
			}
			sum[k] = s
			if row.PartnerISO == "CHN" {
				chinaSeen[k] = true
			}
			uv := row.PrimaryValue / *row.NetWgt
			if h, ok := specs[row.CmdCode]; ok && (uv < h.UnitValue/4 || uv > h.UnitValue*4) {
				t.Errorf("%v %s: unit value %.2f USD/kg far from %.2f", k, row.PartnerISO, uv, h.UnitValue)
			}
		}
		if len(world) == 0 {
			t.Fatalf("%s: no World rows", q)
		}
		for k, w := range world {
			s := sum[k]
			if w.PrimaryValue != s[0] || *w.NetWgt != s[1] || (w.Qty != nil && *w.Qty != s[2]) {
				t.Errorf("%v: World %v / %v kg, partners sum to %v / %v kg", k, w.PrimaryValue, *w.NetWgt, s[0], s[1])
			}
			if k.flow == "M" && len(k.cmd) == 6 && !chinaSeen[k] {
				t.Errorf("%v: China is not among the suppliers", k)
			}
		}
	}
}

func TestComtradePlausible(t *testing.T) {
	m, _ := testMarket(t, Options{Seed: 1})
	td := m.trade
	// Japan imports magnesia mostly from China; China's share varies by
	// market and year.
	shares := map[string]bool{}
	for _, rep := range []string{"JPN", "USA", "DEU", "RUS"} {
		for year := firstTradeYear; year <= lastTradeYear; year++ {
			rows := td.rowsFor(rep, "251990", "M", year)
			var china float64
			for _, r := range rows[1:] {
				if r.Partner == "CHN" {
					china = r.Value
				}
			}
			share := china / rows[0].Value
			if share <= 0 || share >= 1 {
				t.Errorf("%s %d: China's share %.2f", rep, year, share)
			}
			shares[rep+":"+itoa(int(math.Round(share*20)))] = true
			if rows[0].Value < 1e5 || rows[0].Value > 2e9 {
				t.Errorf("%s %d: magnesia imports %.0f USD, implausible", rep, year, rows[0].Value)
			}
		}
	}
	if len(shares) < 8 {
		t.Errorf("China's share hardly varies: %v", shares)
	}
}

func TestComtradeRowCapAndErrors(t *testing.T) {
	_, srv := testMarket(t, Options{Seed: 1, TradeRowCap: 50})
	r := get(t, srv, "/comtrade/data/v1/get/C/A/HS?reporterCode=392&cmdCode=251990,690210&flowCode=M")
	var res comtradeResponse
	json.Unmarshal(r.Body, &res)
	if res.Count != 50 || len(res.Data) != 50 {
		t.Errorf("row cap 50: got count %d, %d rows", res.Count, len(res.Data))
	}
	r = get(t, srv, "/comtrade/data/v1/get/C/A/HS?reporterCode=392&cmdCode=251990&maxRecords=7")
	json.Unmarshal(r.Body, &res)
	if res.Count != 7 {
		t.Errorf("maxRecords=7: count %d", res.Count)
	}
	for _, p := range []string{
		"/comtrade/data/v1/get/C/A/HS?reporterCode=Japan",
		"/comtrade/data/v1/get/C/M/HS?reporterCode=392",
		"/comtrade/data/v1/get/S/A/EB?reporterCode=392",
	} {
		if r := get(t, srv, p); r.Status != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400", p, r.Status)
		}
	}
}
