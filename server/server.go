// Package server is ExportScope's HTTP server: health and readiness, metrics,
// and the mounts for the API and the web app, with timeouts and graceful
// shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Pinger is anything the server depends on whose reachability /readyz
// reports.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Options configure a Server.
type Options struct {
	Addr   string
	Logger *slog.Logger
	// Ready lists the dependencies /readyz checks, by name.
	Ready map[string]Pinger
	// Registry receives the server's metrics; /metrics serves it.
	Registry *prometheus.Registry
	// Mounts adds handlers by pattern (http.ServeMux syntax), e.g. the
	// GraphQL API and the web app.
	Mounts map[string]http.Handler
	// Before wraps the mounts with middleware that may answer a request
	// before the mux sees it (the association portals, chosen by Host);
	// the first runs first.
	Before []func(http.Handler) http.Handler
	// ShutdownTimeout bounds the wait for in-flight requests; 0 means 15s.
	ShutdownTimeout time.Duration
}

// Server serves ExportScope over HTTP.
type Server struct {
	opts    Options
	handler http.Handler
}

// New builds a server; it does not listen yet.
func New(opts Options) (*Server, error) {
	if opts.Addr == "" {
		return nil, errors.New("server: no address")
	}
	if opts.Logger == nil {
		return nil, errors.New("server: no logger")
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	if opts.ShutdownTimeout == 0 {
		opts.ShutdownTimeout = 15 * time.Second
	}
	opts.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newHTTPMetrics(opts.Registry)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /readyz", readyHandler(opts.Ready, opts.Logger))
	mux.Handle("GET /metrics", promhttp.HandlerFor(opts.Registry, promhttp.HandlerOpts{}))
	for pattern, h := range opts.Mounts {
		mux.Handle(pattern, h)
	}
	var h http.Handler = mux
	for i := len(opts.Before) - 1; i >= 0; i-- {
		h = opts.Before[i](h)
	}
	h = m.middleware(h)
	h = recoverer(opts.Logger)(h)
	return &Server{opts: opts, handler: h}, nil
}

// Handler is the server's root handler, for tests.
func (s *Server) Handler() http.Handler { return s.handler }

// Run listens on the configured address, calls onListen with the URL it
// serves, and serves until ctx is done; then it stops accepting requests
// and waits for in-flight ones up to the shutdown timeout.
func (s *Server) Run(ctx context.Context, onListen func(url string)) error {
	return Serve(ctx, ServeOptions{Addr: s.opts.Addr, Handler: s.handler, Logger: s.opts.Logger, ShutdownTimeout: s.opts.ShutdownTimeout}, onListen)
}

// ServeOptions configure Serve.
type ServeOptions struct {
	Addr            string
	Handler         http.Handler
	Logger          *slog.Logger
	ShutdownTimeout time.Duration // 0 means 15s
	WriteTimeout    time.Duration // 0 means 120s
}

// Serve runs any handler with the server's timeouts and graceful shutdown:
// it listens, reports the URL to onListen, and serves until ctx is done.
func Serve(ctx context.Context, o ServeOptions, onListen func(url string)) error {
	if o.ShutdownTimeout == 0 {
		o.ShutdownTimeout = 15 * time.Second
	}
	if o.WriteTimeout == 0 {
		o.WriteTimeout = 120 * time.Second
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.Addr, err)
	}
	srv := &http.Server{
		Handler:           o.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      o.WriteTimeout,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(o.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	url := "http://" + displayAddr(ln.Addr())
	o.Logger.Info("serving", "url", url)
	if onListen != nil {
		onListen(url)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	o.Logger.Info("shutting down", "timeout", o.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), o.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// displayAddr turns a wildcard listen address into one a browser can open.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, fmt.Sprint(tcp.Port))
}

func readyHandler(deps map[string]Pinger, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		status := http.StatusOK
		body := ""
		for name, dep := range deps {
			if err := dep.Ping(ctx); err != nil {
				status = http.StatusServiceUnavailable
				log.Warn("not ready", "dependency", name, "err", err)
				body += name + ": unavailable\n"
				continue
			}
			body += name + ": ok\n"
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	})
}

func recoverer(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.Error("panic in handler", "path", r.URL.Path, "panic", v)
					http.Error(w, "internal error", http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}
