package crawl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/exportscope/exportscope/server/controldb"
)

// The states of a frontier row (the crawl_urls.status column).
const (
	statusQueued  = "queued"  // to fetch, or fetched with documents pending
	statusDone    = "done"    // fetched, processed, documents stored
	statusFailed  = "failed"  // gave up: a permanent error or attempts used up
	statusSkipped = "skipped" // not fetched: robots.txt, SSRF guard, off-site redirect
)

// Frontier is the persistent list of URLs of one crawl, in the control
// database's crawl_urls table. It is what makes a crawl resumable: a URL is
// queued until its page was fetched, processed and its documents stored,
// so a crawl that is cancelled or killed picks up every URL it had not
// finished, and none that it had.
//
// One crawl ID must be run by one process at a time (the job lock sees to
// that); the frontier does not lease rows.
type Frontier struct {
	db      *controldb.DB
	crawlID string
}

// NewFrontier returns the frontier of crawl crawlID.
func NewFrontier(db *controldb.DB, crawlID string) (*Frontier, error) {
	if db == nil {
		return nil, errors.New("crawl frontier: no control database")
	}
	if strings.TrimSpace(crawlID) == "" {
		return nil, errors.New("crawl frontier: empty crawl ID")
	}
	return &Frontier{db: db, crawlID: crawlID}, nil
}

// CrawlID is the crawl the frontier belongs to.
func (f *Frontier) CrawlID() string { return f.crawlID }

// begin records the crawl's start, once, and returns the crawl's moment:
// now for a new crawl, the first start for a resumed one.
func (f *Frontier) begin(ctx context.Context, adapter string, now time.Time) (time.Time, error) {
	_, err := f.db.Writer().ExecContext(ctx,
		`INSERT INTO crawls (id, adapter, started_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		f.crawlID, adapter, controldb.Millis(now))
	if err != nil {
		return time.Time{}, fmt.Errorf("frontier %s begin: %w", f.crawlID, err)
	}
	var started int64
	var was string
	err = f.db.Writer().QueryRowContext(ctx, `SELECT started_at, adapter FROM crawls WHERE id = ?`, f.crawlID).Scan(&started, &was)
	if err != nil {
		return time.Time{}, fmt.Errorf("frontier %s begin: %w", f.crawlID, err)
	}
	if was != adapter {
		return time.Time{}, fmt.Errorf("frontier %s: the crawl was started with adapter %s, not %s", f.crawlID, was, adapter)
	}
	return time.UnixMilli(started).In(now.Location()), nil
}

// finish records that the crawl's frontier was drained.
func (f *Frontier) finish(ctx context.Context, now time.Time) error {
	_, err := f.db.Writer().ExecContext(ctx, `UPDATE crawls SET finished_at = ? WHERE id = ?`, controldb.Millis(now), f.crawlID)
	if err != nil {
		return fmt.Errorf("frontier %s finish: %w", f.crawlID, err)
	}
	return nil
}

// entry is one URL to fetch.
type entry struct {
	URL      string
	Depth    int
	Attempts int
}

// FrontierCounts is the number of URLs in each state.
type FrontierCounts struct {
	Queued, Done, Failed, Skipped int
	// Pending counts queued URLs whose page was processed but whose
	// documents are not yet stored.
	Pending int
}

// Counts reports how many URLs are in each state.
func (f *Frontier) Counts(ctx context.Context) (FrontierCounts, error) {
	rows, err := f.db.Reader().QueryContext(ctx,
		`SELECT status, pending IS NOT NULL, count(*) FROM crawl_urls WHERE crawl_id = ? GROUP BY 1, 2`, f.crawlID)
	if err != nil {
		return FrontierCounts{}, fmt.Errorf("frontier %s counts: %w", f.crawlID, err)
	}
	defer rows.Close()
	var c FrontierCounts
	for rows.Next() {
		var status string
		var pending bool
		var n int
		if err := rows.Scan(&status, &pending, &n); err != nil {
			return FrontierCounts{}, fmt.Errorf("frontier %s counts: %w", f.crawlID, err)
		}
		switch status {
		case statusQueued:
			c.Queued += n
			if pending {
				c.Pending += n
			}
		case statusDone:
			c.Done += n
		case statusFailed:
			c.Failed += n
		case statusSkipped:
			c.Skipped += n
		}
	}
	return c, rows.Err()
}

// URLState is one frontier row, for inspection.
type URLState struct {
	URL        string
	Depth      int
	Status     string
	Attempts   int
	LastError  string
	HTTPStatus int
}

// URLs lists the frontier's rows in the order they were added.
func (f *Frontier) URLs(ctx context.Context) ([]URLState, error) {
	rows, err := f.db.Reader().QueryContext(ctx,
		`SELECT url, depth, status, attempts, coalesce(last_error, ''), coalesce(http_status, 0)
		   FROM crawl_urls WHERE crawl_id = ? ORDER BY rowid`, f.crawlID)
	if err != nil {
		return nil, fmt.Errorf("frontier %s: %w", f.crawlID, err)
	}
	defer rows.Close()
	var out []URLState
	for rows.Next() {
		var s URLState
		if err := rows.Scan(&s.URL, &s.Depth, &s.Status, &s.Attempts, &s.LastError, &s.HTTPStatus); err != nil {
			return nil, fmt.Errorf("frontier %s: %w", f.crawlID, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// admitter inserts URLs into the frontier within one transaction, up to
// a cap on the number of URLs the crawl may fetch.
type admitter struct {
	tx       *sql.Tx
	crawlID  string
	now      int64
	room     int // URLs that may still be admitted; <0: no cap
	admitted int
}

func (f *Frontier) newAdmitter(ctx context.Context, tx *sql.Tx, maxPages int) (*admitter, error) {
	a := &admitter{tx: tx, crawlID: f.crawlID, now: controldb.Millis(time.Now()), room: -1}
	if maxPages > 0 {
		var n int
		err := tx.QueryRowContext(ctx,
			`SELECT count(*) FROM crawl_urls WHERE crawl_id = ? AND status != 'skipped'`, f.crawlID).Scan(&n)
		if err != nil {
			return nil, err
		}
		a.room = max(maxPages-n, 0)
	}
	return a, nil
}

// add queues e unless it is known; a known queued URL found again at a
// smaller depth takes that depth. It reports whether a row was added.
func (a *admitter) add(ctx context.Context, e entry) (bool, error) {
	if a.room != 0 {
		res, err := a.tx.ExecContext(ctx,
			`INSERT INTO crawl_urls (crawl_id, url, depth, status, attempts, updated_at)
			 VALUES (?, ?, ?, 'queued', 0, ?) ON CONFLICT (crawl_id, url) DO NOTHING`,
			a.crawlID, e.URL, e.Depth, a.now)
		if err != nil {
			return false, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			if a.room > 0 {
				a.room--
			}
			a.admitted++
			return true, nil
		}
	}
	_, err := a.tx.ExecContext(ctx,
		`UPDATE crawl_urls SET depth = ? WHERE crawl_id = ? AND url = ? AND status = 'queued' AND depth > ?`,
		e.Depth, a.crawlID, e.URL, e.Depth)
	return false, err
}

// seed queues the start URLs at depth 0; known URLs are left as they are,
// so seeding a resumed crawl changes nothing.
func (f *Frontier) seed(ctx context.Context, urls []string, maxPages int) (int, error) {
	tx, err := f.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("frontier %s seed: %w", f.crawlID, err)
	}
	defer tx.Rollback()
	a, err := f.newAdmitter(ctx, tx, maxPages)
	if err != nil {
		return 0, fmt.Errorf("frontier %s seed: %w", f.crawlID, err)
	}
	for _, u := range urls {
		if _, err := a.add(ctx, entry{URL: u}); err != nil {
			return 0, fmt.Errorf("frontier %s seed %s: %w", f.crawlID, u, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("frontier %s seed: %w", f.crawlID, err)
	}
	return a.admitted, nil
}

// due returns up to n queued URLs without pending documents whose retry
// time has come, shallowest and oldest first, leaving out those in skip
// (in flight).
func (f *Frontier) due(ctx context.Context, n int, now time.Time, skip map[string]bool) ([]entry, error) {
	rows, err := f.db.Reader().QueryContext(ctx,
		`SELECT url, depth, attempts FROM crawl_urls
		  WHERE crawl_id = ? AND status = 'queued' AND pending IS NULL AND next_at <= ?
		  ORDER BY depth, rowid LIMIT ?`,
		f.crawlID, controldb.Millis(now), n+len(skip))
	if err != nil {
		return nil, fmt.Errorf("frontier %s: %w", f.crawlID, err)
	}
	defer rows.Close()
	var out []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.URL, &e.Depth, &e.Attempts); err != nil {
			return nil, fmt.Errorf("frontier %s: %w", f.crawlID, err)
		}
		if !skip[e.URL] && len(out) < n {
			out = append(out, e)
		}
	}
	return out, rows.Err()
}

// nextDue reports the earliest retry time of a queued URL that is not in
// skip, and whether there is one.
func (f *Frontier) nextDue(ctx context.Context, skip map[string]bool) (time.Time, bool, error) {
	rows, err := f.db.Reader().QueryContext(ctx,
		`SELECT url, next_at FROM crawl_urls
		  WHERE crawl_id = ? AND status = 'queued' AND pending IS NULL
		  ORDER BY next_at LIMIT ?`, f.crawlID, len(skip)+1)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("frontier %s: %w", f.crawlID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		var at int64
		if err := rows.Scan(&u, &at); err != nil {
			return time.Time{}, false, fmt.Errorf("frontier %s: %w", f.crawlID, err)
		}
		if !skip[u] {
			return time.UnixMilli(at), true, nil
		}
	}
	return time.Time{}, false, rows.Err()
}

// processed records a fetched page in one transaction: the links found on
// it are queued, the URL it was redirected to (if any) is marked done, and
// its documents become the row's pending outbox.
func (f *Frontier) processed(ctx context.Context, e entry, status int, finalURL string, links []entry, maxPages int, pending []byte) (admitted int, err error) {
	tx, err := f.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("frontier %s %s: %w", f.crawlID, e.URL, err)
	}
	defer tx.Rollback()
	a, err := f.newAdmitter(ctx, tx, maxPages)
	if err != nil {
		return 0, fmt.Errorf("frontier %s %s: %w", f.crawlID, e.URL, err)
	}
	for _, l := range links {
		if _, err := a.add(ctx, l); err != nil {
			return 0, fmt.Errorf("frontier %s queue %s: %w", f.crawlID, l.URL, err)
		}
	}
	if finalURL != "" && finalURL != e.URL {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO crawl_urls (crawl_id, url, depth, status, attempts, http_status, updated_at)
			 VALUES (?, ?, ?, 'done', 0, ?, ?)
			 ON CONFLICT (crawl_id, url) DO UPDATE SET status = 'done', http_status = excluded.http_status, updated_at = excluded.updated_at
			 WHERE status = 'queued' AND pending IS NULL`,
			f.crawlID, finalURL, e.Depth, status, a.now)
		if err != nil {
			return 0, fmt.Errorf("frontier %s redirect target %s: %w", f.crawlID, finalURL, err)
		}
	}
	res, err := tx.ExecContext(ctx,
		`UPDATE crawl_urls SET pending = ?, attempts = attempts + 1, http_status = ?, last_error = NULL, updated_at = ?
		  WHERE crawl_id = ? AND url = ? AND status = 'queued'`,
		pending, status, a.now, f.crawlID, e.URL)
	if err != nil {
		return 0, fmt.Errorf("frontier %s %s: %w", f.crawlID, e.URL, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, fmt.Errorf("frontier %s %s: URL is not queued", f.crawlID, e.URL)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("frontier %s %s: %w", f.crawlID, e.URL, err)
	}
	return a.admitted, nil
}

// isDone reports whether url was fetched and stored by this crawl.
func (f *Frontier) isDone(ctx context.Context, url string) (bool, error) {
	var n int
	err := f.db.Reader().QueryRowContext(ctx,
		`SELECT count(*) FROM crawl_urls WHERE crawl_id = ? AND url = ? AND status = 'done'`, f.crawlID, url).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("frontier %s: %w", f.crawlID, err)
	}
	return n > 0, nil
}

// pendingPage is a processed page whose documents may not be stored yet.
type pendingPage struct {
	URL  string
	Docs []byte
}

// pendingPages lists the rows with an outbox, left by a crawl that
// stopped between processing a page and storing its documents.
func (f *Frontier) pendingPages(ctx context.Context) ([]pendingPage, error) {
	rows, err := f.db.Reader().QueryContext(ctx,
		`SELECT url, pending FROM crawl_urls
		  WHERE crawl_id = ? AND status = 'queued' AND pending IS NOT NULL ORDER BY rowid`, f.crawlID)
	if err != nil {
		return nil, fmt.Errorf("frontier %s: %w", f.crawlID, err)
	}
	defer rows.Close()
	var out []pendingPage
	for rows.Next() {
		var p pendingPage
		if err := rows.Scan(&p.URL, &p.Docs); err != nil {
			return nil, fmt.Errorf("frontier %s: %w", f.crawlID, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// done marks a URL whose documents are stored.
func (f *Frontier) done(ctx context.Context, url string) error {
	return f.set(ctx, url, `status = 'done', pending = NULL`)
}

// reset drops a URL's outbox, so that the page is fetched again.
func (f *Frontier) reset(ctx context.Context, url string) error {
	return f.set(ctx, url, `pending = NULL`)
}

// retry puts a URL back in the queue after a failed attempt, not to be
// tried before at.
func (f *Frontier) retry(ctx context.Context, url string, status int, at time.Time, cause error) error {
	return f.set(ctx, url, `attempts = attempts + 1, next_at = ?, http_status = ?, last_error = ?`,
		controldb.Millis(at), nullInt(status), cause.Error())
}

// fail gives up on a URL.
func (f *Frontier) fail(ctx context.Context, url string, status int, cause error) error {
	return f.set(ctx, url, `status = 'failed', attempts = attempts + 1, http_status = ?, last_error = ?`,
		nullInt(status), cause.Error())
}

// skip marks a URL that must not be fetched, saying why.
func (f *Frontier) skip(ctx context.Context, url string, status int, reason error) error {
	return f.set(ctx, url, `status = 'skipped', http_status = ?, last_error = ?`, nullInt(status), reason.Error())
}

func (f *Frontier) set(ctx context.Context, url, assignments string, args ...any) error {
	args = append(args, controldb.Millis(time.Now()), f.crawlID, url)
	_, err := f.db.Writer().ExecContext(ctx,
		`UPDATE crawl_urls SET `+assignments+`, updated_at = ? WHERE crawl_id = ? AND url = ? AND status = 'queued'`,
		args...)
	if err != nil {
		return fmt.Errorf("frontier %s %s: %w", f.crawlID, url, err)
	}
	return nil
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
