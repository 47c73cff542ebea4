package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
	"github.com/exportscope/exportscope/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		st, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(t.TempDir(), "market.db")})
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}
