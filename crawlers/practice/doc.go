// Package practice is ExportScope's practice marketplace: a deterministic,
// synthetic marketplace served over HTTP for the product demo, the
// teaching lab (students write crawler rules against it) and tests.
//
// One seed generates everything: six storefront countries in four page
// styles (schema.org JSON-LD, microdata, plain HTML, a JSON API), a
// catalogue covering every sector of the product brief, reviews in eight
// languages, prices that drift from simulated day to day, a robots.txt and
// sitemaps, a UN Comtrade-shaped trade API and an ECB-shaped rates feed.
// The same seed and day give byte-identical pages; nothing depends on the
// clock. Every HTML page carries the Banner saying the data is synthetic.
//
// Faults are opt-in and deterministic: 429 answers (Options.FaultRate),
// broken pages (Options.MalformedRate) and slow pages (Options.SlowRate);
// each carries an X-Practice-Fault header, and Market.Listings is the
// answer key a crawler's output can be checked against.
//
//	m, err := practice.New(practice.Options{Seed: 1, Day: 0, Logger: log})
//	srv := &http.Server{Addr: addr, Handler: m.Handler()}
//
// README.md in this folder lists every route and what a crawler adapter
// needs to read each storefront.
package practice
