package portal

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/store"
)

// PublishInput publishes one of the association's finished report builds.
type PublishInput struct {
	// ReportID is the report build's ID (as createReport returned it).
	ReportID string
	TitleZH  string
	TitleEN  string
	// MemberIDs are membership IDs; empty publishes to every active
	// member, now and later.
	MemberIDs []string
}

// Published is a report published to members.
type Published struct {
	ID              string
	AssociationName string
	Kind            string
	Sector          string
	TitleZH         string
	TitleEN         string
	// Audience is "all" or "chosen".
	Audience   string
	Recipients int // chosen members; 0 for "all"
	CreatedAt  time.Time
}

// Publish publishes a finished report of the caller's association to its
// members (owners and admins).
func (s *Service) Publish(ctx context.Context, in PublishInput) (Published, error) {
	p, err := caller(ctx, auth.Association, manageRoles)
	if err != nil {
		return Published{}, err
	}
	notFound := apperr.New(apperr.NotFound, "no report %q", in.ReportID)
	if in.ReportID == "" || len(in.ReportID) > 64 {
		return Published{}, notFound
	}
	info, err := s.jobs.Get(ctx, in.ReportID)
	if errors.Is(err, jobs.ErrNotFound) {
		return Published{}, notFound
	}
	if err != nil {
		return Published{}, fmt.Errorf("publish report %s: %w", in.ReportID, err)
	}
	if info.Tenant != p.Tenant.ID || (info.Kind != analytics.JobMarketReport && info.Kind != analytics.JobBrandReport) {
		return Published{}, notFound
	}
	if info.Status != jobs.Done {
		return Published{}, apperr.New(apperr.BadInput, "report %s is %s; publish it once it is done", in.ReportID, info.Status)
	}
	var res analytics.ReportJobResult
	if err := json.Unmarshal(info.Result, &res); err != nil || res.ReportID == "" {
		return Published{}, fmt.Errorf("publish report %s: job result: %v", in.ReportID, err)
	}
	if in.TitleZH, err = text("Chinese title", in.TitleZH, 1, 200); err != nil {
		return Published{}, err
	}
	if in.TitleEN, err = text("English title", in.TitleEN, 1, 200); err != nil {
		return Published{}, err
	}
	if len(in.MemberIDs) > 1000 {
		return Published{}, apperr.New(apperr.BadInput, "at most 1000 members")
	}
	var members []string
	for _, mid := range in.MemberIDs {
		m, err := s.membership(ctx, mid, `m.association_id = ?`, p.Tenant.ID)
		if err != nil {
			return Published{}, err
		}
		if m.Status != Active {
			return Published{}, apperr.New(apperr.BadInput, "membership %s is %s, not active", mid, m.Status)
		}
		if !contains(members, m.MemberID) {
			members = append(members, m.MemberID)
		}
	}
	audience := "all"
	if len(members) > 0 {
		audience = "chosen"
	}
	id := newID()
	tx, err := s.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return Published{}, fmt.Errorf("publish report %s: %w", in.ReportID, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_reports (id, association_id, job_id, doc_id, kind, sector, title_zh, title_en, audience, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, p.Tenant.ID, info.ID, res.ReportID, res.Type, res.Sector, in.TitleZH, in.TitleEN, audience, millis(s.now())); err != nil {
		return Published{}, fmt.Errorf("publish report %s: %w", in.ReportID, err)
	}
	for _, m := range members {
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_report_recipients (report_id, member_id) VALUES (?, ?)`, id, m); err != nil {
			return Published{}, fmt.Errorf("publish report %s to %s: %w", in.ReportID, m, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return Published{}, fmt.Errorf("publish report %s: %w", in.ReportID, err)
	}
	s.log.InfoContext(ctx, "portal report published", "tenant", p.Tenant.ID, "report", in.ReportID, "audience", audience, "members", len(members))
	out, err := s.published(ctx, `pr.id = ?`, id)
	if err != nil || len(out) == 0 {
		return Published{}, fmt.Errorf("publish report %s: reading back: %w", in.ReportID, err)
	}
	return out[0], nil
}

const publishedCols = `pr.id, a.name, pr.kind, pr.sector, pr.title_zh, pr.title_en, pr.audience,
	(SELECT count(*) FROM portal_report_recipients x WHERE x.report_id = pr.id), pr.created_at
	FROM portal_reports pr JOIN tenants a ON a.id = pr.association_id`

// visibleTo is the condition under which member (the second and third
// arguments) sees a published report: it is an active member of the
// publishing association and the report goes to all or to it.
const visibleTo = `EXISTS (SELECT 1 FROM portal_memberships m WHERE m.association_id = pr.association_id AND m.member_id = ? AND m.status = 'active')
	AND (pr.audience = 'all' OR EXISTS (SELECT 1 FROM portal_report_recipients x WHERE x.report_id = pr.id AND x.member_id = ?))`

func (s *Service) published(ctx context.Context, where string, args ...any) ([]Published, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+publishedCols+` WHERE `+where+` ORDER BY pr.created_at DESC, pr.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Published{}
	for rows.Next() {
		var p Published
		var created int64
		if err := rows.Scan(&p.ID, &p.AssociationName, &p.Kind, &p.Sector, &p.TitleZH, &p.TitleEN, &p.Audience, &p.Recipients, &created); err != nil {
			return nil, err
		}
		p.CreatedAt = time.UnixMilli(created).UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// PublishedReports lists, for an association, the reports it published;
// for an exporter, the reports published to it by associations it is an
// active member of.
func (s *Service) PublishedReports(ctx context.Context) ([]Published, error) {
	p := auth.FromContext(ctx)
	if err := auth.Require(p, auth.ReadData); err != nil {
		return nil, err
	}
	var out []Published
	var err error
	switch p.Tenant.Kind {
	case auth.Association:
		out, err = s.published(ctx, `pr.association_id = ?`, p.Tenant.ID)
	case auth.Exporter:
		out, err = s.published(ctx, visibleTo, p.Tenant.ID, p.Tenant.ID)
	default:
		return nil, apperr.New(apperr.Forbidden, "published reports are for associations and their member exporters")
	}
	if err != nil {
		return nil, fmt.Errorf("published reports of %s: %w", p.Tenant.ID, err)
	}
	return out, nil
}

// ReportDocument returns a published report with its document, if the
// caller's tenant published it or may read it.
func (s *Service) ReportDocument(ctx context.Context, id string) (Published, json.RawMessage, error) {
	p := auth.FromContext(ctx)
	if err := auth.Require(p, auth.ReadData); err != nil {
		return Published{}, nil, err
	}
	notFound := apperr.New(apperr.NotFound, "no published report %q", id)
	if id == "" || len(id) > 64 {
		return Published{}, nil, notFound
	}
	var list []Published
	var err error
	switch p.Tenant.Kind {
	case auth.Association:
		list, err = s.published(ctx, `pr.id = ? AND pr.association_id = ?`, id, p.Tenant.ID)
	case auth.Exporter:
		list, err = s.published(ctx, `pr.id = ? AND `+visibleTo, id, p.Tenant.ID, p.Tenant.ID)
	default:
		return Published{}, nil, apperr.New(apperr.Forbidden, "published reports are for associations and their member exporters")
	}
	if err != nil {
		return Published{}, nil, fmt.Errorf("published report %s: %w", id, err)
	}
	if len(list) == 0 {
		return Published{}, nil, notFound
	}
	var assoc, doc string
	err = s.db.Reader().QueryRowContext(ctx, `SELECT association_id, doc_id FROM portal_reports WHERE id = ?`, id).Scan(&assoc, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return Published{}, nil, notFound
	}
	if err != nil {
		return Published{}, nil, fmt.Errorf("published report %s: %w", id, err)
	}
	docs, err := s.docs.Get(ctx, store.TenantScope(assoc), store.KindReport, []string{doc})
	if err != nil {
		return Published{}, nil, fmt.Errorf("published report %s: document %s: %w", id, doc, err)
	}
	if len(docs) == 0 {
		return Published{}, nil, apperr.New(apperr.NotFound, "the document of report %q is no longer stored", id)
	}
	return list[0], docs[0].(*store.Report).Body, nil
}
