package site

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
)

// Registry holds the adapters of all known marketplaces and picks the one
// for a URL.
type Registry struct {
	adapters []*Adapter
}

// NewRegistry checks that names and market hosts are unique.
func NewRegistry(adapters ...*Adapter) (*Registry, error) {
	names := map[string]string{}
	hosts := map[string]string{}
	var errs []error
	for _, a := range adapters {
		if prev, ok := names[a.Name]; ok {
			errs = append(errs, fmt.Errorf("%s: adapter name %q already used by %s", a.File, a.Name, prev))
		}
		names[a.Name] = a.File
		for _, m := range a.Markets {
			if prev, ok := hosts[m.Host]; ok {
				errs = append(errs, fmt.Errorf("%s: host %q already served by %s", a.File, m.Host, prev))
			}
			hosts[m.Host] = a.File
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sorted := append([]*Adapter(nil), adapters...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	return &Registry{adapters: sorted}, nil
}

// LoadDir loads every *.yaml file in dir.
func LoadDir(dir string) (*Registry, error) {
	return loadFS(os.DirFS(dir), dir)
}

// LoadFS loads every *.yaml file at the root of fsys (such as the adapters
// embedded by package sites).
func LoadFS(fsys fs.FS) (*Registry, error) {
	return loadFS(fsys, "")
}

func loadFS(fsys fs.FS, prefix string) (*Registry, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list adapters: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("list adapters in %q: no *.yaml files", prefix)
	}
	var adapters []*Adapter
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("load adapter: %w", err))
			continue
		}
		file := name
		if prefix != "" {
			file = path.Join(prefix, name)
		}
		a, err := Parse(file, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		adapters = append(adapters, a)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return NewRegistry(adapters...)
}

// Adapters returns the adapters sorted by name.
func (r *Registry) Adapters() []*Adapter { return r.adapters }

// Get returns the adapter called name.
func (r *Registry) Get(name string) (*Adapter, bool) {
	for _, a := range r.adapters {
		if a.Name == name {
			return a, true
		}
	}
	return nil, false
}

// Match picks the adapter and market for a URL: the market whose host is
// the URL's host or its longest matching parent domain.
func (r *Registry) Match(rawURL string) (*Adapter, Market, bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return nil, Market{}, false
	}
	host := strings.ToLower(u.Hostname())
	var best *Adapter
	var bestM Market
	for _, a := range r.adapters {
		if m, ok := a.Market(host); ok && len(m.Host) > len(bestM.Host) {
			best, bestM = a, m
		}
	}
	return best, bestM, best != nil
}
