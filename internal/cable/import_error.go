package cable

import (
	"errors"
	"fmt"
)

// ImportError is a cable of a batch that a store refused.
type ImportError struct {
	Index int    // the cable's place in the batch
	ID    string // the cable's id, as parsed; may be empty
	Err   error
}

func (e *ImportError) Error() string {
	if e.ID == "" {
		return fmt.Sprintf("cable %d of the batch: %v", e.Index+1, e.Err)
	}
	return fmt.Sprintf("cable %s: %v", e.ID, e.Err)
}

func (e *ImportError) Unwrap() error { return e.Err }

// ImportErrors lists the cables of a batch a store refused, in batch
// order, while it stored the others (CableService.ImportCables). It
// unwraps to each refusal, so KindOf gives the first one's kind.
type ImportErrors []*ImportError

func (es ImportErrors) Error() string {
	switch len(es) {
	case 0:
		return "no cable refused"
	case 1:
		return es[0].Error()
	}
	return fmt.Sprintf("%s (%d cables refused in all)", es[0].Error(), len(es))
}

func (es ImportErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Err returns es as an error, or nil when it is empty.
func (es ImportErrors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// RefusedIn returns the cables an import error says a store refused, and
// whether the rest of the batch was stored: false for any other error.
func RefusedIn(err error) (ImportErrors, bool) {
	var es ImportErrors
	if errors.As(err, &es) {
		return es, true
	}
	return nil, false
}
