// Command e2eseed fills an embedded market store with the generated test
// data set (storetest.Generate) so that the frontend's end-to-end test can
// run `exportscope serve` on it in seconds instead of a full `demo` run.
//
//	go run ./server/web/internal/e2eseed -data DIR [-n 400]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/exportscope/exportscope/store/sqlite"
	"github.com/exportscope/exportscope/store/storetest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "e2eseed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) (err error) {
	fs := flag.NewFlagSet("e2eseed", flag.ContinueOnError)
	dir := fs.String("data", "", "folder of the embedded stores (as exportscope --data)")
	n := fs.Int("n", 400, "number of generated listings")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return errors.New("-data is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(*dir, "market.db"), Logger: log})
	if err != nil {
		return fmt.Errorf("open market store: %w", err)
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	data := storetest.Generate(*n)
	res, err := st.Bulk(ctx, data.Docs())
	if err != nil {
		return fmt.Errorf("load generated data: %w", err)
	}
	if err := res.Err(); err != nil {
		return fmt.Errorf("load generated data: %w", err)
	}
	fmt.Printf("seeded %d listings, %d trade flows into %s\n", len(data.Listings), len(data.Flows), *dir)
	return seedTeaching(ctx, *dir)
}
