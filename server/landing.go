package server

import (
	"html/template"
	"net/http"

	"github.com/exportscope/exportscope/store"
)

var landingPage = template.Must(template.New("landing").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>ExportScope 出口情报</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #e5e7eb;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}</style></head>
<body><h1>ExportScope 出口情报</h1>
<p>面向出口企业的市场情报平台 · Market intelligence for exporters</p>
<h2>数据概况 · Stored data</h2>
<table><tr><th>类型 · Kind</th><th>文档数 · Documents</th></tr>
{{range .Rows}}<tr><td>{{.Label}}</td><td class="n">{{.Count}}</td></tr>{{end}}</table>
<p><small>version {{.Version}} · <a href="/healthz">healthz</a> · <a href="/readyz">readyz</a> · <a href="/metrics">metrics</a></small></p>
</body></html>`))

var kindLabels = map[store.Kind]string{
	store.KindListing: "商品 · Listings", store.KindSnapshot: "价格快照 · Snapshots", store.KindReview: "评论 · Reviews",
	store.KindTradeFlow: "贸易流 · Trade flows", store.KindRate: "汇率 · Rates", store.KindReport: "报告 · Reports",
}

// Landing serves a bilingual overview page of the stored data; the web app
// replaces it once it is built.
func Landing(st Counter, version string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		counts, err := st.Counts(r.Context())
		if err != nil {
			http.Error(w, "market store unavailable / 市场数据库不可用", http.StatusServiceUnavailable)
			return
		}
		type row struct {
			Label string
			Count int64
		}
		var rows []row
		for _, k := range store.Kinds {
			rows = append(rows, row{kindLabels[k], counts[k]})
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = landingPage.Execute(w, struct {
			Rows    []row
			Version string
		}{rows, version})
	})
}
