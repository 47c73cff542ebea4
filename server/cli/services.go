package cli

import (
	"context"
	"errors"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/alerts"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/server/tenancy"
	"github.com/exportscope/exportscope/store"
)

// services are what the long-running commands share: the two databases,
// the report service and the job runner with every job kind registered.
type services struct {
	store     store.Store
	control   *controldb.DB
	catalogue *analytics.Catalogue
	reports   *analytics.Service
	alerts    *alerts.Service
	uploads   *analytics.TenantData
	jobs      *jobs.Runner
}

// openServices opens the stores and wires analytics on them; close closes
// what was opened. The job runner is not started.
func (a *app) openServices(ctx context.Context, concurrency int) (s *services, closeAll func() error, err error) {
	s = &services{}
	var closers []func() error
	closeAll = func() error {
		var errs []error
		for i := len(closers) - 1; i >= 0; i-- {
			errs = append(errs, closers[i]())
		}
		return errors.Join(errs...)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, closeAll())
		}
	}()
	if s.store, err = a.openStore(ctx); err != nil {
		return nil, nil, err
	}
	closers = append(closers, s.store.Close)
	if s.control, err = a.openControl(ctx); err != nil {
		return nil, nil, err
	}
	closers = append(closers, s.control.Close)
	if s.catalogue, err = analytics.NewCatalogue(s.control); err != nil {
		return nil, nil, err
	}
	if s.uploads, err = analytics.NewTenantData(s.control); err != nil {
		return nil, nil, err
	}
	if s.reports, err = analytics.NewService(analytics.ServiceOptions{Store: s.store, Catalogue: s.catalogue, TenantData: s.uploads, Logger: a.log}); err != nil {
		return nil, nil, err
	}
	if s.alerts, err = alerts.New(alerts.Options{DB: s.control, Store: s.store, Reports: s.reports}); err != nil {
		return nil, nil, err
	}
	if s.jobs, err = jobs.New(jobs.Options{DB: s.control, Logger: a.log, Concurrency: concurrency}); err != nil {
		return nil, nil, err
	}
	s.reports.RegisterJobs(s.jobs)
	s.alerts.RegisterJobs(s.jobs)
	// Tenant crawls run with the SSRF guard and no allowlist.
	crawls, err := tenancy.NewCrawlWorker(tenancy.CrawlWorkerOptions{Store: s.store, Control: s.control, Logger: a.log})
	if err != nil {
		return nil, nil, err
	}
	crawls.Register(s.jobs)
	return s, closeAll, nil
}
