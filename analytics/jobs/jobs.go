// Package jobs runs ExportScope's background work (report builds,
// re-classification, alert runs) as jobs persisted in the control
// database's jobs table.
//
// A job is queued by Submit (or by a cron schedule), claimed by a runner
// when one of its Concurrency slots is free, and run with a context that
// is cancelled by Cancel, by the kind's Timeout, or by Stop. While it runs,
// the runner writes its progress and a heartbeat every HeartbeatEvery.
//
// Nothing is left "running" forever: when a process starts it finds the
// jobs that a dead process on the same host left running, and a watchdog
// finds any job whose heartbeat is older than StaleAfter; such a job is
// queued again if its kind is Resumable and it has attempts left, and is
// otherwise marked failed with the reason ("interrupted by restart",
// "heartbeat lost").
package jobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Status is a job's state, as in the jobs table.
type Status string

// The job states.
const (
	Queued    Status = "queued"
	Running   Status = "running"
	Done      Status = "done"
	Failed    Status = "failed"
	Cancelled Status = "cancelled"
)

// Reasons written to a job's error column.
const (
	ReasonRestart   = "interrupted by restart"
	ReasonHeartbeat = "heartbeat lost"
	ReasonShutdown  = "interrupted by shutdown"
	ReasonCancelled = "cancelled"
)

// Func does a job's work. It reports progress through t and returns a
// result that is stored as JSON.
type Func func(ctx context.Context, t *Task) (any, error)

// Kind is a registered kind of job.
type Kind struct {
	Run Func
	// Timeout bounds one run; 0 means one hour.
	Timeout time.Duration
	// Resumable kinds are queued again after an interruption (they must be
	// safe to run again from the start); others are marked failed.
	Resumable bool
}

// Info is a job as stored.
type Info struct {
	ID         string          `json:"id"`
	Tenant     string          `json:"tenant"`
	Kind       string          `json:"kind"`
	Status     Status          `json:"status"`
	Progress   float64         `json:"progress"` // 0..100
	Params     json.RawMessage `json:"params"`
	Result     json.RawMessage `json:"result,omitempty"`
	Error      string          `json:"error,omitempty"`
	Attempts   int             `json:"attempts"`
	Owner      string          `json:"owner,omitempty"`
	CreatedAt  time.Time       `json:"createdAt"`
	StartedAt  *time.Time      `json:"startedAt,omitempty"`
	FinishedAt *time.Time      `json:"finishedAt,omitempty"`
	Heartbeat  *time.Time      `json:"heartbeat,omitempty"`
}

// Finished reports whether the job has ended.
func (i Info) Finished() bool {
	return i.Status == Done || i.Status == Failed || i.Status == Cancelled
}

// DB is the control database's connections (server/controldb.DB).
type DB interface {
	Writer() *sql.DB
	Reader() *sql.DB
}

// Options configure a Runner.
type Options struct {
	DB     DB
	Logger *slog.Logger
	// Concurrency is how many jobs run at once in this runner; 0 means 2.
	Concurrency int
	// HeartbeatEvery is how often a running job's heartbeat and progress
	// are written; 0 means 5 s.
	HeartbeatEvery time.Duration
	// StaleAfter is how old a heartbeat may get before the job counts as
	// dead; 0 means 6 heartbeats.
	StaleAfter time.Duration
	// MaxAttempts bounds how often a resumable job is started; 0 means 3.
	MaxAttempts int
	// Host names this machine; "" means os.Hostname. Jobs left running by
	// a process of this host that no longer exists are recovered at Start.
	Host string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Runner runs jobs.
type Runner struct {
	opts  Options
	db    DB
	log   *slog.Logger
	owner string
	kinds map[string]Kind

	mu      sync.Mutex
	running map[string]context.CancelCauseFunc
	slots   chan struct{} // one token per running job of this runner
	wake    chan struct{}
	stop    context.CancelFunc
	wg      sync.WaitGroup
	cron    *cron.Cron
	started bool
}

// ErrNotFound: no job or schedule with that ID.
var ErrNotFound = errors.New("job not found")

// ErrEnded is returned by Cancel for a job that has already ended
// (possibly between the caller's last look and the cancel).
var ErrEnded = errors.New("the job has already ended")

// New checks its options and returns a runner; Register kinds, then Start.
func New(opts Options) (*Runner, error) {
	if opts.DB == nil {
		return nil, errors.New("jobs: a control database is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 2
	}
	if opts.HeartbeatEvery <= 0 {
		opts.HeartbeatEvery = 5 * time.Second
	}
	if opts.StaleAfter <= 0 {
		opts.StaleAfter = 6 * opts.HeartbeatEvery
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 3
	}
	if opts.Host == "" {
		h, err := os.Hostname()
		if err != nil {
			h = "localhost"
		}
		opts.Host = h
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	owner := fmt.Sprintf("%s/%d/%s", opts.Host, os.Getpid(), randomID()[:8])
	return &Runner{opts: opts, db: opts.DB, log: opts.Logger, owner: owner, kinds: map[string]Kind{},
		running: map[string]context.CancelCauseFunc{}, slots: make(chan struct{}, opts.Concurrency), wake: make(chan struct{}, 1)}, nil
}

// Owner is the name this runner writes into the jobs it runs.
func (r *Runner) Owner() string { return r.owner }

// Register adds a kind of job. Register before Start.
func (r *Runner) Register(name string, k Kind) {
	if k.Timeout <= 0 {
		k.Timeout = time.Hour
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.kinds[name] = k
}

func randomID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (r *Runner) now() time.Time { return r.opts.Now() }

func ms(t time.Time) int64 { return t.UnixMilli() }

// Start recovers the jobs a dead process left running, then runs queued
// jobs until Stop or ctx ends, and watches heartbeats.
func (r *Runner) Start(ctx context.Context) error {
	r.mu.Lock()
	if r.started {
		r.mu.Unlock()
		return errors.New("jobs: runner already started")
	}
	r.started = true
	r.mu.Unlock()
	if err := r.recoverRestart(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	r.stop = cancel
	r.wg.Add(2)
	go r.dispatch(ctx)
	go r.watchdog(ctx)
	return nil
}

// Stop stops scheduling and dispatching, cancels the running jobs (a
// resumable one is queued again, others fail with "interrupted by
// shutdown"), and waits for them until ctx ends.
func (r *Runner) Stop(ctx context.Context) error {
	if r.cron != nil {
		<-r.cron.Stop().Done()
	}
	if r.stop != nil {
		r.stop()
	}
	r.mu.Lock()
	for _, c := range r.running {
		c(errShutdown)
	}
	r.mu.Unlock()
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: stop: %w", ctx.Err())
	}
}

var (
	errShutdown  = errors.New(ReasonShutdown)
	errCancelled = errors.New(ReasonCancelled)
)

// Submit queues a job and returns its ID.
func (r *Runner) Submit(ctx context.Context, tenant, kind string, params any) (string, error) {
	r.mu.Lock()
	_, ok := r.kinds[kind]
	r.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("jobs: unknown kind %q (known: %s)", kind, strings.Join(r.kindNames(), ", "))
	}
	p, err := json.Marshal(params)
	if err != nil {
		return "", fmt.Errorf("jobs: params of %s: %w", kind, err)
	}
	id := randomID()
	_, err = r.db.Writer().ExecContext(ctx, `INSERT INTO jobs (id, tenant_id, kind, status, progress, params, created_at) VALUES (?, ?, ?, 'queued', 0, ?, ?)`,
		id, tenant, kind, string(p), ms(r.now()))
	if err != nil {
		return "", fmt.Errorf("jobs: queue %s: %w", kind, err)
	}
	r.poke()
	return id, nil
}

func (r *Runner) kindNames() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for k := range r.kinds {
		out = append(out, k)
	}
	return out
}

func (r *Runner) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run records a job and runs it in the calling goroutine, for a command
// that wants the result now; it still takes one of the Concurrency slots
// of this runner, is visible in the jobs table, and heartbeats. It does
// not need Start. A job that did not end "done" returns its info and an
// error wrapping the job's own error.
func (r *Runner) Run(ctx context.Context, tenant, kind string, params any) (Info, error) {
	r.mu.Lock()
	k, ok := r.kinds[kind]
	r.mu.Unlock()
	if !ok {
		return Info{}, fmt.Errorf("jobs: unknown kind %q (known: %s)", kind, strings.Join(r.kindNames(), ", "))
	}
	p, err := json.Marshal(params)
	if err != nil {
		return Info{}, fmt.Errorf("jobs: params of %s: %w", kind, err)
	}
	select {
	case r.slots <- struct{}{}:
	case <-ctx.Done():
		return Info{}, ctx.Err()
	}
	defer func() { <-r.slots }()
	id := randomID()
	now := ms(r.now())
	_, err = r.db.Writer().ExecContext(ctx, `INSERT INTO jobs (id, tenant_id, kind, status, progress, params, created_at, started_at, heartbeat, owner, attempts)
		VALUES (?, ?, ?, 'running', 0, ?, ?, ?, ?, ?, 1)`, id, tenant, kind, string(p), now, now, now, r.owner)
	if err != nil {
		return Info{}, fmt.Errorf("jobs: record %s: %w", kind, err)
	}
	runErr := r.execute(ctx, Info{ID: id, Tenant: tenant, Kind: kind, Params: p, Attempts: 1}, k)
	info, err := r.Get(context.WithoutCancel(ctx), id)
	if err != nil {
		return info, err
	}
	if info.Status != Done {
		if runErr == nil {
			runErr = errors.New(info.Error)
		}
		return info, fmt.Errorf("job %s %s: %w", kind, info.Status, runErr)
	}
	return info, nil
}

// Cancel cancels a queued or running job. A job running in another
// process sees the request at its next heartbeat.
func (r *Runner) Cancel(ctx context.Context, id string) error {
	res, err := r.db.Writer().ExecContext(ctx, `UPDATE jobs SET status = 'cancelled', error = ?, finished_at = ?, cancel_requested = 1
		WHERE id = ? AND status = 'queued'`, ReasonCancelled, ms(r.now()), id)
	if err != nil {
		return fmt.Errorf("jobs: cancel %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	res, err = r.db.Writer().ExecContext(ctx, `UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status = 'running'`, id)
	if err != nil {
		return fmt.Errorf("jobs: cancel %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		info, err := r.Get(ctx, id)
		if err != nil {
			return err
		}
		return fmt.Errorf("jobs: cancel %s: %w (%s)", id, ErrEnded, info.Status)
	}
	r.mu.Lock()
	c := r.running[id]
	r.mu.Unlock()
	if c != nil {
		c(errCancelled)
	}
	return nil
}

const selectInfo = `SELECT id, tenant_id, kind, status, progress, params, result, error, attempts, owner, created_at, started_at, finished_at, heartbeat FROM jobs`

func scanInfo(sc interface{ Scan(...any) error }) (Info, error) {
	var i Info
	var params string
	var result, errStr sql.NullString
	var created int64
	var started, finished, hb sql.NullInt64
	if err := sc.Scan(&i.ID, &i.Tenant, &i.Kind, &i.Status, &i.Progress, &params, &result, &errStr, &i.Attempts, &i.Owner, &created, &started, &finished, &hb); err != nil {
		return i, err
	}
	i.Params = json.RawMessage(params)
	if result.Valid {
		i.Result = json.RawMessage(result.String)
	}
	i.Error = errStr.String
	i.CreatedAt = time.UnixMilli(created).UTC()
	t := func(n sql.NullInt64) *time.Time {
		if !n.Valid {
			return nil
		}
		v := time.UnixMilli(n.Int64).UTC()
		return &v
	}
	i.StartedAt, i.FinishedAt, i.Heartbeat = t(started), t(finished), t(hb)
	return i, nil
}

// Get returns a job.
func (r *Runner) Get(ctx context.Context, id string) (Info, error) {
	i, err := scanInfo(r.db.Reader().QueryRowContext(ctx, selectInfo+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return i, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return i, fmt.Errorf("jobs: get %s: %w", id, err)
	}
	return i, nil
}

// List returns a tenant's most recent jobs, newest first.
func (r *Runner) List(ctx context.Context, tenant string, limit int) ([]Info, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := r.db.Reader().QueryContext(ctx, selectInfo+` WHERE tenant_id = ? ORDER BY created_at DESC, id LIMIT ?`, tenant, limit)
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	defer rows.Close()
	var out []Info
	for rows.Next() {
		i, err := scanInfo(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// Wait polls a job until it has ended or ctx is done.
func (r *Runner) Wait(ctx context.Context, id string) (Info, error) {
	tick := time.NewTicker(min(r.opts.HeartbeatEvery, 50*time.Millisecond))
	defer tick.Stop()
	for {
		i, err := r.Get(ctx, id)
		if err != nil || i.Finished() {
			return i, err
		}
		select {
		case <-ctx.Done():
			return i, ctx.Err()
		case <-tick.C:
		}
	}
}

func (r *Runner) dispatch(ctx context.Context) {
	defer r.wg.Done()
	tick := time.NewTicker(r.opts.HeartbeatEvery)
	defer tick.Stop()
	for {
		for r.acquire() {
			info, k, ok, err := r.claim(ctx)
			if err != nil || !ok {
				<-r.slots
				if err != nil && ctx.Err() == nil {
					r.log.Error("claim job", "err", err)
				}
				break
			}
			r.wg.Add(1)
			go func() {
				defer r.wg.Done()
				r.execute(ctx, info, k)
				<-r.slots
				r.poke()
			}()
		}
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-tick.C:
		}
	}
}

// acquire takes a slot if one is free.
func (r *Runner) acquire() bool {
	select {
	case r.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

// claim takes the oldest queued job of a registered kind.
func (r *Runner) claim(ctx context.Context) (Info, Kind, bool, error) {
	names := r.kindNames()
	if len(names) == 0 {
		return Info{}, Kind{}, false, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(names)), ",")
	args := []any{ms(r.now()), ms(r.now()), r.owner}
	for _, n := range names {
		args = append(args, n)
	}
	row := r.db.Writer().QueryRowContext(ctx, `UPDATE jobs SET status = 'running', started_at = ?, heartbeat = ?, owner = ?, attempts = attempts + 1, progress = 0
		WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND cancel_requested = 0 AND kind IN (`+ph+`) ORDER BY created_at, id LIMIT 1)
		RETURNING id, tenant_id, kind, status, progress, params, result, error, attempts, owner, created_at, started_at, finished_at, heartbeat`, args...)
	info, err := scanInfo(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Info{}, Kind{}, false, nil
	}
	if err != nil {
		return Info{}, Kind{}, false, err
	}
	r.mu.Lock()
	k := r.kinds[info.Kind]
	r.mu.Unlock()
	return info, k, true, nil
}

// Task is a running job as its Func sees it.
type Task struct {
	ID     string
	Tenant string
	Kind   string
	Params json.RawMessage
	// Attempt is 1 for the first run, more after a resumption.
	Attempt int

	mu       sync.Mutex
	progress float64
}

// Progress records how far the job is, in [0, 1]; it is written at the
// next heartbeat (as 0-100 %).
func (t *Task) Progress(frac float64) {
	if frac != frac {
		return
	}
	frac = min(max(frac, 0), 1)
	t.mu.Lock()
	if frac > t.progress {
		t.progress = frac
	}
	t.mu.Unlock()
}

func (t *Task) pct() float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.progress * 100
}

// Decode unmarshals the job's params.
func (t *Task) Decode(v any) error {
	if err := json.Unmarshal(t.Params, v); err != nil {
		return fmt.Errorf("job %s params: %w", t.Kind, err)
	}
	return nil
}

// Logger is a logger with the job's attributes.
func (r *Runner) taskLogger(t *Task) *slog.Logger {
	return r.log.With("job", t.ID, "kind", t.Kind, "tenant", t.Tenant)
}

// execute runs a claimed job and records its outcome; it returns the
// job's own error.
func (r *Runner) execute(parent context.Context, info Info, k Kind) error {
	t := &Task{ID: info.ID, Tenant: info.Tenant, Kind: info.Kind, Params: info.Params, Attempt: info.Attempts}
	ctx, cancel := context.WithCancelCause(context.WithoutCancel(parent))
	defer cancel(nil)
	stopParent := context.AfterFunc(parent, func() { cancel(errShutdown) })
	defer stopParent()
	ctx, cancelTimeout := context.WithTimeoutCause(ctx, k.Timeout, fmt.Errorf("timed out after %s", k.Timeout))
	defer cancelTimeout()
	r.mu.Lock()
	r.running[t.ID] = cancel
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.running, t.ID)
		r.mu.Unlock()
	}()
	log := r.taskLogger(t)
	log.Info("job started", "attempt", t.Attempt)

	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		tick := time.NewTicker(r.opts.HeartbeatEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				var cancelReq int
				err := r.db.Writer().QueryRowContext(ctx, `UPDATE jobs SET heartbeat = ?, progress = ? WHERE id = ? AND status = 'running' RETURNING cancel_requested`,
					ms(r.now()), t.pct(), t.ID).Scan(&cancelReq)
				if err == nil && cancelReq == 1 {
					cancel(errCancelled)
				}
				if errors.Is(err, sql.ErrNoRows) {
					// Someone else finished or recovered the job.
					cancel(errors.New("the job is no longer marked running"))
				}
			}
		}
	}()

	result, runErr := safeRun(ctx, k.Run, t)
	cause := context.Cause(ctx)
	cancel(nil)
	<-hbDone

	status, errText := Done, ""
	var resJSON []byte
	switch {
	case runErr == nil:
		var err error
		if resJSON, err = json.Marshal(result); err != nil {
			status, errText = Failed, "encode result: "+err.Error()
		}
	case errors.Is(cause, errCancelled):
		status, errText = Cancelled, ReasonCancelled
	case errors.Is(cause, errShutdown):
		if k.Resumable && t.Attempt < r.opts.MaxAttempts {
			status, errText = Queued, ReasonShutdown+"; queued to resume"
		} else {
			status, errText = Failed, ReasonShutdown
		}
	case cause != nil && ctx.Err() != nil && !errors.Is(cause, context.Canceled):
		status, errText = Failed, cause.Error()
	default:
		status, errText = Failed, runErr.Error()
	}
	progress := t.pct()
	if status == Done {
		progress = 100
	}
	fin := sql.NullInt64{Int64: ms(r.now()), Valid: status != Queued}
	var resVal any
	if resJSON != nil {
		resVal = string(resJSON)
	}
	var errVal any
	if errText != "" {
		errVal = errText
	}
	// Write the outcome even when the parent is gone.
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	_, err := r.db.Writer().ExecContext(wctx, `UPDATE jobs SET status = ?, progress = ?, result = ?, error = ?, finished_at = ?, heartbeat = ? WHERE id = ? AND owner = ?`,
		string(status), progress, resVal, errVal, fin, ms(r.now()), t.ID, r.owner)
	if err != nil {
		log.Error("record job outcome", "err", err)
	}
	log.Info("job ended", "status", status, "error", errText)
	return runErr
}

func safeRun(ctx context.Context, f Func, t *Task) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job panicked: %v", p)
		}
	}()
	return f(ctx, t)
}

// recoverRestart handles the jobs that processes of this host left
// running and that no longer exist.
func (r *Runner) recoverRestart(ctx context.Context) error {
	rows, err := r.db.Reader().QueryContext(ctx, `SELECT id, kind, owner, attempts FROM jobs WHERE status = 'running'`)
	if err != nil {
		return fmt.Errorf("jobs: recover: %w", err)
	}
	type job struct {
		id, kind, owner string
		attempts        int
	}
	var dead []job
	for rows.Next() {
		var j job
		if err := rows.Scan(&j.id, &j.kind, &j.owner, &j.attempts); err != nil {
			rows.Close()
			return err
		}
		host, pid, ok := parseOwner(j.owner)
		if ok && host == r.opts.Host && pid != os.Getpid() && !processAlive(pid) {
			dead = append(dead, j)
		}
	}
	rows.Close()
	for _, j := range dead {
		if err := r.requeueOrFail(ctx, j.id, j.kind, j.owner, j.attempts, ReasonRestart); err != nil {
			return err
		}
	}
	return nil
}

func parseOwner(o string) (string, int, bool) {
	parts := strings.Split(o, "/")
	if len(parts) != 3 {
		return "", 0, false
	}
	pid, err := strconv.Atoi(parts[1])
	return parts[0], pid, err == nil
}

// requeueOrFail ends an interrupted job: queued again when its kind is
// resumable and has attempts left, else failed with reason.
func (r *Runner) requeueOrFail(ctx context.Context, id, kind, owner string, attempts int, reason string) error {
	r.mu.Lock()
	k, known := r.kinds[kind]
	r.mu.Unlock()
	var err error
	if known && k.Resumable && attempts < r.opts.MaxAttempts {
		_, err = r.db.Writer().ExecContext(ctx, `UPDATE jobs SET status = 'queued', owner = '', error = ?, heartbeat = NULL WHERE id = ? AND status = 'running' AND owner = ?`,
			reason+"; queued to resume", id, owner)
		r.log.Warn("job interrupted, resuming", "job", id, "kind", kind, "reason", reason)
		r.poke()
	} else {
		why := reason
		if known && k.Resumable {
			why = fmt.Sprintf("%s (after %d attempts)", reason, attempts)
		}
		_, err = r.db.Writer().ExecContext(ctx, `UPDATE jobs SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status = 'running' AND owner = ?`,
			why, ms(r.now()), id, owner)
		r.log.Warn("job interrupted, failed", "job", id, "kind", kind, "reason", why)
	}
	if err != nil {
		return fmt.Errorf("jobs: recover %s: %w", id, err)
	}
	return nil
}

// watchdog recovers jobs whose heartbeat is stale, whoever ran them.
func (r *Runner) watchdog(ctx context.Context) {
	defer r.wg.Done()
	tick := time.NewTicker(r.opts.HeartbeatEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := r.recoverStale(ctx); err != nil && ctx.Err() == nil {
				r.log.Error("recover stale jobs", "err", err)
			}
		}
	}
}

func (r *Runner) recoverStale(ctx context.Context) error {
	cutoff := ms(r.now().Add(-r.opts.StaleAfter))
	rows, err := r.db.Reader().QueryContext(ctx, `SELECT id, kind, owner, attempts, heartbeat FROM jobs WHERE status = 'running' AND (heartbeat IS NULL OR heartbeat < ?)`, cutoff)
	if err != nil {
		return err
	}
	type job struct {
		id, kind, owner string
		attempts        int
		hb              sql.NullInt64
	}
	var stale []job
	for rows.Next() {
		var j job
		if err := rows.Scan(&j.id, &j.kind, &j.owner, &j.attempts, &j.hb); err != nil {
			rows.Close()
			return err
		}
		stale = append(stale, j)
	}
	rows.Close()
	for _, j := range stale {
		r.mu.Lock()
		_, mine := r.running[j.id]
		r.mu.Unlock()
		if mine && j.owner == r.owner {
			continue // our own job between heartbeats (a paused clock in tests)
		}
		since := "never"
		if j.hb.Valid {
			since = time.UnixMilli(j.hb.Int64).UTC().Format(time.RFC3339)
		}
		if err := r.requeueOrFail(ctx, j.id, j.kind, j.owner, j.attempts, fmt.Sprintf("%s: no heartbeat since %s", ReasonHeartbeat, since)); err != nil {
			return err
		}
	}
	return nil
}
