// Package comtrade brings UN Comtrade trade statistics into the store as
// store.TradeFlow documents: readers for the formats Comtrade publishes
// (ReadFile, Decode), a client for the v1 data API (Client), and an
// idempotent importer (Import).
//
// # Formats
//
//   - The v1 data API's JSON: {"elapsedTime":..,"count":..,"data":[..]}.
//   - The retired api/get JSON: {"validation":{..,"count":{"value":..}},
//     "dataset":[..]}, with its own names (rtCode, ptCode, rgCode 1 import,
//     2 export, 3 re-export, 4 re-import, TradeValue, NetWeight ...).
//   - The bulk-download TSV (the data API's columns, tab-separated) and the
//     same columns as CSV. Columns are found by header name, in any order
//     and any case; extra columns are ignored.
//
// # From a row to a trade flow
//
//   - Reporter and partner become ISO 3166-1 alpha-2 codes, partner 0 the
//     world (store.World). The mapping is Comtrade's own reference list of
//     reporters, compacted into countries_gen.go by go generate (see
//     internal/gencountries), with UN M49 and then the row's ISO alpha-3
//     code as fallbacks for partners that never report; areaISO2 documents
//     the rules. Groups, "nes" areas, bunkers, free zones and dissolved
//     states are not countries: those rows are rejected with ErrNotCountry.
//   - The flow code M, X, RM, RX becomes import, export, reimport,
//     reexport; other sub-flows (DX, FM, processing flows) are rejected
//     with ErrSubFlow.
//   - HS is the cmdCode normalised by store.NormalizeHS ("TOTAL" or 2 to
//     10 digits). Rows of other classifications (SITC S1..S4, as in the
//     1962 bulk file among the fixtures, BEC, services) are rejected with
//     ErrNotHS rather than stored: their codes would read as the HS codes
//     of other goods, and TradeFlow.HS holds HS codes only.
//   - Only totals are flows: rows broken down by second partner
//     (partner2Code ≠ 0), customs procedure (customsCode ≠ C00) or mode of
//     transport (motCode ≠ 0) are rejected with ErrBreakdown; otherwise
//     several rows would share one flow ID and overwrite each other. The
//     client asks the API for totals only.
//   - Value: primaryValue; when it is missing, the value on the flow's own
//     basis, cifvalue for imports and re-imports and fobvalue for exports
//     and re-exports (which is how Comtrade defines primaryValue). A row
//     with neither is rejected; the other basis is never used, so that
//     unit values do not mix CIF and FOB.
//   - Net weight: netWgt in kg. Absent or 0 is stored as nil, "not
//     reported": Comtrade writes 0 or null where a country reported no
//     weight, and a zero weight under a positive value would make unit
//     values (value / weight) infinite. Stored weights are therefore
//     always positive.
//   - Quantity: qty with qtyUnitAbbr (or the abbreviation of qtyUnitCode,
//     e.g. 8 is "kg"). Absent, 0, or without a known unit ("N/A", "No
//     Quantity") is nil.
//   - Period: annual rows (freqCode A, refMonth 52) have Month 0, monthly
//     rows Month 1..12; the period column must agree.
//   - The ID is store.TradeFlowID, Source is "comtrade", and every flow is
//     checked with Validate before it is returned.
//
// # Errors
//
// Readers keep the good rows and report each bad one as a *RowError with
// its line (TSV, CSV; the header is line 1) or its index in the data array
// (JSON). Row errors wrap the sentinels of errors.go; Skipped tells the
// rows outside the model (ErrNotHS, ErrNotCountry, ErrBreakdown,
// ErrSubFlow) from bad data (ErrBadValue, ErrColumns, ErrEncoding,
// ErrTruncated, ErrSyntax, ErrUnknownCountry, ErrDuplicate). A header row
// count that disagrees with the rows present (the legacy fixture declares
// 360 rows and holds 2) is a *Warning and the rows are kept. A JSON input
// that breaks off inside its array keeps the rows before the break and
// reports ErrTruncated at the index where it broke. An empty response
// (count 0) is no flows and no error.
package comtrade
