// Package teaching is ExportScope's teaching mode for training-base
// tenants: a teacher opens a class on a few sectors, students join it with
// a join code (each joining creates a student account in the tenant,
// counted against the plan's seats), and the class works on a frozen
// dataset snapshot so that every student sees the same numbers and
// answers stay checkable later, whatever the crawlers do meanwhile.
//
// Snapshots are embedded market stores (store/sqlite) of their own under
// the data folder, snapshots/<id>.db, holding a copy of the class
// sectors' listings and trade flows (and the exchange rates) taken with
// Scan from the main store. One is taken when a class is created and one
// when an assignment is created; the control database has a row for each.
//
// Assignments come from a template library (Templates) or are written by
// the teacher. A template's expected answers are computed when the
// assignment is created, on its snapshot, by the analytics code (the
// market report) and store aggregations; numeric answers are checked with
// a tolerance, rankings by order, and site adapters are run in the
// crawler lab against the practice marketplace and scored by field
// accuracy against its answer key.
//
// The crawler lab (Lab) runs a student's adapter YAML against an
// in-process practice marketplace on loopback only: every URL must be a
// practice storefront, the HTTP transport dials nothing but the practice
// server, and a run has a time limit, a page limit and a body size limit.
//
// Every Service method takes the caller from the request context
// (auth.FromContext). Classes, assignments and answers of another tenant
// are NOT_FOUND; a student sees only the classes they joined and only
// their own answers.
package teaching
