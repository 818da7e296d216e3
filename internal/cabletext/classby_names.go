package cabletext

import "strings"

// names returns the persons the authority names. Each comma, semicolon or
// dash starts a segment ("Rose E. Gottemoeller, Assistant Secretary, …");
// a segment's name is its last run of name words, after its titles. The
// first segment with a name gives it; a later one adds a second only when
// joined by "and" ("AF KARL WYCOFF, ACTING AND S/CT DAS SHARI VILLAROSA").
func (a *authScan) names(s string, end int) []string {
	toks := a.toks[:a.n]
	for k := range toks {
		t := &toks[k]
		if t.kind != tkInitial {
			continue
		}
		w := s[t.start:t.end]
		switch {
		case k+1 < len(toks) && toks[k+1].kind == tkTitle && !t.sep && k > 0 && toks[k-1].kind == tkName && !toks[k-1].sep &&
			(k+2 == len(toks) || toks[k+1].sep || toks[k+2].kind != tkName):
			toks[k+1].kind = tkName // "Damian R. Leader": a middle initial is followed by the surname
		case (w == "A." || w == "a.") && k+1 < len(toks) && strings.EqualFold(s[toks[k+1].start:toks[k+1].end], "I."):
			t.kind, toks[k+1].kind = tkTitle, tkTitle // "A. I."
		case len(w) == 1 && k+1 < len(toks) && !t.sep && toks[k+1].kind == tkTitle && (k == 0 || toks[k-1].kind != tkName):
			t.kind = tkTitle // "A E/MIN COUNS.", "T U/S"
		}
	}
	for k := 1; k+1 < len(toks); k++ {
		if toks[k].kind != tkName && (toks[k-1].kind == tkName || toks[k-1].kind == tkInitial) && !toks[k-1].sep && !toks[k].sep && toks[k+1].kind == tkName &&
			namePrefix(s[toks[k].start:toks[k].end]) {
			toks[k].kind = tkName // "Carol van Voorst", "Velia De Pirro"
		}
	}
	for k := 1; k+2 < len(toks); k++ {
		if toks[k].kind != tkName && toks[k-1].kind == tkName && namePrefix(s[toks[k].start:toks[k].end]) &&
			namePrefix(s[toks[k+1].start:toks[k+1].end]) && toks[k+2].kind == tkName && !toks[k-1].sep && !toks[k].sep && !toks[k+1].sep {
			toks[k].kind, toks[k+1].kind = tkName, tkName // "Kurt van der Walde"
		}
	}
	var found [8]nameRun
	nf := 0
	lastRunEnd := -1 // token after the previous segment's run, if it ended it
	for ss := 0; ss < len(toks); {
		se := ss
		for se < len(toks) && !toks[se].sep {
			se++
		}
		if se < len(toks) {
			se++ // the token before the separator belongs to the segment
		}
		if onlySuffixes(toks[ss:se]) && nf > 0 && lastRunEnd == ss {
			found[nf-1].to = se // "SIMONS, JR."
			lastRunEnd = se
			ss = se
			continue
		}
		lastRunEnd = -1
		r, ok := lastRun(toks, ss, se)
		if ok && nf < len(found) {
			found[nf] = r
			nf++
			if r.to == se {
				lastRunEnd = se
			}
		}
		ss = se
	}
	primary := -1
	for k := 0; k < nf; k++ {
		if found[k].words >= 2 {
			primary = k
			break
		}
	}
	if primary < 0 {
		if nf == 0 {
			return nil
		}
		primary = 0
	}
	var out []string
	if p := found[primary].pre; p[1] > 0 {
		out = append(out, nameText(s, toks, p[0], p[1], end))
	}
	out = append(out, nameText(s, toks, found[primary].from, found[primary].to, end))
	for k := primary + 1; k < nf; k++ {
		if r := found[k]; r.and && r.tidy && r.words >= 2 {
			out = append(out, nameText(s, toks, r.from, r.to, end))
		}
	}
	return out
}

// namePrefix reports whether w is a particle of a surname: "van", "De".
func namePrefix(w string) bool {
	switch strings.ToUpper(w) {
	case "VAN", "VON", "DE", "DER", "DEN", "DA", "DI", "DU", "DEL", "DELLA", "LA", "LE", "BIN", "AL", "EL", "ST.", "TEN", "TER":
		return true
	}
	return false
}

func onlySuffixes(ts []authToken) bool {
	for _, t := range ts {
		if t.kind != tkSuffix {
			return false
		}
	}
	return len(ts) > 0
}

// nameRun is a run of name words in an authority's tokens.
type nameRun struct {
	from, to int  // tokens
	words    int  // name words and initials, suffixes aside
	and      bool // "and" comes before it in its segment
	tidy     bool // only titles come before it in its segment
	// pre is a first name of the segment joined to this one by "and":
	// "Poloff Steven Prohaska and DTRA Fred Carter"; pre[1] is 0 when
	// there is none.
	pre [2]int
}

// lastRun finds the last run of name words in the segment toks[ss:se].
func lastRun(toks []authToken, ss, se int) (r nameRun, ok bool) {
	end := se
	for end > ss && !inName(toks[end-1].kind) {
		end--
	}
	for end > ss {
		from := end
		for from > ss && inName(toks[from-1].kind) {
			from--
		}
		named := false
		for k := from; k < end; k++ {
			named = named || toks[k].kind == tkName
		}
		if named {
			r.from, r.to = from, end
			break
		}
		end = from
		for end > ss && !inName(toks[end-1].kind) {
			end--
		}
	}
	if r.to == 0 {
		return r, false
	}
	// Words before the suffixes.
	core := r.to
	for core > r.from && toks[core-1].kind == tkSuffix {
		core--
	}
	if n := core - r.from; n > 2 && r.from > ss && (toks[r.from-1].kind == tkPrep || toks[r.from-1].kind == tkAnd) {
		// A title's complement runs into the name: "Ambassador to Sudan
		// Timothy Carney", "for Diplomatic Security Gregory B. Starr".
		start := core - 2
		for k := r.from + 1; k < core; k++ {
			if toks[k].kind == tkInitial && toks[k-1].kind == tkName {
				start = k - 1
				break
			}
		}
		r.from = start
	}
	r.words = core - r.from
	// "Steven Prohaska and DTRA Fred Carter".
	k := r.from
	for k > ss && toks[k-1].kind == tkTitle {
		k--
	}
	if k > ss+2 && toks[k-1].kind == tkAnd && toks[k-2].kind == tkName {
		to := k - 1
		from := to
		for from > ss && inName(toks[from-1].kind) {
			from--
		}
		if to-from >= 2 && (from == ss || toks[from-1].kind == tkTitle) {
			r.pre = [2]int{from, to}
		}
	}
	r.tidy = true
	for k := ss; k < r.from; k++ {
		switch toks[k].kind {
		case tkAnd:
			r.and = true
		case tkTitle, tkPrep, tkInitial:
		default:
			r.tidy = false
		}
	}
	return r, true
}

func inName(kind int) bool {
	return kind == tkName || kind == tkInitial || kind == tkSuffix
}

// nameText returns the name spanning toks[from:to] as written, cut at end
// (where the authority as stored ends), with a comma typed for an
// apostrophe mended ("O,Grady") and "Jr" given its period.
func nameText(s string, toks []authToken, from, to, end int) string {
	e := min(toks[to-1].end, max(end, toks[from].start))
	n := trimRightSet(s[toks[from].start:e], " ,.;:-")
	if k := len(n) - 2; k > 1 && (n[k-1] == ' ' || n[k-1] == ',') && strings.EqualFold(n[k:], "JR") {
		n += "." // the writer's period after the authority makes it "Jr."
	}
	for i := 1; i+1 < len(n); i++ {
		if n[i] == ',' && isLetter(n[i-1]) && (i == 1 || n[i-2] == ' ') && isUpper(n[i+1]) {
			b := []byte(n)
			for j := 1; j+1 < len(b); j++ {
				if b[j] == ',' && isLetter(b[j-1]) && (j == 1 || b[j-2] == ' ') && isUpper(b[j+1]) {
					b[j] = '\''
				}
			}
			return string(b)
		}
	}
	return n
}
