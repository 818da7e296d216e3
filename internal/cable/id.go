package cable

import (
	"fmt"
	"strconv"
)

// ID is a cable reference id taken apart: 07STATE159388 is year 2007,
// station STATE, serial 159388.
type ID struct {
	Year    int    // four-digit year
	Station string // station name without spaces: STATE, BUENOSAIRES
	Serial  int    // the post's yearly telegram number
}

// String returns the canonical id: two-digit year, station, serial without
// leading zeros.
func (id ID) String() string {
	return fmt.Sprintf("%02d%s%d", id.Year%100, id.Station, id.Serial)
}

// ParseID reads a reference id of the shape YYSTATION123. Two-digit years
// from 66 to 99 are 19YY, the rest 20YY (the corpus spans 1966–2010).
func ParseID(s string) (ID, error) {
	if len(s) < 4 || !isDigit(s[0]) || !isDigit(s[1]) {
		return ID{}, fmt.Errorf("cable id %q: want two-digit year, station and serial", s)
	}
	i := 2
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		i++
	}
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if i == 2 || j == i || j != len(s) || j-i > 7 {
		return ID{}, fmt.Errorf("cable id %q: want two-digit year, station and serial", s)
	}
	serial, _ := strconv.Atoi(s[i:j])
	yy := int(s[0]-'0')*10 + int(s[1]-'0')
	return ID{Year: FullYear(yy), Station: s[2:i], Serial: serial}, nil
}

// FullYear turns a two-digit year into a four-digit one: 66–99 are 19YY,
// 00–65 are 20YY.
func FullYear(yy int) int {
	if yy >= 66 {
		return 1900 + yy
	}
	return 2000 + yy
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
