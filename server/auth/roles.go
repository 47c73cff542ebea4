package auth

import (
	"fmt"
	"slices"

	"github.com/exportscope/exportscope/server/apperr"
)

// Role is what a user or API key may do within its tenant.
type Role string

// The roles. Teacher and student exist only in training bases.
const (
	Owner   Role = "owner"
	Admin   Role = "admin"
	Analyst Role = "analyst"
	Viewer  Role = "viewer"
	Teacher Role = "teacher"
	Student Role = "student"
)

// TenantKind is the kind of organisation a tenant is.
type TenantKind string

// The tenant kinds, as stored in tenants.kind.
const (
	Exporter     TenantKind = "exporter"
	Association  TenantKind = "association"
	TrainingBase TenantKind = "training_base"
)

// Action is something a role may be allowed to do.
type Action string

// The actions the API checks.
const (
	ReadData   Action = "read data"
	RunReports Action = "run reports"
	ManageKeys Action = "manage API keys"
	// ManageData covers the tenant's uploads, custom sectors and crawls.
	ManageData Action = "manage tenant data"
)

// permissions lists, per role, what it may do.
var permissions = map[Role][]Action{
	Owner:   {ReadData, RunReports, ManageKeys, ManageData},
	Admin:   {ReadData, RunReports, ManageKeys, ManageData},
	Analyst: {ReadData, RunReports},
	Teacher: {ReadData, RunReports},
	Student: {ReadData, RunReports},
	Viewer:  {ReadData},
}

// rank orders roles for delegation: an API key may not get a higher rank
// than its creator has.
var rank = map[Role]int{Owner: 4, Admin: 3, Analyst: 2, Teacher: 2, Student: 1, Viewer: 1}

// Can reports whether role may do a.
func (r Role) Can(a Action) bool { return slices.Contains(permissions[r], a) }

// ParseTenantKind checks a tenant kind.
func ParseTenantKind(s string) (TenantKind, error) {
	switch k := TenantKind(s); k {
	case Exporter, Association, TrainingBase:
		return k, nil
	}
	return "", apperr.New(apperr.BadInput, "unknown tenant kind %q (exporter, association, training_base)", s)
}

// CheckRole verifies that role exists in a tenant of kind.
func CheckRole(kind TenantKind, role Role) error {
	if _, ok := permissions[role]; !ok {
		return apperr.New(apperr.BadInput, "unknown role %q", role)
	}
	if (role == Teacher || role == Student) && kind != TrainingBase {
		return apperr.New(apperr.BadInput, "role %s exists only in training bases", role)
	}
	return nil
}

// CanDelegate reports whether a holder of role from may hand out role to
// (an API key). Nobody hands out owner.
func CanDelegate(from, to Role) error {
	if to == Owner || rank[to] > rank[from] {
		return apperr.New(apperr.Forbidden, "a %s cannot create a key with role %s", from, to)
	}
	return nil
}

// Require checks that the caller p may do a: an Unauthenticated
// error without one, a Forbidden error if its role does not allow a.
func Require(p *Principal, a Action) error {
	if p == nil {
		return apperr.New(apperr.Unauthenticated, "sign in or send an API key (Authorization: Bearer <token>)")
	}
	if !p.Role.Can(a) {
		return apperr.New(apperr.Forbidden, "role %s may not %s", p.Role, a)
	}
	return nil
}

func (r Role) String() string { return string(r) }

var _ fmt.Stringer = Owner
