package postgres

import (
	"context"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/engine"
)

// Search finds the cables whose visible text matches q, with the
// process's search engine (package engine; engine.go here): every hit
// counted, facets over every hit, relevance by BM25 over what the caller
// may see. The classes of portions the caller may see come from the
// store's own access predicates (engineClasses), and the page's rows and
// snippets are read in SQL under the same predicates, so nothing a
// search answers depends on withheld text. A search made while the
// engine is being built waits for it. The search is audited.
func (db *DB) Search(ctx context.Context, q cable.SearchQuery) (*cable.SearchResult, error) {
	s := db.scopeOf(ctx)
	query, err := cable.ParseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	for _, t := range append([]string{q.Text, q.Origin, q.Addressee, q.Classified, q.Caption}, q.Tags...) {
		if !isText(t) {
			return nil, cable.Errorf(cable.Invalid, "query %q is not UTF-8 text", t)
		}
	}
	ans, err := db.answer(ctx, s, q, query)
	if err != nil {
		return nil, err
	}
	return db.engineResult(ctx, s, q, query, ans)
}

// answer is the engine's answer to q (whose text parsed as query) for
// the caller, once the engine holds every change committed before.
func (db *DB) answer(ctx context.Context, s *scope, q cable.SearchQuery, query *cable.Query) (*engine.Answer, error) {
	if query != nil && !engine.ReadsAll(query) {
		return nil, cable.Errorf(cable.Internal, "search: a term the engine does not read")
	}
	e, err := db.searchEngine(ctx)
	if err != nil {
		return nil, err
	}
	if err := e.current(ctx); err != nil {
		return nil, err
	}
	return db.engineSearch(ctx, s, e, q, query)
}
