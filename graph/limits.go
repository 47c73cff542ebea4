package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// depthLimit rejects operations whose selections nest deeper than max
// (fragments are followed). Introspection fields are not counted: gqlparser
// limits them itself, and introspection is off unless enabled.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                          { return "DepthLimit" }
func (depthLimit) Validate(schema graphql.ExecutableSchema) error { return nil }

func (d depthLimit) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation == nil {
		return nil
	}
	if n := selectionDepth(opCtx.Operation.SelectionSet, map[string]bool{}); n > d.max {
		return gqlerror.Errorf("the query nests %d levels deep; at most %d are allowed", n, d.max)
	}
	return nil
}

func selectionDepth(set ast.SelectionSet, inFragment map[string]bool) int {
	deepest := 0
	for _, sel := range set {
		n := 0
		switch s := sel.(type) {
		case *ast.Field:
			if len(s.Name) >= 2 && s.Name[:2] == "__" {
				continue
			}
			n = 1 + selectionDepth(s.SelectionSet, inFragment)
		case *ast.InlineFragment:
			n = selectionDepth(s.SelectionSet, inFragment)
		case *ast.FragmentSpread:
			if s.Definition == nil || inFragment[s.Name] {
				continue // validation rejects fragment cycles; be safe anyway
			}
			inFragment[s.Name] = true
			n = selectionDepth(s.Definition.SelectionSet, inFragment)
			delete(inFragment, s.Name)
		}
		deepest = max(deepest, n)
	}
	return deepest
}
