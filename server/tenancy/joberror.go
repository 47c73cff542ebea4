package tenancy

import (
	"strings"

	"github.com/exportscope/exportscope/analytics/jobs"
)

// publicPrefixes start the job errors that explain themselves to the
// tenant: the runner's own reasons, the analytics "unknown …" answers
// (they list the valid choices), and a tenant crawl's refusals and
// failures to reach its own target.
var publicPrefixes = []string{
	jobs.ReasonRestart, jobs.ReasonHeartbeat, jobs.ReasonShutdown, jobs.ReasonCancelled,
	"unknown ", "ssrf: ", "bad site adapter", "no page could be fetched", "cannot resolve ", "search URL ",
}

// PublicJobError is what a client may see of a failed job's error (a
// report's, a crawl's, a job's). Other errors may carry store or database
// details, so they are summarised; the runner has logged them in full.
func PublicJobError(msg string) string {
	if msg == "" {
		return ""
	}
	for _, p := range publicPrefixes {
		if strings.HasPrefix(msg, p) {
			return msg
		}
	}
	return "the job failed on the server; the operators have its error in the log"
}
