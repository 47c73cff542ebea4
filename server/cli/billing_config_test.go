package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/exportscope/exportscope/server/cli"
)

func TestBillingSettingsErrors(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.yaml")
	os.WriteFile(typo, []byte("stripe-secret: sk_test_1\n"), 0o644)
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		wantMsg string
	}{
		{"unknown yaml key", nil, []string{"stats", "--config", typo}, `unknown setting "stripe-secret"`},
		{"publishable key as secret", nil, []string{"stats", "--stripe-secret-key", "pk_test_1"}, "--stripe-secret-key: want a value starting with sk_ or rk_"},
		{"bad webhook secret from env", map[string]string{"EXPORTSCOPE_STRIPE_WEBHOOK_SECRET": "sk_test_1"}, []string{"stats"}, "--stripe-webhook-secret: want a value starting with whsec_"},
		{"product id as price", nil, []string{"stats", "--stripe-price-pro", "prod_1"}, "--stripe-price-pro: want a value starting with price_"},
		{"backend url without scheme", nil, []string{"stats", "--stripe-api-url", "127.0.0.1:12111"}, "--stripe-api-url \"127.0.0.1:12111\": want an http:// or https:// URL"},
		{"trusted origin with a path", nil, []string{"stats", "--trusted-origins", "https://app.example.com/x"}, "want an origin"},
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

// TestBillingSettingsFromYAML serves with the Stripe settings in a YAML
// file and checks they reach billing: the start-up log shows them (without
// secrets) and the webhook accepts an event signed with the file's secret
// and refuses one signed with another. It also checks the session cookie's
// flags with --secure-cookie.
func TestBillingSettingsFromYAML(t *testing.T) {
	const secret = "whsec_from_yaml"
	dir := t.TempDir()
	cfg := filepath.Join(dir, "exportscope.yaml")
	os.WriteFile(cfg, []byte(`stripe-secret-key: sk_test_yaml
stripe-webhook-secret: `+secret+`
stripe-api-url: http://127.0.0.1:1
stripe-price-pro: price_pro
stripe-price-association: price_assoc
stripe-price-education: price_edu
stripe-return-url: https://app.example.com/billing
secure-cookie: true
`), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	cmd := cli.New(cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }, Version: "test"})
	cmd.SetArgs([]string{"serve", "--addr", "127.0.0.1:0", "--data", dir, "--config", cfg})
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	url := waitURL(t, &out)

	log := errOut.String()
	for _, want := range []string{"stripe_secret_key=set", "stripe_webhook_secret=set", "stripe_api_url=http://127.0.0.1:1", "stripe_prices=3", "stripe_return_url=https://app.example.com/billing"} {
		if !strings.Contains(log, want) {
			t.Errorf("start-up log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "sk_test_yaml") || strings.Contains(log, secret) {
		t.Errorf("start-up log shows a secret:\n%s", log)
	}

	post := func(signWith string) int {
		payload, _ := json.Marshal(map[string]any{"id": "evt_yaml_" + signWith, "object": "event", "type": "invoice.created",
			"api_version": stripe.APIVersion, "created": time.Now().Unix(), "data": map[string]any{"object": map[string]any{"object": "invoice"}}})
		sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: signWith})
		req, _ := http.NewRequest("POST", url+"/webhooks/stripe", strings.NewReader(string(payload)))
		req.Header.Set("Stripe-Signature", sp.Header)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(secret); got != 200 {
		t.Errorf("event signed with the YAML secret: status %d, want 200", got)
	}
	if got := post("whsec_other"); got != 400 {
		t.Errorf("event signed with another secret: status %d, want 400", got)
	}

	body := `{"query":"mutation { signUp(input: {email: \"yaml@example.com\", password: \"correct horse battery\", tenantName: \"Y\", tenantKind: EXPORTER}) { token } }"}`
	resp, err := http.Post(url+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	cookies := resp.Header.Values("Set-Cookie")
	if len(cookies) != 1 {
		t.Fatalf("signUp set cookies %q, want one", cookies)
	}
	for _, attr := range []string{"exportscope_session=", "HttpOnly", "Secure", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(cookies[0], attr) {
			t.Errorf("session cookie %q lacks %s", cookies[0], attr)
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func waitURL(t *testing.T, out *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "serving at "); ok {
				return u
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("serve printed no URL: %q", out.String())
	return ""
}
