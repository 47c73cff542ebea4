package comtrade

import (
	"context"
	"fmt"

	"github.com/exportscope/exportscope/store"
)

// BulkWriter is the part of store.Store that Import needs.
type BulkWriter interface {
	Bulk(ctx context.Context, docs []store.Doc) (store.BulkResult, error)
}

// ImportBatchSize is how many flows Import writes per Bulk call.
const ImportBatchSize = 500

// ImportResult counts what Import did.
type ImportResult struct {
	// Stored is how many flows the store confirmed.
	Stored int
	// Failed is how many flows the store rejected; Errs has one error
	// each, naming the flow.
	Failed int
	Errs   []error
}

// Import upserts flows into st in batches of ImportBatchSize. Each flow's
// ID is set with store.TradeFlowID, so importing the same data again
// replaces the stored flows rather than adding copies; flows is not
// modified. A flow the store rejects is counted in Failed and the others
// are still stored. The error is for a batch that failed as a whole (the
// store unreachable) or a cancelled context: Import stops there, and the
// result counts what was confirmed before.
func Import(ctx context.Context, st BulkWriter, flows []store.TradeFlow) (ImportResult, error) {
	var res ImportResult
	if st == nil {
		return res, fmt.Errorf("comtrade import: no store")
	}
	for start := 0; start < len(flows); start += ImportBatchSize {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("comtrade import: stopped before flow %d of %d: %w", start, len(flows), err)
		}
		end := min(start+ImportBatchSize, len(flows))
		batch := make([]store.TradeFlow, end-start)
		docs := make([]store.Doc, end-start)
		for i := range batch {
			batch[i] = flows[start+i]
			batch[i].ID = store.TradeFlowID(&batch[i])
			docs[i] = &batch[i]
		}
		br, err := st.Bulk(ctx, docs)
		if err == nil && len(br.Items) != len(docs) {
			err = fmt.Errorf("store answered %d results for %d documents", len(br.Items), len(docs))
			br.Items = nil
		}
		for i, it := range br.Items {
			if i >= len(batch) {
				break
			}
			if it.Err == nil {
				res.Stored++
				continue
			}
			if err != nil {
				// The whole call failed; the items only say which were
				// not stored, and are not counted as rejections.
				continue
			}
			res.Failed++
			res.Errs = append(res.Errs, fmt.Errorf("comtrade import flow %d (%s): %w", start+i, describe(&batch[i]), it.Err))
		}
		if err != nil {
			return res, fmt.Errorf("comtrade import flows %d..%d of %d: %w", start, end-1, len(flows), err)
		}
	}
	return res, nil
}

// describe names a flow for error messages.
func describe(f *store.TradeFlow) string {
	return fmt.Sprintf("%s %s from/to %s HS %s %s, id %s", f.Reporter, f.Flow, f.Partner, f.HS, f.Period(), f.ID)
}
