package importer

import (
	"fmt"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// CheckReferences returns a warning for each reference id a layout lists
// beside the text (refs) that the reader did not find in the text of c.
// The archive keeps the text, not the layout's list, so such a reference
// is lost: saying so at ingest tells the reader's misses (a glued REF
// field) from the layout's own additions.
func CheckReferences(c *cable.Cable, refs []string) []cable.Warning {
	if len(refs) == 0 {
		return nil
	}
	found := make(map[string]bool, len(c.Text.References))
	for _, r := range c.Text.References {
		if r.ID != "" {
			found[r.ID] = true
		}
	}
	var ws []cable.Warning
	for _, id := range refs {
		if !found[cabletext.CanonicalID(id)] {
			ws = append(ws, cable.Warning{Field: "references",
				Message: fmt.Sprintf("the layout lists reference %s, which the text's REF field does not give", id)})
		}
	}
	return ws
}
