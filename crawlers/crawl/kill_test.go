package crawl

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The child process of TestResumeAfterKill is this test binary, run with
// these variables set.
const (
	envChild = "CRAWL_TEST_CHILD" // kill mode: "in-flight" or "pending"
	envDir   = "CRAWL_TEST_DIR"   // folder of the databases
	envBase  = "CRAWL_TEST_BASE"  // the shop's URL
	trapPage = "/p/MGO-005"
)

// TestResumeAfterKill kills a crawling process with SIGKILL and runs the
// crawl again: no URL is lost, every page is answered successfully exactly
// once overall, and every listing and snapshot is stored once.
//
// The child crawls with one worker so that the moment of the kill is
// exact: either while the trap page is being fetched (the page must be
// fetched again: its answer never arrived) or after the trap page was
// processed and its documents written to the frontier's outbox, before
// they reached the store (the page must not be fetched again).
func TestResumeAfterKill(t *testing.T) {
	if os.Getenv(envChild) != "" {
		t.Skip("running as the child")
	}
	for _, mode := range []string{"in-flight", "pending"} {
		t.Run(mode, func(t *testing.T) {
			s := newShop(t, 7)
			dir := t.TempDir()
			reached := make(chan struct{})
			if mode == "in-flight" {
				var once sync.Once
				first := true
				s.handle(trapPage, func(w http.ResponseWriter, r *http.Request) {
					if first {
						first = false
						once.Do(func() { close(reached) })
						<-r.Context().Done() // until the child is dead
						return
					}
					s.productPage(w, r)
				})
			}

			cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), envChild+"="+mode, envDir+"="+dir, envBase+"="+s.srv.URL)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			go func() {
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					if strings.HasPrefix(sc.Text(), "PENDING ") && mode == "pending" {
						close(reached)
					}
				}
				close(exited)
			}()
			select {
			case <-reached:
			case <-exited:
				cmd.Wait()
				t.Fatalf("the child ended before reaching %s:\n%s", trapPage, stderr.String())
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("the child did not reach %s in time:\n%s", trapPage, stderr.String())
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
				t.Fatalf("child: %v, want killed", err)
			}

			e := newEnv(t, dir)
			counts, err := e.frontier(t, "c1").Counts(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			wantPending := map[string]int{"in-flight": 0, "pending": 1}[mode]
			if counts.Pending != wantPending || counts.Done == 0 || counts.Queued == 0 {
				t.Fatalf("after the kill: %+v, want some done, some queued, %d pending", counts, wantPending)
			}
			_, ok := s.counts()
			before := ok[trapPage]

			st, err := e.crawler(t, s.srv.URL, "c1", oneWorker).Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if st.Queued != 0 {
				t.Errorf("resumed run left %d URLs queued", st.Queued)
			}
			_, ok = s.counts()
			switch mode {
			case "in-flight":
				if before != 0 || ok[trapPage] != 1 {
					t.Errorf("%s answered %d times before and %d after resuming, want 0 and 1", trapPage, before, ok[trapPage])
				}
			case "pending":
				if before != 1 || ok[trapPage] != 1 {
					t.Errorf("%s answered %d times before and %d after resuming, want 1 and 1 (not fetched again)", trapPage, before, ok[trapPage])
				}
			}
			checkExactlyOnce(t, s, e, 7)
		})
	}
}

func oneWorker(o *Options) { o.Parallelism = 1 }

// TestKillChild is the crawl that TestResumeAfterKill kills.
func TestKillChild(t *testing.T) {
	mode := os.Getenv(envChild)
	if mode == "" {
		t.Skip("only run as TestResumeAfterKill's child")
	}
	e := newEnv(t, os.Getenv(envDir))
	c := e.crawler(t, os.Getenv(envBase), "c1", oneWorker)
	if mode == "pending" {
		c.afterPending = func(u string) {
			if strings.Contains(u, trapPage) {
				fmt.Println("PENDING", u)
				select {} // wait for SIGKILL
			}
		}
	}
	_, err := c.Run(context.Background())
	t.Fatalf("the crawl ended (%v); it should have been killed", err)
}
