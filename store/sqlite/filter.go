package sqlite

import (
	"fmt"
	"strings"

	"github.com/exportscope/exportscope/store"
)

// where builds the WHERE clause for scope and filter on the table aliased
// "t". The tenant condition always comes first, so no query path can leave
// it out.
func where(kind store.Kind, scope store.Scope, f store.Filter) (string, []any, error) {
	if err := store.CheckFilter(kind, f); err != nil {
		return "", nil, err
	}
	conds := []string{"t.tenant = ?"}
	args := []any{scope.Tenant}
	for _, c := range f {
		typ, _ := store.FieldTypeOf(kind, c.Field)
		col := "t." + quote(c.Field)
		switch c.Op {
		case store.OpIn:
			ph := placeholders(len(c.Values))
			if typ == store.KeywordList {
				conds = append(conds, fmt.Sprintf("EXISTS (SELECT 1 FROM json_each(%s) WHERE value IN (%s))", col, ph))
			} else {
				conds = append(conds, fmt.Sprintf("%s IN (%s)", col, ph))
			}
			for _, v := range c.Values {
				args = append(args, v)
			}
		case store.OpPrefix:
			var ors []string
			for _, p := range c.Values {
				if typ == store.KeywordList {
					ors = append(ors, fmt.Sprintf("EXISTS (SELECT 1 FROM json_each(%s) WHERE substr(value, 1, %d) = ?)", col, len(p)))
					args = append(args, p)
					continue
				}
				if p == "" {
					ors = append(ors, col+" IS NOT NULL")
					continue
				}
				// A range lets SQLite use the column's index.
				ors = append(ors, fmt.Sprintf("(%s >= ? AND %s < ?)", col, col))
				args = append(args, p, prefixEnd(p))
			}
			conds = append(conds, "("+strings.Join(ors, " OR ")+")")
		case store.OpRange:
			if c.Min != nil {
				conds = append(conds, col+" >= ?")
				args = append(args, *c.Min)
			}
			if c.Max != nil {
				conds = append(conds, col+" <= ?")
				args = append(args, *c.Max)
			}
		case store.OpTimeRange:
			if !c.From.IsZero() {
				conds = append(conds, col+" >= ?")
				args = append(args, c.From.UnixMilli())
			}
			if !c.To.IsZero() {
				conds = append(conds, col+" < ?")
				args = append(args, c.To.UnixMilli())
			}
		case store.OpExists:
			conds = append(conds, col+" IS NOT NULL")
		}
	}
	return strings.Join(conds, " AND "), args, nil
}

// prefixEnd is the smallest string greater than every string starting with
// p (UTF-8 text never holds the byte 0xFF).
func prefixEnd(p string) string { return p + "\xff" }
