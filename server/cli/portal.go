package cli

import (
	"net/http"

	"github.com/exportscope/exportscope/server/portal"
)

// portalService builds the association portals' service on the control
// database and the market store.
func (a *app) portalService(s *services) (*portal.Service, error) {
	return portal.New(portal.Options{DB: s.control, Docs: s.store, Jobs: s.jobs, Sectors: s.catalogue, Logger: a.log})
}

// portalPages is the middleware that serves the public portal pages by
// Host header or /p/<slug>/ path before the app's routes.
func (a *app) portalPages(ps *portal.Service) (func(http.Handler) http.Handler, error) {
	h, err := portal.NewHandler(portal.HandlerOptions{Service: ps, Logger: a.log})
	if err != nil {
		return nil, err
	}
	return h.Middleware, nil
}
