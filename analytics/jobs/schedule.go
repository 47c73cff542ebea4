package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule is a job submitted on a cron specification.
type Schedule struct {
	ID     string          `json:"id"`
	Tenant string          `json:"tenant"`
	Kind   string          `json:"kind"`
	Spec   string          `json:"spec"` // "0 6 * * 1", "@daily", "@every 1h"
	Params json.RawMessage `json:"params"`
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// AddSchedule stores a schedule; a started scheduler picks it up at once.
func (r *Runner) AddSchedule(ctx context.Context, tenant, kind, spec string, params any) (string, error) {
	if _, err := cronParser.Parse(spec); err != nil {
		return "", fmt.Errorf("jobs: schedule %q: %w", spec, err)
	}
	r.mu.Lock()
	_, ok := r.kinds[kind]
	r.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("jobs: unknown kind %q", kind)
	}
	p, err := json.Marshal(params)
	if err != nil {
		return "", err
	}
	id := randomID()
	if _, err := r.db.Writer().ExecContext(ctx, `INSERT INTO job_schedules (id, tenant_id, kind, spec, params, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, tenant, kind, spec, string(p), ms(r.now())); err != nil {
		return "", fmt.Errorf("jobs: add schedule: %w", err)
	}
	r.mu.Lock()
	c := r.cron
	r.mu.Unlock()
	if c != nil {
		if err := r.addCron(c, Schedule{ID: id, Tenant: tenant, Kind: kind, Spec: spec, Params: p}); err != nil {
			return "", err
		}
	}
	return id, nil
}

// RemoveSchedule disables a schedule (it takes effect at the next start of
// the scheduler for entries already loaded).
func (r *Runner) RemoveSchedule(ctx context.Context, id string) error {
	res, err := r.db.Writer().ExecContext(ctx, `UPDATE job_schedules SET enabled = 0 WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("jobs: remove schedule: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: schedule %s", ErrNotFound, id)
	}
	return nil
}

// StartSchedules loads the enabled schedules and submits their jobs when
// due, until Stop. Two processes sharing the database submit each slot
// once: a slot is claimed by moving last_fired_at forward.
func (r *Runner) StartSchedules(ctx context.Context) error {
	c := cron.New(cron.WithParser(cronParser), cron.WithLocation(time.UTC))
	rows, err := r.db.Reader().QueryContext(ctx, `SELECT id, tenant_id, kind, spec, params FROM job_schedules WHERE enabled = 1`)
	if err != nil {
		return fmt.Errorf("jobs: load schedules: %w", err)
	}
	var list []Schedule
	for rows.Next() {
		var s Schedule
		var p string
		if err := rows.Scan(&s.ID, &s.Tenant, &s.Kind, &s.Spec, &p); err != nil {
			rows.Close()
			return err
		}
		s.Params = json.RawMessage(p)
		list = append(list, s)
	}
	rows.Close()
	for _, s := range list {
		if err := r.addCron(c, s); err != nil {
			r.log.Error("schedule not loaded", "schedule", s.ID, "err", err)
		}
	}
	r.mu.Lock()
	r.cron = c
	r.mu.Unlock()
	c.Start()
	return nil
}

func (r *Runner) addCron(c *cron.Cron, s Schedule) error {
	sched, err := cronParser.Parse(s.Spec)
	if err != nil {
		return fmt.Errorf("jobs: schedule %s: %w", s.ID, err)
	}
	c.Schedule(sched, cron.FuncJob(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		slot := ms(r.now())
		// Claim the slot: the previous firing must be older than half the
		// gap to the next one.
		next := sched.Next(r.now())
		guard := slot - max(1, next.Sub(r.now()).Milliseconds()/2)
		res, err := r.db.Writer().ExecContext(ctx, `UPDATE job_schedules SET last_fired_at = ? WHERE id = ? AND enabled = 1 AND (last_fired_at IS NULL OR last_fired_at < ?)`,
			slot, s.ID, guard)
		if err != nil {
			r.log.Error("fire schedule", "schedule", s.ID, "err", err)
			return
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return
		}
		var params any = s.Params
		if len(s.Params) == 0 {
			params = map[string]any{}
		}
		if _, err := r.Submit(ctx, s.Tenant, s.Kind, params); err != nil {
			r.log.Error("submit scheduled job", "schedule", s.ID, "err", err)
		}
	}))
	return nil
}
