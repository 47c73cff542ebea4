package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/server/cli"
)

// run executes the CLI in-process with its own environment.
func run(ctx context.Context, env map[string]string, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	cmd := cli.New(cli.Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }, Version: "test"})
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err != nil {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), cli.ExitCode(err)
}

func TestStatsOnEmptyStore(t *testing.T) {
	out, errOut, code := run(context.Background(), nil, "stats", "--data", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]int64
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stats printed no JSON: %v\n%s", err, out)
	}
	want := map[string]int64{"listings": 0, "snapshots": 0, "reviews": 0, "tradeFlows": 0, "rates": 0, "reports": 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stats mismatch (-want +got):\n%s", diff)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	badYAML := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badYAML, []byte("log-levl: debug\n"), 0o644)
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		wantMsg string
	}{
		{"unknown flag", nil, []string{"stats", "--bogus"}, "unknown flag: --bogus"},
		{"bad log level", nil, []string{"stats", "--log-level", "loud"}, "valid values are debug, info, warn, error"},
		{"bad env value", map[string]string{"EXPORTSCOPE_LOG_FORMAT": "xml"}, []string{"stats"}, "valid values are text, json"},
		{"bad es url", map[string]string{"EXPORTSCOPE_ES_URL": "localhost:9200"}, []string{"stats"}, "want an http:// or https:// URL"},
		{"unknown yaml key", nil, []string{"stats", "--config", badYAML}, `unknown setting "log-levl"`},
		{"bad addr", nil, []string{"serve", "--addr", "8080"}, "want HOST:PORT"},
		{"unknown command", nil, []string{"frobnicate"}, "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := run(context.Background(), tc.env, append(tc.args, "--data", dir)...)
			if code != 2 {
				t.Errorf("exit code %d, want 2 (%s)", code, errOut)
			}
			if !strings.Contains(errOut, tc.wantMsg) {
				t.Errorf("message %q does not say %q", errOut, tc.wantMsg)
			}
		})
	}
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "exportscope.yaml")
	fileData := filepath.Join(dir, "from-file")
	envData := filepath.Join(dir, "from-env")
	os.WriteFile(cfg, []byte("data: "+fileData+"\nlog-format: json\n"), 0o644)

	// The file sets --data when nothing else does.
	if _, errOut, code := run(context.Background(), nil, "stats", "--config", cfg); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(fileData, "market.db")); err != nil {
		t.Errorf("the config file's data folder was not used: %v", err)
	}
	// The environment wins over the file.
	env := map[string]string{"EXPORTSCOPE_DATA": envData, "EXPORTSCOPE_CONFIG": cfg}
	if _, errOut, code := run(context.Background(), env, "stats"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(envData, "market.db")); err != nil {
		t.Errorf("EXPORTSCOPE_DATA was not used: %v", err)
	}
	// A flag wins over both.
	flagData := filepath.Join(dir, "from-flag")
	if _, errOut, code := run(context.Background(), env, "stats", "--data", flagData); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(flagData, "market.db")); err != nil {
		t.Errorf("--data was not used: %v", err)
	}
}

// syncBuffer lets the test read what the server prints while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServePrintsURLAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	cmd := cli.New(cli.Env{Stdout: &out, Stderr: io.Discard, Getenv: func(string) string { return "" }, Version: "test"})
	cmd.SetArgs([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()})
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()

	var url string
	deadline := time.Now().Add(20 * time.Second)
	for url == "" && time.Now().Before(deadline) {
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "serving at "); ok {
				url = u
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if url == "" {
		t.Fatalf("serve printed no URL: %q", out.String())
	}
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "market store: ok", "/metrics": "exportscope_store_documents", "/": "ExportScope"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d %q, want 200 containing %q", path, resp.StatusCode, body, want)
		}
	}
	// Report exports and subscriptions are mounted.
	resp, err := http.Get(url + "/api/reports/r1/export.csv")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || !strings.Contains(string(body), "UNAUTHENTICATED") {
		t.Errorf("export without a token: %d %s", resp.StatusCode, body)
	}
	ws, _, err := websocket.Dial(ctx, strings.Replace(url, "http", "ws", 1)+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Errorf("subscriptions are not served at GET /graphql: %v", err)
	} else {
		ws.Close(websocket.StatusNormalClosure, "")
	}
	// The portal pages are mounted before the app: an unknown portal
	// slug is their 404 page, not the app's index.
	if resp, err := http.Get(url + "/p/no-such-portal/"); err != nil {
		t.Fatal(err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 || !strings.Contains(string(body), "页面不存在") {
			t.Errorf("GET /p/no-such-portal/: %d %.200q, want the portal 404 page", resp.StatusCode, body)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
}
