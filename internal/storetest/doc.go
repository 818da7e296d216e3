// Package storetest is the conformance suite every cable store passes:
// SQLite (the default) and PostgreSQL run the same tests through Run. It
// checks imports and versions, and above all that nothing leaks: for
// readers of every kind, no withheld paragraph's words match a search, no
// cable a reader may not know of is found, counted, faceted, snippeted or
// listed in references, and errors say nothing more than "not found".
// Only store tests import it.
package storetest
