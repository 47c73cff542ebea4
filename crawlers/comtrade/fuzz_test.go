package comtrade

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// checkResult asserts what any input must give: no panic (the fuzzer sees
// that), and either an error or a result whose flows all validate, with
// one row error per rejected row.
func checkResult(t *testing.T, res *Result, err error) {
	t.Helper()
	if err != nil {
		if res != nil {
			t.Errorf("result and error: %v", err)
		}
		if !strings.HasPrefix(err.Error(), "comtrade fuzz: ") {
			t.Errorf("error without its source: %v", err)
		}
		return
	}
	seen := map[string]bool{}
	for _, f := range res.Flows {
		if err := f.Validate(); err != nil {
			t.Errorf("flow does not validate: %v", err)
		}
		if seen[f.ID] {
			t.Errorf("flow %s returned twice", f.ID)
		}
		seen[f.ID] = true
		if f.NetWeightKg != nil && *f.NetWeightKg <= 0 {
			t.Errorf("stored weight %v", *f.NetWeightKg)
		}
	}
	if len(res.Flows)+len(res.RowErrs) < res.Rows {
		t.Errorf("%d rows, but %d flows and %d row errors", res.Rows, len(res.Flows), len(res.RowErrs))
	}
	for _, e := range res.RowErrs {
		var re *RowError
		if !errors.As(e, &re) {
			t.Errorf("row error %v is a %T", e, e)
		}
	}
}

func FuzzReadTSV(f *testing.F) {
	f.Add(readFixture(f, bulkFixture))
	f.Add([]byte(tsvText(bulkRow(), bulkRow("partnerCode", "276", "flowCode", "X", "FOBValue", "3", "primaryValue", ""))))
	f.Add([]byte(tsvText(bulkRow("freqCode", "M", "refMonth", "3", "period", "201903"))[:300]))
	f.Add([]byte(strings.Join(bulkHeader, "\t") + "\n\xff\xfe\t\n"))
	f.Add([]byte("reporterCode\tpartnerCode\tflowCode\tcmdCode\tperiod\tprimaryValue\tclassificationCode\n156\t0\tM\t25\t2019\t1e3\tH5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Decode(bytes.NewReader(data), "fuzz", FormatTSV)
		checkResult(t, res, err)
		res, err = Decode(bytes.NewReader(data), "fuzz", FormatCSV)
		checkResult(t, res, err)
	})
}

func FuzzReadJSON(f *testing.F) {
	f.Add(readFixture(f, v1Fixture))
	f.Add(readFixture(f, legacyFixture))
	f.Add(readFixture(f, emptyFixture))
	v1 := readFixture(f, v1Fixture)
	f.Add(v1[:len(v1)/2])
	f.Add([]byte(`{"count":1,"data":[{"reporterCode":"156","partnerCode":0,"flowCode":"M","cmdCode":"TOTAL","period":2019,"freqCode":"A","primaryValue":"1","classificationCode":"H5","netWgt":-1}]}`))
	f.Add([]byte(`{"validation":{"status":{"value":0},"count":{"value":1}},"dataset":[{"rgCode":3,"rtCode":8,"ptCode":0,"yr":2014,"period":201401,"pfCode":"H4","cmdCode":"01","TradeValue":1,"qtCode":8,"TradeQuantity":5}]}`))
	f.Add([]byte(`{"data":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Decode(bytes.NewReader(data), "fuzz", FormatJSON)
		checkResult(t, res, err)
		res, err = Decode(bytes.NewReader(data), "fuzz", FormatAuto)
		checkResult(t, res, err)
	})
}
