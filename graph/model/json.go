// Package model holds the GraphQL API's types: those gqlgen generates from
// the schema (models_gen.go) and the scalars written by hand.
package model

import (
	"encoding/json"
	"fmt"
	"io"
)

// JSON is a JSON value passed through as it is (a report document).
type JSON json.RawMessage

// MarshalGQL writes the value.
func (j JSON) MarshalGQL(w io.Writer) {
	if len(j) == 0 {
		_, _ = io.WriteString(w, "null")
		return
	}
	_, _ = w.Write(j)
}

// UnmarshalGQL accepts any input value.
func (j *JSON) UnmarshalGQL(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("JSON scalar: %w", err)
	}
	*j = b
	return nil
}
