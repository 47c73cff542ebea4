package jobs_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/controldb"
)

func openDB(t *testing.T) *controldb.DB {
	t.Helper()
	db, err := controldb.Open(context.Background(), controldb.Options{Path: filepath.Join(t.TempDir(), "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newRunner(t *testing.T, db *controldb.DB, concurrency int) *jobs.Runner {
	t.Helper()
	r, err := jobs.New(jobs.Options{DB: db, Concurrency: concurrency, HeartbeatEvery: 10 * time.Millisecond, StaleAfter: 200 * time.Millisecond, Host: "test-host"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func start(t *testing.T, r *jobs.Runner) {
	t.Helper()
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Error(err)
		}
	})
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func wait(t *testing.T, r *jobs.Runner, id string) jobs.Info {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	info, err := r.Wait(ctx, id)
	if err != nil {
		t.Fatalf("wait %s: %v", id, err)
	}
	return info
}

func TestProgressAndResult(t *testing.T) {
	db := openDB(t)
	r := newRunner(t, db, 1)
	half := make(chan struct{})
	release := make(chan struct{})
	r.Register("work", jobs.Kind{Run: func(ctx context.Context, task *jobs.Task) (any, error) {
		var p struct{ N int }
		if err := task.Decode(&p); err != nil {
			return nil, err
		}
		task.Progress(0.5)
		close(half)
		<-release
		return map[string]int{"double": 2 * p.N}, nil
	}})
	start(t, r)
	id, err := r.Submit(context.Background(), "t1", "work", map[string]int{"N": 21})
	if err != nil {
		t.Fatal(err)
	}
	<-half
	waitFor(t, "progress 50%", func() bool {
		info, err := r.Get(context.Background(), id)
		return err == nil && info.Status == jobs.Running && info.Progress == 50
	})
	close(release)
	info := wait(t, r, id)
	if info.Status != jobs.Done || info.Progress != 100 || string(info.Result) != `{"double":42}` || info.Tenant != "t1" {
		t.Errorf("got %+v, want done at 100%% with result {\"double\":42}", info)
	}
	list, err := r.List(context.Background(), "t1", 10)
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("List = %v, %v; want the one job", list, err)
	}
}

func TestCancel(t *testing.T) {
	db := openDB(t)
	r := newRunner(t, db, 1)
	started := make(chan struct{}, 1)
	r.Register("block", jobs.Kind{Run: func(ctx context.Context, task *jobs.Task) (any, error) {
		started <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	}})
	start(t, r)
	ctx := context.Background()
	running, _ := r.Submit(ctx, "", "block", nil)
	<-started
	queued, _ := r.Submit(ctx, "", "block", nil) // waits: concurrency 1
	if err := r.Cancel(ctx, queued); err != nil {
		t.Fatal(err)
	}
	if err := r.Cancel(ctx, running); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{running, queued} {
		info := wait(t, r, id)
		if info.Status != jobs.Cancelled || info.Error != jobs.ReasonCancelled {
			t.Errorf("job %s: %s %q, want cancelled", id, info.Status, info.Error)
		}
	}
	if err := r.Cancel(ctx, running); !errors.Is(err, jobs.ErrEnded) || !strings.Contains(err.Error(), "already ended") {
		t.Errorf("cancelling an ended job: %v, want ErrEnded saying it ended", err)
	}
	if err := r.Cancel(ctx, "nope"); !errors.Is(err, jobs.ErrNotFound) {
		t.Errorf("cancelling an unknown job: %v, want ErrNotFound", err)
	}
}

func TestConcurrencyLimit(t *testing.T) {
	db := openDB(t)
	r := newRunner(t, db, 2)
	var now, peak atomic.Int32
	release := make(chan struct{})
	r.Register("slow", jobs.Kind{Run: func(ctx context.Context, task *jobs.Task) (any, error) {
		n := now.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		<-release
		now.Add(-1)
		return nil, nil
	}})
	start(t, r)
	var ids []string
	for range 5 {
		id, err := r.Submit(context.Background(), "", "slow", nil)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	waitFor(t, "two running", func() bool { return now.Load() == 2 })
	time.Sleep(50 * time.Millisecond) // give a third one the chance to start wrongly
	counts := map[jobs.Status]int{}
	for _, id := range ids {
		info, _ := r.Get(context.Background(), id)
		counts[info.Status]++
	}
	if counts[jobs.Running] != 2 || counts[jobs.Queued] != 3 {
		t.Errorf("statuses %v, want 2 running and 3 queued", counts)
	}
	close(release)
	for _, id := range ids {
		if info := wait(t, r, id); info.Status != jobs.Done {
			t.Errorf("job %s: %s", id, info.Status)
		}
	}
	if peak.Load() != 2 {
		t.Errorf("at most %d jobs ran at once, want 2", peak.Load())
	}
}

// insertRunning writes a job row as a dead process would have left it.
func insertRunning(t *testing.T, db *controldb.DB, id, kind, owner string, heartbeat time.Time, attempts int) {
	t.Helper()
	_, err := db.Writer().Exec(`INSERT INTO jobs (id, tenant_id, kind, status, progress, params, created_at, started_at, heartbeat, owner, attempts)
		VALUES (?, '', ?, 'running', 40, '{}', ?, ?, ?, ?, ?)`, id, kind, heartbeat.UnixMilli(), heartbeat.UnixMilli(), heartbeat.UnixMilli(), owner, attempts)
	if err != nil {
		t.Fatal(err)
	}
}

func TestRestartRecovery(t *testing.T) {
	db := openDB(t)
	// A process of this host with a pid that does not exist left two jobs
	// running a moment ago (fresh heartbeat).
	dead := "test-host/2147483646/abcd"
	insertRunning(t, db, "plain", "plain", dead, time.Now(), 1)
	insertRunning(t, db, "resumable", "resumable", dead, time.Now(), 1)
	insertRunning(t, db, "worn-out", "resumable", dead, time.Now(), 3)
	// A job of another host with a fresh heartbeat is left alone.
	insertRunning(t, db, "elsewhere", "plain", "other-host/1/abcd", time.Now().Add(time.Hour), 1)

	r := newRunner(t, db, 2)
	var runs atomic.Int32
	r.Register("plain", jobs.Kind{Run: func(ctx context.Context, task *jobs.Task) (any, error) { return nil, nil }})
	r.Register("resumable", jobs.Kind{Resumable: true, Run: func(ctx context.Context, task *jobs.Task) (any, error) {
		runs.Add(1)
		return map[string]int{"attempt": task.Attempt}, nil
	}})
	start(t, r)
	info, _ := r.Get(context.Background(), "plain")
	if info.Status != jobs.Failed || info.Error != jobs.ReasonRestart {
		t.Errorf("plain job: %s %q, want failed %q", info.Status, info.Error, jobs.ReasonRestart)
	}
	info = wait(t, r, "resumable")
	if info.Status != jobs.Done || info.Attempts != 2 || string(info.Result) != `{"attempt":2}` {
		t.Errorf("resumable job: %+v, want done on attempt 2", info)
	}
	info, _ = r.Get(context.Background(), "worn-out")
	if info.Status != jobs.Failed || !strings.Contains(info.Error, jobs.ReasonRestart) || !strings.Contains(info.Error, "3 attempts") {
		t.Errorf("worn-out job: %s %q, want failed after 3 attempts", info.Status, info.Error)
	}
	info, _ = r.Get(context.Background(), "elsewhere")
	if info.Status != jobs.Running {
		t.Errorf("another host's live job: %s, want still running", info.Status)
	}
	if runs.Load() != 1 {
		t.Errorf("resumable kind ran %d times, want 1", runs.Load())
	}
}

func TestStaleHeartbeat(t *testing.T) {
	db := openDB(t)
	insertRunning(t, db, "lost", "plain", "other-host/1/abcd", time.Now().Add(-time.Minute), 1)
	r := newRunner(t, db, 1)
	r.Register("plain", jobs.Kind{Run: func(ctx context.Context, task *jobs.Task) (any, error) { return nil, nil }})
	start(t, r)
	waitFor(t, "the lost job to fail", func() bool {
		info, _ := r.Get(context.Background(), "lost")
		return info.Status == jobs.Failed
	})
	info, _ := r.Get(context.Background(), "lost")
	if !strings.HasPrefix(info.Error, jobs.ReasonHeartbeat) {
		t.Errorf("error %q, want it to start with %q", info.Error, jobs.ReasonHeartbeat)
	}
}

func TestTimeoutAndPanic(t *testing.T) {
	db := openDB(t)
	r := newRunner(t, db, 2)
	r.Register("forever", jobs.Kind{Timeout: 50 * time.Millisecond, Run: func(ctx context.Context, task *jobs.Task) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}})
	r.Register("panics", jobs.Kind{Run: func(ctx context.Context, task *jobs.Task) (any, error) { panic("boom") }})
	start(t, r)
	a, _ := r.Submit(context.Background(), "", "forever", nil)
	b, _ := r.Submit(context.Background(), "", "panics", nil)
	if info := wait(t, r, a); info.Status != jobs.Failed || !strings.Contains(info.Error, "timed out after 50ms") {
		t.Errorf("forever: %s %q, want failed with a timeout", info.Status, info.Error)
	}
	if info := wait(t, r, b); info.Status != jobs.Failed || !strings.Contains(info.Error, "panicked: boom") {
		t.Errorf("panics: %s %q, want failed with the panic", info.Status, info.Error)
	}
}

func TestStopRequeuesResumable(t *testing.T) {
	db := openDB(t)
	r := newRunner(t, db, 2)
	started := make(chan struct{}, 2)
	block := func(ctx context.Context, task *jobs.Task) (any, error) {
		started <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	r.Register("resumable", jobs.Kind{Resumable: true, Run: block})
	r.Register("plain", jobs.Kind{Run: block})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	a, _ := r.Submit(context.Background(), "", "resumable", nil)
	b, _ := r.Submit(context.Background(), "", "plain", nil)
	<-started
	<-started
	if err := r.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if info, _ := r.Get(context.Background(), a); info.Status != jobs.Queued {
		t.Errorf("resumable job after stop: %s %q, want queued", info.Status, info.Error)
	}
	if info, _ := r.Get(context.Background(), b); info.Status != jobs.Failed || info.Error != jobs.ReasonShutdown {
		t.Errorf("plain job after stop: %s %q, want failed %q", info.Status, info.Error, jobs.ReasonShutdown)
	}
}

func TestRunInline(t *testing.T) {
	db := openDB(t)
	r := newRunner(t, db, 1)
	r.Register("inline", jobs.Kind{Run: func(ctx context.Context, task *jobs.Task) (any, error) {
		task.Progress(0.3)
		return "ok", nil
	}})
	info, err := r.Run(context.Background(), "t", "inline", nil)
	if err != nil || info.Status != jobs.Done || string(info.Result) != `"ok"` || info.Owner != r.Owner() {
		t.Errorf("Run = %+v, %v", info, err)
	}
	if _, err := r.Run(context.Background(), "t", "nope", nil); err == nil {
		t.Error("running an unknown kind succeeded")
	}
}

func TestSchedule(t *testing.T) {
	db := openDB(t)
	r := newRunner(t, db, 1)
	var mu sync.Mutex
	var tenants []string
	r.Register("tick", jobs.Kind{Run: func(ctx context.Context, task *jobs.Task) (any, error) {
		mu.Lock()
		tenants = append(tenants, task.Tenant)
		mu.Unlock()
		return nil, nil
	}})
	if _, err := r.AddSchedule(context.Background(), "t9", "tick", "not a spec", nil); err == nil {
		t.Error("a bad cron spec was accepted")
	}
	if _, err := r.AddSchedule(context.Background(), "t9", "tick", "@every 1s", map[string]string{"a": "b"}); err != nil {
		t.Fatal(err)
	}
	start(t, r)
	if err := r.StartSchedules(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a scheduled run", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(tenants) > 0
	})
	mu.Lock()
	defer mu.Unlock()
	if tenants[0] != "t9" {
		t.Errorf("scheduled job ran for tenant %q, want t9", tenants[0])
	}
}

// A cancellation requested by another process (only the row changes) is
// seen at the next heartbeat.
func TestCancelFromAnotherProcess(t *testing.T) {
	db := openDB(t)
	r := newRunner(t, db, 1)
	started := make(chan struct{})
	r.Register("block", jobs.Kind{Run: func(ctx context.Context, task *jobs.Task) (any, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	}})
	start(t, r)
	id, _ := r.Submit(context.Background(), "", "block", nil)
	<-started
	if _, err := db.Writer().Exec(`UPDATE jobs SET cancel_requested = 1 WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	if info := wait(t, r, id); info.Status != jobs.Cancelled {
		t.Errorf("status %s %q, want cancelled", info.Status, info.Error)
	}
}
