package cabletext

import (
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// parseDecl reads the declassification instruction of an E.O. line:
// "E.O. 12958: DECL: 12/31/2032", "EO 12958 DECL: 2020/02/23",
// "E.O. 12958: N/A", "E.o. 12958: decl: 6/3/08".
func parseDecl(eo string) cable.Decl {
	var d cable.Decl
	rest := eo
	if k := indexFold(eo, "DECL"); k >= 0 {
		rest = eo[k+4:]
	} else if k := strings.IndexAny(eo, ":"); k >= 0 {
		rest = eo[k+1:]
	} else {
		rest = ""
	}
	rest = strings.TrimLeft(rest, ": \t")
	d.Raw = trimSpace(rest)
	up := strings.ToUpper(d.Raw)
	if strings.HasPrefix(up, "N/A") || strings.HasPrefix(up, "NA ") || up == "NA" {
		d.NA = true
		return d
	}
	d.Date = parseDeclDate(d.Raw)
	return d
}

// parseDeclDate reads MM/DD/YYYY, M/D/YY, YYYY/MM/DD and MM-DD-YY at the
// start of s. Two-digit years are 20YY, as cablemap reads them.
func parseDeclDate(s string) time.Time {
	var parts [3]int
	var lens [3]int
	i := 0
	for k := 0; k < 3; k++ {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i || j-i > 4 {
			return time.Time{}
		}
		parts[k], lens[k] = atoi(s[i:j]), j-i
		if k < 2 {
			if j >= len(s) || (s[j] != '/' && s[j] != '-' && s[j] != '.') {
				return time.Time{}
			}
			j++
		}
		i = j
	}
	if i < len(s) && isDigit(s[i]) {
		return time.Time{}
	}
	var y, m, d int
	switch {
	case lens[0] == 4:
		y, m, d = parts[0], parts[1], parts[2]
	case lens[2] == 4:
		m, d, y = parts[0], parts[1], parts[2]
	case lens[2] == 2:
		m, d, y = parts[0], parts[1], 2000+parts[2]
	default:
		return time.Time{}
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}
	}
	return t
}
