package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/exportscope/exportscope/analytics/export"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/tenancy"
)

// ExportPattern is the route of report exports; mount ExportHandler on it.
const ExportPattern = "GET /api/reports/{id}/{file}"

// exportFormats maps a file extension to its content type and writer.
var exportFormats = map[string]struct {
	contentType string
	write       func(w io.Writer, rep any) error
}{
	"csv":  {"text/csv; charset=utf-8", export.CSV},
	"xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.XLSX},
	"html": {"text/html; charset=utf-8", export.HTML},
}

// NewExportHandler serves GET /api/reports/{id}/export.{json,csv,xlsx,html}:
// a finished report build of the caller's tenant (Authorization: Bearer
// <token>), in the format its file name asks for. Another tenant's report
// is 404, like a missing one.
func NewExportHandler(accounts *auth.Service, data *tenancy.Service, log *slog.Logger) (http.Handler, error) {
	if accounts == nil || data == nil {
		return nil, errors.New("graph: report exports need the auth and tenancy services")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		format, ok := strings.CutPrefix(r.PathValue("file"), "export.")
		_, known := exportFormats[format]
		if !ok || (!known && format != "json") {
			writeHTTPError(w, apperr.New(apperr.NotFound, "no such export; use export.json, export.csv, export.xlsx or export.html"))
			return
		}
		doc, rep, err := data.ReportDocument(r.Context(), id)
		if err != nil {
			if code, _ := apperr.Public(err); code == apperr.CodeInternal {
				log.ErrorContext(r.Context(), "report export", "report", id, "format", format, "err", err)
			}
			writeHTTPError(w, err)
			return
		}
		var buf bytes.Buffer
		ctype := "application/json"
		if format == "json" {
			buf.Write(doc.Body)
		} else {
			f := exportFormats[format]
			ctype = f.contentType
			if err := f.write(&buf, rep); err != nil {
				log.ErrorContext(r.Context(), "report export", "report", id, "format", format, "err", err)
				writeHTTPError(w, fmt.Errorf("export %s as %s: %w", id, format, err))
				return
			}
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "private, no-store")
		disposition := "attachment"
		if format == "html" {
			disposition = "inline"
			w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		}
		w.Header().Set("Content-Disposition", fmt.Sprintf("%s; filename=\"exportscope-%s-%s.%s\"", disposition, doc.Type, safeName(id), format))
		_, _ = w.Write(buf.Bytes())
	})
	return accounts.Middleware(func(w http.ResponseWriter, _ *http.Request, err error) { writeHTTPError(w, err) })(h), nil
}

// safeName keeps letters, digits and dashes of s for a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, s)
}

// writeHTTPError answers a plain HTTP request with the error's code, its
// safe message and the fitting status.
func writeHTTPError(w http.ResponseWriter, err error) {
	code, msg := apperr.Public(err)
	status := http.StatusInternalServerError
	switch code {
	case apperr.CodeUnauthenticated:
		status = http.StatusUnauthorized
	case apperr.CodeForbidden:
		status = http.StatusForbidden
	case apperr.CodeNotFound:
		status = http.StatusNotFound
	case apperr.CodeBadInput:
		status = http.StatusBadRequest
	case apperr.CodeRateLimited, apperr.CodeQuotaExceeded:
		status = http.StatusTooManyRequests
	}
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": msg}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
