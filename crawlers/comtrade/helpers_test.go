package comtrade

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exportscope/exportscope/store"
)

// fixturesDir is the shared real-world fixtures folder, relative to this
// package (the repository is /work/main, the fixtures /work/shared/fixtures).
const fixturesDir = "../../../shared/fixtures"

// Shared fixtures used here.
const (
	v1Fixture     = "trade/comtradeapi-v1_get_C_A_HS_TOTAL_CHN-ARG-DEU_2010_comtradr.json"
	bulkFixture   = "trade/comtradeapi-bulk_C_A_32_196201_S1_first15rows_truncated_comtradr.tsv"
	legacyFixture = "trade/comtrade-legacy-api-get_HS_TOTAL_ALB-World_2014_uncomtrade.json"
	emptyFixture  = "trade/comtradeapi-bulk-v1_empty-response_comtradr.json"
)

// fixture returns the path of a shared fixture file and fails the test,
// never skips it, when the file is missing.
func fixture(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(fixturesDir, rel)
	if _, err := os.Stat(p); err != nil {
		abs, _ := filepath.Abs(p)
		t.Fatalf("shared fixture %s is missing (%v): these tests need the fixtures folder at %s, beside the repository", rel, err, abs)
	}
	return p
}

func readFixture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(fixture(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withID sets a flow's Source and stable ID, as the readers do.
func withID(f store.TradeFlow) store.TradeFlow {
	f.Source = Source
	f.ID = store.TradeFlowID(&f)
	return f
}

// bulkHeader is the bulk-download layout's header, as in the fixture.
var bulkHeader = strings.Fields("datasetCode typeCode freqCode refPeriodId refYear refMonth period reporterCode flowCode partnerCode partner2Code classificationSearchCode classificationCode isOriginalClassification cmdCode customsCode mosCode motCode qtyUnitCode qty isQtyEstimated altQtyUnitCode altQty isAltQtyEstimated netWgt isNetWgtEstimated grossWgt isGrossWgtEstimated CIFValue FOBValue primaryValue legacyEstimationFlag isReported isAggregate")

// bulkRow is a bulk-layout row: China's 2019 imports of HS 251910 from the
// world, changed by the pairs of column name and value in kv.
func bulkRow(kv ...string) []string {
	vals := map[string]string{
		"datasetCode": "1", "typeCode": "C", "freqCode": "A", "refPeriodId": "20190101", "refYear": "2019",
		"refMonth": "52", "period": "2019", "reporterCode": "156", "flowCode": "M", "partnerCode": "0",
		"partner2Code": "0", "classificationSearchCode": "HS", "classificationCode": "H5",
		"isOriginalClassification": "1", "cmdCode": "251910", "customsCode": "C00", "mosCode": "0",
		"motCode": "0", "qtyUnitCode": "8", "qty": "1000.0", "isQtyEstimated": "0", "altQtyUnitCode": "-1",
		"altQty": "", "isAltQtyEstimated": "0", "netWgt": "1000.0", "isNetWgtEstimated": "0", "grossWgt": "",
		"isGrossWgtEstimated": "0", "CIFValue": "5000.0", "FOBValue": "", "primaryValue": "5000.0",
		"legacyEstimationFlag": "0", "isReported": "1", "isAggregate": "0",
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if _, ok := vals[kv[i]]; !ok {
			panic("bulkRow: no column " + kv[i])
		}
		vals[kv[i]] = kv[i+1]
	}
	row := make([]string, len(bulkHeader))
	for i, h := range bulkHeader {
		row[i] = vals[h]
	}
	return row
}

// tsvText joins the header and rows as a bulk TSV file with CRLF lines.
func tsvText(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(strings.Join(bulkHeader, "\t") + "\r\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t") + "\r\n")
	}
	return b.String()
}

// csvText writes the header and rows as CSV.
func csvText(rows ...[]string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(bulkHeader)
	w.WriteAll(rows)
	return b.String()
}

// sentinels are the row-error kinds, in the order errKind tries them.
var sentinels = []struct {
	name string
	err  error
}{
	{"truncated", ErrTruncated}, {"syntax", ErrSyntax}, {"columns", ErrColumns}, {"encoding", ErrEncoding},
	{"not-hs", ErrNotHS}, {"not-country", ErrNotCountry}, {"breakdown", ErrBreakdown}, {"sub-flow", ErrSubFlow},
	{"unknown-country", ErrUnknownCountry}, {"duplicate", ErrDuplicate}, {"bad-value", ErrBadValue},
}

// rowErr is a row error reduced to where and what, for cmp.Diff.
type rowErr struct {
	Line, Index int
	Kind        string
}

func summarize(t *testing.T, errs []error) []rowErr {
	t.Helper()
	var out []rowErr
	for _, err := range errs {
		var re *RowError
		if !errors.As(err, &re) {
			var w *Warning
			if errors.As(err, &w) {
				out = append(out, rowErr{Line: -1, Index: -1, Kind: "warning"})
				continue
			}
			t.Errorf("%v (%T) is not a *RowError", err, err)
			continue
		}
		kind := "?"
		for _, s := range sentinels {
			if errors.Is(err, s.err) {
				kind = s.name
				break
			}
		}
		out = append(out, rowErr{Line: re.Line, Index: re.Index, Kind: kind})
	}
	return out
}
