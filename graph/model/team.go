package model

import "time"

// Invitation is an invitation to join the tenant. InvitedByID is the
// inviting user's ID ("" when unknown); invitedBy resolves it through the
// request's member loader.
type Invitation struct {
	ID          string     `json:"id"`
	Email       string     `json:"email"`
	Role        Role       `json:"role"`
	ExpiresAt   time.Time  `json:"expiresAt"`
	AcceptedAt  *time.Time `json:"acceptedAt,omitempty"`
	RevokedAt   *time.Time `json:"revokedAt,omitempty"`
	InvitedByID string     `json:"-"`
}

// AuditEntry is one security-relevant action. Actor is a user ID, "key:<id>"
// or a system actor such as "stripe"; actorEmail resolves user IDs through
// the request's member loader.
type AuditEntry struct {
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Detail string    `json:"detail"`
}
