package cabletext

import "strings"

// bodyMarker returns the offset of the first text in line that can only
// start a telegram body: a classification line (letter-spaced or not), the
// media release's date line, or one of the pasted-record preambles of
// FORMAT.md §6. It returns -1 when there is none.
func bodyMarker(line string) int {
	best := firstMarker(line)
	if best > 0 {
		best = backOverWideSpace(line, best)
	}
	if best > 0 { // (the wide spaces may have opened the line)
		switch c := line[best-1]; {
		case c == '"' || c == '.':
			best-- // a quoted record: "S E C R E T …
		case isDigit(c):
			// A record id glued to a PLAD ("VAIHINGEN GE167579C O N F…");
			// digits after a space are the address's MCN.
			j := best - 1
			for j > 0 && isDigit(line[j-1]) {
				j--
			}
			if j > 0 && isLetter(line[j-1]) && best-j >= 5 {
				best = j
			}
		}
	}
	if best >= 2 && line[best-1] == line[best] && endsAddress(line[:best-1]) {
		// The class word's first letter doubled and glued to the
		// address: "NSC WASHDCCC O N F…", "PRIORITYSS E C R E T",
		// "WASHINGTON DCUUNCLAS".
		best--
	}
	return best
}

// endsAddress reports whether s ends as an address line does: with a
// precedence or with Washington's DC.
func endsAddress(s string) bool {
	for _, end := range []string{"PRIORITY", "IMMEDIATE", "ROUTINE", "FLASH", "WASHDC", " DC"} {
		if strings.HasSuffix(s, end) {
			return true
		}
	}
	return false
}

// weekdayEndingAt finds "Friday, 23" whose "day, " starts at line[i], and
// returns where the weekday's name starts, or -1.
func weekdayEndingAt(line string, i int) int {
	if !strings.HasPrefix(line[i:], "day, ") || i+5 >= len(line) || !isDigit(line[i+5]) {
		return -1
	}
	for _, w := range weekdays {
		name := w[:len(w)-len("day, ")]
		if i >= len(name) && line[i-len(name):i] == name {
			return i - len(name)
		}
	}
	return -1
}

// extendSpacedStartAt returns where the letter-spaced word whose first
// single letter is at line[i] really starts.
func extendSpacedStartAt(line string, i int) int {
	j, spelled := i, make([]byte, 0, 16)
	for j < len(line) && isSingleLetter(line, j) {
		spelled = append(spelled, toUpper(line[j]))
		j += 2
	}
	return extendSpacedStart(line, i, string(spelled))
}

// backOverWideSpace moves k back over U+2028 separators that precede it.
func backOverWideSpace(line string, k int) int {
	for k >= 3 && wideSpaceSuffix(line[:k]) == 3 {
		k -= 3
	}
	return k
}

// spacedClassAt finds a letter-spaced classification word ("S E C R E T",
// "C o n f i d e n t i a l"), with the archive's defects: a doubled first
// letter (SS E C R E T), a first letter glued to the rest (CO N F I D…).
func spacedClassAt(line string) int {
	for i := 0; i < len(line); i++ {
		if !isSingleLetter(line, i) {
			continue
		}
		j, spelled := i, make([]byte, 0, 16)
		for j < len(line) && isSingleLetter(line, j) {
			spelled = append(spelled, toUpper(line[j]))
			j += 2
		}
		if len(spelled) < 4 || !isClassSpelling(string(spelled)) {
			i = j
			continue
		}
		return extendSpacedStart(line, i, string(spelled))
	}
	return -1
}

// isSingleLetter reports whether line[i] is a letter standing alone: not
// preceded by a letter, followed by a space or the end. White space that
// ends the line is its end, as it is once the writer has trimmed it off:
// "FIDEN T I A L\f" is letter-spaced as "FIDEN T I A L" is.
func isSingleLetter(line string, i int) bool {
	if !isLetter(line[i]) || (i > 0 && isLetter(line[i-1])) {
		return false
	}
	return i+1 == len(line) || line[i+1] == ' ' || trimSpace(line[i+1:]) == ""
}

func isClassSpelling(s string) bool {
	for _, w := range []string{"CCONFIDENTIAL", "SSECRET", "TOPSECRET", "UNCLASSIFIED"} {
		if strings.Contains(w, s) || strings.HasPrefix(s, w[1:]) {
			return true
		}
	}
	return false
}

// extendSpacedStart moves the start of a letter-spaced word back over the
// letters of it that the archive glued to the word before: "SE C R E T",
// "CO N F I D E N T I A L", and over a doubled first letter that stands
// alone: "SS E C R E T".
func extendSpacedStart(line string, i int, spelled string) int {
	var missing string
	for _, w := range []string{"SECRET", "CONFIDENTIAL", "UNCLASSIFIED"} {
		if k := strings.Index(w, spelled[:min(len(spelled), 4)]); k > 0 {
			missing = w[:k]
			break
		}
	}
	if missing == "" || i < 2 || line[i-1] == ' ' && false {
		return i
	}
	j := i
	if line[j-1] == ' ' {
		j--
	}
	k := j
	for n := len(missing); n > 0 && k > 0 && toUpper(line[k-1]) == missing[n-1]; n-- {
		k--
	}
	if k == j {
		return i
	}
	if k >= 1 && toUpper(line[k-1]) == toUpper(line[k]) && (k < 2 || !isLetter(line[k-2])) {
		k-- // doubled first letter: SS E C R E T
	}
	return k
}

// unclasAt finds UNCLAS (and the truncated NCLAS, doubled UUNCLAS).
func unclasAt(line string) int {
	k := strings.Index(line, "NCLAS")
	if k < 0 {
		return -1
	}
	if k > 0 && line[k-1] == 'U' {
		k--
	}
	return k
}

// plainClassAt finds SECRET or CONFIDENTIAL written plainly as a
// classification line: the word, then a station and serial
// ("SECRET SANAA 002250"), so that USDEL SECRETARY is not one.
func plainClassAt(line string) int {
	for _, w := range []string{"SECRET ", "CONFIDENTIAL "} {
		k := strings.Index(line, w)
		if k < 0 {
			continue
		}
		rest := trimRight(line[k+len(w):])
		if spacedClassAt(rest) >= 0 {
			continue // "US SECRET SERVICE WASHDC PRIORITYC O N F I D…"
		}
		n := len(rest)
		if n >= 3 && allDigits(rest[n-3:]) {
			return k
		}
	}
	return -1
}

var weekdays = []string{"Monday, ", "Tuesday, ", "Wednesday, ", "Thursday, ", "Friday, ", "Saturday, ", "Sunday, "}

// weekdayAt finds the first media release's date line
// "Friday, 23 February 2001, 15:53".
func weekdayAt(line string) int {
	for _, w := range weekdays {
		if k := strings.Index(line, w); k >= 0 && k+len(w) < len(line) && isDigit(line[k+len(w)]) {
			return k
		}
	}
	return -1
}

// recordIDAt finds the "id: 2745" and "ID: 190648" openings of pasted
// records.
func recordIDAt(line string) int {
	for _, m := range []string{"id: ", "ID: ", "ID:"} {
		if k := strings.Index(line, m); k >= 0 && k+len(m) < len(line) && isDigit(line[k+len(m)]) {
			return k
		}
	}
	return -1
}

// dateTimeAt finds the "2006-05-05 15:15:00" that opens a pasted record.
func dateTimeAt(line string) int {
	for i := 0; i+19 <= len(line); i++ {
		if !isDigit(line[i]) {
			continue
		}
		if isDateTime(line[i:]) {
			return backOverRecordID(line, i)
		}
	}
	return -1
}

// backOverRecordID moves a pasted record's start back over the record id
// and tab before its date ("0092" MCN, then "75837\t2006-08-23 08:46:00").
// Digits after a space are an MCN first: four of them stay in the header.
func backOverRecordID(line string, i int) int {
	if i == 0 || line[i-1] != '\t' {
		return i
	}
	j := i - 1
	for j > 0 && isDigit(line[j-1]) {
		j--
	}
	if j == i-1 {
		return i
	}
	if j > 0 && line[j-1] == ' ' {
		if i-1-j <= 4 {
			return i - 1
		}
		return j + 4
	}
	return j
}

// csvRecordAt finds the rows of the leaked cables.csv pasted before a body:
// "137583,1/16/2008 17:47,08BUENOSAIRES62,", "18:58,09STATE30927,",
// "09STATE49854,Secretary of State,".
func csvRecordAt(line string) int {
	for i := 0; i < len(line); i++ {
		if !isDigit(line[i]) || (i > 0 && isDigit(line[i-1]) && !isRecordStart(line, i)) {
			continue
		}
		if isRecordStart(line, i) {
			if i > 0 && line[i-1] == ' ' && recordMCN(line[i:]) {
				return i + 4 // "SAO PAULO 3624137583,1/16/2008…"
			}
			return i
		}
	}
	return -1
}

// isRecordStart reports whether a cables.csv row starts at line[i].
func isRecordStart(line string, i int) bool {
	s := line[i:]
	j := 0
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == 0 || j >= len(s) {
		return false
	}
	switch {
	case s[j] == ',' && j >= 5: // 137583,1/16/2008 17:47,
		return slashDateAt(s[j+1:]) > 0
	case s[j] == ':' && j <= 2: // 18:58,09STATE30927,
		return len(s) > j+4 && allDigits(s[j+1:j+3]) && s[j+3] == ',' && idCommaAt(s[j+4:])
	case j == 2: // 09STATE49854,Secretary of State,
		return idCommaAt(s)
	}
	return false
}

// slashDateAt returns the length of "1/16/2008 17:47" at the start of s, or 0.
func slashDateAt(s string) int {
	i, parts := 0, 0
	for parts < 3 {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i || (parts < 2 && (j >= len(s) || s[j] != '/')) {
			return 0
		}
		i, parts = j+1, parts+1
	}
	if i-1 >= len(s) || s[i-1] != ' ' || i >= len(s) || !isDigit(s[i]) {
		return 0
	}
	return i
}

// idCommaAt reports whether s starts with a cable id followed by a comma.
func idCommaAt(s string) bool {
	if len(s) < 5 || !isDigit(s[0]) || !isDigit(s[1]) {
		return false
	}
	j := 2
	for j < len(s) && isUpper(s[j]) {
		j++
	}
	k := j
	for k < len(s) && isDigit(s[k]) {
		k++
	}
	return j >= 5 && k > j && k < len(s) && s[k] == ','
}

// slashDateTimeAt finds "9/22/2008 14:07 CONFIDENTIAL", another preamble.
func slashDateTimeAt(line string) int {
	for i := 0; i < len(line); i++ {
		if isDigit(line[i]) && (i == 0 || !isDigit(line[i-1])) && slashDateAt(line[i:]) > 0 {
			return i
		}
	}
	return -1
}

// recordMCN reports whether the digits of a record id at the start of s
// are too long for one and so begin with a four-digit MCN.
func recordMCN(s string) bool {
	j := 0
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j > 6
}

// isDateTime reports whether s starts with "2006-05-05 15:15".
func isDateTime(s string) bool {
	return len(s) >= 14 && allDigits(s[:4]) && s[4] == '-' && allDigits(s[5:7]) && s[7] == '-' &&
		allDigits(s[8:10]) && s[10] == ' ' && allDigits(s[11:13]) && s[13] == ':'
}
