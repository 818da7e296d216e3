package cabletext

import (
	"fmt"
	"strings"

	"github.com/cable/cable/internal/cable"
)

// IDsOf returns the cable ids a query may name when it is one cable id
// and nothing else: "07STATE159388", "07 STATE 159388", or as a REF line
// writes it without the year, "STATE 159388", which may be any year's, so
// that every year's id is given, from thisYear back to 1966, newest
// first. It returns nil for a query of another shape.
func IDsOf(query string, thisYear int) []string {
	words := strings.Fields(strings.ToUpper(query))
	text := strings.Join(words, "")
	if len(text) < 5 || len(text) > 40 || strings.ContainsAny(text, `"()*`) {
		return nil
	}
	if id := CanonicalID(text); validID(id) {
		return []string{id}
	}
	if len(words) < 2 || !allDigits(words[len(words)-1]) || allDigits(words[0]) {
		return nil
	}
	var ids []string
	for y := thisYear; y >= 1966; y-- {
		if id := CanonicalID(fmt.Sprintf("%02d%s", y%100, text)); validID(id) {
			ids = append(ids, id)
		}
	}
	return ids
}

func validID(id string) bool {
	_, err := cable.ParseID(id)
	return err == nil
}
