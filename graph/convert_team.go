package graph

import (
	"github.com/exportscope/exportscope/graph/model"
	"github.com/exportscope/exportscope/server/auth"
)

// Conversions of the team's types (team.graphqls).

func toMember(m auth.Member) *model.Member {
	return &model.Member{ID: m.ID, Email: m.Email, Role: toRole(m.Role), CreatedAt: m.CreatedAt}
}

func toInvitation(inv auth.Invitation) *model.Invitation {
	return &model.Invitation{ID: inv.ID, Email: inv.Email, Role: toRole(inv.Role), ExpiresAt: inv.ExpiresAt,
		AcceptedAt: inv.AcceptedAt, RevokedAt: inv.RevokedAt, InvitedByID: inv.InvitedBy}
}

func toAuditEntry(e auth.AuditEntry) model.AuditEntry {
	detail := e.Target
	if e.IP != "" {
		detail += " (from " + e.IP + ")"
	}
	return model.AuditEntry{Time: e.At, Actor: e.Actor, Action: e.Action, Detail: detail}
}
