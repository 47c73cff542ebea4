package export

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/exportscope/exportscope/analytics"
)

// Formats lists the output formats.
var Formats = []string{"json", "csv", "xlsx", "html"}

var header = []string{"section", "subject", "detail", "figure", "label_zh", "label_en", "value", "unit", "status", "reason", "note",
	"definition", "window_from", "window_to", "records", "sources", "approximate"}

func value(f analytics.Figure) string {
	if f.Value == nil {
		return ""
	}
	return strconv.FormatFloat(*f.Value, 'f', -1, 64)
}

func record(r Row) []string {
	return []string{r.Section, r.Subject, r.Detail, r.Name, r.LabelZH, r.LabelEN, value(r.Figure), r.Unit, string(r.Status), r.Reason, r.Note,
		r.Definition, r.Window.From, r.Window.To, strconv.FormatInt(r.Records, 10), strings.Join(r.Sources, "; "), strconv.FormatBool(r.Approximate)}
}

// CSV writes the report's figures, one per line, after a header line;
// values are plain numbers with a dot, empty when there is no value.
func CSV(w io.Writer, rep any) error {
	_, rows, err := Flatten(rep)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(record(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// XLSX writes a workbook: a "Report" sheet with the heading, a "Figures"
// sheet with every figure, and one sheet per section.
func XLSX(w io.Writer, rep any) error {
	meta, rows, err := Flatten(rep)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Report"); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	for i, kv := range metaLines(meta) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		_ = f.SetCellValue("Report", cell, kv[0])
		_ = f.SetCellStyle("Report", cell, cell, bold)
		cell2, _ := excelize.CoordinatesToCellName(2, i+1)
		_ = f.SetCellValue("Report", cell2, kv[1])
	}
	_ = f.SetColWidth("Report", "A", "A", 34)
	_ = f.SetColWidth("Report", "B", "B", 100)
	write := func(sheet string, rows []Row) error {
		if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		for c, h := range header {
			cell, _ := excelize.CoordinatesToCellName(c+1, 1)
			_ = f.SetCellValue(sheet, cell, h)
			_ = f.SetCellStyle(sheet, cell, cell, bold)
		}
		for i, r := range rows {
			rec := record(r)
			for c, v := range rec {
				cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
				var err error
				switch {
				case c == 6 && r.Value != nil:
					err = f.SetCellValue(sheet, cell, *r.Value)
				case c == 14:
					err = f.SetCellValue(sheet, cell, r.Records)
				default:
					err = f.SetCellValue(sheet, cell, v)
				}
				if err != nil {
					return err
				}
			}
		}
		_ = f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
		return f.AutoFilter(sheet, fmt.Sprintf("A1:Q%d", len(rows)+1), nil)
	}
	if err := write("Figures", rows); err != nil {
		return err
	}
	for _, sec := range sectionOrder(meta.Type) {
		var part []Row
		for _, r := range rows {
			if r.Section == sec {
				part = append(part, r)
			}
		}
		if len(part) > 0 {
			if err := write(sec, part); err != nil {
				return err
			}
		}
	}
	return f.Write(w)
}

func metaLines(m Meta) [][2]string {
	lines := [][2]string{
		{"报告 Report", m.TitleZH + " / " + m.TitleEN},
		{"行业 Sector", fmt.Sprintf("%s / %s (%s)", m.Sector.Name.ZH, m.Sector.Name.EN, m.Sector.Slug)},
	}
	if m.Market != "" {
		lines = append(lines, [2]string{"市场 Market", m.Market})
	}
	if m.Brand != "" {
		lines = append(lines, [2]string{"品牌 Brand", m.Brand})
	}
	lines = append(lines,
		[2]string{"数据期间 Data window", m.Period.From + " – " + m.Period.To},
		[2]string{"HS 编码 HS codes", strings.Join(m.Sector.HSUsed, ", ")},
		[2]string{"生成时间 Generated", m.GeneratedAt},
		[2]string{"版本 Version", strconv.Itoa(m.Version)},
		[2]string{"记录数 Records", fmt.Sprintf("trade flows %d, listings %d, reviews %d", m.Records.TradeFlows, m.Records.Listings, m.Records.Reviews)},
		[2]string{"数据来源 Sources", strings.Join(m.Sources, "; ")},
	)
	for _, n := range m.Notes {
		lines = append(lines, [2]string{"注 Note", n})
	}
	return append(lines, m.Extra...)
}

type htmlSection struct {
	Key, ZH, EN string
	Rows        []Row
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"value": func(r Row) string {
		if r.Value == nil {
			return "—"
		}
		v := *r.Value
		switch {
		case v != 0 && (v >= 1e6 || v <= -1e6):
			return groupThousands(strconv.FormatFloat(v, 'f', 0, 64))
		case v == float64(int64(v)):
			return groupThousands(strconv.FormatInt(int64(v), 10))
		default:
			return strconv.FormatFloat(v, 'f', 2, 64)
		}
	},
	"status": func(r Row) string {
		switch r.Status {
		case analytics.StatusNoData:
			return "无数据 no data"
		case analytics.StatusNotDefined:
			return "未定义 not defined"
		}
		return ""
	},
}).Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{.Meta.TitleZH}} {{.Meta.TitleEN}} — {{.Meta.Sector.Name.ZH}} {{.Meta.Sector.Name.EN}}</title>
<style>
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", Arial, sans-serif; margin: 2em; color: #222; font-size: 13px; }
h1 { font-size: 22px; margin-bottom: 0.2em; } h1 small { color: #666; font-weight: normal; }
h2 { font-size: 16px; border-bottom: 2px solid #1a5fb4; padding-bottom: 3px; margin-top: 2em; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin-top: 0.5em; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef3fb; } td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.nodata td { color: #888; } .en { color: #555; } .def { color: #666; font-size: 11px; }
table.meta th { width: 14em; } tr { page-break-inside: avoid; }
@media print { body { margin: 1cm; font-size: 10px; } h2 { page-break-before: auto; } a { color: inherit; text-decoration: none; } }
</style>
</head>
<body>
<h1>{{.Meta.TitleZH}}：{{.Meta.Sector.Name.ZH}}{{if .Meta.Market}} · {{.Meta.Market}}{{end}}{{if .Meta.Brand}} · {{.Meta.Brand}}{{end}}<br>
<small>{{.Meta.TitleEN}}: {{.Meta.Sector.Name.EN}}{{if .Meta.Market}} · {{.Meta.Market}}{{end}}{{if .Meta.Brand}} · {{.Meta.Brand}}{{end}}</small></h1>
<table class="meta">
{{range .Lines}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
{{range .Sections}}
<h2>{{.ZH}} <span class="en">{{.EN}}</span></h2>
<table>
<tr><th>对象 Subject</th><th>指标 Figure</th><th>数值 Value</th><th>单位 Unit</th><th>状态/说明 Status / note</th><th>期间 Window</th><th>记录数 Records</th></tr>
{{range .Rows}}<tr{{if ne .Status "ok"}} class="nodata"{{end}} title="{{.Definition}}">
<td>{{.Subject}}{{if .Detail}} · {{.Detail}}{{end}}</td>
<td>{{.LabelZH}} <span class="en">{{.LabelEN}}</span></td>
<td class="num">{{value .}}{{if .Approximate}} ≈{{end}}</td>
<td>{{.Unit}}</td>
<td>{{status .}} {{.Reason}}{{if .Note}} {{.Note}}{{end}}</td>
<td>{{.Window.From}}{{if ne .Window.From .Window.To}} – {{.Window.To}}{{end}}</td>
<td class="num">{{.Records}}</td>
</tr>
{{end}}</table>
{{end}}
<h2>定义与来源 <span class="en">Definitions and sources</span></h2>
<table>
<tr><th>指标 Figure</th><th>定义 Definition</th><th>来源 Sources</th></tr>
{{range .Glossary}}<tr><td>{{.LabelZH}} <span class="en">{{.LabelEN}}</span></td><td class="def">{{.Definition}}</td><td class="def">{{range .Sources}}{{.}}<br>{{end}}</td></tr>
{{end}}</table>
<p class="def">生成时间 Generated {{.Meta.GeneratedAt}} · ExportScope · 每个数字均可由存储数据复现 Every figure is reproducible from the stored data.</p>
</body>
</html>
`))

// HTML writes a printable page with Chinese and English labels.
func HTML(w io.Writer, rep any) error {
	meta, rows, err := Flatten(rep)
	if err != nil {
		return err
	}
	var secs []htmlSection
	for _, key := range sectionOrder(meta.Type) {
		zh, en := label(key)
		s := htmlSection{Key: key, ZH: zh, EN: en}
		for _, r := range rows {
			if r.Section == key {
				s.Rows = append(s.Rows, r)
			}
		}
		if len(s.Rows) > 0 {
			secs = append(secs, s)
		}
	}
	// Each definition once, with the sources it was read from.
	var glossary []Row
	seen := map[string]int{}
	for _, r := range rows {
		if r.Definition == "" {
			continue
		}
		i, ok := seen[r.Definition]
		if !ok {
			seen[r.Definition] = len(glossary)
			g := r
			g.Sources = nil
			glossary = append(glossary, g)
			i = len(glossary) - 1
		}
		for _, src := range r.Sources {
			if !slices.Contains(glossary[i].Sources, src) && len(glossary[i].Sources) < 12 {
				glossary[i].Sources = append(glossary[i].Sources, src)
			}
		}
	}
	return page.Execute(w, map[string]any{"Meta": meta, "Lines": metaLines(meta), "Sections": secs, "Glossary": glossary})
}

func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
