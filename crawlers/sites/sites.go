// Package sites ships the marketplace adapters (one YAML file per
// marketplace, see package site for the format) inside the binary.
package sites

import (
	"embed"
	"io/fs"

	"github.com/exportscope/exportscope/crawlers/site"
)

//go:embed *.yaml
var files embed.FS

// FS returns the adapter files.
func FS() fs.FS { return files }

// Load checks and returns the shipped adapters.
func Load() (*site.Registry, error) { return site.LoadFS(files) }
