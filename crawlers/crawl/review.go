package crawl

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/exportscope/exportscope/crawlers/extract"
	"github.com/exportscope/exportscope/store"
)

// reviewDocs makes the store documents of the reviews read with the
// listings of one page. reviews holds them by listing ID; a listing that
// was not kept (refused by validation) keeps none. Reviews that cannot be
// identified or stored (no date, no text and no rating) are counted as
// dropped.
//
// A review's ID is its listing's, its author's, its date's and a hash of
// its text, so the same review read again (a later crawl, a resumed one,
// the review shown on two pages) replaces itself instead of adding a copy.
func reviewDocs(listings []*store.Listing, reviews map[string][]extract.Review) (out []*store.Review, dropped int) {
	seen := map[string]bool{}
	for _, l := range listings {
		for _, r := range reviews[l.ID] {
			d := reviewDoc(l, r)
			if d == nil || d.Validate() != nil {
				dropped++
				continue
			}
			if seen[d.ID] {
				continue
			}
			seen[d.ID] = true
			out = append(out, d)
		}
		delete(reviews, l.ID)
	}
	for _, rs := range reviews {
		dropped += len(rs)
	}
	return out, dropped
}

// reviewDoc maps a review read from a page to a store document of listing
// l; nil when it has no date, or neither text nor rating.
func reviewDoc(l *store.Listing, r extract.Review) *store.Review {
	if r.Date.IsZero() || (strings.TrimSpace(r.Text) == "" && r.Rating == 0) {
		return nil
	}
	date := r.Date.UTC()
	return &store.Review{
		ID:          store.StableID(l.ID, r.Author, date.Format(time.RFC3339), textHash(r.Text)),
		Tenant:      l.Tenant,
		ListingID:   l.ID,
		Marketplace: l.Marketplace,
		Country:     l.Country,
		Brand:       l.Brand,
		Sectors:     append([]string(nil), l.Sectors...),
		Rating:      r.Rating,
		Title:       r.Title,
		Text:        r.Text,
		Lang:        primaryLang(r.Lang),
		Date:        date,
	}
}

// textHash identifies a review's text: its words, joined by single spaces.
func textHash(s string) string {
	h := sha256.Sum256([]byte(strings.Join(strings.Fields(s), " ")))
	return hex.EncodeToString(h[:8])
}

// primaryLang is the primary language subtag of a BCP 47 tag, lower case
// ("pt-BR" → "pt", "zh_Hant" → "zh"); empty for what is not one.
func primaryLang(tag string) string {
	p, _, _ := strings.Cut(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"), "-")
	p = strings.ToLower(p)
	if len(p) < 2 || len(p) > 3 {
		return ""
	}
	for _, c := range p {
		if c < 'a' || c > 'z' {
			return ""
		}
	}
	return p
}
