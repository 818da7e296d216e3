package cabletext

// The methods below read a cable id the way a drafter writes it in a
// reference: an optional year, a station of one to four words, what may
// stand between them, a serial and an optional year after it.

// yearPrefix reads a year before a station: 06, 2007, 094, (99), '08, 10-.
// It returns the token after it and the two-digit year, or i and -1.
func (p *refParser) yearPrefix(i int) (int, int) {
	t := p.at(i)
	switch {
	case t.kind == tokNum:
		yy := p.yearOf(t)
		if yy < 0 {
			return i, -1
		}
		if p.isPunct(i+1, '-') && p.at(i+1).glued && p.at(i+2).glued {
			return i + 2, yy // 10-OTTAWA-57
		}
		return i + 1, yy
	case p.isPunct(i, '(') && p.isPunct(i+2, ')'):
		if yy := p.yearOf(p.at(i + 1)); yy >= 0 {
			return i + 3, yy
		}
	case p.isPunct(i, '\'') && p.at(i+1).glued:
		if yy := p.yearOf(p.at(i + 1)); yy >= 0 {
			return i + 2, yy
		}
	}
	return i, -1
}

// yearOf returns the two-digit year number token t stands for: 07, 2007,
// or 094 (read as 94); -1 if it is no year.
func (p *refParser) yearOf(t token) int {
	if t.kind != tokNum {
		return -1
	}
	v, d := p.num(t)
	switch {
	case d == 2:
		return v
	case d == 4 && v >= 1940 && v < 2040:
		return v % 100
	case d == 3 && p.src[t.pos] == '0':
		return v
	}
	return -1
}

// isYear reports whether t is a four-digit year of the corpus' span, which
// a lone number on a bullet (¶C. 2006) more likely is than a serial.
func (p *refParser) isYear(t token) bool {
	v, d := p.num(t)
	return t.kind == tokNum && d == 4 && v >= 1960 && v <= 2030
}

// stationSerial reads the station words at token j and what separates
// them from the serial, trying the longest station first (USUN NEW YORK
// before USUN). It returns the canonical station, the index of the serial
// token and the year, updated if the infix gave one.
func (p *refParser) stationSerial(j, yy int) (string, int, int, bool) {
	var idx [4]int
	n := p.wordRun(j, &idx)
	var buf [48]byte
	for k := n; k > 0; k-- {
		q, qyy := p.infix(idx[k-1]+1, yy)
		if !p.isSerial(q) {
			continue
		}
		if st, ok := lookupStation(p.stationKey(buf[:0], idx[:k])); ok {
			return st, q, qyy, true
		}
	}
	return "", 0, yy, false
}

// stationWords reads the longest station at token j, with no serial after
// it, and returns it with the index of the token after it.
func (p *refParser) stationWords(j int) (string, int, bool) {
	var idx [4]int
	n := p.wordRun(j, &idx)
	var buf [48]byte
	for k := n; k > 0; k-- {
		if st, ok := lookupStation(p.stationKey(buf[:0], idx[:k])); ok {
			return st, idx[k-1] + 1, true
		}
	}
	return "", 0, false
}

// wordRun stores in idx the indexes of up to four words from token j that
// may spell one station: words apart, across line breaks too (RIO \n DE
// JANEIRO), or joined by a hyphen (PORT-AU-PRINCE) or the period of ST.
// It returns how many.
func (p *refParser) wordRun(j int, idx *[4]int) int {
	n := 0
	for k := j; n < len(idx) && p.at(k).kind == tokWord; {
		idx[n] = k
		n++
		next := p.at(k + 1)
		switch {
		case next.kind == tokWord && !next.glued:
			k++
		case p.isPunct(k+1, '-') && next.glued && p.at(k+2).kind == tokWord && p.at(k+2).glued:
			k += 2
		case p.isPunct(k+1, '.') && p.at(k).class == wST && p.at(k+2).kind == tokWord:
			k += 2
		default:
			return n
		}
	}
	return n
}

// stationKey appends the letters of the words at idx to dst.
func (p *refParser) stationKey(dst []byte, idx []int) []byte {
	for _, k := range idx {
		if len(dst) > maxStationKey {
			break
		}
		dst = appendWordKey(dst, p.text(p.toks[k]))
	}
	return dst
}

// infix skips what may stand between a station and its serial: '#', ':',
// '-', a comma before a serial of three or more digits (PRAGUE, 1228), a
// portion mark (KUWAIT (C)02293), a year (STATE (01) 201265) or the word
// CABLE(S), TEL, TELEGRAM or NO. It returns the next index and the year.
func (p *refParser) infix(k, yy int) (int, int) {
	for n := 0; n < 2; n++ {
		t := p.at(k)
		switch {
		case t.kind == tokPunct && (t.c == '#' || t.c == ':' || t.c == '-'):
			k++
		case t.kind == tokPunct && t.c == ',' && p.at(k+1).kind == tokNum && p.at(k+1).end-p.at(k+1).pos >= 3:
			k++
		case t.kind == tokPunct && t.c == '(' && p.isPunct(k+2, ')'):
			in := p.at(k + 1)
			if y := p.yearOf(in); y >= 0 {
				yy = y
			} else if in.class != wMark {
				return k, yy
			}
			k += 3
		case t.class == wInfix:
			k++
			if p.isPunct(k, '.') {
				k++
			}
		default:
			return k, yy
		}
	}
	return k, yy
}

// isSerial reports whether token k is a cable serial: one to seven digits
// (eight when zero-padded as in the classification line, STATE 00218123),
// not zero, not a date (2/22/08, 10/23), a decimal (1.4), a DTG (301601Z),
// an ordinal (9TH), a section header or cut short (SECSTATE 1...).
func (p *refParser) isSerial(k int) bool {
	t := p.at(k)
	d := int(t.end - t.pos)
	if t.kind != tokNum || d > 8 || d == 8 && (p.src[t.pos] != '0' || p.isSectionHeader(k)) {
		return false
	}
	if v, _ := p.num(t); v == 0 {
		return false
	}
	next, after := p.at(k+1), p.at(k+2)
	switch {
	case next.kind == tokWord && next.glued:
		return !(d == 6 && next.class == wZ || next.class == wST || next.class == wOrdinal)
	case next.kind == tokPunct && next.glued && after.kind == tokNum && after.glued:
		switch next.c {
		case '/':
			return d > 2 || after.end-after.pos > 2
		case '.', ':':
			return false
		}
	case next.kind == tokPunct && next.c == '.' && next.glued && p.isPunct(k+2, '.'):
		return false
	}
	return true
}

// yearSuffix reads a year after a serial: 4525-91, 00789/08, 701 (08),
// 0266 (2002), 07718 99. It returns the index after it and the two-digit
// year, or k and -1.
func (p *refParser) yearSuffix(k int) (int, int) {
	t, n := p.at(k), p.at(k+1)
	switch {
	case t.kind == tokPunct && (t.c == '-' || t.c == '/') && t.glued && n.kind == tokNum && n.glued && n.end-n.pos == 2:
		if after := p.at(k + 2); after.kind == tokPunct && after.glued && (after.c == '-' || after.c == '/') {
			return k, -1
		}
		return k + 2, p.yearOf(n)
	case p.isPunct(k, '(') && p.isPunct(k+2, ')'):
		if yy := p.yearOf(n); yy >= 0 {
			return k + 3, yy
		}
	case t.kind == tokNum && !t.glued && !t.bol && t.end-t.pos == 2:
		if after := p.at(k + 1); after.kind == 0 || after.bol || after.kind == tokPunct && (after.c == ',' || after.c == ';') {
			return k + 1, p.yearOf(t)
		}
	}
	return k, -1
}

// startsCableRef reports whether a cable reference begins at token j.
func (p *refParser) startsCableRef(j int) bool {
	k, yy := p.yearPrefix(j)
	_, _, _, ok := p.stationSerial(k, yy)
	return ok
}

// startsDatedRef reports whether a year and a station begin at token j,
// or a year, a word and a number, a station we do not know: "230, 07 BsAs
// 1892" does not continue with serial 07.
func (p *refParser) startsDatedRef(j int) bool {
	k, yy := p.yearPrefix(j)
	if yy < 0 {
		return false
	}
	if _, _, _, ok := p.stationSerial(k, yy); ok {
		return true
	}
	return k > j && p.at(k).kind == tokWord && p.at(k+1).kind == tokNum
}
