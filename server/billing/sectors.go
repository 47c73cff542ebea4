package billing

import (
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// RequireSector refuses with QUOTA_EXCEEDED when tenant t, which has
// `have` custom sectors, may not add another under its plan's "sectors"
// entitlement.
func (s *Service) RequireSector(t auth.Tenant, have int) error {
	plan := planOf(t.Plan)
	limit := plan.Entitlements().Sectors
	if limit == Unlimited || have < limit {
		return nil
	}
	return apperr.New(apperr.QuotaExceeded, "sector limit reached: the %s plan allows %s custom sectors and the tenant has %d; %s, or delete a sector",
		plan.Title(), limitText(limit), have,
		howToRaise(plan, t.Kind, func(e Entitlements) bool { return e.Sectors == Unlimited || e.Sectors > limit }))
}
