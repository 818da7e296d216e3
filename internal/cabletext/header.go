package cabletext

import (
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// parseHeader fills h from the transmission header text hdr. It reads the
// same lines that splitHeader walked, so every line is known to be header.
func parseHeader(hdr string, h *cable.Header) {
	// The TO and INFO blocks are read into room on the stack and copied
	// out once at their final length.
	var toBuf, infoBuf [16]cable.Address
	blocks := [2][]cable.Address{toBuf[:0], infoBuf[:0]}
	const toBlock, infoBlock = 0, 1
	cur := -1    // the block being read, -1 for none
	lastAt := -1 // the address an XMT line excludes from: blocks[lastIn][lastAt]
	lastIn := -1 // (-1 for none)
	add := func(s string) {
		blocks[cur], lastAt = addAddress(blocks[cur], s)
		lastIn = cur
	}
	excluded := func(s string) {
		if lastAt >= 0 {
			a := &blocks[lastIn][lastAt]
			a.Excluded = append(a.Excluded, s)
		}
	}
	for i := 0; i < len(hdr); {
		line, next := nextLine(hdr, i)
		i = next
		// Header lines may be indented (splitHeader takes them so too);
		// the canonical writer writes them back unindented.
		line = trimRight(line[indentLen(line):])
		switch {
		case line == "":
		case strings.HasPrefix(line, partialStub):
			h.Partial = true
		case strings.HasPrefix(line, "VZCZC") && h.TransmissionID == "":
			h.TransmissionID = line[:wordEnd(line, 0)]
		case isProsignLine(line) && h.Prosign == "":
			h.Prosign = line[:2]
			h.Routes = fields(line[3:])
		case cur < 0 && isRouteLine(line) && h.Prosign != "" && h.Station == "":
			h.Routes = append(h.Routes, fields(line)...)
		case strings.HasPrefix(line, "DE ") && strings.Contains(line, "#"):
			parseDE(line[3:], h)
		case (strings.HasPrefix(line, "ZNY ") || strings.HasPrefix(line, "ZNR ")) && h.Security == "":
			h.Security = line
		case cur < 0 && dtgPrefix(line) > 0 && h.DTG == "":
			parseFL5(line, h)
		case strings.HasPrefix(line, "FM "):
			h.From = parseAddress(line[3:])
			cur = -1
		case strings.HasPrefix(line, "TO "):
			cur = toBlock
			add(line[3:])
		case strings.HasPrefix(line, "INFO ") && !strings.Contains(line, " LOG-"):
			cur = infoBlock
			add(line[5:])
		case strings.HasPrefix(line, "XMT ") || strings.HasPrefix(line, "XMT/"):
			excluded(trimSpace(line[4:]))
		case cur >= 0 && !strings.HasPrefix(line, "PAGE "):
			if lastAt >= 0 && len(blocks[lastIn][lastAt].Excluded) > 0 && !strings.Contains(line, "/") {
				// XMT lists continue without the keyword.
				excluded(trimSpace(line))
				break
			}
			add(line)
		}
	}
	h.To, h.Info = cloneAddresses(blocks[toBlock]), cloneAddresses(blocks[infoBlock])
}

// cloneAddresses returns a copy of as, nil when as is empty.
func cloneAddresses(as []cable.Address) []cable.Address {
	if len(as) == 0 {
		return nil
	}
	return append([]cable.Address(nil), as...)
}

// addAddress appends the address in s to block, skipping the page-break
// artefact "PAGE 02 STATE 015113 182333Z", and returns the block and the
// index of its last address (-1 for none). An address opens with no
// address keyword ("TO TO 0" is the address "0"): the canonical writer
// puts the addresses after a block's first on lines of their own, where
// such a keyword would read as one.
func addAddress(block []cable.Address, s string) ([]cable.Address, int) {
	s = trimSpace(s)
	for {
		switch w := firstWord(s); w {
		case "TO", "INFO", "FM", "XMT":
			s = trimSpace(s[len(w):])
			continue
		}
		break
	}
	if s == "" || strings.HasPrefix(s, "PAGE ") {
		return block, len(block) - 1
	}
	// What follows an address's precedence and MCN is no part of it:
	// where the header is found by its lines (splitHeader) it is the
	// body's start, and the canonical writer's address line must read
	// back as this address. "IMMEDIATE A" is IMMEDIATE to no PLAD.
	if n := addressPrefix(s, 0, 0); n > 0 && n < len(s) {
		s = trimRight(s[:n])
	}
	block = append(block, parseAddress(s))
	return block, len(block) - 1
}

// parseDE reads FL3 after "DE ": "RUEHC #9388 3260011", "RUEHMD #4314/01 3571155".
// Its words are split by any white space, as the writer's spaces and the
// line's trimmed end split them: "#\v" is no serial "\v".
func parseDE(s string, h *cable.Header) {
	var buf [8]string
	for k, f := range appendFields(buf[:0], s) {
		switch {
		case k == 0:
			h.Station = f
		case strings.HasPrefix(f, "#"):
			serial := f[1:]
			if j := strings.IndexByte(serial, '/'); j >= 0 {
				h.Section = serial[j+1:]
				serial = serial[:j]
			}
			h.StationSerial = serial
		case allDigits(f) && len(f) == 7:
			h.FilingTime = f
		}
	}
}

// parseFL5 reads "O 220000Z NOV 07" or "O R 220000Z NOV 07".
func parseFL5(line string, h *cable.Header) {
	i := 0
	for k := 0; k < 2 && i+1 < len(line) && line[i+1] == ' ' && strings.IndexByte("ZOPRY", line[i]) >= 0; k++ {
		p := precedenceOf(line[i : i+1])
		if k == 0 {
			h.Precedence = p
		} else {
			h.InfoPrecedence = p
		}
		i += 2
	}
	h.DTG = line[i : i+dtgLen(line[i:])]
	h.Time = parseDTG(h.DTG)
}

var months = map[string]time.Month{
	"JAN": time.January, "FEB": time.February, "MAR": time.March, "APR": time.April,
	"MAY": time.May, "JUN": time.June, "JUL": time.July, "AUG": time.August,
	"SEP": time.September, "OCT": time.October, "NOV": time.November, "DEC": time.December,
}

// parseDTG reads a date-time group "DDHHMMZ MON YY" as a UTC instant, or
// returns the zero time.
func parseDTG(s string) time.Time {
	if dtgLen(s) != 14 {
		return time.Time{}
	}
	m, ok := months[strings.ToUpper(s[8:11])]
	if !ok {
		return time.Time{}
	}
	day, hh, mm := atoi2(s[0:2]), atoi2(s[2:4]), atoi2(s[4:6])
	if day < 1 || day > 31 || hh > 23 || mm > 59 {
		return time.Time{}
	}
	year := cable.FullYear(atoi2(s[12:14]))
	t := time.Date(year, m, day, hh, mm, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{} // 31 FEB
	}
	return t
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// precedenceOf returns the precedence a prosign letter or precedence word
// stands for (the corpus's typo PIORITY is PRIORITY), as
// cable.ParsePrecedence reads it, or PrecedenceNone; the words the reader
// finds are looked up without ParsePrecedence's allocations.
func precedenceOf(w string) cable.Precedence {
	switch w {
	case "ROUTINE", "R":
		return cable.Routine
	case "PRIORITY", "PIORITY", "P":
		return cable.Priority
	case "IMMEDIATE", "O":
		return cable.Immediate
	case "NIACT IMMEDIATE":
		return cable.NiactImmediate
	case "FLASH", "Z":
		return cable.Flash
	}
	p, _ := cable.ParsePrecedence(strings.Replace(w, "PIORITY", "PRIORITY", 1))
	return p
}

// parseAddress reads "[RI/]PLAD [precedence] [MCN]".
func parseAddress(s string) cable.Address {
	var a cable.Address
	s = trimSpace(s)
	if k := strings.IndexByte(s, '/'); k >= 3 && k <= 8 && allUpper(s[:k]) {
		a.RI, s = s[:k], s[k+1:]
	}
	// MCN: trailing digits, or a range 7881-7884.
	if f := lastField(s); f != "" && isMCN(f) && len(f) < len(s) {
		a.MCN, s = f, trimRight(s[:len(s)-len(f)])
	}
	if p, n := findPrecedence(s); p >= 0 && trimSpace(s[p+n:]) == "" {
		a.Precedence = precedenceOf(s[p : p+n])
		s = trimRight(s[:p])
	}
	a.PLAD = s
	return a
}

func lastField(s string) string {
	i := strings.LastIndexByte(s, ' ')
	return s[i+1:]
}

// isMCN reports whether f is a message continuity number: digits, or two
// digit runs joined by '-'.
func isMCN(f string) bool {
	if a, b, ok := strings.Cut(f, "-"); ok {
		return allDigits(a) && allDigits(b)
	}
	return allDigits(f) && len(f) >= 3
}
