package graph_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

const reportsQuery = `query($first: Int, $after: String) { reports(first: $first, after: $after) {
  totalCount edges { node { id kind status progress sector market brand error exports { json csv xlsx html } } } pageInfo { hasNextPage endCursor } } }`

type reportNode struct {
	ID, Kind, Status string
	Progress         float64
	Sector           string
	Market, Brand    *string
	Error            *string
	Exports          *struct{ JSON, CSV, Xlsx, HTML string }
}

type reportsOut struct {
	Reports struct {
		TotalCount int
		Edges      []struct{ Node reportNode }
		PageInfo   struct {
			HasNextPage bool
			EndCursor   *string
		}
	}
}

func (e *productEnv) createReport(token string, in map[string]any) string {
	e.t.Helper()
	var out struct{ CreateReport struct{ ID string } }
	e.ok(e.do(token, createReport, map[string]any{"in": in}), &out)
	return out.CreateReport.ID
}

// get fetches path from the test server with token.
func (e *productEnv) get(token, path string) (*http.Response, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func TestReportListAndExports(t *testing.T) {
	e := newProductEnv(t, productOptions{})
	a, b := e.tenant("alpha"), e.tenant("beta")
	older := e.createReport(a.analyst, map[string]any{"kind": "MARKET", "sector": "magnesium", "market": "DE"})
	e.waitJob(older)
	newer := e.createReport(a.analyst, map[string]any{"kind": "BRAND", "sector": "magnesium", "brand": "Jinlong"})
	e.waitJob(newer)
	// A report that fails says why, and has no exports.
	failed := e.createReport(a.analyst, map[string]any{"kind": "BRAND", "sector": "magnesium", "brand": "NoSuchBrandXYZ"})
	e.waitJob(failed)
	var f struct{ Report reportNode }
	e.ok(e.do(a.viewer, `query($id: ID!) { report(id: $id) { id status error exports { csv } } }`, map[string]any{"id": failed}), &f)
	if f.Report.Status != "FAILED" || f.Report.Error == nil || !strings.Contains(*f.Report.Error, "nearest brands") || f.Report.Exports != nil {
		t.Errorf("failed report: %+v (error %v)", f.Report, deref(f.Report.Error))
	}
	// Other jobs of the tenant are not reports.
	var job struct{ CheckAlerts struct{ ID string } }
	e.ok(e.do(a.analyst, `mutation { checkAlerts { id } }`, nil), &job)
	e.waitJob(job.CheckAlerts.ID)

	var page reportsOut
	e.ok(e.do(a.viewer, reportsQuery, map[string]any{"first": 1}), &page)
	r := page.Reports
	if r.TotalCount != 3 || len(r.Edges) != 1 || r.Edges[0].Node.ID != failed || !r.PageInfo.HasNextPage {
		t.Fatalf("first page: %+v; want %s of 3 with more to come", r, failed)
	}
	e.ok(e.do(a.viewer, reportsQuery, map[string]any{"first": 1, "after": *r.PageInfo.EndCursor}), &page)
	r = page.Reports
	n := r.Edges[0].Node
	if n.Kind != "BRAND" || n.Status != "DONE" || n.Brand == nil || *n.Brand != "Jinlong" || n.Exports == nil || n.Error != nil {
		t.Errorf("newest report: %+v", n)
	}
	if r.Edges[0].Node.ID != newer {
		t.Errorf("second page: %+v; want %s", r, newer)
	}
	e.ok(e.do(a.viewer, reportsQuery, map[string]any{"first": 1, "after": *r.PageInfo.EndCursor}), &page)
	if r := page.Reports; len(r.Edges) != 1 || r.Edges[0].Node.ID != older || r.PageInfo.HasNextPage {
		t.Errorf("second page: %+v; want %s and no more", r, older)
	}
	e.ok(e.do(b.owner, reportsQuery, nil), &page)
	if page.Reports.TotalCount != 0 || len(page.Reports.Edges) != 0 {
		t.Errorf("beta sees alpha's reports: %+v", page.Reports)
	}
	// Asked for, the results come along (through a fragment too).
	var withResults struct {
		Reports struct {
			Edges []struct {
				Node struct {
					ID, Status string
					Result     json.RawMessage
				}
			}
		}
	}
	e.ok(e.do(a.viewer, `query { reports { edges { node { ...R } } } } fragment R on Report { id status result }`, nil), &withResults)
	done := 0
	for _, ed := range withResults.Reports.Edges {
		if ed.Node.Status != "DONE" {
			if string(ed.Node.Result) != "null" {
				t.Errorf("report %s is %s but has a result", ed.Node.ID, ed.Node.Status)
			}
			continue
		}
		done++
		var doc struct{ Type string }
		if json.Unmarshal(ed.Node.Result, &doc) != nil || (doc.Type != "market" && doc.Type != "brand") {
			t.Errorf("report %s in the list has result %.80s", ed.Node.ID, ed.Node.Result)
		}
	}
	if done != 2 {
		t.Errorf("%d finished reports in the list, want 2", done)
	}
	e.expectCode("huge first", e.do(a.viewer, reportsQuery, map[string]any{"first": 1000}), "BAD_INPUT")
	e.expectCode("forged cursor", e.do(a.viewer, reportsQuery, map[string]any{"after": "bm8tc3VjaA"}), "BAD_INPUT")

	// Exports of the market report, in every format.
	var rep struct {
		Report struct {
			Result  json.RawMessage
			Exports struct{ JSON, CSV, Xlsx, HTML string }
		}
	}
	e.ok(e.do(a.viewer, `query($id: ID!) { report(id: $id) { result exports { json csv xlsx html } } }`, map[string]any{"id": older}), &rep)
	links := rep.Report.Exports
	if links.CSV != "/api/reports/"+older+"/export.csv" {
		t.Fatalf("export links: %+v", links)
	}
	resp, body := e.get(a.viewer, links.JSON)
	var got, want any
	if resp.StatusCode != 200 || json.Unmarshal(body, &got) != nil || json.Unmarshal(rep.Report.Result, &want) != nil || !jsonEqual(got, want) {
		t.Errorf("export.json: %d %.200s", resp.StatusCode, body)
	}
	resp, body = e.get(a.viewer, links.CSV)
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || err != nil || len(rows) < 10 {
		t.Errorf("export.csv: %d %s %v, %d rows", resp.StatusCode, resp.Header.Get("Content-Type"), err, len(rows))
	}
	resp, body = e.get(a.viewer, links.Xlsx)
	if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		t.Errorf("export.xlsx: %d, starts %q", resp.StatusCode, body[:min(len(body), 4)])
	}
	resp, body = e.get(a.viewer, links.HTML)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<html") || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("export.html: %d %.100s", resp.StatusCode, body)
	}
	for _, tc := range []struct {
		name, token, path string
		status            int
		code              string
	}{
		{"another tenant", b.owner, links.CSV, 404, "NOT_FOUND"},
		{"no token", "", links.CSV, 401, "UNAUTHENTICATED"},
		{"bad token", "ess_forged", links.CSV, 401, "UNAUTHENTICATED"},
		{"unknown format", a.viewer, "/api/reports/" + older + "/export.pdf", 404, "NOT_FOUND"},
		{"unknown report", a.viewer, "/api/reports/nope/export.csv", 404, "NOT_FOUND"},
	} {
		resp, body := e.get(tc.token, tc.path)
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.code) || strings.Contains(string(body), "magnesium") {
			t.Errorf("%s: %d %s; want %d %s and nothing of the report", tc.name, resp.StatusCode, body, tc.status, tc.code)
		}
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// wsMessage is a graphql-transport-ws message.
type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// dialGraphQL opens a graphql-transport-ws connection and sends
// connection_init with payload.
func (e *productEnv) dialGraphQL(ctx context.Context, origin string, payload any) (*websocket.Conn, error) {
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	c, _, err := websocket.Dial(ctx, strings.Replace(e.srv.URL, "http", "ws", 1)+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: h})
	if err != nil {
		return nil, err
	}
	c.SetReadLimit(8 << 20) // a report's result is large
	if err := wsjson.Write(ctx, c, map[string]any{"type": "connection_init", "payload": payload}); err != nil {
		return nil, err
	}
	return c, nil
}

// next reads messages until one that is not a ping/pong.
func next(ctx context.Context, t *testing.T, c *websocket.Conn) (wsMessage, error) {
	for {
		var m wsMessage
		if err := wsjson.Read(ctx, c, &m); err != nil {
			return m, err
		}
		switch m.Type {
		case "ping":
			_ = wsjson.Write(ctx, c, map[string]string{"type": "pong"})
		case "pong", "ka":
		default:
			return m, nil
		}
	}
}

const progressSub = `subscription($id: ID!) { reportProgress(id: $id) { id status progress result exports { csv } } }`

func TestReportProgressSubscription(t *testing.T) {
	e := newProductEnv(t, productOptions{origins: []string{"app.exportscope.test"}})
	a, b := e.tenant("alpha"), e.tenant("beta")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	c, err := e.dialGraphQL(ctx, "https://app.exportscope.test", map[string]any{"authorization": "Bearer " + a.viewer})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if m, err := next(ctx, t, c); err != nil || m.Type != "connection_ack" {
		t.Fatalf("after connection_init: %+v %v", m, err)
	}
	id := e.createReport(a.analyst, map[string]any{"kind": "MARKET", "sector": "magnesium"})
	if err := wsjson.Write(ctx, c, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": progressSub, "variables": map[string]any{"id": id}}}); err != nil {
		t.Fatal(err)
	}
	type state struct {
		Status   string
		Progress float64
	}
	var seen []state
	var last struct {
		Data struct {
			ReportProgress struct {
				ID, Status string
				Progress   float64
				Result     json.RawMessage
				Exports    *struct{ CSV string }
			}
		}
	}
	for done := false; !done; {
		m, err := next(ctx, t, c)
		if err != nil {
			t.Fatalf("reading progress: %v (seen %v)", err, seen)
		}
		switch m.Type {
		case "next":
			if err := json.Unmarshal(m.Payload, &last); err != nil {
				t.Fatal(err)
			}
			p := last.Data.ReportProgress
			seen = append(seen, state{p.Status, p.Progress})
		case "complete":
			done = true
		default:
			t.Fatalf("unexpected message %s: %s", m.Type, m.Payload)
		}
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] == seen[i-1] || seen[i].Progress < seen[i-1].Progress {
			t.Errorf("updates repeat or go back: %v", seen)
		}
	}
	p := last.Data.ReportProgress
	if len(seen) == 0 || p.ID != id || p.Status != "DONE" || p.Progress != 100 || len(p.Result) < 10 || p.Exports == nil {
		t.Errorf("the stream ended with %+v after %v; want DONE at 100 with the result", p, seen)
	}

	// Another tenant's report is not found, on the same connection.
	if err := wsjson.Write(ctx, c, map[string]any{"id": "2", "type": "subscribe", "payload": map[string]any{"query": progressSub, "variables": map[string]any{"id": id}}}); err != nil {
		t.Fatal(err)
	}
	cb, err := e.dialGraphQL(ctx, "", map[string]any{"token": b.owner})
	if err != nil {
		t.Fatal(err)
	}
	defer cb.CloseNow()
	if m, err := next(ctx, t, cb); err != nil || m.Type != "connection_ack" {
		t.Fatalf("beta's connection_init: %+v %v", m, err)
	}
	if err := wsjson.Write(ctx, cb, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": progressSub, "variables": map[string]any{"id": id}}}); err != nil {
		t.Fatal(err)
	}
	// gqlgen answers a resolver's error as a "next" with errors and no data.
	m, err := next(ctx, t, cb)
	if err != nil || (m.Type != "error" && m.Type != "next") || !strings.Contains(string(m.Payload), "NOT_FOUND") ||
		strings.Contains(string(m.Payload), "magnesium") || strings.Contains(string(m.Payload), `"progress"`) {
		t.Errorf("beta subscribing to alpha's report: %+v %s %v", m, m.Payload, err)
	}

	// Without a valid token the connection is refused.
	for _, payload := range []map[string]any{{}, {"authorization": "Bearer ess_forged"}, {"authorization": "Basic abc"}} {
		cu, err := e.dialGraphQL(ctx, "", payload)
		if err != nil {
			t.Fatal(err)
		}
		m, err := next(ctx, t, cu)
		if err == nil && m.Type != "connection_error" {
			t.Errorf("init with %v: got %s %s, want a refusal", payload, m.Type, m.Payload)
		}
		if err == nil {
			_, err = next(ctx, t, cu)
		}
		if websocket.CloseStatus(err) != 4403 {
			t.Errorf("init with %v: connection ended with %v, want close 4403", payload, err)
		}
		cu.CloseNow()
	}

	// A client that authenticated the upgrade request itself needs no token
	// in connection_init; a bad header refuses the upgrade.
	h := http.Header{"Authorization": {"Bearer " + a.viewer}}
	wsURL := strings.Replace(e.srv.URL, "http", "ws", 1) + "/graphql"
	ch, _, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: h})
	if err != nil {
		t.Fatal(err)
	}
	_ = wsjson.Write(ctx, ch, map[string]any{"type": "connection_init"})
	if m, err := next(ctx, t, ch); err != nil || m.Type != "connection_ack" {
		t.Errorf("init after an authenticated upgrade: %+v %v", m, err)
	}
	ch.CloseNow()
	if _, resp, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer ess_forged"}}}); err == nil || resp == nil || resp.StatusCode != 401 {
		t.Errorf("upgrade with a forged token: %v", err)
	}

	// A browser on a foreign origin cannot open the connection at all.
	if _, err := e.dialGraphQL(ctx, "https://evil.example", map[string]any{"token": a.viewer}); err == nil {
		t.Errorf("a foreign origin was accepted")
	}

	// Oversized messages close the connection.
	cbig, err := e.dialGraphQL(ctx, "", map[string]any{"token": a.viewer})
	if err != nil {
		t.Fatal(err)
	}
	defer cbig.CloseNow()
	if m, err := next(ctx, t, cbig); err != nil || m.Type != "connection_ack" {
		t.Fatalf("connection_init: %+v %v", m, err)
	}
	_ = wsjson.Write(ctx, cbig, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": progressSub + strings.Repeat(" ", 100<<10)}})
	if _, err := next(ctx, t, cbig); websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
		t.Errorf("a 100 KiB message: %v, want close 1009", err)
	}
}
