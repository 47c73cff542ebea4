package auth

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/exportscope/exportscope/server/apperr"
)

// Limits on what sign-up accepts.
const (
	MinPasswordLen = 10
	// MaxPasswordBytes is bcrypt's limit; longer passwords would be cut.
	MaxPasswordBytes = 72
	maxEmailLen      = 254
	maxNameLen       = 100
)

// commonPasswords are rejected whatever their length (a short list of the
// most used ones that pass the length rule).
var commonPasswords = map[string]bool{
	"1234567890": true, "12345678910": true, "0123456789": true, "qwertyuiop": true,
	"password12": true, "password123": true, "password1234": true, "passw0rd123": true,
	"iloveyou123": true, "1q2w3e4r5t": true, "qwerty1234": true, "abcdefghij": true,
	"letmein123": true, "welcome123": true, "admin12345": true, "1111111111": true,
}

// NormalizeEmail checks an email address and returns it trimmed with its
// domain in lower case.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxEmailLen {
		return "", apperr.New(apperr.BadInput, "email must be an address of at most %d characters", maxEmailLen)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", apperr.New(apperr.BadInput, "email %q is not a valid address (like name@example.com)", s)
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", apperr.New(apperr.BadInput, "email %q has no valid domain", s)
	}
	return local + "@" + domain, nil
}

// CheckPassword rejects weak passwords: too short, too long for bcrypt,
// a common one, few distinct characters, or containing the email's name.
func CheckPassword(password, email string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return apperr.New(apperr.BadInput, "password must have at least %d characters", MinPasswordLen)
	case len(password) > MaxPasswordBytes:
		return apperr.New(apperr.BadInput, "password must have at most %d bytes", MaxPasswordBytes)
	case commonPasswords[strings.ToLower(password)]:
		return apperr.New(apperr.BadInput, "password is too common; choose another")
	}
	distinct := map[rune]bool{}
	for _, r := range password {
		distinct[r] = true
	}
	if len(distinct) < 5 {
		return apperr.New(apperr.BadInput, "password must use at least 5 different characters")
	}
	if at := strings.IndexByte(email, '@'); at >= 3 && strings.Contains(strings.ToLower(password), strings.ToLower(email[:at])) {
		return apperr.New(apperr.BadInput, "password must not contain your email address")
	}
	return nil
}

// checkName checks a display name such as a tenant's or an API key's.
func checkName(what, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > maxNameLen {
		return "", apperr.New(apperr.BadInput, "%s must have 1 to %d characters", what, maxNameLen)
	}
	return s, nil
}
