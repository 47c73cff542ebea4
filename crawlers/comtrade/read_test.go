package comtrade

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/store"
)

func TestReadFileV1Fixture(t *testing.T) {
	flows, rowErrs, err := ReadFile(fixture(t, v1Fixture))
	if err != nil {
		t.Fatal(err)
	}
	if len(rowErrs) != 0 {
		t.Errorf("row errors: %v", rowErrs)
	}
	want := []store.TradeFlow{
		withID(store.TradeFlow{Reporter: "CN", Partner: "AR", HS: "TOTAL", Year: 2010, Flow: store.FlowImport, ValueUSD: 6_804_128_143}),
		withID(store.TradeFlow{Reporter: "CN", Partner: "DE", HS: "TOTAL", Year: 2010, Flow: store.FlowImport, ValueUSD: 74_251_272_075}),
		withID(store.TradeFlow{Reporter: "CN", Partner: "AR", HS: "TOTAL", Year: 2010, Flow: store.FlowExport, ValueUSD: 6_115_764_185}),
		withID(store.TradeFlow{Reporter: "CN", Partner: "DE", HS: "TOTAL", Year: 2010, Flow: store.FlowExport, ValueUSD: 68_047_133_397}),
	}
	if diff := cmp.Diff(want, flows); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestReadFileLegacyFixture(t *testing.T) {
	flows, rowErrs, err := ReadFile(fixture(t, legacyFixture))
	if err != nil {
		t.Fatal(err)
	}
	want := []store.TradeFlow{
		withID(store.TradeFlow{Reporter: "AL", Partner: store.World, HS: "TOTAL", Year: 2014, Flow: store.FlowImport, ValueUSD: 5_229_972_238}),
		withID(store.TradeFlow{Reporter: "AL", Partner: store.World, HS: "TOTAL", Year: 2014, Flow: store.FlowExport, ValueUSD: 2_430_723_644}),
	}
	if diff := cmp.Diff(want, flows); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	// The header claims 360 rows; the file was cut to 2 by its source.
	if len(rowErrs) != 1 {
		t.Fatalf("got %d row errors, want one warning: %v", len(rowErrs), rowErrs)
	}
	var w *Warning
	if !errors.As(rowErrs[0], &w) || !strings.Contains(w.Msg, "header says 360 rows but the response has 2") {
		t.Errorf("got %v, want a warning about 360 vs 2 rows", rowErrs[0])
	}

	res, err := Decode(bytes.NewReader(readFixture(t, legacyFixture)), "legacy", FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != FormatLegacyJSON || res.Declared != 360 || res.Rows != 2 || len(res.Warnings) != 1 || len(res.RowErrs) != 0 {
		t.Errorf("result: format %v, declared %d, rows %d, %d warnings, %d row errors", res.Format, res.Declared, res.Rows, len(res.Warnings), len(res.RowErrs))
	}
}

func TestReadFileEmptyFixture(t *testing.T) {
	flows, rowErrs, err := ReadFile(fixture(t, emptyFixture))
	if err != nil || len(flows) != 0 || len(rowErrs) != 0 {
		t.Errorf("got %d flows, %v, %v; want nothing and no error", len(flows), rowErrs, err)
	}
}

func TestReadFileBulkFixture(t *testing.T) {
	// The real bulk file is Argentina's 1962 imports in SITC Rev. 1 (S1):
	// every row is rejected as not HS, with its line number.
	flows, rowErrs, err := ReadFile(fixture(t, bulkFixture))
	if err != nil {
		t.Fatal(err)
	}
	if len(flows) != 0 {
		t.Errorf("got %d flows from SITC rows, want none", len(flows))
	}
	var want []rowErr
	for line := 2; line <= 16; line++ {
		want = append(want, rowErr{Line: line, Index: -1, Kind: "not-hs"})
	}
	if diff := cmp.Diff(want, summarize(t, rowErrs)); diff != "" {
		t.Errorf("row errors mismatch (-want +got):\n%s", diff)
	}
	for _, err := range rowErrs {
		if !Skipped(err) {
			t.Errorf("%v: Skipped is false", err)
		}
	}
	if got := rowErrs[0].Error(); got != "comtrade comtradeapi-bulk_C_A_32_196201_S1_first15rows_truncated_comtradr.tsv line 2: classification S1: not an HS classification" {
		t.Errorf("message: %s", got)
	}
}

// tableRows are the rows of the TSV and CSV tests: good ones and each kind
// of bad one, with the flows and row errors they should give.
func tableRows() (rows [][]string, want []store.TradeFlow, wantErrs []rowErr) {
	add := func(r []string, f *store.TradeFlow, kind string) {
		rows = append(rows, r)
		line := len(rows) + 1
		if f != nil {
			want = append(want, withID(*f))
		} else {
			wantErrs = append(wantErrs, rowErr{Line: line, Index: -1, Kind: kind})
		}
	}
	add(bulkRow(), &store.TradeFlow{Reporter: "CN", Partner: store.World, HS: "251910", Year: 2019, Flow: store.FlowImport,
		ValueUSD: 5000, NetWeightKg: store.Float(1000), Quantity: store.Float(1000), QtyUnit: "kg"}, "")
	add(bulkRow("flowCode", "X", "partnerCode", "410", "CIFValue", "", "primaryValue", "", "FOBValue", "7000", "qtyUnitCode", "7", "qty", "20.5"),
		&store.TradeFlow{Reporter: "CN", Partner: "KR", HS: "251910", Year: 2019, Flow: store.FlowExport,
			ValueUSD: 7000, NetWeightKg: store.Float(1000), Quantity: store.Float(20.5), QtyUnit: "l"}, "")
	add(bulkRow("partnerCode", "276", "netWgt", "0", "qty", "0", "qtyUnitCode", "-1"),
		&store.TradeFlow{Reporter: "CN", Partner: "DE", HS: "251910", Year: 2019, Flow: store.FlowImport, ValueUSD: 5000}, "")
	add(bulkRow("partnerCode", "32", "primaryValue", "12a"), nil, "bad-value")
	add(bulkRow("partnerCode", "999"), nil, "unknown-country")
	add(bulkRow("partnerCode", "899"), nil, "not-country")
	add(bulkRow("partnerCode", "97"), nil, "not-country")
	add(bulkRow("partner2Code", "4"), nil, "breakdown")
	add(bulkRow("motCode", "1000"), nil, "breakdown")
	add(bulkRow("classificationSearchCode", "S3", "classificationCode", "S3"), nil, "not-hs")
	add(bulkRow("flowCode", "DX"), nil, "sub-flow")
	add(bulkRow(), nil, "duplicate")
	add(bulkRow("partnerCode", "392", "datasetCode", "caf\xe9"), nil, "encoding")
	add(bulkRow("partnerCode", "392")[:30], nil, "columns")
	add(bulkRow("freqCode", "M", "refMonth", "3", "period", "201903", "refPeriodId", "20190301"),
		&store.TradeFlow{Reporter: "CN", Partner: store.World, HS: "251910", Year: 2019, Month: 3, Flow: store.FlowImport,
			ValueUSD: 5000, NetWeightKg: store.Float(1000), Quantity: store.Float(1000), QtyUnit: "kg"}, "")
	add(bulkRow("partnerCode", "392", "period", "2018"), nil, "bad-value")
	add(bulkRow("partnerCode", "392", "refYear", "twenty"), nil, "bad-value")
	add(bulkRow("partnerCode", "392", "cmdCode", "25191"), nil, "bad-value")
	add(bulkRow("partnerCode", "392", "primaryValue", "-5"), nil, "bad-value")
	add(bulkRow("reporterCode", "0"), nil, "not-country")
	add(bulkRow("reporterCode", "810", "refYear", "1985", "period", "1985"), nil, "not-country")
	add(bulkRow("partnerCode", "32", "cmdCode", "2519.10", "reporterCode", "276.0"),
		&store.TradeFlow{Reporter: "DE", Partner: "AR", HS: "251910", Year: 2019, Flow: store.FlowImport,
			ValueUSD: 5000, NetWeightKg: store.Float(1000), Quantity: store.Float(1000), QtyUnit: "kg"}, "")
	add(bulkRow("partnerCode", "10", "cmdCode", "TOTAL"),
		&store.TradeFlow{Reporter: "CN", Partner: "AQ", HS: "TOTAL", Year: 2019, Flow: store.FlowImport,
			ValueUSD: 5000, NetWeightKg: store.Float(1000), Quantity: store.Float(1000), QtyUnit: "kg"}, "")
	return rows, want, wantErrs
}

func TestDecodeTable(t *testing.T) {
	rows, want, wantErrs := tableRows()
	// The last line is cut short with no newline after it.
	last := strings.Join(bulkRow("partnerCode", "392")[:12], "\t")
	lastCSV := strings.Join(bulkRow("partnerCode", "392")[:12], ",")
	cutErr := rowErr{Line: len(rows) + 2, Index: -1, Kind: "truncated"}

	for _, tc := range []struct {
		name   string
		input  string
		format Format
	}{
		{"tsv", tsvText(rows...) + last, FormatTSV},
		{"csv", csvText(rows...) + lastCSV, FormatCSV},
		{"csv with BOM", "\xEF\xBB\xBF" + csvText(rows...) + lastCSV, FormatCSV},
		{"tsv with LF lines", strings.ReplaceAll(tsvText(rows...), "\r\n", "\n") + last, FormatTSV},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, format := range []Format{tc.format, FormatAuto} {
				res, err := Decode(strings.NewReader(tc.input), tc.name, format)
				if err != nil {
					t.Fatal(err)
				}
				if res.Format != tc.format {
					t.Errorf("format %v, want %v", res.Format, tc.format)
				}
				if diff := cmp.Diff(want, res.Flows); diff != "" {
					t.Errorf("flows mismatch (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(append(wantErrs, cutErr), summarize(t, res.RowErrs)); diff != "" {
					t.Errorf("row errors mismatch (-want +got):\n%s", diff)
					for _, e := range res.RowErrs {
						t.Log(e)
					}
				}
				if res.Rows != len(rows)+1 {
					t.Errorf("Rows = %d, want %d", res.Rows, len(rows)+1)
				}
			}
		})
	}
}

func TestDecodeTableMessages(t *testing.T) {
	input := tsvText(bulkRow("primaryValue", "12a"), bulkRow("partnerCode", "899"), bulkRow("partner2Code", "4"), bulkRow()[:3])
	res, err := Decode(strings.NewReader(input), "x.tsv", FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range res.RowErrs {
		got = append(got, e.Error())
	}
	want := []string{
		`comtrade x.tsv line 2: bad value: primaryValue "12a" is not a number`,
		`comtrade x.tsv line 3: partner code 899 (Areas, nes): not a country`,
		`comtrade x.tsv line 4: partner2Code 4: a breakdown, not a total`,
		`comtrade x.tsv line 5: wrong number of columns: the line has 3, the header 34`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeCSVSyntax(t *testing.T) {
	good := strings.Join(bulkRow(), ",")
	input := strings.Join(bulkHeader, ",") + "\n" +
		strings.Join(bulkRow("partnerCode", "32", "datasetCode", `a"b`), ",") + "\n" + // bare quote: a syntax error
		good + "\n" +
		strings.Join(bulkRow("partnerCode", "276", "datasetCode", `"unclosed`), ",") // cut inside a quoted field
	res, err := Decode(strings.NewReader(input), "q.csv", FormatCSV)
	if err != nil {
		t.Fatal(err)
	}
	want := []rowErr{{Line: 2, Index: -1, Kind: "syntax"}, {Line: 4, Index: -1, Kind: "truncated"}}
	if diff := cmp.Diff(want, summarize(t, res.RowErrs)); diff != "" {
		t.Errorf("row errors mismatch (-want +got):\n%s", diff)
	}
	if len(res.Flows) != 1 {
		t.Errorf("got %d flows, want the 1 good row", len(res.Flows))
	}
}

func TestDecodeUTF16CSV(t *testing.T) {
	text := csvText(bulkRow(), bulkRow("partnerCode", "276"))
	u := utf16.Encode([]rune(text))
	b := []byte{0xFF, 0xFE}
	for _, c := range u {
		b = append(b, byte(c), byte(c>>8))
	}
	res, err := Decode(bytes.NewReader(b), "excel.csv", FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != FormatCSV || len(res.Flows) != 2 || len(res.RowErrs) != 0 {
		t.Errorf("format %v, %d flows, row errors %v; want csv, 2, none", res.Format, len(res.Flows), res.RowErrs)
	}
}

func TestDecodeJSONRows(t *testing.T) {
	row := func(extra string) string {
		return `{"typeCode":"C","freqCode":"A","refYear":2019,"refMonth":52,"period":"2019","reporterCode":156,"reporterISO":"CHN",` +
			`"flowCode":"M","partnerCode":276,"partnerISO":"DEU","partner2Code":0,"classificationCode":"H5","classificationSearchCode":"HS",` +
			`"cmdCode":"251910","customsCode":"C00","motCode":0,"qtyUnitCode":8,"qtyUnitAbbr":"kg","qty":1000.0,"netWgt":1000.0,` +
			`"cifvalue":5000.0,"fobvalue":null,"primaryValue":5000.0` + extra + `}`
	}
	good := withID(store.TradeFlow{Reporter: "CN", Partner: "DE", HS: "251910", Year: 2019, Flow: store.FlowImport,
		ValueUSD: 5000, NetWeightKg: store.Float(1000), Quantity: store.Float(1000), QtyUnit: "kg"})
	rows := []string{
		row(``),                      // 0 good
		row(`,"primaryValue":"abc"`), // 1 a duplicate key: the last wins, and is not a number
		`5`,                          // 2 not an object
		row(`,"partnerCode":999,"partnerISO":""`),                                        // 3 unknown partner
		row(`,"partnerCode":null,"partnerISO":"FRA"`),                                    // 4 no code: the ISO code decides
		"{\"reporterISO\":\"\xff\"}",                                                     // 5 invalid UTF-8
		row(`,"partnerCode":1234,"partnerISO":"JPN"`),                                    // 6 an unknown code, known ISO code
		row(`,"partnerCode":0,"partnerISO":"W00","primaryValue":null,"cifvalue":6000.5`), // 7 world, value from cifvalue
		row(`,"partnerCode":32,"primaryValue":null,"cifvalue":null,"fobvalue":10`),       // 8 import with only fobvalue
		row(`,"partnerCode":"32","qtyUnitCode":-1,"qtyUnitAbbr":"N/A"`),                  // 9 code as a string; no unit
	}
	doc := `{"elapsedTime":"0.1 secs","count":10,"data":[` + strings.Join(rows, ",") + `],"error":""}`
	res, err := Decode(strings.NewReader(doc), "api", FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	fr, jp, wld, ar := good, good, good, good
	fr.Partner = "FR"
	jp.Partner = "JP"
	wld.Partner, wld.ValueUSD = store.World, 6000.5
	ar.Partner, ar.Quantity, ar.QtyUnit = "AR", nil, ""
	want := []store.TradeFlow{good, withID(fr), withID(jp), withID(wld), withID(ar)}
	if diff := cmp.Diff(want, res.Flows); diff != "" {
		t.Errorf("flows mismatch (-want +got):\n%s", diff)
	}
	wantErrs := []rowErr{{0, 1, "bad-value"}, {0, 2, "bad-value"}, {0, 3, "unknown-country"}, {0, 5, "encoding"}, {0, 8, "bad-value"}}
	if diff := cmp.Diff(wantErrs, summarize(t, res.RowErrs)); diff != "" {
		t.Errorf("row errors mismatch (-want +got):\n%s", diff)
	}
	if len(res.Warnings) != 0 || res.Declared != 10 || res.Rows != 10 {
		t.Errorf("warnings %v, declared %d, rows %d", res.Warnings, res.Declared, res.Rows)
	}
	if got := res.RowErrs[0].Error(); got != `comtrade api row 1: bad value: primaryValue "abc" is not a number` {
		t.Errorf("message: %s", got)
	}

	// The same response cut off inside its fourth row keeps the rows before.
	cut := doc[:strings.Index(doc, rows[3])+40]
	res, err = Decode(strings.NewReader(cut), "api", FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]store.TradeFlow{good}, res.Flows); diff != "" {
		t.Errorf("cut: flows mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]rowErr{{0, 1, "bad-value"}, {0, 2, "bad-value"}, {0, 3, "truncated"}}, summarize(t, res.RowErrs)); diff != "" {
		t.Errorf("cut: row errors mismatch (-want +got):\n%s", diff)
	}
	// Broken between rows: a syntax error at that index.
	broken := strings.Replace(doc, rows[1]+",", rows[1]+" x ", 1)
	res, err = Decode(strings.NewReader(broken), "api", FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]rowErr{{0, 1, "bad-value"}, {0, 2, "syntax"}}, summarize(t, res.RowErrs)); diff != "" {
		t.Errorf("broken: row errors mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeFileErrors(t *testing.T) {
	for _, tc := range []struct {
		name, input, want string
	}{
		{"empty", "", "empty input"},
		{"blank", " \n\t\n", "empty input"},
		{"array", `[{"a":1}]`, "unknown format"},
		{"html", "<html><body>Service unavailable</body></html>", "unknown format"},
		{"plain text", "hello world\n", "unknown format"},
		{"json without data", `{"elapsedTime":"1 secs","count":0}`, "no data (or dataset) array"},
		{"json broken before data", `{"count":1,"data" 5}`, "malformed JSON"},
		{"json data not an array", `{"count":1,"data":{"a":1}}`, "data is {, not an array"},
		{"api error", `{"elapsedTime":"0 secs","count":0,"data":[],"error":"Invalid parameter: period"}`, "the API reported an error: Invalid parameter: period"},
		{"legacy status", `{"validation":{"status":{"name":"Invalid","value":5003,"description":"Usage limit exceeded"},"message":null,"count":{"value":0}},"dataset":[]}`, "status 5003: Invalid: Usage limit exceeded"},
		{"both arrays", `{"data":[],"dataset":[]}`, "both data and dataset"},
		{"tsv header only with unknown columns", "a\tb\tc\n1\t2\t3\n", "header has no reportercode or reporteriso column"},
		{"csv duplicate column", strings.Join(append(bulkHeader, "cmdCode"), ",") + "\n", `column "cmdCode" appears twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Decode(strings.NewReader(tc.input), "in", FormatAuto)
			if err == nil {
				t.Fatalf("no error; result %+v", res)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "comtrade in: ") {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
		})
	}
	if _, _, err := ReadFile(filepath.Join(t.TempDir(), "missing.tsv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestDecodeJSONWarnings(t *testing.T) {
	v1 := string(readFixture(t, v1Fixture))
	// The count says 5, four rows follow.
	res, err := Decode(strings.NewReader(strings.Replace(v1, `"count": 4`, `"count": 5`, 1)), "api", FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Flows) != 4 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Msg, "header says 5 rows but the response has 4") {
		t.Errorf("%d flows, warnings %v", len(res.Flows), res.Warnings)
	}
	// Cut after the data array: the rows are whole, so a warning.
	i := strings.LastIndex(v1, "]")
	res, err = Decode(strings.NewReader(v1[:i+1]), "api", FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Flows) != 4 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Msg, "malformed after its rows") {
		t.Errorf("%d flows, warnings %v", len(res.Flows), res.Warnings)
	}
}

func TestReadFileFormats(t *testing.T) {
	// The same rows as a file in each layout give the same flows.
	dir := t.TempDir()
	rows := [][]string{bulkRow(), bulkRow("partnerCode", "32", "flowCode", "X", "FOBValue", "1", "primaryValue", "1")}
	files := map[string]string{"a.tsv": tsvText(rows...), "a.csv": csvText(rows...), "a.txt": tsvText(rows...)}
	var first []store.TradeFlow
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		flows, rowErrs, err := ReadFile(p)
		if err != nil || len(rowErrs) != 0 || len(flows) != 2 {
			t.Fatalf("%s: %d flows, %v, %v", name, len(flows), rowErrs, err)
		}
		if first == nil {
			first = flows
		} else if diff := cmp.Diff(first, flows); diff != "" {
			t.Errorf("%s: mismatch (-first +this):\n%s", name, diff)
		}
	}
}
