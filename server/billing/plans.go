package billing

import (
	"fmt"
	"strings"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// Plan is a tenant's plan, as stored in tenants.plan.
type Plan string

// The plans. Free is every new tenant's; the others are sold through
// Stripe Checkout.
const (
	Free        Plan = "free"
	Pro         Plan = "pro"
	Association Plan = "association"
	Education   Plan = "education"
)

// Unlimited is a limit that is never reached.
const Unlimited = -1

// Entitlements are what a plan allows. A count of Unlimited has no limit;
// 0 means none.
type Entitlements struct {
	// Sectors is how many sectors the tenant may follow.
	Sectors int
	// ReportsPerMonth is how many reports the tenant may create in a
	// calendar month (UTC).
	ReportsPerMonth int
	// Seats is how many users the tenant may have.
	Seats int
	// APIAccess allows API keys.
	APIAccess bool
	// Portal is the member portal an association offers its members.
	Portal bool
	// Classes is how many classes a training base may run.
	Classes int
}

// plans is the one table of what each plan allows.
var plans = map[Plan]Entitlements{
	Free:        {Sectors: 1, ReportsPerMonth: 3, Seats: 1, APIAccess: false, Portal: false, Classes: 0},
	Pro:         {Sectors: 10, ReportsPerMonth: 100, Seats: 5, APIAccess: true, Portal: false, Classes: 0},
	Association: {Sectors: Unlimited, ReportsPerMonth: 500, Seats: 25, APIAccess: true, Portal: true, Classes: 0},
	Education:   {Sectors: 5, ReportsPerMonth: 300, Seats: 200, APIAccess: false, Portal: false, Classes: 20},
}

// Plans lists the plans in the order they are offered.
func Plans() []Plan { return []Plan{Free, Pro, Association, Education} }

// ParsePlan checks a plan name (any case).
func ParsePlan(s string) (Plan, error) {
	p := Plan(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := plans[p]; !ok {
		return "", apperr.New(apperr.BadInput, "unknown plan %q (plans: free, pro, association, education)", s)
	}
	return p, nil
}

// planOf reads a stored plan; anything unknown counts as Free, so a bad
// row never grants more than the free plan.
func planOf(s string) Plan {
	if _, ok := plans[Plan(s)]; ok {
		return Plan(s)
	}
	return Free
}

// Entitlements returns what p allows; an unknown plan gets Free's.
func (p Plan) Entitlements() Entitlements { return plans[planOf(string(p))] }

// Paid reports whether p is sold through Stripe.
func (p Plan) Paid() bool { return planOf(string(p)) != Free }

// Title is the plan's name for people.
func (p Plan) Title() string {
	s := string(planOf(string(p)))
	return strings.ToUpper(s[:1]) + s[1:]
}

// upgrade names the paid plan that fits a tenant kind: the one to suggest
// when a limit is reached.
func upgrade(kind auth.TenantKind) Plan {
	switch kind {
	case auth.Association:
		return Association
	case auth.TrainingBase:
		return Education
	default:
		return Pro
	}
}

// howToRaise tells a tenant on plan how to get more than limit allows.
func howToRaise(plan Plan, kind auth.TenantKind, more func(Entitlements) bool) string {
	if to := upgrade(kind); to != plan && more(to.Entitlements()) {
		return fmt.Sprintf("upgrade to the %s plan (the checkout mutation) to raise it", to.Title())
	}
	for _, to := range Plans() {
		if to != plan && to.Paid() && more(to.Entitlements()) {
			return fmt.Sprintf("upgrade to the %s plan (the checkout mutation) to raise it", to.Title())
		}
	}
	return "contact ExportScope support to raise it"
}

func limitText(n int) string {
	if n == Unlimited {
		return "unlimited"
	}
	return fmt.Sprint(n)
}
