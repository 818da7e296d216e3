package cabletext

import "github.com/cable/cable/internal/marking"

// isPortionMark reports whether m, the text inside the parentheses that
// follow a paragraph number or SUBJECT:, is a portion mark, readable or
// not (marking.LooksLikeMark): a mark nobody can read must be taken for
// one, so that package access withholds its portion (fail closed) rather
// than leave it in the text of the portion before, under that portion's
// marking.
func isPortionMark(m string) bool { return marking.LooksLikeMark(m) }
