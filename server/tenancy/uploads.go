package tenancy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// MaxUploadBytes caps an uploaded CSV.
const MaxUploadBytes = 2 << 20

// UploadResult says what an upload stored and which rows it left out.
type UploadResult struct {
	Accepted int
	Errors   []analytics.RowError
}

func checkUpload(csv string) error {
	if len(csv) > MaxUploadBytes {
		return apperr.New(apperr.BadInput, "the file has %d bytes; uploads may have at most %d (2 MB)", len(csv), MaxUploadBytes)
	}
	if !utf8.ValidString(csv) {
		return apperr.New(apperr.BadInput, "the file is not UTF-8 text; save the CSV as UTF-8")
	}
	return nil
}

func rowErrors(bad []*analytics.RowError) []analytics.RowError {
	out := make([]analytics.RowError, len(bad))
	for i, e := range bad {
		out[i] = *e
	}
	return out
}

// UploadAuthorisedSellers stores the good rows of an authorised-seller
// CSV for the caller's tenant (replacing the lists of the brands it names)
// and reports the bad ones. A file without a good row changes nothing.
func (s *Service) UploadAuthorisedSellers(ctx context.Context, csv string) (UploadResult, error) {
	return upload(ctx, s, csv, "authorised sellers", analytics.ParseAuthorisedSellers,
		func(ctx context.Context, u Uploads, tenant string, good []analytics.AuthorisedSeller) error {
			return u.ReplaceAuthorisedSellers(ctx, tenant, good)
		})
}

// UploadMinPrices stores the good rows of a minimum-price CSV for the
// caller's tenant and reports the bad ones. A file without a good row
// changes nothing.
func (s *Service) UploadMinPrices(ctx context.Context, csv string) (UploadResult, error) {
	return upload(ctx, s, csv, "minimum prices", analytics.ParseMinPrices,
		func(ctx context.Context, u Uploads, tenant string, good []analytics.MinPrice) error {
			return u.ReplaceMinPrices(ctx, tenant, good)
		})
}

// upload is the path every tenant CSV upload takes: role and size checks,
// parse into good rows and row errors, store the good rows (only if
// there are any), log what happened.
func upload[T any](ctx context.Context, s *Service, csv, what string,
	parse func(io.Reader) ([]T, []*analytics.RowError, error),
	store func(context.Context, Uploads, string, []T) error,
) (UploadResult, error) {
	p, err := caller(ctx, auth.ManageData)
	if err != nil {
		return UploadResult{}, err
	}
	if s.prod.Uploads == nil {
		return UploadResult{}, errNoUploads
	}
	if err := checkUpload(csv); err != nil {
		return UploadResult{}, err
	}
	good, bad, err := parse(strings.NewReader(csv))
	if err != nil {
		return UploadResult{}, apperr.New(apperr.BadInput, "%s", err.Error())
	}
	res := UploadResult{Accepted: len(good), Errors: rowErrors(bad)}
	if len(good) == 0 {
		return res, nil
	}
	if err := store(ctx, s.prod.Uploads, p.Tenant.ID, good); err != nil {
		return UploadResult{}, fmt.Errorf("upload %s of %s: %w", what, p.Tenant.ID, err)
	}
	s.log.InfoContext(ctx, what+" uploaded", "tenant", p.Tenant.ID, "accepted", len(good), "rejected", len(bad))
	return res, nil
}

func checkBrandArg(brand string) (string, error) {
	b := strings.TrimSpace(brand)
	if utf8.RuneCountInString(b) > 200 {
		return "", apperr.New(apperr.BadInput, "brand must have at most 200 characters")
	}
	return b, nil
}

// AuthorisedSellers lists the caller's tenant's authorised sellers, of
// one brand or ("") of all.
func (s *Service) AuthorisedSellers(ctx context.Context, brand string) ([]analytics.AuthorisedSeller, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return nil, err
	}
	if s.prod.Uploads == nil {
		return nil, errNoUploads
	}
	b, err := checkBrandArg(brand)
	if err != nil {
		return nil, err
	}
	return s.prod.Uploads.AuthorisedSellers(ctx, p.Tenant.ID, b)
}

// MinPrices lists the caller's tenant's minimum prices, of one brand or
// ("") of all.
func (s *Service) MinPrices(ctx context.Context, brand string) ([]analytics.MinPrice, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return nil, err
	}
	if s.prod.Uploads == nil {
		return nil, errNoUploads
	}
	b, err := checkBrandArg(brand)
	if err != nil {
		return nil, err
	}
	return s.prod.Uploads.MinPrices(ctx, p.Tenant.ID, b)
}

// SectorRequest is what createSector takes.
type SectorRequest struct {
	Slug     string
	NameZH   string
	NameEN   string
	HS       []string
	Keywords []string
}

// keywordLanguage guesses the catalogue language of a keyword from its
// script: Han zh, kana ja, Hangul ko, Cyrillic ru, anything else en.
func keywordLanguage(k string) string {
	lang := "en"
	for _, r := range k {
		switch {
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			return "ja"
		case unicode.Is(unicode.Hangul, r):
			return "ko"
		case unicode.Is(unicode.Han, r):
			lang = "zh"
		case unicode.Is(unicode.Cyrillic, r) && lang == "en":
			lang = "ru"
		}
	}
	return lang
}

// CreateSector adds (or replaces) a private sector of the caller's
// tenant, within its plan's sector entitlement.
func (s *Service) CreateSector(ctx context.Context, req SectorRequest) (analytics.Sector, error) {
	p, err := caller(ctx, auth.ManageData)
	if err != nil {
		return analytics.Sector{}, err
	}
	req.Slug = strings.TrimSpace(req.Slug)
	sec := analytics.Sector{Slug: req.Slug, Name: analytics.Names{ZH: strings.TrimSpace(req.NameZH), EN: strings.TrimSpace(req.NameEN)},
		Keywords: map[string][]string{}}
	switch {
	case sec.Name.ZH == "" || sec.Name.EN == "":
		return analytics.Sector{}, apperr.New(apperr.BadInput, "a sector needs both a Chinese name (nameZh) and an English name (nameEn)")
	case utf8.RuneCountInString(sec.Name.ZH) > 100 || utf8.RuneCountInString(sec.Name.EN) > 100:
		return analytics.Sector{}, apperr.New(apperr.BadInput, "sector names may have at most 100 characters")
	case len(req.HS) > 100 || len(req.Keywords) > 200:
		return analytics.Sector{}, apperr.New(apperr.BadInput, "a sector may have at most 100 HS codes and 200 keywords")
	}
	sec.HS = req.HS
	for _, k := range req.Keywords {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if utf8.RuneCountInString(k) > 100 {
			return analytics.Sector{}, apperr.New(apperr.BadInput, "keyword %.20q… is longer than 100 characters", k)
		}
		lang := keywordLanguage(k)
		sec.Keywords[lang] = append(sec.Keywords[lang], k)
	}
	check := sec
	check.Keywords = map[string][]string{}
	for l, ks := range sec.Keywords {
		check.Keywords[l] = append([]string(nil), ks...)
	}
	if err := check.Check(); err != nil {
		return analytics.Sector{}, apperr.New(apperr.BadInput, "%s", err.Error())
	}
	set, err := s.cat.Sectors(ctx, p.Tenant.ID)
	if err != nil {
		return analytics.Sector{}, fmt.Errorf("create sector: %w", err)
	}
	own, replaces := 0, false
	for _, x := range set.List() {
		if x.Tenant == "" {
			if x.Slug == sec.Slug {
				return analytics.Sector{}, apperr.New(apperr.BadInput, "%s is a shipped sector; choose another slug", sec.Slug)
			}
			continue
		}
		own++
		replaces = replaces || x.Slug == sec.Slug
	}
	if s.bill != nil && !replaces {
		if err := s.bill.RequireSector(p.Tenant, own); err != nil {
			return analytics.Sector{}, err
		}
	}
	if err := s.cat.Add(ctx, p.Tenant.ID, sec); err != nil {
		if errors.Is(err, analytics.ErrConflict) {
			return analytics.Sector{}, apperr.New(apperr.BadInput, "%s is a shipped sector; choose another slug", sec.Slug)
		}
		return analytics.Sector{}, fmt.Errorf("create sector %s: %w", sec.Slug, err)
	}
	s.log.InfoContext(ctx, "sector saved", "tenant", p.Tenant.ID, "sector", sec.Slug)
	set, err = s.cat.Sectors(ctx, p.Tenant.ID)
	if err != nil {
		return analytics.Sector{}, fmt.Errorf("create sector: %w", err)
	}
	return set.Get(sec.Slug)
}

// DeleteSector deletes one of the caller's tenant's private sectors.
func (s *Service) DeleteSector(ctx context.Context, slug string) error {
	p, err := caller(ctx, auth.ManageData)
	if err != nil {
		return err
	}
	set, err := s.cat.Sectors(ctx, p.Tenant.ID)
	if err != nil {
		return fmt.Errorf("delete sector: %w", err)
	}
	for _, x := range set.List() {
		if x.Slug != slug {
			continue
		}
		if x.Tenant == "" {
			return apperr.New(apperr.BadInput, "%s is a shipped sector and cannot be deleted", slug)
		}
		return s.cat.Remove(ctx, p.Tenant.ID, slug)
	}
	return apperr.New(apperr.NotFound, "no sector %q of your own", slug)
}
