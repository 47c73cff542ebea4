// Package config holds the binary's configuration and loads it from flags,
// EXPORTSCOPE_* environment variables and an optional YAML file, in that
// order of precedence.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"
)

// Config is the whole configuration of one exportscope process.
type Config struct {
	DataDir string
	Store   Store
	HTTP    HTTP
	Log     Log
	Billing Billing
	Session Session
}

// Billing is the Stripe account (flags --stripe-*, environment
// EXPORTSCOPE_STRIPE_*, or the same keys in the YAML file).
type Billing struct {
	// SecretKey is the Stripe secret key (sk_… or a restricted rk_…).
	SecretKey string
	// WebhookSecret is the webhook endpoint's signing secret (whsec_…).
	WebhookSecret string
	// APIURL is the Stripe API's base URL (the backend); empty means
	// Stripe's own. Tests and development point it at stripe-mock.
	APIURL string
	// PricePro, PriceAssociation and PriceEducation are the Stripe price
	// IDs of the paid plans.
	PricePro, PriceAssociation, PriceEducation string
	// ReturnURL is where Checkout and the portal send the user back to.
	ReturnURL string
}

// Session configures browser session cookies.
type Session struct {
	// SecureCookie sets the cookie's Secure flag on every answer (behind
	// a TLS-terminating proxy); without it the flag follows the request.
	SecureCookie bool
	// TrustedOrigins may send cookie-authenticated mutations besides the
	// server's own origin, as scheme://host[:port].
	TrustedOrigins []string
}

// Store chooses where market data lives.
type Store struct {
	// ES lists Elasticsearch URLs; empty means the embedded SQLite store
	// under DataDir.
	ES          []string
	IndexPrefix string
}

// HTTP configures the server.
type HTTP struct {
	Addr string
}

// Log configures log/slog output.
type Log struct {
	Level  string // debug, info, warn, error
	Format string // text, json
}

// UsageError is a configuration or flag mistake; the binary exits with
// status 2 on it.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef makes a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// EnvAnnotation names, on a flag, the environment variable that sets it
// when it differs from EXPORTSCOPE_<FLAG_NAME>.
const EnvAnnotation = "exportscope_env"

// EnvName is the environment variable for a flag.
func EnvName(f *pflag.Flag) string {
	if v, ok := f.Annotations[EnvAnnotation]; ok && len(v) > 0 {
		return v[0]
	}
	return "EXPORTSCOPE_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
}

// Apply fills every flag of fs that was not given on the command line from
// its environment variable or, failing that, from the YAML file (keys are
// flag names). An unknown key in the file or a value a flag rejects is a
// UsageError naming the setting and where it came from.
func Apply(fs *pflag.FlagSet, file string, getenv func(string) string) error {
	fileValues := map[string]any{}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return Usagef("config file: %v", err)
		}
		if err := yaml.Unmarshal(b, &fileValues); err != nil {
			return Usagef("config file %s: %v", file, err)
		}
		for key := range fileValues {
			if fs.Lookup(key) == nil {
				var names []string
				fs.VisitAll(func(f *pflag.Flag) {
					if f.Name != "help" && f.Name != "config" {
						names = append(names, f.Name)
					}
				})
				sort.Strings(names)
				return Usagef("config file %s: unknown setting %q (settings: %s)", file, key, strings.Join(names, ", "))
			}
		}
	}
	var errs []error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed {
			return
		}
		if v := getenv(EnvName(f)); v != "" {
			if err := setAll(f, v); err != nil {
				errs = append(errs, Usagef("%s=%q: %v", EnvName(f), v, err))
			}
			return
		}
		if v, ok := fileValues[f.Name]; ok {
			if err := setAll(f, yamlString(v)); err != nil {
				errs = append(errs, Usagef("config file %s: %s: %v", file, f.Name, err))
			}
		}
	})
	return errors.Join(errs...)
}

func setAll(f *pflag.Flag, v string) error {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		parts := strings.Split(v, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		return sv.Replace(parts)
	}
	return f.Value.Set(v)
}

func yamlString(v any) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fmt.Sprint(p)
		}
		return strings.Join(parts, ",")
	default:
		return fmt.Sprint(x)
	}
}

// Validate checks values that flags cannot check by type.
func (c *Config) Validate() error {
	if c.DataDir == "" {
		return Usagef("--data: must name a folder")
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return Usagef("--log-level %q: valid values are debug, info, warn, error", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return Usagef("--log-format %q: valid values are text, json", c.Log.Format)
	}
	if err := c.Billing.validate(); err != nil {
		return err
	}
	for _, o := range c.Session.TrustedOrigins {
		p, err := url.Parse(o)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || (p.Path != "" && p.Path != "/") || p.RawQuery != "" {
			return Usagef("--trusted-origins %q: want an origin such as https://app.example.com", o)
		}
	}
	for _, u := range c.Store.ES {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return Usagef("--es %q: want an http:// or https:// URL such as http://127.0.0.1:9200", u)
		}
	}
	return nil
}

// CheckAddr validates a listen address of the form HOST:PORT.
func CheckAddr(flag, addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return Usagef("--%s %q: want HOST:PORT, e.g. 127.0.0.1:8080", flag, addr)
	}
	_ = host
	return nil
}

// Dump describes the configuration for the start-up log, without secrets.
func (c *Config) Dump() []any {
	backend := "sqlite"
	if len(c.Store.ES) > 0 {
		backend = "elasticsearch"
	}
	var es []string
	for _, u := range c.Store.ES {
		if p, err := url.Parse(u); err == nil {
			p.User = nil
			es = append(es, p.String())
		}
	}
	return []any{"data", c.DataDir, "store", backend, "es", es, "log_level", c.Log.Level,
		"stripe_secret_key", set(c.Billing.SecretKey), "stripe_webhook_secret", set(c.Billing.WebhookSecret),
		"stripe_api_url", c.Billing.APIURL, "stripe_return_url", c.Billing.ReturnURL,
		"stripe_prices", fmt.Sprintf("pro=%s association=%s education=%s", set(c.Billing.PricePro), set(c.Billing.PriceAssociation), set(c.Billing.PriceEducation)),
		"secure_cookie", c.Session.SecureCookie, "trusted_origins", c.Session.TrustedOrigins}
}

func set(s string) string {
	if s == "" {
		return "unset"
	}
	return "set"
}

// validate checks the Stripe settings' shapes, so a key pasted into the
// wrong setting is caught at start-up rather than at the first checkout.
func (b Billing) validate() error {
	prefixed := func(flag, v string, prefixes ...string) error {
		if v == "" {
			return nil
		}
		for _, p := range prefixes {
			if strings.HasPrefix(v, p) {
				return nil
			}
		}
		return Usagef("--%s: want a value starting with %s", flag, strings.Join(prefixes, " or "))
	}
	errs := []error{
		prefixed("stripe-secret-key", b.SecretKey, "sk_", "rk_"),
		prefixed("stripe-webhook-secret", b.WebhookSecret, "whsec_"),
		prefixed("stripe-price-pro", b.PricePro, "price_"),
		prefixed("stripe-price-association", b.PriceAssociation, "price_"),
		prefixed("stripe-price-education", b.PriceEducation, "price_"),
	}
	for _, u := range []struct{ flag, v string }{{"stripe-api-url", b.APIURL}, {"stripe-return-url", b.ReturnURL}} {
		if u.v == "" {
			continue
		}
		if p, err := url.Parse(u.v); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = append(errs, Usagef("--%s %q: want an http:// or https:// URL", u.flag, u.v))
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
