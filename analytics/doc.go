// Package analytics turns the market-data store into ExportScope's market
// and brand reports.
//
// It holds the sector catalogue (the sectors of PRODUCT.md, shipped with the
// binary in sectors.yaml, plus each tenant's private sectors), the
// classification of listings into sectors, and the two reports. Every number
// a report shows is a Figure that carries its definition, data window,
// sources and the number of records behind it; a figure that cannot be
// computed says "no_data" or "not_defined" with the reason instead of
// showing NaN, Inf or a misleading zero.
//
// Reports push their work into the store with store.Aggregate; the few
// figures that need each document's text (net weights parsed from listing
// titles, review sentiment, per-product minimum prices) stream a bounded
// subset with store.Scan and keep only numbers, never the documents.
//
// The report JSON is documented in README.md beside this file; its field
// names are stable within a report Version.
package analytics
